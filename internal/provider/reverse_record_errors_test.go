package provider

// Tests of a reverse record's error paths: an address already taken or
// outside the contract, invalid input (no write reaches the API), import
// IDs that find nothing or are malformed, and a DELETE whose answer was lost.

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

func TestAccReverseRecord_conflictExplainsHowToImport(t *testing.T) {
	srv := newTestFake(t)
	existing := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.50", Name: "taken.example.com"})

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: recordConfig(srv, "203.0.113.50", "mine.example.com", ""),
				ExpectError: regexp.MustCompile(`(?s)already has a reverse record.*409 Conflict.*` +
					regexp.QuoteMeta(existing.ID) + `.*terraform import 'ionosdns_reverse_record.NAME' ` + regexp.QuoteMeta(existing.ID) +
					`.*import \{`),
			},
			{
				// An address outside the contract is refused with the reason.
				Config:      recordConfig(srv, "192.168.1.1", "mine.example.com", ""),
				ExpectError: regexp.MustCompile(`(?s)192\.168\.1\.1 is not available.*contract owns`),
			},
		},
		CheckDestroy: checkFake(srv, func(records []dnsapi.ReverseRecordRead) error {
			if len(records) != 1 || records[0].ID != existing.ID || records[0].Properties.Name != "taken.example.com" {
				return fmt.Errorf("the existing record was touched: %+v", records)
			}
			return nil
		}),
	})
}

func TestAccReverseRecord_invalidInputNeverReachesTheAPI(t *testing.T) {
	srv := newTestFake(t)
	for _, tt := range []struct {
		name, ip, hostname, want string
	}{
		{"CIDR", "203.0.113.7/24", "a.example.com", `(?s)Invalid IP Address.*ip\s+= "203\.0\.113\.7/24"`},
		{"bad octet", "300.1.1.1", "a.example.com", `(?s)Invalid IP Address`},
		{"space in name", "203.0.113.7", "a b.example.com", `(?s)Invalid Hostname.*name = "a b\.example\.com"`},
		{"empty label", "203.0.113.7", "a..b", `(?s)Invalid Hostname`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      recordConfig(srv, tt.ip, tt.hostname, ""),
					ExpectError: regexp.MustCompile(tt.want),
				}},
			})
		})
	}
	if n := srv.WriteRequests(); n != 0 {
		t.Fatalf("invalid input sent %d write requests to the API", n)
	}
	if len(srv.Records()) != 0 {
		t.Fatalf("invalid input created records: %+v", srv.Records())
	}
}

func TestAccReverseRecord_importErrors(t *testing.T) {
	srv := newTestFake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:        recordConfig(srv, "203.0.113.9", "a.example.com", ""),
				ResourceName:  testRecordAddr,
				ImportState:   true,
				ImportStateId: "203.0.113.9",
				ExpectError:   regexp.MustCompile(`No reverse record for 203\.0\.113\.9`),
			},
			{
				Config:        recordConfig(srv, "203.0.113.9", "a.example.com", ""),
				ResourceName:  testRecordAddr,
				ImportState:   true,
				ImportStateId: "not-an-id",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*UUID.*"not-an-id"`),
			},
		},
	})
}

func TestAccReverseRecord_deleteWhoseAnswerWasLost(t *testing.T) {
	srv := newTestFake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{Config: recordConfig(srv, "203.0.113.30", "gone.example.com", "")},
			{
				// The API deletes the record but its answer is lost; the
				// retried DELETE meets 404, which counts as done.
				PreConfig: func() { srv.DropNext(1, dnsapitest.DropWith502) },
				Config:    recordConfig(srv, "203.0.113.30", "gone.example.com", ""),
				Destroy:   true,
			},
		},
	})
	var statuses []int
	for _, r := range srv.Requests() {
		if r.Method == http.MethodDelete {
			statuses = append(statuses, r.Status)
		}
	}
	if len(statuses) != 2 || statuses[0] != http.StatusBadGateway || statuses[1] != http.StatusNotFound {
		t.Fatalf("DELETE statuses = %v, want [502 404]", statuses)
	}
}
