package dnsapitest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// Fault names what the fake injected into a request, as logged.
type Fault string

// The faults. FailNext, ThrottleNext and the chaos 503 and rate limit answer
// before the request is processed (nothing changes); the drops answer after
// a write was processed (the change happened, the client cannot know).
const (
	FaultNone                Fault = ""
	FaultFail                Fault = "fail"                  // FailNext
	FaultThrottle            Fault = "throttle"              // ThrottleNext
	FaultDrop502             Fault = "drop-502"              // DropNext(_, DropWith502)
	FaultDropConnection      Fault = "drop-connection"       // DropNext(_, DropConnection)
	FaultChaos503            Fault = "chaos-503"             // Chaos.Fail503Rate
	FaultChaosRateLimit      Fault = "chaos-rate-limit"      // Chaos.RateLimitPerSecond
	FaultChaosDrop502        Fault = "chaos-drop-502"        // Chaos.DropWriteRate
	FaultChaosDropConnection Fault = "chaos-drop-connection" // Chaos.DropWriteRate
	FaultOutage              Fault = "outage"                // SetOutage
)

// DropMode is how DropNext loses a response.
type DropMode int

const (
	// DropWith502 answers 502 Bad Gateway, as a proxy that lost the
	// upstream's answer would.
	DropWith502 DropMode = iota + 1
	// DropConnection closes the TCP connection without any response.
	DropConnection
)

// Chaos is a seeded random mix of faults for soak tests. For a given Seed
// and the same sequence of requests the same requests are faulted (the rate
// limiter aside, which depends on the clock). The zero value is off.
type Chaos struct {
	Seed int64
	// Fail503Rate is the probability that a request gets 503 before it is
	// processed.
	Fail503Rate float64
	// DropWriteRate is the probability that a write (POST/PUT/DELETE) is
	// processed and its response then lost: 502 or a closed connection,
	// half and half.
	DropWriteRate float64
	// RateLimitPerSecond, if positive, admits that many requests per second
	// (token bucket, burst of the same size); the excess gets 429 with
	// Retry-After: 1.
	RateLimitPerSecond int
}

func (c Chaos) on() bool {
	return c.Fail503Rate > 0 || c.DropWriteRate > 0 || c.RateLimitPerSecond > 0
}

// Outage is a full outage: after AfterRequests more requests (of Method
// only, when set), every request is answered 503 before it is processed,
// for Duration from the first one refused. The zero value is no outage.
type Outage struct {
	AfterRequests int
	Method        string
	Duration      time.Duration
}

// faults is the fault-injection state. Every decision is taken under mu, in
// the order requests arrive, which is what makes chaos reproducible.
type faults struct {
	mu      sync.Mutex
	latency time.Duration
	// answerLatency delays answers after processing (SetAnswerLatency).
	answerLatency time.Duration

	failLeft   int
	failStatus int

	throttleLeft int
	retryAfter   string

	dropLeft int
	dropMode DropMode

	outage      Outage
	outageCount int       // requests seen since SetOutage
	outageStart time.Time // zero until the outage begins
	outageEnded bool

	chaos        Chaos
	rng          *rand.Rand
	tokens       float64
	tokensFilled time.Time
}

// verdict is what admit decided for one request.
type verdict struct {
	latency    time.Duration
	fault      Fault // answer before processing with status, unless FaultNone
	status     int
	retryAfter string
	// The chaos dice for a later drop, drawn on arrival so that every
	// request draws the same number of values whatever happens to it.
	chaosDrop, chaosDropMode float64
	chaosOn                  bool
}

// SetLatency adds d to every request (before it is processed). A client
// that gives up meanwhile gets no response.
func (f *Fake) SetLatency(d time.Duration) {
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	f.faults.latency = d
}

// SetAnswerLatency delays every answer by d after the request was
// processed: the way back of a slow network. A client that gives up
// meanwhile (a cancelled or timed-out request) gets no answer, although a
// write it sent has been carried out.
func (f *Fake) SetAnswerLatency(d time.Duration) {
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	f.faults.answerLatency = d
}

func (fs *faults) answerDelay() time.Duration {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.answerLatency
}

// FailNext makes the next n requests fail with status (400..599) and an
// Error body before they are processed.
func (f *Fake) FailNext(n int, status int) {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("dnsapitest: FailNext: status %d is not an error status", status))
	}
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	f.faults.failLeft, f.faults.failStatus = n, status
}

// ThrottleNext answers the next n requests with 429 and the given
// Retry-After header (seconds or an HTTP-date, sent verbatim; none if
// empty) before they are processed.
func (f *Fake) ThrottleNext(n int, retryAfter string) {
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	f.faults.throttleLeft, f.faults.retryAfter = n, retryAfter
}

// DropNext processes the next n authenticated writes (POST, PUT, DELETE)
// and then loses their responses as mode says: the ambiguous failure where
// the change happened but the client saw an error. The write may itself
// have failed (400, 404, 409); its answer is lost all the same.
func (f *Fake) DropNext(n int, mode DropMode) {
	if mode != DropWith502 && mode != DropConnection {
		panic(fmt.Sprintf("dnsapitest: DropNext: unknown DropMode %d", mode))
	}
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	f.faults.dropLeft, f.faults.dropMode = n, mode
}

// SetChaos switches the random fault mix on (or off with Chaos{}),
// restarting its random sequence from c.Seed.
func (f *Fake) SetChaos(c Chaos) {
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	f.faults.setChaosLocked(c)
}

// SetOutage schedules an outage (see Outage), replacing any earlier one.
func (f *Fake) SetOutage(o Outage) {
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	f.faults.outage, f.faults.outageCount = o, 0
	f.faults.outageStart, f.faults.outageEnded = time.Time{}, false
}

// OutageWindow reports when the outage began and ended (end is zero while
// it lasts, both are zero before it begins).
func (f *Fake) OutageWindow() (start, end time.Time) {
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	if f.faults.outageStart.IsZero() {
		return time.Time{}, time.Time{}
	}
	start = f.faults.outageStart
	if f.faults.outageEnded {
		end = start.Add(f.faults.outage.Duration)
	}
	return start, end
}

// ClearFaults removes latency, pending faults, outages and chaos.
func (f *Fake) ClearFaults() { f.faults.clear() }

func (fs *faults) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.latency = 0
	fs.failLeft, fs.throttleLeft, fs.dropLeft = 0, 0, 0
	fs.outage, fs.outageStart, fs.outageEnded = Outage{}, time.Time{}, false
	fs.setChaosLocked(Chaos{})
}

func (fs *faults) setChaosLocked(c Chaos) {
	fs.chaos = c
	fs.rng = rand.New(rand.NewPCG(uint64(c.Seed), uint64(c.Seed)^0x9e3779b97f4a7c15))
	fs.tokens = float64(c.RateLimitPerSecond)
	fs.tokensFilled = time.Time{}
}

// admit decides what happens to an arriving request before processing.
// Explicitly requested faults come first: a test asked for exactly them.
func (fs *faults) admit(method string, now time.Time) verdict {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	v := verdict{latency: fs.latency, chaosOn: fs.chaos.on()}
	var chaos503 float64
	if v.chaosOn {
		chaos503, v.chaosDrop, v.chaosDropMode = fs.rng.Float64(), fs.rng.Float64(), fs.rng.Float64()
	}
	switch {
	case fs.inOutage(method, now):
		v.fault, v.status = FaultOutage, http.StatusServiceUnavailable
	case fs.throttleLeft > 0:
		fs.throttleLeft--
		v.fault, v.status, v.retryAfter = FaultThrottle, http.StatusTooManyRequests, fs.retryAfter
	case fs.failLeft > 0:
		fs.failLeft--
		v.fault, v.status = FaultFail, fs.failStatus
	case fs.chaos.RateLimitPerSecond > 0 && !fs.takeToken(now):
		v.fault, v.status, v.retryAfter = FaultChaosRateLimit, http.StatusTooManyRequests, "1"
	case v.chaosOn && chaos503 < fs.chaos.Fail503Rate:
		v.fault, v.status = FaultChaos503, http.StatusServiceUnavailable
	}
	return v
}

// inOutage counts the request against the scheduled outage and tells
// whether it falls inside it.
func (fs *faults) inOutage(method string, now time.Time) bool {
	if fs.outage.Duration <= 0 || fs.outageEnded {
		return false
	}
	if fs.outageStart.IsZero() {
		if fs.outage.Method != "" && method != fs.outage.Method {
			return false
		}
		fs.outageCount++
		if fs.outageCount <= fs.outage.AfterRequests {
			return false
		}
		fs.outageStart = now
	}
	if now.Sub(fs.outageStart) >= fs.outage.Duration {
		fs.outageEnded = true
		return false
	}
	return true
}

// takeToken refills the bucket for the time passed and takes one token.
func (fs *faults) takeToken(now time.Time) bool {
	rate := float64(fs.chaos.RateLimitPerSecond)
	if !fs.tokensFilled.IsZero() {
		fs.tokens = min(rate, fs.tokens+now.Sub(fs.tokensFilled).Seconds()*rate)
	}
	fs.tokensFilled = now
	if fs.tokens < 1 {
		return false
	}
	fs.tokens--
	return true
}

// dropAfterProcessing decides whether the response to an admitted,
// authenticated write is to be lost, and how.
func (fs *faults) dropAfterProcessing(v verdict) Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.dropLeft > 0 {
		fs.dropLeft--
		if fs.dropMode == DropConnection {
			return FaultDropConnection
		}
		return FaultDrop502
	}
	if v.chaosOn && v.chaosDrop < fs.chaos.DropWriteRate {
		if v.chaosDropMode < 0.5 {
			return FaultChaosDrop502
		}
		return FaultChaosDropConnection
	}
	return FaultNone
}

func faultMessage(f Fault) string {
	switch f {
	case FaultThrottle, FaultChaosRateLimit:
		return "Too Many Requests: rate limit exceeded"
	case FaultChaos503:
		return "Service Unavailable: try again later"
	case FaultOutage:
		return "Service Unavailable: the service is down for maintenance"
	}
	return "injected failure (" + string(f) + ")"
}
