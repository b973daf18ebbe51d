package fwtypes

// Tests of the values' validation: ValidateAttribute and
// ValidateParameter give the same diagnostics, on the attribute's path,
// with the type's rules; and IPAddressValue.Addr parses a valid address
// and reports an invalid one the same way.

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

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
