package dnsapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// The ledger's tests step an injected clock (stepClock, batch_test.go):
// no test waits for a real bound. They wait for goroutines in short
// bounded polls (eventually).

var (
	oldRecord = &dnsapi.ReverseRecordRead{ID: "0b8a7c1e-1d2f-4a5b-8c9d-0e1f2a3b4c5d",
		Properties: dnsapi.ReverseRecord{IP: "203.0.113.6", Name: "old.example.com"}}
	wantNew       = dnsapi.ReverseRecord{IP: "203.0.113.6", Name: "new.example.com"}
	wantIdentical = dnsapi.ReverseRecord{IP: "203.0.113.6", Name: "OLD.example.com."}
)

type resolved struct {
	res dnsapi.Resolution
	err error
}

func resolveAsync(l *dnsapi.Ledger, existing *dnsapi.ReverseRecordRead, want dnsapi.ReverseRecord) chan resolved {
	ch := make(chan resolved, 1)
	go func() {
		end := l.Begin() // the create is a running operation
		defer end()
		res, err := l.Resolve(context.Background(), existing, want)
		ch <- resolved{res, err}
	}()
	return ch
}

func resolvedNow(t *testing.T, ch chan resolved) resolved {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("Resolve did not return")
	}
	return resolved{}
}

// resolvedWithin moves clk on in steps of a tenth of AllWaitingGrace until
// ch answers, failing once limit has passed. Stepping, rather than one
// jump, lets a waiting create that the scheduler let run late (so that it
// armed its timer after the jump) still come due.
func resolvedWithin(t *testing.T, clk *stepClock, ch chan resolved, limit time.Duration) resolved {
	t.Helper()
	step := dnsapi.AllWaitingGrace / 10
	for passed := time.Duration(0); passed <= limit; passed += step {
		select {
		case r := <-ch:
			return r
		case <-time.After(20 * time.Millisecond):
		}
		clk.Advance(step)
	}
	t.Fatalf("Resolve did not return within %s of the step clock", limit)
	return resolved{}
}

func notYet(t *testing.T, ch chan resolved) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("Resolve returned %+v early", r)
	case <-time.After(20 * time.Millisecond):
	}
}

// A replacement at the same address: the create waits for our own delete
// of the old record, in flight or not yet begun, and then creates again.
func TestLedgerReplacementWaitsForOurDelete(t *testing.T) {
	for _, deleteFirst := range []bool{true, false} {
		clk := newStepClock()
		l := dnsapi.NewLedgerWithClock(clk)
		endDelete := l.Begin() // the old instance's delete holds a slot
		var finish func(bool)
		if deleteFirst {
			_, finish = l.BeginDelete(oldRecord.ID)
		}
		ch := resolveAsync(l, oldRecord, wantNew)
		eventually(t, "the create to wait", func() bool { return dnsapi.LedgerWaiting(l) == 1 })
		clk.Advance(dnsapi.ConflictWaitMax / 2) // others run: no giving up
		notYet(t, ch)
		if !deleteFirst {
			_, finish = l.BeginDelete(oldRecord.ID)
			clk.Advance(dnsapi.ConflictWaitMax) // a delete in flight is waited for, unbounded
			notYet(t, ch)
		}
		finish(true)
		endDelete()
		if r := resolvedNow(t, ch); r.err != nil || r.res.Verdict != dnsapi.Retry {
			t.Fatalf("deleteFirst %v: %+v; want Retry", deleteFirst, r)
		}
	}
}

// A record whose delete is in flight is never adopted, even when identical:
// it is going away.
func TestLedgerIdenticalRecordBeingDeletedIsNotAdopted(t *testing.T) {
	l := dnsapi.NewLedgerWithClock(newStepClock())
	_, finish := l.BeginDelete(oldRecord.ID)
	ch := resolveAsync(l, oldRecord, wantIdentical)
	notYet(t, ch)
	finish(true)
	if r := resolvedNow(t, ch); r.res.Verdict != dnsapi.Retry {
		t.Fatalf("%+v; want Retry", r)
	}
}

// When every running operation is a waiting create, they give up at once
// (after AllWaitingGrace, not ConflictWaitMax).
func TestLedgerAllWaitingCreatesGiveUp(t *testing.T) {
	clk := newStepClock()
	l := dnsapi.NewLedgerWithClock(clk)
	other := &dnsapi.ReverseRecordRead{ID: "1c9b8d2f-2e3a-4b6c-9d0e-1f2a3b4c5d6e",
		Properties: dnsapi.ReverseRecord{IP: "203.0.113.7", Name: "x.example.com"}}
	a := resolveAsync(l, oldRecord, wantNew)
	b := resolveAsync(l, other, dnsapi.ReverseRecord{IP: "203.0.113.7", Name: "y.example.com"})
	eventually(t, "both creates to wait", func() bool { return dnsapi.LedgerWaiting(l) == 2 })
	clk.Advance(dnsapi.AllWaitingGrace / 2)
	notYet(t, a)
	for _, ch := range []chan resolved{a, b} {
		if r := resolvedWithin(t, clk, ch, 2*dnsapi.AllWaitingGrace); r.res.Verdict != dnsapi.Conflict {
			t.Fatalf("%+v; want Conflict", r)
		}
	}

	// A running delete of something else keeps them waiting, up to
	// ConflictWaitMax.
	l = dnsapi.NewLedgerWithClock(clk)
	end := l.Begin()
	defer end()
	c := resolveAsync(l, oldRecord, wantNew)
	eventually(t, "the create to wait", func() bool { return dnsapi.LedgerWaiting(l) == 1 })
	clk.Advance(dnsapi.ConflictWaitMax - time.Second)
	notYet(t, c)
	clk.Advance(time.Second)
	if r := resolvedNow(t, c); r.res.Verdict != dnsapi.Conflict {
		t.Fatalf("%+v; want Conflict after ConflictWaitMax", r)
	}
}

// An identical record nothing deletes is adopted; its later delete in the
// same process is a no-op; nobody else adopts it again.
func TestLedgerIdenticalRecordAdoptedAndItsDeleteSkipped(t *testing.T) {
	l := dnsapi.NewLedgerWithClock(newStepClock())
	if r := resolvedNow(t, resolveAsync(l, oldRecord, wantIdentical)); r.res.Verdict != dnsapi.Adopt {
		t.Fatalf("%+v; want Adopt", r)
	}
	if skip, _ := l.BeginDelete(oldRecord.ID); !skip {
		t.Fatal("the delete of an adopted record was not skipped")
	}
	if r := resolvedNow(t, resolveAsync(l, oldRecord, wantIdentical)); r.res.Verdict != dnsapi.Conflict {
		t.Fatalf("second adoption: %+v; want Conflict", r)
	}
	// Nor is a record this process created adopted by another create.
	l.Created("2d0c9e3a-3f4b-4c7d-8e1f-2a3b4c5d6e7f")
	mine := &dnsapi.ReverseRecordRead{ID: "2d0c9e3a-3f4b-4c7d-8e1f-2a3b4c5d6e7f", Properties: wantIdentical}
	if r := resolvedNow(t, resolveAsync(l, mine, wantIdentical)); r.res.Verdict != dnsapi.Conflict {
		t.Fatalf("own record: %+v; want Conflict", r)
	}
}

// A record that differs in anything is a conflict, not adopted; one whose
// delete failed too.
func TestLedgerDifferingRecordConflicts(t *testing.T) {
	for _, want := range []dnsapi.ReverseRecord{
		wantNew,
		{IP: "203.0.113.6", Name: "old.example.com", Description: "x"},
	} {
		clk := newStepClock()
		l := dnsapi.NewLedgerWithClock(clk)
		ch := resolveAsync(l, oldRecord, want)
		eventually(t, "the create to wait", func() bool { return dnsapi.LedgerWaiting(l) == 1 })
		clk.Advance(dnsapi.AllWaitingGrace)
		if r := resolvedNow(t, ch); r.res.Verdict != dnsapi.Conflict {
			t.Fatalf("want %+v: %+v; want Conflict", want, r)
		}
	}
	l := dnsapi.NewLedgerWithClock(newStepClock())
	_, finish := l.BeginDelete(oldRecord.ID)
	finish(false)
	if r := resolvedNow(t, resolveAsync(l, oldRecord, wantIdentical)); r.res.Verdict != dnsapi.Conflict {
		t.Fatalf("failed delete: %+v; want Conflict", r)
	}
}

func TestLedgerResolveEndsWithItsContext(t *testing.T) {
	l := dnsapi.NewLedgerWithClock(newStepClock())
	_, _ = l.BeginDelete(oldRecord.ID)
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan error, 1)
	go func() { _, err := l.Resolve(ctx, oldRecord, wantNew); ch <- err }()
	cancel()
	select {
	case err := <-ch:
		if err == nil {
			t.Fatal("no error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Resolve ignored its context")
	}
}

func TestSameRecord(t *testing.T) {
	base := dnsapi.ReverseRecord{IP: "2001:db8::10", Name: "a.example.com", Description: "d"}
	for _, tc := range []struct {
		b    dnsapi.ReverseRecord
		same bool
	}{
		{dnsapi.ReverseRecord{IP: "2001:DB8:0::10", Name: "A.example.com.", Description: "d"}, true},
		{dnsapi.ReverseRecord{IP: "2001:db8::11", Name: "a.example.com", Description: "d"}, false},
		{dnsapi.ReverseRecord{IP: "2001:db8::10", Name: "b.example.com", Description: "d"}, false},
		{dnsapi.ReverseRecord{IP: "2001:db8::10", Name: "a.example.com"}, false},
	} {
		if got := dnsapi.SameRecord(base, tc.b); got != tc.same {
			t.Errorf("SameRecord(%+v, %+v) = %v", base, tc.b, got)
		}
	}
}
