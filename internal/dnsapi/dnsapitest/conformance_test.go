package dnsapitest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recordingTB is a TB whose failures are collected instead of failing the
// real test, to check what NewServer reports at cleanup.
type recordingTB struct {
	testing.TB // for Helper; the methods below shadow the rest

	mu       sync.Mutex
	errors   []string
	cleanups []func()
}

func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recordingTB) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

func (r *recordingTB) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func TestConformanceReportsBadRequestsAtCleanup(t *testing.T) {
	t.Parallel()
	for _, expectBad := range []bool{false, true} {
		t.Run(fmt.Sprintf("ExpectBadRequests=%v", expectBad), func(t *testing.T) {
			tb := &recordingTB{TB: t}
			srv := NewServer(tb, Options{})
			if expectBad {
				srv.ExpectBadRequests()
			}
			client := srv.Client()
			// A bad limit and a missing body: two request violations.
			if _, err := trySend(client, srv.URL, http.MethodGet, "/reverserecords?limit=0", ""); err != nil {
				t.Fatal(err)
			}
			if _, err := trySend(client, srv.URL, http.MethodPost, "/reverserecords", ""); err != nil {
				t.Fatal(err)
			}
			requests, responses := srv.Violations()
			if len(requests) != 2 || len(responses) != 0 {
				t.Fatalf("violations: requests %v, responses %v", requests, responses)
			}
			tb.runCleanups()
			switch {
			case expectBad && len(tb.errors) != 0:
				t.Errorf("reported despite ExpectBadRequests: %v", tb.errors)
			case !expectBad && (len(tb.errors) != 2 || !strings.Contains(tb.errors[0], "limit")):
				t.Errorf("reported %v, want the two request violations", tb.errors)
			}
		})
	}
}

func TestConformanceCanBeDisabled(t *testing.T) {
	t.Parallel()
	tb := &recordingTB{TB: t}
	srv := NewServer(tb, Options{DisableConformance: true})
	if _, err := trySend(srv.Client(), srv.URL, http.MethodGet, "/reverserecords?limit=0", ""); err != nil {
		t.Fatal(err)
	}
	tb.runCleanups()
	if requests, responses := srv.Violations(); len(requests)+len(responses)+len(tb.errors) != 0 {
		t.Errorf("checked although disabled: %v %v %v", requests, responses, tb.errors)
	}
}
