package dnsapitest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

func TestAdminEndpoints(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	rec := create(t, srv, "a.example.com", "192.0.2.1")
	admin := func(method, path string) response {
		t.Helper()
		// No token: the admin endpoints do not need one.
		return send(t, srv, method, path, "", "Authorization", "")
	}

	r := admin(http.MethodGet, AdminRecordsPath)
	wantStatus(t, r, http.StatusOK)
	if !wireDate.Match(r.body) {
		t.Errorf("admin records not in wire form: %s", r.body)
	}
	recs := decode[[]dnsapi.ReverseRecordRead](t, r)
	if len(recs) != 1 || recs[0] != rec {
		t.Errorf("admin records %+v", recs)
	}

	r = admin(http.MethodGet, AdminRequestsPath)
	wantStatus(t, r, http.StatusOK)
	reqs := decode[[]LoggedRequest](t, r)
	if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].Status != http.StatusCreated {
		t.Errorf("admin requests %+v", reqs)
	}

	r = admin(http.MethodGet, AdminStatsPath)
	wantStatus(t, r, http.StatusOK)
	if s := decode[Stats](t, r); s.Requests != 1 || s.NewConnections < 1 {
		t.Errorf("admin stats %+v", s)
	}

	wantError(t, admin(http.MethodGet, AdminResetPath), http.StatusMethodNotAllowed)
	wantError(t, admin(http.MethodPost, AdminStatsPath), http.StatusMethodNotAllowed)
	wantError(t, admin(http.MethodGet, "/_fake/nothing"), http.StatusNotFound)

	wantStatus(t, admin(http.MethodPost, AdminResetPath), http.StatusNoContent)
	if len(srv.Records()) != 0 {
		t.Error("reset kept records")
	}
	// Admin traffic is neither logged nor counted.
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests logged after reset", n)
	}
	if s := srv.Stats(); s.Requests != 0 {
		t.Errorf("stats after admin calls: %+v", s)
	}
	r = admin(http.MethodGet, AdminRecordsPath)
	if strings.TrimSpace(string(r.body)) != "[]" {
		t.Errorf("empty records = %s", r.body)
	}
}

// The stats-only reset is what a benchmark calls between two commands: it
// zeroes the counters and empties the request log, and keeps the records.
func TestAdminResetStats(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	rec := create(t, srv, "a.example.com", "192.0.2.1")
	admin := func(method, path string) response {
		t.Helper()
		return send(t, srv, method, path, "", "Authorization", "")
	}
	if s := srv.Stats(); s.Requests != 1 || s.PeakInFlight != 1 {
		t.Fatalf("stats before reset: %+v", s)
	}

	wantError(t, admin(http.MethodGet, AdminResetStatsPath), http.StatusMethodNotAllowed)
	wantStatus(t, admin(http.MethodPost, AdminResetStatsPath), http.StatusNoContent)

	if s := srv.Stats(); s != (Stats{}) {
		t.Errorf("stats after reset-stats: %+v", s)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests logged after reset-stats", n)
	}
	recs := srv.Records()
	if len(recs) != 1 || recs[0] != rec {
		t.Errorf("reset-stats changed the records: %+v", recs)
	}
}
