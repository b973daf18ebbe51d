package dnsapi

import (
	"context"
	"io"
	"net/http"
	"time"
)

// redacted stands in for the token wherever it could otherwise show.
const redacted = "<redacted>"

// observedTransport sits under the retry layer, so it sees every attempt.
// Before an attempt it waits for the backoff the retry policy chose and
// for the pacer; it bounds the attempt by Config.AttemptTimeout (the waits
// do not count against it); after it, it tells the pacer how the API
// answered, counts the attempt for error messages and logs it. It logs the
// method, path, query, status and duration, never a header: the
// Authorization header is the one place the token lives.
type observedTransport struct {
	next   http.RoundTripper
	client *Client
}

func (t *observedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := t.client
	ctx := req.Context()
	st := callStateFrom(ctx)
	sentAt, paced, err := c.waitTurn(ctx, st)
	if err != nil {
		return nil, &errNotSent{err: err}
	}
	if !st.beginSend() {
		// The caller was cancelled during the wait (stop.go).
		return nil, &errNotSent{err: context.Canceled}
	}
	st.recordAttempt()
	attempt, _ := st.snapshot()

	attemptCtx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	resp, err := t.next.RoundTrip(req.WithContext(attemptCtx))
	if err != nil {
		cancel()
		st.endSend()
	} else {
		// The attempt's timeout covers reading the body too: it ends
		// when the body is closed.
		resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: func() { cancel(); st.endSend() }}
		if resp.StatusCode == http.StatusTooManyRequests {
			pause, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.clock.Now())
			if !ok {
				pause = defaultThrottleWait
			}
			c.pacer.throttled(sentAt, min(pause, c.policy.maxRetryAfter))
		} else {
			c.pacer.answered(sentAt, paced)
		}
	}
	if c.log != nil {
		c.logAttempt(req, attempt, c.clock.Now().Sub(sentAt), resp, err)
	}
	return resp, err
}

// waitTurn waits until the call's next attempt may go: after the backoff
// the retry policy chose, then for the pacer. It returns when the attempt
// was let go, and whether the pacer spaced it.
func (c *Client) waitTurn(ctx context.Context, st *callState) (time.Time, bool, error) {
	if wait := st.nextAttemptAt().Sub(c.clock.Now()); wait > 0 {
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return time.Time{}, false, err
		}
	}
	return c.pacer.wait(ctx)
}

func (c *Client) logAttempt(req *http.Request, attempt int, took time.Duration, resp *http.Response, err error) {
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"attempt":     attempt,
		"duration_ms": took.Milliseconds(),
	}
	if req.URL.RawQuery != "" {
		fields["query"] = req.URL.RawQuery
	}
	if err != nil {
		fields["error"] = c.redact(err.Error())
		c.log(req.Context(), "API request failed", fields)
		return
	}
	fields["status"] = resp.StatusCode
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		fields["retry_after"] = ra
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		s := c.pacer.Stats()
		fields["paced_rate_per_second"] = s.Rate
	}
	c.log(req.Context(), "API request", fields)
}

// cancelOnClose ends an attempt's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// redact removes the token from text that could, in theory, echo it: a
// transport error quoting a header, or an API message.
func (c *Client) redact(s string) string {
	return c.redactor.Replace(s)
}
