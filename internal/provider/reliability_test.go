package provider

// Reliability under faults, end to end: Terraform CLI → provider →
// HTTP → the fake API with its fault injection. Each test proves, from
// the fake's own records and request log, that nothing is lost and nothing
// is left behind.

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// TestAccReliability_faultMix applies 40 records in one terraform apply
// while the fake answers 30 % of requests with 503 before processing them,
// loses the answer of 30 % of the writes it processed (502 or a closed
// connection, half and half: the ambiguous failure), and rate limits to 20
// requests per second (429, Retry-After: 1); with the provider block at
// its defaults. For each of ten seeds the fake then holds exactly the 40
// records, the next plan is empty, and one destroy under the same faults
// leaves it empty.
//
// The chaos is seeded: the fake draws the same sequence of dice on every
// run. Which request meets which die depends on the order in which
// Terraform's parallel workers arrive, and the rate limiter on the clock,
// so the counts vary a little from run to run; the outcome must not.
func TestAccReliability_faultMix(t *testing.T) {
	t.Parallel()
	start := time.Now()
	for seed := int64(20261201); seed < 20261211; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			faultMixRun(t, dnsapitest.Chaos{Seed: seed, Fail503Rate: 0.3, DropWriteRate: 0.3, RateLimitPerSecond: 20})
		})
	}
	t.Cleanup(func() {
		t.Logf("ten seeds, 40 records each: %v in all", time.Since(start).Round(time.Second))
	})
}

func faultMixRun(t *testing.T, chaos dnsapitest.Chaos) {
	srv := newTestFake(t)
	ips := faultSoakIPs()
	config := soakConfig(srv, ips)
	srv.SetChaos(chaos)

	start := time.Now()
	var (
		applyDone, planDone time.Time
		afterApply          []dnsapi.ReverseRecordRead
		applyTally          faultTally
		putIDs              = map[string]bool{}
		recordsAfterDestroy = -1
	)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// One terraform apply creates all 40.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					checkSoakState(srv, ips),
					stateCheckFunc(func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
						applyDone = time.Now()
						afterApply = srv.Records()
						reqs := srv.Requests()
						applyTally = tallyRequests(reqs)
						for _, r := range reqs {
							if r.Method == http.MethodPut {
								putIDs[strings.TrimPrefix(r.Path, "/reverserecords/")] = true
							}
						}
					}),
				},
			},
			{
				// Nothing left to do, faults or not.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkSoakState(srv, ips),
					stateCheckFunc(func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
						planDone = time.Now()
					}),
				},
			},
		},
		// The one destroy runs under the same faults.
		CheckDestroy: func(*terraform.State) error {
			recordsAfterDestroy = len(srv.Records())
			return fakeIsEmpty(srv)(nil)
		},
	})
	end := time.Now()
	if t.Failed() {
		t.Logf("all requests: %s", tallyRequests(srv.Requests()))
		return
	}

	// Every create chose one id and kept it through all its retries: 40
	// PUT targets for 40 records, so no retry made a second record.
	if len(putIDs) != len(ips) {
		t.Errorf("the creates PUT to %d distinct ids, want %d (one per record)", len(putIDs), len(ips))
	}
	for _, r := range afterApply {
		if !putIDs[r.ID] {
			t.Errorf("record %s (%s) has an id no create chose", r.ID, r.Properties.IP)
		}
	}

	all := tallyRequests(srv.Requests())
	all.checkFaultsMet(t)
	if all.byMethod[http.MethodDelete] < len(ips) {
		t.Errorf("%d DELETE requests for %d records", all.byMethod[http.MethodDelete], len(ips))
	}

	t.Logf("fault mix: %.0f%% 503 before processing, %.0f%% of writes processed then answered 502 or dropped, rate limit %d/s (429, Retry-After: 1), seed %d",
		chaos.Fail503Rate*100, chaos.DropWriteRate*100, chaos.RateLimitPerSecond, chaos.Seed)
	t.Logf("the one terraform apply of %d records: %s", len(ips), applyTally)
	t.Logf("whole test (apply, empty plan, destroy): %s", all)
	t.Logf("records on the fake: %d after apply (%d distinct PUT ids), %d after destroy", len(afterApply), len(putIDs), recordsAfterDestroy)
	t.Logf("wall time: apply step %v, empty-plan step %v, destroy %v, total %v",
		applyDone.Sub(start).Round(time.Millisecond), planDone.Sub(applyDone).Round(time.Millisecond),
		end.Sub(planDone).Round(time.Millisecond), end.Sub(start).Round(time.Millisecond))
}

// expectTaintedInPriorState checks that Terraform's plan starts from a
// state where addr is tainted, with the id *id (set by the time the check
// runs), and replaces it.
func expectTaintedInPriorState(addr string, id *string) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		p := req.Plan
		if p.PriorState == nil || p.PriorState.Values == nil || p.PriorState.Values.RootModule == nil {
			resp.Error = fmt.Errorf("the plan has no prior state: the failed create was forgotten")
			return
		}
		for _, r := range p.PriorState.Values.RootModule.Resources {
			if r.Address != addr {
				continue
			}
			if !r.Tainted {
				resp.Error = fmt.Errorf("%s is in the state but not tainted", addr)
				return
			}
			if got, _ := r.AttributeValues["id"].(string); got != *id {
				resp.Error = fmt.Errorf("%s has id %q in the state, want the id of the record the failed create stored, %q", addr, got, *id)
				return
			}
			for _, rc := range p.ResourceChanges {
				if rc.Address == addr && rc.Change != nil && rc.Change.Actions.Replace() {
					return
				}
			}
			resp.Error = fmt.Errorf("%s is tainted but not planned for replacement", addr)
			return
		}
		resp.Error = fmt.Errorf("%s is not in the state: the failed create was forgotten", addr)
	})
}

type planCheckFunc func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse)

func (f planCheckFunc) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	f(ctx, req, resp)
}

// TestAccReliability_createThatMayHaveHappenedIsKeptTainted: every attempt
// of a create is processed by the API but its answer is lost, until the
// create timeout ends the apply after the record exists. The resource must
// be saved to the state, tainted, with the id of the record the API
// stored, rather than forgotten (which would leave an orphan holding the
// IP). The next apply replaces it and converges to exactly one record. The
// provider block is at its defaults: the timeout is what ends the retries.
func TestAccReliability_createThatMayHaveHappenedIsKeptTainted(t *testing.T) {
	for _, tt := range []struct {
		name string
		mode dnsapitest.DropMode
		want *regexp.Regexp
	}{
		{"answered 502", dnsapitest.DropWith502, wordsRE("Failed to create the reverse record of 203.0.113.40",
			"the create timeout (3s) would pass first", "last attempt: 502 Bad Gateway", "Limit hit: the create timeout (3s)")},
		{"connection closed", dnsapitest.DropConnection, wordsRE("Failed to create the reverse record of 203.0.113.40",
			"the create timeout (3s)", "Limit hit: the create timeout (3s)")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestFake(t)
			config := testProviderConfig(srv) + `
resource "ionosdns_reverse_record" "test" {
  ip   = "203.0.113.40"
  name = "kept.example.com"

  timeouts {
    create = "3s"
  }
}
`
			var orphanID string
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             fakeIsEmpty(srv),
				Steps: []resource.TestStep{
					{
						// Every attempt within the 3s is processed, and its answer lost.
						PreConfig:   func() { srv.DropNext(1000, tt.mode) },
						Config:      config,
						ExpectError: tt.want,
					},
					{
						PreConfig: func() {
							srv.ClearFaults()
							// The fake holds the one record the PUTs (to one id) made.
							recs := srv.Records()
							if len(recs) != 1 || recs[0].Properties.IP != "203.0.113.40" {
								t.Fatalf("after the failed create the fake holds %+v, want one record for 203.0.113.40", recs)
							}
							orphanID = recs[0].ID
							for _, r := range srv.Requests() {
								if r.Method == http.MethodPut && r.Path != "/reverserecords/"+orphanID {
									t.Fatalf("a retry of the create PUT to %s, not to %s", r.Path, orphanID)
								}
							}
							if n := srv.CountRequests(http.MethodPut); n < 2 {
								t.Fatalf("%d PUT attempts in 3s, want the create retried", n)
							}
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(testRecordAddr, plancheck.ResourceActionReplace),
								expectTaintedInPriorState(testRecordAddr, &orphanID),
							},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						Check: resource.ComposeAggregateTestCheckFunc(
							fakeHolds(srv, map[string]string{"203.0.113.40": "kept.example.com"}),
							func(s *terraform.State) error {
								rs := s.RootModule().Resources[testRecordAddr]
								rec, _ := srv.RecordByIP("203.0.113.40")
								if rs == nil || rs.Primary.ID != rec.ID || rs.Primary.Tainted {
									return fmt.Errorf("state %+v does not match the fake's record %s", rs, rec.ID)
								}
								if _, still := srv.Record(orphanID); still {
									return fmt.Errorf("the record of the failed create, %s, is still there", orphanID)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// TestAccReliability_limitsAreNamed: when a limit ends an operation, the
// error says which one, in the provider's terms, and stops in time; once
// the fault is gone the next apply converges to exactly one record.
func TestAccReliability_limitsAreNamed(t *testing.T) {
	for _, tt := range []struct {
		name     string
		provider string // extra provider attributes
		timeouts string // the resource's timeouts block, if any
		fault    func(*dnsapitest.Server)
		want     *regexp.Regexp
		// maxPUTs bounds the PUT attempts of the failing apply.
		minPUTs, maxPUTs int
		maxTime          time.Duration
	}{
		{
			name:     "Retry-After above max_retry_wait",
			provider: `  max_retry_wait = "5s"`,
			fault:    func(srv *dnsapitest.Server) { srv.ThrottleNext(1, "120") },
			want: wordsRE("429 Too Many Requests: the server asked to retry after 2m0s, longer than the configured maximum wait of 5s",
				"Limit hit: the provider's max_retry_wait (5s)", "raise max_retry_wait"),
			minPUTs: 1, maxPUTs: 1, // fails at once, no waiting
			maxTime: 30 * time.Second,
		},
		{
			// The provider block at its defaults: the timeout, not a
			// retry count, ends an outage longer than the timeout.
			name: "create timeout shorter than an outage",
			timeouts: `
  timeouts {
    create = "5s"
  }`,
			fault: func(srv *dnsapitest.Server) { srv.SetOutage(dnsapitest.Outage{Duration: 2 * time.Minute}) },
			want: wordsRE("gave up after", "attempt(s)", "the create timeout (5s) would pass first",
				"last attempt: 503 Service Unavailable", "Limit hit: the create timeout (5s)",
				"resource's timeouts block", `timeouts { create = "10m" }`),
			minPUTs: 3, maxPUTs: 12,
			maxTime: 40 * time.Second,
		},
		{
			name:     "max_retries exhausted",
			provider: `  max_retries = 2`,
			fault:    func(srv *dnsapitest.Server) { srv.FailNext(3, http.StatusServiceUnavailable) },
			want: wordsRE("503 Service Unavailable", "Limit hit: the provider's max_retries",
				"still answered 503 Service Unavailable when the retries ran out"),
			minPUTs: 3, maxPUTs: 3,
			maxTime: 30 * time.Second,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestFake(t)
			config := providerBlock(srv, tt.provider) + fmt.Sprintf(`
resource "ionosdns_reverse_record" "test" {
  ip   = "203.0.113.41"
  name = "limits.example.com"%s
}
`, tt.timeouts)
			var (
				stepStart  time.Time
				failedStep time.Duration
			)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             fakeIsEmpty(srv),
				Steps: []resource.TestStep{
					{
						PreConfig: func() {
							tt.fault(srv)
							stepStart = time.Now()
						},
						Config:      config,
						ExpectError: tt.want,
					},
					{
						PreConfig: func() {
							failedStep = time.Since(stepStart)
							srv.ClearFaults()
							puts := srv.CountRequests(http.MethodPut)
							if puts < tt.minPUTs || puts > tt.maxPUTs {
								t.Errorf("the failing apply made %d PUT attempts, want %d to %d", puts, tt.minPUTs, tt.maxPUTs)
							}
							if n := len(srv.Records()); n != 0 {
								t.Errorf("the fake holds %d records after requests it refused", n)
							}
							if failedStep > tt.maxTime {
								t.Errorf("the failing step took %v, want at most %v", failedStep, tt.maxTime)
							}
						},
						Config:           config,
						ConfigPlanChecks: expectEmptyPlanAfterApply,
						Check:            fakeHolds(srv, map[string]string{"203.0.113.41": "limits.example.com"}),
					},
				},
			})
			t.Logf("failing step (init, plan, apply) took %v", failedStep.Round(time.Millisecond))
		})
	}
}
