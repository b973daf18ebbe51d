package dnsapi_test

import (
	"net/http"
	"sync"
)

// gate is an http.RoundTripper that can hold requests in flight for as
// long as a test needs, instead of a latency the test must act within:
// while held, every request waits (until Release or its context ends)
// before it is sent on.
type gate struct {
	next http.RoundTripper
	mu   sync.Mutex
	open chan struct{} // closed when not held
}

func newGate() *gate {
	g := &gate{next: http.DefaultTransport, open: make(chan struct{})}
	close(g.open)
	return g
}

// Hold makes the requests from now on wait for Release.
func (g *gate) Hold() {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-g.open:
		g.open = make(chan struct{})
	default: // already held
	}
}

// Release lets the held requests and all later ones through.
func (g *gate) Release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-g.open:
	default:
		close(g.open)
	}
}

func (g *gate) RoundTrip(req *http.Request) (*http.Response, error) {
	g.mu.Lock()
	open := g.open
	g.mu.Unlock()
	select {
	case <-open:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	return g.next.RoundTrip(req)
}
