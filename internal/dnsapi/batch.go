package dnsapi

import (
	"context"
	"net/netip"
	"sync"
	"time"
)

// Batched reads of known records. Terraform refreshes a configuration's
// records ten at a time, each with its own call; one GET by id per record
// costs a request per record. Instead, a read of a record whose address is
// known waits a moment for the reads running beside it, and all of them are
// answered by one filtered list request (filter.recordIp, up to
// maxFilterIPsPerRequest addresses), matched by id. What the answer does
// not settle falls back to GET by id, so a record deleted, renamed or moved
// outside Terraform is seen exactly as before. Reads of many records are
// also answered from pages read ahead (see readahead.go). When a call
// waits for others at all follows the pacer (see batch_latency.go).

// Bounds of a batch.
const (
	// batchWindow is how long the first batch stays open for more
	// waiters after its first one: long enough for the reads Terraform
	// starts together (their RPCs arrive within a few milliseconds) to
	// meet.
	batchWindow = 10 * time.Millisecond
	// batchFillWait is how long a later batch waits to hold as many
	// waiters as ever waited at once; it goes as soon as it does. The
	// calls a flush answered take Terraform 10 to 30 ms to come back with
	// their next reads on a quiet machine, several times that on a busy
	// one; a batch that goes half full costs a request more.
	batchFillWait = 100 * time.Millisecond
	// batchConfirmFillWait is the same for a batch of delete
	// confirmations. A delete's slot comes back only after Terraform has
	// finished one delete and sent the next DELETE, and nothing waits on
	// a confirmation but its own delete; a destroy costs a request per
	// batch on top of its DELETEs.
	batchConfirmFillWait = 500 * time.Millisecond
	// batchMaxWait bounds how long a batch stays open while the process's
	// own writes are in flight: a delete's confirmation follows its
	// DELETE, so waiting for the DELETEs beside it gathers their
	// confirmations into the same request.
	batchMaxWait = 2 * time.Second
	// batchRequestTimeout bounds a batch's requests when none of its
	// waiters has a deadline.
	batchRequestTimeout = 5 * time.Minute
)

// batchClock is the batcher's view of time, injected by tests.
type batchClock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine after d; the returned
	// function stops that if it has not happened yet.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// waitKind says what a waiter wants to know.
type waitKind int

const (
	// kindLookup wants the record, as Get returns it.
	kindLookup waitKind = iota
	// kindConfirm wants to know whether a deleted record is gone.
	kindConfirm
)

// waiter is one call waiting for a batch.
type waiter struct {
	kind   waitKind
	id, ip string // ip is canonical, or "" when unknown
	ctx    context.Context
	done   chan answer // buffered: answering never blocks
	flight *flight     // the flush that took it, under batcher.mu
}

// answer is what a waiter gets.
type answer struct {
	rec *ReverseRecordRead
	// gone: a confirmation's record is gone.
	gone bool
	// fallback: the batch could not settle it; ask GET by id.
	fallback bool
	err      error
}

// flight is one flush in progress; its requests are cancelled when every
// one of its waiters has given up.
type flight struct {
	left   int
	cancel context.CancelFunc
}

// batcher gathers waiters into batches. One flush runs at a time (but
// for unthrottled confirmations, see besideFlightLocked): waiters
// arriving meanwhile form the next batch, which grows for as long as the
// flush takes (under a rate limit, that is what makes batches large) and
// one more window after it, for the calls it answered to come back.
type batcher struct {
	c     *Client
	clock batchClock

	mu      sync.Mutex
	pending []*waiter
	opened  time.Time // when pending got its first waiter
	batchID uint64    // which batch a timer belongs to
	stop    func() bool
	due     bool // the pending batch's window has ended
	// flights is how many flushes run: one at a time, or more while
	// unthrottled confirmations go beside one.
	flights int
	// urgent says the pending batch holds a call that goes at once (see
	// goesAtOnceLocked): it goes as soon as no flush runs, with no window.
	urgent bool
	// coalescing says the pending batch holds a confirmation that goes
	// once batchCoalesce has passed (see coalesceLocked).
	coalescing bool
	// flushes counts the batches that went (not the lone lookups).
	flushes int
	// answered is when the last flush ended: the calls it answered come
	// back with their next reads soon after.
	answered time.Time
	// active is how many calls wait now; peak the most that ever did:
	// about Terraform's parallelism. A batch holding peak waiters will
	// get no more, so it goes at once instead of waiting for its window.
	active, peak int
	// writes is how many writes of this process are in flight.
	writes int
	ra     readAhead
	// alwaysBatch makes the batcher batch as under a rate limit whatever
	// the pacer says (tests of the batching itself).
	alwaysBatch bool
}

func newBatcher(c *Client, clk batchClock) *batcher {
	return &batcher{c: c, clock: clk, ra: newReadAhead()}
}

// Lookup returns the record with the given id, like Get (IsNotFound(err)
// when there is none), given the address the caller last knew it at (the
// prior state's ip). Concurrent lookups are answered together by one
// filtered list request, or from pages read ahead; when that does not
// settle a record (not in the answer, or at another address) it is read
// with GET. With no usable ipHint it is Get, unless a page read ahead
// holds the record.
func (c *Client) Lookup(ctx context.Context, id, ipHint string) (*ReverseRecordRead, error) {
	a, err := c.batch.wait(ctx, kindLookup, id, canonicalIP(ipHint))
	switch {
	case err != nil:
		return nil, err
	case a.fallback:
		return c.Get(ctx, id)
	}
	return a.rec, a.err
}

// ConfirmDeleted reports whether the record id, deleted at address ip, is
// gone. Concurrent confirmations (and lookups) share one filtered list
// request: an address with no record in the answer is gone; a record with
// another id at the address is settled with GET by id.
func (c *Client) ConfirmDeleted(ctx context.Context, id, ip string) (bool, error) {
	a, err := c.batch.wait(ctx, kindConfirm, id, canonicalIP(ip))
	if err != nil {
		return false, err
	}
	if !a.fallback {
		return a.gone, a.err
	}
	_, err = c.Get(ctx, id)
	if IsNotFound(err) {
		return true, nil
	}
	return false, err
}

func canonicalIP(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	return addr.String()
}

// wait answers w at once when it can, or queues it and waits for its
// batch. A waiter whose ctx ends leaves alone: the batch goes on for the
// others.
func (b *batcher) wait(ctx context.Context, kind waitKind, id, ip string) (answer, error) {
	w := &waiter{kind: kind, id: id, ip: ip, ctx: ctx, done: make(chan answer, 1)}
	b.mu.Lock()
	if a, ok := b.answerAtOnceLocked(w); ok {
		b.mu.Unlock()
		return a, nil
	}
	b.active++
	b.peak = max(b.peak, b.active)
	b.enqueueLocked(w)
	b.mu.Unlock()

	select {
	case a := <-w.done:
		b.mu.Lock()
		b.active--
		b.mu.Unlock()
		return a, nil
	case <-ctx.Done():
		b.abandon(w)
		return answer{}, ctx.Err()
	}
}

// answerAtOnceLocked settles what needs no request to the batch: a lookup
// the pages read ahead answer, and one no batch can help.
func (b *batcher) answerAtOnceLocked(w *waiter) (answer, bool) {
	switch {
	case w.kind == kindConfirm && w.ip == "":
		return answer{fallback: true}, true
	case w.kind == kindConfirm:
		return answer{}, false
	}
	now := b.clock.Now()
	b.ra.note(w.id, now)
	if rec := b.ra.take(w.id, w.ip); rec != nil {
		return answer{rec: rec}, true
	}
	switch {
	case b.ra.complete && b.ra.fresh(now):
		// Every page was read and the record is not there (or not at
		// the address): only GET can tell what became of it.
		return answer{fallback: true}, true
	case w.ip == "" && !b.ra.fetching && !b.ra.pageAllowed(now):
		return answer{fallback: true}, true
	}
	return answer{}, false
}

func (b *batcher) enqueueLocked(w *waiter) {
	atOnce := b.goesAtOnceLocked(w)
	b.pending = append(b.pending, w)
	if len(b.pending) == 1 {
		b.opened = b.clock.Now()
		b.batchID++
		b.due, b.urgent, b.coalescing = false, false, false
		if !atOnce {
			b.armLocked(b.windowLocked())
		}
	}
	if atOnce && w.kind == kindConfirm && !b.urgent {
		b.coalesceLocked()
		return
	}
	b.urgent = b.urgent || atOnce
	b.maybeFlushLocked()
}

// windowLocked is how long the pending batch waits for more waiters.
func (b *batcher) windowLocked() time.Duration {
	switch {
	case b.flushes == 0:
		return batchWindow
	case len(b.pending) > 0 && b.pending[0].kind == kindConfirm:
		return batchConfirmFillWait
	}
	return batchFillWait
}

func (b *batcher) armLocked(d time.Duration) {
	id := b.batchID
	b.stop = b.clock.AfterFunc(d, func() { b.windowEnded(id) })
}

// windowEnded ends the pending batch's window, unless the process's own
// writes are still in flight (their confirmations are about to join) and
// the batch may wait longer.
func (b *batcher) windowEnded(id uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if id != b.batchID || len(b.pending) == 0 {
		return
	}
	if b.writes > 0 && !b.fullLocked() && b.clock.Now().Sub(b.opened) < batchMaxWait && !b.latencyFirstLocked() {
		b.armLocked(b.windowLocked())
		return
	}
	b.due = true
	b.maybeFlushLocked()
}

// fullLocked reports whether the pending batch will get no more waiters:
// it holds a request's worth of addresses, or as many calls as ever waited
// at once (known once a batch went).
func (b *batcher) fullLocked() bool {
	n := len(b.pending)
	return n >= maxFilterIPsPerRequest || (b.flushes > 0 && n >= b.peak)
}

// maybeFlushLocked starts a flush of the pending batch when no flush runs
// (or it may go beside one) and its window has ended, it is full, or it
// holds a call that goes at once.
func (b *batcher) maybeFlushLocked() {
	n := len(b.pending)
	if n == 0 || (b.flights > 0 && !b.besideFlightLocked()) {
		return
	}
	if !b.due && !b.urgent && !b.fullLocked() {
		return
	}
	ws := b.pending
	// A lone lookup is no batch: the next batch still gets the first
	// window, and the fill to peak of a batch.
	lone := b.urgent && n == 1 && ws[0].kind == kindLookup
	b.pending, b.urgent, b.coalescing = nil, false, false
	b.batchID++ // its timers are stale now
	if b.stop != nil {
		b.stop()
	}
	b.flights++
	if !lone {
		b.flushes++
	}
	b.startFlight(ws)
}

// write tells the batcher that the process writes record id ("" when the
// server picks the id); call the returned function when the write is
// done. Pages read ahead forget the record, before and after, so that no
// later read returns what it was before the write.
func (b *batcher) write(id string) (done func()) {
	b.mu.Lock()
	b.writes++
	b.ra.forget(id)
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		b.writes--
		b.ra.forget(id)
		b.mu.Unlock()
	}
}
