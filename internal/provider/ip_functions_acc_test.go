package provider

// Acceptance tests of the IP functions through the Terraform CLI: the
// calls are made by Terraform itself from output blocks, so the functions'
// registration, their definitions and the error rendering are all in play.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// ipFunctionOutputs calls every IP function on a few addresses from output
// blocks; ipFunctionChecks are the outputs' expected values.
const ipFunctionOutputs = `
output "ptr_v4" {
  value = provider::ionosdns::ptr_name("203.0.113.10")
}

output "ptr_v6" {
  value = provider::ionosdns::ptr_name("2001:db8::1")
}

output "canonical_v6" {
  value = provider::ionosdns::canonical_ip("2001:DB8:0:0::10")
}

output "canonical_v4" {
  value = provider::ionosdns::canonical_ip("203.0.113.10")
}

output "label_v4" {
  value = provider::ionosdns::ip_label("203.0.113.10")
}

output "label_v6" {
  value = provider::ionosdns::ip_label("2001:db8::1")
}

# A generic name for an address, built from the functions, as a user would.
output "generic_name" {
  value = "${provider::ionosdns::ip_label(provider::ionosdns::canonical_ip("64:FF9B::203.0.113.10"))}.hosts.example.com"
}
`

var ipFunctionChecks = []statecheck.StateCheck{
	statecheck.ExpectKnownOutputValue("ptr_v4", knownvalue.StringExact("10.113.0.203.in-addr.arpa")),
	statecheck.ExpectKnownOutputValue("ptr_v6", knownvalue.StringExact(
		"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")),
	statecheck.ExpectKnownOutputValue("canonical_v6", knownvalue.StringExact("2001:db8::10")),
	statecheck.ExpectKnownOutputValue("canonical_v4", knownvalue.StringExact("203.0.113.10")),
	statecheck.ExpectKnownOutputValue("label_v4", knownvalue.StringExact("203-0-113-10")),
	statecheck.ExpectKnownOutputValue("label_v6", knownvalue.StringExact("2001-0db8-0000-0000-0000-0000-0000-0001")),
	statecheck.ExpectKnownOutputValue("generic_name", knownvalue.StringExact(
		"0064-ff9b-0000-0000-0000-0000-cb00-710a.hosts.example.com")),
}

// ipFunctionVersionChecks skips the CLIs without provider-defined
// functions (Terraform before 1.8; OpenTofu has them from 1.7 and reports
// versions that pass this check).
var ipFunctionVersionChecks = []tfversion.TerraformVersionCheck{
	tfversion.SkipBelow(tfversion.Version1_8_0),
}

// ipFunctionRecords manages reverse records whose keys and names come
// from the functions: the use ip_label is meant for. The addresses are
// spelt unusually on purpose; canonical_ip makes the keys (and so the
// records' ip) the API's spelling.
const ipFunctionRecords = `
locals {
  generic_ips = ["203.0.113.10", "2001:DB8:0:0::1"]
}

resource "ionosdns_reverse_record" "generic" {
  for_each = toset([for ip in local.generic_ips : provider::ionosdns::canonical_ip(ip)])

  ip   = each.key
  name = "${provider::ionosdns::ip_label(each.key)}.hosts.example.com"
}

output "generic_ptr_names" {
  value = { for ip, r in ionosdns_reverse_record.generic : provider::ionosdns::ptr_name(r.ip) => r.name }
}

# An argument known only after apply: Terraform skips the call at plan time.
resource "terraform_data" "later" {
  input = "2001:DB8::A"
}

output "canonical_later" {
  value = provider::ionosdns::canonical_ip(terraform_data.later.output)
}
`

// TestAccIPFunctions_Outputs calls the three functions with a configured
// provider, checks their results, and applies records named by them,
// checking what the fake API holds.
func TestAccIPFunctions_Outputs(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	checks := append(slices.Clone(ipFunctionChecks),
		statecheck.ExpectKnownOutputValue("generic_ptr_names", knownvalue.MapExact(map[string]knownvalue.Check{
			"10.113.0.203.in-addr.arpa": knownvalue.StringExact("203-0-113-10.hosts.example.com"),
			"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa": knownvalue.StringExact(
				"2001-0db8-0000-0000-0000-0000-0000-0001.hosts.example.com"),
		})),
		statecheck.ExpectKnownOutputValue("canonical_later", knownvalue.StringExact("2001:db8::a")))
	wantRecords := map[string]string{
		"203.0.113.10": "203-0-113-10.hosts.example.com",
		"2001:db8::1":  "2001-0db8-0000-0000-0000-0000-0000-0001.hosts.example.com",
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   ipFunctionVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            testProviderConfig(srv) + ipFunctionOutputs + ipFunctionRecords,
				ConfigStateChecks: append(checks, fakeHoldsState(srv, wantRecords)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectUnknownOutputValue("canonical_later")},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Destroy the records here: terraform-plugin-testing's own
				// destroy at the end reads the state through a shim that
				// rejects for_each instances with string keys.
				Config:            testProviderConfig(srv),
				ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, 0)},
			},
		},
	})
}

// fakeHoldsState is fakeHolds as a state check, which (unlike Check) works
// with for_each instances.
func fakeHoldsState(srv *dnsapitest.Server, want map[string]string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		resp.Error = fakeHolds(srv, want)(nil)
	})
}

// TestAccIPFunctions_WithoutConfiguration calls them with an empty
// provider block and no token anywhere (environment and IONOS config file
// cleared), which would fail the provider's configuration. Terraform never
// configures a provider for its functions alone, so they work there.
// OpenTofu configures it before calling them, so there the configuration
// must be valid, which a token in the environment makes it (nothing is
// sent to the API); the docs say so, and this test pins both behaviors.
func TestAccIPFunctions_WithoutConfiguration(t *testing.T) {
	clearProviderEnv(t)
	steps := []resource.TestStep{
		{
			Config:            `provider "ionosdns" {}` + "\n" + ipFunctionOutputs,
			ConfigStateChecks: ipFunctionChecks,
		},
		{
			// And with no provider block at all.
			Config:            ipFunctionOutputs,
			ConfigStateChecks: ipFunctionChecks,
		},
	}
	if acceptanceCLIIsOpenTofu(t) {
		steps = []resource.TestStep{
			{
				Config:      `provider "ionosdns" {}` + "\n" + ipFunctionOutputs,
				ExpectError: regexp.MustCompile(`Missing IONOS DNS API token`),
			},
			{
				PreConfig:         func() { t.Setenv(envToken, "token-of-the-environment") },
				Config:            `provider "ionosdns" {}` + "\n" + ipFunctionOutputs,
				ConfigStateChecks: ipFunctionChecks,
			},
		}
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   ipFunctionVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccIPFunctions_BadArgument checks that an invalid argument fails the
// plan with an error naming the parameter and quoting the value, for each
// function and each kind of refusal.
func TestAccIPFunctions_BadArgument(t *testing.T) {
	t.Parallel()
	cases := []struct {
		// function is called with arg, an HCL expression.
		function, arg string
		// want is matched against the error, with whitespace runs
		// (Terraform wraps lines) made flexible.
		want string
	}{
		{"ptr_name", `"not-an-ip"`, `"not-an-ip" is not an IP address`},
		{"canonical_ip", `"fe80::1%eth0"`, `"fe80::1%eth0" is not an IP address: it has an IPv6 zone`},
		{"ip_label", `"::ffff:203.0.113.10"`, `"::ffff:203.0.113.10" is an IPv4-mapped IPv6 address.*write the IPv4 address "203.0.113.10" instead`},
		{"ptr_name", `"010.0.0.1"`, `"010.0.0.1" is not an IP address`},
		{"ip_label", `""`, `"" is not an IP address: the value is empty`},
		// Terraform's own refusal, before the provider is called.
		{"canonical_ip", `null`, `argument must not be null`},
	}
	var steps []resource.TestStep
	for _, tc := range cases {
		want := `(?s)Invalid function argument.*Invalid value for "ip" parameter: ` +
			strings.Join(strings.Fields(tc.want), `\s+`)
		steps = append(steps, resource.TestStep{
			Config: fmt.Sprintf(`
output "bad" {
  value = provider::ionosdns::%s(%s)
}
`, tc.function, tc.arg),
			ExpectError: regexp.MustCompile(want),
		})
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   ipFunctionVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccIPFunctions_Examples applies each function's documentation
// example (examples/functions/<name>/function.tf, as it is) against a
// fake and checks its outputs or the records it makes.
//
// The examples name the provider with its source, ionosdns/ionosdns, so
// terraform-plugin-testing must serve it under that namespace (see
// TestAccMoveState_fromIonosCloud); t.Setenv forbids t.Parallel.
func TestAccIPFunctions_Examples(t *testing.T) {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "ionosdns")
	const requiredProviders = `
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}
`
	// What each example must leave behind, checked against its fake.
	cases := map[string]func(*dnsapitest.Server) statecheck.StateCheck{
		"ptr_name": func(*dnsapitest.Server) statecheck.StateCheck {
			return statecheck.ExpectKnownOutputValue("ptr_names", knownvalue.ListExact([]knownvalue.Check{
				knownvalue.StringExact("10.113.0.203.in-addr.arpa"),
				knownvalue.StringExact("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"),
			}))
		},
		"canonical_ip": func(srv *dnsapitest.Server) statecheck.StateCheck {
			return fakeHoldsState(srv, map[string]string{
				"203.0.113.10": "web.example.com",
				"2001:db8::10": "web.example.com",
			})
		},
		"ip_label": func(srv *dnsapitest.Server) statecheck.StateCheck {
			return fakeHoldsState(srv, map[string]string{
				"203.0.113.10": "203-0-113-10.hosts.example.com",
				"2001:db8::1":  "2001-0db8-0000-0000-0000-0000-0000-0001.hosts.example.com",
			})
		},
	}
	for name, check := range cases {
		t.Run(name, func(t *testing.T) {
			example, err := os.ReadFile(filepath.Join("..", "..", "examples", "functions", name, "function.tf"))
			if err != nil {
				t.Fatal(err)
			}
			srv := newTestFake(t)
			resource.UnitTest(t, resource.TestCase{
				TerraformVersionChecks:   ipFunctionVersionChecks,
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:            testProviderConfig(srv) + string(example),
						ConfigStateChecks: []statecheck.StateCheck{check(srv)},
						ConfigPlanChecks:  expectEmptyPlanAfterApply,
					},
					{
						// Destroy here, not in the test's own destroy (for_each
						// instances; see TestAccIPFunctions_Outputs).
						Config:            requiredProviders + testProviderConfig(srv),
						ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, 0)},
					},
				},
			})
		})
	}
}
