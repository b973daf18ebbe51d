// Package dnsapitest is an in-memory fake of the reverse-records part of the
// IONOS Cloud DNS API (DNS API 1.18.0), served over real HTTP.
//
// The client's and the provider's tests, the demo and the benchmarks all talk
// to it, so it follows the specification closely (openapicheck validates its
// traffic in NewServer) and offers hooks to inspect and change state behind
// the client's back, a request log, counters, and fault injection for the
// failures a real network and a real API produce.
package dnsapitest

import (
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/openapicheck"
)

// Options configures a Fake. The zero value is usable.
type Options struct {
	// Token is the bearer token requests must carry; default DefaultToken.
	Token string
	// OwnedPrefixes are the address ranges "owned by the contract": records
	// for other IPs are refused with 409. Default DefaultOwnedPrefixes.
	OwnedPrefixes []netip.Prefix
	// Now is the clock for metadata dates, the request log and the chaos
	// rate limiter; default time.Now. It is called concurrently.
	Now func() time.Time
	// BaseURL is used for the hrefs of records returned by the inspection
	// hooks (API responses use the request's Host instead). NewServer sets
	// it to the server's URL.
	BaseURL string
	// Paging makes the list operation stray from the specification (see
	// Paging); the zero value follows it. SetPaging changes it later.
	Paging Paging
	// DeleteDelay is how long a deleted record stays after the API
	// accepted its deletion (see Fake.SetDeleteDelay); zero deletes at
	// once.
	DeleteDelay time.Duration
	// DisableConformance turns off the OpenAPI check NewServer puts in front
	// of the fake, e.g. for benchmarks. New ignores it.
	DisableConformance bool
}

// DefaultToken is the bearer token of a Fake whose Options.Token is empty.
const DefaultToken = "test-token"

// DefaultOwnedPrefixes returns the documentation ranges (RFC 5737, RFC 3849)
// a Fake owns unless told otherwise.
func DefaultOwnedPrefixes() []netip.Prefix {
	return []netip.Prefix{
		netip.MustParsePrefix("192.0.2.0/24"),
		netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"),
		netip.MustParsePrefix("2001:db8::/32"),
	}
}

// Fake is the fake API: an http.Handler whose state lives in memory. All
// methods are safe for concurrent use.
type Fake struct {
	token string
	owned []netip.Prefix
	now   func() time.Time

	// Each concern has its own lock so that, for example, a slow request
	// sleeping in injected latency never blocks the inspection hooks.
	store  *store
	faults *faults
	log    *requestLog
	paging *pagingState

	baseMu  sync.Mutex
	baseURL string
}

// New returns a Fake with no records.
func New(opts Options) *Fake {
	f := &Fake{
		token:   opts.Token,
		owned:   append([]netip.Prefix(nil), opts.OwnedPrefixes...),
		now:     opts.Now,
		faults:  &faults{},
		log:     &requestLog{},
		paging:  &pagingState{current: opts.Paging, initial: opts.Paging},
		baseURL: strings.TrimSuffix(opts.BaseURL, "/"),
	}
	if f.token == "" {
		f.token = DefaultToken
	}
	if len(f.owned) == 0 {
		f.owned = DefaultOwnedPrefixes()
	}
	for i, p := range f.owned {
		f.owned[i] = p.Masked()
	}
	if f.now == nil {
		f.now = time.Now
	}
	f.store = newStore(f.now)
	f.store.setDeleteDelay(opts.DeleteDelay)
	return f
}

// Reset returns the fake to its freshly-constructed state: no records, an
// empty request log, zeroed counters, no faults and the paging of its
// Options.
func (f *Fake) Reset() {
	f.store.reset()
	f.log.reset()
	f.faults.clear()
	f.paging.reset()
}

// setBaseURL is how NewServer tells the fake where it lives.
func (f *Fake) setBaseURL(u string) {
	f.baseMu.Lock()
	defer f.baseMu.Unlock()
	f.baseURL = strings.TrimSuffix(u, "/")
}

func (f *Fake) hookBaseURL() string {
	f.baseMu.Lock()
	defer f.baseMu.Unlock()
	return f.baseURL
}

// owns reports whether addr lies in one of the owned prefixes.
func (f *Fake) owns(addr netip.Addr) bool {
	for _, p := range f.owned {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// isAdminPath tells the fake's control endpoints apart from the API.
func isAdminPath(path string) bool { return strings.HasPrefix(path, openapicheck.AdminPrefix) }
