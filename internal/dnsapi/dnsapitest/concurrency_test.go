package dnsapitest

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/testwait"
)

func TestConcurrentCreatesWithDistinctIPs(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	const n = 50
	statuses := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r, err := trySend(srv.Client(), srv.URL, http.MethodPost, "/reverserecords",
				recordBody("c.example.com", fmt.Sprintf("2001:db8::%x", i+1)))
			statuses[i], errs[i] = r.status, err
		})
	}
	testwait.WaitGroup(t, &wg, "the concurrent creates")
	for i := range n {
		if errs[i] != nil || statuses[i] != http.StatusCreated {
			t.Errorf("request %d: %d %v", i, statuses[i], errs[i])
		}
	}
	if got := len(srv.Records()); got != n {
		t.Errorf("%d records, want %d", got, n)
	}
	if s := srv.Stats(); s.Requests != n || s.InFlight != 0 || s.PeakInFlight < 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestConcurrentCreatesRaceForOneIP(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	const n = 50
	statuses := make(chan int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			<-start
			r, err := trySend(srv.Client(), srv.URL, http.MethodPost, "/reverserecords", recordBody("race.example.com", "198.51.100.77"))
			if err != nil {
				t.Error(err)
				return
			}
			statuses <- r.status
		})
	}
	close(start)
	testwait.WaitGroup(t, &wg, "the racing creates")
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusCreated] != 1 || count[http.StatusConflict] != n-1 {
		t.Errorf("statuses %v, want one 201 and %d × 409", count, n-1)
	}
	if got := len(srv.Records()); got != 1 {
		t.Errorf("%d records, want 1", got)
	}
}

// TestConcurrentMixedOperations exercises every lock together under -race:
// API requests of all kinds, hooks, fault changes and log reads.
func TestConcurrentMixedOperations(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.Seed(100)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 20 {
				ip := fmt.Sprintf("203.0.113.%d", w*20+i+1)
				r, err := trySend(srv.Client(), srv.URL, http.MethodPost, "/reverserecords", recordBody("m", ip))
				if err != nil || (r.status != http.StatusCreated && r.status != http.StatusServiceUnavailable) {
					t.Errorf("POST %s: %d %v", ip, r.status, err)
					return
				}
				_, _ = trySend(srv.Client(), srv.URL, http.MethodGet, "/reverserecords?limit=7&offset=3", "")
				if rec, ok := srv.RecordByIP(ip); ok {
					srv.Update(rec.ID, func(p *dnsapi.ReverseRecord) { p.Description = "touched" })
					_, _ = trySend(srv.Client(), srv.URL, http.MethodDelete, "/reverserecords/"+rec.ID, "")
				}
			}
		})
	}
	wg.Go(func() {
		for range 50 {
			srv.FailNext(1, http.StatusServiceUnavailable)
			_ = srv.Requests()
			_ = srv.Stats()
			_ = srv.Records()
			time.Sleep(time.Millisecond)
		}
	})
	testwait.WaitGroup(t, &wg, "the mixed operations")
	if s := srv.Stats(); s.InFlight != 0 || s.Requests == 0 {
		t.Errorf("stats %+v", s)
	}
}
