package fwtypes

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The framework validates a custom-typed attribute itself, but not the
// elements of a list of custom-typed values. These validators give list
// elements the same check and the same diagnostics, e.g. with
// listvalidator.ValueStringsAre(fwtypes.IPAddressElement()).

// IPAddressElement validates a string as an IP address (see IPAddressRules).
func IPAddressElement() validator.String { return kindValidator{ipAddressKind} }

// HostnameElement validates a string as a hostname (see HostnameRules).
func HostnameElement() validator.String { return kindValidator{hostnameKind} }

type kindValidator struct{ kind stringKind }

var _ validator.String = kindValidator{}

func (v kindValidator) Description(context.Context) string {
	return "value must be " + v.kind.rules
}

func (v kindValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v kindValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if err := v.kind.validate(req.ConfigValue); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.kind.summary, v.kind.detail(err))
	}
}
