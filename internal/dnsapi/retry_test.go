package dnsapi

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 12 ", 12 * time.Second, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"99999999999999999999", maxRetryAfterSeconds * time.Second, true},
		{"Fri, 27 Nov 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Friday, 27-Nov-26 12:01:00 GMT", time.Minute, true}, // RFC 850
		{"Fri Nov 27 12:00:05 2026", 5 * time.Second, true},   // asctime
		{"Fri, 27 Nov 2026 11:00:00 GMT", 0, true},            // in the past: now
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestExponentialBackoffGrowsWithJitterAndCap(t *testing.T) {
	minWait, maxWait := 100*time.Millisecond, 2*time.Second
	for n, ms := range []int{100, 200, 400, 800, 1600, 2000, 2000} {
		ceiling := time.Duration(ms) * time.Millisecond
		for range 50 {
			got := exponentialBackoff(minWait, maxWait, n)
			if got < ceiling/2 || got > ceiling {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", n, got, ceiling/2, ceiling)
			}
		}
	}
	if got := exponentialBackoff(minWait, maxWait, 200); got > maxWait {
		t.Fatalf("huge attempt number: wait %v above the cap", got)
	}
}

func TestCheckRetryPolicy(t *testing.T) {
	policy := &retryPolicy{minWait: time.Millisecond, maxWait: 10 * time.Millisecond, maxRetryAfter: time.Minute, maxRetries: -1, clock: realClock{}}
	resp := func(status int, retryAfter string) *http.Response {
		r := &http.Response{StatusCode: status, Header: http.Header{}, Body: http.NoBody}
		if retryAfter != "" {
			r.Header.Set("Retry-After", retryAfter)
		}
		return r
	}
	transportErr := errors.New("connection reset by peer")
	//nolint:bodyclose // hand-made responses whose bodies are http.NoBody
	tests := []struct {
		name       string
		idempotent bool
		resp       *http.Response
		err        error
		wantRetry  bool
	}{
		{"429 retried for POST", false, resp(429, "1"), nil, true},
		{"503 retried for POST", false, resp(503, ""), nil, true},
		{"429 retried for GET", true, resp(429, ""), nil, true},
		{"500 retried when idempotent", true, resp(500, ""), nil, true},
		{"502 retried when idempotent", true, resp(502, ""), nil, true},
		{"504 retried when idempotent", true, resp(504, ""), nil, true},
		{"502 not retried for POST", false, resp(502, ""), nil, false},
		{"501 never retried", true, resp(501, ""), nil, false},
		{"400 never", true, resp(400, ""), nil, false},
		{"401 never", true, resp(401, ""), nil, false},
		{"403 never", true, resp(403, ""), nil, false},
		{"404 never", true, resp(404, ""), nil, false},
		{"409 never", true, resp(409, ""), nil, false},
		{"200 done", true, resp(200, ""), nil, false},
		{"transport error retried when idempotent", true, nil, transportErr, true},
		{"transport error not retried for POST", false, nil, transportErr, false},
		{"cross-host redirect never", true, nil, errCrossHostRedirect, false},
		{"oversized body never", true, nil, &DecodeError{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := withCallState(context.Background(), &callState{method: "X", path: "/p", idempotent: tt.idempotent})
			got, _ := policy.checkRetry(ctx, tt.resp, tt.err)
			if got != tt.wantRetry {
				t.Fatalf("checkRetry = %v, want %v", got, tt.wantRetry)
			}
		})
	}
}

func TestCheckRetryHonoursRetryAfterAndItsMaximum(t *testing.T) {
	// A virtual clock stands still: the wait is exact, not a real clock's
	// reading taken some time later.
	clk := newVirtualClock()
	policy := &retryPolicy{minWait: time.Millisecond, maxWait: 10 * time.Millisecond, maxRetryAfter: 5 * time.Second, maxRetries: -1, clock: clk}
	st := &callState{method: "GET", path: "/reverserecords", idempotent: true}
	ctx := withCallState(context.Background(), st)

	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"3"}}}
	resp.Request, _ = http.NewRequestWithContext(ctx, "GET", "http://127.0.0.1/", nil)
	if retry, err := policy.checkRetry(ctx, resp, nil); !retry || err != nil {
		t.Fatalf("Retry-After 3s under a 5s maximum: retry=%v err=%v", retry, err)
	}
	if wait := st.nextAttemptAt().Sub(clk.Now()); wait != 3*time.Second {
		t.Fatalf("the next attempt is due in %v, want the server's 3s", wait)
	}

	resp.Header.Set("Retry-After", "30")
	retry, err := policy.checkRetry(ctx, resp, nil)
	var tooLong *RetryAfterTooLongError
	if retry || !errors.As(err, &tooLong) || tooLong.RetryAfter != 30*time.Second || tooLong.Max != 5*time.Second {
		t.Fatalf("Retry-After 30s over a 5s maximum: retry=%v err=%v", retry, err)
	}
}

func TestCheckRetryStopsWhenTheDeadlineWouldPassFirst(t *testing.T) {
	policy := &retryPolicy{minWait: time.Millisecond, maxWait: time.Millisecond, maxRetryAfter: time.Hour, maxRetries: -1, clock: realClock{}}
	st := &callState{method: "PUT", path: "/reverserecords/x", idempotent: true}
	ctx, cancel := context.WithTimeout(withCallState(context.Background(), st), time.Second)
	defer cancel()

	resp := &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {"10"}}}
	retry, err := policy.checkRetry(ctx, resp, nil)
	var gaveUp *GaveUpError
	if retry || !errors.As(err, &gaveUp) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("retry=%v err=%v; want a GaveUpError wrapping DeadlineExceeded", retry, err)
	}
	if gaveUp.Last != "503 Service Unavailable" {
		t.Fatalf("Last = %q", gaveUp.Last)
	}
}

func timeForFuzz() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }

func TestAnAmbiguousAttemptMarksTheWholeCall(t *testing.T) {
	policy := &retryPolicy{minWait: time.Millisecond, maxWait: time.Millisecond, maxRetryAfter: time.Minute, maxRetries: -1, clock: realClock{}}
	st := &callState{method: "PUT", path: "/reverserecords/x", idempotent: true}
	ctx := withCallState(context.Background(), st)
	unavailable := &http.Response{StatusCode: 503, Header: http.Header{}, Body: http.NoBody}

	_, _ = policy.checkRetry(ctx, unavailable, nil)
	if st.wasAmbiguous() {
		t.Fatal("a 503 says the work was not done")
	}
	_, _ = policy.checkRetry(ctx, nil, errors.New("connection reset by peer"))
	_, _ = policy.checkRetry(ctx, unavailable, nil)
	if !st.wasAmbiguous() {
		t.Fatal("a lost attempt followed by 503s may still have been applied")
	}
}
