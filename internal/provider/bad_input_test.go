package provider

// The bad input matrix: every invalid value is refused by Terraform at
// validate/plan time, with the attribute's path in the error, before the
// provider sends a single request to the API.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccReverseRecord_badInputMatrix(t *testing.T) {
	t.Parallel()
	const okIP, okName = "203.0.113.7", "ok.example.com"
	label64 := strings.Repeat("a", 64)
	label63 := strings.Repeat("b", 63)
	name255 := strings.Join([]string{label63, label63, label63, label63}, ".") // 4·63 + 3 dots

	type input struct {
		ip, name    string
		description *string // nil: not set
	}
	empty := ""

	tests := []struct {
		name string
		in   input
		// attr is the attribute the error must point at; summary the
		// diagnostic's summary; reason a phrase of its detail.
		attr, summary, reason string
	}{
		// Invalid IP addresses.
		{"IPv4 octet above 255", input{ip: "300.1.1.1", name: okName}, "ip", "Invalid IP Address", `"300.1.1.1" is not an IP address`},
		{"IPv4 with three octets", input{ip: "1.2.3", name: okName}, "ip", "Invalid IP Address", `"1.2.3" is not an IP address`},
		{"IPv6 with a non-hex digit", input{ip: "::g", name: okName}, "ip", "Invalid IP Address", `"::g" is not an IP address`},
		{"CIDR prefix", input{ip: "203.0.113.7/24", name: okName}, "ip", "Invalid IP Address", `it is a CIDR prefix; give the address alone, e.g. "203.0.113.7"`},
		{"empty IP", input{ip: "", name: okName}, "ip", "Invalid IP Address", `"" is not an IP address: the value is empty`},
		{"IP with leading space", input{ip: " 203.0.113.7", name: okName}, "ip", "Invalid IP Address", "it has leading or trailing whitespace"},
		{"IP with trailing space", input{ip: "203.0.113.7 ", name: okName}, "ip", "Invalid IP Address", "it has leading or trailing whitespace"},
		{"IP with inner space", input{ip: "203.0. 113.7", name: okName}, "ip", "Invalid IP Address", "it contains whitespace"},
		{"IPv6 with a zone", input{ip: "fe80::1%eth0", name: okName}, "ip", "Invalid IP Address", "it has an IPv6 zone"},
		// IPv4-mapped IPv6 addresses, which the API would refuse only at
		// apply, as IPv6 addresses the contract does not own.
		{"IPv4-mapped IPv6", input{ip: "::ffff:203.0.113.61", name: okName}, "ip", "Invalid IP Address",
			`"::ffff:203.0.113.61" is an IPv4-mapped IPv6 address; write the IPv4 address "203.0.113.61" instead`},
		{"IPv4-mapped IPv6 in hex", input{ip: "::FFFF:cb00:713d", name: okName}, "ip", "Invalid IP Address",
			`"::FFFF:cb00:713d" is an IPv4-mapped IPv6 address; write the IPv4 address "203.0.113.61" instead`},

		// Invalid hostnames.
		{"empty hostname", input{ip: okIP, name: ""}, "name", "Invalid Hostname", `"" is not a valid hostname: the value is empty`},
		{"hostname of one space", input{ip: okIP, name: " "}, "name", "Invalid Hostname", "it contains whitespace"},
		{"hostname with a space", input{ip: okIP, name: "a b.example.com"}, "name", "Invalid Hostname", "it contains whitespace"},
		{"label over 63 characters", input{ip: okIP, name: label64 + ".example.com"}, "name", "Invalid Hostname",
			fmt.Sprintf("label %q is 64 characters long; at most 63 are allowed", label64)},
		{"name over 253 characters", input{ip: okIP, name: name255}, "name", "Invalid Hostname",
			"it is 255 characters long; at most 253 are allowed"},
		{"label starting with a hyphen", input{ip: okIP, name: "-a."}, "name", "Invalid Hostname", `label "-a" starts with a hyphen`},
		{"empty label", input{ip: okIP, name: "a..b"}, "name", "Invalid Hostname", "it contains two dots in a row"},
		{"underscore", input{ip: okIP, name: "a_b.example.com"}, "name", "Invalid Hostname", `label "a_b" contains "_"`},

		// Descriptions: the API specification (ReverseRecord.description,
		// a plain string without maxLength) documents no length limit, so
		// the provider imposes none and there is no oversized case; only
		// the empty string is refused (omit the attribute instead).
		{"empty description", input{ip: okIP, name: okName, description: &empty}, "description",
			"Invalid Attribute Value Length", "string length must be at least 1, got: 0"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newTestFake(t)
			desc := ""
			if tt.in.description != nil {
				desc = fmt.Sprintf("\n  description = %q", *tt.in.description)
			}
			config := testProviderConfig(srv) + fmt.Sprintf(`
resource "ionosdns_reverse_record" "test" {
  ip   = %q
  name = %q%s
}
`, tt.in.ip, tt.in.name, desc)

			// The summary, then the resource address and the source line
			// of the attribute, then the reason.
			want := regexp.MustCompile(`(?s)Error: ` + regexp.QuoteMeta(tt.summary) +
				`\s+with ionosdns_reverse_record\.test,\s+on \S+ line \d+, in resource "ionosdns_reverse_record" "test":` +
				`\s+\d+:\s+` + regexp.QuoteMeta(tt.attr) + `\s+=` +
				`.*` + wordsPattern(tt.reason))

			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      config,
					ExpectError: want,
				}},
			})
			if n := srv.WriteRequests(); n != 0 {
				t.Errorf("the invalid input sent %d write requests", n)
			}
			if reqs := srv.Requests(); len(reqs) != 0 {
				t.Errorf("the invalid input sent %d requests to the API, want none: %+v", len(reqs), reqs)
			}
		})
	}
}

// A bad max_retry_wait fails at validation, naming the attribute, before
// any request.
func TestAccProvider_invalidMaxRetryWait(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, `  max_retry_wait = "60"`) + testAccMinimalRecordConfig(t),
				ExpectError: regexp.MustCompile(`(?s)Error: Invalid max_retry_wait.*\d+:\s+max_retry_wait = "60"` +
					`.*` + wordsPattern(`max_retry_wait is "60", which is not a duration (a unit is required, e.g. "60s")`)),
			},
			{
				Config:      providerBlock(srv, `  max_retry_wait = "2h"`) + testAccMinimalRecordConfig(t),
				ExpectError: wordsRE("Invalid max_retry_wait", `max_retry_wait is "2h", which is outside the allowed range`, "between 1s and 1h"),
			},
		},
	})
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("an invalid provider configuration sent %d requests", len(reqs))
	}
}
