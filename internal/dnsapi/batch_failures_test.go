package dnsapi_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// Tests of a batch's waiters when something fails: a cancelled waiter
// leaves the others their answer (queued or in flight), and a failed
// request's error reaches every waiter.

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
