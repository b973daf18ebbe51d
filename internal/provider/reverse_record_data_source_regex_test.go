package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

const singularAddr = "data.ionosdns_reverse_record.test"

func TestAccReverseRecordDataSource_nameRegexOneMatch(t *testing.T) {
	srv := newTestFake(t)
	srv.Seed(1_200) // the match is looked for across more than one page
	web := srv.Put(dnsapi.ReverseRecord{IP: "2001:db8::61", Name: "web-1.example.com", Description: "web"})
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.62", Name: "old-web-1.example.org"})

	checks := func(pattern string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(singularAddr, tfjsonpath.New("id"), knownvalue.StringExact(web.ID)),
			statecheck.ExpectKnownValue(singularAddr, tfjsonpath.New("ip"), knownvalue.StringExact("2001:db8::61")),
			statecheck.ExpectKnownValue(singularAddr, tfjsonpath.New("name"), knownvalue.StringExact("web-1.example.com")),
			statecheck.ExpectKnownValue(singularAddr, tfjsonpath.New("description"), knownvalue.StringExact("web")),
			statecheck.ExpectKnownValue(singularAddr, tfjsonpath.New("created_date"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue(singularAddr, tfjsonpath.New("name_regex"), knownvalue.StringExact(pattern)),
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// Anchored: old-web-1.example.org matches "web-1" but not this.
			{Config: singularConfig(srv, `  name_regex = "^web-1\\."`), ConfigStateChecks: checks(`^web-1\.`)},
			// Unanchored, a substring, as IONOS's partial_match; (?i)
			// ignores case.
			{Config: singularConfig(srv, `  name_regex = "(?i)WEB-1\\.example\\.com"`), ConfigStateChecks: checks(`(?i)WEB-1\.example\.com`)},
		},
	})
}

func TestAccReverseRecordDataSource_nameRegexNoMatch(t *testing.T) {
	srv := newTestFake(t)
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.1", Name: "web-1.example.com"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// Case matters without (?i).
			Config: singularConfig(srv, `  name_regex = "^WEB-"`),
			ExpectError: wordsRE(`No reverse record's name matches "^WEB-"`,
				`None of the contract's 1 reverse records has a name that matches the regular expression "^WEB-"`),
		}},
	})
}

func TestAccReverseRecordDataSource_nameRegexSeveralMatches(t *testing.T) {
	srv := newTestFake(t)
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.200", Name: "mail.example.com"})
	// Seven matches, put in an order that is neither the names' nor the
	// addresses', so that the error's order comes from sorting by name.
	ips := map[int]string{1: "203.0.113.17", 2: "2001:db8::2", 3: "203.0.113.3", 4: "203.0.113.104", 5: "203.0.113.5", 6: "203.0.113.1", 7: "203.0.113.70"}
	for _, n := range []int{4, 7, 1, 6, 2, 5, 3} {
		srv.Put(dnsapi.ReverseRecord{IP: ips[n], Name: fmt.Sprintf("web-%d.example.com", n)})
	}
	// The count, then the first five names by name with their IPs, one
	// after the other, then how many more: exactly five are named.
	var listed []string
	for n := 1; n <= 5; n++ {
		listed = append(listed, regexp.QuoteMeta(fmt.Sprintf("- web-%d.example.com (%s)", n, ips[n])))
	}
	want := regexp.MustCompile(`(?s)` + wordsPattern(`7 reverse records match name_regex "web-"`, "The first 5 of the 7 matches, by name:") +
		`\s+` + strings.Join(listed, `\s+`) + `\s+and\s+2\s+more\.\s+` + wordsPattern("Narrow the pattern: anchor it with ^ and $"))

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: singularConfig(srv, `  name_regex = "web-"`), ExpectError: want}},
	})
}

func TestAccReverseRecordDataSource_nameRegexAtValidate(t *testing.T) {
	srv := newTestFake(t)
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.1", Name: "web-1.example.com"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: singularConfig(srv, `  name_regex = "web-("`),
				ExpectError: regexp.MustCompile(`(?s)Error: Invalid Regular Expression\s+with data\.ionosdns_reverse_record\.test,` +
					`.*\d+:\s+name_regex\s+=\s+"web-\("` + `.*` + wordsPattern(`"web-(" is not a valid RE2 regular expression`)),
			},
			{
				Config:      singularConfig(srv, "  name       = \"web-1.example.com\"\n  name_regex = \"^web-1\""),
				ExpectError: wordsRE("Invalid Attribute Combination", "Exactly one of these attributes must be configured: [id,ip,name,name_regex]"),
			},
			{
				Config:      singularConfig(srv, "  ip         = \"203.0.113.1\"\n  name_regex = \"^web-1\""),
				ExpectError: wordsRE("Invalid Attribute Combination", "Exactly one of these attributes must be configured: [id,ip,name,name_regex]"),
			},
		},
	})
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Fatalf("an invalid lookup reached the API: %+v", reqs)
	}
}
