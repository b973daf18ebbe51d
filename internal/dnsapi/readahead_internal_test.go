package dnsapi

import (
	"fmt"
	"testing"
	"time"
)

// testPage is a page of records r<from>..r<from+n-1>, with a next link
// unless last.
func testPage(from, n int, last bool) *ReverseRecordsReadList {
	p := &ReverseRecordsReadList{}
	for i := from; i < from+n; i++ {
		p.Items = append(p.Items, ReverseRecordRead{ID: fmt.Sprintf("r%d", i), Properties: ReverseRecord{IP: fmt.Sprintf("2001:db8::%x", i+1), Name: "x.example.com"}})
	}
	if !last {
		p.Links.Next = "next"
	}
	return p
}

func TestReadAheadIsBounded(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ra := newReadAhead()
	// Not before readAheadAfter lookups.
	for i := range readAheadAfter - 1 {
		ra.note(fmt.Sprintf("r%d", i*1000), now)
	}
	if ra.pageAllowed(now) {
		t.Fatal("read ahead for fewer than readAheadAfter lookups")
	}
	// A contract where every page holds what is looked up (one looked-up
	// record per page read, spread evenly): it reads on, but never past
	// readAheadMaxPages, and holds at most that many pages.
	for i := 0; ; i++ {
		// Many lookups besides: reading on always pays.
		ra.note(fmt.Sprintf("r%d", (i+readAheadAfter)*1000), now)
		ra.lookups += 100 * batchSize
		if !ra.pageAllowed(now) {
			break
		}
		if i > 2*readAheadMaxPages {
			t.Fatal("read-ahead never stops")
		}
		ra.add(testPage(ra.offset, MaxPageLimit, false), true, now)
	}
	if ra.pages != readAheadMaxPages || len(ra.cache) > readAheadMaxPages*MaxPageLimit {
		t.Fatalf("read %d pages, holding %d records; want %d pages at most", ra.pages, len(ra.cache), readAheadMaxPages)
	}
}

func TestReadAheadStopsWhenThePagesHoldNothingLookedUp(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ra := newReadAhead()
	for i := range 100 {
		ra.note(fmt.Sprintf("managed%d", i), now)
	}
	if !ra.pageAllowed(now) {
		t.Fatal("no read-ahead after 100 lookups")
	}
	ra.add(testPage(0, MaxPageLimit, false), true, now)
	if ra.pageAllowed(now) {
		t.Fatal("a second page although the first held none of the 100 records looked up")
	}
}

func TestReadAheadPageOverlappingAWriteIsNotKept(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ra := newReadAhead()
	ra.add(testPage(0, 10, false), false, now)
	if len(ra.cache) != 0 || ra.pageAllowed(now) {
		t.Fatalf("kept %d records of a page that overlapped a write, or reads on", len(ra.cache))
	}
}

func TestReadAheadEstimate(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ra := newReadAhead()
	// 30 lookups, the first page holds 10 of them: the contract is about
	// 3 pages, which 30 lookups (3 batches) pay for.
	for i := range 30 {
		ra.note(fmt.Sprintf("r%d", i*100), now)
	}
	ra.add(testPage(0, MaxPageLimit, false), true, now)
	if ra.found != 10 || !ra.pageAllowed(now) {
		t.Fatalf("found %d; want 10 and a next page allowed", ra.found)
	}
	// 40 lookups, the page holds 5: about 8 pages, more than 4
	// batches' worth: wait for more lookups.
	ra = newReadAhead()
	for i := range 40 {
		ra.note(fmt.Sprintf("r%d", i*200), now)
	}
	ra.add(testPage(0, MaxPageLimit, false), true, now)
	if ra.found != 5 || ra.pageAllowed(now) {
		t.Fatalf("found %d; want 5 and no next page yet", ra.found)
	}
}
