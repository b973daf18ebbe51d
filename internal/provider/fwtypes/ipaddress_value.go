package fwtypes

import (
	"context"
	"net/netip"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var (
	_ basetypes.StringValuable                   = IPAddressValue{}
	_ basetypes.StringValuableWithSemanticEquals = IPAddressValue{}
	_ xattr.ValidateableAttribute                = IPAddressValue{}
	_ function.ValidateableParameter             = IPAddressValue{}
)

// IPAddressValue is a value of IPAddressType: a string that should hold one
// IPv4 or IPv6 address (see IPAddressRules). The string is kept as given;
// use Addr to get the parsed address and CanonicalIP for the canonical text.
//
// Known values are validated by ValidateAttribute (and ValidateParameter)
// with ParseIPAddress; null and unknown values are not validated. Two known
// values are semantically equal iff both parse and denote the same address,
// e.g. "2001:DB8:0:0::10" and "2001:db8::10".
type IPAddressValue struct {
	basetypes.StringValue
}

// NewIPAddressValue returns a known IPAddressValue holding s. It does not
// validate s.
func NewIPAddressValue(s string) IPAddressValue {
	return IPAddressValue{StringValue: basetypes.NewStringValue(s)}
}

// NewIPAddressNull returns a null IPAddressValue.
func NewIPAddressNull() IPAddressValue {
	return IPAddressValue{StringValue: basetypes.NewStringNull()}
}

// NewIPAddressUnknown returns an unknown IPAddressValue.
func NewIPAddressUnknown() IPAddressValue {
	return IPAddressValue{StringValue: basetypes.NewStringUnknown()}
}

// Type returns IPAddressType.
func (v IPAddressValue) Type(context.Context) attr.Type {
	return IPAddressType{}
}

// Equal reports whether o is an IPAddressValue in the same state (null,
// unknown or known) with exactly the same string. It is not semantic
// equality: "2001:db8::10" and "2001:DB8::10" are not Equal; see
// StringSemanticEquals.
func (v IPAddressValue) Equal(o attr.Value) bool {
	other, ok := o.(IPAddressValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// ToStringValue returns the underlying basetypes.StringValue.
func (v IPAddressValue) ToStringValue(context.Context) (basetypes.StringValue, diag.Diagnostics) {
	return v.StringValue, nil
}

// StringSemanticEquals reports whether v and other, which must be an
// IPAddressValue, denote the same IP address: both are known, both parse
// with ParseIPAddress and the addresses are equal. Two null values are also
// semantically equal; an unknown value is not semantically equal to
// anything. An IPv4 address and its IPv4-mapped IPv6 form are different
// addresses. The framework calls this only with known values.
func (v IPAddressValue) StringSemanticEquals(_ context.Context, other basetypes.StringValuable) (bool, diag.Diagnostics) {
	o, ok := other.(IPAddressValue)
	if !ok {
		return false, semanticEqualsTypeError(v, other)
	}
	return ipAddressKind.semanticEquals(v.StringValue, o.StringValue), nil
}

// ValidateAttribute adds an error diagnostic on req.Path if v is known and
// is not an IP address according to ParseIPAddress. The framework calls it
// when validating configuration and plans.
func (v IPAddressValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	ipAddressKind.validateAttribute(v.StringValue, req, resp)
}

// ValidateParameter sets resp.Error if v, a provider-function argument at
// req.Position, is known and is not an IP address according to
// ParseIPAddress.
func (v IPAddressValue) ValidateParameter(_ context.Context, req function.ValidateParameterRequest, resp *function.ValidateParameterResponse) {
	ipAddressKind.validateParameter(v.StringValue, req, resp)
}

// Addr parses v with ParseIPAddress. If v is null or unknown it returns the
// zero netip.Addr (whose IsValid is false) and no diagnostics; if v is known
// but not an IP address it returns the zero netip.Addr and an error
// diagnostic.
func (v IPAddressValue) Addr() (netip.Addr, diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return netip.Addr{}, nil
	}
	addr, err := ParseIPAddress(v.ValueString())
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError(ipAddressKind.summary, ipAddressKind.detail(err))
		return netip.Addr{}, diags
	}
	return addr, nil
}
