package dnsapi

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/testwait"
)

// virtualClock is a clock for simulations: time stands still while any
// simulated goroutine runs, and jumps to the next wake-up once all of them
// sleep. A simulation of minutes takes milliseconds, and its timing is
// exact whatever the machine's load.
type virtualClock struct {
	mu       sync.Mutex
	now      time.Time
	active   int
	sleepers []*virtualSleeper
}

type virtualSleeper struct {
	until time.Time
	seq   int
	wake  chan struct{}
}

func newVirtualClock() *virtualClock {
	// It starts at the real time, so that a context deadline set from
	// time.Now() is a deadline in virtual time too.
	return &virtualClock{now: time.Now()}
}

func (c *virtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Hold keeps time still until the matching Release, for a goroutine that
// is not simulated (the test itself) while it starts simulated ones.
func (c *virtualClock) Hold() {
	c.mu.Lock()
	c.active++
	c.mu.Unlock()
}

// Release ends a Hold.
func (c *virtualClock) Release() { c.exit() }

// Go runs f as a simulated goroutine.
func (c *virtualClock) Go(wg *sync.WaitGroup, f func()) {
	c.mu.Lock()
	c.active++
	c.mu.Unlock()
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer c.exit()
		f()
	}()
}

func (c *virtualClock) exit() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.active--
	c.advanceLocked()
}

// Wait waits for the simulated goroutines of wg, for at most
// testwait.Bound of real time: a simulation stuck with a goroutine that
// never sleeps nor ends (so time stands still) fails the test within
// seconds, showing the clock's state, instead of hanging the suite.
func (c *virtualClock) Wait(t testing.TB, wg *sync.WaitGroup, what string) {
	t.Helper()
	testwait.WaitGroup(t, wg, what, c.state)
}

// state describes the clock for a failure: the time, how many simulated
// goroutines run, and when the sleeping ones are due.
func (c *virtualClock) state() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var due []string
	for _, s := range c.sleepers {
		due = append(due, s.until.Sub(c.now).String())
	}
	return fmt.Sprintf("virtual clock at %s: %d simulated goroutine(s) running (or held), %d asleep, due in [%s]",
		c.now.Format(time.RFC3339Nano), c.active, len(c.sleepers), strings.Join(due, " "))
}

var virtualSeq int

func (c *virtualClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	virtualSeq++
	s := &virtualSleeper{until: c.now.Add(max(d, 0)), seq: virtualSeq, wake: make(chan struct{})}
	c.sleepers = append(c.sleepers, s)
	c.active--
	c.advanceLocked()
	c.mu.Unlock()
	<-s.wake
	return ctx.Err()
}

// advanceLocked wakes the earliest sleepers once nobody runs.
func (c *virtualClock) advanceLocked() {
	if c.active > 0 || len(c.sleepers) == 0 {
		return
	}
	sort.Slice(c.sleepers, func(i, j int) bool {
		if c.sleepers[i].until.Equal(c.sleepers[j].until) {
			return c.sleepers[i].seq < c.sleepers[j].seq
		}
		return c.sleepers[i].until.Before(c.sleepers[j].until)
	})
	if next := c.sleepers[0].until; next.After(c.now) {
		c.now = next
	}
	n := 0
	for n < len(c.sleepers) && !c.sleepers[n].until.After(c.now) {
		n++
	}
	woken := c.sleepers[:n]
	c.sleepers = append([]*virtualSleeper(nil), c.sleepers[n:]...)
	c.active += len(woken)
	for _, s := range woken {
		close(s.wake)
	}
}
