package fwtypes

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ basetypes.StringTypable = HostnameType{}

// HostnameType is a string attribute type holding a DNS hostname, such as
// the target of a PTR record (see HostnameRules and ValidateHostname). Its
// values are HostnameValue. Use it as the CustomType of a
// schema.StringAttribute:
//
//	"name": schema.StringAttribute{CustomType: fwtypes.HostnameType{}, ...}
type HostnameType struct {
	basetypes.StringType
}

// Equal reports whether o is a HostnameType.
func (t HostnameType) Equal(o attr.Type) bool {
	_, ok := o.(HostnameType)
	return ok
}

// String returns the type's name, "fwtypes.HostnameType".
func (t HostnameType) String() string {
	return "fwtypes.HostnameType"
}

// ValueFromString wraps in in a HostnameValue without validating it
// (validation happens in HostnameValue.ValidateAttribute).
func (t HostnameType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return HostnameValue{StringValue: in}, nil
}

// ValueFromTerraform converts a Terraform string value (known, null or
// unknown) to a HostnameValue without validating it.
func (t HostnameType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	sv, err := stringFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	return HostnameValue{StringValue: sv}, nil
}

// ValueType returns the value type of HostnameType, HostnameValue.
func (t HostnameType) ValueType(context.Context) attr.Value {
	return HostnameValue{}
}
