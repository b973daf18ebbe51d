package provider

// An address managed both by a set and by an ionosdns_reverse_record is a
// configuration error the provider cannot see (neither resource sees the
// other's configuration, and the record carries no owner). These tests pin
// what happens, as the resource page documents it.

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

const overlapIP = "203.0.113.50"

// overlapConfig is a single record and a set on overlapIP with different
// names; first says which one Terraform creates first.
func overlapConfig(first string) string {
	single, set := "", ""
	if first == "single" {
		set = "\n  depends_on = [ionosdns_reverse_record.single]"
	} else {
		single = "\n  depends_on = [ionosdns_reverse_record_set.test]"
	}
	return fmt.Sprintf(`
resource "ionosdns_reverse_record" "single" {
  ip   = %[1]q
  name = "single.example.com"%[2]s
}

resource "ionosdns_reverse_record_set" "test" {
  records = {
    %[1]q = { name = "set.example.com" }
  }%[3]s
}
`, overlapIP, single, set)
}

// TestAccReverseRecordSet_overlapSingleFirst: when the single record exists
// first, the set takes its record over (the same id in both states) and
// the two then overwrite each other: each apply writes one name, and the
// next plan shows the other resource's change. The plan never settles.
func TestAccReverseRecordSet_overlapSingleFirst(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	config := testProviderConfig(srv) + overlapConfig("single")
	var firstID string
	holds := func(name string) statecheck.StateCheck {
		return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
			recs := srv.Records()
			if len(recs) != 1 || recs[0].Properties.Name != name {
				resp.Error = fmt.Errorf("the fake holds %+v, want one record named %s", recs, name)
				return
			}
			single, err := setState(req.State, "ionosdns_reverse_record.single")
			if err != nil {
				resp.Error = err
				return
			}
			// One record only, whose id never changes: the set took the
			// single record's record over and writes to its id.
			if firstID == "" {
				firstID = recs[0].ID
			}
			if recs[0].ID != firstID || single["id"] != recs[0].ID {
				resp.Error = fmt.Errorf("the record's id is %s (first %s) and the single record holds %v; all should be the same",
					recs[0].ID, firstID, single["id"])
			}
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The set writes last: its name wins, and the single
				// record's plan wants its own back.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("ionosdns_reverse_record.single", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionNoop),
					},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks:  []statecheck.StateCheck{holds("set.example.com")},
			},
			{
				// The single record writes its name back: now the set's
				// plan wants its own.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("ionosdns_reverse_record.single", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionUpdate),
					},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks:  []statecheck.StateCheck{holds("single.example.com")},
			},
		},
	})
}

// TestAccReverseRecordSet_overlapSetFirst: when the set's record exists
// first, the single record's create is refused with the 409's error that
// names the existing record; the set keeps its record.
func TestAccReverseRecordSet_overlapSetFirst(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      testProviderConfig(srv) + overlapConfig("set"),
			ExpectError: regexp.MustCompile(`IP address ` + regexp.QuoteMeta(overlapIP) + ` already has a reverse record`),
			ConfigStateChecks: []statecheck.StateCheck{
				checkSetMatchesFake(srv, setAddr, map[string]setRec{overlapIP: {name: "set.example.com"}}),
			},
		}},
	})
}
