package dnsapitest

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// StatusNoResponse is the logged status of a request that got no response:
// its connection was dropped on purpose, or the client gave up first.
const StatusNoResponse = 0

// LoggedRequest is one API request as the fake saw it.
type LoggedRequest struct {
	Method   string `json:"method"`
	Path     string `json:"path"`
	RawQuery string `json:"rawQuery,omitempty"`
	// Header is the request header; the Authorization credentials are
	// redacted so that logs can be printed freely.
	Header http.Header `json:"header,omitempty"`
	Body   string      `json:"body,omitempty"`
	// Status is the status sent, or StatusNoResponse.
	Status int `json:"status"`
	// Fault is what was injected, FaultNone if nothing.
	Fault Fault     `json:"fault,omitempty"`
	Time  time.Time `json:"time"`
}

// Stats are the counters benchmarks read.
type Stats struct {
	// Requests is the number of API requests received.
	Requests int `json:"requests"`
	// InFlight is the number of requests being served right now.
	InFlight int `json:"inFlight"`
	// PeakInFlight is the most requests served at the same time.
	PeakInFlight int `json:"peakInFlight"`
	// NewConnections is the number of TCP connections accepted, as seen by
	// ConnState; it shows whether the client reuses connections. (The
	// admin endpoints' connections count too: a connection is accepted
	// before anyone knows what it will ask.)
	NewConnections int `json:"newConnections"`
}

// requestLog is the request log and the counters, under one lock so that a
// snapshot of both is consistent.
type requestLog struct {
	mu      sync.Mutex
	entries []*LoggedRequest
	stats   Stats
}

func (l *requestLog) begin(r *http.Request, body []byte, now time.Time) *LoggedRequest {
	e := &LoggedRequest{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   redactedHeader(r.Header),
		Body:     string(body),
		Time:     now,
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	l.stats.Requests++
	l.stats.InFlight++
	l.stats.PeakInFlight = max(l.stats.PeakInFlight, l.stats.InFlight)
	return e
}

func (l *requestLog) finish(e *LoggedRequest, status int, fault Fault) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Status, e.Fault = status, fault
	l.stats.InFlight--
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
	l.resetStatsLocked()
}

func (l *requestLog) resetStatsLocked() {
	// Requests still being served keep counting as in flight.
	l.stats = Stats{InFlight: l.stats.InFlight, PeakInFlight: l.stats.InFlight}
}

func redactedHeader(h http.Header) http.Header {
	h = h.Clone()
	if auth := h.Get("Authorization"); auth != "" {
		scheme, _, _ := strings.Cut(auth, " ")
		h.Set("Authorization", scheme+" [redacted]")
	}
	return h
}

// Requests returns the API requests so far, in arrival order. Requests still
// in flight show Status 0.
func (f *Fake) Requests() []LoggedRequest {
	f.log.mu.Lock()
	defer f.log.mu.Unlock()
	out := make([]LoggedRequest, len(f.log.entries))
	for i, e := range f.log.entries {
		out[i] = *e
		out[i].Header = e.Header.Clone()
	}
	return out
}

// ResetRequests empties the request log.
func (f *Fake) ResetRequests() {
	f.log.mu.Lock()
	defer f.log.mu.Unlock()
	f.log.entries = nil
}

// CountRequests returns how many logged requests used method.
func (f *Fake) CountRequests(method string) int {
	f.log.mu.Lock()
	defer f.log.mu.Unlock()
	n := 0
	for _, e := range f.log.entries {
		if e.Method == method {
			n++
		}
	}
	return n
}

// WriteRequests returns how many logged requests were writes (POST, PUT,
// DELETE).
func (f *Fake) WriteRequests() int {
	f.log.mu.Lock()
	defer f.log.mu.Unlock()
	n := 0
	for _, e := range f.log.entries {
		if isWrite(e.Method) {
			n++
		}
	}
	return n
}

// Stats returns the counters.
func (f *Fake) Stats() Stats {
	f.log.mu.Lock()
	defer f.log.mu.Unlock()
	return f.log.stats
}

// ResetStats zeroes the counters (requests in flight stay counted).
func (f *Fake) ResetStats() {
	f.log.mu.Lock()
	defer f.log.mu.Unlock()
	f.log.resetStatsLocked()
}

// ConnState counts new TCP connections; set it as http.Server.ConnState.
// NewServer does so.
func (f *Fake) ConnState(_ net.Conn, state http.ConnState) {
	if state != http.StateNew {
		return
	}
	f.log.mu.Lock()
	defer f.log.mu.Unlock()
	f.log.stats.NewConnections++
}
