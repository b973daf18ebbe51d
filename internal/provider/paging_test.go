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
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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

// managedConfig manages recs with one for_each resource, importing them
// by IP.
func managedConfig(srv *dnsapitest.Server, recs []dnsapi.ReverseRecordRead) string {
	var b strings.Builder
	b.WriteString(testProviderConfig(srv))
	b.WriteString("locals {\n  records = {\n")
	for _, r := range recs {
		fmt.Fprintf(&b, "    %q = %q\n", r.Properties.IP, r.Properties.Name)
	}
	b.WriteString(`  }
}

import {
  for_each = local.records
  to       = ionosdns_reverse_record.managed[each.key]
  id       = each.key
}

resource "ionosdns_reverse_record" "managed" {
  for_each = local.records
  ip       = each.key
  name     = each.value
}
`)
	return b.String()
}

// requestBudget checks that srv received at most n requests (since its
// log was last reset), and no GET by id.
func requestBudget(srv *dnsapitest.Server, n int) error {
	reqs := srv.Requests()
	gets := 0
	for _, r := range reqs {
		if r.Path != "/reverserecords" {
			gets++
		}
	}
	if len(reqs) > n || gets > 0 {
		return fmt.Errorf("the refresh cost %d requests (%d of them GET by id); want at most %d and no GET by id", len(reqs), gets, n)
	}
	return nil
}

// requestsAtMost is requestBudget as a plan check.
func requestsAtMost(srv *dnsapitest.Server, n int) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		resp.Error = requestBudget(srv, n)
	})
}

// A no-change plan of 1100 managed records (two pages of the list) is a
// handful of requests: the read-ahead reads both pages, and stops at the
// short one, however the server sets next. Through the CLI this takes
// about three minutes on a loaded 2-core machine, Terraform's own cost
// for 1100 resources, so it runs against the server that broke the old
// walker (next never sent: 102 requests, 100 of them GET by id);
// TestPaging_refreshOfManyRecords covers every mode through the plugin
// protocol. The records are imported, not created, and forgotten at the
// end rather than destroyed, which is faster.
func TestAccPaging_noChangePlanOfManyRecords(t *testing.T) {
	const managed = 1_100
	srv := dnsapitest.NewServer(t, dnsapitest.Options{Paging: dnsapitest.Paging{Next: dnsapitest.NextNever}})
	recs := srv.Seed(managed)
	config := managedConfig(srv, recs)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectImports{n: managed}},
					// After the apply, Terraform plans without refreshing
					// (no request), then with: that second plan is the
					// no-change plan of 1100 records to count.
					PostApplyPreRefresh: []plancheck.PlanCheck{planCheckFunc(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
						srv.ResetRequests()
					})},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), requestsAtMost(srv, 10)},
				},
				ConfigStateChecks: []statecheck.StateCheck{noWrites(srv, managed)},
			},
			{
				// Forget the records: destroying 1100 would cost more
				// than the rest of the test.
				Config: testProviderConfig(srv) + `
removed {
  from = ionosdns_reverse_record.managed
  lifecycle {
    destroy = false
  }
}
`,
				ConfigStateChecks: []statecheck.StateCheck{noWrites(srv, managed)},
			},
		},
	})
}

// stateValue is a resource state with id, ip and name set, the rest null,
// as a state written by an earlier version may be.
func (h *protocolHarness) stateValue(id, ip, name string) *tfprotov6.DynamicValue {
	obj := h.resourceType.(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for attr, typ := range obj.AttributeTypes {
		attrs[attr] = tftypes.NewValue(typ, nil)
	}
	attrs["id"] = tftypes.NewValue(tftypes.String, id)
	attrs["ip"] = tftypes.NewValue(tftypes.String, ip)
	attrs["name"] = tftypes.NewValue(tftypes.String, name)
	return h.dynamic(h.resourceType, tftypes.NewValue(h.resourceType, attrs))
}

// The refresh of 1100 managed records, through the plugin protocol as
// Terraform calls it (ReadResource, ten at a time): a handful of
// requests, no GET by id, under every paging mode.
func TestPaging_refreshOfManyRecords(t *testing.T) {
	const managed, parallelism = 1_100, 10
	for _, mode := range pagingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv := dnsapitest.NewServer(t, dnsapitest.Options{Paging: mode.paging})
			recs := srv.Seed(managed)
			h := newProtocolHarness(t, srv)
			srv.ResetRequests()

			work := make(chan dnsapi.ReverseRecordRead)
			errs := make(chan error, managed)
			var wg sync.WaitGroup
			for range parallelism {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for rec := range work {
						errs <- h.refresh(rec)
					}
				}()
			}
			for _, rec := range recs {
				work <- rec
			}
			close(work)
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := requestBudget(srv, 10); err != nil {
				t.Fatal(err)
			}
			t.Logf("%d reads, %d requests", managed, len(srv.Requests()))
		})
	}
}

// refresh reads rec through ReadResource from a state holding it, and
// checks the answer.
func (h *protocolHarness) refresh(rec dnsapi.ReverseRecordRead) error {
	read, err := h.server.ReadResource(h.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: recordType, CurrentState: h.stateValue(rec.ID, rec.Properties.IP, rec.Properties.Name),
	})
	if err != nil || diagsHaveError(read.Diagnostics) {
		return fmt.Errorf("ReadResource of %s: %v %v", rec.ID, err, read.Diagnostics)
	}
	if got := h.attrs(h.resourceType, read.NewState); got["id"] != rec.ID || got["name"] != rec.Properties.Name {
		return fmt.Errorf("read %s as %v", rec.ID, got)
	}
	return nil
}
