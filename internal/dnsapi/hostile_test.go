package dnsapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/testwait"
)

// These tests put the client in front of endpoints that misbehave in ways
// the fake API does not: broken bodies, stalls, redirects. Each must end in
// a clear error, quickly, without panicking.

const testToken = "tok-SECRET-7f3a9c"

func newRawServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func newRawClient(t *testing.T, endpoint string, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Endpoint: endpoint, Token: testToken,
		MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBrokenSuccessBodies(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		reason string
	}{
		{"not JSON", "<html>maintenance</html>", "not valid JSON"},
		{"truncated JSON", `{"id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","type":"reverserecord","properties":{"na`, "cut short"},
		{"wrong shape", `{"hello":"world"}`, `no "id"`},
		{"wrong types", `{"id":42}`, "wrong type"},
		{"array instead of object", `[1,2,3]`, "wrong type"},
		{"empty", ``, "cut short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(tt.body))
			})
			_, err := newRawClient(t, srv.URL).Get(context.Background(), "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
			var decodeErr *DecodeError
			if !errors.As(err, &decodeErr) {
				t.Fatalf("err = %v (%T), want *DecodeError", err, err)
			}
			if !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), "GET /reverserecords/3f2504e0") {
				t.Fatalf("error %q should name the request and say %q", err, tt.reason)
			}
		})
	}
}

func TestListWithoutItemsIsAnError(t *testing.T) {
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"id":"x","type":"collection","offset":0,"limit":100,"_links":{}}`))
	})
	_, err := newRawClient(t, srv.URL).ListPage(context.Background(), ListOptions{})
	if err == nil || !strings.Contains(err.Error(), `no "items"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestOversizedBodyIsCutAtTheLimit(t *testing.T) {
	var served atomic.Int64
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		chunk := []byte(strings.Repeat("x", 64<<10))
		for range 64 { // 4 MiB
			n, err := w.Write(chunk)
			served.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	c := newRawClient(t, srv.URL, func(cfg *Config) { cfg.MaxResponseBytes = 1 << 20 })
	_, err := c.Get(context.Background(), "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	var decodeErr *DecodeError
	if !errors.As(err, &decodeErr) || !strings.Contains(err.Error(), "larger than the limit of 1048576 bytes") {
		t.Fatalf("err = %v", err)
	}
	if len(err.Error()) > 1000 {
		t.Fatalf("the error carries %d characters of body; it should carry a snippet", len(err.Error()))
	}
}

func TestStallMidBodyEndsAtTheAttemptTimeout(t *testing.T) {
	// The server stalls until the test ends: only the attempt timeout
	// can end the attempts. Had it no effect, the call would not return
	// within testwait's bound.
	release := make(chan struct{})
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301",`))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-time.After(time.Minute):
		}
	})
	defer close(release)
	c := newRawClient(t, srv.URL, func(cfg *Config) {
		cfg.AttemptTimeout = 100 * time.Millisecond
		cfg.MaxRetries = 1
	})
	done := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
		done <- err
	}()
	err := testwait.Receive(t, done, "a call whose every attempt stalls mid-body (attempt timeout 100ms)")
	var gaveUp *GaveUpError
	if !errors.As(err, &gaveUp) || gaveUp.Attempts != 2 {
		t.Fatalf("err = %v; want GaveUpError after 2 attempts", err)
	}
}

func TestNonJSONErrorBodyIsKept(t *testing.T) {
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("<h1>Access denied by proxy</h1>"))
	})
	_, err := newRawClient(t, srv.URL).Get(context.Background(), "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !IsForbidden(err) || !strings.Contains(err.Error(), "Access denied by proxy") {
		t.Fatalf("err = %v", err)
	}
}

func TestRedirects(t *testing.T) {
	var otherSawAuth atomic.Bool
	other := newRawServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			otherSawAuth.Store(true)
		}
		_, _ = w.Write([]byte(`{}`))
	})
	api := newRawServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/reverserecords/away":
			http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
		case "/reverserecords/here":
			http.Redirect(w, r, "/reverserecords/moved", http.StatusTemporaryRedirect)
		default:
			if r.Header.Get("Authorization") != "Bearer "+testToken {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			_, _ = fmt.Fprint(w, `{"id":"moved","type":"reverserecord","properties":{"name":"a.example","ip":"192.0.2.1"}}`)
		}
	})
	c := newRawClient(t, api.URL)

	_, err := c.Get(context.Background(), "away")
	if !errors.Is(err, errCrossHostRedirect) || !strings.Contains(err.Error(), "redirect to another host refused") {
		t.Fatalf("cross-host redirect: err = %v", err)
	}
	if otherSawAuth.Load() {
		t.Fatal("the Authorization header followed a redirect to another host")
	}

	rec, err := c.Get(context.Background(), "here")
	if err != nil || rec.ID != "moved" {
		t.Fatalf("same-host redirect: rec=%v err=%v", rec, err)
	}
}

func TestTokenNeverLoggedNorInErrors(t *testing.T) {
	// A hostile or buggy server echoes the token back in every way it can.
	srv := newRawServer(t, func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("Retry-After", "0")
		switch r.URL.Path {
		case "/reverserecords/json":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, `{"httpStatus":400,"messages":[{"errorCode":%q,"message":"bad token %s"}]}`, auth, auth)
		case "/reverserecords/text":
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = fmt.Fprintf(w, "you sent %s", auth)
		default:
			w.WriteHeader(http.StatusOK)
			_, _ = fmt.Fprintf(w, `{"token":%q`, auth)
		}
	})
	var mu sync.Mutex
	var logged strings.Builder
	c := newRawClient(t, srv.URL, func(cfg *Config) {
		cfg.Log = func(_ context.Context, msg string, fields map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(&logged, "%s %v\n", msg, fields)
		}
	})
	var errs []string
	for _, id := range []string{"json", "text", "truncated"} {
		_, err := c.Get(context.Background(), id)
		if err == nil {
			t.Fatalf("%s: no error", id)
		}
		errs = append(errs, err.Error())
	}
	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(errs, "\n") + logged.String()
	if strings.Contains(all, testToken) {
		t.Fatalf("the token leaked:\n%s", all)
	}
	if !strings.Contains(all, redacted) {
		t.Fatalf("expected the echoed token to show as %s:\n%s", redacted, all)
	}
	if !strings.Contains(logged.String(), "API request") || !strings.Contains(logged.String(), "status:400") {
		t.Fatalf("expected one log line per attempt with the status:\n%s", logged.String())
	}
}

// sleepSignal is the real clock, telling the test when the client starts
// a wait before a retry.
type sleepSignal struct {
	realClock
	sleeping chan time.Duration
}

func (c sleepSignal) Sleep(ctx context.Context, d time.Duration) error {
	select {
	case c.sleeping <- d:
	default:
	}
	return c.realClock.Sleep(ctx, d)
}

func TestContextCancellationStopsRetries(t *testing.T) {
	var hits atomic.Int32
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	// Waits of a minute before each retry: the call is cancelled during
	// the first, once the client has the first 503.
	clk := sleepSignal{sleeping: make(chan time.Duration, 1)}
	c := newRawClient(t, srv.URL, func(cfg *Config) {
		cfg.MaxRetries = 100
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Minute, time.Minute
		cfg.clock = clk
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Get(ctx, "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
		done <- err
	}()
	testwait.Receive(t, clk.sleeping, "the wait before the first retry")
	cancel()
	err := testwait.Receive(t, done, "the call to return after its cancellation (it was waiting a minute)")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled inside", err)
	}
	var gaveUp *GaveUpError
	if !errors.As(err, &gaveUp) || gaveUp.Last != "503 Service Unavailable" || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("err = %v; want a GaveUpError naming the cancellation and the last 503", err)
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("%d requests; want the one before the cancellation", n)
	}
}

func TestDeadlineShorterThanRetryAfter(t *testing.T) {
	var hits atomic.Int32
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "50")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := newRawClient(t, srv.URL)
	// The deadline is far off, but closer than the 50s the API asks for.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := c.Get(ctx, "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("err = %v", err)
	}
	// It gave up at once, not when the deadline came.
	if ctx.Err() != nil {
		t.Fatalf("the call returned only after its deadline (%v) for a retry that could not happen before it", ctx.Err())
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, tt := range []struct{ endpoint, token, want string }{
		{"https://dns.example", "", "no token"},
		{"ftp://dns.example", "t", "absolute http(s) URL"},
		{"dns.example", "t", "absolute http(s) URL"},
		{"https://user:pw@dns.example", "t", "user info"},
		{"https://dns.example/?x=1", "t", "query"},
		{"://", "t", "not a URL"},
	} {
		if _, err := New(Config{Endpoint: tt.endpoint, Token: tt.token}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%q, %q) err = %v, want it to say %q", tt.endpoint, tt.token, err, tt.want)
		}
	}
	c, err := New(Config{Token: "t"})
	if err != nil || c.base.String() != DefaultEndpoint {
		t.Fatalf("default endpoint: %v %v", c, err)
	}
}
