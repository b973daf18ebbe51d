package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// singularConfig renders one ionosdns_reverse_record data source "test"
// with the given HCL attribute lines.
func singularConfig(srv *dnsapitest.Server, attrs string) string {
	return testProviderConfig(srv) + fmt.Sprintf(`
data "ionosdns_reverse_record" "test" {
%s
}
`, attrs)
}

func TestAccReverseRecordDataSource_lookups(t *testing.T) {
	srv := newTestFake(t)
	srv.Seed(1_200) // the name lookup must walk more than one page
	web := srv.Put(dnsapi.ReverseRecord{IP: "2001:db8::20", Name: "web-1.example.com", Description: "web"})
	mail := srv.Put(dnsapi.ReverseRecord{IP: "198.51.100.25", Name: "mail.example.com"})

	config := testProviderConfig(srv) + fmt.Sprintf(`
data "ionosdns_reverse_record" "by_id" {
  id = %q
}
data "ionosdns_reverse_record" "by_ip" {
  ip = "2001:DB8:0::20"
}
data "ionosdns_reverse_record" "by_name" {
  name = "MAIL.Example.COM."
}
`, web.ID)
	expectRecord := func(addr string, rec dnsapi.ReverseRecordRead, ip, name string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(rec.ID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("ip"), knownvalue.StringExact(ip)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_date"), knownvalue.NotNull()),
		}
	}
	var checks []statecheck.StateCheck
	checks = append(checks, expectRecord("data.ionosdns_reverse_record.by_id", web, "2001:db8::20", "web-1.example.com")...)
	checks = append(checks, statecheck.ExpectKnownValue("data.ionosdns_reverse_record.by_id", tfjsonpath.New("description"), knownvalue.StringExact("web")))
	// The lookup attributes keep the configuration's notation.
	checks = append(checks, expectRecord("data.ionosdns_reverse_record.by_ip", web, "2001:DB8:0::20", "web-1.example.com")...)
	checks = append(checks, expectRecord("data.ionosdns_reverse_record.by_name", mail, "198.51.100.25", "MAIL.Example.COM.")...)
	checks = append(checks, statecheck.ExpectKnownValue("data.ionosdns_reverse_record.by_name", tfjsonpath.New("description"), knownvalue.Null()))

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func TestAccReverseRecordDataSource_errors(t *testing.T) {
	srv := newTestFake(t)
	first := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.1", Name: "dup.example.com"})
	second := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.2", Name: "DUP.example.com."})
	missingID := dnsapi.NewRecordID()

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      singularConfig(srv, fmt.Sprintf("  id = %q", missingID)),
				ExpectError: regexp.MustCompile("No reverse record with id " + missingID),
			},
			{
				Config:      singularConfig(srv, `  ip = "203.0.113.99"`),
				ExpectError: regexp.MustCompile(`No reverse record for IP 203\.0\.113\.99`),
			},
			{
				Config:      singularConfig(srv, `  name = "nobody.example.com"`),
				ExpectError: regexp.MustCompile(`No reverse record named "nobody\.example\.com"`),
			},
			{
				Config: singularConfig(srv, `  name = "dup.example.com"`),
				ExpectError: regexp.MustCompile(`(?s)2 reverse records are named "dup\.example\.com".*` +
					regexp.QuoteMeta(first.ID) + ` \(203\.0\.113\.1\).*` + regexp.QuoteMeta(second.ID) + ` \(203\.0\.113\.2\)`),
			},
		},
	})
}

func TestAccReverseRecordDataSource_exactlyOneLookupAtValidate(t *testing.T) {
	srv := newTestFake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      singularConfig(srv, "  ip   = \"203.0.113.1\"\n  name = \"a.example.com\""),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*Exactly one of these attributes must be\s+configured: \[id,ip,name,name_regex\]`),
			},
			{
				Config:      singularConfig(srv, ""),
				ExpectError: regexp.MustCompile(`(?s)Missing Attribute Configuration.*Exactly one of these attributes must be\s+configured: \[id,ip,name,name_regex\]`),
			},
			{
				Config:      singularConfig(srv, `  id = "not-a-uuid"`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Record ID.*"not-a-uuid" is not a record id`),
			},
		},
	})
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Fatalf("an invalid lookup reached the API: %+v", reqs)
	}
}
