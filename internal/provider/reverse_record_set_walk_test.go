package provider

// A set of more than listLimit addresses, without exclusive_ranges, is
// read by one walk of all pages rather than by filtered list requests.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// TestAccReverseRecordSet_fullWalkOfManyAddresses: 1100 records, seeded
// into the fake and imported by a list of their addresses (no write), are
// refreshed with a walk of the list's two pages: an empty plan for at most
// 4 requests, none filtered by address, none by id. The walk sees drift
// like the filtered reads do: a record deleted outside Terraform is
// created again, one renamed outside is renamed back, with one request
// each (the plan adds one filtered look-up of the address to re-create). It runs under the specification's paging and against a server
// that never sends _links.next; the set is forgotten at the end rather
// than destroyed (1100 DELETEs would cost more than the rest).
func TestAccReverseRecordSet_fullWalkOfManyAddresses(t *testing.T) {
	const size, others = 1100, 3
	if size <= listLimit {
		t.Fatalf("a set of %d is read by filtered requests; the walk needs more than %d", size, listLimit)
	}
	for _, mode := range []dnsapitest.NextLinks{dnsapitest.NextAsSpecified, dnsapitest.NextNever} {
		t.Run("next="+mode.String(), func(t *testing.T) {
			t.Parallel()
			srv := dnsapitest.NewServer(t, dnsapitest.Options{Paging: dnsapitest.Paging{Next: mode}})
			seeded := srv.Seed(size)
			for i := 1; i <= others; i++ {
				srv.Put(dnsapi.ReverseRecord{IP: fmt.Sprintf("203.0.113.%d", i), Name: "other.example.com"})
			}
			recs := map[string]setRec{}
			ips := make([]string, len(seeded))
			for i, r := range seeded {
				recs[r.Properties.IP] = setRec{name: r.Properties.Name}
				ips[i] = r.Properties.IP
			}
			config := setConfig(srv, recs) + fmt.Sprintf(`
import {
  to = %s
  id = %q
}
`, setAddr, strings.Join(ips, ","))
			gone, renamed := seeded[17], seeded[1050]

			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionNoop)},
							// The plan after the apply refreshes: that is
							// the read to count.
							PostApplyPreRefresh: []plancheck.PlanCheck{planCheckFunc(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
								srv.ResetRequests()
							})},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), expectOneWalk(srv, 4, 0)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							noWrites(srv, size+others),
							checkSetMatchesFakeAmong(srv, setAddr, recs, others),
						},
					},
					{
						PreConfig: func() {
							srv.Delete(gone.ID)
							srv.Update(renamed.ID, func(r *dnsapi.ReverseRecord) { r.Name = "renamed.example.com" })
							srv.ResetRequests()
						},
						Config: setConfig(srv, recs),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionUpdate),
								expectOneWalk(srv, 4, 1),
							},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							checkSetMatchesFakeAmong(srv, setAddr, recs, others),
							stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
								w := writesOf(srv)
								if len(w[http.MethodPut]) != 2 || len(w[http.MethodDelete]) != 0 {
									resp.Error = fmt.Errorf("the repair sent %v; want 2 PUTs (%s created again, %s renamed back)",
										w, gone.Properties.IP, renamed.Properties.IP)
								}
							}),
						},
					},
					{
						Config: testProviderConfig(srv) + `
removed {
  from = ionosdns_reverse_record_set.test
  lifecycle {
    destroy = false
  }
}
`,
						ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, size+others)},
					},
				},
			})
		})
	}
}

// expectOneWalk checks the requests logged since the last reset: list
// requests only, 1 to n of them without an address filter (a walk of all
// pages), and at most filtered with one (ModifyPlan's look-up of addresses
// new to the state, for its takeover warning).
func expectOneWalk(srv *dnsapitest.Server, n, filtered int) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		walk, lookups := 0, 0
		for _, r := range srv.Requests() {
			switch {
			case r.Method != http.MethodGet || r.Path != "/reverserecords":
				resp.Error = fmt.Errorf("the plan sent %s %s; want only list requests", r.Method, r.Path)
				return
			case strings.Contains(r.RawQuery, "filter.recordIp"):
				lookups++
			default:
				walk++
			}
		}
		if walk == 0 || walk > n || lookups > filtered {
			resp.Error = fmt.Errorf("the plan sent %d unfiltered and %d filtered list requests, want 1 to %d and at most %d",
				walk, lookups, n, filtered)
		}
	})
}
