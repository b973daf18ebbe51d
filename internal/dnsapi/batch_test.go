package dnsapi_test

import (
	"context"
	"errors"
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

func TestBatchWindowGathersConcurrentLookups(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(5)
	ids, ips := idsAndIPs(recs)
	results := f.lookupAll(context.Background(), ids, ips)

	eventually(t, "5 lookups wait", func() bool { return dnsapi.BatchPending(f.c) == 5 })
	time.Sleep(5 * time.Millisecond) // the real clock moving on does not end the window
	if n := len(f.srv.Requests()); n != 0 || dnsapi.BatchPending(f.c) != 5 {
		t.Fatalf("before the window ended: %d requests, %d pending", n, dnsapi.BatchPending(f.c))
	}
	f.clock.Advance(dnsapi.BatchWindow)
	for i, ch := range results {
		r := receive(t, ch)
		if r.err != nil || r.rec.ID != recs[i].ID || r.rec.Properties != recs[i].Properties {
			t.Errorf("lookup %d = %+v, %v; want %+v", i, r.rec, r.err, recs[i])
		}
	}
	lists := listRequests(t, f.srv)
	if len(lists) != 1 || len(lists[0]) != 5 || len(f.srv.Requests()) != 1 {
		t.Fatalf("requests %+v; want one list filtered by the 5 addresses", f.srv.Requests())
	}

	// The batch held every call that waited: the next batch of as many
	// goes as soon as it is full, without waiting for its window.
	results = f.lookupAll(context.Background(), ids, ips)
	for i, ch := range results {
		if r := receive(t, ch); r.err != nil || r.rec.ID != recs[i].ID {
			t.Errorf("second round, lookup %d = %+v, %v", i, r.rec, r.err)
		}
	}
	if n := len(listRequests(t, f.srv)); n != 2 {
		t.Fatalf("%d list requests after two rounds, want 2", n)
	}
}

func TestBatchSplitsAt100Addresses(t *testing.T) {
	f := newBatchFixture(t)
	// Unmanaged records first: the list's first page holds none of the
	// looked-up records, so read-ahead stops after one page.
	f.srv.Seed(1000)
	recs := f.put(250)
	ids, ips := idsAndIPs(recs)
	results := f.lookupAll(context.Background(), ids, ips)
	eventually(t, "the lookups are queued or in flight", func() bool { return dnsapi.BatchPending(f.c) > 0 || !dnsapi.BatchIdle(f.c) })
	for range 100 {
		f.clock.Advance(dnsapi.BatchFillWait)
		if dnsapi.BatchIdle(f.c) && len(f.srv.Requests()) > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	for i, ch := range results {
		if r := receive(t, ch); r.err != nil || r.rec.ID != recs[i].ID {
			t.Fatalf("lookup %d = %+v, %v", i, r.rec, r.err)
		}
	}
	asked := map[string]int{}
	unfiltered := 0
	for _, l := range listRequests(t, f.srv) {
		if len(l) == 0 {
			unfiltered++
			continue
		}
		if len(l) > 100 {
			t.Errorf("a request filtered by %d addresses, want at most 100", len(l))
		}
		for _, ip := range l {
			asked[ip]++
		}
	}
	if len(asked) != 250 || unfiltered > 1 {
		t.Fatalf("%d addresses asked, %d unfiltered pages; want 250 and at most 1", len(asked), unfiltered)
	}
	if n := len(f.srv.Requests()); n > 5 {
		t.Fatalf("%d requests for 250 lookups, want at most 5 (1 page read ahead, 3 or 4 filtered)", n)
	}
}

func TestBatchFallsBackToGet(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(4)
	// Outside the process: 1 deleted, 2 renamed, 3 moved to another address.
	f.srv.Delete(recs[1].ID)
	f.srv.Update(recs[2].ID, func(r *dnsapi.ReverseRecord) { r.Name = "renamed.example.com" })
	f.srv.Update(recs[3].ID, func(r *dnsapi.ReverseRecord) { r.IP = "2001:db8:2::99" })
	f.srv.ResetRequests()

	ids, ips := idsAndIPs(recs)
	results := f.lookupAll(context.Background(), ids, ips)
	eventually(t, "4 lookups wait", func() bool { return dnsapi.BatchPending(f.c) == 4 })
	f.clock.Advance(dnsapi.BatchWindow)
	got := make([]lookupResult, 4)
	for i := range results {
		got[i] = receive(t, results[i])
	}
	switch {
	case got[0].err != nil || got[0].rec.Properties != recs[0].Properties:
		t.Errorf("unchanged record = %+v, %v", got[0].rec, got[0].err)
	case !dnsapi.IsNotFound(got[1].err):
		t.Errorf("deleted record = %+v, %v; want not found", got[1].rec, got[1].err)
	case got[2].err != nil || got[2].rec.Properties.Name != "renamed.example.com":
		t.Errorf("renamed record = %+v, %v", got[2].rec, got[2].err)
	case got[3].err != nil || got[3].rec.Properties.IP != "2001:db8:2::99" || got[3].rec.ID != recs[3].ID:
		t.Errorf("moved record = %+v, %v", got[3].rec, got[3].err)
	}
	// One filtered list, then GET by id for the two it did not settle.
	var gets []string
	for _, r := range f.srv.Requests() {
		if r.Path != "/reverserecords" {
			gets = append(gets, r.Method+" "+r.Path)
		}
	}
	if len(listRequests(t, f.srv)) != 1 || len(gets) != 2 {
		t.Fatalf("requests: %d lists, others %v; want 1 list and the GETs of the deleted and the moved record", len(listRequests(t, f.srv)), gets)
	}
}

func TestBatchConfirmDeleted(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(3)
	ctx := context.Background()
	if err := f.c.Delete(ctx, recs[0].ID); err != nil {
		t.Fatal(err)
	}
	// Record 2's address now holds another record (the deleted one's
	// successor), so only GET by id can tell that record 2 is gone.
	f.srv.Delete(recs[2].ID)
	f.srv.Put(dnsapi.ReverseRecord{IP: recs[2].Properties.IP, Name: "successor.example.com"})
	f.srv.ResetRequests()

	type res struct {
		gone bool
		err  error
	}
	out := make([]chan res, 3)
	for i := range recs {
		out[i] = make(chan res, 1)
		go func() {
			gone, err := f.c.ConfirmDeleted(ctx, recs[i].ID, recs[i].Properties.IP)
			out[i] <- res{gone, err}
		}()
	}
	eventually(t, "3 confirmations wait", func() bool { return dnsapi.BatchPending(f.c) == 3 })
	f.clock.Advance(dnsapi.BatchWindow)
	for i, want := range []bool{true, false, true} {
		select {
		case r := <-out[i]:
			if r.err != nil || r.gone != want {
				t.Errorf("confirmation %d = %v, %v; want %v", i, r.gone, r.err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no answer")
		}
	}
	if n, lists := len(f.srv.Requests()), len(listRequests(t, f.srv)); n != 2 || lists != 1 {
		t.Fatalf("%d requests, %d lists; want one list and one GET (the address with another record)", n, lists)
	}
}

func TestBatchWaitsForTheProcessWrites(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(2)
	ctx := context.Background()
	confirm := func(rec dnsapi.ReverseRecordRead) chan bool {
		answered := make(chan bool, 1)
		go func() {
			gone, err := f.c.ConfirmDeleted(ctx, rec.ID, rec.Properties.IP)
			answered <- err == nil && !gone
		}()
		eventually(t, "the confirmation waits", func() bool { return dnsapi.BatchPending(f.c) == 1 })
		return answered
	}
	stillWaits := func() {
		t.Helper()
		time.Sleep(2 * time.Millisecond)
		if dnsapi.BatchPending(f.c) != 1 || len(f.srv.Requests()) != 0 {
			t.Fatal("the batch went while a write of the process was in flight")
		}
	}
	got := func(answered chan bool) {
		t.Helper()
		select {
		case ok := <-answered:
			if !ok {
				t.Fatal("the record is there: want not gone")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the batch never went")
		}
	}

	// A DELETE beside it is in flight: its confirmation is about to
	// join, so the window stays open; when the DELETE is done, the next
	// window end lets the batch go.
	done := dnsapi.BeginWrite(f.c, "another")
	answered := confirm(recs[0])
	f.clock.Advance(dnsapi.BatchWindow)
	stillWaits()
	f.clock.Advance(dnsapi.BatchWindow)
	stillWaits()
	done()
	f.clock.Advance(dnsapi.BatchWindow)
	got(answered)

	// A write that never ends holds the batch back for batchMaxWait at
	// most.
	f = newBatchFixture(t)
	recs = f.put(1)
	defer dnsapi.BeginWrite(f.c, "stuck")()
	answered = confirm(recs[0])
	f.clock.Advance(dnsapi.BatchMaxWait - dnsapi.BatchWindow)
	stillWaits()
	f.clock.Advance(dnsapi.BatchWindow)
	got(answered)
}

func TestBatchCancellingOneWaiterLeavesTheOthers(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(3)
	ids, ips := idsAndIPs(recs)
	ctx, cancel := context.WithCancel(context.Background())
	first := f.lookupAll(ctx, ids[:1], ips[:1])
	eventually(t, "1 lookup waits", func() bool { return dnsapi.BatchPending(f.c) == 1 })
	others := f.lookupAll(context.Background(), ids[1:], ips[1:])
	eventually(t, "3 lookups wait", func() bool { return dnsapi.BatchPending(f.c) == 3 })
	cancel()
	if r := receive(t, first[0]); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("cancelled lookup = %+v, %v; want context.Canceled", r.rec, r.err)
	}
	f.clock.Advance(dnsapi.BatchWindow)
	for i, ch := range others {
		if r := receive(t, ch); r.err != nil || r.rec.ID != ids[i+1] {
			t.Errorf("lookup %d = %+v, %v", i+1, r.rec, r.err)
		}
	}
	if lists := listRequests(t, f.srv); len(lists) != 1 || len(lists[0]) != 2 {
		t.Fatalf("lists %v; want one, filtered by the 2 addresses still wanted", lists)
	}

	// Cancelled while the batch's request is in flight (held there by the
	// gate until the cancellation is seen): the others still get their
	// answer.
	eventually(t, "the first flush is over", func() bool { return dnsapi.BatchIdle(f.c) })
	f.gate.Hold()
	ctx, cancel = context.WithCancel(context.Background())
	first = f.lookupAll(ctx, ids[:1], ips[:1])
	others = f.lookupAll(context.Background(), ids[1:], ips[1:])
	// As many wait as ever did: the batch goes without its window.
	eventually(t, "the batch is in flight", func() bool { return dnsapi.BatchPending(f.c) == 0 && dnsapi.BatchFlushing(f.c) })
	cancel()
	if r := receive(t, first[0]); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("cancelled lookup = %v", r.err)
	}
	f.gate.Release()
	for i, ch := range others {
		select {
		case r := <-ch:
			if r.err != nil || r.rec.ID != ids[i+1] {
				t.Errorf("in flight, lookup %d = %+v, %v", i+1, r.rec, r.err)
			}
		case <-time.After(3 * time.Second):
			for _, r := range f.srv.Requests() {
				t.Log(r.Method, r.Path, r.RawQuery, r.Status)
			}
			t.Fatalf("lookup %d: no answer; pending %d, flushing %v", i+1, dnsapi.BatchPending(f.c), dnsapi.BatchFlushing(f.c))
		}
	}
}

func TestBatchErrorReachesEveryWaiter(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(3)
	ids, ips := idsAndIPs(recs)
	f.srv.FailNext(1, http.StatusForbidden)
	results := f.lookupAll(context.Background(), ids, ips)
	eventually(t, "3 lookups wait", func() bool { return dnsapi.BatchPending(f.c) == 3 })
	f.clock.Advance(dnsapi.BatchWindow)
	for i, ch := range results {
		if r := receive(t, ch); !dnsapi.IsForbidden(r.err) {
			t.Errorf("lookup %d = %+v, %v; want the 403", i, r.rec, r.err)
		}
	}
	if n := len(f.srv.Requests()); n != 1 {
		t.Fatalf("%d requests, want the one that failed", n)
	}
}

// readAheadRound looks up records in rounds of 10, as Terraform's refresh
// does, and checks every answer.
func TestBatchListNotFoundFallsBackToGet(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(2)
	f.srv.FailNext(1, http.StatusNotFound) // the list request
	results := f.lookupAll(context.Background(), []string{recs[0].ID, recs[1].ID}, []string{recs[0].Properties.IP, recs[1].Properties.IP})
	eventually(t, "2 lookups wait", func() bool { return dnsapi.BatchPending(f.c) == 2 })
	f.clock.Advance(dnsapi.BatchWindow)
	for i, ch := range results {
		if r := receive(t, ch); r.err != nil || r.rec.ID != recs[i].ID {
			t.Errorf("lookup %d = %+v, %v; want the record, read by id", i, r.rec, r.err)
		}
	}
	if n := len(f.srv.Requests()); n != 3 {
		t.Fatalf("%d requests, want the failed list and 2 GETs", n)
	}
}

func TestBatchAfterAFlushTheNextBatchWaitsAWindow(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(4)
	ids, ips := idsAndIPs(recs)
	// Round 1: four wait at once; that is the most that ever did.
	round1 := f.lookupAll(context.Background(), ids, ips)
	eventually(t, "4 wait", func() bool { return dnsapi.BatchPending(f.c) == 4 })
	f.clock.Advance(dnsapi.BatchWindow)
	for _, ch := range round1 {
		receive(t, ch)
	}
	eventually(t, "round 1 is over", func() bool { return dnsapi.BatchIdle(f.c) })

	// Round 2: two go (their window ended), and while their request is in
	// flight (held by the gate) two more come and see their window end too.
	f.gate.Hold()
	a := f.lookupAll(context.Background(), ids[:2], ips[:2])
	eventually(t, "2 wait", func() bool { return dnsapi.BatchPending(f.c) == 2 })
	f.clock.Advance(dnsapi.BatchFillWait)
	eventually(t, "they are in flight", func() bool { return dnsapi.BatchFlushing(f.c) })
	b := f.lookupAll(context.Background(), ids[2:], ips[2:])
	eventually(t, "2 more wait", func() bool { return dnsapi.BatchPending(f.c) == 2 })
	f.clock.Advance(dnsapi.BatchFillWait)
	f.gate.Release()
	for _, ch := range a {
		if r := receive(t, ch); r.err != nil {
			t.Fatal(r.err)
		}
	}
	// When the first two are answered, the other two do not go at once:
	// the two answered may be back with their next reads within a window.
	eventually(t, "the flush is over", func() bool { return !dnsapi.BatchFlushing(f.c) })
	time.Sleep(2 * time.Millisecond)
	if n, p := len(f.srv.Requests()), dnsapi.BatchPending(f.c); n != 2 || p != 2 {
		t.Fatalf("%d requests, %d pending right after a flush; want 2 and the 2 in the next window", n, p)
	}
	f.clock.Advance(dnsapi.BatchFillWait)
	for _, ch := range b {
		if r := receive(t, ch); r.err != nil {
			t.Fatal(r.err)
		}
	}
}
