package dnsapi

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// tokenBucket is the simulated API's rate limit: rate per second, a burst
// of the same size, 429 for the excess (as the fake's chaos limiter).
type tokenBucket struct {
	rate, tokens float64
	filled       time.Time
}

func (b *tokenBucket) take(now time.Time) bool {
	if !b.filled.IsZero() {
		b.tokens = min(b.rate, b.tokens+now.Sub(b.filled).Seconds()*b.rate)
	}
	b.filled = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// simulation is Terraform's worker pool sending requests through one
// pacer to a rate-limited API, in virtual time.
type simulation struct {
	workers  int
	requests int
	latency  time.Duration
	limit    float64 // the API's requests per second; 0 = unlimited
	maxRate  float64 // the client's hard cap; 0 = none
	// retryAfter is the pause a 429 asks for.
	retryAfter time.Duration
}

type simResult struct {
	sent, throttled int
	elapsed         time.Duration
	stats           pacerStats
}

func (s simulation) run(t *testing.T) simResult {
	t.Helper()
	clk := newVirtualClock()
	p := newPacer(clk, s.maxRate)
	bucket := &tokenBucket{rate: s.limit, tokens: s.limit}
	var (
		mu   sync.Mutex
		res  simResult
		next int
		wg   sync.WaitGroup
	)
	start := clk.Now()
	ctx := context.Background()
	clk.Hold()
	for range s.workers {
		clk.Go(&wg, func() {
			for {
				mu.Lock()
				if next == s.requests {
					mu.Unlock()
					return
				}
				next++
				mu.Unlock()
				for attempt := 0; ; attempt++ {
					if attempt > 1000 {
						t.Error("a request was throttled 1000 times")
						return
					}
					sentAt, paced, err := p.wait(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					_ = clk.Sleep(ctx, s.latency/2)
					mu.Lock()
					res.sent++
					ok := s.limit == 0 || bucket.take(clk.Now())
					if !ok {
						res.throttled++
					}
					mu.Unlock()
					_ = clk.Sleep(ctx, s.latency/2)
					if ok {
						p.answered(sentAt, paced)
						break
					}
					p.throttled(sentAt, s.retryAfter)
				}
			}
		})
	}
	clk.Release()
	clk.Wait(t, &wg, "the simulated workers")
	res.elapsed = clk.Now().Sub(start)
	res.stats = p.Stats()
	return res
}

// TestPacerFollowsARateLimit is the case the pacer exists for: Terraform's
// ten workers against an API that admits 20 requests per second and
// answers the rest 429 with Retry-After: 1. Backing off per request, 27 %
// of all requests were 429s; through the shared pacer at most 5 % are, and
// the work takes little longer than the limit itself allows.
func TestPacerFollowsARateLimit(t *testing.T) {
	for _, tt := range []struct {
		name     string
		requests int
		limit    float64
	}{
		{"400 at 20/s", 400, 20},
		{"1200 at 20/s", 1200, 20},
		{"400 at 5/s", 400, 5},
		{"2000 at 100/s", 2000, 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sim := simulation{workers: 10, requests: tt.requests, latency: 20 * time.Millisecond, limit: tt.limit, retryAfter: time.Second}
			res := sim.run(t)
			floor := time.Duration(float64(tt.requests) / tt.limit * float64(time.Second))
			share := float64(res.throttled) / float64(res.sent)
			t.Logf("%d requests sent (%d throttled, %.1f %%), %v for a floor of %v (×%.2f); %+v",
				res.sent, res.throttled, share*100, res.elapsed.Round(time.Millisecond), floor,
				res.elapsed.Seconds()/floor.Seconds(), res.stats)
			if share > 0.05 {
				t.Errorf("%.1f %% of the requests were throttled, want at most 5 %%", share*100)
			}
			if res.elapsed > floor*115/100 {
				t.Errorf("the requests took %v, more than 1.15 × the floor of %v", res.elapsed, floor)
			}
		})
	}
}

// TestPacerCostsNothingWithoutALimit: an API that never throttles is not
// paced at all.
func TestPacerCostsNothingWithoutALimit(t *testing.T) {
	sim := simulation{workers: 10, requests: 500, latency: 20 * time.Millisecond}
	res := sim.run(t)
	if want := 50 * 20 * time.Millisecond; res.elapsed != want || res.stats.Waited != 0 || res.stats.Rate != 0 {
		t.Fatalf("500 requests over 10 workers took %v (want %v), %d waits, rate %v", res.elapsed, want, res.stats.Waited, res.stats.Rate)
	}
}

// TestPacerHardCap: max_requests_per_second spaces requests from the first
// one, so an API with that limit never throttles.
func TestPacerHardCap(t *testing.T) {
	sim := simulation{workers: 10, requests: 200, latency: 20 * time.Millisecond, limit: 20, maxRate: 20, retryAfter: time.Second}
	res := sim.run(t)
	if res.throttled != 0 {
		t.Errorf("%d requests throttled under a cap equal to the limit", res.throttled)
	}
	// 200 slots spaced 50 ms apart, the first at once, plus the last one's latency.
	if want := 199*50*time.Millisecond + 20*time.Millisecond; res.elapsed != want {
		t.Errorf("200 requests at a cap of 20/s took %v, want %v", res.elapsed, want)
	}
	if res.stats.Rate != 20 {
		t.Errorf("the rate is %v, want the cap of 20", res.stats.Rate)
	}
}

// TestPacerSharedPause: after a 429 no request goes before its
// Retry-After has passed, whoever sends it.
func TestPacerSharedPause(t *testing.T) {
	clk := newVirtualClock()
	p := newPacer(clk, 0)
	ctx := context.Background()
	var wg sync.WaitGroup
	sent := make([]time.Duration, 3)
	start := clk.Now()
	clk.Go(&wg, func() {
		sentAt, _, _ := p.wait(ctx)
		p.throttled(sentAt, 3*time.Second)
		for i := range sent {
			clk.Go(&wg, func() {
				at, _, err := p.wait(ctx)
				if err != nil {
					t.Error(err)
				}
				sent[i] = at.Sub(start)
			})
		}
	})
	clk.Wait(t, &wg, "the paced requests")
	for i, d := range sent {
		if d < 3*time.Second {
			t.Errorf("request %d went %v after the 429, inside its 3s pause", i, d)
		}
	}
}

// TestPacerRefusesASlotPastTheDeadline: a call whose deadline comes before
// the end of the pause fails at once, and says why; it does not sleep.
func TestPacerRefusesASlotPastTheDeadline(t *testing.T) {
	clk := newVirtualClock()
	p := newPacer(clk, 0)
	p.throttled(clk.Now(), 30*time.Second)
	ctx, cancel := context.WithDeadline(context.Background(), clk.Now().Add(10*time.Second))
	defer cancel()
	before := clk.Now()
	_, _, err := p.wait(ctx)
	var pe *errPaceDeadline
	if !errors.As(err, &pe) || !pe.throttled || pe.wait != 30*time.Second {
		t.Fatalf("err = %v; want errPaceDeadline for the 30s pause", err)
	}
	if clk.Now() != before {
		t.Fatal("the pacer slept although the deadline would pass first")
	}
}

// TestPacerDecreasesOncePerRound: the 429s of requests that were already in
// flight when the limit was met lower the rate once, not once each.
func TestPacerDecreasesOncePerRound(t *testing.T) {
	clk := newVirtualClock()
	p := newPacer(clk, 0)
	for range 20 {
		p.answered(clk.Now(), false)
	}
	sentAt := clk.Now()
	for range 10 {
		p.throttled(sentAt, time.Second)
	}
	s := p.Stats()
	if s.Decreases != 1 || s.Throttled != 10 {
		t.Fatalf("%+v; want one decrease for ten 429s of one round", s)
	}
	if want := 20 * paceDecrease; s.Rate != want {
		t.Fatalf("rate %v, want %v (the 20/s admitted in the last second × %v)", s.Rate, want, paceDecrease)
	}
}
