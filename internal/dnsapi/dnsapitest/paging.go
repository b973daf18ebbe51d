package dnsapitest

import (
	"fmt"
	"net/url"
	"slices"
	"sync"
)

// Paging switches make the list operation stray from the specification
// the way real servers have, so that tests can show the client does not
// depend on the letter of it. The zero value is the specification.
type Paging struct {
	// Next says when a page carries _links.next.
	Next NextLinks
	// IgnoreOffset answers every page from the first record, as a server
	// that does not implement offset would: its full pages repeat
	// forever.
	IgnoreOffset bool
	// RejectUnknownParams answers 400 to a list request with a query
	// parameter the specification does not define. By default such a
	// parameter is ignored, as the real API does (IONOS's CLI sends
	// depth=1 to every API); rejecting proves a client sends none.
	RejectUnknownParams bool
}

// NextLinks says when a page carries _links.next.
type NextLinks int

const (
	// NextAsSpecified sends next only when offset + limit < total.
	NextAsSpecified NextLinks = iota
	// NextNever never sends next, as a server that "always only
	// return[s] a single page" (the specification's Links) would.
	NextNever
	// NextAlways sends next on every page, also on the last and on
	// empty pages past the end.
	NextAlways
)

// String names the mode as cmd/fakeapi's -paging-next flag does.
func (n NextLinks) String() string {
	switch n {
	case NextAsSpecified:
		return "spec"
	case NextNever:
		return "never"
	case NextAlways:
		return "always"
	}
	return fmt.Sprintf("NextLinks(%d)", int(n))
}

// ParseNextLinks parses "spec", "never" or "always".
func ParseNextLinks(s string) (NextLinks, error) {
	for _, n := range []NextLinks{NextAsSpecified, NextNever, NextAlways} {
		if s == n.String() {
			return n, nil
		}
	}
	return 0, fmt.Errorf("unknown next-link mode %q: want spec, never or always", s)
}

// pagingState is the fake's current Paging, and the one Reset returns to.
type pagingState struct {
	mu      sync.Mutex
	current Paging
	initial Paging
}

func (p *pagingState) get() Paging {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.current
}

func (p *pagingState) set(v Paging) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = v
}

func (p *pagingState) reset() { p.set(p.initial) }

// SetPaging changes how the list operation pages from the next request
// on; Reset returns to Options.Paging.
func (f *Fake) SetPaging(p Paging) { f.paging.set(p) }

// Paging returns the paging switches in force.
func (f *Fake) Paging() Paging { return f.paging.get() }

// knownListParams are the query parameters of GET /reverserecords.
var knownListParams = []string{filterParam, offsetParam, limitParam}

// unknownParam returns the first query parameter of q the list operation
// does not define, in sorted order, or "".
func unknownParam(q url.Values) string {
	var unknown []string
	for name := range q {
		if !slices.Contains(knownListParams, name) {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	if len(unknown) == 0 {
		return ""
	}
	return unknown[0]
}
