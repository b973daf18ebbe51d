package dnsapi

import "time"

// Whether a call waits for others at all follows the pacer (pacer.go).
// While the API admits everything (no 429 yet, or the pacer idle for
// paceQuietAfter, see pacer.contended), latency is what counts: a
// delete's confirmation goes at once, beside any flush in flight, sharing
// its request only with the calls already waiting at that moment, and a
// lookup with nothing else active goes at once too. A destroy then costs
// a round trip per record more, not a batch's fill wait nor the rest of
// another request's, and Terraform's slot comes back as soon as the
// record is gone.
// While the API throttles, requests are what count: confirmations wait to
// fill a batch as the DELETEs beside them finish. A process that has not
// met a 429 yet cannot know that the API throttles: under a limit, the
// confirmations of its first DELETEs go in requests of one or two until
// the first 429 (a handful of requests, once per process). With
// Config.MaxRequestsPerSecond set, the pacer counts as busy as soon as
// the traffic reaches half the cap.

// latencyFirstLocked reports whether calls should not wait for others:
// the pacer holds nothing back (see pacer.contended), so a request more
// costs the API nothing it refuses, and a wait costs the caller time.
func (b *batcher) latencyFirstLocked() bool {
	return !b.alwaysBatch && !b.c.pacer.contended(b.clock.Now())
}

// goesAtOnceLocked reports whether w, about to be queued, goes at once
// with whatever already waits, rather than waiting for more: while latency
// counts, a delete's confirmation (nothing but its own delete waits on
// it, and Terraform's slot with it), and a lookup with no other call
// active, no flush running or ended within batchFillWait, and no write of
// the process in flight (nothing runs beside it whose next calls could
// join it: the calls a flush answered come back with their next reads
// within batchFillWait, and Terraform's refresh comes round after round).
// For a confirmation, "at once" is beside any flush in flight (see
// besideFlightLocked); a lone lookup goes only when none runs.
func (b *batcher) goesAtOnceLocked(w *waiter) bool {
	if !b.latencyFirstLocked() {
		return false
	}
	if w.kind == kindConfirm {
		return true
	}
	// (active counts w already.)
	return b.active == 1 && b.writes == 0 && b.flights == 0 && len(b.pending) == 0 &&
		(b.answered.IsZero() || b.clock.Now().Sub(b.answered) >= batchFillWait)
}

// besideFlightLocked reports whether the pending batch goes beside the
// flush in flight rather than after it: while latency counts, a delete's
// confirmation does not wait for another request to come back first.
// Waiting cost each delete half a round trip on average with its slot
// held (2.6 round trips a delete instead of 2 in
// BenchmarkDestroyUnthrottled); going beside costs about a request per
// delete, which the API admits.
func (b *batcher) besideFlightLocked() bool {
	return b.urgent && b.latencyFirstLocked()
}

// batchCoalesce is how long an unthrottled confirmation waits for the
// confirmations that come in the same instant: DELETEs that Terraform
// sent together (its first ten, or the ten a pause of the API held back)
// are answered together, and their confirmations then share one request
// instead of ten. A request more costs nothing while the API admits
// everything, but the first round of a destroy comes before the first 429
// that tells the process the API throttles.
const batchCoalesce = time.Millisecond

// coalesceLocked lets the pending batch, which holds a confirmation that
// goes at once, wait batchCoalesce for others; then it goes, beside any
// flush in flight.
func (b *batcher) coalesceLocked() {
	if b.coalescing {
		return
	}
	b.coalescing = true
	id := b.batchID
	b.clock.AfterFunc(batchCoalesce, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if id != b.batchID || !b.coalescing {
			return // it went already
		}
		b.coalescing = false
		b.urgent = true
		b.maybeFlushLocked()
	})
}
