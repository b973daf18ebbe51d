package dnsapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// These tests talk to the fake API over HTTP. The fake checks every request
// the client sends against the OpenAPI document, and fails the test at
// cleanup if one does not conform.

func newFakeAndClient(t testing.TB, mutate ...func(*dnsapi.Config)) (*dnsapitest.Server, *dnsapi.Client) {
	t.Helper()
	srv := dnsapitest.NewServer(t, dnsapitest.Options{Token: "test-token"})
	return clientFor(t, srv, mutate...)
}

// clientFor returns a client of srv with short retry waits.
func clientFor(t testing.TB, srv *dnsapitest.Server, mutate ...func(*dnsapi.Config)) (*dnsapitest.Server, *dnsapi.Client) {
	t.Helper()
	cfg := dnsapi.Config{
		Endpoint: srv.URL, Token: "test-token", UserAgent: "dnsapi-test",
		RetryWaitMin: time.Millisecond, RetryWaitMax: 10 * time.Millisecond,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	return srv, mustNew(t, cfg)
}

// mustNew is dnsapi.New for a configuration the test expects to be valid.
func mustNew(t testing.TB, cfg dnsapi.Config) *dnsapi.Client {
	t.Helper()
	client, err := dnsapi.New(cfg)
	if err != nil {
		t.Fatalf("dnsapi.New (endpoint %s): %v", cfg.Endpoint, err)
	}
	return client
}

func TestCRUD(t *testing.T) {
	srv, c := newFakeAndClient(t)
	ctx := context.Background()

	id := dnsapi.NewRecordID()
	created, err := c.Create(ctx, id, dnsapi.ReverseRecord{IP: "2001:DB8:0::1", Name: "a.example.com", Description: "first"})
	if err != nil {
		t.Fatal(err)
	}
	if created.ID != id || created.Properties.IP != "2001:db8::1" || created.Type != dnsapi.TypeReverseRecord || created.Metadata.CreatedDate.IsZero() {
		t.Fatalf("created = %+v", created)
	}

	got, err := c.Get(ctx, id)
	if err != nil || got.Properties != created.Properties {
		t.Fatalf("get = %+v, %v", got, err)
	}

	updated, err := c.Put(ctx, id, dnsapi.ReverseRecord{IP: "2001:db8::2", Name: "b.example.com"})
	if err != nil || updated.ID != id || updated.Properties.IP != "2001:db8::2" || updated.Properties.Description != "" {
		t.Fatalf("put = %+v, %v", updated, err)
	}
	if _, held := srv.RecordByIP("2001:db8::1"); held {
		t.Fatal("moving the record left the old IP taken")
	}

	posted, err := c.Post(ctx, dnsapi.ReverseRecord{IP: "192.0.2.1", Name: "c.example.com"})
	if err != nil || posted.ID == "" {
		t.Fatalf("post = %+v, %v", posted, err)
	}

	rec, found, err := c.FindByIP(ctx, "2001:0db8:0:0:0:0:0:2")
	if err != nil || !found || rec.ID != id {
		t.Fatalf("FindByIP = %+v, %v, %v", rec, found, err)
	}
	if _, found, err := c.FindByIP(ctx, "192.0.2.99"); err != nil || found {
		t.Fatalf("FindByIP of a free IP: found=%v err=%v", found, err)
	}

	for _, del := range []string{id, posted.ID} {
		if err := c.Delete(ctx, del); err != nil {
			t.Fatal(err)
		}
	}
	if len(srv.Records()) != 0 {
		t.Fatalf("records left: %+v", srv.Records())
	}
	if _, err := c.Get(ctx, id); !dnsapi.IsNotFound(err) {
		t.Fatalf("get after delete: %v", err)
	}
	if err := c.Delete(ctx, id); !dnsapi.IsNotFound(err) {
		t.Fatalf("second delete: %v", err)
	}
}

func TestCreateRejectsAnIDThatIsNotAUUID(t *testing.T) {
	srv, c := newFakeAndClient(t)
	if _, err := c.Create(context.Background(), "x", dnsapi.ReverseRecord{IP: "192.0.2.1", Name: "a"}); err == nil {
		t.Fatal("no error")
	}
	if len(srv.Requests()) != 0 {
		t.Fatal("a request was sent")
	}
}

func TestErrorStatusesKeepTheAPIsMessages(t *testing.T) {
	srv, c := newFakeAndClient(t)
	ctx := context.Background()
	srv.ExpectBadRequests()
	taken := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.7", Name: "taken.example.com"})

	badToken, err := dnsapi.New(dnsapi.Config{Endpoint: srv.URL, Token: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	id := dnsapi.NewRecordID()
	tests := []struct {
		name   string
		call   func() error
		is     func(error) bool
		status int
		text   string
	}{
		{"401", func() error { _, err := badToken.Get(ctx, taken.ID); return err }, dnsapi.IsUnauthorized, 401, "GET /reverserecords/" + taken.ID + ": 401 Unauthorized: [DNS-401]"},
		{"404", func() error { _, err := c.Get(ctx, id); return err }, dnsapi.IsNotFound, 404, "404 Not Found: [DNS-404]"},
		{"409 taken", func() error {
			_, err := c.Create(ctx, id, dnsapi.ReverseRecord{IP: "203.0.113.7", Name: "x.example.com"})
			return err
		}, dnsapi.IsConflict, 409, "PUT /reverserecords/" + id + ": 409 Conflict: [DNS-409] IP 203.0.113.7 already has a reverse record"},
		{"409 not owned", func() error {
			_, err := c.Create(ctx, id, dnsapi.ReverseRecord{IP: "8.8.8.8", Name: "x.example.com"})
			return err
		}, dnsapi.IsConflict, 409, "8.8.8.8"},
		{"400 invalid ip", func() error {
			_, err := c.Create(ctx, id, dnsapi.ReverseRecord{IP: "300.1.1.1", Name: "x.example.com"})
			return err
		}, dnsapi.IsBadRequest, 400, "400 Bad Request: [DNS-400]"},
		{"400 invalid filter", func() error {
			_, err := c.ListPage(ctx, dnsapi.ListOptions{IPs: []string{"nope"}})
			return err
		}, dnsapi.IsBadRequest, 400, "GET /reverserecords: 400"},
		{"400 limit too large", func() error {
			_, err := c.ListPage(ctx, dnsapi.ListOptions{Limit: 1001})
			return err
		}, dnsapi.IsBadRequest, 400, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			err := tt.call()
			var apiErr *dnsapi.APIError
			if !errors.As(err, &apiErr) || !tt.is(err) || apiErr.StatusCode != tt.status {
				t.Fatalf("err = %v", err)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("error %q does not contain %q", err, tt.text)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Fatalf("a %d was retried: %d requests", tt.status, n)
			}
		})
	}
}

func TestListAllWalksEveryPage(t *testing.T) {
	srv, c := newFakeAndClient(t)
	seeded := srv.Seed(2_600)
	srv.ResetRequests()

	all, err := c.ListAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(seeded) {
		t.Fatalf("got %d records, want %d", len(all), len(seeded))
	}
	seen := map[string]bool{}
	for i, r := range all {
		if seen[r.ID] {
			t.Fatalf("record %s twice", r.ID)
		}
		seen[r.ID] = true
		if r.ID != seeded[i].ID {
			t.Fatalf("record %d is %s, want %s (the API's order)", i, r.ID, seeded[i].ID)
		}
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests for 2600 records, want 3 pages of 1000", len(reqs))
	}
	for i, want := range []string{"limit=1000", "limit=1000&offset=1000", "limit=1000&offset=2000"} {
		if reqs[i].RawQuery != want {
			t.Fatalf("page %d query %q, want %q", i, reqs[i].RawQuery, want)
		}
	}
}

func TestListAllFiltersByIPInChunks(t *testing.T) {
	srv, c := newFakeAndClient(t)
	seeded := srv.Seed(300)
	var ips []string
	for _, r := range seeded[:250] {
		ips = append(ips, r.Properties.IP)
	}
	srv.ResetRequests()
	got, err := c.ListAll(context.Background(), ips...)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 {
		t.Fatalf("got %d records for 250 IPs", len(got))
	}
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("%d requests for 250 IPs, want 3 chunks of at most 100", n)
	}
}

func TestRetriesThrottlingAndUnavailability(t *testing.T) {
	srv, c := newFakeAndClient(t)
	ctx := context.Background()
	rec := srv.Put(dnsapi.ReverseRecord{IP: "192.0.2.5", Name: "a.example.com"})

	// 429 with Retry-After in seconds, then 503 with an HTTP-date: both
	// retried, for a write as well as a read.
	srv.ThrottleNext(1, "0")
	srv.FailNext(1, http.StatusServiceUnavailable)
	if _, err := c.Put(ctx, rec.ID, dnsapi.ReverseRecord{IP: "192.0.2.5", Name: "b.example.com"}); err != nil {
		t.Fatal(err)
	}
	srv.ThrottleNext(1, time.Now().Add(-time.Second).UTC().Format(http.TimeFormat))
	if _, err := c.Get(ctx, rec.ID); err != nil {
		t.Fatal(err)
	}

	// A Retry-After the client honours is actually waited for.
	// The fake logs when each request arrived; a slow machine can only
	// make the gap longer.
	srv.ResetRequests()
	srv.ThrottleNext(1, "1")
	if _, err := c.Get(ctx, rec.ID); err != nil {
		t.Fatal(err)
	}
	if reqs := srv.Requests(); len(reqs) != 2 || reqs[1].Time.Sub(reqs[0].Time) < time.Second {
		t.Fatalf("requests %+v: want the 429 and a retry at least the server's Retry-After of 1s later", reqs)
	}

	// Retries run out: the last answer, with the API's body, is the error.
	srv.FailNext(10, http.StatusServiceUnavailable)
	limited := mustNew(t, dnsapi.Config{Endpoint: srv.URL, Token: "test-token", MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	srv.ResetRequests()
	_, err := limited.Get(ctx, rec.ID)
	var apiErr *dnsapi.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || len(apiErr.Messages) == 0 {
		t.Fatalf("err = %v; want the last 503 with the API's message", err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("%d attempts, want 1 + 2 retries", n)
	}
	srv.ClearFaults()

	// A Retry-After over the maximum fails at once, saying so.
	srv.ThrottleNext(1, "120")
	impatient := mustNew(t, dnsapi.Config{Endpoint: srv.URL, Token: "test-token", MaxRetryAfter: 5 * time.Second})
	_, err = impatient.Get(ctx, rec.ID)
	var tooLong *dnsapi.RetryAfterTooLongError
	if !errors.As(err, &tooLong) || !strings.Contains(err.Error(), "retry after 2m0s, longer than the configured maximum wait of 5s") {
		t.Fatalf("err = %v", err)
	}
}

func TestNoRetryOnClientErrors(t *testing.T) {
	srv, c := newFakeAndClient(t)
	for _, status := range []int{400, 401, 403, 404, 409} {
		srv.ResetRequests()
		srv.FailNext(1, status)
		_, err := c.Get(context.Background(), dnsapi.NewRecordID())
		var apiErr *dnsapi.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
			t.Fatalf("%d: err = %v", status, err)
		}
		if n := len(srv.Requests()); n != 1 {
			t.Fatalf("%d was retried: %d requests", status, n)
		}
	}
}

// TestAmbiguousCreateLeavesExactlyOneRecord is the reason Create PUTs: the
// server stores the record, the answer is lost, the client retries.
func TestAmbiguousCreateLeavesExactlyOneRecord(t *testing.T) {
	for _, mode := range []struct {
		name string
		mode dnsapitest.DropMode
	}{{"502 after processing", dnsapitest.DropWith502}, {"connection closed after processing", dnsapitest.DropConnection}} {
		t.Run(mode.name, func(t *testing.T) {
			srv, c := newFakeAndClient(t)
			srv.DropNext(2, mode.mode)
			id := dnsapi.NewRecordID()
			rec, err := c.Create(context.Background(), id, dnsapi.ReverseRecord{IP: "198.51.100.1", Name: "once.example.com"})
			if err != nil {
				t.Fatal(err)
			}
			records := srv.Records()
			if len(records) != 1 || records[0].ID != id || rec.ID != id {
				t.Fatalf("records = %+v, returned %+v", records, rec)
			}
			if n := srv.CountRequests(http.MethodPut); n != 3 {
				t.Fatalf("%d PUTs, want 3 (two answers lost)", n)
			}
		})
	}
}

func TestPostIsNotRetriedAfterAnAmbiguousFailure(t *testing.T) {
	srv, c := newFakeAndClient(t)
	srv.DropNext(1, dnsapitest.DropWith502)
	_, err := c.Post(context.Background(), dnsapi.ReverseRecord{IP: "198.51.100.2", Name: "p.example.com"})
	if err == nil {
		t.Fatal("no error")
	}
	if n := srv.CountRequests(http.MethodPost); n != 1 {
		t.Fatalf("POST sent %d times; a lost POST must not be repeated", n)
	}
}

func TestHeadersSent(t *testing.T) {
	srv, c := newFakeAndClient(t, func(cfg *dnsapi.Config) { cfg.ContractNumber = "31415" })
	if _, err := c.ListPage(context.Background(), dnsapi.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	h := srv.Requests()[0].Header
	if h.Get("X-Contract-Number") != "31415" || h.Get("User-Agent") != "dnsapi-test" || h.Get("Accept") != "application/json" {
		t.Fatalf("headers = %v", h)
	}
	if auth := h.Get("Authorization"); strings.Contains(auth, "test-token") {
		t.Fatalf("the fake's log shows the token: %q", auth)
	}
}

func TestKeepAliveReusesConnections(t *testing.T) {
	srv, c := newFakeAndClient(t)
	srv.Seed(10)
	srv.ResetStats()
	for range 50 {
		if _, err := c.ListPage(context.Background(), dnsapi.ListOptions{Limit: 5}); err != nil {
			t.Fatal(err)
		}
	}
	if st := srv.Stats(); st.NewConnections > 1 {
		t.Fatalf("50 sequential requests opened %d connections", st.NewConnections)
	}
}

func TestMayHaveBeenApplied(t *testing.T) {
	tests := []struct {
		name   string
		inject func(*dnsapitest.Server)
		want   bool
	}{
		{"only 503s: nothing was done", func(s *dnsapitest.Server) { s.FailNext(10, http.StatusServiceUnavailable) }, false},
		{"answers lost with 502", func(s *dnsapitest.Server) { s.DropNext(10, dnsapitest.DropWith502) }, true},
		{"connections closed", func(s *dnsapitest.Server) { s.DropNext(10, dnsapitest.DropConnection) }, true},
		{"409", func(s *dnsapitest.Server) { s.Put(dnsapi.ReverseRecord{IP: "192.0.2.60", Name: "x"}) }, false},
		{"Retry-After over the maximum", func(s *dnsapitest.Server) { s.ThrottleNext(1, "3600") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := newFakeAndClient(t, func(cfg *dnsapi.Config) { cfg.MaxRetries = 2 })
			tt.inject(srv)
			_, err := c.Create(context.Background(), dnsapi.NewRecordID(), dnsapi.ReverseRecord{IP: "192.0.2.60", Name: "y.example.com"})
			if err == nil {
				t.Fatal("no error")
			}
			if got := dnsapi.MayHaveBeenApplied(err); got != tt.want {
				t.Fatalf("MayHaveBeenApplied(%v) = %v, want %v", err, got, tt.want)
			}
		})
	}
	if dnsapi.MayHaveBeenApplied(errors.New("plain")) {
		t.Fatal("a plain error may not have been applied")
	}
}
