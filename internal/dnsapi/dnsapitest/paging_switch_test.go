package dnsapitest

import (
	"net/http"
	"strings"
	"testing"
)

func TestPagingNextNever(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{Paging: Paging{Next: NextNever}})
	want := srv.Seed(2500)
	l := list(t, srv, "/reverserecords?limit=1000")
	if len(l.Items) != 1000 || l.Links.Next != "" || l.Links.Self == "" {
		t.Fatalf("first of three pages: %d items, links %+v; want 1000 items and no next", len(l.Items), l.Links)
	}
	// The pages are still there for a client that asks by offset.
	l = list(t, srv, "/reverserecords?limit=1000&offset=2000")
	if len(l.Items) != 500 || l.Items[0].ID != want[2000].ID || l.Links.Next != "" || l.Links.Prev == "" {
		t.Fatalf("last page: %d items, links %+v", len(l.Items), l.Links)
	}
}

func TestPagingNextAlways(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.Seed(2500)
	srv.SetPaging(Paging{Next: NextAlways}) // mid-test
	for _, tc := range []struct {
		query, next string
		items       int
	}{
		{"limit=1000&offset=2000", "limit=1000&offset=3000", 500},           // the last page
		{"limit=1000&offset=2500", "limit=1000&offset=3500", 0},             // empty, just past the end
		{"limit=1000&offset=9000", "limit=1000&offset=10000", 0},            // far past it
		{"limit=1000&offset=2147483647", "limit=1000&offset=2147483647", 0}, // next stays a valid offset
	} {
		l := list(t, srv, "/reverserecords?"+tc.query)
		if len(l.Items) != tc.items || l.Links.Next != srv.URL+"/reverserecords?"+tc.next {
			t.Errorf("%s: %d items, next %q; want %d items, next ?%s", tc.query, len(l.Items), l.Links.Next, tc.items, tc.next)
		}
	}
	// Reset returns to the Options' paging, the specification.
	srv.Reset()
	srv.Seed(10)
	if l := list(t, srv, "/reverserecords?limit=1000"); l.Links.Next != "" || srv.Paging() != (Paging{}) {
		t.Fatalf("after Reset: next %q, paging %+v", l.Links.Next, srv.Paging())
	}
	// NewServer's conformance check, at cleanup, finds every next valid.
}

func TestPagingIgnoreOffset(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{Paging: Paging{IgnoreOffset: true}})
	want := srv.Seed(30)
	l := list(t, srv, "/reverserecords?limit=10&offset=20")
	if len(l.Items) != 10 || l.Items[0].ID != want[0].ID || l.Offset != 20 {
		t.Fatalf("offset 20 of a server ignoring offset: %d items from %s, offset %v; want the first page", len(l.Items), l.Items[0].ID, l.Offset)
	}
}

func TestPagingUnknownParams(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.Seed(3)
	// By default an unknown parameter is ignored, as the real API does.
	if l := list(t, srv, "/reverserecords?depth=1&limit=2"); len(l.Items) != 2 {
		t.Fatalf("depth=1 by default: %d items", len(l.Items))
	}
	srv.SetPaging(Paging{RejectUnknownParams: true})
	r := send(t, srv, http.MethodGet, "/reverserecords?depth=1&limit=2&zzz=0", "")
	wantError(t, r, http.StatusBadRequest)
	if !strings.Contains(string(r.body), `unknown query parameter \"depth\"`) {
		t.Errorf("400 body %s does not name depth", r.body)
	}
	// The parameters of the specification pass.
	if l := list(t, srv, "/reverserecords?filter.recordIp=192.0.2.1&offset=0&limit=2"); l.Items == nil {
		t.Fatal("no items")
	}
}
