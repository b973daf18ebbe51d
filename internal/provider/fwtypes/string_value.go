package fwtypes

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The exported value types are named structs embedding stringValue[V] with V
// being the type itself, rather than aliases of stringValue[marker]: Go has
// no methods on one instantiation of a generic type, and IPAddressValue needs
// Addr, which HostnameValue must not have. Being named also keeps the
// framework's reflection and %T in diagnostics on the exported names.
var (
	_ basetypes.StringTypable                    = IPAddressType{}
	_ basetypes.StringValuableWithSemanticEquals = IPAddressValue{}
	_ xattr.ValidateableAttribute                = IPAddressValue{}
	_ function.ValidateableParameter             = IPAddressValue{}

	_ basetypes.StringTypable                    = HostnameType{}
	_ basetypes.StringValuableWithSemanticEquals = HostnameValue{}
	_ xattr.ValidateableAttribute                = HostnameValue{}
	_ function.ValidateableParameter             = HostnameValue{}
)

// kindValue is the constraint on V in stringType[V] and stringValue[V]: V is
// an exported value type, a struct embedding stringValue[V], which tells the
// generic code the two things it cannot work out itself.
type kindValue[V any] interface {
	// V is a StringValuable through the methods it gets from stringValue[V];
	// saying so lets generic code return a V as one.
	basetypes.StringValuable
	// kind returns V's validation and comparison rules.
	kind() *stringKind
	// wrap returns a V holding sv. Generic code cannot build a V from a
	// basetypes.StringValue (V is not a type parameter with a core type it
	// could construct), so each kind spells the composite literal once.
	wrap(sv basetypes.StringValue) V
	// str returns the embedded basetypes.StringValue; promoted from
	// stringValue[V].
	str() basetypes.StringValue
}

// kindOf returns V's stringKind; the receiver of kind is unused, so the zero
// V will do.
func kindOf[V kindValue[V]]() *stringKind {
	var zero V
	return zero.kind()
}

// stringValue holds the behaviour of a value of stringType[V]: it is embedded
// by V, whose method set it provides.
type stringValue[V kindValue[V]] struct {
	basetypes.StringValue
}

func (v stringValue[V]) str() basetypes.StringValue { return v.StringValue }

// Type returns stringType[V], i.e. IPAddressType or HostnameType.
func (v stringValue[V]) Type(context.Context) attr.Type {
	return stringType[V]{}
}

// Equal reports whether o is a V in the same state (null, unknown or known)
// with exactly the same string. It is not semantic equality:
// "2001:db8::10" and "2001:DB8::10" are not Equal; see StringSemanticEquals.
func (v stringValue[V]) Equal(o attr.Value) bool {
	other, ok := o.(V)
	return ok && v.StringValue.Equal(other.str())
}

// ToStringValue returns the underlying basetypes.StringValue.
func (v stringValue[V]) ToStringValue(context.Context) (basetypes.StringValue, diag.Diagnostics) {
	return v.StringValue, nil
}

// StringSemanticEquals reports whether v and other, which must be a V,
// denote the same thing: both are known and valid and their canonical forms
// (see stringKind) are equal. Two null values are also semantically equal;
// an unknown value is not semantically equal to anything. The framework
// calls this only with known values.
func (v stringValue[V]) StringSemanticEquals(_ context.Context, other basetypes.StringValuable) (bool, diag.Diagnostics) {
	o, ok := other.(V)
	if !ok {
		var want V // not v, whose %T would be the generic stringValue
		return false, semanticEqualsTypeError(want, other)
	}
	return kindOf[V]().semanticEquals(v.StringValue, o.str()), nil
}

// ValidateAttribute adds an error diagnostic on req.Path if v is known and
// invalid for its kind. The framework calls it when validating configuration
// and plans.
func (v stringValue[V]) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	kindOf[V]().validateAttribute(v.StringValue, req, resp)
}

// ValidateParameter sets resp.Error if v, a provider-function argument at
// req.Position, is known and invalid for its kind.
func (v stringValue[V]) ValidateParameter(_ context.Context, req function.ValidateParameterRequest, resp *function.ValidateParameterResponse) {
	kindOf[V]().validateParameter(v.StringValue, req, resp)
}
