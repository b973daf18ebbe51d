package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// The names of records are compared by the set's own code (records is a
// map of maps of strings, opaque to the framework): these tests would
// catch a perpetual diff, or a needless write, from a name that the API
// spells differently than the configuration.

// TestAccReverseRecordSet_nameNotationNoDiff: the API comes to hold each
// name in another spelling (lower case without the trailing dot, upper
// case with one), as an API that stores names in its own form does. The
// refresh keeps the configuration's spelling: no diff, no write, and the
// state still says what the configuration says. A record taken over whose
// name differs from the configuration's only in spelling is taken over
// without a write. description = null keeps its key in the state (it
// must: the state of records is the planned value exactly) and asks for
// no description.
func TestAccReverseRecordSet_nameNotationNoDiff(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	first := testProviderConfig(srv) + `
resource "ionosdns_reverse_record_set" "test" {
  records = {
    "203.0.113.1" = { name = "Host-1.Example.COM." }
    "203.0.113.2" = { name = "host-2.example.com", description = "two" }
    "203.0.113.3" = { name = "Host-3.example.com", description = null }
  }
}
`
	// The same, and an address whose record exists with the name in
	// another spelling.
	second := strings.Replace(first, "  }\n}", `    "203.0.113.4" = { name = "Taken.Example.com." }
  }
}`, 1)
	entry := func(name string, description knownvalue.Check) knownvalue.Check {
		fields := map[string]knownvalue.Check{"name": knownvalue.StringExact(name)}
		if description != nil {
			fields["description"] = description
		}
		return knownvalue.MapExact(fields)
	}
	wantFirst := map[string]knownvalue.Check{
		"203.0.113.1": entry("Host-1.Example.COM.", nil),
		"203.0.113.2": entry("host-2.example.com", knownvalue.StringExact("two")),
		"203.0.113.3": entry("Host-3.example.com", knownvalue.Null()),
	}
	wantSecond := map[string]knownvalue.Check{"203.0.113.4": entry("Taken.Example.com.", nil)}
	for k, v := range wantFirst {
		wantSecond[k] = v
	}
	respell := map[string]string{
		"203.0.113.1": "host-1.example.com",
		"203.0.113.2": "HOST-2.EXAMPLE.COM.",
		"203.0.113.3": "host-3.example.com.",
	}
	noWrites := stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		if w := srv.WriteRequests(); w != 0 {
			resp.Error = fmt.Errorf("%d writes, want none", w)
		}
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{
				Config:           first,
				ConfigPlanChecks: expectEmptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(setAddr, tfjsonpath.New("records"), knownvalue.MapExact(wantFirst)),
					fakeHoldsState(srv, map[string]string{
						"203.0.113.1": "Host-1.Example.COM.", "203.0.113.2": "host-2.example.com", "203.0.113.3": "Host-3.example.com",
					}),
				},
			},
			{
				PreConfig: func() {
					ids := fakeIDs(srv)
					for ip, name := range respell {
						srv.Update(ids[ip], func(r *dnsapi.ReverseRecord) { r.Name = name })
					}
					srv.ResetRequests()
				},
				Config: first,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(setAddr, tfjsonpath.New("records"), knownvalue.MapExact(wantFirst)),
					noWrites,
				},
			},
			{
				PreConfig: func() {
					srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.4", Name: "taken.example.com"})
					srv.ResetRequests()
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionUpdate)},
					// After the apply and a refresh: the plan is empty.
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(setAddr, tfjsonpath.New("records"), knownvalue.MapExact(wantSecond)),
					noWrites,
				},
			},
		},
	})
}
