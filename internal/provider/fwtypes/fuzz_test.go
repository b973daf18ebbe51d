package fwtypes

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// The seed corpora live in testdata/fuzz/<FuzzTarget>/ and run as ordinary
// tests under plain `go test`.

func FuzzParseIPAddress(f *testing.F) {
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, s string) {
		addr, err := ParseIPAddress(s)
		canon, cerr := CanonicalIP(s)
		v := NewIPAddressValue(s)
		var resp xattr.ValidateAttributeResponse
		v.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root("ip")}, &resp)

		// Differential check against the standard library's other parser,
		// which also rejects zones, prefixes and leading zeros. It accepts
		// IPv4-mapped addresses, which it represents as IPv4 (To4 is not
		// nil) though they are written in IPv6 form (with a colon); those
		// must be refused with the IPv4 address as the hint.
		std := net.ParseIP(s)
		mapped := std != nil && std.To4() != nil && strings.Contains(s, ":")
		if wantValid := std != nil && !mapped; wantValid != (err == nil) {
			t.Fatalf("ParseIPAddress(%q) error = %v, but net.ParseIP = %v", s, err, std)
		} else if wantValid && !std.Equal(net.IP(addr.AsSlice())) {
			t.Fatalf("ParseIPAddress(%q) = %v, net.ParseIP = %v", s, addr, std)
		}
		// A mapped address with a zone, which net.ParseIP refuses, gets the
		// mapping error too; so the error must come exactly for the values
		// that are mapped once a zone is cut off.
		host, _, _ := strings.Cut(s, "%")
		hostStd := net.ParseIP(host)
		var mappedErr *IPv4MappedError
		if isMappedErr := errors.As(err, &mappedErr); mapped && !isMappedErr ||
			isMappedErr && (hostStd == nil || hostStd.To4() == nil || !strings.Contains(host, ":")) {
			t.Fatalf("ParseIPAddress(%q) error = %v; IPv4-mapped per net.ParseIP: %v", s, err, mapped)
		} else if isMappedErr {
			std = hostStd
			// The hint is an IPv4 address that is accepted, the same one.
			if v4, err := ParseIPAddress(mappedErr.IPv4.String()); err != nil || !v4.Is4() || !std.Equal(net.IP(v4.AsSlice())) {
				t.Fatalf("hint %v for %q: %v, %v (net.ParseIP = %v)", mappedErr.IPv4, s, v4, err, std)
			}
		}

		if err != nil {
			if addr.IsValid() {
				t.Fatalf("ParseIPAddress(%q) returned %v with error %v", s, addr, err)
			}
			if cerr == nil || cerr.Error() != err.Error() {
				t.Fatalf("CanonicalIP(%q) error = %v, ParseIPAddress error = %v", s, cerr, err)
			}
			if !strings.Contains(err.Error(), strconv.Quote(s)) {
				t.Fatalf("error for %q does not quote the value: %v", s, err)
			}
			if resp.Diagnostics.ErrorsCount() != 1 {
				t.Fatalf("ValidateAttribute(%q) diagnostics = %v, want one error", s, resp.Diagnostics)
			}
			if eq, _ := v.StringSemanticEquals(ctx, v); eq {
				t.Fatalf("invalid %q is semantically equal to itself", s)
			}
			return
		}

		if !addr.IsValid() || addr.Zone() != "" {
			t.Fatalf("ParseIPAddress(%q) = %#v", s, addr)
		}
		if cerr != nil || canon != addr.String() {
			t.Fatalf("CanonicalIP(%q) = %q, %v; want %q", s, canon, cerr, addr.String())
		}
		if again, err := CanonicalIP(canon); err != nil || again != canon {
			t.Fatalf("CanonicalIP not idempotent: %q -> %q -> %q, %v", s, canon, again, err)
		}
		if reparsed, err := ParseIPAddress(canon); err != nil || reparsed != addr {
			t.Fatalf("canonical %q of %q re-parses to %v, %v; want %v", canon, s, reparsed, err, addr)
		}
		if len(resp.Diagnostics) != 0 {
			t.Fatalf("ValidateAttribute(%q) diagnostics = %v", s, resp.Diagnostics)
		}
		cv := NewIPAddressValue(canon)
		for _, pair := range [][2]IPAddressValue{{v, cv}, {cv, v}, {v, v}} {
			if eq, diags := pair[0].StringSemanticEquals(ctx, pair[1]); !eq || diags.HasError() {
				t.Fatalf("%v.StringSemanticEquals(%v) = %v, %v; want true", pair[0], pair[1], eq, diags)
			}
		}
		if a, diags := v.Addr(); a != addr || diags.HasError() {
			t.Fatalf("Addr() of %q = %v, %v", s, a, diags)
		}
	})
}

func FuzzValidateHostname(f *testing.F) {
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateHostname(s)
		n := NormalizeHostname(s)
		v := NewHostnameValue(s)
		var resp xattr.ValidateAttributeResponse
		v.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root("target")}, &resp)

		if len(n) > len(s) {
			t.Fatalf("NormalizeHostname(%q) = %q is longer", s, n)
		}
		if got, want := err == nil, hostnameOracle(s); got != want {
			t.Fatalf("ValidateHostname(%q) = %v, but the oracle says valid = %v", s, err, want)
		}

		if err != nil {
			if !strings.Contains(err.Error(), strconv.Quote(s)) {
				t.Fatalf("error for %q does not quote the value: %v", s, err)
			}
			if resp.Diagnostics.ErrorsCount() != 1 {
				t.Fatalf("ValidateAttribute(%q) diagnostics = %v, want one error", s, resp.Diagnostics)
			}
			if eq, _ := v.StringSemanticEquals(ctx, v); eq {
				t.Fatalf("invalid %q is semantically equal to itself", s)
			}
			return
		}

		if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
			t.Fatalf("valid %q contains whitespace", s)
		}
		if l := len(strings.TrimSuffix(s, ".")); l == 0 || l > 253 {
			t.Fatalf("valid %q is %d characters long", s, l)
		}
		if len(resp.Diagnostics) != 0 {
			t.Fatalf("ValidateAttribute(%q) diagnostics = %v", s, resp.Diagnostics)
		}
		if err := ValidateHostname(n); err != nil {
			t.Fatalf("NormalizeHostname(%q) = %q is invalid: %v", s, n, err)
		}
		if nn := NormalizeHostname(n); nn != n {
			t.Fatalf("NormalizeHostname not idempotent: %q -> %q -> %q", s, n, nn)
		}
		if n != strings.ToLower(n) || strings.HasSuffix(n, ".") {
			t.Fatalf("NormalizeHostname(%q) = %q is not lower-case without trailing dot", s, n)
		}
		if !strings.EqualFold(n, strings.TrimSuffix(s, ".")) {
			t.Fatalf("NormalizeHostname(%q) = %q changed more than case and the dot", s, n)
		}
		variants := []HostnameValue{NewHostnameValue(n), NewHostnameValue(n + "."), NewHostnameValue(strings.ToUpper(s))}
		for _, w := range variants {
			for _, pair := range [][2]HostnameValue{{v, w}, {w, v}} {
				if eq, diags := pair[0].StringSemanticEquals(ctx, pair[1]); !eq || diags.HasError() {
					t.Fatalf("%v.StringSemanticEquals(%v) = %v, %v; want true", pair[0], pair[1], eq, diags)
				}
			}
		}
	})
}
