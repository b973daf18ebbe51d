package dnsapi_test

import (
	"context"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// An update that moves its record to an address another record of the run
// holds (a for_each key whose address changes to that of a key being
// removed): ResolveMove waits for our delete as a create does, but never
// adopts the record there, identical or not.

func resolveMoveAsync(l *dnsapi.Ledger, existing *dnsapi.ReverseRecordRead) chan resolved {
	ch := make(chan resolved, 1)
	go func() {
		end := l.Begin() // the update is a running operation
		defer end()
		res, err := l.ResolveMove(context.Background(), existing)
		ch <- resolved{res, err}
	}()
	return ch
}

func TestLedgerMoveWaitsForOurDelete(t *testing.T) {
	clk := newStepClock()
	l := dnsapi.NewLedgerWithClock(clk)
	endDelete := l.Begin()
	ch := resolveMoveAsync(l, oldRecord)
	eventually(t, "the update to wait", func() bool { return dnsapi.LedgerWaiting(l) == 1 })
	notYet(t, ch)
	_, finish := l.BeginDelete(oldRecord.ID)
	finish(true)
	endDelete()
	if r := resolvedNow(t, ch); r.err != nil || r.res.Verdict != dnsapi.Retry {
		t.Fatalf("%+v; want Retry", r)
	}
}

func TestLedgerMoveNeverAdopts(t *testing.T) {
	clk := newStepClock()
	l := dnsapi.NewLedgerWithClock(clk)
	// oldRecord is what a create wanting wantIdentical would adopt at
	// once; a move waits for a delete instead, and with nothing else
	// running gives up after AllWaitingGrace.
	ch := resolveMoveAsync(l, oldRecord)
	eventually(t, "the update to wait", func() bool { return dnsapi.LedgerWaiting(l) == 1 })
	notYet(t, ch)
	clk.Advance(dnsapi.AllWaitingGrace)
	if r := resolvedNow(t, ch); r.res.Verdict != dnsapi.Conflict {
		t.Fatalf("%+v; want Conflict", r)
	}
	// And the record was not claimed: its later delete is not skipped.
	if skip, finish := l.BeginDelete(oldRecord.ID); skip {
		t.Fatal("a move claimed the record it met")
	} else {
		finish(true)
	}
}
