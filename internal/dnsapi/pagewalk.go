package dnsapi

import (
	"context"
	"fmt"
	"math"
	"net/http"
)

// The one page walker of the client. Every listing (ListAll, FindByIP, the
// batcher's filtered requests, the read-ahead) decides "is there another
// page?" with pageIsFull, and nothing else.
//
// _links.next is not trusted, in either direction: the specification says
// the API "always only return[s] a single page" and sends next only when
// offset + limit < total, but a server that never sends next (records after
// the first page are silently lost) and one that keeps sending it past the
// end (the walk never ends) have both been met by IONOS's own clients. The
// count of items is what the server cannot get wrong without also getting
// the data wrong: a page holding as many items as were asked for may have
// a successor, a shorter one is the last.

// defaultMaxPages bounds one walk: 10 000 pages of 1000 is ten million
// records, far beyond any contract. A server that keeps answering full
// pages of new records (an offset it ignores is caught earlier, see
// pageWalk.walk) is a bug, not a reason to loop forever.
const defaultMaxPages = 10_000

// pageFetcher reads the page of limit records at offset.
type pageFetcher func(ctx context.Context, offset, limit int) (*ReverseRecordsReadList, error)

// pageWalk is one walk's settings.
type pageWalk struct {
	// limit is sent with every request, never left to the server's
	// default (100, which a server may change).
	limit int
	// maxPages is how many pages the walk reads at most.
	maxPages int
	// filtered is how many addresses filter the listing, for errors.
	filtered int
}

// walk reads pages from offset 0 until a page is not full, and returns
// their records in the API's order, each id once: a record inserted
// before the current offset while walking shifts the records after it,
// so the next page may repeat the last one seen.
//
// It fails, naming the request and the limit hit, when maxPages pages were
// all full, or when a full page holds no record not listed before: a
// server that ignores offset answers the first page again and again, and
// the walk would otherwise run to the cap re-reading it.
func (w pageWalk) walk(ctx context.Context, fetch pageFetcher) ([]ReverseRecordRead, error) {
	var all []ReverseRecordRead
	seen := map[string]struct{}{}
	offset := 0
	for pages := 0; pages < w.maxPages; pages++ {
		page, err := fetch(ctx, offset, w.limit)
		if err != nil {
			return nil, err
		}
		fresh := 0
		for _, r := range page.Items {
			if _, dup := seen[r.ID]; dup {
				continue
			}
			seen[r.ID] = struct{}{}
			all = append(all, r)
			fresh++
		}
		if !pageIsFull(page, w.limit) {
			return all, nil
		}
		if fresh == 0 {
			return nil, &PagingError{
				Request: w.request(offset), Pages: pages + 1, Limit: w.limit,
				Reason: fmt.Sprintf("the full page at offset %d holds only records already listed; "+
					"the server seems to ignore offset, so walking on would never end", offset),
			}
		}
		offset += len(page.Items)
	}
	return nil, &PagingError{
		Request: w.request(offset), Pages: w.maxPages, Limit: w.limit,
		Reason: fmt.Sprintf("all %d pages were full, and the walk stops at that cap of %d pages (%d records)",
			w.maxPages, w.maxPages, w.maxPages*w.limit),
	}
}

// request names the page request at offset, for errors; a filter is
// summed up rather than spelled out (it may hold a hundred addresses).
func (w pageWalk) request(offset int) string {
	s := fmt.Sprintf("%s %s?limit=%d&offset=%d", http.MethodGet, recordsPath, w.limit, offset)
	if w.filtered > 0 {
		s += fmt.Sprintf(" (filter.recordIp: %d address(es))", w.filtered)
	}
	return s
}

// pageIsFull reports whether page, asked for with limit, may have a
// successor: it holds limit items or more. A server that caps the page
// size below what was asked for, and says so in the page's limit, is
// taken at its word (its full pages hold that many); a limit it echoes
// that is no whole number below ours is ignored.
func pageIsFull(page *ReverseRecordsReadList, limit int) bool {
	n := len(page.Items)
	if n == 0 {
		return false
	}
	want := limit
	if l := page.Limit; l >= 1 && l < float64(limit) && l == math.Trunc(l) {
		want = int(l)
	}
	return n >= want
}

// PagingError says a walk over the pages of the list was stopped before a
// page said it was the last.
type PagingError struct {
	// Request is the page request the walk stopped at, e.g.
	// "GET /reverserecords?limit=1000&offset=20000".
	Request string
	// Pages is how many pages were read, Limit the page size asked for.
	Pages, Limit int
	// Reason says which limit was hit.
	Reason string
}

func (e *PagingError) Error() string {
	return fmt.Sprintf("%s: stopped listing after %d page(s) of %d records: %s",
		e.Request, e.Pages, e.Limit, e.Reason)
}

// walker is the walk the client does for a listing filtered by ips.
func (c *Client) walker(ips []string) pageWalk {
	maxPages := c.maxPages
	if maxPages <= 0 {
		maxPages = defaultMaxPages
	}
	return pageWalk{limit: MaxPageLimit, maxPages: maxPages, filtered: len(ips)}
}

// listAllPages lists every record of ips (all records when ips is empty,
// at most maxFilterIPsPerRequest otherwise), walking the pages with the
// client's walker. The pages are asked for by offset, never by following
// _links.next: that is a URL the server chose, and following it would
// send the token wherever it points.
func (c *Client) listAllPages(ctx context.Context, ips []string) ([]ReverseRecordRead, error) {
	return c.walker(ips).walk(ctx, func(ctx context.Context, offset, limit int) (*ReverseRecordsReadList, error) {
		return c.ListPage(ctx, ListOptions{IPs: ips, Offset: offset, Limit: limit})
	})
}
