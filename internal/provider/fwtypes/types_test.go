package fwtypes

// Tests of IPAddressType and HostnameType and their values as framework
// types: equality of types and of values, conversion to and from Terraform
// and basetypes.StringValue, null and unknown states. customValue and
// typeCases serve the semantic-equality and validation tests too.

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/function"
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
