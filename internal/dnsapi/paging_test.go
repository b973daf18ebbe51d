package dnsapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// Every listing path against servers that stray from the specification's
// paging the ways real servers have (see pagewalk.go): exact results, and
// requests bounded by the records, whatever _links.next says.

// pagingModes are the servers every listing is tried against.
var pagingModes = []struct {
	name   string
	paging dnsapitest.Paging
}{
	{"spec", dnsapitest.Paging{}},
	{"next never sent", dnsapitest.Paging{Next: dnsapitest.NextNever}},
	{"next always sent", dnsapitest.Paging{Next: dnsapitest.NextAlways}},
	{"unknown parameters rejected", dnsapitest.Paging{RejectUnknownParams: true}},
}

func pagingFakeAndClient(t *testing.T, p dnsapitest.Paging) (*dnsapitest.Server, *dnsapi.Client) {
	t.Helper()
	return clientFor(t, dnsapitest.NewServer(t, dnsapitest.Options{Token: "test-token", Paging: p}))
}

// listQueries returns the queries of the fake's list requests, each
// checked to carry the explicit limit of 1000.
func listQueries(t *testing.T, srv *dnsapitest.Server) []url.Values {
	t.Helper()
	var out []url.Values
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet || r.Path != "/reverserecords" {
			continue
		}
		q, err := url.ParseQuery(r.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		if q.Get("limit") != "1000" {
			t.Errorf("list request %q does not send limit=1000", r.RawQuery)
		}
		out = append(out, q)
	}
	return out
}

// sameRecords fails unless got holds exactly want's records, in order.
func sameRecords(t *testing.T, got, want []dnsapi.ReverseRecordRead) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID {
			t.Fatalf("record %d is %s, want %s", i, got[i].ID, want[i].ID)
		}
	}
}

func TestPagingListAll(t *testing.T) {
	for _, mode := range pagingModes {
		for _, n := range []int{0, 999, 1000, 1001, 2503} {
			t.Run(fmt.Sprintf("%s/%d records", mode.name, n), func(t *testing.T) {
				srv, c := pagingFakeAndClient(t, mode.paging)
				seeded := srv.Seed(n)
				srv.ResetRequests()
				all, err := c.ListAll(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				sameRecords(t, all, seeded)
				// One request per full page, and one for the short (or
				// empty) page that ends the walk.
				queries := listQueries(t, srv)
				if want := n/dnsapi.MaxPageLimit + 1; len(queries) != want {
					t.Fatalf("%d requests for %d records, want %d", len(queries), n, want)
				}
				for i, q := range queries {
					if want := i * dnsapi.MaxPageLimit; q.Get("offset") != fmt.Sprint(want) && (want != 0 || q.Has("offset")) {
						t.Errorf("request %d at offset %q, want %d", i, q.Get("offset"), want)
					}
				}
			})
		}
	}
}

func TestPagingFindByIP(t *testing.T) {
	for _, mode := range pagingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv, c := pagingFakeAndClient(t, mode.paging)
			seeded := srv.Seed(2503)
			srv.ResetRequests()
			want := seeded[2100] // on the third page of the list
			rec, found, err := c.FindByIP(context.Background(), want.Properties.IP)
			if err != nil || !found || rec.ID != want.ID {
				t.Fatalf("FindByIP = %+v, %v, %v; want %s", rec, found, err, want.ID)
			}
			if _, found, err := c.FindByIP(context.Background(), "192.0.2.250"); err != nil || found {
				t.Fatalf("FindByIP of a free address: found %v, %v", found, err)
			}
			queries := listQueries(t, srv)
			if len(queries) != 2 || len(queries[0]["filter.recordIp"]) != 1 {
				t.Fatalf("%d requests %v, want one filtered request per lookup", len(queries), queries)
			}
		})
	}
}

func TestPagingListAllFiltered(t *testing.T) {
	for _, mode := range pagingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv, c := pagingFakeAndClient(t, mode.paging)
			seeded := srv.Seed(2503)
			var ips []string
			for _, r := range seeded[2000:2250] {
				ips = append(ips, r.Properties.IP)
			}
			srv.ResetRequests()
			got, err := c.ListAll(context.Background(), ips...)
			if err != nil {
				t.Fatal(err)
			}
			sameRecords(t, got, seeded[2000:2250])
			if n := len(listQueries(t, srv)); n != 3 {
				t.Fatalf("%d requests for 250 addresses, want 3 chunks", n)
			}
		})
	}
}

// The batcher's filtered requests: ten lookups (below the read-ahead's
// threshold) are one filtered request, whatever the paging.
func TestPagingBatcherFiltered(t *testing.T) {
	for _, mode := range pagingModes {
		t.Run(mode.name, func(t *testing.T) {
			f := newBatchFixture(t)
			f.srv.SetPaging(mode.paging)
			f.srv.Seed(2503)
			recs := f.put(10)
			readAheadRound(t, f, recs)
			queries := listQueries(t, f.srv)
			if n := len(f.srv.Requests()); n != 1 || len(queries) != 1 || len(queries[0]["filter.recordIp"]) != 10 {
				t.Fatalf("%d requests (%v), want one filtered list request", n, queries)
			}
		})
	}
}

// The read-ahead reads the list's pages for a refresh of 1100 records:
// it must go on past the first page however the server sets next, and
// stop at the short one; the reads it does not answer would cost a GET
// by id each (the old walker, with next never sent: 100 of them).
func TestPagingReadAhead(t *testing.T) {
	for _, mode := range pagingModes {
		t.Run(mode.name, func(t *testing.T) {
			f := newBatchFixture(t)
			f.srv.SetPaging(mode.paging)
			recs := f.put(1100)
			readAheadRound(t, f, recs)
			reqs := f.srv.Requests()
			gets := 0
			for _, r := range reqs {
				if r.Path != "/reverserecords" {
					gets++
				}
			}
			queries := listQueries(t, f.srv)
			pages := 0
			for _, q := range queries {
				if !q.Has("filter.recordIp") {
					pages++
				}
			}
			// Two filtered batches before the read-ahead starts, then the
			// two pages of 1100 records; a little slack for batches the
			// estimate may send before reading on.
			if gets != 0 || pages != 2 || len(reqs) > 6 {
				t.Fatalf("%d requests (%d GET by id, %d pages read ahead) for 1100 lookups; want no GET, 2 pages, at most 6 requests",
					len(reqs), gets, pages)
			}
		})
	}
}

// A server that ignores offset answers full pages forever: the walk
// stops at the second page, which holds nothing new, with an error
// naming the request.
func TestPagingServerIgnoringOffsetFails(t *testing.T) {
	srv, c := pagingFakeAndClient(t, dnsapitest.Paging{IgnoreOffset: true, Next: dnsapitest.NextAlways})
	srv.Seed(2503)
	srv.ResetRequests()
	_, err := c.ListAll(context.Background())
	var pe *dnsapi.PagingError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "GET /reverserecords?limit=1000&offset=1000") {
		t.Fatalf("err = %v, want a *PagingError naming the second page's request", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
	// Fewer records than a page: the one page is short, and right.
	srv.Reset()
	srv.SetPaging(dnsapitest.Paging{IgnoreOffset: true, Next: dnsapitest.NextAlways})
	seeded := srv.Seed(999)
	all, err := c.ListAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sameRecords(t, all, seeded)
}

// Full pages of new records beyond the cap end the walk with an error
// naming the cap and the request.
func TestPagingStopsAtThePageCap(t *testing.T) {
	srv, c := pagingFakeAndClient(t, dnsapitest.Paging{Next: dnsapitest.NextAlways})
	dnsapi.SetMaxPages(c, 2)
	srv.Seed(2503)
	srv.ResetRequests()
	_, err := c.ListAll(context.Background())
	var pe *dnsapi.PagingError
	if !errors.As(err, &pe) || pe.Pages != 2 {
		t.Fatalf("err = %v, want a *PagingError after 2 pages", err)
	}
	for _, want := range []string{"GET /reverserecords?limit=1000&offset=2000", "cap of 2 pages"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if n := len(srv.Requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
	if dnsapi.DefaultMaxPages*dnsapi.MaxPageLimit < 1_000_000 {
		t.Fatalf("the default cap of %d pages is below a million records", dnsapi.DefaultMaxPages)
	}
}
