package dnsapitest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

func list(t *testing.T, srv *Server, path string) dnsapi.ReverseRecordsReadList {
	t.Helper()
	r := send(t, srv, http.MethodGet, path, "")
	wantStatus(t, r, http.StatusOK)
	return decode[dnsapi.ReverseRecordsReadList](t, r)
}

func TestPaginationWalk(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	const total = 2500
	srv.Seed(total)
	want := srv.Records()

	var ids []string
	next := "/reverserecords?limit=1000"
	for page := 0; next != ""; page++ {
		if page > 3 {
			t.Fatal("more pages than 2500/1000 allows")
		}
		l := list(t, srv, next)
		offset := page * 1000
		if int(l.Offset) != offset || l.Limit != 1000 {
			t.Errorf("page %d: offset %v limit %v", page, l.Offset, l.Limit)
		}
		wantSelf := srv.URL + "/reverserecords?limit=1000&offset=" + strconv.Itoa(offset)
		if l.Links.Self != wantSelf {
			t.Errorf("page %d: self %q, want %q", page, l.Links.Self, wantSelf)
		}
		switch page {
		case 0:
			if l.Links.Prev != "" || l.Links.Next == "" {
				t.Errorf("first page links %+v", l.Links)
			}
		case 1:
			if l.Links.Prev != srv.URL+"/reverserecords?limit=1000&offset=0" || l.Links.Next == "" {
				t.Errorf("middle page links %+v", l.Links)
			}
		case 2:
			if l.Links.Prev != srv.URL+"/reverserecords?limit=1000&offset=1000" || l.Links.Next != "" || len(l.Items) != 500 {
				t.Errorf("last page: links %+v, %d items", l.Links, len(l.Items))
			}
		}
		for _, it := range l.Items {
			ids = append(ids, it.ID)
		}
		next = l.Links.Next
	}
	if len(ids) != total {
		t.Fatalf("walk saw %d records, want %d", len(ids), total)
	}
	for i, rec := range want {
		if ids[i] != rec.ID {
			t.Fatalf("item %d is %s, want %s (creation order)", i, ids[i], rec.ID)
		}
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != total {
		t.Error("an id appeared twice")
	}

	// Defaults, an offset past the end, and a prev that clamps at 0.
	if l := list(t, srv, "/reverserecords"); l.Limit != 100 || len(l.Items) != 100 {
		t.Errorf("default page: limit %v, %v items", l.Limit, len(l.Items))
	}
	l := list(t, srv, "/reverserecords?offset=5000&limit=10")
	if len(l.Items) != 0 || l.Links.Next != "" || l.Links.Prev != srv.URL+"/reverserecords?limit=10&offset=4990" {
		t.Errorf("past the end: %d items, links %+v", len(l.Items), l.Links)
	}
	l = list(t, srv, "/reverserecords?offset=3&limit=10")
	if l.Links.Prev != srv.URL+"/reverserecords?limit=10&offset=0" || l.Items[0].ID != want[3].ID {
		t.Errorf("offset 3: prev %q", l.Links.Prev)
	}
	// offset+limit == total: no next.
	if l := list(t, srv, "/reverserecords?offset=2000&limit=500"); l.Links.Next != "" || len(l.Items) != 500 {
		t.Errorf("exact end: next %q, %d items", l.Links.Next, len(l.Items))
	}
}

func TestFilterByIPs(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	a := create(t, srv, "a.example.com", "192.0.2.1")
	create(t, srv, "b.example.com", "192.0.2.2")
	c := create(t, srv, "c.example.com", "2001:db8::c")

	// Repeated parameter; results in creation order whatever the filter
	// order; unmatched and repeated IPs are fine.
	q := url.Values{filterParam: {"2001:DB8::C", "192.0.2.1", "192.0.2.99", "192.0.2.1"}}
	l := list(t, srv, "/reverserecords?"+q.Encode())
	if len(l.Items) != 2 || l.Items[0].ID != a.ID || l.Items[1].ID != c.ID {
		t.Fatalf("filtered items %+v", l.Items)
	}

	// The filter survives in the links, so following next keeps it.
	q = url.Values{filterParam: {"192.0.2.1", "2001:db8::c"}, limitParam: {"1"}}
	l = list(t, srv, "/reverserecords?"+q.Encode())
	if len(l.Items) != 1 || l.Items[0].ID != a.ID || l.Links.Next == "" {
		t.Fatalf("first filtered page: %+v", l)
	}
	for _, link := range []string{l.Links.Self, l.Links.Next} {
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		if got := u.Query()[filterParam]; !slices.Equal(got, []string{"192.0.2.1", "2001:db8::c"}) {
			t.Errorf("link %s carries filter %v", link, got)
		}
	}
	l = list(t, srv, l.Links.Next)
	if len(l.Items) != 1 || l.Items[0].ID != c.ID || l.Links.Next != "" || l.Links.Prev == "" {
		t.Errorf("second filtered page: %+v", l)
	}
}
