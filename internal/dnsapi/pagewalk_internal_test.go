package dnsapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// listServer is a list of n records served page by page, with no HTTP:
// what the walker sees of a server, and how often it asked.
type listServer struct {
	n int
	// next is what every page's _links.next says: the walker must not
	// care.
	next string
	// ignoreOffset serves every page from the first record; endless
	// makes n infinite (record ids follow the offset).
	ignoreOffset, endless bool
	// echoLimit, when set, is the limit the page says it used, and caps
	// the page at it.
	echoLimit int
	// insertAfterFirst inserts a record at the front once the first
	// page was served, shifting the rest by one.
	insertAfterFirst bool

	calls  []string
	prefix string
}

func (s *listServer) fetch(_ context.Context, offset, limit int) (*ReverseRecordsReadList, error) {
	s.calls = append(s.calls, fmt.Sprintf("offset=%d limit=%d", offset, limit))
	if s.insertAfterFirst && len(s.calls) == 2 {
		s.prefix = "new"
	}
	if s.ignoreOffset {
		offset = 0
	}
	size := limit
	if s.echoLimit > 0 {
		size = min(size, s.echoLimit)
	}
	page := &ReverseRecordsReadList{Items: []ReverseRecordRead{}, Limit: float64(size), Links: Links{Next: s.next}}
	// With the insertion, index 0 is the new record and record i sits
	// at index i+1.
	shift := 0
	if s.prefix != "" {
		shift = 1
	}
	for i := offset; i < offset+size && (s.endless || i < s.n+shift); i++ {
		id := fmt.Sprintf("r%d", i-shift)
		if i < shift {
			id = s.prefix
		}
		page.Items = append(page.Items, ReverseRecordRead{ID: id})
	}
	return page, nil
}

func testWalk(maxPages int) pageWalk {
	return pageWalk{limit: MaxPageLimit, maxPages: maxPages}
}

func TestWalkStopsOnTheShortPageWhateverNextSays(t *testing.T) {
	for _, next := range []string{"", "http://127.0.0.1/reverserecords?offset=999999&limit=1000"} {
		for _, tc := range []struct{ n, requests int }{
			{0, 1}, {1, 1}, {999, 1}, {1000, 2}, {1001, 2}, {2503, 3}, {3000, 4},
		} {
			t.Run(fmt.Sprintf("next=%t/n=%d", next != "", tc.n), func(t *testing.T) {
				srv := &listServer{n: tc.n, next: next}
				got, err := testWalk(defaultMaxPages).walk(context.Background(), srv.fetch)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != tc.n {
					t.Fatalf("got %d records, want %d", len(got), tc.n)
				}
				for i, r := range got {
					if r.ID != fmt.Sprintf("r%d", i) {
						t.Fatalf("record %d is %s", i, r.ID)
					}
				}
				if len(srv.calls) != tc.requests {
					t.Fatalf("%d requests %v, want %d", len(srv.calls), srv.calls, tc.requests)
				}
				for i, c := range srv.calls {
					if want := fmt.Sprintf("offset=%d limit=1000", i*1000); c != want {
						t.Fatalf("request %d: %s, want %s", i, c, want)
					}
				}
			})
		}
	}
}

func TestWalkStopsWhenTheServerIgnoresOffset(t *testing.T) {
	srv := &listServer{n: 5000, next: "always", ignoreOffset: true}
	_, err := testWalk(defaultMaxPages).walk(context.Background(), srv.fetch)
	var pe *PagingError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a *PagingError", err)
	}
	if len(srv.calls) != 2 || pe.Pages != 2 {
		t.Fatalf("%d requests, %d pages in the error; want 2: the second page repeats the first", len(srv.calls), pe.Pages)
	}
	for _, want := range []string{"GET /reverserecords?limit=1000&offset=1000", "ignore offset"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestWalkStopsAtThePageCap(t *testing.T) {
	srv := &listServer{endless: true}
	w := testWalk(7)
	w.filtered = 3
	_, err := w.walk(context.Background(), srv.fetch)
	var pe *PagingError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a *PagingError", err)
	}
	if len(srv.calls) != 7 || pe.Pages != 7 || pe.Limit != 1000 {
		t.Fatalf("%d requests, error %+v; want 7 pages of 1000", len(srv.calls), pe)
	}
	for _, want := range []string{
		"GET /reverserecords?limit=1000&offset=7000 (filter.recordIp: 3 address(es))",
		"cap of 7 pages",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestWalkDedupesARecordShiftedOntoTheNextPage(t *testing.T) {
	srv := &listServer{n: 1500, insertAfterFirst: true}
	got, err := testWalk(defaultMaxPages).walk(context.Background(), srv.fetch)
	if err != nil {
		t.Fatal(err)
	}
	// r999 comes again at the top of the second page; the record
	// inserted before the offset is missed, as with any offset walk.
	if len(got) != 1500 || got[999].ID != "r999" || got[1000].ID != "r1000" {
		t.Fatalf("got %d records (%v … %v)", len(got), got[998:1001], got[len(got)-1])
	}
}

func TestWalkTakesAServerCappedPageSizeAtItsWord(t *testing.T) {
	// A server that answers at most 100 records a page and says so in
	// the page's limit: its pages of 100 are full, not the last.
	srv := &listServer{n: 250, echoLimit: 100}
	got, err := testWalk(defaultMaxPages).walk(context.Background(), srv.fetch)
	if err != nil || len(got) != 250 {
		t.Fatalf("got %d records, %v; want 250", len(got), err)
	}
	want := []string{"offset=0 limit=1000", "offset=100 limit=1000", "offset=200 limit=1000"}
	if fmt.Sprint(srv.calls) != fmt.Sprint(want) {
		t.Fatalf("requests %v, want %v", srv.calls, want)
	}
}

func TestWalkReturnsTheFetchError(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	_, err := testWalk(defaultMaxPages).walk(context.Background(), func(context.Context, int, int) (*ReverseRecordsReadList, error) {
		calls++
		if calls == 2 {
			return nil, boom
		}
		return (&listServer{n: 5000}).fetch(context.Background(), 0, 1000)
	})
	if !errors.Is(err, boom) || calls != 2 {
		t.Fatalf("err = %v after %d calls", err, calls)
	}
}

func TestPageIsFull(t *testing.T) {
	page := func(n int, limit float64) *ReverseRecordsReadList {
		p := &ReverseRecordsReadList{Limit: limit, Items: make([]ReverseRecordRead, n)}
		return p
	}
	for _, tc := range []struct {
		name  string
		page  *ReverseRecordsReadList
		limit int
		full  bool
	}{
		{"empty", page(0, 1000), 1000, false},
		{"empty, limit echoed 0", page(0, 0), 1000, false},
		{"short", page(999, 1000), 1000, false},
		{"full", page(1000, 1000), 1000, true},
		{"more than asked", page(1001, 1000), 1000, true},
		{"limit not echoed", page(1000, 0), 1000, true},
		{"short, limit not echoed", page(10, 0), 1000, false},
		{"capped by the server", page(100, 100), 1000, true},
		{"short of the server's cap", page(99, 100), 1000, false},
		{"echoed limit above ours", page(1000, 5000), 1000, true},
		{"echoed limit above ours, short", page(999, 5000), 1000, false},
		{"echoed limit not whole", page(10, 10.5), 1000, false},
	} {
		if got := pageIsFull(tc.page, tc.limit); got != tc.full {
			t.Errorf("%s: pageIsFull = %v, want %v", tc.name, got, tc.full)
		}
	}
}

func TestReadAheadCompleteIsTheShortPage(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		n        int
		next     bool
		complete bool
	}{
		{"full page, no next", MaxPageLimit, false, false},
		{"short page with next", 10, true, true},
		{"empty page with next", 0, true, true},
		{"full page with next", MaxPageLimit, true, false},
	} {
		ra := newReadAhead()
		ra.add(testPage(0, tc.n, !tc.next), true, now)
		if ra.complete != tc.complete {
			t.Errorf("%s: complete = %v, want %v", tc.name, ra.complete, tc.complete)
		}
	}
}
