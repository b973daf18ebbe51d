package dnsapi

import (
	"context"
	"time"
)

// Read-ahead: when a process reads many records, the unfiltered list, read
// in pages of MaxPageLimit from the start, answers the rest of the reads
// with no request at all: 400 records are one page. It must not list a
// contract of tens of thousands for a few records, nor for records the
// pages read so far do not hold, so it pays its way:
//
//   - it starts once the process has looked up readAheadAfter records
//     (two batches: a plan of a handful of records never lists);
//   - after each page it estimates the contract's size from how many of the
//     records looked up so far the pages held (pages read × looked up ÷
//     found), and reads on only while listing all of it costs no more
//     requests than the lookups seen so far cost in batches (one per
//     batchSize); when the pages held none of them, it stops;
//   - it holds at most readAheadMaxPages pages, each record until it is
//     read once, and for at most readAheadMaxAge.
//
// Consistency: a write of the process forgets the written record before
// and after the write, and a page whose request overlapped a write is not
// kept; so no read returns a record as it was before a write the process
// made. Confirmations of deletes never use the pages.
const (
	readAheadAfter    = 20
	readAheadMaxPages = 20
	readAheadMaxAge   = time.Minute
	// batchSize is what one filtered request answers in practice:
	// Terraform's default parallelism.
	batchSize = 10
	// readAheadMaxSeen bounds the ids remembered for the estimate.
	readAheadMaxSeen = readAheadMaxPages * MaxPageLimit
)

// readAhead is the batcher's page cache, under batcher.mu.
type readAhead struct {
	// lookups counts the lookups of this epoch; seen remembers their ids,
	// true once a page held the id; found counts the trues.
	lookups int
	seen    map[string]bool
	found   int

	cache    map[string]*ReverseRecordRead
	pages    int
	offset   int
	complete bool // the last page read was not full: the list's last
	stopped  bool // a page failed or overlapped a write
	fetching bool
	firstAt  time.Time // when this epoch's first page was read
	writeSeq uint64
}

func newReadAhead() readAhead {
	return readAhead{seen: map[string]bool{}, cache: map[string]*ReverseRecordRead{}}
}

// reset starts a new epoch: nothing read ahead, nothing counted.
func (ra *readAhead) reset() {
	seq, fetching := ra.writeSeq, ra.fetching
	*ra = newReadAhead()
	ra.writeSeq, ra.fetching = seq, fetching
}

// fresh reports whether the pages are young enough to answer from.
func (ra *readAhead) fresh(now time.Time) bool {
	return ra.pages > 0 && now.Sub(ra.firstAt) < readAheadMaxAge
}

// note counts a lookup of id; an epoch whose pages are too old ends.
func (ra *readAhead) note(id string, now time.Time) {
	if ra.pages > 0 && !ra.fresh(now) && !ra.fetching {
		ra.reset()
	}
	ra.lookups++
	if _, ok := ra.seen[id]; ok || len(ra.seen) >= readAheadMaxSeen {
		return
	}
	_, held := ra.cache[id]
	ra.seen[id] = held
	if held {
		ra.found++
	}
}

// take returns the record read ahead, if the pages hold it at ip (any
// address when ip is ""), and forgets it: a record is read once per
// refresh, and a second read should see any change since.
func (ra *readAhead) take(id, ip string) *ReverseRecordRead {
	rec := ra.cache[id]
	if rec == nil || (ip != "" && !SameIP(rec.Properties.IP, ip)) {
		return nil
	}
	delete(ra.cache, id)
	copied := *rec
	return &copied
}

// pageAllowed reports whether reading the next page pays (see above).
func (ra *readAhead) pageAllowed(now time.Time) bool {
	switch {
	case ra.complete || ra.stopped || ra.fetching || ra.pages >= readAheadMaxPages:
		return false
	case ra.pages > 0 && !ra.fresh(now):
		return false
	case ra.lookups < readAheadAfter:
		return false
	case ra.pages == 0:
		return true
	case ra.found == 0:
		return false
	}
	estimatedPages := ra.pages * len(ra.seen) / ra.found
	return estimatedPages <= ra.lookups/batchSize
}

// add keeps a page read at the current offset; kept is false when a write
// overlapped its request, which ends read-ahead for this epoch (the page
// may hold a record as it was before the write).
func (ra *readAhead) add(page *ReverseRecordsReadList, kept bool, now time.Time) {
	if !kept {
		ra.stopped = true
		return
	}
	if ra.pages == 0 {
		ra.firstAt = now
	}
	ra.pages++
	ra.offset += len(page.Items)
	// The walker's rule (pagewalk.go), not _links.next: a server that
	// never sends next would end the read-ahead after one page, one
	// that always sends it would never let it end.
	ra.complete = !pageIsFull(page, MaxPageLimit)
	for i := range page.Items {
		r := &page.Items[i]
		ra.cache[r.ID] = r
		if held, ok := ra.seen[r.ID]; ok && !held {
			ra.seen[r.ID] = true
			ra.found++
		}
	}
}

// forget drops what was read ahead of record id, and marks that the
// process wrote.
func (ra *readAhead) forget(id string) {
	delete(ra.cache, id)
	ra.writeSeq++
}

// fromPages answers the lookups of batch from the pages, reading further
// pages while that pays, and returns the waiters still unanswered.
func (b *batcher) fromPages(ctx context.Context, batch []*waiter) []*waiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	rest := b.answerFromPagesLocked(batch)
	for hasLookup(rest) && b.ra.pageAllowed(b.clock.Now()) {
		offset, seq := b.ra.offset, b.ra.writeSeq
		b.ra.fetching = true
		b.mu.Unlock()
		// The explicit limit is the one pageIsFull judges the page by.
		page, err := b.c.ListPage(ctx, ListOptions{Offset: offset, Limit: MaxPageLimit})
		b.mu.Lock()
		b.ra.fetching = false
		if err != nil {
			// The filtered requests that follow meet the same trouble
			// and report it to the waiters it concerns.
			b.ra.stopped = true
			break
		}
		b.ra.add(page, seq == b.ra.writeSeq && b.writes == 0, b.clock.Now())
		rest = b.answerFromPagesLocked(rest)
	}
	return rest
}

func (b *batcher) answerFromPagesLocked(ws []*waiter) []*waiter {
	var rest []*waiter
	for _, w := range ws {
		if w.kind == kindLookup {
			if rec := b.ra.take(w.id, w.ip); rec != nil {
				w.done <- answer{rec: rec}
				continue
			}
		}
		rest = append(rest, w)
	}
	return rest
}

func hasLookup(ws []*waiter) bool {
	for _, w := range ws {
		if w.kind == kindLookup {
			return true
		}
	}
	return false
}
