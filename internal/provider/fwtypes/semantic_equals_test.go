package fwtypes

// Tests of StringSemanticEquals: which spellings of an address or a
// hostname are the same value, which are not (invalid values equal
// nothing), and the error on a value of another type.

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

func TestSemanticEquals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	ip, ipNull, ipUnknown := NewIPAddressValue, NewIPAddressNull(), NewIPAddressUnknown()
	hn, hnNull, hnUnknown := NewHostnameValue, NewHostnameNull(), NewHostnameUnknown()

	for _, tc := range []struct {
		name string
		a, b customValue
		want bool
	}{
		{"ip/same", ip("192.0.2.1"), ip("192.0.2.1"), true},
		{"ip/v6 spelling", ip("2001:DB8:0:0::10"), ip("2001:db8::10"), true},
		{"ip/v6 full form", ip("2001:0db8:0000:0000:0000:0000:0000:0010"), ip("2001:db8::10"), true},
		{"ip/unspecified", ip("0:0:0:0:0:0:0:0"), ip("::"), true},
		// IPv4-mapped addresses are invalid, so equal to nothing, not even
		// to another spelling of themselves or to their IPv4 address.
		{"ip/mapped spelling", ip("::ffff:192.0.2.1"), ip("::FFFF:C000:201"), false},
		{"ip/v4 vs mapped v6", ip("192.0.2.1"), ip("::ffff:192.0.2.1"), false},
		{"ip/v4 vs compatible v6", ip("192.0.2.1"), ip("::192.0.2.1"), false},
		{"ip/loopbacks", ip("127.0.0.1"), ip("::1"), false},
		{"ip/different v4", ip("192.0.2.1"), ip("192.0.2.2"), false},
		{"ip/different v6", ip("2001:db8::10"), ip("2001:db8::11"), false},
		{"ip/prefix vs address", ip("203.0.113.7/24"), ip("203.0.113.7"), false},
		{"ip/zone vs address", ip("fe80::1%eth0"), ip("fe80::1"), false},
		{"ip/space vs address", ip(" 192.0.2.1"), ip("192.0.2.1"), false},
		{"ip/invalid vs itself", ip("300.1.1.1"), ip("300.1.1.1"), false},
		{"ip/empty vs empty", ip(""), ip(""), false},
		{"ip/null vs null", ipNull, ipNull, true},
		{"ip/null vs known", ipNull, ip("192.0.2.1"), false},
		{"ip/null vs empty", ipNull, ip(""), false},
		{"ip/unknown vs unknown", ipUnknown, ipUnknown, false},
		{"ip/unknown vs known", ipUnknown, ip("192.0.2.1"), false},
		{"ip/unknown vs null", ipUnknown, ipNull, false},

		{"host/same", hn("host.example.com"), hn("host.example.com"), true},
		{"host/case and dot", hn("Host.Example.COM."), hn("host.example.com"), true},
		{"host/single label", hn("A."), hn("a"), true},
		{"host/punycode case", hn("XN--BCHER-KVA.EXAMPLE."), hn("xn--bcher-kva.example"), true},
		{"host/both dotted", hn("a.example."), hn("A.EXAMPLE."), true},
		{"host/different", hn("host.example.com"), hn("host.example.org"), false},
		{"host/extra label", hn("host.example.com"), hn("www.host.example.com"), false},
		{"host/two dots", hn("host.example.com.."), hn("host.example.com."), false},
		{"host/space", hn("host.example.com "), hn("host.example.com"), false},
		{"host/invalid vs itself", hn("a_b.example"), hn("a_b.example"), false},
		{"host/unicode vs itself", hn("bücher.example"), hn("bücher.example"), false},
		{"host/null vs null", hnNull, hnNull, true},
		{"host/null vs known", hnNull, hn("a"), false},
		{"host/unknown vs unknown", hnUnknown, hnUnknown, false},
		{"host/unknown vs known", hnUnknown, hn("a"), false},
		{"host/unknown vs null", hnUnknown, hnNull, false},
	} {
		for _, dir := range []struct {
			x, y customValue
		}{{tc.a, tc.b}, {tc.b, tc.a}} {
			got, diags := dir.x.StringSemanticEquals(ctx, dir.y)
			if diags.HasError() {
				t.Errorf("%s: %v.StringSemanticEquals(%v) diagnostics: %v", tc.name, dir.x, dir.y, diags)
			}
			if got != tc.want {
				t.Errorf("%s: %v.StringSemanticEquals(%v) = %v, want %v", tc.name, dir.x, dir.y, got, tc.want)
			}
		}
	}
}

func TestSemanticEqualsWrongType(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		a customValue
		b basetypes.StringValuable
	}{
		{NewIPAddressValue("192.0.2.1"), basetypes.NewStringValue("192.0.2.1")},
		{NewIPAddressValue("192.0.2.1"), NewHostnameValue("192.0.2.1")},
		{NewHostnameValue("a"), basetypes.NewStringValue("a")},
		{NewHostnameValue("a"), NewIPAddressValue("a")},
	} {
		got, diags := tc.a.StringSemanticEquals(ctx, tc.b)
		if got {
			t.Errorf("%T.StringSemanticEquals(%T) = true", tc.a, tc.b)
		}
		if diags.ErrorsCount() != 1 || diags[0].Summary() != "Semantic Equality Check Error" ||
			!strings.Contains(diags[0].Detail(), "fwtypes.") || !strings.Contains(diags[0].Detail(), "Got value type: ") {
			t.Errorf("%T.StringSemanticEquals(%T) diagnostics = %v", tc.a, tc.b, diags)
		}
	}
}
