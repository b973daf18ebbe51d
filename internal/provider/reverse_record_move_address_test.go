package provider

// An address handed from one record to another in the same apply: a
// for_each key moves to the address of a key that is removed. Terraform
// updates the one and deletes the other concurrently, so the update's PUT
// can meet the record still being deleted (the fake keeps a deleted record
// for a while after its 202, as the real API may).

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccReverseRecord_moveToTheAddressOfARemovedKey(t *testing.T) {
	srv := newDelayedDeleteFake(t)
	config := func(records string) string {
		return testProviderConfig(srv) + `
locals {
  records = {` + records + `
  }
}

resource "ionosdns_reverse_record" "r" {
  for_each = local.records
  ip       = each.value
  name     = "${each.key}.example.com"
}
`
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(`
    a = "203.0.113.31"
    b = "203.0.113.32"`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(`ionosdns_reverse_record.r["a"]`, tfjsonpath.New("id")),
					fakeHoldsState(srv, map[string]string{"203.0.113.31": "a.example.com", "203.0.113.32": "b.example.com"}),
				},
			},
			{
				// a moves to b's address while b is deleted: one apply.
				Config: config(`
    a = "203.0.113.32"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(`ionosdns_reverse_record.r["a"]`, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(`ionosdns_reverse_record.r["b"]`, plancheck.ResourceActionDestroy),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(`ionosdns_reverse_record.r["a"]`, tfjsonpath.New("id")),
					fakeHoldsState(srv, map[string]string{"203.0.113.32": "a.example.com"}),
				},
			},
			{
				// The destroy, as a last step: the test's own destroy
				// goes through a state shim that refuses string keys.
				Config:            config(""),
				ConfigStateChecks: []statecheck.StateCheck{fakeHoldsState(srv, map[string]string{})},
			},
		},
	})
}
