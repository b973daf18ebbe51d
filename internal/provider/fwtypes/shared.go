package fwtypes

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// stringKind is what distinguishes IPAddressValue from HostnameValue: both
// are strings that are validated by one function and compared through one
// canonical form. The generic stringType and stringValue (and the list
// element validators) take their behaviour from it; the kinds themselves are
// ipAddressKind and hostnameKind.
type stringKind struct {
	// typeName is what the attr.Type's String method returns, e.g.
	// "fwtypes.IPAddressType"; the framework quotes it in diagnostics.
	typeName string
	// summary is the diagnostic summary for an invalid value.
	summary string
	// rules is the human-readable rule summary appended to diagnostics.
	rules string
	// canonical validates a string and returns its canonical form; two
	// valid strings are semantically equal iff their canonical forms are.
	canonical func(string) (string, error)
}

// detail renders a validation error for a diagnostic.
func (k stringKind) detail(err error) string {
	return fmt.Sprintf("%s.\n\nExpected %s.", err, k.rules)
}

// validate returns the validation error for v, or nil if v is valid, null
// or unknown (null and unknown values are not validated).
func (k stringKind) validate(v basetypes.StringValue) error {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	_, err := k.canonical(v.ValueString())
	return err
}

func (k stringKind) validateAttribute(v basetypes.StringValue, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if err := k.validate(v); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, k.summary, k.detail(err))
	}
}

func (k stringKind) validateParameter(v basetypes.StringValue, req function.ValidateParameterRequest, resp *function.ValidateParameterResponse) {
	if err := k.validate(v); err != nil {
		resp.Error = function.NewArgumentFuncError(req.Position, k.summary+": "+k.detail(err))
	}
}

// semanticEquals reports whether a and b denote the same thing: both known
// and valid with equal canonical forms, or both null. Unknown values are
// never semantically equal to anything, and invalid values are not equal
// even to themselves (validation reports them anyway).
func (k stringKind) semanticEquals(a, b basetypes.StringValue) bool {
	if a.IsUnknown() || b.IsUnknown() {
		return false
	}
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	ca, err := k.canonical(a.ValueString())
	if err != nil {
		return false
	}
	cb, err := k.canonical(b.ValueString())
	if err != nil {
		return false
	}
	return ca == cb
}

// stringFromTerraform converts a Terraform string value (known, null or
// unknown) to a basetypes.StringValue.
func stringFromTerraform(ctx context.Context, in tftypes.Value) (basetypes.StringValue, error) {
	v, err := basetypes.StringType{}.ValueFromTerraform(ctx, in)
	if err != nil {
		return basetypes.StringValue{}, err
	}
	sv, ok := v.(basetypes.StringValue)
	if !ok {
		return basetypes.StringValue{}, fmt.Errorf("unexpected value type %T converting %s", v, in)
	}
	return sv, nil
}

// semanticEqualsTypeError is the diagnostic for a semantic-equality check
// against a value of another type, which the framework never does.
func semanticEqualsTypeError(want, got any) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError(
		"Semantic Equality Check Error",
		fmt.Sprintf("A value of an unexpected type was given to a semantic equality check. "+
			"This is a bug in the provider; please report it to the provider developers.\n\n"+
			"Expected value type: %T\nGot value type: %T", want, got),
	)
	return diags
}
