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
	release := make(chan struct{})
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301",`))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
	})
	defer close(release)
	c := newRawClient(t, srv.URL, func(cfg *Config) {
		cfg.AttemptTimeout = 100 * time.Millisecond
		cfg.MaxRetries = 1
	})
	start := time.Now()
	_, err := c.Get(context.Background(), "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	var gaveUp *GaveUpError
	if !errors.As(err, &gaveUp) || gaveUp.Attempts != 2 {
		t.Fatalf("err = %v; want GaveUpError after 2 attempts", err)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Fatalf("took %v; the attempt timeout is 100ms", elapsed)
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

func TestContextCancellationStopsRetries(t *testing.T) {
	var hits atomic.Int32
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := newRawClient(t, srv.URL, func(cfg *Config) {
		cfg.MaxRetries = 100
		cfg.RetryWaitMin, cfg.RetryWaitMax = 50*time.Millisecond, 50*time.Millisecond
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(120*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Get(ctx, "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled inside", err)
	}
	var gaveUp *GaveUpError
	if !errors.As(err, &gaveUp) || gaveUp.Last != "503 Service Unavailable" || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("err = %v; want a GaveUpError naming the cancellation and the last 503", err)
	}
	if time.Since(start) > 2*time.Second || hits.Load() > 10 {
		t.Fatalf("kept going after cancel: %v, %d hits", time.Since(start), hits.Load())
	}
}

func TestDeadlineShorterThanRetryAfter(t *testing.T) {
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := newRawClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Get(ctx, "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 400*time.Millisecond {
		t.Fatalf("waited %v for a retry that could not happen before the deadline", time.Since(start))
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
