package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// TestAccReverseRecordSet_importByCIDR: a set made by Terraform, imported
// again by its range, matches the state it had (ImportStateVerify).
func TestAccReverseRecordSet_importByCIDR(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.100", Name: "outside.example.com"})
	recs := map[string]setRec{
		"203.0.113.17": {name: "a.example.com"},
		"203.0.113.18": {name: "b.example.com", description: "b"},
		"203.0.113.30": {name: "c.example.com"},
	}
	config := setConfig(srv, recs, "203.0.113.16/28")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFakeAmong(srv, setAddr, recs, 1)}},
			{
				Config:                  config,
				ResourceName:            setAddr,
				ImportState:             true,
				ImportStateId:           "203.0.113.16/28",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"id"},
				// id is Terraform's alone (a fresh UUID on import):
				// match the imported set to the applied one by its range.
				ImportStateVerifyIdentifierAttribute: "exclusive_ranges.0",
			},
		},
	})
}

// TestAccReverseRecordSet_importByIPs: records made outside Terraform,
// imported by a list of addresses (one in another notation), give an
// empty plan with the matching configuration and no write.
func TestAccReverseRecordSet_importByIPs(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.40", Name: "one.example.com", Description: "by hand"})
	srv.Put(dnsapi.ReverseRecord{IP: "2001:db8::b", Name: "two.example.com"})
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.41", Name: "not-imported.example.com"})
	config := setConfig(srv, map[string]setRec{
		"203.0.113.40": {name: "one.example.com", description: "by hand"},
		"2001:DB8::B":  {name: "two.example.com"},
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       setAddr,
				ImportState:        true,
				ImportStateId:      "203.0.113.40, 2001:DB8::B",
				ImportStatePersist: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkSetMatchesFakeAmong(srv, setAddr, map[string]setRec{
						"203.0.113.40": {name: "one.example.com", description: "by hand"},
						"2001:DB8::B":  {name: "two.example.com"},
					}, 1),
					stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						if w := srv.WriteRequests(); w != 0 {
							resp.Error = fmt.Errorf("the import and the plan sent %d writes", w)
						}
					}),
				},
			},
			{
				// An address without a record cannot be imported.
				Config:        config,
				ResourceName:  setAddr,
				ImportState:   true,
				ImportStateId: "203.0.113.40,203.0.113.99",
				ExpectError:   wordsRE("No reverse record to import", "203.0.113.99"),
			},
		},
	})
}

// TestAccReverseRecordSet_badInput: bad keys, duplicate notations, bad
// ranges and bad names fail at validation, naming the value, before any
// request.
func TestAccReverseRecordSet_badInput(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	step := func(recs map[string]setRec, ranges []string, want *regexp.Regexp) resource.TestStep {
		return resource.TestStep{Config: setConfig(srv, recs, ranges...), PlanOnly: true, ExpectError: want}
	}
	ok := map[string]setRec{"203.0.113.1": {name: "ok.example.com"}}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(map[string]setRec{"203.0.113.300": {name: "a.example.com"}}, nil,
				wordsRE("Invalid IP Address Key", `The key "203.0.113.300" of records is not an IP address`)),
			step(map[string]setRec{"web": {name: "a.example.com"}}, nil, wordsRE("Invalid IP Address Key", `"web"`)),
			step(map[string]setRec{"2001:db8::1": {name: "a.example.com"}, "2001:DB8:0::1": {name: "b.example.com"}}, nil,
				wordsRE("Duplicate IP Address", `The keys "2001:DB8:0::1" and "2001:db8::1" of records are the same address, 2001:db8::1`)),
			step(ok, []string{"203.0.113.0/33"}, wordsRE("Invalid Address Range", `"203.0.113.0/33" is not a CIDR prefix`)),
			step(ok, []string{"203.0.113.5/28"}, wordsRE("Invalid Address Range", `"203.0.113.5/28" has host bits set; write the range as "203.0.113.0/28"`)),
			step(ok, []string{"2001:db8::1/64"}, wordsRE(`write the range as "2001:db8::/64"`)),
			step(map[string]setRec{"203.0.113.1": {name: "bad_name.example.com"}}, nil, wordsRE(`"bad_name.example.com" is not a valid hostname`)),
		},
	})
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the fake received %d requests; bad input must fail before any", n)
	}
}

// TestAccReverseRecordSet_emptyDescriptionRefused: description = "" is
// refused, as for the single resource.
func TestAccReverseRecordSet_emptyDescriptionRefused(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	config := testProviderConfig(srv) + `
resource "ionosdns_reverse_record_set" "test" {
  records = {
    "203.0.113.1" = { name = "a.example.com", description = "" }
  }
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config, PlanOnly: true,
			ExpectError: wordsRE(`records["203.0.113.1"]["description"] string length must be at least 1`),
		}},
	})
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the fake received %d requests", n)
	}
}

// TestAccReverseRecordSet_migrateFromForEach checks the recipe of the
// guide "Many addresses" on the CLI, with the guide's own files: records managed one per resource with for_each move into a set
// by an import block (by CIDR) and a removed block that forgets the old
// resources without destroying them; one apply, no write, ids kept, and
// an empty plan afterwards.
func TestAccReverseRecordSet_migrateFromForEach(t *testing.T) {
	cli := newAttachedCLI(t, "1.11.0")
	srv := newTestFake(t)
	header := `
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}
` + testProviderConfig(srv)
	cli.writeFile("main.tf", header+manyAddressesExample(t, "before.tf"))
	cli.run("init")
	cli.run("apply", "-auto-approve")
	before := fakeIDs(srv)
	if len(before) != 3 {
		t.Fatalf("the fake holds %d records after the for_each apply, want 3", len(before))
	}
	srv.ResetRequests()

	cli.writeFile("main.tf", header+manyAddressesExample(t, "after.tf"))
	plan := cli.run("plan", "-out=migrate.tfplan")
	t.Logf("terraform plan:\n%s", plan)
	if !strings.Contains(plan, "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Errorf("the migration plan is not one import and nothing else")
	}
	if n := strings.Count(plan, ` - ionosdns_reverse_record.web["`); n != 3 {
		t.Errorf("the plan forgets %d resources, want 3", n)
	}
	cli.run("apply", "migrate.tfplan")
	if w := srv.WriteRequests(); w != 0 {
		t.Errorf("the migration sent %d writes", w)
	}
	after := fakeIDs(srv)
	for ip, id := range before {
		if after[ip] != id {
			t.Errorf("%s changed id from %s to %s", ip, id, after[ip])
		}
	}
	if _, _, err := cli.try("plan", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after the migration is not empty: %v", err)
	}
	state := cli.run("show", "-json")
	if !strings.Contains(state, `"address":"ionosdns_reverse_record_set.web"`) || strings.Contains(state, `"type":"ionosdns_reverse_record"`) {
		t.Errorf("the state does not hold the set alone:\n%s", state)
	}
}

// manyAddressesExample returns a file of the guide "Many addresses".
func manyAddressesExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "many-addresses", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// resourceExample returns an example of the set's page.
func resourceExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "ionosdns_reverse_record_set", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAccReverseRecordSet_examples applies the page's fleet and
// exclusive-ranges examples as written: the records land on the fake; the
// stray in the range stays until a plan has shown its removal, which the
// second apply makes; the plan afterwards is empty.
func TestAccReverseRecordSet_examples(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	stray := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.12", Name: "old.example.com"})
	outside := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.30", Name: "outside.example.com"})
	config := testProviderConfig(srv) + resourceExample(t, "fleet.tf") + resourceExample(t, "exclusive-ranges.tf")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The range is new: its stray is listed in a warning and
				// stays; the refresh after the apply reads it into the
				// state, and the plan then shows its removal.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{expectStrayRemovals("ionosdns_reverse_record_set.dmz", "203.0.113.12")},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						if _, ok := srv.Record(stray.ID); !ok {
							resp.Error = fmt.Errorf("the stray %s was deleted before a plan showed its removal", stray.Properties.IP)
						}
					}),
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectStrayRemovals("ionosdns_reverse_record_set.dmz", "203.0.113.12")},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkSetMatchesFakeAmong(srv, "ionosdns_reverse_record_set.dmz", map[string]setRec{
						"203.0.113.9":  {name: "gw.example.com"},
						"203.0.113.10": {name: "vpn.example.com", description: "remote access"},
					}, 7),
					// The fleet's output reads the ids with the data source.
					stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						resp.Error = expectFleetIDs(srv, req.State)
					}),
					stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						if _, ok := srv.Record(stray.ID); ok {
							resp.Error = fmt.Errorf("the stray %s in the range was not deleted", stray.Properties.IP)
						}
						if _, ok := srv.Record(outside.ID); !ok {
							resp.Error = fmt.Errorf("the record %s outside the range was deleted", outside.Properties.IP)
						}
					}),
				},
			},
		},
	})
}

// expectFleetIDs checks that the fleet example's output maps each of its six
// addresses to the fake's id of its record.
func expectFleetIDs(srv *dnsapitest.Server, state *tfjson.State) error {
	if state == nil || state.Values == nil || state.Values.Outputs["fleet_record_ids"] == nil {
		return fmt.Errorf("the state has no output fleet_record_ids")
	}
	got, _ := state.Values.Outputs["fleet_record_ids"].Value.(map[string]any)
	ids := fakeIDs(srv)
	want := []string{"203.0.113.21", "203.0.113.22", "203.0.113.23", "2001:db8::21", "2001:db8::22", "2001:db8::23"}
	if len(got) != len(want) {
		return fmt.Errorf("fleet_record_ids has %d addresses, want %d: %v", len(got), len(want), got)
	}
	for _, ip := range want {
		if got[ip] != ids[ip] || ids[ip] == "" {
			return fmt.Errorf("fleet_record_ids[%s] = %v, the fake's id is %q", ip, got[ip], ids[ip])
		}
	}
	return nil
}
