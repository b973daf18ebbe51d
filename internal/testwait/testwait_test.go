package testwait

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// recorder is a testing.TB that records a Fatalf instead of ending the
// test, so that the helpers' failure can be checked.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestWaitGroupReturnsWhenDone(t *testing.T) {
	var wg sync.WaitGroup
	wg.Go(func() {})
	r := &recorder{TB: t}
	WaitGroup(r, &wg, "one goroutine")
	if r.failed != "" {
		t.Fatalf("failed: %s", r.failed)
	}
}

func TestReceive(t *testing.T) {
	ch := make(chan int, 1)
	ch <- 7
	if got := Receive(t, ch, "a value"); got != 7 {
		t.Fatalf("got %d", got)
	}
}

// The timeout path is not run here (it takes Bound); fail is what it
// calls, and must name what was awaited, the state and the goroutines.
func TestFailNamesWhatAndState(t *testing.T) {
	r := &recorder{TB: t}
	fail(r, "the pool", []func() string{func() string { return "3 sleepers" }})
	for _, want := range []string{"the pool", "3 sleepers", "goroutines still running", "testwait.TestFailNamesWhatAndState"} {
		if !strings.Contains(r.failed, want) {
			t.Errorf("the failure does not say %q:\n%.500s", want, r.failed)
		}
	}
}
