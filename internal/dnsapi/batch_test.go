package dnsapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// The batcher's tests step an injected clock: a batch's window ends only
// when the test says so. They wait for the batcher's goroutines in short
// bounded polls, never for the real window.
//
// This file holds the clock, the fixture and the helpers they share; the
// tests themselves are in the other batch_*_test.go files.

// stepClock is a manual clock.
type stepClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*stepTimer
}

type stepTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

var _ dnsapi.BatchClock = (*stepClock)(nil)

func newStepClock() *stepClock { return &stepClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &stepTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

// Advance moves the clock on by d and runs the timers that came due (and
// those they set that came due too), in order.
func (c *stepClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		var next *stepTimer
		for _, t := range c.timers {
			if !t.stopped && !t.at.After(end) && (next == nil || t.at.Before(next.at)) {
				next = t
			}
		}
		if next == nil {
			c.now = end
			c.mu.Unlock()
			return
		}
		next.stopped = true
		c.now = next.at
		c.mu.Unlock()
		next.f()
	}
}

// eventually polls cond every millisecond for at most 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 5000 {
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("timed out waiting until %s", what)
}

// batchFixture is a fake holding records and a client on a step clock,
// whose requests a gate can hold in flight.
type batchFixture struct {
	srv   *dnsapitest.Server
	c     *dnsapi.Client
	clock *stepClock
	gate  *gate
}

func newBatchFixture(t *testing.T) *batchFixture {
	t.Helper()
	g := newGate()
	srv, c := newFakeAndClient(t, func(cfg *dnsapi.Config) { cfg.HTTPClient = &http.Client{Transport: g} })
	clk := newStepClock()
	dnsapi.SetBatchClock(c, clk)
	return &batchFixture{srv: srv, c: c, clock: clk, gate: g}
}

// put stores n records at 2001:db8:1::1.. in the fake, not through the
// client (which would count as the process's writes).
func (f *batchFixture) put(n int) []dnsapi.ReverseRecordRead {
	out := make([]dnsapi.ReverseRecordRead, n)
	for i := range out {
		out[i] = f.srv.Put(dnsapi.ReverseRecord{IP: fmt.Sprintf("2001:db8:1::%x", i+1), Name: fmt.Sprintf("r%d.example.com", i+1)})
	}
	f.srv.ResetRequests()
	return out
}

type lookupResult struct {
	rec *dnsapi.ReverseRecordRead
	err error
}

// lookupAll starts a Lookup per record (by id, at hint) and returns their
// results' channels, in order.
func (f *batchFixture) lookupAll(ctx context.Context, ids, hints []string) []chan lookupResult {
	out := make([]chan lookupResult, len(ids))
	for i := range ids {
		out[i] = make(chan lookupResult, 1)
		go func() {
			rec, err := f.c.Lookup(ctx, ids[i], hints[i])
			out[i] <- lookupResult{rec, err}
		}()
	}
	return out
}

func idsAndIPs(records []dnsapi.ReverseRecordRead) (ids, ips []string) {
	for _, r := range records {
		ids = append(ids, r.ID)
		ips = append(ips, r.Properties.IP)
	}
	return ids, ips
}

func receive(t *testing.T, ch chan lookupResult) lookupResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no answer within 5 s")
		return lookupResult{}
	}
}

// listRequests returns the fake's GET /reverserecords requests, each as its
// filter.recordIp values (none for an unfiltered page).
func listRequests(t *testing.T, srv *dnsapitest.Server) [][]string {
	t.Helper()
	var out [][]string
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet || r.Path != "/reverserecords" {
			continue
		}
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q["filter.recordIp"])
	}
	return out
}
