package provider

// A set's deletes are confirmed before the operation ends, also when the
// API finishes them only later: the fake keeps each deleted record for
// testDeleteDelay after its 202. The confirmations run outside the write
// slots (the next DELETEs do not wait for them), and the operation still
// waits for every one.

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

func TestAccReverseRecordSet_deletesConfirmedWhenTheAPIIsLate(t *testing.T) {
	t.Parallel()
	srv := newDelayedDeleteFake(t)
	ips := setIPs(30)
	all := setRecords(ips)
	kept := setRecords(ips[:10])
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            setConfig(srv, all),
				ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFake(srv, setAddr, all)},
			},
			{
				// 20 keys removed: the apply ends when their records are
				// gone, not when the API accepted their deletes.
				Config:            setConfig(srv, kept),
				ConfigPlanChecks:  expectEmptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFake(srv, setAddr, kept)},
			},
			{
				// The set destroyed: the fake is empty when it ends.
				Config:            testProviderConfig(srv),
				ConfigStateChecks: []statecheck.StateCheck{fakeHoldsState(srv, map[string]string{})},
			},
		},
	})
}
