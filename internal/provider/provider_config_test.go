package provider

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// envMap is a getenv over a fixed map.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func str(s string) types.String { return types.StringValue(s) }

func TestResolveProviderConfig(t *testing.T) {
	t.Parallel()

	null := ionosdnsProviderModel{
		Token:          types.StringNull(),
		Endpoint:       types.StringNull(),
		ContractNumber: types.StringNull(),
		MaxRetries:     types.Int64Null(),
		MaxRetryWait:   types.StringNull(),
	}
	with := func(change func(*ionosdnsProviderModel)) ionosdnsProviderModel {
		m := null
		change(&m)
		return m
	}

	tests := []struct {
		name  string
		model ionosdnsProviderModel
		env   map[string]string
		want  dnsapi.Config
		// errPath and errText, when set, are the path and a part of the
		// detail of the one error expected.
		errPath string
		errText string
	}{
		{
			name:  "token from config, defaults",
			model: with(func(m *ionosdnsProviderModel) { m.Token = str("cfg-token") }),
			want:  dnsapi.Config{Token: "cfg-token", Endpoint: dnsapi.DefaultEndpoint},
		},
		{
			name:  "everything from env",
			model: null,
			env:   map[string]string{envToken: "env-token", envEndpoint: "http://127.0.0.1:8080", envContractNumber: "31"},
			want:  dnsapi.Config{Token: "env-token", Endpoint: "http://127.0.0.1:8080", ContractNumber: "31"},
		},
		{
			name: "config wins over env",
			model: with(func(m *ionosdnsProviderModel) {
				m.Token, m.Endpoint, m.ContractNumber = str("cfg-token"), str("https://dns.example.net"), str("42")
			}),
			env:  map[string]string{envToken: "env-token", envEndpoint: "https://env.example.net", envContractNumber: "31"},
			want: dnsapi.Config{Token: "cfg-token", Endpoint: "https://dns.example.net", ContractNumber: "42"},
		},
		{
			name: "empty and blank strings in config count as unset",
			model: with(func(m *ionosdnsProviderModel) {
				m.Token, m.Endpoint, m.ContractNumber = str(""), str("  "), str("")
			}),
			env:  map[string]string{envToken: "env-token", envEndpoint: "https://env.example.net", envContractNumber: "31"},
			want: dnsapi.Config{Token: "env-token", Endpoint: "https://env.example.net", ContractNumber: "31"},
		},
		{
			name:  "values are trimmed",
			model: with(func(m *ionosdnsProviderModel) { m.Token = str(" tok\n") }),
			env:   map[string]string{envEndpoint: " https://dns.example.net \n"},
			want:  dnsapi.Config{Token: "tok", Endpoint: "https://dns.example.net"},
		},
		{
			name:    "missing token",
			model:   null,
			env:     map[string]string{envEndpoint: "https://dns.example.net"},
			errPath: "token",
			errText: envToken,
		},
		{
			name:    "empty token everywhere",
			model:   with(func(m *ionosdnsProviderModel) { m.Token = str("") }),
			env:     map[string]string{envToken: ""},
			errPath: "token",
			errText: envToken,
		},
		{
			name:    "unknown token",
			model:   with(func(m *ionosdnsProviderModel) { m.Token = types.StringUnknown() }),
			env:     map[string]string{envToken: "env-token"},
			errPath: "token",
			errText: "must be known at plan time",
		},
		{
			name: "unknown endpoint",
			model: with(func(m *ionosdnsProviderModel) {
				m.Token, m.Endpoint = str("t"), types.StringUnknown()
			}),
			errPath: "endpoint",
			errText: "must be known at plan time",
		},
		{
			name: "unknown max_retries",
			model: with(func(m *ionosdnsProviderModel) {
				m.Token, m.MaxRetries = str("t"), types.Int64Unknown()
			}),
			errPath: "max_retries",
			errText: "must be known at plan time",
		},
		{
			name:  "http on 127.0.0.1 ok",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("http://127.0.0.1:4010") }),
			want:  dnsapi.Config{Token: "t", Endpoint: "http://127.0.0.1:4010"},
		},
		{
			name:  "http on 127.0.0.0/8 ok",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("http://127.1.2.3") }),
			want:  dnsapi.Config{Token: "t", Endpoint: "http://127.1.2.3"},
		},
		{
			name:  "http on localhost ok",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("http://localhost:4010/") }),
			want:  dnsapi.Config{Token: "t", Endpoint: "http://localhost:4010/"},
		},
		{
			name:  "http on [::1] ok",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("http://[::1]:4010") }),
			want:  dnsapi.Config{Token: "t", Endpoint: "http://[::1]:4010"},
		},
		{
			name:  "https with a base path ok",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("https://proxy.example.net/dns") }),
			want:  dnsapi.Config{Token: "t", Endpoint: "https://proxy.example.net/dns"},
		},
		{
			name:    "http on a public host rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("http://example.com") }),
			errPath: "endpoint",
			errText: "loopback",
		},
		{
			name:    "http on a public host from env rejected, naming the variable",
			model:   with(func(m *ionosdnsProviderModel) { m.Token = str("t") }),
			env:     map[string]string{envEndpoint: "http://dns.de-fra.ionos.com"},
			errPath: "endpoint",
			errText: envEndpoint,
		},
		{
			name:    "http on a private address rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("http://10.0.0.1") }),
			errPath: "endpoint",
			errText: "loopback",
		},
		{
			name:    "http on a name that merely starts with localhost rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("http://localhost.example.com") }),
			errPath: "endpoint",
			errText: "loopback",
		},
		{
			name:    "garbage rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("not a url") }),
			errPath: "endpoint",
			errText: "absolute",
		},
		{
			name:    "unparsable rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("https://[::1") }),
			errPath: "endpoint",
			errText: "not a valid URL",
		},
		{
			name:    "other scheme rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("ftp://127.0.0.1") }),
			errPath: "endpoint",
			errText: "https",
		},
		{
			name:    "host-less URL rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("https:dns.example.com") }),
			errPath: "endpoint",
			errText: "absolute",
		},
		{
			name:    "query rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("https://dns.example.com/?a=b") }),
			errPath: "endpoint",
			errText: "query",
		},
		{
			name:    "user info rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.Endpoint = str("t"), str("https://u:p@dns.example.com") }),
			errPath: "endpoint",
			errText: "user info",
		},
		{
			name:  "max_retries 0 disables retries",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetries = str("t"), types.Int64Value(0) }),
			want:  dnsapi.Config{Token: "t", Endpoint: dnsapi.DefaultEndpoint, MaxRetries: -1},
		},
		{
			name:  "max_retries 3",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetries = str("t"), types.Int64Value(3) }),
			want:  dnsapi.Config{Token: "t", Endpoint: dnsapi.DefaultEndpoint, MaxRetries: 3},
		},
		{
			name:  "max_requests_per_second sets the hard cap",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRate = str("t"), types.Float64Value(12.5) }),
			want:  dnsapi.Config{Token: "t", Endpoint: dnsapi.DefaultEndpoint, MaxRequestsPerSecond: 12.5},
		},
		{
			name:    "max_requests_per_second 0 rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRate = str("t"), types.Float64Value(0) }),
			errPath: "max_requests_per_second",
			errText: "between 0.1 and 10000",
		},
		{
			name:    "unknown max_requests_per_second",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRate = str("t"), types.Float64Unknown() }),
			errPath: "max_requests_per_second",
			errText: "unknown",
		},
		{
			name:    "negative max_retries rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetries = str("t"), types.Int64Value(-1) }),
			errPath: "max_retries",
			errText: "between 0 and",
		},
		{
			name:    "huge max_retries rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetries = str("t"), types.Int64Value(maxRetriesLimit+1) }),
			errPath: "max_retries",
			errText: "between 0 and",
		},
		{
			name:  "max_retry_wait above the backoff cap sets the Retry-After limit only",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("90s") }),
			want: dnsapi.Config{Token: "t", Endpoint: dnsapi.DefaultEndpoint,
				MaxRetryAfter: 90 * time.Second, RetryWaitMax: dnsapi.DefaultRetryWaitMax},
		},
		{
			name:  "max_retry_wait below the backoff cap caps the backoff too",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("2s") }),
			want: dnsapi.Config{Token: "t", Endpoint: dnsapi.DefaultEndpoint,
				MaxRetryAfter: 2 * time.Second, RetryWaitMax: 2 * time.Second},
		},
		{
			name:  "max_retry_wait in minutes and seconds, trimmed",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str(" 1m30s ") }),
			want:  dnsapi.Config{Token: "t", Endpoint: dnsapi.DefaultEndpoint, MaxRetryAfter: 90 * time.Second},
		},
		{
			name:  "max_retry_wait at the bounds",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("1h") }),
			want:  dnsapi.Config{Token: "t", Endpoint: dnsapi.DefaultEndpoint, MaxRetryAfter: time.Hour},
		},
		{
			name:  "blank max_retry_wait counts as unset",
			model: with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("  ") }),
			want:  dnsapi.Config{Token: "t", Endpoint: dnsapi.DefaultEndpoint},
		},
		{
			name:    "max_retry_wait without a unit rejected with a hint",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("60") }),
			errPath: "max_retry_wait",
			errText: `a unit is required, e.g. "60s"`,
		},
		{
			name:    "max_retry_wait that is not a duration rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("soon") }),
			errPath: "max_retry_wait",
			errText: `"soon", which is not a duration`,
		},
		{
			name:    "zero max_retry_wait rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("0s") }),
			errPath: "max_retry_wait",
			errText: "between 1s and 1h",
		},
		{
			name:    "negative max_retry_wait rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("-5s") }),
			errPath: "max_retry_wait",
			errText: "outside the allowed range",
		},
		{
			name:    "sub-second max_retry_wait rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("500ms") }),
			errPath: "max_retry_wait",
			errText: "between 1s and 1h",
		},
		{
			name:    "max_retry_wait above an hour rejected",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), str("61m") }),
			errPath: "max_retry_wait",
			errText: "outside the allowed range",
		},
		{
			name:    "unknown max_retry_wait",
			model:   with(func(m *ionosdnsProviderModel) { m.Token, m.MaxRetryWait = str("t"), types.StringUnknown() }),
			errPath: "max_retry_wait",
			errText: "must be known at plan time",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, diags := resolveProviderConfig(tt.model, envMap(tt.env))
			if tt.errPath == "" {
				if diags.HasError() {
					t.Fatalf("unexpected diagnostics: %v", diags)
				}
				want := tt.want
				if want.MaxRetryAfter == 0 {
					want.MaxRetryAfter = dnsapi.DefaultMaxRetryAfter
				}
				if want.RetryWaitMax == 0 {
					want.RetryWaitMax = dnsapi.DefaultRetryWaitMax
				}
				if resolvedFields(got) != resolvedFields(want) {
					t.Fatalf("config = %+v, want %+v", resolvedFields(got), resolvedFields(want))
				}
				return
			}
			errs := diags.Errors()
			if len(errs) != 1 {
				t.Fatalf("want exactly one error, got %v", diags)
			}
			pd, ok := errs[0].(diag.DiagnosticWithPath)
			if !ok || !pd.Path().Equal(path.Root(tt.errPath)) {
				t.Fatalf("error %v is not on path %q", errs[0], tt.errPath)
			}
			if !strings.Contains(errs[0].Detail(), tt.errText) {
				t.Fatalf("error detail %q does not contain %q", errs[0].Detail(), tt.errText)
			}
		})
	}
}

// resolvedFields is the part of a dnsapi.Config that
// resolveProviderConfig sets (Config itself holds a func, so it is not
// comparable).
type resolvedFieldsT struct {
	Token, Endpoint, ContractNumber string
	MaxRetries                      int
	MaxRetryAfter, RetryWaitMax     time.Duration
	MaxRequestsPerSecond            float64
}

func resolvedFields(c dnsapi.Config) resolvedFieldsT {
	return resolvedFieldsT{
		Token: c.Token, Endpoint: c.Endpoint, ContractNumber: c.ContractNumber, MaxRetries: c.MaxRetries,
		MaxRetryAfter: c.MaxRetryAfter, RetryWaitMax: c.RetryWaitMax, MaxRequestsPerSecond: c.MaxRequestsPerSecond,
	}
}

// An endpoint refused for its scheme is an error on the endpoint that
// names the endpoint, and neither it nor any other diagnostic echoes the
// token.
func TestResolveProviderConfig_InvalidEndpointDoesNotEchoToken(t *testing.T) {
	t.Parallel()
	const token = "s3cret-token"
	m := ionosdnsProviderModel{
		Token:          str(token),
		Endpoint:       str("http://example.com"),
		ContractNumber: types.StringNull(),
		MaxRetries:     types.Int64Null(),
		MaxRetryWait:   types.StringNull(),
	}
	cfg, diags := resolveProviderConfig(m, envMap(nil))
	errs := diags.Errors()
	if len(errs) != 1 {
		t.Fatalf("want exactly one error (the endpoint's), got %v", diags)
	}
	pd, ok := errs[0].(diag.DiagnosticWithPath)
	if !ok || !pd.Path().Equal(path.Root("endpoint")) || errs[0].Summary() != "Invalid IONOS DNS API endpoint" ||
		!strings.Contains(errs[0].Detail(), `"http://example.com"`) {
		t.Fatalf("error %q: %q is not the endpoint's error naming the endpoint", errs[0].Summary(), errs[0].Detail())
	}
	for _, d := range diags {
		if strings.Contains(d.Summary()+d.Detail(), token) {
			t.Fatalf("diagnostic leaks the token: %v", d)
		}
	}
	if cfg.Token != token {
		t.Fatalf("Token = %q, want the configured token", cfg.Token)
	}
	got := resolvedFields(cfg)
	got.Token = ""
	if strings.Contains(fmt.Sprintf("%+v", got), token) {
		t.Fatalf("the token is outside Token: %+v", got)
	}
}

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

// The client's log lines go to the "dnsapi" subsystem with the token
// masked, whatever context the client hands over.
func TestClientLogFunc_SubsystemAndMasking(t *testing.T) {
	t.Setenv("TF_LOG_PROVIDER_IONOSDNS_DNSAPI", "")
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	ctx = tflog.SetField(ctx, "tf_req_id", "req-1")

	const token = "s3cret-token"
	logf := clientLogFunc(token)
	logf(ctx, "API request with "+token, map[string]any{
		"method": "GET",
		"error":  "something echoed Bearer " + token,
	})

	out := buf.String()
	if strings.Contains(out, token) {
		t.Fatalf("log output leaks the token: %s", out)
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("want one log entry, got %d: %s", len(entries), out)
	}
	e := entries[0]
	if e["@module"] != "provider.dnsapi" {
		t.Errorf("@module = %v, want provider.dnsapi", e["@module"])
	}
	if e["@level"] != "debug" {
		t.Errorf("@level = %v, want debug", e["@level"])
	}
	if e["method"] != "GET" {
		t.Errorf("method field = %v, want GET", e["method"])
	}
	if e["tf_req_id"] != "req-1" {
		t.Errorf("root field tf_req_id = %v, want req-1", e["tf_req_id"])
	}
	if msg, _ := e["@message"].(string); !strings.Contains(msg, "***") {
		t.Errorf("message %q is not masked", msg)
	}

	// Without a root logger (plain contexts) it must not panic.
	logf(context.Background(), "no logger", nil)
}
