package provider

// Tests of an ionosdns_reverse_record's lifecycle (create, rename, drop the
// description, move to another address, import by id and by address), and
// the helpers the resource's tests share: its configuration and checks on
// the fake's own records.

import (
	"fmt"
	"regexp"
	"testing"

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
