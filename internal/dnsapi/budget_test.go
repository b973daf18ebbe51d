package dnsapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The retry budget is time, tested in virtual time: the client's clock is
// a virtualClock, so minutes of backoff pass in milliseconds while the
// requests themselves are real HTTP to a local server.

// flakyServer answers 503 to the first failures requests, then 200 with a
// record; it counts the requests.
type flakyServer struct {
	failures int64
	status   int
	calls    atomic.Int64
}

func (f *flakyServer) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	n := f.calls.Add(1)
	if n <= f.failures {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.status)
		_, _ = w.Write([]byte(`{"httpStatus":503,"messages":[{"errorCode":"DNS-503","message":"down for maintenance"}]}`))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","type":"reverserecord","href":"/reverserecords/3f2504e0-4f89-41d3-9a0c-0305e82c3301",` +
		`"metadata":{},"properties":{"name":"a.example.com","ip":"192.0.2.1"}}`))
}

// virtualClient is a client of endpoint on clk, with the default waits
// and retries.
func virtualClient(t *testing.T, endpoint string, clk *virtualClock, mutate ...func(*Config)) *Client {
	t.Helper()
	return newRawClient(t, endpoint, append([]func(*Config){func(cfg *Config) {
		*cfg = Config{Endpoint: endpoint, Token: testToken, clock: clk}
	}}, mutate...)...)
}

// inVirtualTime runs f as a simulated goroutine of clk and waits for it
// (for a bounded real time).
func inVirtualTime(t *testing.T, clk *virtualClock, f func()) {
	t.Helper()
	var wg sync.WaitGroup
	clk.Go(&wg, f)
	clk.Wait(t, &wg, "the call in virtual time")
}

// callThrough runs call, in virtual time, with a client at its defaults
// against a server that refuses the first `failures` requests with 503,
// within a timeout named name. It returns how much virtual time the call
// took, how many requests the server saw, and the call's error.
func callThrough(t *testing.T, failures int64, name string, timeout time.Duration,
	call func(context.Context, *Client) error,
) (elapsed time.Duration, requests int64, err error) {
	t.Helper()
	flaky := &flakyServer{failures: failures, status: http.StatusServiceUnavailable}
	srv := httptest.NewServer(flaky)
	defer srv.Close()
	clk := newVirtualClock()
	c := virtualClient(t, srv.URL, clk)
	inVirtualTime(t, clk, func() {
		ctx, cancel := WithTimeout(context.Background(), name, timeout)
		defer cancel()
		start := clk.Now()
		err = call(ctx, c)
		elapsed = clk.Now().Sub(start)
	})
	return elapsed, flaky.calls.Load(), err
}

const budgetTestID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"

// TestBudgetOutlastsAnOutage: with the defaults, a call meets 503s for
// longer than the old fixed budget of 8 retries (about a minute) and
// still succeeds, because it retries until its deadline.
func TestBudgetOutlastsAnOutage(t *testing.T) {
	elapsed, requests, err := callThrough(t, 40, "the read timeout", 10*time.Minute, func(ctx context.Context, c *Client) error {
		_, err := c.Get(ctx, budgetTestID)
		return err
	})
	if err != nil {
		t.Fatalf("the call failed after %d requests: %v", requests, err)
	}
	if requests != 41 {
		t.Fatalf("%d requests, want 40 refused and 1 answered", requests)
	}
	// 40 backoffs, each capped at 10s and jittered down to no less than
	// half of it: far beyond the minute the old budget lasted.
	if elapsed < 2*time.Minute || elapsed > 40*DefaultRetryWaitMax {
		t.Fatalf("the retries took %v of virtual time", elapsed)
	}
	t.Logf("40 × 503 ridden out in %v of virtual time", elapsed.Round(time.Second))
}

// TestBudgetEndsAtTheDeadlineAndNamesIt: an outage longer than the
// timeout ends the call at the timeout, not before and not long after,
// with an error that names the timeout and the last answer.
func TestBudgetEndsAtTheDeadlineAndNamesIt(t *testing.T) {
	elapsed, _, err := callThrough(t, 1<<30, "the create timeout", 90*time.Second, func(ctx context.Context, c *Client) error {
		_, err := c.Put(ctx, budgetTestID, ReverseRecord{IP: "192.0.2.1", Name: "a.example.com"})
		return err
	})
	var gaveUp *GaveUpError
	if !errors.As(err, &gaveUp) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want a GaveUpError at the deadline", err)
	}
	for _, want := range []string{"the create timeout (90s) would pass first", "last attempt: 503 Service Unavailable"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not say %q", err, want)
		}
	}
	if gaveUp.Deadline != "the create timeout (90s)" {
		t.Errorf("Deadline = %q", gaveUp.Deadline)
	}
	// The budget is used to the end: the last retries come closer and
	// closer to the deadline.
	if elapsed < 89*time.Second || elapsed > 90*time.Second {
		t.Errorf("gave up after %v of a 90s budget", elapsed)
	}
	if MayHaveBeenApplied(err) {
		t.Error("503s say the work was not done")
	}
}

// TestBudgetCapAndFinalAnswers: MaxRetries still caps the count when set,
// and 4xx answers are final whatever the budget.
func TestBudgetCapAndFinalAnswers(t *testing.T) {
	for _, tt := range []struct {
		name       string
		status     int
		maxRetries int
		wantCalls  int64
	}{
		{"cap of 3", http.StatusServiceUnavailable, 3, 4},
		{"retries disabled", http.StatusServiceUnavailable, -1, 1},
		{"400 at once", http.StatusBadRequest, 0, 1},
		{"409 at once", http.StatusConflict, 0, 1},
		{"404 at once", http.StatusNotFound, 0, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			flaky := &flakyServer{failures: 1 << 30, status: tt.status}
			srv := httptest.NewServer(flaky)
			defer srv.Close()
			clk := newVirtualClock()
			c := virtualClient(t, srv.URL, clk, func(cfg *Config) { cfg.MaxRetries = tt.maxRetries })
			var err error
			inVirtualTime(t, clk, func() {
				_, err = c.Get(context.Background(), budgetTestID)
			})
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("err = %v; want the API's %d", err, tt.status)
			}
			if n := flaky.calls.Load(); n != tt.wantCalls {
				t.Fatalf("%d requests, want %d", n, tt.wantCalls)
			}
		})
	}
}

// TestBudgetWithoutADeadline: a call whose context has no deadline is
// bounded by CallTimeout.
func TestBudgetWithoutADeadline(t *testing.T) {
	flaky := &flakyServer{failures: 1 << 30, status: http.StatusServiceUnavailable}
	srv := httptest.NewServer(flaky)
	defer srv.Close()
	clk := newVirtualClock()
	c := virtualClient(t, srv.URL, clk)
	var err error
	inVirtualTime(t, clk, func() {
		_, err = c.Get(context.Background(), budgetTestID)
	})
	if err == nil || !strings.Contains(err.Error(), "the client's call timeout (10m) would pass first") {
		t.Fatalf("err = %v; want the call timeout named", err)
	}
}

// TestThrottlingPausesTheWholeClient: a 429 with Retry-After pauses every
// call of the client, not only the one that met it.
func TestThrottlingPausesTheWholeClient(t *testing.T) {
	var throttled atomic.Bool
	var mu sync.Mutex
	var arrivals []time.Time
	clk := newVirtualClock()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, clk.Now())
		mu.Unlock()
		if throttled.CompareAndSwap(false, true) {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		(&flakyServer{}).ServeHTTP(w, r)
	}))
	defer srv.Close()
	c := virtualClient(t, srv.URL, clk)
	start := clk.Now()
	var wg sync.WaitGroup
	clk.Hold()
	clk.Go(&wg, func() { _, _ = c.Get(context.Background(), "first") })
	clk.Go(&wg, func() {
		// A second call, a second after the first met the 429.
		_ = clk.Sleep(context.Background(), time.Second)
		_, _ = c.Get(context.Background(), "second")
	})
	clk.Release()
	clk.Wait(t, &wg, "the two calls")
	mu.Lock()
	defer mu.Unlock()
	if n := len(arrivals); n != 3 {
		t.Fatalf("%d requests, want 3 (one 429, two answers)", n)
	}
	for i, at := range arrivals[1:] {
		if d := at.Sub(start); d < 7*time.Second {
			t.Errorf("request %d went %v after a 429 with Retry-After: 7", i+2, d)
		}
	}
}
