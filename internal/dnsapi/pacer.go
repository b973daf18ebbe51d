package dnsapi

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

// The pacer: one per Client, shared by every call and every attempt, so
// that the whole process, not each request on its own, answers the API's
// rate limit. It is modeled on the adaptive retry mode of the AWS SDKs: a
// client-side rate limit that is off until the API first throttles, then
// follows the API's limit with additive increase and multiplicative
// decrease.
//
//   - Until the first 429 nothing is paced (an API that never throttles
//     pays nothing), unless Config.MaxRequestsPerSecond sets a hard cap.
//   - A 429 sets one shared "not before" time, from its Retry-After: no
//     request of the process is sent before it. Each caller backing off on
//     its own would let the other requests in flight keep hitting the
//     limit.
//   - The first 429 turns pacing on, at a rate just below what the API was
//     seen to admit in the last second (the measured rate, times
//     paceDecrease). Attempts are then spaced evenly at that rate, and a
//     later 429 lowers it by the same factor.
//   - Each answered request that had to wait for its slot raises the rate
//     a little (paceIncreasePerSecond), so the pacer probes back up and
//     finds a limit that was raised or shared with others who left.
//   - Only a 429 for a request sent after the last decrease lowers the
//     rate again: the other requests already in flight when the limit was
//     met say nothing new about the rate.
//
// Waiting for a slot counts against the call's deadline: a slot that would
// come after it is not waited for, and the call fails at once, naming the
// deadline.

const (
	// paceDecrease is the multiplicative decrease: the new rate is this
	// share of the paced rate (or, at the first 429, of the rate the API
	// admitted in the last paceWindow).
	paceDecrease = 0.9
	// paceIncreasePerSecond is the additive increase, in requests per
	// second gained per second of paced traffic; paceIncreaseShare lets
	// it grow with the rate, so a high limit is found again quickly too.
	paceIncreasePerSecond = 0.05
	paceIncreaseShare     = 0.03
	// paceWindow is how far back the admitted rate is measured: long
	// enough to average over a limiter's burst, short enough to follow a
	// change of limit.
	paceWindow = time.Second
	// minPaceRate is the slowest the pacer ever sends, in requests per
	// second; a client that sends less than that is not paced.
	minPaceRate = 1.0
	// defaultThrottleWait is the shared pause after a 429 without a usable
	// Retry-After.
	defaultThrottleWait = time.Second
	// paceQuietAfter is how long the pacer must have held nothing back
	// (no request waited for a slot or a pause, no 429 came) before it
	// counts as idle again. It is two paceWindows: the API's limiter
	// answers with Retry-After: 1 and refills per second, and the
	// pacer's own measure of what the API admits spans paceWindow, so
	// after twice that neither still carries traffic of the throttled
	// time. Shorter, and a lull between two paced bursts (one command's
	// requests waiting on Terraform core) would read as idle; under a
	// limit, paced requests wait every 1/rate seconds and keep it busy.
	paceQuietAfter = 2 * paceWindow
	// paceHeadroom: while pacing (after a 429, or under a hard cap), the
	// pacer counts as idle only if what the API admitted in the last
	// paceWindow is below this share of the paced rate. Calls that stop
	// waiting for each other send up to twice the requests (a destroy:
	// a confirmation per DELETE instead of one per batch), which must
	// still fit under the rate; otherwise the process would swing between
	// the two every paceQuietAfter, paying requests each time.
	paceHeadroom = 0.5
	// maxPaceRounds bounds the re-checks of a waiter whose not-before time
	// moved while it slept (each needs a new 429 in between).
	maxPaceRounds = 1000
)

// clock is the pacer's view of time, injected in tests.
type clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx ends (then it returns ctx.Err()).
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock is the clock of every mechanism of the client: the pacer and
// the retry policy (Now, Sleep) and the batcher (Now, AfterFunc).
type realClock struct{}

func (realClock) AfterFunc(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pacer is safe for concurrent use.
type pacer struct {
	clock clock
	// maxRate is the hard cap in requests per second; 0 means none.
	maxRate float64

	mu sync.Mutex
	// rate is the current rate when pacing is on: adaptive (after a 429)
	// or capped (maxRate).
	rate     float64
	adaptive bool
	// nextSlot is the earliest time the next paced request may go.
	nextSlot time.Time
	// notBefore is the shared pause after a 429.
	notBefore    time.Time
	lastDecrease time.Time
	// estimating is true from the first 429 until the answers of the
	// burst it ended are all in.
	estimating bool
	// throttleGen counts 429s, so that a waiter can tell that its slot
	// was handed out before the latest one.
	throttleGen int
	// admitted counts the answers that were not 429 over the last
	// paceWindow, to measure the rate the API admits.
	admitted rateWindow
	// heldUntil is the end of the latest wait the pacer imposed: a
	// request's slot or pause, or the pause of a 429 (see contended).
	heldUntil time.Time
	stats     pacerStats
}

// pacerStats counts what the pacer did, for logs and tests.
type pacerStats struct {
	// Throttled is the number of 429 answers seen.
	Throttled int
	// Decreases is how often the rate was lowered.
	Decreases int
	// Waited is the number of attempts that waited for a slot or a pause.
	Waited int
	// Rate is the current paced rate in requests per second; 0 while
	// nothing is paced.
	Rate float64
}

func newPacer(c clock, maxRate float64) *pacer {
	if c == nil {
		c = realClock{}
	}
	p := &pacer{clock: c, maxRate: max(maxRate, 0)}
	p.rate = p.maxRate
	return p
}

// errPaceDeadline says a slot was further away than the call's deadline.
type errPaceDeadline struct {
	wait time.Duration
	// throttled is true when the wait is the API's Retry-After pause
	// rather than the pacing rate.
	throttled bool
}

func (e *errPaceDeadline) Error() string {
	if e.throttled {
		return fmt.Sprintf("the API's rate limit pauses every request for another %s", formatDuration(e.wait))
	}
	return fmt.Sprintf("the next free slot of the client-side rate limit is %s away", formatDuration(e.wait))
}

// wait blocks until the request may be sent, and returns when it was
// allowed to go (the send time observe compares with the last decrease),
// and whether it had to wait for a rate slot.
func (p *pacer) wait(ctx context.Context) (sentAt time.Time, paced bool, err error) {
	deadline, hasDeadline := ctx.Deadline()
	for range maxPaceRounds {
		p.mu.Lock()
		now := p.clock.Now()
		slot := now
		throttled := false
		if p.notBefore.After(slot) {
			slot, throttled = p.notBefore, true
		}
		limited := p.rate > 0
		if limited && p.nextSlot.After(slot) {
			slot, throttled = p.nextSlot, false
		}
		if hasDeadline && slot.After(deadline) {
			p.mu.Unlock()
			return time.Time{}, false, &errPaceDeadline{wait: slot.Sub(now), throttled: throttled}
		}
		if limited {
			p.nextSlot = slot.Add(time.Duration(float64(time.Second) / p.rate))
		}
		if slot.After(now) {
			p.stats.Waited++
			p.holdLocked(slot)
		}
		gen := p.throttleGen
		p.mu.Unlock()

		if !slot.After(now) {
			return now, limited, nil
		}
		if err := p.clock.Sleep(ctx, slot.Sub(now)); err != nil {
			return time.Time{}, false, err
		}
		paced = paced || limited
		p.mu.Lock()
		stale := p.throttleGen != gen
		p.mu.Unlock()
		if !stale {
			return slot, paced, nil
		}
		// A 429 arrived while this request slept: its slot was taken
		// at a rate now known to be too high. Take a new one, after
		// the pause.
	}
	return p.clock.Now(), paced, nil
}

// throttled records a 429 for a request sent at sentAt; pause is the
// Retry-After (or the caller's backoff when there was none).
func (p *pacer) throttled(sentAt time.Time, pause time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	p.stats.Throttled++
	if until := now.Add(pause); until.After(p.notBefore) {
		p.notBefore = until
	}
	p.holdLocked(now)
	p.holdLocked(p.notBefore)
	if p.adaptive && !sentAt.After(p.lastDecrease) {
		p.dropReservations()
		return
	}
	// The first 429 ends a burst at full speed: what the API admitted
	// in the last second is the best guess of its limit. Later ones come
	// while paced, and the paced rate is the better measure: the last
	// second may hold a pause in which nothing was sent.
	rate := float64(p.admitted.sum(now)) / paceWindow.Seconds()
	if !p.adaptive && rate < minPaceRate {
		// Too little was sent to measure a rate by (a limit drained by
		// someone else, say): pausing is all there is to do.
		p.dropReservations()
		return
	}
	p.estimating = !p.adaptive
	if p.adaptive || (p.rate > 0 && p.rate < rate) {
		rate = p.rate
	}
	rate = min(max(rate*paceDecrease, minPaceRate), p.capOrInf())
	p.rate, p.adaptive, p.lastDecrease = rate, true, now
	p.stats.Decreases++
	p.dropReservations()
}

// holdLocked records that the pacer holds requests back until t.
func (p *pacer) holdLocked(t time.Time) {
	if t.After(p.heldUntil) {
		p.heldUntil = t
	}
}

// contended reports whether the API's rate limit is what the process
// meets: a 429 or a wait for a slot ended less than paceQuietAfter before
// now, or one is still going on; or, while pacing, the process's traffic
// is at paceHeadroom of the paced rate or above. While it is not (an API
// that never throttled, or a pacer idle that long), every request went
// at once, and
// a caller's latency counts more than its number of requests; the
// batcher uses it to decide whether a call waits for others to share its
// request (see batch.go). now is the caller's clock: the pacer's in
// production, the same injected one in tests.
func (p *pacer) contended(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case !p.heldUntil.IsZero() && now.Before(p.heldUntil.Add(paceQuietAfter)):
		return true
	case p.rate > 0:
		return float64(p.admitted.sum(now)) >= paceHeadroom*p.rate
	}
	return false
}

// dropReservations makes every waiter take a new slot after the pause and
// at the new rate: the slots handed out so far were spaced for a rate the
// API just refused, and reach further ahead than the new ones need to.
// p.mu must be held.
func (p *pacer) dropReservations() {
	p.throttleGen++
	p.nextSlot = p.notBefore
}

// answered records an answer other than 429 for a request sent at
// sentAt. paced says whether the request waited for a rate slot: only then
// does the rate probe upwards, since a rate nobody uses says nothing about
// the limit.
func (p *pacer) answered(sentAt time.Time, paced bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	p.admitted.add(now)
	if !p.adaptive {
		return
	}
	if p.estimating && !sentAt.After(p.lastDecrease) {
		// An answer of the burst that met the first 429, arriving
		// after it: the API admitted more than the first estimate
		// counted.
		p.rate = max(p.rate, min(float64(p.admitted.sum(now))/paceWindow.Seconds()*paceDecrease, p.capOrInf()))
		return
	}
	p.estimating = false
	if !paced {
		return
	}
	// +step requests per second for every second at the current rate:
	// rate answers arrive in that second.
	step := max(paceIncreasePerSecond, p.rate*paceIncreaseShare)
	p.rate = min(p.rate+step/p.rate, p.capOrInf())
}

// capOrInf is the hard cap, or +Inf without one.
func (p *pacer) capOrInf() float64 {
	if p.maxRate > 0 {
		return p.maxRate
	}
	return math.Inf(1)
}

// rateWindow counts events over the last paceWindow in paceBuckets
// buckets: constant memory however fast requests come.
type rateWindow struct {
	counts [paceBuckets]int
	// head is the start of the newest bucket, counts[idx].
	head time.Time
	idx  int
}

const (
	paceBuckets = 20
	paceBucket  = paceWindow / paceBuckets
)

// advance moves the window to now, emptying the buckets it leaves behind.
func (w *rateWindow) advance(now time.Time) {
	if w.head.IsZero() {
		w.head = now
		return
	}
	steps := int(now.Sub(w.head) / paceBucket)
	if steps <= 0 {
		return
	}
	if steps >= paceBuckets {
		w.counts = [paceBuckets]int{}
	} else {
		for range steps {
			w.idx = (w.idx + 1) % paceBuckets
			w.counts[w.idx] = 0
		}
	}
	w.head = w.head.Add(time.Duration(steps) * paceBucket)
}

func (w *rateWindow) add(now time.Time) {
	w.advance(now)
	w.counts[w.idx]++
}

func (w *rateWindow) sum(now time.Time) int {
	w.advance(now)
	total := 0
	for _, n := range w.counts {
		total += n
	}
	return total
}

// Stats returns the pacer's counters.
func (p *pacer) Stats() pacerStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats
	s.Rate = p.rate
	return s
}
