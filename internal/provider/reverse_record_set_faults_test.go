package provider

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// TestAccReverseRecordSet_faultMix: a set of 100 under the fault mix of
// TestAccReliability_faultMix (30 % 503, 30 % of writes processed and
// their answer lost, 20 requests per second),
// with the provider block at its defaults. For each of five seeds one
// apply converges, the next plan is empty, every create kept one id (no
// duplicate), and one destroy leaves the fake empty (no orphan).
func TestAccReverseRecordSet_faultMix(t *testing.T) {
	t.Parallel()
	for seed := int64(20261301); seed < 20261306; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			setFaultMixRun(t, dnsapitest.Chaos{Seed: seed, Fail503Rate: 0.3, DropWriteRate: 0.3, RateLimitPerSecond: 20})
		})
	}
}

func setFaultMixRun(t *testing.T, chaos dnsapitest.Chaos) {
	srv := newTestFake(t)
	recs := setRecords(setIPs(100))
	config := setConfig(srv, recs)
	srv.SetChaos(chaos)
	putIDs := map[string]bool{}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					checkSetMatchesFake(srv, setAddr, recs),
					stateCheckFunc(func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
						for _, id := range writesOf(srv)[http.MethodPut] {
							putIDs[id] = true
						}
					}),
				},
			},
			{
				Config:            config,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFake(srv, setAddr, recs)},
			},
		},
		CheckDestroy: fakeIsEmpty(srv),
	})
	if t.Failed() {
		t.Logf("all requests: %s", tallyRequests(srv.Requests()))
		return
	}
	// Every create chose one id and kept it through its retries.
	if len(putIDs) != len(recs) {
		t.Errorf("the creates PUT to %d distinct ids, want %d (one per record)", len(putIDs), len(recs))
	}
	all := tallyRequests(srv.Requests())
	all.checkFaultsMet(t)
	t.Logf("seed %d: %s", chaos.Seed, all)
}

// refusingFake serves a fake, but while refuse is set answers 400 to every
// PUT whose body names one of the refused addresses: a write that fails
// for good, as the API refuses a record it will never accept.
type refusingFake struct {
	*dnsapitest.Fake
	refused []string
	refuse  atomic.Bool
}

func (f *refusingFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut && f.refuse.Load() {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		for _, ip := range f.refused {
			if strings.Contains(string(body), `"`+ip+`"`) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `{"httpStatus":400,"messages":[{"errorCode":"DNS-400","message":"refused for the test: %s"}]}`, ip)
				return
			}
		}
	}
	f.Fake.ServeHTTP(w, r)
}

func newRefusingFake(t *testing.T, refused ...string) (*refusingFake, *dnsapitest.Server) {
	f := &refusingFake{Fake: dnsapitest.New(dnsapitest.Options{}), refused: refused}
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	return f, &dnsapitest.Server{Fake: f.Fake, URL: ts.URL}
}

// TestAccReverseRecordSet_partialFailure: an update adds 10 addresses and
// renames 2, and the API refuses (400) the PUTs of 3 new addresses and of
// one rename. The apply fails naming them; the state holds exactly the
// writes that happened (the next plan adds back only the 3 and renames
// only the 1); once the API accepts them, the next apply completes the set
// with those 4 PUTs and nothing else.
func TestAccReverseRecordSet_partialFailure(t *testing.T) {
	t.Parallel()
	ips := setIPs(20)
	refused := []string{ips[12], ips[15], ips[19], ips[1]}
	fake, srv := newRefusingFake(t, refused...)
	first := setRecords(ips[:10])
	second := setRecords(ips)
	second[ips[0]] = setRec{name: "renamed-0.example.com"}
	second[ips[1]] = setRec{name: "renamed-1.example.com"}
	var before map[string]string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return fakeIsEmpty(srv)(nil) },
		Steps: []resource.TestStep{
			{Config: setConfig(srv, first), ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFake(srv, setAddr, first)}},
			{
				PreConfig: func() {
					before = fakeIDs(srv)
					fake.refuse.Store(true)
				},
				Config: setConfig(srv, second),
				// One error per refused write, in whatever order the CLI
				// shows them; the next step's plan check proves which.
				ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)(Failed to (create|update) the reverse\s+record of (%s|%s|%s|%s)\s.*400 Bad Request.*){4}`,
					regexp.QuoteMeta(ips[1]), regexp.QuoteMeta(ips[12]), regexp.QuoteMeta(ips[15]), regexp.QuoteMeta(ips[19]))),
			},
			{
				PreConfig: func() {
					fake.refuse.Store(false)
					srv.ResetRequests()
				},
				Config: setConfig(srv, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{planCheckFunc(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
						resp.Error = expectPriorKeys(req, ips, ips[12], ips[15], ips[19])
					})},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkSetMatchesFake(srv, setAddr, second),
					stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						w := writesOf(srv)
						if len(w[http.MethodPut]) != 4 || len(w[http.MethodDelete]) != 0 {
							resp.Error = fmt.Errorf("the second apply sent %d PUTs and %d DELETEs, want 4 and 0",
								len(w[http.MethodPut]), len(w[http.MethodDelete]))
							return
						}
						after := fakeIDs(srv)
						for ip, id := range before {
							if after[ip] != id {
								resp.Error = fmt.Errorf("the id of %s changed", ip)
							}
						}
					}),
				},
			},
		},
	})
}

// expectPriorKeys checks the state a plan starts from: the set's records
// hold every address of keys but the missing ones, and the refused rename
// of keys[1] still has its old name.
func expectPriorKeys(req plancheck.CheckPlanRequest, keys []string, missing ...string) error {
	if req.Plan.PriorState == nil || req.Plan.PriorState.Values == nil {
		return fmt.Errorf("no prior state")
	}
	attrs, err := setState(req.Plan.PriorState, setAddr)
	if err != nil {
		return err
	}
	records, _ := attrs["records"].(map[string]any)
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	for _, k := range missing {
		delete(want, k)
	}
	if len(records) != len(want) {
		return fmt.Errorf("the state holds %d addresses, want %d (the writes that succeeded)", len(records), len(want))
	}
	for k := range want {
		if _, ok := records[k]; !ok {
			return fmt.Errorf("the state lacks %s, whose write succeeded", k)
		}
	}
	rec, _ := records[keys[1]].(map[string]any)
	if rec["name"] != soakName(keys[1]) {
		return fmt.Errorf("the refused rename of %s shows in the state as %v", keys[1], rec["name"])
	}
	if rec0, _ := records[keys[0]].(map[string]any); rec0["name"] != "renamed-0.example.com" {
		return fmt.Errorf("the successful rename of %s is not in the state: %v", keys[0], rec0["name"])
	}
	return nil
}

// TestAccReverseRecordSet_partialFailureOnCreate: when writes fail while
// the set itself is created, the state saved holds the records written
// (Terraform marks it tainted); the next apply replaces the set and ends
// with exactly the configured records: nothing duplicated, nothing left.
func TestAccReverseRecordSet_partialFailureOnCreate(t *testing.T) {
	t.Parallel()
	ips := setIPs(12)
	fake, srv := newRefusingFake(t, ips[3], ips[7])
	recs := setRecords(ips)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return fakeIsEmpty(srv)(nil) },
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { fake.refuse.Store(true) },
				Config:      setConfig(srv, recs),
				ExpectError: wordsRE("Failed to create the reverse record of", "400 Bad Request"),
			},
			{
				PreConfig: func() {
					fake.refuse.Store(false)
					if n := len(srv.Records()); n != 10 {
						t.Errorf("after the failed create the fake holds %d records, want the 10 accepted", n)
					}
				},
				Config: setConfig(srv, recs),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(setAddr, plancheck.ResourceActionReplace),
						planCheckFunc(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
							keys, err := stateRecordKeys(req.Plan.PriorState, setAddr)
							if err == nil && len(keys) != 10 {
								err = fmt.Errorf("the tainted state holds %d records, want the 10 written", len(keys))
							}
							resp.Error = err
						}),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{checkSetMatchesFake(srv, setAddr, recs)},
			},
		},
	})
}
