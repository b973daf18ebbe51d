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
//   - 429 Too Many Requests and 503 Service Unavailable are retried for
//     every method: the server says it did not do the work. Their
//     Retry-After (seconds or HTTP-date) is honoured; one longer than
//     Config.MaxRetryAfter fails the call at once.
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
//   - The context's deadline wins: a retry whose wait would end after it
//     is not started, and the call fails with a *GaveUpError naming the
//     deadline.

// retryPolicy implements retryablehttp's CheckRetry and Backoff hooks.
type retryPolicy struct {
	minWait, maxWait time.Duration
	maxRetryAfter    time.Duration
}

// callState is the bookkeeping of one API call across its attempts. It
// travels in the request context, the one thing retryablehttp hands to
// every hook of the same call.
type callState struct {
	method     string
	path       string
	idempotent bool

	mu       sync.Mutex
	attempts int
	// ambiguous is set once an attempt may have reached the server
	// without a clear answer: a transport failure, or a 5xx other than
	// 503. See MayHaveBeenApplied.
	ambiguous bool
	lastDesc  string
	nextWait  time.Duration
	waitIsSet bool
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

func (st *callState) setNextWait(d time.Duration) {
	st.mu.Lock()
	st.nextWait, st.waitIsSet = d, true
	st.mu.Unlock()
}

func (st *callState) takeNextWait() (time.Duration, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	d, ok := st.nextWait, st.waitIsSet
	st.waitIsSet = false
	return d, ok
}

// checkRetry decides whether to repeat an attempt (retryablehttp.CheckRetry),
// and if so how long to wait first.
func (p *retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st := callStateFrom(ctx)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		st.setOutcome(describeTransportError(err), true)
		if !st.idempotent || !transportErrorIsRetryable(err) {
			return false, err
		}
		return p.retryAfter(ctx, st, p.exponentialWait(st))
	}

	st.setOutcome(strconv.Itoa(resp.StatusCode)+" "+http.StatusText(resp.StatusCode),
		resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		if !ok {
			return p.retryAfter(ctx, st, p.exponentialWait(st))
		}
		if wait > p.maxRetryAfter {
			return false, &RetryAfterTooLongError{
				Method: st.method, Path: st.path, StatusCode: resp.StatusCode,
				RetryAfter: wait, Max: p.maxRetryAfter, applied: st.wasAmbiguous(),
			}
		}
		return p.retryAfter(ctx, st, wait)
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented && st.idempotent:
		return p.retryAfter(ctx, st, p.exponentialWait(st))
	default:
		return false, nil
	}
}

// retryAfter schedules the next attempt after wait, unless the context's
// deadline would pass first: then waiting is pointless, and the call fails
// now, saying so.
func (p *retryPolicy) retryAfter(ctx context.Context, st *callState, wait time.Duration) (bool, error) {
	if deadline, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(deadline) {
		attempts, last := st.snapshot()
		return false, &GaveUpError{
			Method: st.method, Path: st.path, Attempts: attempts,
			Reason:  "the context deadline (the operation's timeout) would pass before the next retry in " + wait.Round(time.Millisecond).String(),
			Last:    last,
			Err:     context.DeadlineExceeded,
			applied: st.wasAmbiguous(),
		}
	}
	st.setNextWait(wait)
	return true, nil
}

func (p *retryPolicy) exponentialWait(st *callState) time.Duration {
	attempts, _ := st.snapshot()
	return exponentialBackoff(p.minWait, p.maxWait, max(attempts-1, 0))
}

// backoff returns the wait checkRetry chose (retryablehttp.Backoff).
func (p *retryPolicy) backoff(minWait, maxWait time.Duration, n int, resp *http.Response) time.Duration {
	if resp != nil && resp.Request != nil {
		if wait, ok := callStateFrom(resp.Request.Context()).takeNextWait(); ok {
			return wait
		}
	}
	// A transport error leaves no response to find the call by; its
	// wait is recomputed the same way.
	return exponentialBackoff(minWait, maxWait, n)
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
