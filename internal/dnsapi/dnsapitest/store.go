package dnsapitest

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// record is one stored reverse record. Properties.IP is always canonical
// (netip.Addr.String), so equal addresses compare equal as strings.
type record struct {
	id       string
	seq      uint64 // creation order, for stable listing
	props    dnsapi.ReverseRecord
	created  time.Time
	modified time.Time
	// goneAt, when set, is when a deletion the API accepted takes
	// effect; until then the record is still there (see deleteDelay).
	goneAt time.Time
}

// ipTakenError is the 409 of an IP that already has a record under
// another id.
type ipTakenError struct{ ip string }

func (e *ipTakenError) Error() string {
	return fmt.Sprintf("IP %s already has a reverse record", e.ip)
}

// store holds the records. It enforces one record per IP; whether an IP is
// owned is the API's rule, checked by the handlers, so that hooks can plant
// records the API itself would refuse.
type store struct {
	mu      sync.Mutex
	byID    map[string]*record
	byIP    map[string]*record
	order   []*record // creation order
	nextSeq uint64

	// deleteDelay is how long a deleted record stays (readable, listed,
	// holding its IP) after its deletion was accepted; zero deletes at
	// once. lingering counts the records waiting to go.
	deleteDelay time.Duration
	lingering   int
	now         func() time.Time
}

func newStore(now func() time.Time) *store {
	return &store{byID: map[string]*record{}, byIP: map[string]*record{}, now: now}
}

func (s *store) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID, s.byIP, s.order = map[string]*record{}, map[string]*record{}, nil
	s.lingering = 0
}

func (s *store) setDeleteDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteDelay = d
}

// purgeLocked removes the records whose accepted deletion is due. Every
// access calls it first, so a lingering record goes at its time whoever
// looks next.
func (s *store) purgeLocked() {
	if s.lingering == 0 {
		return
	}
	now := s.now()
	for _, rec := range slices.Clone(s.order) {
		if !rec.goneAt.IsZero() && !now.Before(rec.goneAt) {
			s.removeLocked(rec.id)
		}
	}
}

func (s *store) get(id string) (record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeLocked()
	rec, ok := s.byID[id]
	if !ok {
		return record{}, false
	}
	return *rec, true
}

func (s *store) getByIP(ip string) (record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeLocked()
	rec, ok := s.byIP[ip]
	if !ok {
		return record{}, false
	}
	return *rec, true
}

func (s *store) all() []record {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeLocked()
	out := make([]record, len(s.order))
	for i, rec := range s.order {
		out[i] = *rec
	}
	return out
}

// page returns the records matching ips (all records when ips is empty) in
// creation order, from offset and at most limit of them, plus how many
// match in total.
func (s *store) page(ips []string, offset, limit int) ([]record, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeLocked()
	matches := s.order
	if len(ips) > 0 {
		matches = nil
		for _, ip := range ips {
			if rec, ok := s.byIP[ip]; ok && !slices.Contains(matches, rec) {
				matches = append(matches, rec)
			}
		}
		slices.SortFunc(matches, func(a, b *record) int { return compareSeq(a.seq, b.seq) })
	}
	total := len(matches)
	if offset >= total {
		return nil, total
	}
	end := min(total, offset+limit)
	out := make([]record, 0, end-offset)
	for _, rec := range matches[offset:end] {
		out = append(out, *rec)
	}
	return out, total
}

func compareSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ensure creates the record id with props, or replaces its properties if
// it exists, and reports whether it was created. props.IP must be
// canonical. It fails if another record holds the IP; a record may always
// keep its own IP, which makes a retried PUT harmless.
func (s *store) ensure(id string, props dnsapi.ReverseRecord, now time.Time) (record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ensureLocked(id, props, now)
}

func (s *store) ensureLocked(id string, props dnsapi.ReverseRecord, now time.Time) (record, bool, error) {
	s.purgeLocked()
	now = now.UTC().Truncate(time.Millisecond) // the API's date precision
	if holder, ok := s.byIP[props.IP]; ok && holder.id != id {
		return record{}, false, &ipTakenError{ip: props.IP}
	}
	if rec, ok := s.byID[id]; ok {
		if !rec.goneAt.IsZero() {
			// A PUT to a record being deleted creates it again.
			rec.goneAt = time.Time{}
			s.lingering--
		}
		delete(s.byIP, rec.props.IP) // the old IP is free again
		rec.props = props
		rec.modified = now
		s.byIP[props.IP] = rec
		return *rec, false, nil
	}
	rec := &record{id: id, seq: s.nextSeq, props: props, created: now, modified: now}
	s.nextSeq++
	s.byID[id] = rec
	s.byIP[props.IP] = rec
	s.order = append(s.order, rec)
	return *rec, true, nil
}

// update applies change to the properties of record id. change gets a
// copy; the result must still be valid (canonicalize checks and fixes it).
func (s *store) update(id string, change func(*dnsapi.ReverseRecord), canonicalize func(*dnsapi.ReverseRecord) error, now time.Time) (record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeLocked()
	rec, ok := s.byID[id]
	if !ok {
		return record{}, false, nil
	}
	props := rec.props
	change(&props)
	if err := canonicalize(&props); err != nil {
		return record{}, true, err
	}
	updated, _, err := s.ensureLocked(id, props, now)
	return updated, true, err
}

// remove deletes record id, or, with a delete delay, schedules its
// deletion (again: a repeated delete of a lingering record is accepted).
// It reports whether the record existed.
func (s *store) remove(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeLocked()
	rec, ok := s.byID[id]
	switch {
	case !ok:
		return false
	case s.deleteDelay <= 0:
		return s.removeLocked(id)
	case rec.goneAt.IsZero():
		rec.goneAt = s.now().Add(s.deleteDelay)
		s.lingering++
	}
	return true
}

// removeNow deletes record id at once, delay or not.
func (s *store) removeNow(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.removeLocked(id)
}

func (s *store) removeLocked(id string) bool {
	rec, ok := s.byID[id]
	if !ok {
		return false
	}
	if !rec.goneAt.IsZero() {
		s.lingering--
	}
	delete(s.byID, id)
	delete(s.byIP, rec.props.IP)
	// A linear scan keeps creation order without extra bookkeeping; even
	// at 10 000 records it costs microseconds.
	if i := slices.Index(s.order, rec); i >= 0 {
		s.order = slices.Delete(s.order, i, i+1)
	}
	return true
}
