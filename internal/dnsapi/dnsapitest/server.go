package dnsapitest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/openapicheck"
)

// TB is the part of testing.TB that NewServer uses. Taking an interface
// keeps the testing package out of binaries that link this package, such
// as cmd/fakeapi.
type TB interface {
	Helper()
	Cleanup(func())
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Server is a Fake listening on 127.0.0.1. The Fake's hooks are promoted,
// so srv.FailNext(1, 500) works as well as srv.Fake.FailNext(1, 500).
type Server struct {
	*Fake
	// URL is the base URL of the API, e.g. http://127.0.0.1:40123.
	URL string

	http      *httptest.Server
	checks    *openapicheck.Recorder // nil when conformance is disabled
	expectBad atomic.Bool
	closeOnce sync.Once
}

// NewServer starts a Fake on 127.0.0.1 and stops it when the test ends.
//
// Unless opts.DisableConformance is set, all traffic is checked against the
// OpenAPI specification, and at cleanup the test fails for every response
// that violates it (a bug in the fake) and for every request that violates
// it (a bug in the client), unless the test called ExpectBadRequests.
func NewServer(tb TB, opts Options) *Server {
	tb.Helper()
	fake := New(opts)
	s := &Server{Fake: fake}

	var handler http.Handler = fake
	if !opts.DisableConformance {
		handler, s.checks = openapicheck.Wrap(fake)
	}
	s.http = httptest.NewUnstartedServer(handler)
	s.http.Config.ConnState = fake.ConnState // httptest chains its own hook
	s.http.Start()
	s.URL = s.http.URL
	if opts.BaseURL == "" {
		fake.setBaseURL(s.URL)
	}

	tb.Cleanup(func() {
		s.Close()
		s.reportViolations(tb)
	})
	return s
}

// Client returns an http.Client for the server (plain, no retries).
func (s *Server) Client() *http.Client { return s.http.Client() }

// Close stops the server, waiting for requests in flight. It is called at
// cleanup; calling it earlier (to simulate an outage) is fine.
func (s *Server) Close() {
	s.closeOnce.Do(s.http.Close)
}

// CloseClientConnections closes every connection to the server, idle or
// not, like a restarting load balancer would.
func (s *Server) CloseClientConnections() { s.http.CloseClientConnections() }

// ExpectBadRequests declares that the test sends requests that violate the
// specification on purpose, so request violations do not fail it. Response
// violations still do.
func (s *Server) ExpectBadRequests() { s.expectBad.Store(true) }

// Violations returns what the conformance check found so far: requests
// that did not match the specification, and responses that did not.
func (s *Server) Violations() (requests, responses []openapicheck.Violation) {
	if s.checks == nil {
		return nil, nil
	}
	return s.checks.RequestViolations(), s.checks.ResponseViolations()
}

func (s *Server) reportViolations(tb TB) {
	tb.Helper()
	requests, responses := s.Violations()
	for _, v := range responses {
		tb.Errorf("dnsapitest: response violates the OpenAPI specification: %s", v)
	}
	if s.expectBad.Load() {
		return
	}
	for _, v := range requests {
		tb.Errorf("dnsapitest: request violates the OpenAPI specification (call ExpectBadRequests if that is intended): %s", v)
	}
}
