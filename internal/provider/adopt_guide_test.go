package provider

// The adoption guide's remaining examples, run as the guide shows them:
// a moved block inside a module (moved-in-module.tf) and an import block
// for one record (import-single.tf). The script that generates moved
// blocks has its own file (adopt_generate_moved_test.go), and
// TestAdoptionGuideExamplesAreTested keeps every example under test.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// writeModule writes main.tf of a module (or of a root configuration)
// into a new directory and returns the directory: for an absolute module
// source (Terraform links it into .terraform/modules at init), or for a
// step's ConfigDirectory.
func writeModule(t *testing.T, mainTF string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(mainTF), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// moduleCalls calls the module at dir three times: for_each over two
// sites (two records and one) and one plain call (one record).
func moduleCalls(dir string) string {
	return fmt.Sprintf(`
module "site" {
  source   = %[1]q
  for_each = {
    eu = { "203.0.113.61" = "eu-1.example.com", "2001:db8::62" = "eu-2.example.com" }
    us = { "203.0.113.63" = "us-1.example.com" }
  }
  records = each.value
}

module "mail" {
  source  = %[1]q
  records = { "198.51.100.64" = "mail.example.com" }
}
`, dir)
}

// TestAccMoveState_inModule: the guide's module (moved-in-module.tf, used
// as it is) with its moved block moves the records of every call of the
// module, and of every instance of a module called with for_each, from
// ionoscloud_dns_reverse_record: no write to the API, an empty plan after.
func TestAccMoveState_inModule(t *testing.T) {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "ionos-cloud") // see TestAccMoveState_fromIonosCloud
	srv := newTestFake(t)
	target := guideExample(t, "moved-in-module.tf")
	// A module names its own providers' sources (without, Terraform looks
	// for hashicorp/ionosdns): the guide's required-providers.tf, with
	// the namespace the harness serves both providers under.
	requirements := strings.Replace(guideExample(t, "required-providers.tf"), `"ionosdns/ionosdns"`, `"ionos-cloud/ionosdns"`, 1)
	if !strings.Contains(requirements, `"ionos-cloud/ionosdns"`) {
		t.Fatalf("required-providers.tf no longer names ionosdns/ionosdns:\n%s", requirements)
	}
	before := writeModule(t, requirements+ionosCloudSource(t, target))
	after := writeModule(t, requirements+target)
	afterRoot := writeModule(t, moveConfig(srv, moduleCalls(after)))
	moves := expectOnlyMoves{}
	for _, inst := range []struct{ module, ip string }{
		{`module.site["eu"]`, "203.0.113.61"}, {`module.site["eu"]`, "2001:db8::62"},
		{`module.site["us"]`, "203.0.113.63"}, {`module.mail`, "198.51.100.64"},
	} {
		moves[fmt.Sprintf("%s.ionosdns_reverse_record.this[%q]", inst.module, inst.ip)] =
			fmt.Sprintf("%s.ionoscloud_dns_reverse_record.this[%q]", inst.module, inst.ip)
	}
	var made []dnsapi.ReverseRecordRead
	// terraform-plugin-testing runs terraform init with a step's whole
	// configuration, which installs the modules, only for a step with
	// providers of its own and a ConfigDirectory (with Config, init sees
	// only the provider requirements).
	providers := map[string]func() (tfprotov6.ProviderServer, error){
		"ionosdns":   testAccProtoV6ProviderFactories["ionosdns"],
		"ionoscloud": ionosCloudStandInFactory(srv),
	}
	steps := []resource.TestStep{
		{
			// Before: the module manages the records with IONOS's provider.
			ConfigDirectory: config.StaticDirectory(writeModule(t, moveConfig(srv, moduleCalls(before)))),
			ConfigStateChecks: []statecheck.StateCheck{
				fakeRecordCount(srv, len(moves)),
				stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, _ *statecheck.CheckStateResponse) {
					made = srv.Records()
				}),
			},
		},
		{
			// After: the module as the guide shows it.
			PreConfig:       srv.ResetRequests,
			ConfigDirectory: config.StaticDirectory(afterRoot),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{moves},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				noWrites(srv, len(moves)),
				stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
					resp.Error = sameRecords(made, srv.Records())
				}),
			},
		},
		{ConfigDirectory: config.StaticDirectory(afterRoot), PlanOnly: true},
		{
			// Destroyed here: the harness's own destroy reads the state
			// through a shim that rejects for_each string keys.
			ConfigDirectory:   config.StaticDirectory(writeModule(t, moveConfig(srv, ""))),
			ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, 0)},
		},
	}
	for i := range steps {
		steps[i].ProtoV6ProviderFactories = providers
	}
	resource.UnitTest(t, resource.TestCase{Steps: steps})
}

// sameRecords fails unless after holds exactly the records of before,
// with the same ids and properties.
func sameRecords(before, after []dnsapi.ReverseRecordRead) error {
	if len(before) != len(after) {
		return fmt.Errorf("%d records before, %d after", len(before), len(after))
	}
	byID := map[string]dnsapi.ReverseRecord{}
	for _, r := range before {
		byID[r.ID] = r.Properties
	}
	for _, r := range after {
		if p, ok := byID[r.ID]; !ok || p != r.Properties {
			return fmt.Errorf("record %s is %+v, before %+v (found %v)", r.ID, r.Properties, p, ok)
		}
	}
	return nil
}

// TestAccAdoptImportSingle: the guide's import block (import-single.tf)
// adopts a record made by hand, by its IP address as the example has it,
// and by its id as the guide says it may: the plan imports it and changes
// nothing, the apply writes nothing, the state has the record's id, and
// the next plan is empty.
func TestAccAdoptImportSingle(t *testing.T) {
	example := guideExample(t, "import-single.tf")
	const byIP = `id = "198.51.100.25"`
	if !strings.Contains(example, byIP) {
		t.Fatalf("import-single.tf no longer imports by %s:\n%s", byIP, example)
	}
	for _, by := range []string{"ip", "id"} {
		t.Run("by "+by, func(t *testing.T) {
			srv := newTestFake(t)
			srv.Seed(5) // others, left alone
			rec := srv.Put(dnsapi.ReverseRecord{IP: "198.51.100.25", Name: "mail.example.com"})
			cfg := testProviderConfig(srv) + example
			if by == "id" {
				cfg = strings.Replace(cfg, byIP, fmt.Sprintf("id = %q", rec.ID), 1)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             fakeRecordGone(srv, rec.ID, 5),
				Steps: []resource.TestStep{
					{
						PreConfig: srv.ResetRequests,
						Config:    cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{expectImports{n: 1}},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("ionosdns_reverse_record.mail", tfjsonpath.New("id"), knownvalue.StringExact(rec.ID)),
							statecheck.ExpectKnownValue("ionosdns_reverse_record.mail", tfjsonpath.New("name"), knownvalue.StringExact("mail.example.com")),
							noWrites(srv, 6),
						},
					},
					{Config: cfg, PlanOnly: true},
				},
			})
		})
	}
}

// fakeRecordGone checks, after the destroy, that record id is gone and
// the others records are left.
func fakeRecordGone(srv *dnsapitest.Server, id string, others int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, ok := srv.Record(id); ok {
			return fmt.Errorf("record %s survived the destroy", id)
		}
		if n := len(srv.Records()); n != others {
			return fmt.Errorf("the fake holds %d records after the destroy, want the %d others", n, others)
		}
		return nil
	}
}
