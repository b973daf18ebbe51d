package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// outageLength is longer than the whole retry budget the provider had
// before the budget became time (8 retries, backoff capped at 10s: about
// 59s), so only a provider that retries until its timeout survives it.
const outageLength = 65 * time.Second

// outageIPs are the 30 addresses of the outage test.
func outageIPs() []string {
	ips := make([]string, 0, 30)
	for i := 1; i <= 15; i++ {
		ips = append(ips, fmt.Sprintf("203.0.113.%d", 100+i), fmt.Sprintf("2001:db8:0:aa::%x", i))
	}
	return ips
}

// expectOutageMet fails unless the outage srv was told of began, ended,
// and refused requests: a test whose outage never happened proves nothing.
func expectOutageMet(srv *dnsapitest.Server, what string) error {
	start, end := srv.OutageWindow()
	if start.IsZero() || end.IsZero() {
		return fmt.Errorf("%s: the outage did not happen (window %v – %v)", what, start, end)
	}
	refused := 0
	for _, r := range srv.Requests() {
		if r.Fault == dnsapitest.FaultOutage {
			refused++
		}
	}
	if refused == 0 {
		return fmt.Errorf("%s: no request met the outage", what)
	}
	return nil
}

// TestAccReliability_outage: the API answers 503 to everything for 65s in
// the middle of an apply of 30 records, of a plan, and of a destroy. With
// the provider block at its defaults each completes in one run: the fake
// then holds exactly the 30 records with the state's ids, the next plan is
// empty, and the destroy leaves the fake empty.
func TestAccReliability_outage(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	ips := outageIPs()
	config := soakConfig(srv, ips)
	outage := func(method string, after int) func() {
		return func() {
			srv.ResetRequests()
			srv.SetOutage(dnsapitest.Outage{AfterRequests: after, Method: method, Duration: outageLength})
		}
	}
	checkOutage := func(what string) statecheck.StateCheck {
		return stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
			resp.Error = expectOutageMet(srv, what)
		})
	}
	start := time.Now()
	var applied, planned time.Time
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{
				// The outage begins after 10 of the 30 creates.
				PreConfig: outage(http.MethodPut, 10),
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					checkSoakState(srv, ips),
					checkOutage("apply"),
					stateCheckFunc(func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
						applied = time.Now()
					}),
				},
			},
			{
				// A plan whose refresh meets the outage after its first
				// read request: reads are batched, and the 30 records
				// take two or three requests.
				PreConfig: outage(http.MethodGet, 1),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					checkSoakState(srv, ips),
					checkOutage("plan"),
					stateCheckFunc(func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
						planned = time.Now()
					}),
				},
			},
			{
				// A destroy that meets the outage after 10 of its deletes.
				PreConfig: outage(http.MethodDelete, 10),
				Config:    config,
				Destroy:   true,
				Check: func(s *terraform.State) error {
					if err := expectOutageMet(srv, "destroy"); err != nil {
						return err
					}
					if n := srv.CountRequests(http.MethodDelete); n < len(ips) {
						return fmt.Errorf("%d DELETE requests for %d records", n, len(ips))
					}
					return fakeIsEmpty(srv)(s)
				},
			},
		},
	})
	t.Logf("outages of %v survived with the defaults: apply step %v, plan step %v, destroy step %v",
		outageLength, applied.Sub(start).Round(time.Second), planned.Sub(applied).Round(time.Second),
		time.Since(planned).Round(time.Second))
}
