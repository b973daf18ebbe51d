package provider

// Tests of a reverse record changed outside Terraform: another notation of
// the same address or name is no drift, while a record deleted or edited
// behind Terraform's back is planned for creation or an update, and repaired.

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

func TestAccReverseRecord_equivalentNotationsGiveNoDiff(t *testing.T) {
	srv := newTestFake(t)
	var driftedID string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{
				Config:           recordConfig(srv, "2001:DB8:0:0::10", "Host.Example.COM.", ""),
				ConfigPlanChecks: expectEmptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					// The state keeps the configuration's notation...
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("ip"), knownvalue.StringExact("2001:DB8:0:0::10")),
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("name"), knownvalue.StringExact("Host.Example.COM.")),
				},
				// ...while the API holds its canonical form.
				Check: fakeHolds(srv, map[string]string{"2001:db8::10": "Host.Example.COM."}),
			},
			{
				// Importing by IP in the configuration's notation round-trips.
				ResourceName:    testRecordAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "2001:DB8:0:0::10",
			},
			{
				// The API changing the name's case and dropping the dot is
				// no drift either: the refresh reads the changed record,
				// and the plan is empty.
				PreConfig: func() {
					rec, ok := srv.RecordByIP("2001:db8::10")
					if !ok || !srv.Update(rec.ID, func(r *dnsapi.ReverseRecord) { r.Name = "host.example.com" }) {
						t.Fatalf("no record for 2001:db8::10 to change behind Terraform's back: %+v", srv.Records())
					}
					driftedID = rec.ID
					srv.ResetRequests()
				},
				Config:   recordConfig(srv, "2001:DB8:0:0::10", "Host.Example.COM.", ""),
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
						planCheckFunc(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
							resp.Error = expectRefreshSawRename(srv, driftedID, "host.example.com", req.Plan)
						}),
					},
				},
			},
		},
	})
}

// expectRefreshSawRename fails unless the fake still holds record id
// under name (the plan wrote nothing) and the plan's refresh read the
// record from the API after it was renamed (requests were reset then):
// an empty plan proves nothing if it never looked.
func expectRefreshSawRename(srv *dnsapitest.Server, id, name string, plan *tfjson.Plan) error {
	rec, ok := srv.Record(id)
	if !ok || rec.Properties.Name != name {
		return fmt.Errorf("the fake holds %+v (found %v), want the record renamed to %q", rec, ok, name)
	}
	reads := 0
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			return fmt.Errorf("the plan sent %s %s", r.Method, r.Path)
		}
		if r.Status == http.StatusOK && (r.Path == "/reverserecords/"+id || r.Path == "/reverserecords") {
			reads++
		}
	}
	if reads == 0 {
		return fmt.Errorf("the plan's refresh did not read the renamed record from the API (requests: %+v)", srv.Requests())
	}
	if plan.PriorState == nil || plan.PriorState.Values == nil || len(plan.PriorState.Values.RootModule.Resources) != 1 {
		return fmt.Errorf("the plan has no refreshed state of the record")
	}
	if got := plan.PriorState.Values.RootModule.Resources[0].AttributeValues["id"]; got != id {
		return fmt.Errorf("the refreshed state holds record %v, want %s", got, id)
	}
	return nil
}

func TestAccReverseRecord_driftIsRepaired(t *testing.T) {
	srv := newTestFake(t)
	config := recordConfig(srv, "198.51.100.20", "mail.example.com", "mx")
	holdsIt := fakeHolds(srv, map[string]string{"198.51.100.20": "mail.example.com"})

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{Config: config, Check: holdsIt},
			{
				// Deleted behind Terraform's back: planned for creation.
				PreConfig: func() {
					for _, r := range srv.Records() {
						srv.Delete(r.ID)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testRecordAddr, plancheck.ResourceActionCreate)},
				},
				Check: holdsIt,
			},
			{
				// Edited behind Terraform's back: planned as an in-place update.
				PreConfig: func() {
					for _, r := range srv.Records() {
						srv.Update(r.ID, func(p *dnsapi.ReverseRecord) {
							p.Name = "hijacked.example.net"
							p.Description = ""
						})
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testRecordAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(holdsIt, checkFake(srv, func(records []dnsapi.ReverseRecordRead) error {
					if records[0].Properties.Description != "mx" {
						return fmt.Errorf("description not restored: %q", records[0].Properties.Description)
					}
					return nil
				})),
			},
		},
	})
}
