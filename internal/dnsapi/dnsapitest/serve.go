package dnsapitest

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// maxBodyBytes bounds request bodies; real ones are a few hundred bytes.
const maxBodyBytes = 1 << 20

// ServeHTTP runs a request through the same stages as the real service
// would put it through: latency, gateway-level faults, authentication,
// the operation itself, and finally the faults that lose a response.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isAdminPath(r.URL.Path) {
		f.serveAdmin(w, r) // not logged, not counted: it is not the API
		return
	}

	body, bodyErr := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	entry := f.log.begin(r, body, f.now())
	sw := &statusWriter{ResponseWriter: w}
	var fault Fault
	logged := false
	finish := func(status int) {
		if !logged {
			logged = true
			f.log.finish(entry, status, fault)
		}
	}
	defer func() { finish(sw.status) }()

	v := f.faults.admit(r.Method, f.now())
	if v.latency > 0 && !sleep(r.Context(), v.latency) {
		return // the client gave up; nobody is left to answer
	}
	if v.fault != FaultNone {
		fault = v.fault
		if v.retryAfter != "" {
			sw.Header().Set("Retry-After", v.retryAfter)
		}
		writeError(sw, v.status, faultMessage(v.fault))
		return
	}

	if !f.authorized(r) {
		sw.Header().Set("WWW-Authenticate", `Bearer realm="fake IONOS DNS API"`)
		writeError(sw, http.StatusUnauthorized, "Unauthorized: send Authorization: Bearer <token>")
		return
	}
	switch {
	case bodyErr != nil:
		writeError(sw, http.StatusBadRequest, "cannot read request body: "+bodyErr.Error())
		return
	case len(body) > maxBodyBytes:
		writeError(sw, http.StatusBadRequest, "request body too large")
		return
	}

	if !isWrite(r.Method) {
		f.routeAndAnswer(sw, r, body)
		return
	}
	drop := f.faults.dropAfterProcessing(v)
	if drop == FaultNone {
		f.routeAndAnswer(sw, r, body)
		return
	}
	// The ambiguous failure: the write happens, the answer is lost.
	fault = drop
	f.route(&discardWriter{header: http.Header{}}, r, body)
	if drop == FaultDrop502 || drop == FaultChaosDrop502 {
		writeError(sw, http.StatusBadGateway, "Bad Gateway: upstream response lost")
		return
	}
	// Log first: a client that sees the connection close may look at the
	// log at once, and must find the request there.
	finish(StatusNoResponse)
	closeConnection(w)
}

// routeAndAnswer processes the request and answers it, after the answer
// latency if one is set. Processing comes first: a client that gives up
// during the latency loses the answer, not the work.
func (f *Fake) routeAndAnswer(w http.ResponseWriter, r *http.Request, body []byte) {
	d := f.faults.answerDelay()
	if d <= 0 {
		f.route(w, r, body)
		return
	}
	held := httptest.NewRecorder()
	f.route(held, r, body)
	if !sleep(r.Context(), d) {
		return // the client gave up; nobody is left to answer
	}
	for k, v := range held.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(held.Code)
	_, _ = w.Write(held.Body.Bytes())
}

// authorized checks for "Authorization: Bearer <token>". The scheme name is
// case-insensitive (RFC 9110); the token is compared in constant time out
// of habit.
func (f *Fake) authorized(r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(f.token)) == 1
}

func isWrite(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodDelete
}

// sleep waits for d unless ctx ends first; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// closeConnection drops the TCP connection without a response. Hijacking
// works for HTTP/1; where it is unavailable, aborting the handler makes
// net/http drop the connection (or reset the HTTP/2 stream) instead.
func closeConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		if errors.Is(err, http.ErrNotSupported) {
			panic(http.ErrAbortHandler)
		}
		return
	}
	conn.Close()
}

// statusWriter remembers the status sent, for the request log. Unwrap lets
// http.ResponseController reach the connection underneath.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (sw *statusWriter) WriteHeader(status int) {
	if sw.status == 0 {
		sw.status = status
	}
	sw.ResponseWriter.WriteHeader(status)
}

func (sw *statusWriter) Write(p []byte) (int, error) {
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	return sw.ResponseWriter.Write(p)
}

func (sw *statusWriter) Unwrap() http.ResponseWriter { return sw.ResponseWriter }

// discardWriter takes the response of a write whose answer is to be lost.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}
