package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// destroyDeleteDelay is how long the fake of the destroy test keeps a
// deleted record after its 202: long enough that a destroy that did not
// wait for the deletions would end, and CheckDestroy look, before they
// take effect.
const destroyDeleteDelay = 3 * time.Second

// TestAccReverseRecord_destroyWaitsForTheDeletion destroys records whose
// deletion the API (the fake, like the real API's 202) completes only
// later: each delete is confirmed, so the records are gone when the
// destroy ends, and the confirmations had to look more than once.
func TestAccReverseRecord_destroyWaitsForTheDeletion(t *testing.T) {
	t.Parallel()
	srv := dnsapitest.NewServer(t, dnsapitest.Options{DeleteDelay: destroyDeleteDelay})
	const n = 12
	config := testProviderConfig(srv) + fmt.Sprintf(`
resource "ionosdns_reverse_record" "r" {
  count = %d
  ip    = "198.51.100.${count.index + 1}"
  name  = "delayed-${count.index + 1}.example.com"
}
`, n)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, n)},
		}},
		CheckDestroy: func(*terraform.State) error {
			if recs := srv.Records(); len(recs) != 0 {
				return fmt.Errorf("the destroy ended while the fake still held %d records (first: %s)", len(recs), recs[0].Properties.IP)
			}
			return checkConfirmedAfterDelay(srv)
		},
	})
}

// checkConfirmedAfterDelay checks that the last read request of the
// destroy came at least destroyDeleteDelay after its first DELETE: the
// confirmations went on until the deletions took effect rather than
// stopping at their first look.
func checkConfirmedAfterDelay(srv *dnsapitest.Server) error {
	var firstDelete, lastRead time.Time
	for _, r := range srv.Requests() {
		switch {
		case r.Method == http.MethodDelete && firstDelete.IsZero():
			firstDelete = r.Time
		case r.Method == http.MethodGet && !firstDelete.IsZero():
			lastRead = r.Time
		}
	}
	if firstDelete.IsZero() {
		return fmt.Errorf("the destroy sent no DELETE")
	}
	if waited := lastRead.Sub(firstDelete); waited < destroyDeleteDelay {
		return fmt.Errorf("the last confirmation came %v after the first DELETE, before the deletions could take effect (%v)", waited, destroyDeleteDelay)
	}
	return nil
}
