package dnsapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is a response the API answered with a non-success status. It
// keeps everything the API said, so callers can show it to people as it is.
type APIError struct {
	// Method and Path name the request, e.g. "PUT" and "/reverserecords/3f…".
	Method string
	Path   string
	// StatusCode is the HTTP status of the (last) response.
	StatusCode int
	// Messages are the API's own error codes and texts; empty when the body
	// was not an Error document.
	Messages []ErrorMessage
	// Body is the raw response body (bounded), kept for bodies that are not
	// an Error document, e.g. an HTML page from a proxy.
	Body string

	applied bool
}

// Error reads like
// "PUT /reverserecords/3f…: 409 Conflict: [DNS-409] IP 203.0.113.7 already has a reverse record".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	switch {
	case len(e.Messages) > 0:
		b.WriteString(": ")
		b.WriteString(e.MessageText())
	case e.Body != "":
		fmt.Fprintf(&b, ": %q", e.Body)
	}
	return b.String()
}

// MessageText joins the API's messages as "[code] text; [code] text".
func (e *APIError) MessageText() string {
	parts := make([]string, 0, len(e.Messages))
	for _, m := range e.Messages {
		switch {
		case m.ErrorCode != "" && m.Message != "":
			parts = append(parts, "["+m.ErrorCode+"] "+m.Message)
		case m.ErrorCode != "":
			parts = append(parts, "["+m.ErrorCode+"]")
		default:
			parts = append(parts, m.Message)
		}
	}
	return strings.Join(parts, "; ")
}

// IsNotFound reports whether err is an API answer of 404 Not Found.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsConflict reports whether err is an API answer of 409 Conflict: the IP
// already has a record, or is not owned by the contract.
func IsConflict(err error) bool { return hasStatus(err, http.StatusConflict) }

// IsUnauthorized reports whether err is an API answer of 401 Unauthorized.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsForbidden reports whether err is an API answer of 403 Forbidden.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsBadRequest reports whether err is an API answer of 400 Bad Request.
func IsBadRequest(err error) bool { return hasStatus(err, http.StatusBadRequest) }

func hasStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}

// RetryAfterTooLongError says the server asked us to wait longer than the
// configured maximum (Config.MaxRetryAfter), so the client gave up at once
// rather than block for that long.
type RetryAfterTooLongError struct {
	Method, Path string
	StatusCode   int
	RetryAfter   time.Duration
	Max          time.Duration

	applied bool
}

func (e *RetryAfterTooLongError) Error() string {
	return fmt.Sprintf("%s %s: %d %s: the server asked to retry after %s, longer than the configured maximum wait of %s; try again later",
		e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode), e.RetryAfter, e.Max)
}

// GaveUpError says the request was stopped before the API gave a final
// answer: the call's deadline (e.g. a Terraform timeout) would pass or
// passed, it was cancelled, Config.MaxRetries ran out on failed
// connections, or the failure is one that repeating cannot fix. It names
// the limit that was hit and what the last attempt saw.
type GaveUpError struct {
	Method, Path string
	Attempts     int
	// Elapsed is the time from the call's start to giving up.
	Elapsed time.Duration
	// Deadline names the deadline, as WithTimeout gave it, when the
	// deadline is what ended the call; else "".
	Deadline string
	// Reason names the limit, e.g. "the create timeout (5m) would pass
	// first: …", "the retry limit (max retries) was reached".
	Reason string
	// Last describes the last attempt's outcome, e.g. "503 Service
	// Unavailable" or the transport error.
	Last string
	// Err is the underlying error (context.DeadlineExceeded, a net error…).
	Err error

	applied bool
}

func (e *GaveUpError) Error() string {
	msg := fmt.Sprintf("%s %s: gave up after %d attempt(s)", e.Method, e.Path, e.Attempts)
	if e.Elapsed >= time.Second {
		msg += " in " + formatDuration(e.Elapsed.Round(100*time.Millisecond))
	}
	msg += ": " + e.Reason
	if e.Last != "" {
		msg += " (last attempt: " + e.Last + ")"
	}
	return msg
}

func (e *GaveUpError) Unwrap() error { return e.Err }

// DecodeError says a response could not be understood: not JSON, cut
// short, of the wrong shape, or larger than the configured limit.
type DecodeError struct {
	Method, Path string
	StatusCode   int
	ContentType  string
	Reason       string
	// Snippet is the start of the body, for the reader's eyes.
	Snippet string

	applied bool
}

func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("%s %s: %d %s: unreadable response: %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode), e.Reason)
	if e.ContentType != "" {
		msg += " (Content-Type " + e.ContentType + ")"
	}
	if e.Snippet != "" {
		msg += fmt.Sprintf("; body starts %q", e.Snippet)
	}
	return msg
}

// MayHaveBeenApplied reports whether a failed call may nonetheless have
// taken effect on the server: some attempt of it was lost in transit or
// answered with a server error other than 503, or the server answered
// success in a body that could not be read. A caller that created
// something must then keep its id rather than forget it. Answers that say
// the work was not done (4xx, 429, 503) and errors raised before anything
// was sent report false.
func MayHaveBeenApplied(err error) bool {
	var a interface{ mayHaveBeenApplied() bool }
	return errors.As(err, &a) && a.mayHaveBeenApplied()
}

func (e *APIError) mayHaveBeenApplied() bool               { return e.applied }
func (e *RetryAfterTooLongError) mayHaveBeenApplied() bool { return e.applied }
func (e *GaveUpError) mayHaveBeenApplied() bool            { return e.applied }
func (e *DecodeError) mayHaveBeenApplied() bool            { return e.applied }

// formatDuration writes a duration the way a person would type it: "60s"
// rather than "1m0s", "5m" rather than "5m0s", "1.5s" below a minute.
func formatDuration(d time.Duration) string {
	switch {
	case d > 0 && d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d > time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d > 0 && d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	case d > time.Second:
		return d.Round(100 * time.Millisecond).String()
	default:
		return d.Round(time.Millisecond).String()
	}
}

// FormatDuration is formatDuration, for the provider's messages.
func FormatDuration(d time.Duration) string { return formatDuration(d) }
