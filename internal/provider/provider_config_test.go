package provider

// Tests of resolveProviderConfig: how the provider block and the
// environment become the API client's configuration (which source wins,
// what is trimmed, which endpoints and retry and rate settings are refused,
// with which error), and the helpers the other provider_config tests share.

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

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
