package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// stringRule is a string validator made of a check: the one shape all of
// this provider's own string validators have. The diagnostic carries the
// attribute's path, the summary, and the check's error as its detail.
type stringRule struct {
	description string
	summary     string
	// blankIsUnset skips values of only white space, for attributes where
	// blank means "use the environment or the default".
	blankIsUnset bool
	check        func(string) error
}

var _ validator.String = stringRule{}

func (r stringRule) Description(context.Context) string { return r.description }

func (r stringRule) MarkdownDescription(ctx context.Context) string { return r.Description(ctx) }

func (r stringRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if r.blankIsUnset {
		if value = strings.TrimSpace(value); value == "" {
			return
		}
	}
	if err := r.check(value); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, r.summary, err.Error())
	}
}

// recordIDRule checks that a string is a UUID, as record ids are, so that
// a mistyped id fails at plan time rather than as an API error.
var recordIDRule = stringRule{
	description: "value must be a UUID",
	summary:     "Invalid Record ID",
	check: func(s string) error {
		if _, err := uuid.Parse(s); err != nil {
			return fmt.Errorf("%q is not a record id: expected a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301", s)
		}
		return nil
	},
}

// regexpRule checks that a string is an RE2 regular expression, the
// syntax Go and Terraform's own regex functions use.
var regexpRule = stringRule{
	description: "value must be a regular expression in RE2 syntax",
	summary:     "Invalid Regular Expression",
	check: func(s string) error {
		if _, err := regexp.Compile(s); err != nil {
			return fmt.Errorf("%q is not a valid RE2 regular expression: %w", s, err)
		}
		return nil
	},
}
