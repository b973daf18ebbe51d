package provider

// Replacements at the same address: a for_each key renamed without a
// moved block, and create_before_destroy. The fake keeps a deleted record
// for a while after its 202 (as the real API may), so a create can meet
// the record its sibling is still deleting.

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// testDeleteDelay is how long the fake keeps a deleted record.
const testDeleteDelay = 300 * time.Millisecond

// newDelayedDeleteFake is newTestFake whose deletions take effect
// testDeleteDelay after the API accepted them.
func newDelayedDeleteFake(t *testing.T) *dnsapitest.Server {
	t.Helper()
	return dnsapitest.NewServer(t, dnsapitest.Options{DeleteDelay: testDeleteDelay})
}

// renamedRecords renders n records keyed <prefix>1…<prefix>n, with the
// same addresses and names whatever the prefix; description, when set, is
// the same for all.
func renamedRecords(n int, prefix, description string) string {
	var b strings.Builder
	b.WriteString("locals {\n  records = {\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "    %s%d = %q\n", prefix, i, renameIP(i))
	}
	b.WriteString("  }\n}\n\n")
	desc := ""
	if description != "" {
		desc = fmt.Sprintf("\n  description = %q", description)
	}
	fmt.Fprintf(&b, `resource "ionosdns_reverse_record" "r" {
  for_each = local.records
  ip       = each.value
  name     = "host-${replace(each.value, ".", "-")}.example.com"%s
}
`, desc)
	return b.String()
}

func renameIP(i int) string { return fmt.Sprintf("203.0.113.%d", i) }

// renamedHolds checks that the fake holds exactly the n records. It is a
// state check: a Check function cannot be used with string for_each keys
// (terraform-plugin-testing's legacy state shim refuses them).
func renamedHolds(srv *dnsapitest.Server, n int) statecheck.StateCheck {
	want := map[string]string{}
	for i := 1; i <= n; i++ {
		want[renameIP(i)] = "host-" + strings.ReplaceAll(renameIP(i), ".", "-") + ".example.com"
	}
	return fakeCheck{fakeHolds(srv, want)}
}

// fakeCheck runs a check of the fake's records as a state check.
type fakeCheck struct{ check resource.TestCheckFunc }

func (c fakeCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check(nil)
}

// Twenty records, their for_each keys renamed in five rounds with the same
// addresses: Terraform deletes the old instances and creates the new ones
// concurrently, in no set order. Each round converges in one apply.
func TestAccReverseRecord_renamedKeysKeepTheirAddresses(t *testing.T) {
	srv := newDelayedDeleteFake(t)
	const n = 20
	steps := []resource.TestStep{}
	for round := 0; round <= 5; round++ {
		prefix := fmt.Sprintf("k%d_", round)
		steps = append(steps, resource.TestStep{
			Config:           testProviderConfig(srv) + renamedRecords(n, prefix, ""),
			ConfigPlanChecks: expectEmptyPlanAfterApply,
			ConfigStateChecks: []statecheck.StateCheck{
				renamedHolds(srv, n),
				statecheck.ExpectKnownValue(`ionosdns_reverse_record.r["`+prefix+`7"]`, tfjsonpath.New("ip"), knownvalue.StringExact(renameIP(7))),
			},
		})
	}
	// The destroy, as a last step: CheckDestroy would go through the
	// legacy state shim too.
	steps = append(steps, resource.TestStep{
		Config:            testProviderConfig(srv) + renamedRecords(0, "none", ""),
		ConfigStateChecks: []statecheck.StateCheck{renamedHolds(srv, 0)},
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// A replacement with create_before_destroy creates the new instance while
// the old record still holds the address. With the same content the new
// instance adopts the record and the old one's delete leaves it; with
// different content it cannot work, and the error names the cause.
func TestAccReverseRecord_createBeforeDestroyReplacement(t *testing.T) {
	srv := newDelayedDeleteFake(t)
	config := func(name string) string {
		return testProviderConfig(srv) + fmt.Sprintf(`
resource "ionosdns_reverse_record" "test" {
  ip   = "203.0.113.77"
  name = %q

  lifecycle {
    create_before_destroy = true
  }
}
`, name)
	}
	var firstID string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("cbd.example.com"),
				Check: func(s *terraform.State) error {
					firstID = s.RootModule().Resources[testRecordAddr].Primary.ID
					return nil
				},
			},
			{
				// terraform apply -replace: the instance is replaced.
				Config:           config("cbd.example.com"),
				Taint:            []string{testRecordAddr},
				ConfigPlanChecks: expectEmptyPlanAfterApply,
				Check: resource.ComposeTestCheckFunc(
					fakeHolds(srv, map[string]string{"203.0.113.77": "cbd.example.com"}),
					func(s *terraform.State) error {
						if got := s.RootModule().Resources[testRecordAddr].Primary.ID; got != firstID {
							return fmt.Errorf("the state holds %s; want the adopted record %s", got, firstID)
						}
						return nil
					},
				),
			},
			{
				Config:      config("other.example.com"),
				Taint:       []string{testRecordAddr},
				ExpectError: regexp.MustCompile(`(?s)already has a reverse record.*create_before_destroy.*Remove\s+create_before_destroy`),
			},
			{
				// The failed replacement left the old record and state.
				Config: config("cbd.example.com"),
				Check:  fakeHolds(srv, map[string]string{"203.0.113.77": "cbd.example.com"}),
			},
		},
		CheckDestroy: fakeIsEmpty(srv),
	})
}

// A record that nothing in the run deletes, and that differs from the
// configuration, is still a conflict: the create gives up, with the
// import hint and the moved block that would have avoided a replacement.
// An identical one is adopted, with a warning that names it.
func TestAccReverseRecord_conflictOrAdoption(t *testing.T) {
	srv := newDelayedDeleteFake(t)
	taken := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.51", Name: "taken.example.com"})
	identical := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.52", Name: "same.example.com", Description: "d"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: recordConfig(srv, "203.0.113.51", "mine.example.com", ""),
				ExpectError: regexp.MustCompile(`(?s)already has a reverse record.*` + regexp.QuoteMeta(taken.ID) +
					`.*moved \{.*terraform import 'ionosdns_reverse_record.NAME' ` + regexp.QuoteMeta(taken.ID)),
			},
			{
				Config: recordConfig(srv, "203.0.113.52", "Same.example.com.", "d"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testRecordAddr, tfjsonpath.New("id"), knownvalue.StringExact(identical.ID)),
				},
				ConfigPlanChecks: expectEmptyPlanAfterApply,
			},
		},
		CheckDestroy: checkFake(srv, func(records []dnsapi.ReverseRecordRead) error {
			if len(records) != 1 || records[0].ID != taken.ID {
				return fmt.Errorf("want only the untouched conflicting record, got %+v", records)
			}
			return nil
		}),
	})
}
