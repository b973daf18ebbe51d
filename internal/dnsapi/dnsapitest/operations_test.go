package dnsapitest

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

var wireDate = regexp.MustCompile(`"createdDate":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"`)

func TestOperationsSucceed(t *testing.T) {
	t.Parallel()
	clock := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC) // no fraction: the wire still shows .000
	srv := NewServer(t, Options{Now: func() time.Time { return clock }})

	// POST → 201 with the full ReverseRecordRead.
	r := send(t, srv, http.MethodPost, "/reverserecords",
		`{"properties":{"name":"www.example.com","description":"web","ip":"203.0.113.7"}}`)
	wantStatus(t, r, http.StatusCreated)
	if !wireDate.Match(r.body) {
		t.Errorf("createdDate not in yyyy-MM-ddTHH:mm:ss.SSSZ form: %s", r.body)
	}
	created := decode[dnsapi.ReverseRecordRead](t, r)
	if _, err := uuid.Parse(created.ID); err != nil {
		t.Errorf("id %q is not a UUID", created.ID)
	}
	want := dnsapi.ReverseRecordRead{
		ID:   created.ID,
		Type: "reverserecord",
		Href: srv.URL + "/reverserecords/" + created.ID,
		Metadata: dnsapi.Metadata{
			CreatedDate:          clock,
			CreatedBy:            fakeUser,
			CreatedByUserID:      fakeUserID,
			LastModifiedDate:     clock,
			LastModifiedBy:       fakeUser,
			LastModifiedByUserID: fakeUserID,
			ResourceURN:          "ionos:dns:::reverserecord/" + created.ID,
		},
		Properties: dnsapi.ReverseRecord{Name: "www.example.com", Description: "web", IP: "203.0.113.7"},
	}
	if created != want {
		t.Errorf("created\n got %+v\nwant %+v", created, want)
	}

	// GET one → 200, same record.
	r = send(t, srv, http.MethodGet, "/reverserecords/"+created.ID, "")
	wantStatus(t, r, http.StatusOK)
	if got := decode[dnsapi.ReverseRecordRead](t, r); got != want {
		t.Errorf("get\n got %+v\nwant %+v", got, want)
	}

	// GET list → 200 collection.
	r = send(t, srv, http.MethodGet, "/reverserecords", "")
	wantStatus(t, r, http.StatusOK)
	list := decode[dnsapi.ReverseRecordsReadList](t, r)
	if _, err := uuid.Parse(list.ID); err != nil || list.Type != "collection" || list.Href != srv.URL+"/reverserecords" ||
		list.Offset != 0 || list.Limit != 100 || len(list.Items) != 1 || list.Items[0] != want {
		t.Errorf("list = %+v", list)
	}
	if list.Links.Self != srv.URL+"/reverserecords?limit=100&offset=0" || list.Links.Prev != "" || list.Links.Next != "" {
		t.Errorf("links = %+v", list.Links)
	}

	// PUT → 200; the update moves lastModifiedDate only; an empty
	// description disappears from the wire.
	clock = clock.Add(90 * time.Second)
	r = send(t, srv, http.MethodPut, "/reverserecords/"+created.ID, recordBody("web.example.com", "203.0.113.7"))
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(string(r.body), "description") {
		t.Errorf("empty description not omitted: %s", r.body)
	}
	updated := decode[dnsapi.ReverseRecordRead](t, r)
	if updated.Properties.Name != "web.example.com" || updated.Metadata.CreatedDate != want.Metadata.CreatedDate ||
		!updated.Metadata.LastModifiedDate.Equal(clock) {
		t.Errorf("updated = %+v", updated)
	}

	// DELETE → 202 with {}; then the record is gone.
	r = send(t, srv, http.MethodDelete, "/reverserecords/"+created.ID, "")
	wantStatus(t, r, http.StatusAccepted)
	if strings.TrimSpace(string(r.body)) != "{}" || r.header.Get("Content-Type") != "application/json" {
		t.Errorf("delete body %q, Content-Type %q", r.body, r.header.Get("Content-Type"))
	}
	wantError(t, send(t, srv, http.MethodGet, "/reverserecords/"+created.ID, ""), http.StatusNotFound)
	if n := len(srv.Records()); n != 0 {
		t.Errorf("%d records left", n)
	}
}

func TestEmptyListHasItemsArray(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	r := send(t, srv, http.MethodGet, "/reverserecords", "")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.body), `"items":[]`) {
		t.Errorf("empty list must have items: [], got %s", r.body)
	}
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{Token: "s3cret"})
	srv.ExpectBadRequests() // a missing or non-Bearer header violates the security scheme
	for _, tc := range []struct{ name, auth string }{
		{"missing", ""},
		{"wrong token", "Bearer test-token"},
		{"empty token", "Bearer "},
		{"basic scheme", "Basic czNjcmV0"},
		{"token without scheme", "s3cret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, op := range []struct{ method, path, body string }{
				{http.MethodGet, "/reverserecords", ""},
				{http.MethodPost, "/reverserecords", recordBody("a.example.com", "192.0.2.1")},
				{http.MethodGet, "/reverserecords/" + unknownID, ""},
				{http.MethodPut, "/reverserecords/" + unknownID, recordBody("a.example.com", "192.0.2.1")},
				{http.MethodDelete, "/reverserecords/" + unknownID, ""},
			} {
				r := send(t, srv, op.method, op.path, op.body, "Authorization", tc.auth)
				wantError(t, r, http.StatusUnauthorized)
			}
		})
	}
	if n := len(srv.Records()); n != 0 {
		t.Errorf("unauthorized requests created %d records", n)
	}
	// The right token, with the scheme in any case, works.
	wantStatus(t, send(t, srv, http.MethodGet, "/reverserecords", "", "Authorization", "bearer s3cret"), http.StatusOK)
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.ExpectBadRequests()
	existing := create(t, srv, "a.example.com", "192.0.2.1")

	long := strings.Repeat("x", maxBodyBytes+1)
	for _, tc := range []struct{ name, method, path, body, want string }{
		{"POST malformed JSON", "POST", "/reverserecords", `{"properties":`, ""},
		{"POST not an object", "POST", "/reverserecords", `[1,2]`, ""},
		{"POST trailing data", "POST", "/reverserecords", recordBody("a.example.com", "192.0.2.9") + `{}`, ""},
		{"POST empty body", "POST", "/reverserecords", "", ""},
		{"POST null", "POST", "/reverserecords", `null`, ""},
		{"POST missing properties", "POST", "/reverserecords", `{"name":"a","ip":"192.0.2.9"}`, "properties is required"},
		{"POST properties wrong type", "POST", "/reverserecords", `{"properties":"192.0.2.9"}`, ""},
		{"POST name wrong type", "POST", "/reverserecords", `{"properties":{"name":7,"ip":"192.0.2.9"}}`, ""},
		{"POST missing name", "POST", "/reverserecords", `{"properties":{"ip":"192.0.2.9"}}`, "name is required"},
		{"POST empty name", "POST", "/reverserecords", `{"properties":{"name":"","ip":"192.0.2.9"}}`, ""},
		{"POST blank name", "POST", "/reverserecords", `{"properties":{"name":"  ","ip":"192.0.2.9"}}`, ""},
		{"POST missing ip", "POST", "/reverserecords", `{"properties":{"name":"a"}}`, ""},
		{"POST empty ip", "POST", "/reverserecords", `{"properties":{"name":"a","ip":""}}`, ""},
		{"POST invalid ip", "POST", "/reverserecords", recordBody("a", "192.0.2.256"), ""},
		{"POST short ip", "POST", "/reverserecords", recordBody("a", "192.0.2"), ""},
		{"POST leading zeros", "POST", "/reverserecords", recordBody("a", "192.0.2.010"), ""},
		{"POST hostname as ip", "POST", "/reverserecords", recordBody("a", "example.com"), ""},
		{"POST ip with zone", "POST", "/reverserecords", recordBody("a", "fe80::1%eth0"), "zone"},
		{"POST ip with prefix", "POST", "/reverserecords", recordBody("a", "192.0.2.9/32"), ""},
		{"POST body too large", "POST", "/reverserecords", long, "too large"},
		{"PUT malformed JSON", "PUT", "/reverserecords/" + existing.ID, `{`, ""},
		{"PUT missing properties", "PUT", "/reverserecords/" + existing.ID, `{}`, ""},
		{"PUT empty name", "PUT", "/reverserecords/" + existing.ID, recordBody("", "192.0.2.1"), ""},
		{"PUT invalid ip", "PUT", "/reverserecords/" + existing.ID, recordBody("a", "2001:db8::g"), ""},
		{"GET invalid uuid", "GET", "/reverserecords/not-a-uuid", "", "not a UUID"},
		{"GET uuid without dashes", "GET", "/reverserecords/" + strings.ReplaceAll(unknownID, "-", ""), "", ""},
		{"GET uuid in braces", "GET", "/reverserecords/{" + unknownID + "}", "", ""},
		{"PUT invalid uuid", "PUT", "/reverserecords/1234", recordBody("a", "192.0.2.9"), ""},
		{"DELETE invalid uuid", "DELETE", "/reverserecords/1234", "", ""},
		{"limit zero", "GET", "/reverserecords?limit=0", "", ""},
		{"limit too big", "GET", "/reverserecords?limit=1001", "", "limit must be between 1 and 1000"},
		{"limit negative", "GET", "/reverserecords?limit=-1", "", ""},
		{"limit not integer", "GET", "/reverserecords?limit=ten", "", ""},
		{"limit fraction", "GET", "/reverserecords?limit=1.5", "", ""},
		{"limit empty", "GET", "/reverserecords?limit=", "", ""},
		{"offset negative", "GET", "/reverserecords?offset=-1", "", ""},
		{"offset not integer", "GET", "/reverserecords?offset=x", "", ""},
		{"offset beyond int32", "GET", "/reverserecords?offset=2147483648", "", ""},
		{"filter invalid ip", "GET", "/reverserecords?filter.recordIp=nope", "", "filter.recordIp"},
		{"filter one of two invalid", "GET", "/reverserecords?filter.recordIp=192.0.2.1&filter.recordIp=300.1.1.1", "", ""},
		{"filter empty", "GET", "/reverserecords?filter.recordIp=", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := wantError(t, send(t, srv, tc.method, tc.path, tc.body), http.StatusBadRequest)
			if !strings.Contains(msg, tc.want) {
				t.Errorf("message %q does not mention %q", msg, tc.want)
			}
		})
	}
	// Nothing changed.
	recs := srv.Records()
	if len(recs) != 1 || recs[0] != mustRecord(t, srv, existing.ID) || recs[0].Properties.Name != "a.example.com" {
		t.Errorf("records after bad requests: %+v", recs)
	}
}

func mustRecord(t *testing.T, srv *Server, id string) dnsapi.ReverseRecordRead {
	t.Helper()
	rec, ok := srv.Record(id)
	if !ok {
		t.Fatalf("record %s missing", id)
	}
	return rec
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	wantError(t, send(t, srv, http.MethodGet, "/reverserecords/"+unknownID, ""), http.StatusNotFound)
	wantError(t, send(t, srv, http.MethodDelete, "/reverserecords/"+unknownID, ""), http.StatusNotFound)

	// Unknown paths are not part of the specification.
	srv.ExpectBadRequests()
	for _, path := range []string{"/", "/reverserecord", "/reverserecords/", "/reverserecords/" + unknownID + "/x", "/zones"} {
		wantError(t, send(t, srv, http.MethodGet, path, ""), http.StatusNotFound)
	}
}

func TestPutUnknownIDCreates(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	upper := strings.ToUpper(unknownID)
	r := send(t, srv, http.MethodPut, "/reverserecords/"+upper, recordBody("new.example.com", "198.51.100.5"))
	wantStatus(t, r, http.StatusOK) // the specification lists 200 only
	rec := decode[dnsapi.ReverseRecordRead](t, r)
	if rec.ID != unknownID || rec.Properties.IP != "198.51.100.5" {
		t.Errorf("put-created %+v, want id %s", rec, unknownID)
	}
	if got := mustRecord(t, srv, unknownID); got.Properties.Name != "new.example.com" {
		t.Errorf("stored %+v", got)
	}
	// Retrying the same PUT is harmless: the record keeps its own IP.
	r = send(t, srv, http.MethodPut, "/reverserecords/"+unknownID, recordBody("new.example.com", "198.51.100.5"))
	wantStatus(t, r, http.StatusOK)
	if n := len(srv.Records()); n != 1 {
		t.Errorf("%d records after retried PUT, want 1", n)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.ExpectBadRequests()
	for _, tc := range []struct{ method, path, allow string }{
		{http.MethodPut, "/reverserecords", "GET, POST"},
		{http.MethodDelete, "/reverserecords", "GET, POST"},
		{http.MethodPatch, "/reverserecords", "GET, POST"},
		{http.MethodPost, "/reverserecords/" + unknownID, "GET, PUT, DELETE"},
		{http.MethodPatch, "/reverserecords/" + unknownID, "GET, PUT, DELETE"},
	} {
		r := send(t, srv, tc.method, tc.path, "")
		wantError(t, r, http.StatusMethodNotAllowed)
		if got := r.header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}

func TestConflicts(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	first := create(t, srv, "a.example.com", "203.0.113.7")
	other := create(t, srv, "b.example.com", "203.0.113.8")

	msg := wantError(t, send(t, srv, http.MethodPost, "/reverserecords", recordBody("c.example.com", "203.0.113.7")), http.StatusConflict)
	if msg != "IP 203.0.113.7 already has a reverse record" {
		t.Errorf("message %q", msg)
	}
	// PUT of another record, or of a new id, onto a taken IP.
	wantError(t, send(t, srv, http.MethodPut, "/reverserecords/"+other.ID, recordBody("b.example.com", "203.0.113.7")), http.StatusConflict)
	wantError(t, send(t, srv, http.MethodPut, "/reverserecords/"+unknownID, recordBody("n.example.com", "203.0.113.7")), http.StatusConflict)

	for _, ip := range []string{"8.8.8.8", "2001:db9::1", "192.0.3.1", "::ffff:192.0.2.1"} {
		msg := wantError(t, send(t, srv, http.MethodPost, "/reverserecords", recordBody("x.example.com", ip)), http.StatusConflict)
		if !strings.HasSuffix(msg, "is not owned by the contract") || !strings.Contains(msg, ip) {
			t.Errorf("message %q", msg)
		}
	}
	wantError(t, send(t, srv, http.MethodPut, "/reverserecords/"+first.ID, recordBody("a.example.com", "8.8.8.8")), http.StatusConflict)

	recs := srv.Records()
	if len(recs) != 2 || recs[0].Properties.IP != "203.0.113.7" || recs[1].Properties.IP != "203.0.113.8" {
		t.Errorf("records changed by refused requests: %+v", recs)
	}
}

func TestPutChangingIPFreesTheOldOne(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	rec := create(t, srv, "a.example.com", "192.0.2.10")
	wantStatus(t, send(t, srv, http.MethodPut, "/reverserecords/"+rec.ID, recordBody("a.example.com", "192.0.2.11")), http.StatusOK)
	if _, ok := srv.RecordByIP("192.0.2.10"); ok {
		t.Error("old IP still has a record")
	}
	if got, ok := srv.RecordByIP("192.0.2.11"); !ok || got.ID != rec.ID {
		t.Errorf("new IP: %+v, %v", got, ok)
	}
	create(t, srv, "b.example.com", "192.0.2.10") // free again
	if n := len(srv.Records()); n != 2 {
		t.Errorf("%d records, want 2", n)
	}
	// The moved record kept its place in creation order.
	if srv.Records()[0].ID != rec.ID {
		t.Error("PUT changed the creation order")
	}
}

func TestCanonicalIPs(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	for _, tc := range []struct{ in, want string }{
		{"2001:DB8:0::1", "2001:db8::1"},
		{"2001:0db8:0000:0000:0000:0000:0000:0002", "2001:db8::2"},
		{"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
	} {
		rec := create(t, srv, "v6.example.com", tc.in)
		if rec.Properties.IP != tc.want {
			t.Errorf("%s stored as %s, want %s", tc.in, rec.Properties.IP, tc.want)
		}
	}
	// Another spelling of a taken address is the same address.
	wantError(t, send(t, srv, http.MethodPost, "/reverserecords", recordBody("dup", "2001:db8:0:0::1")), http.StatusConflict)
	// Filters match whatever the spelling.
	r := send(t, srv, http.MethodGet, "/reverserecords?filter.recordIp=2001:0DB8::0001", "")
	wantStatus(t, r, http.StatusOK)
	list := decode[dnsapi.ReverseRecordsReadList](t, r)
	if len(list.Items) != 1 || list.Items[0].Properties.IP != "2001:db8::1" {
		t.Errorf("filter by non-canonical form: %+v", list.Items)
	}
	if got, ok := srv.RecordByIP("2001:DB8::2"); !ok || got.Properties.IP != "2001:db8::2" {
		t.Errorf("RecordByIP: %+v %v", got, ok)
	}
}

func TestNameAndDescriptionStoredAsGiven(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	r := send(t, srv, http.MethodPost, "/reverserecords",
		`{"properties":{"name":"Mixed.Example.COM.","description":" spaced  ","ip":"192.0.2.50"}}`)
	wantStatus(t, r, http.StatusCreated)
	rec := decode[dnsapi.ReverseRecordRead](t, r)
	if rec.Properties.Name != "Mixed.Example.COM." || rec.Properties.Description != " spaced  " {
		t.Errorf("properties %+v", rec.Properties)
	}
}
