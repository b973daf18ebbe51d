package dnsapi

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The retry policy, in one place:
//
//   - The budget is time: a call is retried until its context's deadline
//     (the operation's timeout; Config.CallTimeout when the caller set
//     none). Config.MaxRetries is an optional cap on the count on top.
//   - 429 Too Many Requests and 503 Service Unavailable are retried for
//     every method: the server says it did not do the work. Their
//     Retry-After (seconds or HTTP-date) is honoured; one longer than
//     Config.MaxRetryAfter fails the call at once. A 429 also pauses the
//     whole client and slows it down (see pacer.go).
//   - Other 5xx answers and transport failures (reset connections,
//     timeouts, bodies cut short) are retried only for idempotent
//     requests, because the server may have done the work before failing.
//     Every request this client makes on its own is idempotent: creates
//     are PUTs to a client-chosen id (see Client.Create). Only Client.Post
//     is not.
//   - 4xx answers are final: 400, 401, 403, 404, 409 and friends say
//     something about the request that repeating it will not change.
//   - Between attempts: exponential backoff from RetryWaitMin, doubling,
//     capped at RetryWaitMax, with jitter so that parallel callers spread
//     out.
//   - The deadline wins, but is used to the end: a backoff that would end
//     after it is shortened to half the time left, so that the call tries
//     again while there is time; a Retry-After that ends after it fails
//     the call at once (the server said no sooner). Either way the error
//     names the deadline and the last answer.
//
// The waits themselves happen in the transport (transport.go), before each
// attempt, where the pacer's waits happen too: retryablehttp's own sleep is
// always zero.

// retryPolicy implements retryablehttp's CheckRetry and Backoff hooks.
type retryPolicy struct {
	minWait, maxWait time.Duration
	maxRetryAfter    time.Duration
	// maxRetries caps the retries of one call; negative means no cap.
	maxRetries int
	clock      clock
}

// callState is the bookkeeping of one API call across its attempts. It
// travels in the request context, the one thing retryablehttp hands to
// every hook of the same call.
type callState struct {
	method     string
	path       string
	idempotent bool
	started    time.Time

	mu       sync.Mutex
	attempts int
	// ambiguous is set once an attempt may have reached the server
	// without a clear answer: a transport failure, or a 5xx other than
	// 503. See MayHaveBeenApplied.
	ambiguous bool
	lastDesc  string
	// notBefore is when the next attempt may go: the backoff checkRetry
	// chose.
	notBefore time.Time
	// stopping is set when the caller cancelled a write; inFlight while
	// an attempt is out (sent, its body not yet closed). See stop.go.
	stopping, inFlight bool
}

type callStateKey struct{}

func withCallState(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callStateKey{}, st)
}

func callStateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	if st == nil {
		// A request that did not come through Client.do; treat it as
		// non-idempotent, the safe choice.
		st = &callState{}
	}
	return st
}

func (st *callState) recordAttempt() {
	st.mu.Lock()
	st.attempts++
	st.mu.Unlock()
}

func (st *callState) snapshot() (attempts int, last string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.attempts, st.lastDesc
}

func (st *callState) setOutcome(last string, ambiguous bool) {
	st.mu.Lock()
	st.lastDesc = last
	st.ambiguous = st.ambiguous || ambiguous
	st.mu.Unlock()
}

func (st *callState) wasAmbiguous() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.ambiguous
}

func (st *callState) setNotBefore(t time.Time) {
	st.mu.Lock()
	st.notBefore = t
	st.mu.Unlock()
}

func (st *callState) nextAttemptAt() time.Time {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.notBefore
}

// checkRetry decides whether to repeat an attempt (retryablehttp.CheckRetry),
// and if so how long to wait first.
func (p *retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st := callStateFrom(ctx)
	if ctxErr := ctx.Err(); ctxErr != nil {
		// The call's context ended. If that cut an attempt that had
		// been sent, the server may have done the work: say so, or a
		// caller would forget a record that exists.
		switch {
		case err == nil && resp != nil && isSuccess(resp.StatusCode):
			// The answer came: whatever the context says now, the
			// work is done and the response is the caller's.
			return false, nil
		case err != nil && wasSent(err):
			st.setOutcome(describeTransportError(err), true)
		case resp != nil:
			st.setOutcome(strconv.Itoa(resp.StatusCode)+" "+http.StatusText(resp.StatusCode), resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable)
		}
		return false, ctxErr
	}
	if st.isStopping() {
		// The caller was cancelled while this attempt was in flight
		// (stop.go): its answer is final, no new attempt starts.
		if err != nil {
			if wasSent(err) {
				st.setOutcome(describeTransportError(err), true)
			}
			return false, err
		}
		st.setOutcome(strconv.Itoa(resp.StatusCode)+" "+http.StatusText(resp.StatusCode),
			resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable)
		return false, nil
	}
	var paceErr *errPaceDeadline
	if errors.As(err, &paceErr) {
		// Nothing was sent: the wait for the next attempt would have
		// outlived the deadline.
		return false, p.deadlineError(ctx, st, paceErr.Error())
	}
	if err != nil {
		st.setOutcome(describeTransportError(err), true)
		if !st.idempotent || !transportErrorIsRetryable(err) {
			return false, err
		}
		if p.capReached(st) {
			return false, err
		}
		return p.retryAfter(ctx, st, p.exponentialWait(st), false)
	}

	st.setOutcome(strconv.Itoa(resp.StatusCode)+" "+http.StatusText(resp.StatusCode),
		resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable)
	retryable := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable ||
		(resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented && st.idempotent)
	if !retryable || p.capReached(st) {
		// Final: the response, with the API's message, goes to the
		// caller.
		return false, nil
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), p.clock.Now())
		if ok && wait > p.maxRetryAfter {
			return false, &RetryAfterTooLongError{
				Method: st.method, Path: st.path, StatusCode: resp.StatusCode,
				RetryAfter: wait, Max: p.maxRetryAfter, applied: st.wasAmbiguous(),
			}
		}
		if !ok && resp.StatusCode == http.StatusTooManyRequests {
			// The pacer pauses every request of the client for as long
			// (see observedTransport); this one waits with them.
			wait, ok = defaultThrottleWait, true
		}
		if ok {
			return p.retryAfter(ctx, st, wait, true)
		}
	}
	return p.retryAfter(ctx, st, p.exponentialWait(st), false)
}

// capReached tells whether Config.MaxRetries forbids another attempt.
func (p *retryPolicy) capReached(st *callState) bool {
	attempts, _ := st.snapshot()
	return p.maxRetries >= 0 && attempts > p.maxRetries
}

// retryAfter schedules the next attempt after wait. mandated says the
// server asked for that wait (Retry-After): if it would end after the
// deadline, the call fails now. Otherwise a wait that would end after the
// deadline is cut to half the time left, so that the call tries again
// while there is time; with next to nothing left, it fails now.
func (p *retryPolicy) retryAfter(ctx context.Context, st *callState, wait time.Duration, mandated bool) (bool, error) {
	now := p.clock.Now()
	if deadline, ok := ctx.Deadline(); ok && wait > deadline.Sub(now) {
		left := deadline.Sub(now)
		switch {
		case mandated:
			return false, p.deadlineError(ctx, st, "the API asked to wait "+formatDuration(wait)+" before the next attempt")
		case left < 2*p.minWait:
			return false, p.deadlineError(ctx, st, "the next retry was due in "+formatDuration(wait))
		}
		wait = left / 2
	}
	st.setNotBefore(now.Add(wait))
	return true, nil
}

// deadlineError is the GaveUpError of a call whose deadline would pass
// before its next attempt could be made.
func (p *retryPolicy) deadlineError(ctx context.Context, st *callState, why string) error {
	attempts, last := st.snapshot()
	deadline := deadlineNameOf(ctx)
	return &GaveUpError{
		Method: st.method, Path: st.path, Attempts: attempts,
		Elapsed:  p.clock.Now().Sub(st.started),
		Deadline: deadline,
		Reason:   deadline + " would pass first: " + why,
		Last:     last,
		Err:      context.DeadlineExceeded,
		applied:  st.wasAmbiguous(),
	}
}

func (p *retryPolicy) exponentialWait(st *callState) time.Duration {
	attempts, _ := st.snapshot()
	return exponentialBackoff(p.minWait, p.maxWait, max(attempts-1, 0))
}

// backoff is retryablehttp's Backoff: always zero, since the transport
// waits for the time checkRetry chose (and for the pacer) before the next
// attempt, on the client's clock.
func (p *retryPolicy) backoff(time.Duration, time.Duration, int, *http.Response) time.Duration {
	return 0
}

// exponentialBackoff is minWait·2ⁿ capped at maxWait, then jittered down by
// up to half, so that callers that failed together do not retry together.
func exponentialBackoff(minWait, maxWait time.Duration, n int) time.Duration {
	wait := maxWait
	if n < 30 {
		if d := minWait << n; d > 0 && d < maxWait {
			wait = d
		}
	}
	half := int64(wait / 2)
	if half <= 0 {
		return wait
	}
	return time.Duration(half + rand.Int64N(half+1))
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an
// HTTP-date (RFC 9110, section 10.2.3). A date in the past means "now".
// Anything else is ignored (ok false), and the caller backs off as usual.
func parseRetryAfter(value string, now time.Time) (wait time.Duration, ok bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if isDigits(value) {
		secs, err := strconv.ParseInt(value, 10, 64)
		if err != nil || secs > int64(maxRetryAfterSeconds) {
			// Absurdly large: report it as the largest wait we can
			// represent; the caller's maximum rejects it.
			return maxRetryAfterSeconds * time.Second, true
		}
		return time.Duration(secs) * time.Second, true
	}
	at, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	if wait := at.Sub(now); wait > 0 {
		return wait, true
	}
	return 0, true
}

// maxRetryAfterSeconds keeps parsed waits far from time.Duration overflow.
const maxRetryAfterSeconds = 1 << 30

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// transportErrorIsRetryable tells failures worth repeating (connection
// refused or reset, timeouts, bodies cut short) from ones that will not
// change (bad certificates, refused redirects, oversized bodies).
func transportErrorIsRetryable(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		certInvalid      x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
		decodeErr        *DecodeError
	)
	switch {
	case errors.Is(err, errCrossHostRedirect),
		errors.As(err, &unknownAuthority),
		errors.As(err, &hostname),
		errors.As(err, &certInvalid),
		errors.As(err, &verification),
		errors.As(err, &decodeErr):
		return false
	}
	return true
}

// describeTransportError turns a transport error into a short phrase for
// GaveUpError.Last, without the URL that net/http wraps around it.
func describeTransportError(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}
	return err.Error()
}
