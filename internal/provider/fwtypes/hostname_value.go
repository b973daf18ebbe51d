package fwtypes

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var (
	_ basetypes.StringValuable                   = HostnameValue{}
	_ basetypes.StringValuableWithSemanticEquals = HostnameValue{}
	_ xattr.ValidateableAttribute                = HostnameValue{}
	_ function.ValidateableParameter             = HostnameValue{}
)

// HostnameValue is a value of HostnameType: a string that should hold a DNS
// hostname (see HostnameRules). The string is kept as given; use
// NormalizeHostname to compare it with other names.
//
// Known values are validated by ValidateAttribute (and ValidateParameter)
// with ValidateHostname; null and unknown values are not validated. Two known
// values are semantically equal iff both are valid and they differ at most in
// letter case and one trailing dot, e.g. "Host.Example.COM." and
// "host.example.com".
type HostnameValue struct {
	basetypes.StringValue
}

// NewHostnameValue returns a known HostnameValue holding s. It does not
// validate s.
func NewHostnameValue(s string) HostnameValue {
	return HostnameValue{StringValue: basetypes.NewStringValue(s)}
}

// NewHostnameNull returns a null HostnameValue.
func NewHostnameNull() HostnameValue {
	return HostnameValue{StringValue: basetypes.NewStringNull()}
}

// NewHostnameUnknown returns an unknown HostnameValue.
func NewHostnameUnknown() HostnameValue {
	return HostnameValue{StringValue: basetypes.NewStringUnknown()}
}

// Type returns HostnameType.
func (v HostnameValue) Type(context.Context) attr.Type {
	return HostnameType{}
}

// Equal reports whether o is a HostnameValue in the same state (null,
// unknown or known) with exactly the same string. It is not semantic
// equality: "host.example.com" and "HOST.example.com." are not Equal; see
// StringSemanticEquals.
func (v HostnameValue) Equal(o attr.Value) bool {
	other, ok := o.(HostnameValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// ToStringValue returns the underlying basetypes.StringValue.
func (v HostnameValue) ToStringValue(context.Context) (basetypes.StringValue, diag.Diagnostics) {
	return v.StringValue, nil
}

// StringSemanticEquals reports whether v and other, which must be a
// HostnameValue, denote the same hostname: both are known, both pass
// ValidateHostname and their NormalizeHostname forms are equal (ASCII case
// and one trailing dot are ignored). Two null values are also semantically
// equal; an unknown value is not semantically equal to anything. The
// framework calls this only with known values.
func (v HostnameValue) StringSemanticEquals(_ context.Context, other basetypes.StringValuable) (bool, diag.Diagnostics) {
	o, ok := other.(HostnameValue)
	if !ok {
		return false, semanticEqualsTypeError(v, other)
	}
	return hostnameKind.semanticEquals(v.StringValue, o.StringValue), nil
}

// ValidateAttribute adds an error diagnostic on req.Path if v is known and
// is not a valid hostname according to ValidateHostname. The framework calls
// it when validating configuration and plans.
func (v HostnameValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	hostnameKind.validateAttribute(v.StringValue, req, resp)
}

// ValidateParameter sets resp.Error if v, a provider-function argument at
// req.Position, is known and is not a valid hostname according to
// ValidateHostname.
func (v HostnameValue) ValidateParameter(_ context.Context, req function.ValidateParameterRequest, resp *function.ValidateParameterResponse) {
	hostnameKind.validateParameter(v.StringValue, req, resp)
}
