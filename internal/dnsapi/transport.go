package dnsapi

import (
	"net/http"
	"time"
)

// redacted stands in for the token wherever it could otherwise show.
const redacted = "<redacted>"

// observedTransport sits under the retry layer, so it sees every attempt:
// it counts attempts for error messages and logs each one. It logs the
// method, path, query, status and duration, never a header: the
// Authorization header is the one place the token lives.
type observedTransport struct {
	next   http.RoundTripper
	client *Client
}

func (t *observedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := callStateFrom(req.Context())
	st.recordAttempt()
	attempt, _ := st.snapshot()

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if t.client.log == nil {
		return resp, err
	}
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"attempt":     attempt,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if req.URL.RawQuery != "" {
		fields["query"] = req.URL.RawQuery
	}
	if err != nil {
		fields["error"] = t.client.redact(err.Error())
		t.client.log(req.Context(), "API request failed", fields)
		return resp, err
	}
	fields["status"] = resp.StatusCode
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		fields["retry_after"] = ra
	}
	t.client.log(req.Context(), "API request", fields)
	return resp, err
}

// redact removes the token from text that could, in theory, echo it: a
// transport error quoting a header, or an API message.
func (c *Client) redact(s string) string {
	return c.redactor.Replace(s)
}
