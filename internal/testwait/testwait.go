// Package testwait bounds the waits of tests in real time.
//
// A test that waits without a bound for goroutines (a sync.WaitGroup, a
// channel) turns a deadlock into a hang until the suite's timeout, half an
// hour later, with every goroutine of every test in the dump. These helpers
// fail the one test within seconds instead, and say what was still
// running. Only tests import this package.
package testwait

import (
	"bytes"
	"runtime"
	"sync"
	"testing"
	"time"
)

// Bound is how long a test waits for its own goroutines in real time. It
// is far above what any wait takes on a loaded machine (tests that need
// long waits use a virtual clock); reaching it means a deadlock.
const Bound = 30 * time.Second

// WaitGroup waits until wg is done, for at most Bound of real time. On
// timeout it fails the test (t.Fatal) naming what it waited for, with
// state's description (if given: e.g. a virtual clock's sleepers) and the
// stacks of every goroutine still running, so the deadlock can be read.
func WaitGroup(t testing.TB, wg *sync.WaitGroup, what string, state ...func() string) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	Done(t, done, what, state...)
}

// Done waits until ch is closed or yields a value (which is dropped), for
// at most Bound of real time, and fails the test as WaitGroup does.
func Done[T any](t testing.TB, ch <-chan T, what string, state ...func() string) {
	t.Helper()
	timer := time.NewTimer(Bound)
	defer timer.Stop()
	select {
	case <-ch:
		return
	case <-timer.C:
		fail(t, what, state)
	}
}

// Receive returns the next value from ch, waiting at most Bound of real
// time; on timeout it fails the test as WaitGroup does.
func Receive[T any](t testing.TB, ch <-chan T, what string, state ...func() string) T {
	t.Helper()
	timer := time.NewTimer(Bound)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		fail(t, what, state)
		var zero T
		return zero // not reached: fail ends the test
	}
}

// fail ends the test with what it waited for, the states' descriptions
// and the goroutines' stacks.
func fail(t testing.TB, what string, state []func() string) {
	t.Helper()
	var desc bytes.Buffer
	for _, s := range state {
		desc.WriteString("\n")
		desc.WriteString(s())
	}
	t.Fatalf("%s: not done after %v of real time (a deadlock?)%s\n\ngoroutines still running:\n%s",
		what, Bound, desc.String(), stacks())
}

// stacks returns the stacks of all goroutines, up to 1 MiB.
func stacks() []byte {
	buf := make([]byte, 1<<20)
	return buf[:runtime.Stack(buf, true)]
}
