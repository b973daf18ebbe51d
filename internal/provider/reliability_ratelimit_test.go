package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// The rate-limit test: a contract limited to rateLimit requests per second,
// rateLimitRecords records, the provider block at its defaults.
const (
	rateLimitRecords = 400
	rateLimit        = 20
)

// bulkIPs are n IPv6 addresses of the documentation range.
func bulkIPs(n int) []string {
	ips := make([]string, n)
	for i := range ips {
		ips[i] = fmt.Sprintf("2001:db8:400::%x", i+1)
	}
	return ips
}

// TestAccReliability_rateLimit applies 400 records against an API that
// admits 20 requests per second and answers the rest 429 with
// Retry-After: 1, as IONOS limits a contract; with the provider block at
// its defaults. Backing off per request, the provider used to send 27 % of
// its requests into the limit. With the shared pacer at most 5 % of all
// requests (apply, plan, destroy) are 429s, and apply and destroy each
// complete in one run.
//
// The wall time is not asserted here: on a loaded machine it measures the
// machine. `make bench-scale` (internal/cmd/bench, case 400 @ 20 req/s)
// times the same apply against its terraform_data floor, with the target
// "apply ≤ 1.15 × 400 / 20 s + terraform_data" (and the same for the
// destroy).
func TestAccReliability_rateLimit(t *testing.T) {
	srv := newTestFake(t)
	srv.SetChaos(dnsapitest.Chaos{Seed: 1, RateLimitPerSecond: rateLimit})
	ips := bulkIPs(rateLimitRecords)
	config := soakConfig(srv, ips)
	var applyTally, planTally faultTally
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					checkSoakState(srv, ips),
					stateCheckFunc(func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
						applyTally = tallyRequests(srv.Requests())
					}),
				},
			},
			{
				PreConfig: srv.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					stateCheckFunc(func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
						planTally = tallyRequests(srv.Requests())
						srv.ResetRequests()
					}),
				},
			},
		},
		CheckDestroy: fakeIsEmpty(srv),
	})
	if t.Failed() {
		return
	}
	destroyTally := tallyRequests(srv.Requests())

	var total, throttled int
	for _, tally := range []faultTally{applyTally, planTally, destroyTally} {
		total += tally.total
		throttled += tally.byStatus[http.StatusTooManyRequests]
	}
	share := float64(throttled) / float64(total)
	t.Logf("apply: %s", applyTally)
	t.Logf("plan and the steps' refreshes: %s", planTally)
	t.Logf("the harness's last refresh and the destroy: %s", destroyTally)
	t.Logf("429s: %d of %d requests (%.1f %%)", throttled, total, share*100)

	// 1200 requests and more at Terraform's pace outrun 20 per second:
	// without a 429 the limit was never met, and the test tested nothing.
	if throttled == 0 {
		t.Errorf("no request met the rate limit of %d/s: the test did not test it", rateLimit)
	}
	if share > 0.05 {
		t.Errorf("%.1f %% of all requests were 429s, want at most 5 %%", share*100)
	}
	if n := applyTally.byMethod[http.MethodPut]; n < rateLimitRecords || applyTally.byStatus[http.StatusOK] != rateLimitRecords {
		t.Errorf("the apply made %d PUTs with %d answered 200, want %d created", n, applyTally.byStatus[http.StatusOK], rateLimitRecords)
	}
	// One DELETE per record, plus a few sent again after a 429.
	if n := destroyTally.byMethod[http.MethodDelete]; n < rateLimitRecords || n > rateLimitRecords+throttled {
		t.Errorf("the destroy sent %d DELETEs for %d records (%d requests were 429s)", n, rateLimitRecords, throttled)
	}
}

// TestAccReliability_maxRequestsPerSecond: with the contract's limit known
// and set as max_requests_per_second, requests are spaced from the first
// one, and the API never answers 429.
func TestAccReliability_maxRequestsPerSecond(t *testing.T) {
	t.Parallel()
	const limit, records = 10, 30
	srv := newTestFake(t)
	srv.SetChaos(dnsapitest.Chaos{Seed: 1, RateLimitPerSecond: limit})
	ips := bulkIPs(records)
	config := strings.Replace(soakConfig(srv, ips), `provider "ionosdns" {`,
		fmt.Sprintf("provider \"ionosdns\" {\n  max_requests_per_second = %d", limit), 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				checkSoakState(srv, ips),
				stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
					reqs := srv.Requests()
					tally := tallyRequests(reqs)
					if n := tally.byStatus[http.StatusTooManyRequests]; n != 0 {
						resp.Error = fmt.Errorf("%d answers were 429 under a cap equal to the limit: %s", n, tally)
						return
					}
					// 30 requests at 10 per second: 2.9s from the first
					// to the last at least.
					if span := reqs[len(reqs)-1].Time.Sub(reqs[0].Time); span < 2800*time.Millisecond {
						resp.Error = fmt.Errorf("%d requests arrived within %v: not spaced at %d per second", len(reqs), span, limit)
					}
				}),
			},
		}},
	})
	if t.Failed() {
		return
	}
	if n := tallyRequests(srv.Requests()).byStatus[http.StatusTooManyRequests]; n != 0 {
		t.Errorf("%d answers were 429 over the whole test", n)
	}
}
