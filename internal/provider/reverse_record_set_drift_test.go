package provider

import (
	"context"
	"encoding/json"
	"errors"
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

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// TestAccReverseRecordSet_drift: outside Terraform one record is deleted,
// one renamed, and one deleted and made again with another id. The plan
// re-creates the first, renames the second back (its id kept), and adopts
// the third's new id (no write); one apply repairs all of it.
func TestAccReverseRecordSet_drift(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	ips := setIPs(6)
	recs := setRecords(ips)
	config := setConfig(srv, recs)
	deleted, renamed, remade := ips[0], ips[1], ips[2]
	var renamedID, remadeID string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFake(srv, setAddr, recs)}},
			{
				PreConfig: func() {
					ids := fakeIDs(srv)
					srv.Delete(ids[deleted])
					renamedID = ids[renamed]
					srv.Update(renamedID, func(r *dnsapi.ReverseRecord) { r.Name = "changed-outside.example.com" })
					srv.Delete(ids[remade])
					remadeID = srv.Put(dnsapi.ReverseRecord{IP: remade, Name: recs[remade].name}).ID
					srv.ResetRequests()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(setAddr, tfjsonpath.New("records").AtMapKey(deleted).AtMapKey("name"),
							knownvalue.StringExact(recs[deleted].name)),
						expectNothingUnknown(setAddr),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkSetMatchesFake(srv, setAddr, recs),
					stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						w := writesOf(srv)
						ids := fakeIDs(srv)
						switch {
						case len(w[http.MethodPut]) != 2 || len(w[http.MethodDelete]) != 0:
							resp.Error = fmt.Errorf("the repair sent %v, want 2 PUTs (re-create, rename back) and no DELETE", w)
						case !slices.Contains(w[http.MethodPut], renamedID) || !slices.Contains(w[http.MethodPut], ids[deleted]):
							resp.Error = fmt.Errorf("the repair PUT to %v, want the renamed record's id %s and the re-created one's %s",
								w[http.MethodPut], renamedID, ids[deleted])
						default:
							// The renamed record kept its id, and the remade
							// one's new id was adopted, not replaced.
							resp.Error = errors.Join(expectEqual(ids[renamed], renamedID), expectEqual(ids[remade], remadeID))
						}
					}),
				},
			},
		},
	})
}

func expectEqual(got, want string) error {
	if got != want {
		return fmt.Errorf("got %q, want %q", got, want)
	}
	return nil
}

// TestAccReverseRecordSet_takeoverAndExclusiveRanges runs the CLI itself,
// to read the plan's warnings. On create, the plan warns that two listed
// addresses are taken over and lists each record in the new range that is
// not in records; the apply takes the two over (keeping their ids) and
// deletes nothing. The next plan shows each of those records as the
// removal of its key, and its apply deletes them and leaves records outside
// the range alone. Later, a record made in the range outside Terraform
// shows in the plan as the removal of its key.
func TestAccReverseRecordSet_takeoverAndExclusiveRanges(t *testing.T) {
	cli := newAttachedCLI(t, "1.11.0")
	srv := newTestFake(t)
	put := func(ip, name string) dnsapi.ReverseRecordRead {
		return srv.Put(dnsapi.ReverseRecord{IP: ip, Name: name})
	}
	taken := put("203.0.113.1", "old-1.example.com")
	same := put("203.0.113.3", "keep-3.example.com")
	strays := []dnsapi.ReverseRecordRead{put("203.0.113.2", "stray-2.example.com"), put("203.0.113.9", "stray-9.example.com")}
	outside := []dnsapi.ReverseRecordRead{put("203.0.113.100", "outside.example.com"), put("2001:db8::1", "outside-6.example.com")}

	cli.writeFile("main.tf", `
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}
`+testProviderConfig(srv)+setBlock(map[string]setRec{
		"203.0.113.1": {name: "web-1.example.com"},
		"203.0.113.3": {name: "keep-3.example.com"},
		"203.0.113.4": {name: "web-4.example.com"},
	}, "203.0.113.0/28"))
	cli.run("init")
	srv.ResetRequests()

	plan := cli.run("plan", "-out=create.tfplan")
	t.Logf("terraform plan:\n%s", plan)
	for _, want := range [][]string{
		{"Existing reverse records will be taken over", "2 of the addresses in records already have a reverse record",
			"203.0.113.1 (now old-1.example.com)", "203.0.113.3 (now keep-3.example.com)"},
		{"Reverse records in the new exclusive_ranges", "2 reverse records lie in exclusive_ranges and not in records",
			"203.0.113.2 → stray-2.example.com", "203.0.113.9 → stray-9.example.com"},
	} {
		if !wordsRE(want...).MatchString(plan) {
			t.Errorf("the plan does not say %q", want)
		}
	}
	if strings.Contains(plan, "outside") {
		t.Errorf("the plan mentions a record outside the range")
	}
	if w := srv.WriteRequests(); w != 0 {
		t.Fatalf("the plan sent %d writes", w)
	}

	cli.run("apply", "create.tfplan")
	w := writesOf(srv)
	if len(w[http.MethodPut]) != 2 || len(w[http.MethodDelete]) != 0 {
		t.Errorf("the apply sent %v; want 2 PUTs (203.0.113.1 taken over, 203.0.113.4 new) and no DELETE", w)
	}
	ids := fakeIDs(srv)
	if ids["203.0.113.1"] != taken.ID || ids["203.0.113.3"] != same.ID {
		t.Errorf("the taken-over records changed ids: %v, want %s and %s", ids, taken.ID, same.ID)
	}
	checkUntouched(t, srv, strays)

	// The strays, now read into the state, are planned away key by key.
	cli.run("plan", "-out=strays.tfplan")
	before, after := plannedRecordKeys(t, cli.run("show", "-json", "strays.tfplan"))
	if !before["203.0.113.2"] || !before["203.0.113.9"] || after["203.0.113.2"] || after["203.0.113.9"] || len(after) != 3 {
		t.Errorf("the plan does not remove the two strays: before %v, after %v", before, after)
	}
	srv.ResetRequests()
	cli.run("apply", "strays.tfplan")
	if got, want := deletedIDs(srv), sortedIDs(strays...); !slices.Equal(got, want) {
		t.Errorf("the apply deleted %v; want the strays %v", got, want)
	}
	checkUntouched(t, srv, outside)
	if _, _, err := cli.try("plan", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after the apply is not empty: %v", err)
	}

	// A record made in the range outside Terraform is read into the state
	// and planned away; one outside the range is not.
	put("203.0.113.5", "stray-5.example.com")
	outside = append(outside, put("203.0.113.200", "outside-200.example.com"))
	cli.run("plan", "-out=update.tfplan")
	before, after = plannedRecordKeys(t, cli.run("show", "-json", "update.tfplan"))
	if !before["203.0.113.5"] || after["203.0.113.5"] || before["203.0.113.200"] {
		t.Errorf("the plan does not remove the stray 203.0.113.5 alone: before %v, after %v", before, after)
	}
	cli.run("apply", "update.tfplan")
	if _, ok := fakeIDs(srv)["203.0.113.5"]; ok {
		t.Error("the stray 203.0.113.5 was not deleted")
	}
	checkUntouched(t, srv, outside)

	cli.run("destroy", "-auto-approve")
	if n := len(srv.Records()); n != len(outside) {
		t.Errorf("after destroy the fake holds %d records, want the %d outside the set", n, len(outside))
	}
	checkUntouched(t, srv, outside)
}

// checkUntouched checks that the records are still there as they were.
func checkUntouched(t *testing.T, srv *dnsapitest.Server, records []dnsapi.ReverseRecordRead) {
	t.Helper()
	for _, r := range records {
		got, ok := srv.Record(r.ID)
		if !ok || got.Properties != r.Properties {
			t.Errorf("the record %s (%s) outside the range was touched: %+v", r.ID, r.Properties.IP, got)
		}
	}
}

// plannedRecordKeys reads `terraform show -json` of a plan: the keys of the
// set's records before and after.
func plannedRecordKeys(t *testing.T, planJSON string) (before, after map[string]bool) {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Before struct {
					Records map[string]any `json:"records"`
				} `json:"before"`
				After struct {
					Records map[string]any `json:"records"`
				} `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	before, after = map[string]bool{}, map[string]bool{}
	for _, rc := range plan.ResourceChanges {
		if rc.Address != setAddr {
			continue
		}
		for k := range rc.Change.Before.Records {
			before[k] = true
		}
		for k := range rc.Change.After.Records {
			after[k] = true
		}
	}
	return before, after
}
