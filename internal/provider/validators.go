package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// uuidValidator checks that a string is a UUID, as record ids are, so that
// a mistyped id fails at plan time rather than as an API error.
type uuidValidator struct{}

var _ validator.String = uuidValidator{}

func (uuidValidator) Description(context.Context) string { return "value must be a UUID" }

func (v uuidValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (uuidValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := uuid.Parse(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Record ID",
			fmt.Sprintf("%q is not a record id: expected a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301.", req.ConfigValue.ValueString()))
	}
}

// regexpValidator checks that a string is an RE2 regular expression, the
// syntax Go and Terraform's own regex functions use.
type regexpValidator struct{}

var _ validator.String = regexpValidator{}

func (regexpValidator) Description(context.Context) string {
	return "value must be a regular expression in RE2 syntax"
}

func (v regexpValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexpValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Regular Expression",
			fmt.Sprintf("%q is not a valid RE2 regular expression: %v.", req.ConfigValue.ValueString(), err))
	}
}
