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
	ReadAheadAfter    = readAheadAfter
	ReadAheadMaxPages = readAheadMaxPages
	ReadAheadMaxAge   = readAheadMaxAge
)

// SetBatchClock gives c's batcher the clock clk.
func SetBatchClock(c *Client, clk BatchClock) { c.batch = newBatcher(c, clk) }

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
	return len(c.batch.pending) == 0 && !c.batch.flushing
}

// BatchFlushing reports whether a flush runs.
func BatchFlushing(c *Client) bool {
	c.batch.mu.Lock()
	defer c.batch.mu.Unlock()
	return c.batch.flushing
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
