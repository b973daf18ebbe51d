package provider

// Replacing a tainted set (a create that failed part-way).

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// TestAccReverseRecordSet_taintedReplaceCreateBeforeDestroy: with
// create_before_destroy the new set is created while the tainted one still
// exists. It takes over the records the tainted one wrote (no 409), and
// the tainted one's destroy must then not delete them (before the fix it
// did: the fake was left with the 2 records the tainted set had not
// written). TestAccReverseRecordSet_partialFailureOnCreate covers the
// default replace, destroy then create.
func TestAccReverseRecordSet_taintedReplaceCreateBeforeDestroy(t *testing.T) {
	t.Parallel()
	ips := setIPs(12)
	fake, srv := newRefusingFake(t, ips[3], ips[7])
	recs := setRecords(ips)
	config := strings.TrimSuffix(setConfig(srv, recs), "}\n") + "  lifecycle {\n    create_before_destroy = true\n  }\n}\n"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { fake.refuse.Store(true) },
				Config:      config,
				ExpectError: wordsRE("Failed to create the reverse record of", "400 Bad Request"),
			},
			{
				PreConfig: func() { fake.refuse.Store(false) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionCreateBeforeDestroy)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFake(srv, setAddr, recs)},
			},
		},
	})
}
