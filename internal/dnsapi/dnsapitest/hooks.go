package dnsapitest

import (
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// Hooks for tests to inspect and change the records behind the client's
// back. They bypass the API's rules except one record per IP, so a test can
// plant, say, a record for an IP the contract does not own. Misuse (an
// invalid IP, an IP already taken) is a bug in the test and panics.

// Records returns all records in creation order.
func (f *Fake) Records() []dnsapi.ReverseRecordRead {
	base := f.hookBaseURL()
	recs := f.store.all()
	out := make([]dnsapi.ReverseRecordRead, len(recs))
	for i, rec := range recs {
		out[i] = rec.api(base)
	}
	return out
}

// Record returns the record with id.
func (f *Fake) Record(id string) (dnsapi.ReverseRecordRead, bool) {
	if canonical, err := parseID(id); err == nil {
		id = canonical
	}
	rec, ok := f.store.get(id)
	if !ok {
		return dnsapi.ReverseRecordRead{}, false
	}
	return rec.api(f.hookBaseURL()), true
}

// RecordByIP returns the record for ip, written in any valid form.
func (f *Fake) RecordByIP(ip string) (dnsapi.ReverseRecordRead, bool) {
	addr, err := parseIP(ip)
	if err != nil {
		return dnsapi.ReverseRecordRead{}, false
	}
	rec, ok := f.store.getByIP(addr.String())
	if !ok {
		return dnsapi.ReverseRecordRead{}, false
	}
	return rec.api(f.hookBaseURL()), true
}

// Put inserts rec under a new id.
func (f *Fake) Put(rec dnsapi.ReverseRecord) dnsapi.ReverseRecordRead {
	return f.PutWithID(uuid.NewString(), rec)
}

// PutWithID creates or replaces the record id, like an API PUT that skips
// the ownership check.
func (f *Fake) PutWithID(id string, rec dnsapi.ReverseRecord) dnsapi.ReverseRecordRead {
	canonicalID, err := parseID(id)
	if err != nil {
		panic("dnsapitest: PutWithID: " + err.Error())
	}
	if err := canonicalizeIP(&rec); err != nil {
		panic("dnsapitest: PutWithID: " + err.Error())
	}
	stored, _, err := f.store.ensure(canonicalID, rec, f.now())
	if err != nil {
		panic("dnsapitest: PutWithID: " + err.Error())
	}
	return stored.api(f.hookBaseURL())
}

// Update changes the properties of record id in place (its
// lastModifiedDate moves on) and reports whether the record exists.
func (f *Fake) Update(id string, change func(*dnsapi.ReverseRecord)) bool {
	if canonical, err := parseID(id); err == nil {
		id = canonical
	}
	_, found, err := f.store.update(id, change, canonicalizeIP, f.now())
	if err != nil {
		panic("dnsapitest: Update: " + err.Error())
	}
	return found
}

// Delete removes record id at once (whatever SetDeleteDelay says) and
// reports whether it existed.
func (f *Fake) Delete(id string) bool {
	if canonical, err := parseID(id); err == nil {
		id = canonical
	}
	return f.store.removeNow(id)
}

// SetDeleteDelay makes the API's deletions take effect d after the DELETE
// was accepted (202), as the real API's may: until then the record can
// still be read and listed, and it still holds its IP, so a new record
// for that IP meets 409. Zero (the default) deletes before answering.
// Records already waiting keep their time.
func (f *Fake) SetDeleteDelay(d time.Duration) { f.store.setDeleteDelay(d) }

func canonicalizeIP(rec *dnsapi.ReverseRecord) error {
	addr, err := parseIP(rec.IP)
	if err != nil {
		return err
	}
	rec.IP = addr.String()
	return nil
}

// Seed adds n records with distinct free IPs from the owned prefixes, named
// seed-<k>.example.com, and returns them. Addresses come from the largest
// prefix first (the default's 2001:db8::/32 holds any n a test needs),
// starting in its upper half so that the low addresses tests like to type
// (2001:db8::1, 192.0.2.10) stay free for as long as possible.
func (f *Fake) Seed(n int) []dnsapi.ReverseRecordRead {
	prefixes := slices.Clone(f.owned)
	slices.SortStableFunc(prefixes, func(a, b netip.Prefix) int {
		return hostBits(b) - hostBits(a)
	})
	now := f.now()
	base := f.hookBaseURL()
	out := make([]dnsapi.ReverseRecordRead, 0, n)

	s := f.store
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range prefixes {
		for addr := range seedAddresses(p) {
			if len(out) == n {
				return out
			}
			if _, taken := s.byIP[addr.String()]; taken {
				continue
			}
			props := dnsapi.ReverseRecord{
				Name: fmt.Sprintf("seed-%d.example.com", s.nextSeq),
				IP:   addr.String(),
			}
			rec, _, err := s.ensureLocked(uuid.NewString(), props, now)
			if err != nil {
				panic("dnsapitest: Seed: " + err.Error()) // cannot happen: the IP was free
			}
			out = append(out, rec.api(base))
		}
	}
	if len(out) < n {
		panic(fmt.Sprintf("dnsapitest: Seed(%d): the owned prefixes have only %d free addresses", n, len(out)))
	}
	return out
}

func hostBits(p netip.Prefix) int { return p.Addr().BitLen() - p.Bits() }

// seedAddresses yields the addresses of p from the middle to the end, then
// from just after the network address to the middle.
func seedAddresses(p netip.Prefix) func(yield func(netip.Addr) bool) {
	return func(yield func(netip.Addr) bool) {
		first := p.Masked().Addr()
		mid := first
		if hb := hostBits(p); hb > 0 {
			mid = setBit(first, hb-1)
		}
		for a := mid; a.IsValid() && p.Contains(a); a = a.Next() {
			if !yield(a) {
				return
			}
		}
		if mid == first {
			return
		}
		for a := first.Next(); a.IsValid() && a != mid; a = a.Next() {
			if !yield(a) {
				return
			}
		}
	}
}

// setBit returns addr with bit i (counting from the least significant) set.
func setBit(addr netip.Addr, i int) netip.Addr {
	b := addr.AsSlice()
	b[len(b)-1-i/8] |= 1 << (i % 8)
	out, _ := netip.AddrFromSlice(b)
	return out
}
