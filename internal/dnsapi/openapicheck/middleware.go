package openapicheck

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// AdminPrefix is the path prefix of the fake's own control endpoints, which
// are not part of the API and therefore not checked.
const AdminPrefix = "/_fake/"

// Violation is one request or response that does not match the
// specification.
type Violation struct {
	Method   string `json:"method"`
	Path     string `json:"path"`
	RawQuery string `json:"rawQuery,omitempty"`
	// Status is the response status; 0 for request violations.
	Status int    `json:"status,omitempty"`
	Err    string `json:"error"`
}

func (v Violation) String() string {
	target := v.Path
	if v.RawQuery != "" {
		target += "?" + v.RawQuery
	}
	if v.Status != 0 {
		return fmt.Sprintf("%s %s -> %d: %s", v.Method, target, v.Status, v.Err)
	}
	return fmt.Sprintf("%s %s: %s", v.Method, target, v.Err)
}

// Recorder collects violations seen by a handler from Wrap. Request
// violations are expected when a test sends bad input on purpose; response
// violations are always a bug in the server.
type Recorder struct {
	mu        sync.Mutex
	requests  []Violation
	responses []Violation
}

// RequestViolations returns the request violations so far, oldest first.
func (rec *Recorder) RequestViolations() []Violation {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Violation(nil), rec.requests...)
}

// ResponseViolations returns the response violations so far, oldest first.
func (rec *Recorder) ResponseViolations() []Violation {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Violation(nil), rec.responses...)
}

// Reset forgets all violations.
func (rec *Recorder) Reset() {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.requests, rec.responses = nil, nil
}

func (rec *Recorder) add(list *[]Violation, v Violation) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	*list = append(*list, v)
}

// Wrap puts the default Checker in front of h.
func Wrap(h http.Handler) (http.Handler, *Recorder) { return Default().Wrap(h) }

// Wrap returns a handler that validates every request before passing it to
// h, and every response h writes, recording violations in the returned
// Recorder. Paths under AdminPrefix pass through unchecked. A response that
// never happened (the connection was hijacked and closed) is not checked.
func (c *Checker) Wrap(h http.Handler) (http.Handler, *Recorder) {
	rec := &Recorder{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, AdminPrefix) {
			h.ServeHTTP(w, r)
			return
		}
		violation := func(status int, err error) Violation {
			return Violation{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Status: status, Err: err.Error()}
		}
		body, err := readAndRestoreBody(r)
		if err == nil {
			err = c.validateRequest(r, body)
		}
		if err != nil {
			rec.add(&rec.requests, violation(0, err))
		}
		if errors.Is(err, ErrNoOperation) {
			// Outside the specification there is no response to check;
			// the request violation already tells the story.
			h.ServeHTTP(w, r)
			return
		}
		// Keep what the response validation needs before h can touch r.
		checked := r.Clone(r.Context())

		cw := &capturingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		if cw.status == 0 {
			return // hijacked, or the handler gave up on a gone client
		}
		if err := c.ValidateResponse(checked, cw.status, cw.Header(), cw.body.Bytes()); err != nil {
			rec.add(&rec.responses, violation(cw.status, err))
		}
	}), rec
}

// capturingWriter passes a response through while keeping a copy of its
// status and body. Unwrap lets http.ResponseController reach the real
// writer, e.g. to hijack the connection.
type capturingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (cw *capturingWriter) WriteHeader(status int) {
	if cw.status == 0 {
		cw.status = status
	}
	cw.ResponseWriter.WriteHeader(status)
}

func (cw *capturingWriter) Write(p []byte) (int, error) {
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	cw.body.Write(p)
	return cw.ResponseWriter.Write(p)
}

func (cw *capturingWriter) Unwrap() http.ResponseWriter { return cw.ResponseWriter }

// Flush is implemented directly because http.Flusher is commonly
// type-asserted rather than reached through ResponseController.
func (cw *capturingWriter) Flush() {
	if f, ok := cw.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
