package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

const setAddr = "ionosdns_reverse_record_set.test"

// setRec is one value of a set's records map.
type setRec struct{ name, description string }

// setRecords maps each ip to soakName(ip).
func setRecords(ips []string) map[string]setRec {
	m := make(map[string]setRec, len(ips))
	for _, ip := range ips {
		m[ip] = setRec{name: soakName(ip)}
	}
	return m
}

// setIPs returns n addresses the fake owns: IPv4 from 192.0.2.1 up to 200
// of them, then IPv6 from 2001:db8:5::1.
func setIPs(n int) []string {
	ips := make([]string, 0, n)
	for i := 1; i <= n; i++ {
		if i <= 200 {
			ips = append(ips, fmt.Sprintf("192.0.2.%d", i))
		} else {
			ips = append(ips, fmt.Sprintf("2001:db8:5::%x", i))
		}
	}
	return ips
}

// setConfig renders the provider block and ionosdns_reverse_record_set.test
// with the records as a literal map (sorted) and optional ranges.
func setConfig(srv *dnsapitest.Server, recs map[string]setRec, ranges ...string) string {
	return testProviderConfig(srv) + setBlock(recs, ranges...)
}

func setBlock(recs map[string]setRec, ranges ...string) string {
	keys := make([]string, 0, len(recs))
	for k := range recs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString("\nresource \"ionosdns_reverse_record_set\" \"test\" {\n  records = {\n")
	for _, k := range keys {
		r := recs[k]
		desc := ""
		if r.description != "" {
			desc = fmt.Sprintf(", description = %q", r.description)
		}
		fmt.Fprintf(&b, "    %q = { name = %q%s }\n", k, r.name, desc)
	}
	b.WriteString("  }\n")
	if len(ranges) > 0 {
		quoted := make([]string, len(ranges))
		for i, r := range ranges {
			quoted[i] = fmt.Sprintf("%q", r)
		}
		fmt.Fprintf(&b, "  exclusive_ranges = [%s]\n", strings.Join(quoted, ", "))
	}
	b.WriteString("}\n")
	return b.String()
}

// TestAccReverseRecordSet_crud300: a set of 300 in one apply, an empty
// plan, then rename 5, remove 3, add 2 and change 1 description: the fake
// sees exactly those 8 PUTs and 3 DELETEs, and no other record's id
// changes. Destroy leaves the fake empty.
func TestAccReverseRecordSet_crud300(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	ips := setIPs(300)
	first := setRecords(ips)

	second := setRecords(ips)
	renamed := []string{ips[0], ips[50], ips[199], ips[200], ips[299]}
	for _, ip := range renamed {
		second[ip] = setRec{name: "renamed-" + soakName(ip)}
	}
	removed := []string{ips[10], ips[210], ips[290]}
	for _, ip := range removed {
		delete(second, ip)
	}
	added := []string{"198.51.100.1", "2001:db8:6::1"}
	for _, ip := range added {
		second[ip] = setRec{name: soakName(ip)}
	}
	described := ips[100]
	second[described] = setRec{name: soakName(described), description: "changed"}

	var before map[string]string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{
				Config:            setConfig(srv, first),
				ConfigPlanChecks:  expectEmptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFake(srv, setAddr, first)},
			},
			{
				// A refresh of 300 costs three filtered list requests.
				PreConfig: srv.ResetRequests,
				Config:    setConfig(srv, first),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(
					func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						resp.Error = expectReadsOf(srv, 3)
					})},
			},
			{
				PreConfig: func() {
					before = fakeIDs(srv)
					srv.ResetRequests()
				},
				Config: setConfig(srv, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionUpdate),
						// The ids are in private state: nothing is unknown.
						expectNothingUnknown(setAddr),
						expectChangedKeys(setAddr, append(append(append([]string{described}, renamed...), removed...), added...)...),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkSetMatchesFake(srv, setAddr, second),
					stateCheckFunc(func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
						checkExactWrites(t, srv, before, renamed, removed, added, described)
					}),
				},
			},
		},
	})
}

// checkExactWrites checks the request log of the update: one PUT per
// renamed, added and re-described address, one DELETE per removed one,
// nothing else; and the ids of all addresses kept are unchanged.
func checkExactWrites(t *testing.T, srv *dnsapitest.Server, before map[string]string, renamed, removed, added []string, described string) {
	t.Helper()
	writes := writesOf(srv)
	after := fakeIDs(srv)
	wantPUT := map[string]bool{before[described]: true}
	for _, ip := range renamed {
		wantPUT[before[ip]] = true
	}
	for _, ip := range added {
		wantPUT[after[ip]] = true
	}
	gotPUT := map[string]bool{}
	for _, id := range writes[http.MethodPut] {
		gotPUT[id] = true
	}
	if len(writes[http.MethodPut]) != 8 || len(gotPUT) != 8 {
		t.Errorf("%d PUTs to %d ids, want 8 to 8 (5 renamed, 2 added, 1 description)", len(writes[http.MethodPut]), len(gotPUT))
	}
	for id := range wantPUT {
		if !gotPUT[id] {
			t.Errorf("no PUT to %s", id)
		}
	}
	wantDEL := map[string]bool{}
	for _, ip := range removed {
		wantDEL[before[ip]] = true
	}
	if len(writes[http.MethodDelete]) != 3 {
		t.Errorf("%d DELETEs, want 3", len(writes[http.MethodDelete]))
	}
	for _, id := range writes[http.MethodDelete] {
		if !wantDEL[id] {
			t.Errorf("DELETE of %s, which was not removed", id)
		}
	}
	if n := len(writes[http.MethodPost]); n != 0 {
		t.Errorf("%d POSTs, want none", n)
	}
	for ip, id := range before {
		if slices.Contains(removed, ip) {
			continue
		}
		if after[ip] != id {
			t.Errorf("the id of %s changed from %s to %s", ip, id, after[ip])
		}
	}
}

// TestAccReverseRecordSet_notation: keys in upper case and uncompressed
// IPv6, and names in upper case with a trailing dot, give no diff; the
// state keeps the user's spelling.
func TestAccReverseRecordSet_notation(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	recs := map[string]setRec{
		"2001:DB8:0:0:0:0:0:A": {name: "Six.Example.COM."},
		"2001:0db8::00b":       {name: "six-b.example.com"},
		"203.0.113.7":          {name: "four.example.com", description: "v4"},
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{{
			Config:           setConfig(srv, recs),
			ConfigPlanChecks: expectEmptyPlanAfterApply,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(setAddr, tfjsonpath.New("records").AtMapKey("2001:DB8:0:0:0:0:0:A"),
					knownvalue.MapExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("Six.Example.COM.")})),
				statecheck.ExpectKnownValue(setAddr, tfjsonpath.New("records").AtMapKey("203.0.113.7"), knownvalue.MapExact(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("four.example.com"), "description": knownvalue.StringExact("v4"),
				})),
				checkSetMatchesFake(srv, setAddr, recs),
			},
		}, {
			// A refresh reads the API's canonical forms back: still no diff.
			RefreshState: true,
		}, {
			Config:           setConfig(srv, recs),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// TestAccReverseRecordSet_unknownAtPlan: the map is built from a resource
// created in the same apply, so it is unknown at plan time; one apply
// creates the records.
func TestAccReverseRecordSet_unknownAtPlan(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	config := testProviderConfig(srv) + `
resource "terraform_data" "block" {
  input = ["203.0.113.20", "203.0.113.21", "203.0.113.22"]
}

resource "ionosdns_reverse_record_set" "test" {
  records = {
    for ip in terraform_data.block.output : ip => { name = "web-${replace(ip, ".", "-")}.example.com" }
  }
}
`
	want := map[string]setRec{
		"203.0.113.20": {name: "web-203-0-113-20.example.com"},
		"203.0.113.21": {name: "web-203-0-113-21.example.com"},
		"203.0.113.22": {name: "web-203-0-113-22.example.com"},
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(setAddr, tfjsonpath.New("records")),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFake(srv, setAddr, want)},
		}},
	})
}
