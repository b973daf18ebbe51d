package fwtypes

import (
	"net/netip"
	"strings"
	"testing"
)

func TestParseIPAddress(t *testing.T) {
	t.Parallel()

	valid := []struct {
		in   string
		want netip.Addr
	}{
		{"192.0.2.1", netip.AddrFrom4([4]byte{192, 0, 2, 1})},
		{"0.0.0.0", netip.AddrFrom4([4]byte{})},
		{"255.255.255.255", netip.AddrFrom4([4]byte{255, 255, 255, 255})},
		{"2001:db8::10", netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 0x10})},
		{"2001:DB8:0:0::10", netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 0x10})},
		{"2001:0db8:0000:0000:0000:0000:0000:0010", netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 0x10})},
		{"::", netip.IPv6Unspecified()},
		// Neighbors of ::ffff:0:0/96 that are not IPv4-mapped stay valid:
		// IPv4-compatible (::/96), one bit off the mapped prefix on either
		// side, and the IPv4/IPv6 translation prefix 64:ff9b::/96.
		{"::192.0.2.1", netip.AddrFrom16([16]byte{12: 192, 13: 0, 14: 2, 15: 1})},
		{"::fffe:c000:201", netip.AddrFrom16([16]byte{10: 0xff, 11: 0xfe, 12: 192, 13: 0, 14: 2, 15: 1})},
		{"::1:ffff:c000:201", netip.AddrFrom16([16]byte{9: 1, 10: 0xff, 11: 0xff, 12: 192, 13: 0, 14: 2, 15: 1})},
		{"64:ff9b::c000:201", netip.AddrFrom16([16]byte{1: 0x64, 2: 0xff, 3: 0x9b, 12: 192, 13: 0, 14: 2, 15: 1})},
		{"::1", netip.IPv6Loopback()},
	}
	for _, tc := range valid {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseIPAddress(tc.in)
			if err != nil {
				t.Fatalf("ParseIPAddress(%q) error: %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParseIPAddress(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}

	invalid := []struct {
		in string
		// wantMsg is the complete error message.
		wantMsg string
	}{
		{"300.1.1.1", `"300.1.1.1" is not an IP address: IPv4 field has value >255`},
		{"1.2.3", `"1.2.3" is not an IP address: IPv4 address too short`},
		{"1.2.3.4.5", `"1.2.3.4.5" is not an IP address: IPv4 address too long`},
		{"::g", `"::g" is not an IP address: each colon-separated field must have at least one digit (at "g")`},
		{"192.0.2.01", `"192.0.2.01" is not an IP address: IPv4 field has octet with leading zero`},
		{"", `"" is not an IP address: the value is empty`},
		{"203.0.113.7/24", `"203.0.113.7/24" is not an IP address: it is a CIDR prefix; give the address alone, e.g. "203.0.113.7"`},
		{"2001:DB8::/32", `"2001:DB8::/32" is not an IP address: it is a CIDR prefix; give the address alone, e.g. "2001:DB8::"`},
		{"192.0.2.1/33", `"192.0.2.1/33" is not an IP address: it has a prefix-length suffix ("/33"); give the address alone, e.g. "192.0.2.1"`},
		{"host/24", `"host/24" is not an IP address: it contains a "/"; give a single address without prefix length`},
		{" 192.0.2.1", `" 192.0.2.1" is not an IP address: it has leading or trailing whitespace; remove it, e.g. "192.0.2.1"`},
		{"192.0.2.1 ", `"192.0.2.1 " is not an IP address: it has leading or trailing whitespace; remove it, e.g. "192.0.2.1"`},
		{"\t::1\n", `"\t::1\n" is not an IP address: it has leading or trailing whitespace; remove it, e.g. "::1"`},
		{"192.0.2. 1", `"192.0.2. 1" is not an IP address: it contains whitespace (' ' at byte offset 8)`},
		{" ", `" " is not an IP address: it contains whitespace (' ' at byte offset 0)`},
		{"fe80::1%eth0", `"fe80::1%eth0" is not an IP address: it has an IPv6 zone ("eth0"); zones are not allowed, give the address alone, e.g. "fe80::1"`},
		{"fe80::1%eth0/64", `"fe80::1%eth0/64" is not an IP address: it has an IPv6 zone ("eth0/64"); zones are not allowed, give the address alone, e.g. "fe80::1"`},
		{"fe80::1%", `"fe80::1%" is not an IP address: zone must be a non-empty string`},
		{"host.example.com", `"host.example.com" is not an IP address: unexpected character (at "host.example.com")`},

		// IPv4-mapped IPv6 addresses (::ffff:0:0/96), in every spelling:
		// the API takes them for IPv6 addresses the contract does not own.
		{"::ffff:203.0.113.61", `"::ffff:203.0.113.61" is an IPv4-mapped IPv6 address; write the IPv4 address "203.0.113.61" instead`},
		{"::FFFF:cb00:713d", `"::FFFF:cb00:713d" is an IPv4-mapped IPv6 address; write the IPv4 address "203.0.113.61" instead`},
		{"0:0:0:0:0:ffff:cb00:713d", `"0:0:0:0:0:ffff:cb00:713d" is an IPv4-mapped IPv6 address; write the IPv4 address "203.0.113.61" instead`},
		{"0000:0000:0000:0000:0000:FFFF:203.0.113.61", `"0000:0000:0000:0000:0000:FFFF:203.0.113.61" is an IPv4-mapped IPv6 address; write the IPv4 address "203.0.113.61" instead`},
		{"::ffff:0:0", `"::ffff:0:0" is an IPv4-mapped IPv6 address; write the IPv4 address "0.0.0.0" instead`},
		{"::ffff:ffff:ffff", `"::ffff:ffff:ffff" is an IPv4-mapped IPv6 address; write the IPv4 address "255.255.255.255" instead`},
		// A zone does not hide the mapping: the IPv4 address is the fix.
		{"::ffff:192.0.2.1%eth0", `"::ffff:192.0.2.1%eth0" is an IPv4-mapped IPv6 address; write the IPv4 address "192.0.2.1" instead`},
		// The hints for prefixes and whitespace suggest the IPv4 address,
		// not a mapped one that would be refused in turn.
		{"::ffff:203.0.113.0/120", `"::ffff:203.0.113.0/120" is not an IP address: it is a CIDR prefix; give the address alone, e.g. "203.0.113.0"`},
		{"::ffff:203.0.113.7/129", `"::ffff:203.0.113.7/129" is not an IP address: it has a prefix-length suffix ("/129"); give the address alone, e.g. "203.0.113.7"`},
		{" ::ffff:203.0.113.7", `" ::ffff:203.0.113.7" is not an IP address: it has leading or trailing whitespace; remove it, e.g. "203.0.113.7"`},
	}
	for _, tc := range invalid {
		t.Run("invalid/"+tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseIPAddress(tc.in)
			if err == nil {
				t.Fatalf("ParseIPAddress(%q) = %v, want error", tc.in, got)
			}
			if got.IsValid() {
				t.Errorf("ParseIPAddress(%q) returned a valid address %v with its error", tc.in, got)
			}
			if err.Error() != tc.wantMsg {
				t.Errorf("ParseIPAddress(%q) error\n got: %s\nwant: %s", tc.in, err, tc.wantMsg)
			}
			if _, cerr := CanonicalIP(tc.in); cerr == nil || cerr.Error() != err.Error() {
				t.Errorf("CanonicalIP(%q) error = %v, want %v", tc.in, cerr, err)
			}
		})
	}
}

func TestCanonicalIP(t *testing.T) {
	t.Parallel()

	for _, tc := range []struct{ in, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"2001:db8::10", "2001:db8::10"},
		{"2001:DB8:0:0::10", "2001:db8::10"},
		{"2001:0db8:0000:0000:0000:0000:0000:0010", "2001:db8::10"},
		{"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},    // RFC 5952: first of equal-length runs
		{"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"}, // RFC 5952: no "::" for a single group
		{"0:0:0:0:0:0:0:0", "::"},
		{"::", "::"},
		{"::1", "::1"},
		{"::192.0.2.1", "::c000:201"},
	} {
		got, err := CanonicalIP(tc.in)
		if err != nil {
			t.Errorf("CanonicalIP(%q) error: %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("CanonicalIP(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again, err := CanonicalIP(got); err != nil || again != got {
			t.Errorf("CanonicalIP(%q) = %q, %v; not idempotent", got, again, err)
		}
	}
}

func TestValidateHostname(t *testing.T) {
	t.Parallel()

	label63 := strings.Repeat("a", 63)
	// 63+1+63+1+63+1+61 = 253 characters.
	name253 := label63 + "." + label63 + "." + label63 + "." + strings.Repeat("b", 61)

	valid := []string{
		"host.example.com",
		"HOST.Example.Com.",
		"a",
		"A.",
		"localhost",
		"xn--bcher-kva.example",
		"a-b.c",
		"a--b.c",
		"0.example",
		"123",
		"1.2.3.4",
		label63,
		label63 + ".example.com.",
		name253,
		name253 + ".",
	}
	for _, s := range valid {
		t.Run(s, func(t *testing.T) {
			t.Parallel()
			if len(strings.TrimSuffix(name253, ".")) != 253 {
				t.Fatal("test bug: name253 is not 253 characters long")
			}
			if err := ValidateHostname(s); err != nil {
				t.Errorf("ValidateHostname(%q) = %v, want nil", s, err)
			}
			if got, want := ValidateHostname(s) == nil, hostnameOracle(s); got != want {
				t.Errorf("ValidateHostname(%q) valid = %v, oracle says %v", s, got, want)
			}
		})
	}

	label64 := strings.Repeat("c", 64)
	name254 := name253 + "b"
	invalid := []struct{ in, wantMsg string }{
		{"", `"" is not a valid hostname: the value is empty`},
		{"a b", `"a b" is not a valid hostname: it contains whitespace (' ' at byte offset 1)`},
		{"host.example.com ", `"host.example.com " is not a valid hostname: it has leading or trailing whitespace; remove it, e.g. "host.example.com"`},
		{" host.example.com", `" host.example.com" is not a valid hostname: it has leading or trailing whitespace; remove it, e.g. "host.example.com"`},
		{"a\tb", `"a\tb" is not a valid hostname: it contains whitespace ('\t' at byte offset 1)`},
		{"a.example\n", `"a.example\n" is not a valid hostname: it has leading or trailing whitespace; remove it, e.g. "a.example"`},
		{"a\nb", `"a\nb" is not a valid hostname: it contains whitespace ('\n' at byte offset 1)`},
		{"a\u00a0b", `"a\u00a0b" is not a valid hostname: it contains whitespace ('\u00a0' at byte offset 1)`},
		{label64 + ".example", `"` + label64 + `.example" is not a valid hostname: label "` + label64 + `" is 64 characters long; at most 63 are allowed`},
		{name254, `"` + name254 + `" is not a valid hostname: it is 254 characters long; at most 253 are allowed, not counting one trailing dot`},
		{name254 + ".", `"` + name254 + `." is not a valid hostname: it is 254 characters long; at most 253 are allowed, not counting one trailing dot`},
		{"-a.", `"-a." is not a valid hostname: label "-a" starts with a hyphen`},
		{"a-.b", `"a-.b" is not a valid hostname: label "a-" ends with a hyphen`},
		{"-", `"-" is not a valid hostname: label "-" starts with a hyphen`},
		{"a..b", `"a..b" is not a valid hostname: it contains two dots in a row, which makes an empty label`},
		{"a..", `"a.." is not a valid hostname: it contains two dots in a row, which makes an empty label`},
		{"..", `".." is not a valid hostname: it starts with a dot, which makes an empty label`},
		{".a", `".a" is not a valid hostname: it starts with a dot, which makes an empty label`},
		{".", `"." is not a valid hostname: it is only the root "."; give a name such as "host.example.com"`},
		{"a_b.example", `"a_b.example" is not a valid hostname: label "a_b" contains "_"; only letters a-z, digits and hyphens are allowed`},
		{"_dmarc.example", `"_dmarc.example" is not a valid hostname: label "_dmarc" contains "_"; only letters a-z, digits and hyphens are allowed`},
		{"ex*mple.com", `"ex*mple.com" is not a valid hostname: label "ex*mple" contains "*"; only letters a-z, digits and hyphens are allowed`},
		{"*.example.com", `"*.example.com" is not a valid hostname: label "*" contains "*"; only letters a-z, digits and hyphens are allowed`},
		{"bücher.example", `"bücher.example" is not a valid hostname: label "bücher" contains the non-ASCII character "ü"; only letters a-z, digits and hyphens are allowed, so give internationalised names in punycode (xn--) form`},
		{"\xff.example", `"\xff.example" is not a valid hostname: label "\xff" contains the non-ASCII character "\xff"; only letters a-z, digits and hyphens are allowed, so give internationalised names in punycode (xn--) form`},
		{"192.0.2.1/24", `"192.0.2.1/24" is not a valid hostname: label "1/24" contains "/"; only letters a-z, digits and hyphens are allowed`},
	}
	for _, tc := range invalid {
		t.Run("invalid/"+tc.in, func(t *testing.T) {
			t.Parallel()
			err := ValidateHostname(tc.in)
			if err == nil {
				t.Fatalf("ValidateHostname(%q) = nil, want error", tc.in)
			}
			if err.Error() != tc.wantMsg {
				t.Errorf("ValidateHostname(%q)\n got: %s\nwant: %s", tc.in, err, tc.wantMsg)
			}
			if hostnameOracle(tc.in) {
				t.Errorf("oracle accepts %q", tc.in)
			}
		})
	}
}

func TestNormalizeHostname(t *testing.T) {
	t.Parallel()

	for _, tc := range []struct{ in, want string }{
		{"host.example.com", "host.example.com"},
		{"Host.Example.COM.", "host.example.com"},
		{"A.", "a"},
		{"XN--BCHER-KVA.EXAMPLE", "xn--bcher-kva.example"},
		{"", ""},
		{".", ""},
		// Only one trailing dot is removed, and only ASCII letters change:
		// NormalizeHostname does not validate.
		{"a..", "a."},
		{"BÜCHER", "bÜcher"},
		{"\u212a", "\u212a"}, // KELVIN SIGN, which Unicode lower-cases to "k"
	} {
		if got := NormalizeHostname(tc.in); got != tc.want {
			t.Errorf("NormalizeHostname(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
