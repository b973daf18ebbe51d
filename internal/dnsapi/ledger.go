package dnsapi

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// Ledger is a process's bookkeeping of the records its own operations
// delete, create and adopt, so that a create that meets a 409 (the address
// already has a record) can tell a record on its way out from a real
// conflict.
//
// Terraform replaces resources at the same address concurrently and in no
// set order: when a for_each key is renamed, the new instance's create may
// run before, during or after the old one's delete. A create meeting the
// old record therefore
//
//   - waits and creates again when a delete of that record is in flight or
//     done in this process (the record is going away, so it must not be
//     adopted);
//   - adopts the record when it is identical to what the create wants
//     (same address, name and description) and nothing has started
//     deleting it: the old instance then has nothing left to delete
//     (BeginDelete says skip), and after a hard kill such a record is the
//     only trace of our own create;
//   - otherwise waits, bounded, for a delete of it to start, since
//     Terraform may simply not have scheduled it yet; it gives up at once
//     when every running operation of the process is such a waiting create
//     (they would wait for each other: Terraform holds a slot for each, so
//     the deletes they wait for may never start), and after
//     ConflictWaitMax in any case.
//
// A Ledger holds no Terraform types; the provider keeps one per process,
// with the client (Client.Ledger). It is safe for concurrent use.
type Ledger struct {
	clock batchClock

	mu sync.Mutex
	// running counts the operations begun (Begin) and not ended;
	// waiting, the creates inside Resolve.
	running, waiting int
	deletes          map[string]*deletion
	// claimed holds the records a create of this process made or
	// adopted: they are never adopted again, nor deleted by a delete
	// of an old instance (see BeginDelete).
	claimed map[string]bool
	// adopted holds the claimed records that were adopted.
	adopted map[string]bool
	// changed is closed and replaced whenever something a waiting
	// create looks at changes.
	changed chan struct{}
}

// deletion is a delete of one record by this process.
type deletion struct {
	done     chan struct{} // closed when the delete ends
	finished bool
	deleted  bool // the record is confirmed gone
}

// Bounds of Resolve's waits.
const (
	// ConflictWaitMax bounds the wait for a delete of the conflicting
	// record to start, while other operations still run.
	ConflictWaitMax = 10 * time.Second
	// AllWaitingGrace is how long every running operation must be a
	// waiting create before they give up: Terraform hands a freed slot
	// to its next operation within milliseconds, and a create must not
	// give up in that gap.
	AllWaitingGrace = time.Second
)

// NewLedger returns an empty ledger.
func NewLedger() *Ledger { return newLedger(realClock{}) }

func newLedger(clk batchClock) *Ledger {
	return &Ledger{
		clock:   clk,
		deletes: map[string]*deletion{},
		claimed: map[string]bool{},
		adopted: map[string]bool{},
		changed: make(chan struct{}),
	}
}

// signalLocked wakes every waiting create to look again.
func (l *Ledger) signalLocked() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// Begin counts an operation (create, update or delete) of the process as
// running until end is called.
func (l *Ledger) Begin() (end func()) {
	l.mu.Lock()
	l.running++
	l.signalLocked()
	l.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			l.running--
			l.signalLocked()
			l.mu.Unlock()
		})
	}
}

// BeginDelete registers a delete of record id. skip is true when a create
// of this process adopted the record: it now belongs to that create's
// resource, and the delete must leave it alone (and do nothing). Otherwise
// finish must be called when the delete ends, with whether the record is
// confirmed gone.
func (l *Ledger) BeginDelete(id string) (skip bool, finish func(deleted bool)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.adopted[id] {
		return true, func(bool) {}
	}
	d := &deletion{done: make(chan struct{})}
	l.deletes[id] = d
	l.signalLocked()
	var once sync.Once
	return false, func(deleted bool) {
		once.Do(func() {
			l.mu.Lock()
			d.finished, d.deleted = true, deleted
			close(d.done)
			l.signalLocked()
			l.mu.Unlock()
		})
	}
}

// Created records that a create of this process made record id.
func (l *Ledger) Created(id string) {
	l.mu.Lock()
	l.claimed[id] = true
	l.mu.Unlock()
}

// Verdict is what a create that met a 409 does next.
type Verdict int

const (
	// Retry: the conflicting record was deleted by this process; create
	// again.
	Retry Verdict = iota + 1
	// Adopt: the record is what the create wants; take it as created.
	Adopt
	// Conflict: give up with the conflict error; Resolution.Reason says
	// why.
	Conflict
)

// Resolution is Resolve's answer.
type Resolution struct {
	Verdict Verdict
	// Reason explains a Conflict, as a phrase ("no operation of this run
	// deletes it").
	Reason string
}

// Resolve decides what a create that wants want and met the 409 of
// existing (the record now at that address) does: see Ledger. It waits
// while a delete of existing runs in this process, or (bounded) for one
// to start. The error is ctx's, when it ends first.
func (l *Ledger) Resolve(ctx context.Context, existing *ReverseRecordRead, want ReverseRecord) (Resolution, error) {
	return l.resolve(ctx, existing, &want)
}

// ResolveMove is Resolve for an update that moves a record of its own to
// the address of existing: it waits for this process's delete of existing
// as a create does, but never adopts it (the moving record keeps its own
// id, and two records cannot share the address), so an identical record
// is a conflict like any other that nothing deletes.
func (l *Ledger) ResolveMove(ctx context.Context, existing *ReverseRecordRead) (Resolution, error) {
	return l.resolve(ctx, existing, nil)
}

// resolve is Resolve, adopting existing when it is identical to want (nil:
// never).
func (l *Ledger) resolve(ctx context.Context, existing *ReverseRecordRead, want *ReverseRecord) (Resolution, error) {
	id := existing.ID
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waiting++
	l.signalLocked()
	defer func() {
		l.waiting--
		l.signalLocked()
	}()

	start := l.clock.Now()
	var allWaitingSince time.Time
	for {
		var wake time.Duration // 0: no timer, wait for a change
		switch d := l.deletes[id]; {
		case d != nil && d.finished && d.deleted:
			return Resolution{Verdict: Retry}, nil
		case d != nil && d.finished:
			return Resolution{Verdict: Conflict, Reason: "its delete in this run failed"}, nil
		case d != nil:
			// In flight: wait for it, however long it takes (the
			// delete's own timeout bounds it).
			allWaitingSince = time.Time{}
		case l.claimed[id]:
			return Resolution{Verdict: Conflict, Reason: "another resource of this run created or adopted it"}, nil
		case want != nil && SameRecord(existing.Properties, *want):
			l.claimed[id], l.adopted[id] = true, true
			return Resolution{Verdict: Adopt}, nil
		default:
			now := l.clock.Now()
			left := ConflictWaitMax - now.Sub(start)
			if left <= 0 {
				return Resolution{Verdict: Conflict, Reason: "no operation of this run deleted it within " + formatDuration(ConflictWaitMax)}, nil
			}
			if l.waiting >= l.running {
				if allWaitingSince.IsZero() {
					allWaitingSince = now
				}
				graceLeft := AllWaitingGrace - now.Sub(allWaitingSince)
				if graceLeft <= 0 {
					return Resolution{Verdict: Conflict, Reason: "every running operation of this run was a create waiting for an address to be freed, " +
						"so no delete could free it"}, nil
				}
				left = min(left, graceLeft)
			} else {
				allWaitingSince = time.Time{}
			}
			wake = left
		}
		if err := l.waitLocked(ctx, wake); err != nil {
			return Resolution{}, err
		}
	}
}

// waitLocked releases l.mu until something changes, d passes (when
// positive) or ctx ends.
func (l *Ledger) waitLocked(ctx context.Context, d time.Duration) error {
	changed := l.changed
	timer := make(chan struct{})
	stop := func() bool { return false }
	if d > 0 {
		var once sync.Once
		stop = l.clock.AfterFunc(d, func() { once.Do(func() { close(timer) }) })
	}
	l.mu.Unlock()
	defer l.mu.Lock()
	defer stop()
	select {
	case <-changed:
	case <-timer:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// SameRecord reports whether a and b are the same record content: the same
// address in any notation, the same name ignoring case and a trailing dot,
// and the same description.
func SameRecord(a, b ReverseRecord) bool {
	ipA, errA := netip.ParseAddr(a.IP)
	ipB, errB := netip.ParseAddr(b.IP)
	sameIP := a.IP == b.IP || errA == nil && errB == nil && ipA.Unmap() == ipB.Unmap()
	return sameIP &&
		strings.EqualFold(strings.TrimSuffix(a.Name, "."), strings.TrimSuffix(b.Name, ".")) &&
		a.Description == b.Description
}
