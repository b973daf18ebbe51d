package provider

// moved blocks from IONOS's ionoscloud_dns_reverse_record through the CLI,
// with a stand-in provider under IONOS's source address.

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// ionosCloudSource returns what a configuration with moved blocks from
// ionoscloud_dns_reverse_record was before: the same resources of IONOS's
// provider, without the moved blocks.
func ionosCloudSource(t *testing.T, target string) string {
	t.Helper()
	movedBlock := regexp.MustCompile(`(?s)moved \{.*?\n\}\n`)
	if !movedBlock.MatchString(target) {
		t.Fatalf("no moved block in\n%s", target)
	}
	return strings.ReplaceAll(movedBlock.ReplaceAllString(target, ""), "ionosdns_reverse_record", ionosCloudResourceType)
}

// moveConfig is a configuration naming both providers by their IONOS
// sources, so that the stand-in is ionos-cloud/ionoscloud (see
// TestAccMoveState_fromIonosCloud), with body after it.
func moveConfig(srv *dnsapitest.Server, body string) string {
	return `
terraform {
  required_providers {
    ionoscloud = { source = "ionos-cloud/ionoscloud" }
    ionosdns   = { source = "ionos-cloud/ionosdns" }
  }
}
` + testProviderConfig(srv) + body
}

// expectOnlyMoves checks that a plan does nothing but the moves it maps
// (new address to previous address): each is a no-op with that previous
// address, and nothing else changes.
type expectOnlyMoves map[string]string

func (e expectOnlyMoves) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	moved := 0
	for _, rc := range req.Plan.ResourceChanges {
		if !rc.Change.Actions.NoOp() {
			resp.Error = fmt.Errorf("%s plans %v; want only moves", rc.Address, rc.Change.Actions)
			return
		}
		if from, ok := e[rc.Address]; ok {
			if rc.PreviousAddress != from {
				resp.Error = fmt.Errorf("%s comes from %q, want a move from %s", rc.Address, rc.PreviousAddress, from)
				return
			}
			moved++
		}
	}
	if moved != len(e) {
		resp.Error = fmt.Errorf("the plan makes %d of the %d moves %v", moved, len(e), e)
	}
}

var _ plancheck.PlanCheck = expectOnlyMoves{}

// TestAccMoveState_fromIonosCloud: a record made with IONOS's
// provider (here its stand-in) is taken over with a moved block, without a
// single write to the API, and plans empty afterwards.
//
// terraform-plugin-testing serves every in-process provider under one
// namespace: "hashicorp" (and "-") unless TF_ACC_PROVIDER_NAMESPACE says
// otherwise (helper/resource/plugin.go, runProviderCommand and
// getProviderAddr). A move source must be ionos-cloud/ionoscloud for the
// provider to accept it, so this test serves both providers under
// "ionos-cloud" and names them with explicit sources. The host stays what
// TF_ACC_PROVIDER_HOST says (registry.opentofu.org with OpenTofu), which
// the provider accepts too.
func TestAccMoveState_fromIonosCloud(t *testing.T) {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "ionos-cloud")
	srv := newTestFake(t)
	target := guideExample(t, "moved-single.tf")
	source := ionosCloudSource(t, target)
	var recordID string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"ionosdns":   testAccProtoV6ProviderFactories["ionosdns"],
			"ionoscloud": ionosCloudStandInFactory(srv),
		},
		CheckDestroy: fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{
				Config: moveConfig(srv, source),
				Check: func(*terraform.State) error {
					records := srv.Records()
					if len(records) != 1 {
						return fmt.Errorf("the stand-in made %d records, want 1", len(records))
					}
					recordID = records[0].ID
					return nil
				},
			},
			{
				PreConfig: srv.ResetRequests,
				Config:    moveConfig(srv, target),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectOnlyMoves{"ionosdns_reverse_record.web": "ionoscloud_dns_reverse_record.web"},
						plancheck.ExpectResourceAction("ionosdns_reverse_record.web", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ionosdns_reverse_record.web", tfjsonpath.New("id"), knownvalue.StringFunc(func(id string) error {
						if id != recordID {
							return fmt.Errorf("id %q, want the stand-in's record %q", id, recordID)
						}
						return nil
					})),
					statecheck.ExpectKnownValue("ionosdns_reverse_record.web", tfjsonpath.New("created_date"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("ionosdns_reverse_record.web", tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue("ionosdns_reverse_record.web", tfjsonpath.New("timeouts").AtMapKey("create"),
						knownvalue.StringExact("10m")),
				},
				Check: func(*terraform.State) error {
					if w := srv.WriteRequests(); w != 0 {
						return fmt.Errorf("the move wrote to the API %d times: %+v", w, srv.Requests())
					}
					if records := srv.Records(); len(records) != 1 || records[0].ID != recordID {
						return fmt.Errorf("after the move the fake holds %+v", records)
					}
					return nil
				},
			},
			{
				// The next plan is empty (a plan-only step fails otherwise).
				Config:   moveConfig(srv, target),
				PlanOnly: true,
			},
		},
	})
}

// TestAccMoveState_manyFromIonosCloud: one moved block moves
// every instance of a for_each resource, as the guide's example (used here
// as it is) shows for many records at once.
func TestAccMoveState_manyFromIonosCloud(t *testing.T) {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "ionos-cloud")
	srv := newTestFake(t)
	target := guideExample(t, "moved-for-each.tf")
	source := ionosCloudSource(t, target)
	moves := expectOnlyMoves{}
	for _, ip := range []string{"203.0.113.31", "203.0.113.32", "2001:db8::33"} {
		moves[fmt.Sprintf("ionosdns_reverse_record.ptr[%q]", ip)] = fmt.Sprintf("ionoscloud_dns_reverse_record.ptr[%q]", ip)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"ionosdns":   testAccProtoV6ProviderFactories["ionosdns"],
			"ionoscloud": ionosCloudStandInFactory(srv),
		},
		Steps: []resource.TestStep{
			{
				Config:            moveConfig(srv, source),
				ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, 3)},
			},
			{
				PreConfig: srv.ResetRequests,
				Config:    moveConfig(srv, target),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{moves},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				// State checks, not Check: the legacy state Check gets
				// cannot hold for_each instances with string keys.
				ConfigStateChecks: []statecheck.StateCheck{noWrites(srv, 3)},
			},
			{Config: moveConfig(srv, target), PlanOnly: true},
			{
				// Destroyed here: terraform-plugin-testing's own destroy
				// at the end reads the state through that shim too.
				Config:            moveConfig(srv, ""),
				ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, 0)},
			},
		},
	})
}
