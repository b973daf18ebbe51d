package provider

// Adopting records made outside Terraform with import blocks, as the
// adoption guide (templates/guides/adopting-existing-records.md.tmpl)
// documents them. These tests are the guide's proof: what it shows works
// on the CLIs the suite runs with.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// expectImports checks that a plan imports exactly n resources and
// otherwise changes nothing: N to import, 0 to add, change or destroy.
type expectImports struct{ n int }

func (e expectImports) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	imports := 0
	for _, rc := range req.Plan.ResourceChanges {
		if !rc.Change.Actions.NoOp() && !rc.Change.Actions.Read() {
			resp.Error = fmt.Errorf("%s plans %v; want only imports", rc.Address, rc.Change.Actions)
			return
		}
		if rc.Change.Importing != nil {
			imports++
		}
	}
	if imports != e.n {
		resp.Error = fmt.Errorf("the plan imports %d resources, want %d", imports, e.n)
	}
}

var _ plancheck.PlanCheck = expectImports{}

// TestAccAdoptForEachImportOverDataSource: an import block with for_each
// (Terraform 1.7+) over the ionosdns_reverse_records data source adopts
// every record it finds, and a resource block with the same for_each
// manages them afterwards with an empty plan.
func TestAccAdoptForEachImportOverDataSource(t *testing.T) {
	srv := newTestFake(t)
	srv.Seed(20) // records the filter must leave alone
	adopted := []dnsapi.ReverseRecordRead{
		srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.51", Name: "shop-1.example.com", Description: "made in the console"}),
		srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.52", Name: "shop-2.example.com"}),
		srv.Put(dnsapi.ReverseRecord{IP: "2001:db8::53", Name: "shop-3.example.com"}),
	}
	// The guide's example itself, which selects the records named shop-*.
	config := testProviderConfig(srv) + guideExample(t, "import-for-each.tf")
	stateChecks := make([]statecheck.StateCheck, 0, len(adopted))
	for _, rec := range adopted {
		stateChecks = append(stateChecks, statecheck.ExpectKnownValue(
			fmt.Sprintf("ionosdns_reverse_record.adopted[%q]", rec.Properties.IP), tfjsonpath.New("id"), knownvalue.StringExact(rec.ID)))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: srv.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectImports{n: len(adopted)}},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				// A state check, not Check: the legacy state Check gets
				// cannot hold for_each instances with string keys.
				ConfigStateChecks: append(stateChecks, noWrites(srv, 20+len(adopted))),
			},
			{
				Config:   config,
				PlanOnly: true,
			},
			{
				// Destroy them here: terraform-plugin-testing's own destroy
				// at the end reads the state through a shim that rejects
				// for_each instances with string keys.
				Config:            testProviderConfig(srv),
				ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, 20)},
			},
		},
	})
}

// fakeRecordCount is a state check that the fake holds want records.
func fakeRecordCount(srv *dnsapitest.Server, want int) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		if n := len(srv.Records()); n != want {
			resp.Error = fmt.Errorf("the fake holds %d records, want %d", n, want)
		}
	})
}

// guideExample returns an example of the adoption guide, from
// examples/guides/adopting/.
func guideExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "adopting", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noWrites checks that the fake received no write and still holds want
// records.
func noWrites(srv *dnsapitest.Server, want int) statecheck.StateCheck {
	return stateCheckFunc(func(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		if w := srv.WriteRequests(); w != 0 {
			resp.Error = fmt.Errorf("the API received %d writes: %+v", w, srv.Requests())
			return
		}
		fakeRecordCount(srv, want).CheckState(ctx, req, resp)
	})
}
