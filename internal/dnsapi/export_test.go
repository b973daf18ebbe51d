package dnsapi

// Hooks for the external tests (package dnsapi_test, which may import
// dnsapitest; this package's own tests may not).

// BatchClock is the batcher's clock, for tests to implement.
type BatchClock = batchClock

// Batch bounds, for tests to step the clock by.
const (
	BatchWindow       = batchWindow
	BatchFillWait     = batchFillWait
	BatchMaxWait      = batchMaxWait
	BatchCoalesce     = batchCoalesce
	ReadAheadAfter    = readAheadAfter
	ReadAheadMaxPages = readAheadMaxPages
	ReadAheadMaxAge   = readAheadMaxAge
)

// SetBatchClock gives c's batcher the clock clk, and makes it batch as it
// does under a rate limit, whatever the pacer says: the tests of the
// batching itself. (SetClock gives the pacer the same clock, for tests of
// when the batcher batches.)
func SetBatchClock(c *Client, clk BatchClock) {
	c.batch = newBatcher(c, clk)
	c.batch.alwaysBatch = true
}

// Clock is time for every mechanism of a client: the pacer and the retry
// policy (Now, Sleep) and the batcher (Now, AfterFunc).
type Clock interface {
	clock
	batchClock
}

// SetClock gives c's pacer, retry policy and batcher the clock clk.
func SetClock(c *Client, clk Clock) {
	c.clock, c.pacer.clock, c.policy.clock = clk, clk, clk
	c.batch = newBatcher(c, clk)
}

// PaceQuietAfter is how long the pacer holds nothing back before it
// counts as idle.
const PaceQuietAfter = paceQuietAfter

// BatchPending is how many calls wait in c's open batch.
func BatchPending(c *Client) int {
	c.batch.mu.Lock()
	defer c.batch.mu.Unlock()
	return len(c.batch.pending)
}

// BatchIdle reports whether no batch is open and no flush runs.
func BatchIdle(c *Client) bool {
	c.batch.mu.Lock()
	defer c.batch.mu.Unlock()
	return len(c.batch.pending) == 0 && c.batch.flights == 0
}

// BatchFlushing reports whether a flush runs.
func BatchFlushing(c *Client) bool {
	c.batch.mu.Lock()
	defer c.batch.mu.Unlock()
	return c.batch.flights > 0
}

// BatchFlights is how many of c's flushes are in flight.
func BatchFlights(c *Client) int {
	c.batch.mu.Lock()
	defer c.batch.mu.Unlock()
	return c.batch.flights
}

// ReadAheadHeld is how many records c holds read ahead, and how many
// pages it read in this epoch.
func ReadAheadHeld(c *Client) (records, pages int) {
	c.batch.mu.Lock()
	defer c.batch.mu.Unlock()
	return len(c.batch.ra.cache), c.batch.ra.pages
}

// BeginWrite tells c's batcher a write of id started, as Put and Delete
// do; call the result when it ends.
func BeginWrite(c *Client, id string) func() { return c.batch.write(id) }

// SetMaxPages caps c's walks over the list's pages at n pages.
func SetMaxPages(c *Client, n int) { c.maxPages = n }

// DefaultMaxPages is the cap of a walk when none was set.
const DefaultMaxPages = defaultMaxPages

// NewLedgerWithClock is NewLedger on the clock clk.
func NewLedgerWithClock(clk BatchClock) *Ledger { return newLedger(clk) }

// LedgerWaiting is how many creates wait in l.Resolve.
func LedgerWaiting(l *Ledger) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.waiting
}
