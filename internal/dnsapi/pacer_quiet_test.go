package dnsapi

import (
	"testing"
	"time"
)

// TestPacerContended pins down when the pacer counts as idle: never
// throttled; or PaceQuietAfter after the last wait it imposed ended, and,
// while pacing, with traffic below paceHeadroom of the paced rate.
func TestPacerContended(t *testing.T) {
	clk := newVirtualClock()
	p := newPacer(clk, 0)
	t0 := clk.Now()
	if p.contended(t0) {
		t.Fatal("a pacer that never held anything back is contended")
	}

	// A 429 after a burst of 50 answered requests: a 1 s pause, then
	// pacing at 0.9 × 50 per second.
	for range 50 {
		p.answered(t0, false)
	}
	p.throttled(t0, time.Second)
	if !p.contended(t0) || p.Stats().Rate != 45 {
		t.Fatalf("right after a 429: contended %v, rate %v; want true, 45", p.contended(t0), p.Stats().Rate)
	}
	quiet := t0.Add(time.Second + paceQuietAfter)
	if !p.contended(quiet.Add(-time.Nanosecond)) {
		t.Fatal("idle before paceQuietAfter had passed since the pause ended")
	}
	if p.contended(quiet) {
		t.Fatal("still contended paceQuietAfter after the pause, with no traffic")
	}

	// Traffic at half the paced rate or more keeps it contended, with no
	// wait at all: not waiting for each other would double it.
	for range 22 {
		p.answered(quiet, false)
	}
	if p.contended(quiet) {
		t.Fatal("contended at 22 answers a second, under half of 45")
	}
	p.answered(quiet, false)
	if !p.contended(quiet) {
		t.Fatal("idle at 23 answers a second, half of 45 or more")
	}
	if p.contended(quiet.Add(paceWindow)) {
		t.Fatal("contended once the traffic left the window")
	}

	// A request that waits for its slot holds the pacer until the slot.
	p.mu.Lock()
	p.nextSlot = quiet.Add(paceWindow + 100*time.Millisecond)
	p.mu.Unlock()
	clk.Hold()
	clk.mu.Lock()
	clk.now = quiet.Add(paceWindow)
	clk.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, _, err := p.wait(t.Context()); err != nil {
			t.Error(err)
		}
	}()
	clk.Release()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the paced request never went")
	}
	slot := quiet.Add(paceWindow + 100*time.Millisecond)
	if !p.contended(slot.Add(paceQuietAfter-time.Nanosecond)) || p.contended(slot.Add(paceQuietAfter)) {
		t.Fatal("a wait for a slot does not hold the pacer for paceQuietAfter after the slot")
	}
}
