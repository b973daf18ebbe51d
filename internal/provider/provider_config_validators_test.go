package provider

// Tests of the validators of the provider block's endpoint and
// max_retry_wait (the checks that fail a bad literal before any plan), and
// of formatWait, which writes the durations in their messages.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestEndpointValidator(t *testing.T) {
	t.Parallel()
	for value, wantErr := range map[string]bool{
		"https://dns.de-fra.ionos.com": false,
		"http://127.0.0.1:1234":        false,
		"http://[::1]":                 false,
		"http://LOCALHOST":             false,
		"":                             false, // blank counts as unset
		"http://example.com":           true,
		"garbage":                      true,
	} {
		req := validator.StringRequest{Path: path.Root("endpoint"), ConfigValue: types.StringValue(value)}
		var resp validator.StringResponse
		endpointRuleCheck.ValidateString(context.Background(), req, &resp)
		if got := resp.Diagnostics.HasError(); got != wantErr {
			t.Errorf("endpoint %q: error = %v, want %v (%v)", value, got, wantErr, resp.Diagnostics)
		}
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		req := validator.StringRequest{Path: path.Root("endpoint"), ConfigValue: v}
		var resp validator.StringResponse
		endpointRuleCheck.ValidateString(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("endpoint %v: unexpected error %v", v, resp.Diagnostics)
		}
	}
}

func TestRetryWaitValidator(t *testing.T) {
	t.Parallel()
	for value, wantErr := range map[string]bool{
		"1s":      false,
		"60s":     false,
		"2m":      false,
		"1h":      false,
		"":        false, // blank counts as unset
		"  ":      false,
		"60":      true,
		"0s":      true,
		"999ms":   true,
		"1h1s":    true,
		"1 m":     true,
		"-1s":     true,
		"1d":      true,
		"forever": true,
	} {
		req := validator.StringRequest{Path: path.Root("max_retry_wait"), ConfigValue: types.StringValue(value)}
		var resp validator.StringResponse
		retryWaitCheck.ValidateString(context.Background(), req, &resp)
		if got := resp.Diagnostics.HasError(); got != wantErr {
			t.Errorf("max_retry_wait %q: error = %v, want %v (%v)", value, got, wantErr, resp.Diagnostics)
		}
		for _, d := range resp.Diagnostics.Errors() {
			pd, ok := d.(diag.DiagnosticWithPath)
			if !ok || !pd.Path().Equal(path.Root("max_retry_wait")) || !strings.Contains(d.Detail(), "max_retry_wait") {
				t.Errorf("max_retry_wait %q: error %v does not name the attribute", value, d)
			}
		}
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		req := validator.StringRequest{Path: path.Root("max_retry_wait"), ConfigValue: v}
		var resp validator.StringResponse
		retryWaitCheck.ValidateString(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("max_retry_wait %v: unexpected error %v", v, resp.Diagnostics)
		}
	}
}

func TestFormatWait(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		time.Second:             "1s",
		60 * time.Second:        "60s",
		90 * time.Second:        "90s",
		time.Hour:               "1h",
		250 * time.Millisecond:  "250ms",
		1500 * time.Millisecond: "1.5s",
	} {
		if got := formatWait(d); got != want {
			t.Errorf("formatWait(%v) = %q, want %q", d, got, want)
		}
	}
}
