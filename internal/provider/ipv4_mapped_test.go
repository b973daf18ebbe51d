package provider

// IPv4-mapped IPv6 addresses (::ffff:0:0/96) are refused wherever an IP
// address is accepted, before any request, with the IPv4 address to write
// instead. The resource's ip is in the bad input matrix (bad_input_test.go);
// the data sources, import and the list resource are here.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// mappedHint is the error's reason for "::ffff:203.0.113.61" as spelled.
func mappedHint(spelled string) string {
	return fmt.Sprintf("%q is an IPv4-mapped IPv6 address; write the IPv4 address \"203.0.113.61\" instead", spelled)
}

func TestAccIPv4Mapped_dataSources(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, block, attr, spelled string
	}{
		{"singular ip", `data "ionosdns_reverse_record" "test" {
  ip = "::ffff:203.0.113.61"
}`, "ip", "::ffff:203.0.113.61"},
		{"plural ips element", `data "ionosdns_reverse_records" "test" {
  ips = ["203.0.113.1", "::FFFF:cb00:713d"]
}`, "ips", "::FFFF:cb00:713d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newTestFake(t)
			// The record of the IPv4 address exists: the error must come
			// from validation, not from a lookup that found nothing.
			srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.61", Name: "web.example.com"})
			address := strings.Fields(tt.block)[1:3]
			want := regexp.MustCompile(`(?s)Error: Invalid IP Address` +
				`\s+with data\.` + strings.Trim(address[0], `"`) + `\.test,\s+on \S+ line \d+, in data ` +
				regexp.QuoteMeta(address[0]+" "+address[1]) + `:\s+\d+:\s+` + regexp.QuoteMeta(tt.attr) + `\s+=` +
				`.*` + wordsPattern(mappedHint(tt.spelled)))
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: testProviderConfig(srv) + tt.block, ExpectError: want},
					{Config: testProviderConfig(srv) + tt.block, PlanOnly: true, ExpectError: want},
				},
			})
			if reqs := srv.Requests(); len(reqs) != 0 {
				t.Errorf("the IPv4-mapped address sent %d requests to the API, want none: %+v", len(reqs), reqs)
			}
		})
	}
}

func TestAccIPv4Mapped_import(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.61", Name: "web.example.com"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        recordConfig(srv, "203.0.113.61", "web.example.com", ""),
			ResourceName:  testRecordAddr,
			ImportState:   true,
			ImportStateId: "::FFFF:cb00:713d",
			ExpectError: wordsRE("Invalid import ID", mappedHint("::FFFF:cb00:713d"),
				"Import the record by its IPv4 address (or its id)."),
		}},
	})
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the import by an IPv4-mapped address sent %d requests to the API, want none: %+v", len(reqs), reqs)
	}
}

func TestListResource_ipv4MappedFilter(t *testing.T) {
	srv := newTestFake(t)
	h := newListHarness(t, srv)
	resp, err := h.lister.ValidateListResourceConfig(h.ctx, &tfprotov6.ValidateListResourceConfigRequest{
		TypeName: recordType,
		Config:   h.config(map[string]tftypes.Value{"ips": stringList("203.0.113.1", "::ffff:203.0.113.61")}),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := tftypes.NewAttributePath().WithAttributeName("ips").WithElementKeyInt(1)
	var found bool
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError && d.Attribute.Equal(want) &&
			strings.Contains(d.Detail, mappedHint("::ffff:203.0.113.61")) {
			found = true
		}
	}
	if !found {
		t.Fatalf("diagnostics %q, want an error at ips[1] with %q", diagStrings(resp.Diagnostics), mappedHint("::ffff:203.0.113.61"))
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("validating the filters sent %d requests", n)
	}
}
