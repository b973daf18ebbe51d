package provider

// The refresh of many managed records against the paging modes of
// paging_test.go: the read-ahead must read every page it needs, and no
// more, whatever _links.next says.

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// managedConfig manages recs with one for_each resource, importing them
// by IP.
func managedConfig(srv *dnsapitest.Server, recs []dnsapi.ReverseRecordRead) string {
	var b strings.Builder
	b.WriteString(testProviderConfig(srv))
	b.WriteString("locals {\n  records = {\n")
	for _, r := range recs {
		fmt.Fprintf(&b, "    %q = %q\n", r.Properties.IP, r.Properties.Name)
	}
	b.WriteString(`  }
}

import {
  for_each = local.records
  to       = ionosdns_reverse_record.managed[each.key]
  id       = each.key
}

resource "ionosdns_reverse_record" "managed" {
  for_each = local.records
  ip       = each.key
  name     = each.value
}
`)
	return b.String()
}

// requestBudget checks that srv received at most n requests (since its
// log was last reset), and no GET by id.
func requestBudget(srv *dnsapitest.Server, n int) error {
	reqs := srv.Requests()
	gets := 0
	for _, r := range reqs {
		if r.Path != "/reverserecords" {
			gets++
		}
	}
	if len(reqs) > n || gets > 0 {
		return fmt.Errorf("the refresh cost %d requests (%d of them GET by id); want at most %d and no GET by id", len(reqs), gets, n)
	}
	return nil
}

// requestsAtMost is requestBudget as a plan check.
func requestsAtMost(srv *dnsapitest.Server, n int) plancheck.PlanCheck {
	return planCheckFunc(func(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
		resp.Error = requestBudget(srv, n)
	})
}

// A no-change plan of 1100 managed records (two pages of the list) is a
// handful of requests: the read-ahead reads both pages, and stops at the
// short one, however the server sets next. Through the CLI this takes
// about three minutes on a loaded 2-core machine, Terraform's own cost
// for 1100 resources, so it runs against the server that broke the old
// walker (next never sent: 102 requests, 100 of them GET by id);
// TestPaging_refreshOfManyRecords covers every mode through the plugin
// protocol. The records are imported, not created, and forgotten at the
// end rather than destroyed, which is faster.
func TestAccPaging_noChangePlanOfManyRecords(t *testing.T) {
	const managed = 1_100
	srv := dnsapitest.NewServer(t, dnsapitest.Options{Paging: dnsapitest.Paging{Next: dnsapitest.NextNever}})
	recs := srv.Seed(managed)
	config := managedConfig(srv, recs)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectImports{n: managed}},
					// After the apply, Terraform plans without refreshing
					// (no request), then with: that second plan is the
					// no-change plan of 1100 records to count.
					PostApplyPreRefresh: []plancheck.PlanCheck{planCheckFunc(func(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
						srv.ResetRequests()
					})},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), requestsAtMost(srv, 10)},
				},
				ConfigStateChecks: []statecheck.StateCheck{noWrites(srv, managed)},
			},
			{
				// Forget the records: destroying 1100 would cost more
				// than the rest of the test.
				Config: testProviderConfig(srv) + `
removed {
  from = ionosdns_reverse_record.managed
  lifecycle {
    destroy = false
  }
}
`,
				ConfigStateChecks: []statecheck.StateCheck{noWrites(srv, managed)},
			},
		},
	})
}

// stateValue is a resource state with id, ip and name set, the rest null,
// as a state written by an earlier version may be.
func (h *protocolHarness) stateValue(id, ip, name string) *tfprotov6.DynamicValue {
	obj := h.resourceType.(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for attr, typ := range obj.AttributeTypes {
		attrs[attr] = tftypes.NewValue(typ, nil)
	}
	attrs["id"] = tftypes.NewValue(tftypes.String, id)
	attrs["ip"] = tftypes.NewValue(tftypes.String, ip)
	attrs["name"] = tftypes.NewValue(tftypes.String, name)
	return h.dynamic(h.resourceType, tftypes.NewValue(h.resourceType, attrs))
}

// The refresh of 1100 managed records, through the plugin protocol as
// Terraform calls it (ReadResource, ten at a time): a handful of
// requests, no GET by id, under every paging mode.
func TestPaging_refreshOfManyRecords(t *testing.T) {
	const managed, parallelism = 1_100, 10
	for _, mode := range pagingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv := dnsapitest.NewServer(t, dnsapitest.Options{Paging: mode.paging})
			recs := srv.Seed(managed)
			h := newProtocolHarness(t, srv)
			srv.ResetRequests()

			work := make(chan dnsapi.ReverseRecordRead)
			errs := make(chan error, managed)
			var wg sync.WaitGroup
			for range parallelism {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for rec := range work {
						errs <- h.refresh(rec)
					}
				}()
			}
			for _, rec := range recs {
				work <- rec
			}
			close(work)
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := requestBudget(srv, 10); err != nil {
				t.Fatal(err)
			}
			t.Logf("%d reads, %d requests", managed, len(srv.Requests()))
		})
	}
}

// refresh reads rec through ReadResource from a state holding it, and
// checks the answer.
func (h *protocolHarness) refresh(rec dnsapi.ReverseRecordRead) error {
	read, err := h.server.ReadResource(h.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: recordType, CurrentState: h.stateValue(rec.ID, rec.Properties.IP, rec.Properties.Name),
	})
	if err != nil {
		return fmt.Errorf("ReadResource of %s: %w", rec.ID, err)
	}
	if diagsHaveError(read.Diagnostics) {
		return fmt.Errorf("ReadResource of %s: %v", rec.ID, read.Diagnostics)
	}
	if got := h.attrs(h.resourceType, read.NewState); got["id"] != rec.ID || got["name"] != rec.Properties.Name {
		return fmt.Errorf("read %s as %v", rec.ID, got)
	}
	return nil
}
