package dnsapitest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func lastLogged(t *testing.T, srv *Server) LoggedRequest {
	t.Helper()
	reqs := srv.Requests()
	if len(reqs) == 0 {
		t.Fatal("request log is empty")
	}
	return reqs[len(reqs)-1]
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.FailNext(2, http.StatusServiceUnavailable)

	wantError(t, send(t, srv, http.MethodPost, "/reverserecords", recordBody("a", "192.0.2.1")), http.StatusServiceUnavailable)
	wantError(t, send(t, srv, http.MethodGet, "/reverserecords", ""), http.StatusServiceUnavailable)
	if n := len(srv.Records()); n != 0 {
		t.Errorf("a failed POST created %d records", n)
	}
	if e := lastLogged(t, srv); e.Fault != FaultFail || e.Status != http.StatusServiceUnavailable {
		t.Errorf("logged %+v", e)
	}
	create(t, srv, "a", "192.0.2.1") // the third request goes through
	if e := lastLogged(t, srv); e.Fault != FaultNone || e.Status != http.StatusCreated {
		t.Errorf("logged %+v", e)
	}

	// A listed status is validated like any other; still an Error body.
	srv.FailNext(1, http.StatusInternalServerError)
	wantError(t, send(t, srv, http.MethodGet, "/reverserecords", ""), http.StatusInternalServerError)
}

func TestDropNextWith502(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.DropNext(1, DropWith502)

	// Reads do not consume a drop.
	wantStatus(t, send(t, srv, http.MethodGet, "/reverserecords", ""), http.StatusOK)

	wantError(t, send(t, srv, http.MethodPost, "/reverserecords", recordBody("a", "192.0.2.1")), http.StatusBadGateway)
	rec, ok := srv.RecordByIP("192.0.2.1")
	if !ok {
		t.Fatal("the dropped POST was not processed")
	}
	if e := lastLogged(t, srv); e.Fault != FaultDrop502 || e.Status != http.StatusBadGateway {
		t.Errorf("logged %+v", e)
	}
	// The client's retry of the POST meets its own earlier success.
	wantError(t, send(t, srv, http.MethodPost, "/reverserecords", recordBody("a", "192.0.2.1")), http.StatusConflict)

	srv.DropNext(1, DropWith502)
	wantError(t, send(t, srv, http.MethodDelete, "/reverserecords/"+rec.ID, ""), http.StatusBadGateway)
	if _, ok := srv.Record(rec.ID); ok {
		t.Error("the dropped DELETE was not processed")
	}
}

func TestDropNextConnection(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.DropNext(2, DropConnection)

	_, err := trySend(srv.Client(), srv.URL, http.MethodPut, "/reverserecords/"+unknownID, recordBody("a", "2001:db8::a"))
	if err == nil {
		t.Fatal("PUT got a response through a dropped connection")
	}
	if _, ok := srv.Record(unknownID); !ok {
		t.Error("the dropped PUT was not processed")
	}
	e := lastLogged(t, srv)
	if e.Fault != FaultDropConnection || e.Status != StatusNoResponse {
		t.Errorf("logged %+v", e)
	}
	// A dropped request that fails still loses its answer.
	if _, err := trySend(srv.Client(), srv.URL, http.MethodPost, "/reverserecords", recordBody("a", "8.8.8.8")); err == nil {
		t.Error("second dropped request got a response")
	}
	// The drops are used up; the server is fine.
	wantStatus(t, send(t, srv, http.MethodGet, "/reverserecords/"+unknownID, ""), http.StatusOK)
}

func TestThrottleNext(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	date := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC).Format(http.TimeFormat)
	for _, retryAfter := range []string{"7", date} {
		srv.ThrottleNext(2, retryAfter)
		for range 2 {
			r := send(t, srv, http.MethodPost, "/reverserecords", recordBody("a", "192.0.2.1"))
			wantError(t, r, http.StatusTooManyRequests)
			if got := r.header.Get("Retry-After"); got != retryAfter {
				t.Errorf("Retry-After %q, want %q", got, retryAfter)
			}
			if e := lastLogged(t, srv); e.Fault != FaultThrottle {
				t.Errorf("logged %+v", e)
			}
		}
		if n := len(srv.Records()); n != 0 {
			t.Fatalf("a throttled POST created %d records", n)
		}
		r := send(t, srv, http.MethodGet, "/reverserecords", "")
		wantStatus(t, r, http.StatusOK)
		if r.header.Get("Retry-After") != "" {
			t.Error("Retry-After on an unthrottled response")
		}
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.SetLatency(60 * time.Millisecond)
	start := time.Now()
	wantStatus(t, send(t, srv, http.MethodGet, "/reverserecords", ""), http.StatusOK)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("request took %v, want ≥ 60ms", d)
	}

	// The sleep ends when the client gives up, and nothing is processed.
	srv.SetLatency(time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/reverserecords",
		strings.NewReader(recordBody("a", "192.0.2.1")))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	eventually(t, "the abandoned request to finish", func() bool { return srv.Stats().InFlight == 0 })
	if e := lastLogged(t, srv); e.Status != StatusNoResponse || e.Method != http.MethodPost {
		t.Errorf("logged %+v", e)
	}
	if n := len(srv.Records()); n != 0 {
		t.Errorf("the abandoned POST created %d records", n)
	}

	srv.ClearFaults()
	start = time.Now()
	wantStatus(t, send(t, srv, http.MethodGet, "/reverserecords", ""), http.StatusOK)
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("latency not cleared: %v", d)
	}
}

// chaosRun sends a fixed sequence of requests one at a time and returns the
// faults the fake logged.
func chaosRun(t *testing.T, c Chaos) []Fault {
	srv := NewServer(t, Options{})
	srv.SetChaos(c)
	client := &http.Client{Timeout: requestTimeout}
	for i := range 60 {
		ip := fmt.Sprintf("192.0.2.%d", i+1)
		switch i % 3 {
		case 0:
			_, _ = trySend(client, srv.URL, http.MethodPost, "/reverserecords", recordBody("c", ip))
		case 1:
			_, _ = trySend(client, srv.URL, http.MethodGet, "/reverserecords?limit=5", "")
		case 2:
			_, _ = trySend(client, srv.URL, http.MethodPut, "/reverserecords/"+unknownID, recordBody("c", ip))
		}
	}
	var faults []Fault
	for _, e := range srv.Requests() {
		faults = append(faults, e.Fault)
	}
	return faults
}

func TestChaosIsDeterministic(t *testing.T) {
	t.Parallel()
	c := Chaos{Seed: 42, Fail503Rate: 0.25, DropWriteRate: 0.3}
	first, second := chaosRun(t, c), chaosRun(t, c)
	if !slices.Equal(first, second) {
		t.Fatalf("same seed, different faults:\n%v\n%v", first, second)
	}
	for _, want := range []Fault{FaultNone, FaultChaos503, FaultChaosDrop502, FaultChaosDropConnection} {
		if !slices.Contains(first, want) {
			t.Errorf("fault %q never happened in %v", want, first)
		}
	}
	for i, f := range first {
		if (f == FaultChaosDrop502 || f == FaultChaosDropConnection) && i%3 == 1 {
			t.Errorf("request %d is a GET but was dropped", i)
		}
	}
	c.Seed = 43
	if other := chaosRun(t, c); slices.Equal(first, other) {
		t.Error("a different seed gave the same faults")
	}
}

func TestChaosRateLimit(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	srv := NewServer(t, Options{Now: now})
	srv.SetChaos(Chaos{RateLimitPerSecond: 3})

	statuses := func(n int) []int {
		var out []int
		for range n {
			r := send(t, srv, http.MethodGet, "/reverserecords", "")
			if r.status == http.StatusTooManyRequests {
				wantError(t, r, http.StatusTooManyRequests)
				if r.header.Get("Retry-After") != "1" {
					t.Errorf("Retry-After %q, want 1", r.header.Get("Retry-After"))
				}
			}
			out = append(out, r.status)
		}
		return out
	}
	if got := statuses(5); !slices.Equal(got, []int{200, 200, 200, 429, 429}) {
		t.Errorf("burst: %v", got)
	}
	mu.Lock()
	clock = clock.Add(400 * time.Millisecond) // 1.2 tokens back
	mu.Unlock()
	if got := statuses(2); !slices.Equal(got, []int{200, 429}) {
		t.Errorf("after 0.4 s: %v", got)
	}
	if e := lastLogged(t, srv); e.Fault != FaultChaosRateLimit {
		t.Errorf("logged %+v", e)
	}
	srv.SetChaos(Chaos{})
	if got := statuses(5); slices.Contains(got, 429) {
		t.Errorf("chaos off: %v", got)
	}
}

func TestClearFaults(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.FailNext(5, 500)
	srv.ThrottleNext(5, "1")
	srv.DropNext(5, DropWith502)
	srv.SetChaos(Chaos{Seed: 1, Fail503Rate: 1})
	srv.ClearFaults()
	create(t, srv, "a", "192.0.2.1")
	wantStatus(t, send(t, srv, http.MethodGet, "/reverserecords", ""), http.StatusOK)
}

func TestOutage(t *testing.T) {
	t.Parallel()
	// The outage's duration runs on the fake's clock, stepped here: the
	// requests are inside or after it by construction, however slow the
	// machine.
	var mu sync.Mutex
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); clock = clock.Add(d) }
	srv := NewServer(t, Options{Now: now})
	srv.SetOutage(Outage{AfterRequests: 2, Duration: 150 * time.Millisecond})

	// The first two requests go through; then everything is refused,
	// reads and writes, until the outage has lasted its duration.
	create(t, srv, "a", "192.0.2.1")
	if e := lastLogged(t, srv); e.Fault != FaultNone {
		t.Fatalf("request 1 logged %+v", e)
	}
	create(t, srv, "b", "192.0.2.2")
	for _, req := range [][3]string{
		{http.MethodPost, "/reverserecords", recordBody("c", "192.0.2.3")},
		{http.MethodGet, "/reverserecords", ""},
	} {
		wantError(t, send(t, srv, req[0], req[1], req[2]), http.StatusServiceUnavailable)
		if e := lastLogged(t, srv); e.Fault != FaultOutage {
			t.Fatalf("%s during the outage logged %+v", req[0], e)
		}
		advance(70 * time.Millisecond) // 140 ms into the outage after both
	}
	if start, end := srv.OutageWindow(); !start.Equal(now().Add(-140*time.Millisecond)) || !end.IsZero() {
		t.Fatalf("OutageWindow() = %v, %v during the outage", start, end)
	}
	if n := len(srv.Records()); n != 2 {
		t.Fatalf("the fake holds %d records; the outage must refuse writes before processing them", n)
	}
	// 149 ms in: still refused.
	advance(9 * time.Millisecond)
	wantError(t, send(t, srv, http.MethodGet, "/reverserecords", ""), http.StatusServiceUnavailable)
	// 150 ms in: over.
	advance(time.Millisecond)
	create(t, srv, "c", "192.0.2.3")
	if start, end := srv.OutageWindow(); end.Sub(start) != 150*time.Millisecond {
		t.Fatalf("OutageWindow() = %v, %v after the outage", start, end)
	}
}
