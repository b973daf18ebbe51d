package dnsapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A write whose context ends after its request went out may have been
// carried out: the error must say so (the provider then keeps the id),
// whether the context ended before the answer or while its body was read,
// and whether by the deadline or by cancellation. Each server below holds
// the answer until the test's context has ended, so no timing is assumed.

const stopTestID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"

const stopTestRecord = `{"id":"` + stopTestID + `","type":"reverse-record","href":"/reverserecords/` + stopTestID + `",` +
	`"metadata":{"createdDate":"2026-01-01T00:00:00Z","lastModifiedDate":"2026-01-01T00:00:00Z"},` +
	`"properties":{"ip":"203.0.113.9","name":"a.example.com"}}`

// holdingServer answers PUTs only once release is closed. midBody makes
// it send the status and half the body first. It counts requests.
func holdingServer(t *testing.T, release <-chan struct{}, midBody bool, status int) (*Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := newRawServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if midBody {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(stopTestRecord[:40]))
			w.(http.Flusher).Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
			return
		case <-time.After(10 * time.Second):
		}
		if !midBody {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(stopTestRecord))
			return
		}
		_, _ = w.Write([]byte(stopTestRecord[40:]))
	})
	return newRawClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 0 }), &n
}

func TestContextEndingMidRequestMayHaveApplied(t *testing.T) {
	for _, midBody := range []bool{false, true} {
		release := make(chan struct{})
		c, n := holdingServer(t, release, midBody, http.StatusOK)
		// The server holds the answer until the client gives up: the
		// deadline always passes mid-request.
		ctx, cancel := WithTimeout(context.Background(), "the create timeout", 200*time.Millisecond)
		_, err := c.Create(ctx, stopTestID, ReverseRecord{IP: "203.0.113.9", Name: "a.example.com"})
		cancel()
		close(release)
		if err == nil || !MayHaveBeenApplied(err) {
			t.Fatalf("midBody %v: err = %v, MayHaveBeenApplied = %v; want an error that may have been applied",
				midBody, err, MayHaveBeenApplied(err))
		}
		if !strings.Contains(err.Error(), "the create timeout") {
			t.Errorf("midBody %v: the error %q does not name the create timeout", midBody, err)
		}
		if got := n.Load(); got != 1 {
			t.Fatalf("midBody %v: %d requests; a call whose deadline passed must not try again", midBody, got)
		}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 5000 {
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// When the caller is cancelled (Terraform's StopProvider) while a write is
// in flight, the write is not cut: its answer is awaited and returned.
func TestCancelledWriteAwaitsItsAttempt(t *testing.T) {
	for _, midBody := range []bool{false, true} {
		release := make(chan struct{})
		c, n := holdingServer(t, release, midBody, http.StatusOK)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := c.Create(ctx, stopTestID, ReverseRecord{IP: "203.0.113.9", Name: "a.example.com"})
			done <- err
		}()
		waitFor(t, "the PUT to arrive", func() bool { return n.Load() == 1 })
		cancel()
		select {
		case err := <-done:
			t.Fatalf("midBody %v: Create returned %v before its answer came", midBody, err)
		case <-time.After(50 * time.Millisecond):
		}
		close(release)
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("midBody %v: err = %v; the answer was a 200", midBody, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Create did not return")
		}
	}
}

// A cancelled write that fails in flight is not retried, and says it may
// have been applied; one cancelled between attempts returns at once,
// without another attempt.
func TestCancelledWriteStartsNoNewAttempt(t *testing.T) {
	release := make(chan struct{})
	c, n := holdingServer(t, release, false, http.StatusInternalServerError)
	c.policy.maxRetries = -1
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Create(ctx, stopTestID, ReverseRecord{IP: "203.0.113.9", Name: "a.example.com"})
		done <- err
	}()
	waitFor(t, "the PUT to arrive", func() bool { return n.Load() == 1 })
	cancel()
	close(release)
	select {
	case err := <-done:
		if err == nil || !MayHaveBeenApplied(err) {
			t.Fatalf("err = %v; want a 500 that may have been applied", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Create did not return")
	}
	if got := n.Load(); got != 1 {
		t.Fatalf("%d requests after the cancel; want none after the first", got)
	}

	// Between attempts: the backoff wait (an hour) ends at once.
	var m atomic.Int32
	srv := newRawServer(t, func(w http.ResponseWriter, _ *http.Request) {
		m.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	slow := newRawClient(t, srv.URL, func(cfg *Config) {
		cfg.MaxRetries = 0
		cfg.MaxRetryAfter = 2 * time.Hour
	})
	ctx2, cancel2 := context.WithTimeout(context.Background(), 3*time.Hour)
	defer cancel2()
	ctx2, cancel3 := context.WithCancel(ctx2)
	go func() {
		_, err := slow.Create(ctx2, stopTestID, ReverseRecord{IP: "203.0.113.9", Name: "a.example.com"})
		done <- err
	}()
	waitFor(t, "the first PUT", func() bool { return m.Load() == 1 })
	cancel3()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || MayHaveBeenApplied(err) {
			t.Fatalf("err = %v (applied %v); want a cancellation that was not applied", err, MayHaveBeenApplied(err))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled call kept waiting for its backoff")
	}
	if got := m.Load(); got != 1 {
		t.Fatalf("%d requests; want 1", got)
	}
}
