package dnsapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// Tests of when the batcher sends a batch and how big: a window gathers
// concurrent lookups, a batch splits at 100 addresses, the window waits for
// the process's writes in flight (up to batchMaxWait), and after a flush
// the next batch waits a window.

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
