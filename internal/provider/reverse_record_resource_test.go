package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

const testRecordAddr = "ionosdns_reverse_record.test"

// recordConfig renders the provider block and one ionosdns_reverse_record
// named "test"; description is left out when empty.
func recordConfig(srv *dnsapitest.Server, ip, name, description string) string {
	desc := ""
	if description != "" {
		desc = fmt.Sprintf("\n  description = %q", description)
	}
	return testProviderConfig(srv) + fmt.Sprintf(`
resource "ionosdns_reverse_record" "test" {
  ip   = %q
  name = %q%s
}
`, ip, name, desc)
}

// checkFake is a step check on the fake's own records, so each step proves
// what the API holds, not just what Terraform believes.
func checkFake(srv *dnsapitest.Server, check func(records []dnsapi.ReverseRecordRead) error) resource.TestCheckFunc {
	return func(*terraform.State) error { return check(srv.Records()) }
}

// fakeHolds checks that the fake holds exactly the given ip → name pairs.
func fakeHolds(srv *dnsapitest.Server, want map[string]string) resource.TestCheckFunc {
	return checkFake(srv, func(records []dnsapi.ReverseRecordRead) error {
		if len(records) != len(want) {
			return fmt.Errorf("the fake holds %d records, want %d: %+v", len(records), len(want), records)
		}
		for _, r := range records {
			if name, ok := want[r.Properties.IP]; !ok || name != r.Properties.Name {
				return fmt.Errorf("the fake holds %s → %q; want %v", r.Properties.IP, r.Properties.Name, want)
			}
		}
		return nil
	})
}

// fakeIsEmpty is a CheckDestroy: destroy must leave nothing behind.
func fakeIsEmpty(srv *dnsapitest.Server) resource.TestCheckFunc {
	return checkFake(srv, func(records []dnsapi.ReverseRecordRead) error {
		if len(records) != 0 {
			return fmt.Errorf("after destroy the fake still holds %d records: %+v", len(records), records)
		}
		return nil
	})
}

var expectEmptyPlanAfterApply = resource.ConfigPlanChecks{
	PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
}

func TestAccReverseRecord_lifecycle(t *testing.T) {
	srv := newTestFake(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{
				Config: recordConfig(srv, "203.0.113.7", "web-1.example.com", "web tier"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testRecordAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("ip"), knownvalue.StringExact("203.0.113.7")),
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("name"), knownvalue.StringExact("web-1.example.com")),
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("description"), knownvalue.StringExact("web tier")),
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("created_date"),
						knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("last_modified_date"), knownvalue.NotNull()),
				},
				ConfigPlanChecks: expectEmptyPlanAfterApply,
				Check: resource.ComposeAggregateTestCheckFunc(
					fakeHolds(srv, map[string]string{"203.0.113.7": "web-1.example.com"}),
					checkFake(srv, func(records []dnsapi.ReverseRecordRead) error {
						if records[0].Properties.Description != "web tier" {
							return fmt.Errorf("description on the fake = %q", records[0].Properties.Description)
						}
						return nil
					}),
				),
			},
			{
				// Renaming updates in place: same id.
				Config: recordConfig(srv, "203.0.113.7", "web-2.example.com", "web tier"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testRecordAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testRecordAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("name"), knownvalue.StringExact("web-2.example.com")),
				},
				Check: fakeHolds(srv, map[string]string{"203.0.113.7": "web-2.example.com"}),
			},
			{
				// Removing the description converges: null in state, gone on the API.
				Config:           recordConfig(srv, "203.0.113.7", "web-2.example.com", ""),
				ConfigPlanChecks: expectEmptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testRecordAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("description"), knownvalue.Null()),
				},
				Check: checkFake(srv, func(records []dnsapi.ReverseRecordRead) error {
					if len(records) != 1 || records[0].Properties.Description != "" {
						return fmt.Errorf("the description is still on the fake: %+v", records)
					}
					return nil
				}),
			},
			{
				// Moving to another IP updates in place; the old IP is freed.
				Config: recordConfig(srv, "203.0.113.8", "web-2.example.com", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testRecordAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testRecordAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("ip"), knownvalue.StringExact("203.0.113.8")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					fakeHolds(srv, map[string]string{"203.0.113.8": "web-2.example.com"}),
					checkFake(srv, func([]dnsapi.ReverseRecordRead) error {
						if _, held := srv.RecordByIP("203.0.113.7"); held {
							return fmt.Errorf("the old IP 203.0.113.7 still has a record")
						}
						return nil
					}),
				),
			},
			{
				ResourceName:      testRecordAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:      testRecordAddr,
				ImportState:       true,
				ImportStateId:     "203.0.113.8",
				ImportStateVerify: true,
			},
			{
				ResourceName:    testRecordAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "203.0.113.8",
			},
			{
				// An import block with the record's id.
				ResourceName:    testRecordAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

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

func TestAccReverseRecord_conflictExplainsHowToImport(t *testing.T) {
	srv := newTestFake(t)
	existing := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.50", Name: "taken.example.com"})

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: recordConfig(srv, "203.0.113.50", "mine.example.com", ""),
				ExpectError: regexp.MustCompile(`(?s)already has a reverse record.*409 Conflict.*` +
					regexp.QuoteMeta(existing.ID) + `.*terraform import 'ionosdns_reverse_record.NAME' ` + regexp.QuoteMeta(existing.ID) +
					`.*import \{`),
			},
			{
				// An address outside the contract is refused with the reason.
				Config:      recordConfig(srv, "192.168.1.1", "mine.example.com", ""),
				ExpectError: regexp.MustCompile(`(?s)192\.168\.1\.1 is not available.*contract owns`),
			},
		},
		CheckDestroy: checkFake(srv, func(records []dnsapi.ReverseRecordRead) error {
			if len(records) != 1 || records[0].ID != existing.ID || records[0].Properties.Name != "taken.example.com" {
				return fmt.Errorf("the existing record was touched: %+v", records)
			}
			return nil
		}),
	})
}

func TestAccReverseRecord_invalidInputNeverReachesTheAPI(t *testing.T) {
	srv := newTestFake(t)
	for _, tt := range []struct {
		name, ip, hostname, want string
	}{
		{"CIDR", "203.0.113.7/24", "a.example.com", `(?s)Invalid IP Address.*ip\s+= "203\.0\.113\.7/24"`},
		{"bad octet", "300.1.1.1", "a.example.com", `(?s)Invalid IP Address`},
		{"space in name", "203.0.113.7", "a b.example.com", `(?s)Invalid Hostname.*name = "a b\.example\.com"`},
		{"empty label", "203.0.113.7", "a..b", `(?s)Invalid Hostname`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      recordConfig(srv, tt.ip, tt.hostname, ""),
					ExpectError: regexp.MustCompile(tt.want),
				}},
			})
		})
	}
	if n := srv.WriteRequests(); n != 0 {
		t.Fatalf("invalid input sent %d write requests to the API", n)
	}
	if len(srv.Records()) != 0 {
		t.Fatalf("invalid input created records: %+v", srv.Records())
	}
}

func TestAccReverseRecord_importErrors(t *testing.T) {
	srv := newTestFake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:        recordConfig(srv, "203.0.113.9", "a.example.com", ""),
				ResourceName:  testRecordAddr,
				ImportState:   true,
				ImportStateId: "203.0.113.9",
				ExpectError:   regexp.MustCompile(`No reverse record for 203\.0\.113\.9`),
			},
			{
				Config:        recordConfig(srv, "203.0.113.9", "a.example.com", ""),
				ResourceName:  testRecordAddr,
				ImportState:   true,
				ImportStateId: "not-an-id",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*UUID.*"not-an-id"`),
			},
		},
	})
}

func TestAccReverseRecord_deleteWhoseAnswerWasLost(t *testing.T) {
	srv := newTestFake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{Config: recordConfig(srv, "203.0.113.30", "gone.example.com", "")},
			{
				// The API deletes the record but its answer is lost; the
				// retried DELETE meets 404, which counts as done.
				PreConfig: func() { srv.DropNext(1, dnsapitest.DropWith502) },
				Config:    recordConfig(srv, "203.0.113.30", "gone.example.com", ""),
				Destroy:   true,
			},
		},
	})
	var statuses []int
	for _, r := range srv.Requests() {
		if r.Method == http.MethodDelete {
			statuses = append(statuses, r.Status)
		}
	}
	if len(statuses) != 2 || statuses[0] != http.StatusBadGateway || statuses[1] != http.StatusNotFound {
		t.Fatalf("DELETE statuses = %v, want [502 404]", statuses)
	}
}
