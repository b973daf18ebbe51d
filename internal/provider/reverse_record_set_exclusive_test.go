package provider

// exclusive_ranges: every deletion is shown in a plan before the apply
// that makes it, and an apply deletes nothing the plan did not show.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// TestAccReverseRecordSet_deletesOnlyWhatThePlanShowed saves each plan to
// a file and makes a record in the range between the plan and its apply,
// as another team or a script could:
//
//   - the create's plan lists the stray already in the range in a warning;
//     its apply deletes no record at all (the range is new, so none of its
//     strays has been shown as a removal), also not the late one;
//   - the next plan shows both strays as removals of their keys; a third
//     record made before that apply is left alone, the two shown go;
//   - the plan after shows the third one's removal, and its apply deletes it.
func TestAccReverseRecordSet_deletesOnlyWhatThePlanShowed(t *testing.T) {
	cli := newAttachedCLI(t, "1.11.0")
	srv := newTestFake(t)
	put := func(ip, name string) dnsapi.ReverseRecordRead {
		return srv.Put(dnsapi.ReverseRecord{IP: ip, Name: name})
	}
	stray := put("203.0.113.2", "stray-2.example.com")
	outside := []dnsapi.ReverseRecordRead{put("203.0.113.100", "outside.example.com")}
	cli.writeFile("main.tf", `
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}
`+testProviderConfig(srv)+setBlock(map[string]setRec{"203.0.113.1": {name: "web-1.example.com"}}, "203.0.113.0/28"))
	cli.run("init")

	plan := cli.run("plan", "-out=create.tfplan")
	if !wordsRE("Reverse records in the new exclusive_ranges", "1 reverse record",
		"not deleted by this apply", "203.0.113.2 → stray-2.example.com").MatchString(plan) {
		t.Errorf("the create's plan does not list the stray 203.0.113.2:\n%s", plan)
	}
	late := put("203.0.113.7", "late-7.example.com")
	srv.ResetRequests()
	cli.run("apply", "create.tfplan")
	if w := writesOf(srv); len(w[http.MethodDelete]) != 0 || len(w[http.MethodPut]) != 1 {
		t.Errorf("the create sent %v; want one PUT (203.0.113.1) and no DELETE", w)
	}
	if _, ok := srv.Record(late.ID); !ok {
		t.Fatal("the create deleted 203.0.113.7, made after its plan: no plan had shown that deletion")
	}

	cli.run("plan", "-out=strays.tfplan")
	before, after := plannedRecordKeys(t, cli.run("show", "-json", "strays.tfplan"))
	if !before["203.0.113.2"] || !before["203.0.113.7"] || after["203.0.113.2"] || after["203.0.113.7"] || !after["203.0.113.1"] {
		t.Errorf("the plan does not show the removal of both strays: before %v, after %v", before, after)
	}
	later := put("203.0.113.9", "later-9.example.com")
	srv.ResetRequests()
	cli.run("apply", "strays.tfplan")
	if got, want := deletedIDs(srv), sortedIDs(stray, late); !slices.Equal(got, want) {
		t.Errorf("the apply deleted %v; want exactly the two strays its plan showed, %v", got, want)
	}
	if _, ok := srv.Record(later.ID); !ok {
		t.Fatal("the apply deleted 203.0.113.9, made after its plan")
	}

	cli.run("plan", "-out=later.tfplan")
	before, after = plannedRecordKeys(t, cli.run("show", "-json", "later.tfplan"))
	if !before["203.0.113.9"] || after["203.0.113.9"] || len(after) != 1 {
		t.Errorf("the plan does not show the removal of 203.0.113.9: before %v, after %v", before, after)
	}
	cli.run("apply", "later.tfplan")
	if _, ok := srv.Record(later.ID); ok {
		t.Error("203.0.113.9 was shown as a removal and not deleted")
	}
	if _, _, err := cli.try("plan", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after the strays went is not empty: %v", err)
	}
	checkUntouched(t, srv, outside)
}

// deletedIDs returns the ids of the DELETE requests logged, sorted.
func deletedIDs(srv *dnsapitest.Server) []string {
	ids := slices.Clone(writesOf(srv)[http.MethodDelete])
	slices.Sort(ids)
	return ids
}

// sortedIDs returns the records' ids, sorted.
func sortedIDs(records ...dnsapi.ReverseRecordRead) []string {
	ids := make([]string, len(records))
	for i, r := range records {
		ids[i] = r.ID
	}
	slices.Sort(ids)
	return ids
}

// expectStrayRemovals checks that a plan updates the set at addr and shows
// each of keys as a removal: in the records of the state the plan starts
// from, and not in the planned records.
func expectStrayRemovals(addr string, keys ...string) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		for _, rc := range req.Plan.ResourceChanges {
			if rc.Address != addr {
				continue
			}
			if !rc.Change.Actions.Update() {
				resp.Error = fmt.Errorf("%s is planned for %v, want an update", addr, rc.Change.Actions)
				return
			}
			before, _ := rc.Change.Before.(map[string]any)
			after, _ := rc.Change.After.(map[string]any)
			was, _ := before["records"].(map[string]any)
			will, _ := after["records"].(map[string]any)
			for _, k := range keys {
				if _, ok := was[k]; !ok {
					resp.Error = fmt.Errorf("the plan does not start from a state that holds %s: %v", k, was)
					return
				}
				if _, ok := will[k]; ok {
					resp.Error = fmt.Errorf("the plan keeps %s", k)
					return
				}
			}
			if len(was)-len(keys) != len(will) {
				resp.Error = fmt.Errorf("the plan changes the keys of records from %d to %d; want only %v removed", len(was), len(will), keys)
			}
			return
		}
		resp.Error = fmt.Errorf("the plan has no change for %s", addr)
	})
}

// TestAccReverseRecordSet_importByRangeDeletesInOneApply checks the
// documented way to delete a new range's strays in one apply: an import
// block by the range reads them into the state, so the first plan already
// shows each as a removal, and its apply deletes them (and nothing else).
func TestAccReverseRecordSet_importByRangeDeletesInOneApply(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	kept := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.1", Name: "web-1.example.com"})
	strays := []dnsapi.ReverseRecordRead{
		srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.2", Name: "stray-2.example.com"}),
		srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.9", Name: "stray-9.example.com"}),
	}
	outside := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.100", Name: "outside.example.com"})
	config := setConfig(srv, map[string]setRec{"203.0.113.1": {name: "web-1.example.com"}}, "203.0.113.0/28") + `
import {
  to = ionosdns_reverse_record_set.test
  id = "203.0.113.0/28"
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetRequests,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{expectStrayRemovals(setAddr, "203.0.113.2", "203.0.113.9")},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				checkSetMatchesFakeAmong(srv, setAddr, map[string]setRec{"203.0.113.1": {name: "web-1.example.com"}}, 1),
				stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
					if got, want := deletedIDs(srv), sortedIDs(strays...); !slices.Equal(got, want) {
						resp.Error = fmt.Errorf("the apply deleted %v; want the strays %v", got, want)
						return
					}
					if fakeIDs(srv)["203.0.113.1"] != kept.ID || len(writesOf(srv)[http.MethodPut]) != 0 {
						resp.Error = fmt.Errorf("the imported record was rewritten: %v", writesOf(srv))
					}
					if _, ok := srv.Record(outside.ID); !ok {
						resp.Error = fmt.Errorf("the record outside the range was deleted")
					}
				}),
			},
		}},
	})
}
