package dnsapi

import (
	"context"
	"errors"
)

// A write outlives the cancellation of its caller's context for as long as
// its attempt is in flight.
//
// Terraform asks a provider to stop (StopProvider) when the user presses
// Ctrl-C; the plugin framework then cancels the context of every running
// operation, and Terraform waits for them to return and saves what they
// report. A PUT or DELETE cancelled in flight has often been carried out
// by the API already: if the client dropped the connection, the provider
// would report a create as not done, Terraform would forget its id, and
// the record would hold its IP as an orphan. So a cancelled write (not a
// read: a read changes nothing) stops retrying and starts no new attempt,
// but the attempt already sent is awaited, bounded by
// Config.AttemptTimeout, and its answer returned: a 200 is a success the
// caller can record; no answer is an error that MayHaveBeenApplied.
//
// The context's deadline (the operation's timeout) is not softened: when
// it passes mid-request the request is cut, and the error says the write
// may have been applied.

// errNotSent marks a transport error that happened before the attempt was
// sent (a wait for the backoff or the pacer that ended early), so that the
// retry policy does not count it as a request the server may have seen.
type errNotSent struct{ err error }

func (e *errNotSent) Error() string { return e.err.Error() }
func (e *errNotSent) Unwrap() error { return e.err }

// wasSent reports whether a transport error (or its absence) belongs to an
// attempt that went out.
func wasSent(err error) bool {
	var notSent *errNotSent
	return !errors.As(err, &notSent)
}

// shieldWrite returns the context a write's requests run on: parent's
// values and deadline, but not its cancellation. When parent is cancelled,
// the call is marked stopping; if no attempt is in flight the returned
// context is cancelled at once, otherwise the attempt runs to its end.
// release must be called when the call returns.
func shieldWrite(parent context.Context, st *callState) (ctx context.Context, release func()) {
	ctx = context.WithoutCancel(parent)
	cancelDeadline := func() {}
	if deadline, ok := parent.Deadline(); ok {
		ctx, cancelDeadline = context.WithDeadline(ctx, deadline)
	}
	ctx, cancel := context.WithCancel(ctx)
	stopWatch := context.AfterFunc(parent, func() {
		if errors.Is(parent.Err(), context.DeadlineExceeded) {
			// The operation's timeout: ctx has the same deadline and
			// ends by itself, with the same error.
			return
		}
		if st.stop() {
			cancel()
		}
	})
	return ctx, func() {
		stopWatch()
		cancel()
		cancelDeadline()
	}
}

// stop marks the call as stopping and reports whether it is idle (no
// attempt in flight), so that its context may be cancelled now.
func (st *callState) stop() (idle bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.stopping = true
	return !st.inFlight
}

// beginSend marks an attempt as in flight, unless the call is stopping.
func (st *callState) beginSend() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.stopping {
		return false
	}
	st.inFlight = true
	return true
}

// endSend marks the attempt in flight as over (its answer read, or lost).
func (st *callState) endSend() {
	st.mu.Lock()
	st.inFlight = false
	st.mu.Unlock()
}

func (st *callState) isStopping() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.stopping
}
