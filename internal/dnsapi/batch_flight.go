package dnsapi

import (
	"context"
	"time"
)

// The flights of the batcher (batch.go): a batch, once it goes, is answered
// in a goroutine of its own, from pages read ahead first, then by list
// requests filtered by the batch's addresses, on a context no single
// waiter owns.

// startFlight answers batch in a goroutine of its own.
func (b *batcher) startFlight(batch []*waiter) {
	ctx, cancel := flightContext(batch)
	fl := &flight{left: len(batch), cancel: cancel}
	for _, w := range batch {
		w.flight = fl
	}
	go b.flush(ctx, fl, batch)
}

// flightContext is the context of a batch's requests: no single waiter's
// (one giving up must not fail the others), carrying the first waiter's
// values and ending at the latest of the waiters' deadlines.
func flightContext(batch []*waiter) (context.Context, context.CancelFunc) {
	var deadline time.Time
	for _, w := range batch {
		d, ok := w.ctx.Deadline()
		if !ok {
			deadline = time.Now().Add(batchRequestTimeout)
			break
		}
		if d.After(deadline) {
			deadline = d
		}
	}
	return context.WithDeadline(context.WithoutCancel(batch[0].ctx), deadline)
}

// abandon takes w out of its batch; when it was the last waiter of a
// flush, the flush's requests are cancelled.
func (b *batcher) abandon(w *waiter) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.active--
	if w.flight == nil {
		for i, p := range b.pending {
			if p == w {
				b.pending = append(b.pending[:i], b.pending[i+1:]...)
				break
			}
		}
		return
	}
	w.flight.left--
	if w.flight.left == 0 {
		w.flight.cancel()
	}
}

// flush answers one batch: from pages read ahead first, then with
// filtered list requests.
func (b *batcher) flush(ctx context.Context, fl *flight, batch []*waiter) {
	defer func() {
		fl.cancel()
		b.mu.Lock()
		b.flights--
		b.answered = b.clock.Now()
		if b.flights == 0 && len(b.pending) > 0 && !b.fullLocked() && !b.urgent && !b.coalescing {
			// The calls just answered start their next reads now: give
			// them a window to join, or batches settle into two halves,
			// one waiting while the other is in flight. (Not a batch
			// that goes at once: its own short wait stands.)
			b.batchID++
			b.due = false
			if b.stop != nil {
				b.stop()
			}
			b.armLocked(b.windowLocked())
		}
		b.maybeFlushLocked()
		b.mu.Unlock()
	}()
	rest := b.fromPages(ctx, batch)
	b.filtered(ctx, rest)
}

// filtered answers ws with list requests filtered by their addresses,
// at most maxFilterIPsPerRequest a request. An error reaches every waiter
// of the request that failed.
func (b *batcher) filtered(ctx context.Context, ws []*waiter) {
	byIP := map[string][]*waiter{}
	var ips []string
	for _, w := range ws {
		if w.ip == "" {
			w.done <- answer{fallback: true}
			continue
		}
		if _, ok := byIP[w.ip]; !ok {
			ips = append(ips, w.ip)
		}
		byIP[w.ip] = append(byIP[w.ip], w)
	}
	for start := 0; start < len(ips); start += maxFilterIPsPerRequest {
		chunk := ips[start:min(start+maxFilterIPsPerRequest, len(ips))]
		records, err := b.c.listAllPages(ctx, chunk)
		got := indexRecords(records)
		for _, ip := range chunk {
			for _, w := range byIP[ip] {
				switch {
				case IsNotFound(err):
					// A 404 for the whole list says nothing about the
					// records; the record's own URL may still answer.
					w.done <- answer{fallback: true}
				case err != nil:
					w.done <- answer{err: err}
				default:
					w.done <- got.settle(w)
				}
			}
		}
	}
}

// recordIndex is a filtered answer by id and by address.
type recordIndex struct {
	byID, byIP map[string]*ReverseRecordRead
}

func indexRecords(records []ReverseRecordRead) recordIndex {
	idx := recordIndex{byID: make(map[string]*ReverseRecordRead, len(records)), byIP: make(map[string]*ReverseRecordRead, len(records))}
	for i := range records {
		r := &records[i]
		idx.byID[r.ID] = r
		idx.byIP[canonicalIP(r.Properties.IP)] = r
	}
	return idx
}

// settle answers w from a filtered answer that covered its address.
func (idx recordIndex) settle(w *waiter) answer {
	rec := idx.byID[w.id]
	if w.kind == kindLookup {
		if rec == nil || !SameIP(rec.Properties.IP, w.ip) {
			return answer{fallback: true}
		}
		copied := *rec
		return answer{rec: &copied}
	}
	switch {
	case rec != nil:
		return answer{gone: false}
	case idx.byIP[w.ip] == nil:
		return answer{gone: true}
	}
	// Another record holds the address: was ours moved first? Only GET
	// by id can tell.
	return answer{fallback: true}
}
