package fwtypes

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// stringType is the attr.Type of the value type V; IPAddressType and
// HostnameType are aliases of its instantiations. It is a distinct type per
// V, so an IPAddressType is not Equal to a HostnameType.
type stringType[V kindValue[V]] struct {
	basetypes.StringType
}

// Equal reports whether o is the same stringType, i.e. has the same value
// type V.
func (t stringType[V]) Equal(o attr.Type) bool {
	_, ok := o.(stringType[V])
	return ok
}

// String returns the type's name, e.g. "fwtypes.IPAddressType": the name a
// provider developer knows it by, not the generic instantiation.
func (t stringType[V]) String() string {
	return kindOf[V]().typeName
}

// ValueFromString wraps in in a V without validating it (validation happens
// in V's ValidateAttribute).
func (t stringType[V]) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	var zero V
	return zero.wrap(in), nil
}

// ValueFromTerraform converts a Terraform string value (known, null or
// unknown) to a V without validating it.
func (t stringType[V]) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	sv, err := stringFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	var zero V
	return zero.wrap(sv), nil
}

// ValueType returns the zero (null) V. The framework's reflection compares
// it with the Go type of tfsdk struct fields and slice elements, which is
// why V, not stringValue[V], is what every method here returns.
func (t stringType[V]) ValueType(context.Context) attr.Value {
	var zero V
	return zero
}
