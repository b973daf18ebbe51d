package fwtypes

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ basetypes.StringTypable = IPAddressType{}

// IPAddressType is a string attribute type holding one IPv4 or IPv6 address
// (see IPAddressRules and ParseIPAddress). Its values are IPAddressValue.
// Use it as the CustomType of a schema.StringAttribute:
//
//	"ip": schema.StringAttribute{CustomType: fwtypes.IPAddressType{}, ...}
type IPAddressType struct {
	basetypes.StringType
}

// Equal reports whether o is an IPAddressType.
func (t IPAddressType) Equal(o attr.Type) bool {
	_, ok := o.(IPAddressType)
	return ok
}

// String returns the type's name, "fwtypes.IPAddressType".
func (t IPAddressType) String() string {
	return "fwtypes.IPAddressType"
}

// ValueFromString wraps in in an IPAddressValue without validating it
// (validation happens in IPAddressValue.ValidateAttribute).
func (t IPAddressType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return IPAddressValue{StringValue: in}, nil
}

// ValueFromTerraform converts a Terraform string value (known, null or
// unknown) to an IPAddressValue without validating it.
func (t IPAddressType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	sv, err := stringFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	return IPAddressValue{StringValue: sv}, nil
}

// ValueType returns the value type of IPAddressType, IPAddressValue.
func (t IPAddressType) ValueType(context.Context) attr.Value {
	return IPAddressValue{}
}
