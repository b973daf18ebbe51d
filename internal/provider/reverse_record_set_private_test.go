package provider

// The record ids of a set are in private state: a plan that adds an
// address shows that key alone, and nothing known after apply.

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccReverseRecordSet_addOneKey: adding one address to an applied set
// plans an update of that key of records only, with no value known after
// apply (the ids are not attributes); the apply sends one PUT and every
// other record keeps its id.
func TestAccReverseRecordSet_addOneKey(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	ips := setIPs(5)
	first := setRecords(ips)
	second := maps.Clone(first)
	const added = "198.51.100.77"
	second[added] = setRec{name: "added.example.com"}
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
				PreConfig: func() {
					before = fakeIDs(srv)
					srv.ResetRequests()
				},
				Config: setConfig(srv, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(setAddr, tfjsonpath.New("records").AtMapKey(added),
							knownvalue.MapExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("added.example.com")})),
						expectNothingUnknown(setAddr),
						expectChangedKeys(setAddr, added),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkSetMatchesFake(srv, setAddr, second),
					stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						after := fakeIDs(srv)
						w := writesOf(srv)
						if len(w[http.MethodPut]) != 1 || w[http.MethodPut][0] != after[added] || len(w[http.MethodDelete]) != 0 {
							resp.Error = fmt.Errorf("the apply sent %v, want one PUT to the new record %s", w, after[added])
							return
						}
						for ip, id := range before {
							if after[ip] != id {
								resp.Error = fmt.Errorf("the id of %s changed from %s to %s", ip, id, after[ip])
								return
							}
						}
					}),
				},
			},
		},
	})
}

// resourceChange returns the planned change of addr.
func resourceChange(p *tfjson.Plan, addr string) (*tfjson.Change, error) {
	for _, rc := range p.ResourceChanges {
		if rc.Address == addr && rc.Change != nil {
			return rc.Change, nil
		}
	}
	return nil, fmt.Errorf("%s is not in the plan", addr)
}

// expectNothingUnknown checks that no value of addr's planned change is
// known after apply (ExpectUnknownValue holds for none of them).
func expectNothingUnknown(addr string) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		c, err := resourceChange(req.Plan, addr)
		if err == nil && anyTrue(c.AfterUnknown) {
			err = fmt.Errorf("the plan of %s has values known after apply: %v", addr, c.AfterUnknown)
		}
		resp.Error = err
	})
}

// anyTrue reports whether v, a value of AfterUnknown, marks anything.
func anyTrue(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case map[string]any:
		return slices.ContainsFunc(slices.Collect(maps.Values(v)), anyTrue)
	case []any:
		return slices.ContainsFunc(v, anyTrue)
	}
	return false
}

// expectChangedKeys checks that the keys of records whose value the plan of
// addr changes (added, removed or changed) are exactly keys, and that
// records is the only attribute that changes.
func expectChangedKeys(addr string, keys ...string) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		resp.Error = func() error {
			c, err := resourceChange(req.Plan, addr)
			if err != nil {
				return err
			}
			before, _ := c.Before.(map[string]any)
			after, _ := c.After.(map[string]any)
			for name := range after {
				if name != "records" && !reflect.DeepEqual(before[name], after[name]) {
					return fmt.Errorf("the plan changes %s from %v to %v", name, before[name], after[name])
				}
			}
			b, _ := before["records"].(map[string]any)
			a, _ := after["records"].(map[string]any)
			var changed []string
			for k := range maps.Keys(a) {
				if !reflect.DeepEqual(a[k], b[k]) {
					changed = append(changed, k)
				}
			}
			for k := range maps.Keys(b) {
				if _, ok := a[k]; !ok {
					changed = append(changed, k)
				}
			}
			slices.Sort(changed)
			want := slices.Sorted(slices.Values(keys))
			if !slices.Equal(changed, want) {
				return fmt.Errorf("the plan changes the keys %v of records, want %v", changed, want)
			}
			return nil
		}()
	})
}

// memPrivate is private state in memory, for unit tests.
type memPrivate map[string][]byte

func (m memPrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return m[key], nil
}

func (m memPrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	m[key] = value
	return nil
}

// TestRecordSetPrivateIDsRoundTrip: the ids written to private state read
// back under the keys of records as spelt; an entry without an id (a
// create not sent) has none; no private state reads as no ids.
func TestRecordSetPrivateIDsRoundTrip(t *testing.T) {
	ctx := context.Background()
	set := entrySet{
		"2001:db8::a": {key: "2001:DB8::A", ip: "2001:db8::a", name: "a", description: types.StringNull(), id: "id-a"},
		"203.0.113.1": {key: "203.0.113.1", ip: "203.0.113.1", name: "b", description: types.StringNull(), id: "id-1"},
		"203.0.113.2": {key: "203.0.113.2", ip: "203.0.113.2", name: "c", description: types.StringNull()},
	}
	p := memPrivate{}
	if diags := writeRecordIDs(ctx, p, set); diags.HasError() {
		t.Fatal(diags)
	}
	ids, diags := readRecordIDs(ctx, p)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if want := map[string]string{"2001:DB8::A": "id-a", "203.0.113.1": "id-1"}; !maps.Equal(ids, want) {
		t.Errorf("ids read back %v, want %v", ids, want)
	}
	if got := idsByIP(ids); got["2001:db8::a"] != "id-a" || len(got) != 2 {
		t.Errorf("ids by address %v", got)
	}
	if ids, diags := readRecordIDs(ctx, memPrivate{}); diags.HasError() || len(ids) != 0 {
		t.Errorf("no private state reads as %v, %v", ids, diags)
	}
	if _, diags := readRecordIDs(ctx, memPrivate{privateKeyRecordIDs: []byte(`[1]`)}); !diags.HasError() {
		t.Error("a malformed private state reads without error")
	}
}
