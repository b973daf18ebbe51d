package fwtypes

import (
	"context"
	"math/big"
	"net/netip"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// customType and customValue let the tests below run once per type.
type customType interface {
	basetypes.StringTypable
}

type customValue interface {
	basetypes.StringValuableWithSemanticEquals
	xattr.ValidateableAttribute
	function.ValidateableParameter
}

type typeCase struct {
	name    string
	typ     customType
	other   customType // a different type
	known   func(string) customValue
	null    customValue
	unknown customValue
	zero    customValue
	summary string
	rules   string
	valid   string
	invalid string
}

var typeCases = []typeCase{
	{
		name:    "IPAddress",
		typ:     IPAddressType{},
		other:   HostnameType{},
		known:   func(s string) customValue { return NewIPAddressValue(s) },
		null:    NewIPAddressNull(),
		unknown: NewIPAddressUnknown(),
		zero:    IPAddressValue{},
		summary: "Invalid IP Address",
		rules:   IPAddressRules,
		valid:   "2001:DB8::10",
		invalid: "203.0.113.7/24",
	},
	{
		name:    "Hostname",
		typ:     HostnameType{},
		other:   IPAddressType{},
		known:   func(s string) customValue { return NewHostnameValue(s) },
		null:    NewHostnameNull(),
		unknown: NewHostnameUnknown(),
		zero:    HostnameValue{},
		summary: "Invalid Hostname",
		rules:   HostnameRules,
		valid:   "Host.Example.COM.",
		invalid: "a_b.example",
	},
}

func TestTypeEqual(t *testing.T) {
	t.Parallel()
	for _, tc := range typeCases {
		if !tc.typ.Equal(tc.typ) {
			t.Errorf("%s: type not Equal to itself", tc.name)
		}
		for _, o := range []attr.Type{tc.other, basetypes.StringType{}, basetypes.BoolType{}, nil} {
			if tc.typ.Equal(o) {
				t.Errorf("%s: type Equal(%v) = true", tc.name, o)
			}
		}
		if (basetypes.StringType{}).Equal(tc.typ) {
			t.Errorf("%s: basetypes.StringType Equal to the custom type", tc.name)
		}
	}
	if got := (IPAddressType{}).String(); got != "fwtypes.IPAddressType" {
		t.Errorf("IPAddressType.String() = %q", got)
	}
	if got := (HostnameType{}).String(); got != "fwtypes.HostnameType" {
		t.Errorf("HostnameType.String() = %q", got)
	}
}

func TestTypeAndValueTypes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range typeCases {
		if got := tc.typ.ValueType(ctx); got != tc.zero {
			t.Errorf("%s: ValueType = %#v, want %#v", tc.name, got, tc.zero)
		}
		if !tc.typ.TerraformType(ctx).Equal(tftypes.String) {
			t.Errorf("%s: TerraformType is not tftypes.String", tc.name)
		}
		for _, v := range []customValue{tc.known(tc.valid), tc.null, tc.unknown, tc.zero} {
			if !v.Type(ctx).Equal(tc.typ) {
				t.Errorf("%s: %v.Type() = %v", tc.name, v, v.Type(ctx))
			}
		}
		if !tc.zero.IsNull() {
			t.Errorf("%s: zero value is not null", tc.name)
		}
		if !tc.null.IsNull() || tc.null.IsUnknown() || tc.unknown.IsNull() || !tc.unknown.IsUnknown() {
			t.Errorf("%s: null/unknown constructors give wrong states", tc.name)
		}
	}
}

func TestValueFromTerraformRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range typeCases {
		for _, in := range []tftypes.Value{
			tftypes.NewValue(tftypes.String, tc.valid),
			tftypes.NewValue(tftypes.String, tc.invalid), // converting does not validate
			tftypes.NewValue(tftypes.String, ""),
			tftypes.NewValue(tftypes.String, nil),
			tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		} {
			v, err := tc.typ.ValueFromTerraform(ctx, in)
			if err != nil {
				t.Errorf("%s: ValueFromTerraform(%v) error: %v", tc.name, in, err)
				continue
			}
			if got, want := v.Type(ctx), tc.typ; !got.Equal(want) {
				t.Errorf("%s: ValueFromTerraform(%v) gave a %T", tc.name, in, v)
			}
			out, err := v.ToTerraformValue(ctx)
			if err != nil {
				t.Errorf("%s: ToTerraformValue error: %v", tc.name, err)
				continue
			}
			if !out.Equal(in) {
				t.Errorf("%s: round trip %v -> %v -> %v", tc.name, in, v, out)
			}
			// The value from ValueFromString equals the one from
			// ValueFromTerraform.
			sv, diags := v.(basetypes.StringValuable).ToStringValue(ctx)
			if diags.HasError() {
				t.Errorf("%s: ToStringValue: %v", tc.name, diags)
			}
			v2, diags := tc.typ.ValueFromString(ctx, sv)
			if diags.HasError() || !v2.Equal(v) {
				t.Errorf("%s: ValueFromString(%v) = %v, %v; want %v", tc.name, sv, v2, diags, v)
			}
		}
		if _, err := tc.typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.Number, big.NewFloat(1))); err == nil {
			t.Errorf("%s: ValueFromTerraform(number) succeeded", tc.name)
		}
	}
	// Known values come back as the concrete types with the string intact.
	v, _ := IPAddressType{}.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "2001:DB8::10"))
	if ip, ok := v.(IPAddressValue); !ok || ip.ValueString() != "2001:DB8::10" {
		t.Errorf("IPAddressType.ValueFromTerraform = %#v", v)
	}
	v, _ = HostnameType{}.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "Host.Example."))
	if h, ok := v.(HostnameValue); !ok || h.ValueString() != "Host.Example." {
		t.Errorf("HostnameType.ValueFromTerraform = %#v", v)
	}
}

func TestValueEqual(t *testing.T) {
	t.Parallel()
	for _, tc := range typeCases {
		values := []customValue{tc.known(tc.valid), tc.known(strings.ToLower(tc.valid)), tc.known(""), tc.null, tc.unknown}
		for i, a := range values {
			for j, b := range values {
				if got, want := a.Equal(b), i == j; got != want {
					t.Errorf("%s: %v.Equal(%v) = %v, want %v", tc.name, a, b, got, want)
				}
			}
		}
		if !tc.zero.Equal(tc.null) {
			t.Errorf("%s: zero value not Equal to null", tc.name)
		}
		// A plain string with the same content is a different value.
		if tc.known(tc.valid).Equal(basetypes.NewStringValue(tc.valid)) {
			t.Errorf("%s: Equal to a basetypes.StringValue", tc.name)
		}
		if tc.known(tc.valid).Equal(typeCases[0].known(tc.valid)) == (tc.name != typeCases[0].name) {
			t.Errorf("%s: Equal across custom types is wrong", tc.name)
		}
	}
}

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

func TestValidateAttribute(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := path.Root("records").AtListIndex(2).AtName("value")

	for _, tc := range []struct {
		name       string
		v          customValue
		wantDetail string // "" means no diagnostics
	}{
		{"ip/v4", NewIPAddressValue("192.0.2.1"), ""},
		{"ip/v6", NewIPAddressValue("2001:DB8:0:0::10"), ""},
		{"ip/null", NewIPAddressNull(), ""},
		{"ip/unknown", NewIPAddressUnknown(), ""},
		{"ip/zero", IPAddressValue{}, ""},
		{"ip/cidr", NewIPAddressValue("203.0.113.7/24"),
			`"203.0.113.7/24" is not an IP address: it is a CIDR prefix; give the address alone, e.g. "203.0.113.7".` +
				"\n\nExpected " + IPAddressRules + "."},
		{"ip/empty", NewIPAddressValue(""), `"" is not an IP address: the value is empty.` + "\n\nExpected " + IPAddressRules + "."},
		{"ip/zone", NewIPAddressValue("fe80::1%eth0"),
			`"fe80::1%eth0" is not an IP address: it has an IPv6 zone ("eth0"); zones are not allowed, give the address alone, e.g. "fe80::1".` +
				"\n\nExpected " + IPAddressRules + "."},
		{"ip/mapped", NewIPAddressValue("::FFFF:cb00:713d"),
			`"::FFFF:cb00:713d" is an IPv4-mapped IPv6 address; write the IPv4 address "203.0.113.61" instead.` +
				"\n\nExpected " + IPAddressRules + "."},
		{"host/valid", NewHostnameValue("Host.Example.COM."), ""},
		{"host/null", NewHostnameNull(), ""},
		{"host/unknown", NewHostnameUnknown(), ""},
		{"host/zero", HostnameValue{}, ""},
		{"host/hyphen", NewHostnameValue("-a."), `"-a." is not a valid hostname: label "-a" starts with a hyphen.` +
			"\n\nExpected " + HostnameRules + "."},
		{"host/empty", NewHostnameValue(""), `"" is not a valid hostname: the value is empty.` + "\n\nExpected " + HostnameRules + "."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := xattr.ValidateAttributeRequest{Path: p}
			var resp xattr.ValidateAttributeResponse
			tc.v.ValidateAttribute(ctx, req, &resp)

			var fresp function.ValidateParameterResponse
			tc.v.ValidateParameter(ctx, function.ValidateParameterRequest{Position: 1}, &fresp)

			if tc.wantDetail == "" {
				if len(resp.Diagnostics) != 0 {
					t.Errorf("ValidateAttribute diagnostics: %v", resp.Diagnostics)
				}
				if fresp.Error != nil {
					t.Errorf("ValidateParameter error: %v", fresp.Error)
				}
				return
			}

			wantSummary := "Invalid IP Address"
			if strings.HasPrefix(tc.name, "host/") {
				wantSummary = "Invalid Hostname"
			}
			want := diag.Diagnostics{diag.NewAttributeErrorDiagnostic(p, wantSummary, tc.wantDetail)}
			if !resp.Diagnostics.Equal(want) {
				t.Errorf("ValidateAttribute diagnostics\n got: %v\nwant: %v", resp.Diagnostics, want)
			}
			if len(resp.Diagnostics) == 1 {
				d, ok := resp.Diagnostics[0].(diag.DiagnosticWithPath)
				if !ok || !d.Path().Equal(p) {
					t.Errorf("diagnostic is not on path %s: %#v", p, resp.Diagnostics[0])
				}
			}

			wantFunc := function.NewArgumentFuncError(1, wantSummary+": "+tc.wantDetail)
			if !fresp.Error.Equal(wantFunc) {
				t.Errorf("ValidateParameter error\n got: %v\nwant: %v", fresp.Error, wantFunc)
			}
		})
	}
}

func TestValidateAttributeSharesRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range typeCases {
		var resp xattr.ValidateAttributeResponse
		tc.known(tc.invalid).ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root("x")}, &resp)
		if resp.Diagnostics.ErrorsCount() != 1 {
			t.Fatalf("%s: diagnostics = %v", tc.name, resp.Diagnostics)
		}
		d := resp.Diagnostics[0]
		if d.Summary() != tc.summary || !strings.HasSuffix(d.Detail(), "Expected "+tc.rules+".") ||
			!strings.Contains(d.Detail(), `"`+tc.invalid+`"`) {
			t.Errorf("%s: diagnostic = %q / %q", tc.name, d.Summary(), d.Detail())
		}
	}
}

func TestIPAddressValueAddr(t *testing.T) {
	t.Parallel()

	addr, diags := NewIPAddressValue("2001:DB8:0:0::10").Addr()
	if diags.HasError() || addr != netip.MustParseAddr("2001:db8::10") {
		t.Errorf("Addr() = %v, %v", addr, diags)
	}
	addr, diags = NewIPAddressValue("192.0.2.1").Addr()
	if diags.HasError() || addr != netip.MustParseAddr("192.0.2.1") || !addr.Is4() {
		t.Errorf("Addr() = %v, %v", addr, diags)
	}
	for _, v := range []IPAddressValue{NewIPAddressNull(), NewIPAddressUnknown(), {}} {
		addr, diags := v.Addr()
		if addr.IsValid() || len(diags) != 0 {
			t.Errorf("%v.Addr() = %v, %v; want invalid address and no diagnostics", v, addr, diags)
		}
	}
	addr, diags = NewIPAddressValue("1.2.3").Addr()
	if addr.IsValid() || diags.ErrorsCount() != 1 || diags[0].Summary() != "Invalid IP Address" ||
		!strings.HasPrefix(diags[0].Detail(), `"1.2.3" is not an IP address: IPv4 address too short.`) {
		t.Errorf("Addr() = %v, %v", addr, diags)
	}
}

func TestToStringValue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range typeCases {
		for _, v := range []customValue{tc.known(tc.valid), tc.null, tc.unknown} {
			sv, diags := v.ToStringValue(ctx)
			if diags.HasError() {
				t.Errorf("%s: ToStringValue diagnostics: %v", tc.name, diags)
			}
			if sv.IsNull() != v.IsNull() || sv.IsUnknown() != v.IsUnknown() {
				t.Errorf("%s: ToStringValue(%v) = %v: state differs", tc.name, v, sv)
			}
			if !v.IsNull() && !v.IsUnknown() && sv.ValueString() != tc.valid {
				t.Errorf("%s: ToStringValue = %q, want %q (unchanged)", tc.name, sv.ValueString(), tc.valid)
			}
		}
	}
}
