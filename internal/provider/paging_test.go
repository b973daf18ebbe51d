package provider

// Every listing of the provider against servers that page other than the
// specification says (issue 15 §2): _links.next never sent, sent past the
// end, and a server that rejects query parameters it does not know (the
// default fake ignores them, as the real API does; rejecting proves the
// provider sends none). Results must be exact and requests bounded by the
// records, whatever next says.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// pagingRecords is how many records the paging tests list: three pages,
// the last one short.
const pagingRecords = 2_503

var pagingModes = []struct {
	name   string
	paging dnsapitest.Paging
}{
	{"next never sent", dnsapitest.Paging{Next: dnsapitest.NextNever}},
	{"next always sent", dnsapitest.Paging{Next: dnsapitest.NextAlways}},
	{"unknown parameters rejected", dnsapitest.Paging{RejectUnknownParams: true}},
}

// pagingFake is a fake paging as p says, holding pagingRecords records;
// it returns them too.
func pagingFake(t *testing.T, p dnsapitest.Paging) (*dnsapitest.Server, []dnsapi.ReverseRecordRead) {
	t.Helper()
	srv := dnsapitest.NewServer(t, dnsapitest.Options{Paging: p})
	seeded := srv.Seed(pagingRecords)
	srv.ResetRequests()
	return srv, seeded
}

// listQueries returns the queries of srv's list requests.
func listQueries(srv *dnsapitest.Server) ([]url.Values, error) {
	var out []url.Values
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet || r.Path != "/reverserecords" {
			continue
		}
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// wholeWalks checks that srv's unfiltered list requests are whole walks
// over the pagingRecords records: each asks for limit=1000 at offsets 0,
// 1000 and 2000, and stops at that short page. It returns the walks.
func wholeWalks(srv *dnsapitest.Server) (int, error) {
	queries, err := listQueries(srv)
	if err != nil {
		return 0, err
	}
	walks, pages := 0, 0
	for _, q := range queries {
		if q.Has("filter.recordIp") {
			continue
		}
		if q.Get("limit") != "1000" {
			return 0, fmt.Errorf("a page was requested with %q, not limit=1000", q.Encode())
		}
		switch q.Get("offset") {
		case "":
			walks++
		case "1000", "2000":
		default:
			return 0, fmt.Errorf("a page past the short one was requested: %q", q.Encode())
		}
		pages++
	}
	if walks == 0 || pages != 3*walks {
		return 0, fmt.Errorf("%d pages in %d walks; want 3 pages a walk", pages, walks)
	}
	return walks, nil
}

// everyRecordOnce checks that the list attribute attr of the data source
// addr holds each of the fake's records exactly once.
func everyRecordOnce(srv *dnsapitest.Server, addr, attr string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		resp.Error = func() error {
			if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
				return fmt.Errorf("no state")
			}
			for _, r := range req.State.Values.RootModule.Resources {
				if r.Address != addr {
					continue
				}
				listed, _ := r.AttributeValues[attr].([]any)
				var got []string
				for _, item := range listed {
					m, _ := item.(map[string]any)
					id, _ := m["id"].(string)
					got = append(got, id)
				}
				var want []string
				for _, rec := range srv.Records() {
					want = append(want, rec.ID)
				}
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					return fmt.Errorf("%s.%s lists %d records, %d distinct; the fake holds %d, and not the same",
						addr, attr, len(got), len(slices.Compact(slices.Clone(got))), len(want))
				}
				return nil
			}
			return fmt.Errorf("%s is not in the state", addr)
		}()
	})
}

func walksAreWhole(srv *dnsapitest.Server) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		_, resp.Error = wholeWalks(srv)
	})
}

// Both data sources: the plural lists every record once, the singular
// finds by name a record on the third page.
func TestAccPaging_dataSources(t *testing.T) {
	for _, mode := range pagingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv, seeded := pagingFake(t, mode.paging)
			target := seeded[2_100]
			config := testProviderConfig(srv) + fmt.Sprintf(`
data "ionosdns_reverse_records" "all" {}

data "ionosdns_reverse_record" "third_page" {
  name = %q
}
`, target.Properties.Name)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.ionosdns_reverse_records.all", tfjsonpath.New("reverse_records"),
							knownvalue.ListSizeExact(pagingRecords)),
						everyRecordOnce(srv, "data.ionosdns_reverse_records.all", "reverse_records"),
						statecheck.ExpectKnownValue("data.ionosdns_reverse_record.third_page", tfjsonpath.New("id"),
							knownvalue.StringExact(target.ID)),
						statecheck.ExpectKnownValue("data.ionosdns_reverse_record.third_page", tfjsonpath.New("ip"),
							knownvalue.StringExact(target.Properties.IP)),
						walksAreWhole(srv),
					},
				}},
			})
		})
	}
}

// The list resource, through the plugin protocol as `terraform query`
// calls it.
func TestPaging_listResource(t *testing.T) {
	for _, mode := range pagingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv, seeded := pagingFake(t, mode.paging)
			h := newListHarness(t, srv)
			srv.ResetRequests()
			ids := h.listedIDs(h.list(h.config(nil), false, 10_000))
			want := make([]string, len(seeded))
			for i, r := range seeded {
				want[i] = r.ID
			}
			slices.Sort(ids)
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Fatalf("listed %d records (%d distinct), want each of the %d once", len(ids), len(slices.Compact(slices.Clone(ids))), len(want))
			}
			if walks, err := wholeWalks(srv); err != nil || walks != 1 {
				t.Fatalf("%d walks, %v; want one walk of 3 pages", walks, err)
			}
		})
	}
}

// Import by IP, with an import block: one filtered request finds a
// record on the third page of the list.
func TestAccPaging_importByIP(t *testing.T) {
	for _, mode := range pagingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv, seeded := pagingFake(t, mode.paging)
			target := seeded[2_100]
			config := testProviderConfig(srv) + fmt.Sprintf(`
import {
  to = ionosdns_reverse_record.third_page
  id = %[1]q
}

resource "ionosdns_reverse_record" "third_page" {
  ip   = %[1]q
  name = %[2]q
}
`, target.Properties.IP, target.Properties.Name)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{expectImports{n: 1}},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("ionosdns_reverse_record.third_page", tfjsonpath.New("id"), knownvalue.StringExact(target.ID)),
						noWrites(srv, pagingRecords),
						stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
							queries, err := listQueries(srv)
							for _, q := range queries {
								if len(q["filter.recordIp"]) != 1 || q.Get("limit") != "1000" || q.Has("offset") {
									err = fmt.Errorf("list request %q; want one filtered page with limit=1000", q.Encode())
								}
							}
							resp.Error = err
						}),
					},
				}},
			})
		})
	}
}
