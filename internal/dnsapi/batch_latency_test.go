package dnsapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// When the batcher batches: while the pacer holds nothing back, latency
// counts and a confirmation (or a lone lookup) goes at once; once the API
// throttles, calls wait to share requests again. These tests give the
// pacer, the retry policy and the batcher one step clock, and never wait
// for real time but in short bounded polls for the batcher's goroutines.

// pacedStepClock is a stepClock whose Sleep returns at once without
// moving time: a retry after a 429 goes immediately, and the pacer's view
// of time is only what the test advances.
type pacedStepClock struct{ *stepClock }

var _ dnsapi.Clock = pacedStepClock{}

func (pacedStepClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// newPacedFixture is a batchFixture whose pacer shares the step clock, and
// whose batcher follows the pacer (no SetBatchClock).
func newPacedFixture(t *testing.T) *batchFixture {
	t.Helper()
	g := newGate()
	srv, c := newFakeAndClient(t, func(cfg *dnsapi.Config) { cfg.HTTPClient = &http.Client{Transport: g} })
	clk := &stepClock{now: time.Now()}
	dnsapi.SetClock(c, pacedStepClock{clk})
	return &batchFixture{srv: srv, c: c, clock: clk, gate: g}
}

type confirmResult struct {
	gone bool
	err  error
}

// confirm starts ConfirmDeleted of rec and returns its result's channel.
func (f *batchFixture) confirm(rec dnsapi.ReverseRecordRead) chan confirmResult {
	ch := make(chan confirmResult, 1)
	go func() {
		gone, err := f.c.ConfirmDeleted(context.Background(), rec.ID, rec.Properties.IP)
		ch <- confirmResult{gone, err}
	}()
	return ch
}

// wantGone waits (at most 5 s of real time, the clock standing still) for
// a confirmation that says the record is gone.
func wantGone(t *testing.T, ch chan confirmResult) {
	t.Helper()
	select {
	case r := <-ch:
		if r.err != nil || !r.gone {
			t.Fatalf("confirmation = %v, %v; want gone", r.gone, r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no confirmation within 5 s while the clock stood still: it waited for a batch")
	}
}

// deleteOutside deletes recs in the fake, not through the client (which
// would count as the process's writes), and forgets the requests.
func (f *batchFixture) deleteOutside(recs []dnsapi.ReverseRecordRead) {
	for _, r := range recs {
		f.srv.Delete(r.ID)
	}
	f.srv.ResetRequests()
}

// throttleOnce makes the client meet one 429 (Retry-After: 1) on a GET and
// returns the time the pacer holds requests back until: the end of that
// pause.
func (f *batchFixture) throttleOnce(t *testing.T, rec dnsapi.ReverseRecordRead) time.Time {
	t.Helper()
	f.srv.ThrottleNext(1, "1")
	if _, err := f.c.Get(context.Background(), rec.ID); err != nil {
		t.Fatalf("GET after a 429: %v", err)
	}
	f.srv.ResetRequests()
	return f.clock.Now().Add(time.Second)
}

// confirmTogether starts ConfirmDeleted of recs in the same instant and,
// once they all wait, moves the clock on by BatchCoalesce: the wait of an
// unthrottled confirmation for those that come with it. Nothing is sent
// before.
func (f *batchFixture) confirmTogether(t *testing.T, recs ...dnsapi.ReverseRecordRead) []chan confirmResult {
	t.Helper()
	sent := len(f.srv.Requests())
	var chs []chan confirmResult
	for _, r := range recs {
		chs = append(chs, f.confirm(r))
	}
	eventually(t, "the confirmations wait", func() bool { return dnsapi.BatchPending(f.c) == len(recs) })
	if n := len(f.srv.Requests()); n != sent {
		t.Fatalf("%d requests sent before BatchCoalesce had passed", n-sent)
	}
	f.clock.Advance(dnsapi.BatchCoalesce)
	return chs
}

// TestUnthrottledConfirmationsGoAtOnce: "at once" is after BatchCoalesce
// (1 ms), never a batch's window, whatever else the process does; those
// that come in the same instant share the request.
func TestUnthrottledConfirmationsGoAtOnce(t *testing.T) {
	f := newPacedFixture(t)
	recs := f.put(4)
	f.deleteOutside(recs)

	// Alone: one request.
	wantGone(t, f.confirmTogether(t, recs[0])[0])
	if n := len(f.srv.Requests()); n != 1 {
		t.Fatalf("%d requests for one confirmation, want 1", n)
	}

	// Beside a DELETE of the process in flight, which once held a batch
	// open for up to batchMaxWait: still at once.
	done := dnsapi.BeginWrite(f.c, "another")
	defer done()
	wantGone(t, f.confirmTogether(t, recs[1])[0])

	// Three in the same instant: one request, and none waits for more.
	f.srv.ResetRequests()
	for _, ch := range f.confirmTogether(t, recs[1], recs[2], recs[3]) {
		wantGone(t, ch)
	}
	if lists := listRequests(t, f.srv); len(lists) != 1 || len(lists[0]) != 3 || len(f.srv.Requests()) != 1 {
		t.Fatalf("lists %v; want one request filtered by the 3 addresses", lists)
	}
	eventually(t, "every flush is over", func() bool { return dnsapi.BatchIdle(f.c) })
}

// TestUnthrottledConfirmationGoesBesideAFlushInFlight: a confirmation
// does not wait for a request in flight to come back (which cost each
// delete half a round trip with Terraform's slot held) while the API
// admits everything; once it throttles, it does (and shares the next
// request with those that come meanwhile).
func TestUnthrottledConfirmationGoesBesideAFlushInFlight(t *testing.T) {
	f := newPacedFixture(t)
	recs := f.put(5)
	f.deleteOutside(recs[:4])

	f.gate.Hold()
	first := f.confirmTogether(t, recs[0])[0]
	eventually(t, "the first confirmation is in flight", func() bool { return dnsapi.BatchFlights(f.c) == 1 })
	second := f.confirmTogether(t, recs[1])[0]
	eventually(t, "the second goes beside it", func() bool { return dnsapi.BatchFlights(f.c) == 2 })
	f.gate.Release()
	wantGone(t, first)
	wantGone(t, second)
	if lists := listRequests(t, f.srv); len(lists) != 2 || len(lists[0]) != 1 || len(lists[1]) != 1 {
		t.Fatalf("lists %v; want two requests of one address", lists)
	}
	eventually(t, "every flush is over", func() bool { return dnsapi.BatchIdle(f.c) })

	// Throttled: the second waits for the first to come back.
	f.throttleOnce(t, recs[4])
	f.gate.Hold()
	first = f.confirm(recs[2])
	eventually(t, "the first waits for its window", func() bool { return dnsapi.BatchPending(f.c) == 1 })
	f.clock.Advance(dnsapi.BatchMaxWait)
	eventually(t, "the first confirmation is in flight", func() bool { return dnsapi.BatchFlights(f.c) == 1 })
	second = f.confirm(recs[3])
	eventually(t, "the second waits", func() bool { return dnsapi.BatchPending(f.c) == 1 })
	time.Sleep(2 * time.Millisecond)
	if n := dnsapi.BatchFlights(f.c); n != 1 {
		t.Fatalf("throttled: %d flushes in flight, want 1", n)
	}
	f.gate.Release()
	wantGone(t, first)
	f.clock.Advance(dnsapi.BatchMaxWait)
	wantGone(t, second)
}

// TestCoalescingConfirmationOutlivesAFlushEnding is a regression test: a
// flush that ended while a confirmation waited its BatchCoalesce gave the
// waiting batch a fill window instead (500 ms a delete, with Terraform's
// slot held).
func TestCoalescingConfirmationOutlivesAFlushEnding(t *testing.T) {
	f := newPacedFixture(t)
	recs := f.put(2)
	f.deleteOutside(recs)

	f.gate.Hold()
	first := f.confirmTogether(t, recs[0])[0]
	eventually(t, "the first confirmation is in flight", func() bool { return dnsapi.BatchFlights(f.c) == 1 })
	second := f.confirm(recs[1])
	eventually(t, "the second waits its BatchCoalesce", func() bool { return dnsapi.BatchPending(f.c) == 1 })
	f.gate.Release()
	wantGone(t, first)
	eventually(t, "the first flush is over", func() bool { return dnsapi.BatchFlights(f.c) == 0 })
	f.clock.Advance(dnsapi.BatchCoalesce)
	wantGone(t, second)
}

func TestUnthrottledConfirmationTakesTheWaitingAlong(t *testing.T) {
	f := newPacedFixture(t)
	recs := f.put(3)
	f.deleteOutside(recs[2:])
	ids, ips := idsAndIPs(recs[:2])

	// Two lookups wait in their window: a write of the process is in
	// flight, so they are not alone.
	done := dnsapi.BeginWrite(f.c, "another")
	results := f.lookupAll(context.Background(), ids, ips)
	eventually(t, "2 lookups wait", func() bool { return dnsapi.BatchPending(f.c) == 2 })
	done()

	// A confirmation goes at once and shares its request with them.
	confirmed := f.confirm(recs[2])
	eventually(t, "the confirmation joins them", func() bool { return dnsapi.BatchPending(f.c) == 3 })
	f.clock.Advance(dnsapi.BatchCoalesce)
	wantGone(t, confirmed)
	for i, ch := range results {
		if r := receive(t, ch); r.err != nil || r.rec.ID != ids[i] {
			t.Fatalf("lookup %d = %+v, %v", i, r.rec, r.err)
		}
	}
	if lists := listRequests(t, f.srv); len(lists) != 1 || len(lists[0]) != 3 || len(f.srv.Requests()) != 1 {
		t.Fatalf("lists %v; want one request filtered by the 3 addresses", lists)
	}
}

func TestThrottledConfirmationsBatch(t *testing.T) {
	f := newPacedFixture(t)
	recs := f.put(4)
	f.throttleOnce(t, recs[3])
	f.deleteOutside(recs[:3])

	chs := []chan confirmResult{f.confirm(recs[0]), f.confirm(recs[1]), f.confirm(recs[2])}
	eventually(t, "3 confirmations wait", func() bool { return dnsapi.BatchPending(f.c) == 3 })
	time.Sleep(2 * time.Millisecond) // real time passing does not end the window
	if n := len(f.srv.Requests()); n != 0 || dnsapi.BatchPending(f.c) != 3 {
		t.Fatalf("after a 429, before the window ended: %d requests, %d pending", n, dnsapi.BatchPending(f.c))
	}
	f.clock.Advance(dnsapi.BatchWindow)
	for _, ch := range chs {
		wantGone(t, ch)
	}
	if lists := listRequests(t, f.srv); len(lists) != 1 || len(lists[0]) != 3 || len(f.srv.Requests()) != 1 {
		t.Fatalf("lists %v; want one request filtered by the 3 addresses", lists)
	}
}

// TestBatchingFollowsThePacer walks through a 429 and the quiet after it,
// to the nanosecond where the pacer counts as idle again. (Before any 429,
// see TestUnthrottledConfirmationsGoAtOnce.)
func TestBatchingFollowsThePacer(t *testing.T) {
	f := newPacedFixture(t)
	recs := f.put(6)
	f.deleteOutside(recs[:5])
	start := f.clock.Now()
	held := f.throttleOnce(t, recs[5])
	quietAt := held.Add(dnsapi.PaceQuietAfter)

	// Right after the 429: three confirmations wait for their batch.
	chs := []chan confirmResult{f.confirm(recs[0]), f.confirm(recs[1]), f.confirm(recs[2])}
	eventually(t, "3 confirmations wait", func() bool { return dnsapi.BatchPending(f.c) == 3 })
	f.clock.Advance(dnsapi.BatchWindow)
	for _, ch := range chs {
		wantGone(t, ch)
	}
	eventually(t, "the flush is over", func() bool { return dnsapi.BatchIdle(f.c) })

	// Just before the pacer has been quiet for PaceQuietAfter since the
	// end of the pause: a confirmation still waits (for as many as
	// waited at once, three, or the fill wait).
	f.clock.Advance(quietAt.Add(-time.Nanosecond).Sub(f.clock.Now()))
	if got, want := f.clock.Now().Sub(start), time.Second+dnsapi.PaceQuietAfter-time.Nanosecond; got != want {
		t.Fatalf("clock at %s after the 429, want %s", got, want)
	}
	waiting := f.confirm(recs[3])
	eventually(t, "the confirmation waits", func() bool { return dnsapi.BatchPending(f.c) == 1 })
	time.Sleep(2 * time.Millisecond)
	if dnsapi.BatchPending(f.c) != 1 {
		t.Fatal("a confirmation went before the pacer was quiet long enough")
	}
	f.srv.ResetRequests()

	// From then on, at once (the batch of two is not full); the one
	// already waiting shares the request.
	f.clock.Advance(time.Nanosecond)
	confirmed := f.confirm(recs[4])
	eventually(t, "the new confirmation joins", func() bool { return dnsapi.BatchPending(f.c) == 2 })
	f.clock.Advance(dnsapi.BatchCoalesce)
	wantGone(t, confirmed)
	wantGone(t, waiting)
	if lists := listRequests(t, f.srv); len(lists) != 1 || len(lists[0]) != 2 {
		t.Fatalf("lists %v; want one request for the waiting and the new confirmation", lists)
	}
}

func TestLoneLookupGoesAtOnce(t *testing.T) {
	f := newPacedFixture(t)
	recs := f.put(5)
	// receive waits 5 s at most while the clock stands still.
	lone := f.lookupAll(context.Background(), []string{recs[0].ID}, []string{recs[0].Properties.IP})
	if r := receive(t, lone[0]); r.err != nil || r.rec.ID != recs[0].ID {
		t.Fatalf("lone lookup = %+v, %v", r.rec, r.err)
	}
	if lists := listRequests(t, f.srv); len(lists) != 1 || len(lists[0]) != 1 {
		t.Fatalf("lists %v; want one filtered by the one address, sent without a window", lists)
	}
	eventually(t, "the flush is over", func() bool { return dnsapi.BatchIdle(f.c) })
	f.clock.Advance(dnsapi.BatchFillWait)

	// Not alone: a write of the process is in flight, then a lookup
	// waits beside it. Both wait for the window, and share a request.
	f.srv.ResetRequests()
	done := dnsapi.BeginWrite(f.c, "another")
	first := f.lookupAll(context.Background(), []string{recs[1].ID}, []string{recs[1].Properties.IP})
	eventually(t, "the lookup beside a write waits", func() bool { return dnsapi.BatchPending(f.c) == 1 })
	done()
	second := f.lookupAll(context.Background(), []string{recs[2].ID}, []string{recs[2].Properties.IP})
	eventually(t, "the lookup beside a waiting one waits", func() bool { return dnsapi.BatchPending(f.c) == 2 })
	if n := len(f.srv.Requests()); n != 0 {
		t.Fatalf("%d requests before the window ended, want 0", n)
	}
	f.clock.Advance(dnsapi.BatchWindow)
	for _, ch := range append(first, second...) {
		if r := receive(t, ch); r.err != nil {
			t.Fatal(r.err)
		}
	}
	if lists := listRequests(t, f.srv); len(lists) != 1 || len(lists[0]) != 2 {
		t.Fatalf("lists %v; want one filtered by the 2 addresses", lists)
	}
	eventually(t, "the flush is over", func() bool { return dnsapi.BatchIdle(f.c) })

	// Right after a flush, the calls it answered may come back with
	// their next reads: a lookup then waits (for as many as waited at
	// once, two, or the fill wait).
	next := f.lookupAll(context.Background(), []string{recs[3].ID}, []string{recs[3].Properties.IP})
	eventually(t, "the lookup right after a flush waits", func() bool { return dnsapi.BatchPending(f.c) == 1 })
	f.clock.Advance(dnsapi.BatchFillWait)
	if r := receive(t, next[0]); r.err != nil || r.rec.ID != recs[3].ID {
		t.Fatalf("lookup after the fill wait = %+v, %v", r.rec, r.err)
	}
	eventually(t, "the flush is over", func() bool { return dnsapi.BatchIdle(f.c) })

	// BatchFillWait after the last flush ended, a lookup is alone again.
	f.clock.Advance(dnsapi.BatchFillWait)
	again := f.lookupAll(context.Background(), []string{recs[4].ID}, []string{recs[4].Properties.IP})
	if r := receive(t, again[0]); r.err != nil || r.rec.ID != recs[4].ID {
		t.Fatalf("lone lookup = %+v, %v", r.rec, r.err)
	}
}

func TestThrottledLoneLookupWaitsItsWindow(t *testing.T) {
	f := newPacedFixture(t)
	recs := f.put(2)
	f.throttleOnce(t, recs[1])
	results := f.lookupAll(context.Background(), []string{recs[0].ID}, []string{recs[0].Properties.IP})
	eventually(t, "the lookup waits", func() bool { return dnsapi.BatchPending(f.c) == 1 })
	if n := len(f.srv.Requests()); n != 0 {
		t.Fatalf("%d requests before the window ended, want 0", n)
	}
	f.clock.Advance(dnsapi.BatchWindow)
	if r := receive(t, results[0]); r.err != nil || r.rec.ID != recs[0].ID {
		t.Fatalf("lookup = %+v, %v", r.rec, r.err)
	}
}
