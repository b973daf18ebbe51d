package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// The errors come from a real client against misbehaving servers, so that
// the hints stay tied to what the client actually returns.
func TestDescribeAPIError_NamesTheLimitHit(t *testing.T) {
	t.Parallel()
	const id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"

	tests := []struct {
		name    string
		handler http.HandlerFunc
		cfg     func(*dnsapi.Config)
		timeout time.Duration
		want    []string
	}{
		{
			name: "Retry-After beyond max_retry_wait",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "120")
				w.WriteHeader(http.StatusTooManyRequests)
			},
			cfg:  func(c *dnsapi.Config) { c.MaxRetryAfter = 5 * time.Second },
			want: []string{"retry after 2m0s", "Limit hit: the provider's max_retry_wait (5s)", "wait 2m before a retry", "raise max_retry_wait"},
		},
		{
			name: "deadline before the next retry",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "30")
				w.WriteHeader(http.StatusServiceUnavailable)
			},
			// Far off, but before the 30s asked for: the call gives up at
			// once, however slow the machine.
			timeout: 10 * time.Second,
			want: []string{"the read timeout (10s) would pass first: the API asked to wait 30s", "last attempt: 503 Service Unavailable",
				"Limit hit: the read timeout (10s)", "timeouts block", `timeouts { read = "10m" }`},
		},
		{
			name: "deadline during a stalled attempt",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write([]byte(`{"id":`))
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
				case <-time.After(30 * time.Second): // bounded; the timeout ends it first
				}
			},
			timeout: 300 * time.Millisecond,
			want:    []string{"the read timeout (300ms) ran out", "Limit hit: the read timeout (300ms)", "timeouts block"},
		},
		{
			name: "retries exhausted on 503",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusServiceUnavailable)
			},
			want: []string{"503 Service Unavailable", "Limit hit: the provider's max_retries", "still answered 503"},
		},
		{
			name: "retries exhausted on dropped connections",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					_ = conn.Close()
				}
			},
			want: []string{"gave up after 3 attempt(s): the retry limit (max retries) was reached", "Limit hit: the provider's max_retries"},
		},
		{
			name: "redirect to another host",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://192.0.2.1:9/elsewhere", http.StatusTemporaryRedirect)
			},
			want: []string{"redirect to another host refused", "The provider refuses such redirects", envEndpoint},
		},
		{
			name: "unreadable success",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte("<html>login</html>"))
			},
			want: []string{"unreadable response", "points at the DNS API"},
		},
		{
			name: "unauthorized",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusUnauthorized)
			},
			want: []string{"401 Unauthorized", "did not accept the token", envToken},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tt.handler)
			t.Cleanup(srv.Close)
			cfg := dnsapi.Config{
				Endpoint: srv.URL, Token: "tok", MaxRetries: 2,
				RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
			}
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			client, err := dnsapi.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = dnsapi.WithTimeout(ctx, "the read timeout", tt.timeout)
				defer cancel()
			}
			_, err = client.Get(ctx, id)
			if err == nil {
				t.Fatal("no error")
			}
			got := describeAPIError(err)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("describeAPIError does not say %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestDescribeAPIError_LeavesOtherErrorsAlone(t *testing.T) {
	t.Parallel()
	err := &dnsapi.APIError{Method: "PUT", Path: "/reverserecords/x", StatusCode: http.StatusBadRequest}
	if got := describeAPIError(err); got != err.Error() {
		t.Fatalf("describeAPIError(400) = %q, want the error alone", got)
	}
}
