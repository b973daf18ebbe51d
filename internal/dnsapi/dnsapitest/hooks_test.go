package dnsapitest

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/testwait"
)

func TestHooks(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})

	// Put plants a record the API would refuse (IP not owned) and the API
	// serves it.
	planted := srv.Put(dnsapi.ReverseRecord{Name: "drift.example.com", IP: "8.8.8.8"})
	if planted.Href != srv.URL+"/reverserecords/"+planted.ID || planted.Metadata.CreatedDate.IsZero() {
		t.Errorf("planted %+v", planted)
	}
	got := decode[dnsapi.ReverseRecordRead](t, send(t, srv, http.MethodGet, "/reverserecords/"+planted.ID, ""))
	if got != planted {
		t.Errorf("API shows\n%+v\nhook returned\n%+v", got, planted)
	}

	withID := srv.PutWithID(strings.ToUpper(unknownID), dnsapi.ReverseRecord{Name: "x", IP: "2001:DB8::0:7"})
	if withID.ID != unknownID || withID.Properties.IP != "2001:db8::7" {
		t.Errorf("PutWithID %+v", withID)
	}
	if rec, ok := srv.RecordByIP("2001:db8:0::7"); !ok || rec.ID != unknownID {
		t.Errorf("RecordByIP %+v %v", rec, ok)
	}
	if _, ok := srv.RecordByIP("not an ip"); ok {
		t.Error("RecordByIP of garbage found something")
	}

	// Update behind the client's back; the client sees it.
	if !srv.Update(unknownID, func(p *dnsapi.ReverseRecord) { p.Name = "changed"; p.IP = "2001:db8::8" }) {
		t.Fatal("Update did not find the record")
	}
	got = decode[dnsapi.ReverseRecordRead](t, send(t, srv, http.MethodGet, "/reverserecords/"+unknownID, ""))
	if got.Properties.Name != "changed" || got.Properties.IP != "2001:db8::8" {
		t.Errorf("after Update: %+v", got)
	}
	if _, ok := srv.RecordByIP("2001:db8::7"); ok {
		t.Error("Update did not free the old IP")
	}
	if srv.Update("6f1c2a4e-0000-4c3e-a1f0-123456789abc", func(*dnsapi.ReverseRecord) {}) {
		t.Error("Update of a missing record reported success")
	}

	recs := srv.Records()
	if len(recs) != 2 || recs[0].ID != planted.ID || recs[1].ID != unknownID {
		t.Errorf("Records %+v", recs)
	}
	if !srv.Delete(planted.ID) || srv.Delete(planted.ID) {
		t.Error("Delete should succeed once")
	}
	wantError(t, send(t, srv, http.MethodGet, "/reverserecords/"+planted.ID, ""), http.StatusNotFound)

	srv.FailNext(3, 500)
	srv.Reset()
	if len(srv.Records()) != 0 || len(srv.Requests()) != 0 || srv.Stats().Requests != 0 {
		t.Error("Reset left state behind")
	}
	wantStatus(t, send(t, srv, http.MethodGet, "/reverserecords", ""), http.StatusOK) // faults gone too
}

func TestHookMisusePanics(t *testing.T) {
	t.Parallel()
	f := New(Options{})
	f.Put(dnsapi.ReverseRecord{Name: "a", IP: "192.0.2.1"})
	for name, misuse := range map[string]func(){
		"invalid IP":    func() { f.Put(dnsapi.ReverseRecord{Name: "a", IP: "nope"}) },
		"taken IP":      func() { f.Put(dnsapi.ReverseRecord{Name: "a", IP: "192.0.2.1"}) },
		"invalid id":    func() { f.PutWithID("x", dnsapi.ReverseRecord{Name: "a", IP: "192.0.2.2"}) },
		"update to IP":  func() { id := f.Records()[0].ID; f.Update(id, func(p *dnsapi.ReverseRecord) { p.IP = "zz" }) },
		"FailNext 200":  func() { f.FailNext(1, 200) },
		"DropNext mode": func() { f.DropNext(1, DropMode(0)) },
		"seed too many": func() {
			New(Options{OwnedPrefixes: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/30")}}).Seed(4)
		},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			misuse()
		})
	}
}

func TestSeed(t *testing.T) {
	t.Parallel()
	f := New(Options{})
	f.Put(dnsapi.ReverseRecord{Name: "taken", IP: "2001:db8:8000::1"})
	start := time.Now()
	seeded := f.Seed(10_000)
	t.Logf("Seed(10000) took %v", time.Since(start)) // BenchmarkSeed measures it properly
	if len(seeded) != 10_000 || len(f.Records()) != 10_001 {
		t.Fatalf("seeded %d, have %d", len(seeded), len(f.Records()))
	}
	seen := map[string]bool{}
	owned := DefaultOwnedPrefixes()[3]
	for _, rec := range seeded {
		addr := netip.MustParseAddr(rec.Properties.IP)
		if seen[rec.Properties.IP] || !owned.Contains(addr) || rec.Properties.IP == "2001:db8:8000::1" {
			t.Fatalf("bad seeded IP %s", rec.Properties.IP)
		}
		seen[rec.Properties.IP] = true
	}
	// The addresses tests like to type stay free.
	for _, ip := range []string{"192.0.2.1", "2001:db8::1"} {
		if _, ok := f.RecordByIP(ip); ok {
			t.Errorf("Seed took %s", ip)
		}
	}

	// Small prefixes fill up completely, middle first, then wrap around.
	small := New(Options{OwnedPrefixes: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/29")}})
	var ips []string
	for _, rec := range small.Seed(7) {
		ips = append(ips, rec.Properties.IP)
	}
	want := "192.0.2.4 192.0.2.5 192.0.2.6 192.0.2.7 192.0.2.1 192.0.2.2 192.0.2.3"
	if strings.Join(ips, " ") != want {
		t.Errorf("seed order %v, want %s", ips, want)
	}
}

func TestRequestLogAndStats(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	create(t, srv, "a", "192.0.2.1")
	send(t, srv, http.MethodGet, "/reverserecords?limit=5", "")
	send(t, srv, http.MethodPut, "/reverserecords/"+unknownID, recordBody("b", "192.0.2.2"))
	send(t, srv, http.MethodDelete, "/reverserecords/"+unknownID, "")
	_, _ = trySend(srv.Client(), srv.URL, http.MethodGet, "/_fake/stats", "") // not logged

	reqs := srv.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d logged requests, want 4: %+v", len(reqs), reqs)
	}
	if r := reqs[1]; r.Method != "GET" || r.Path != "/reverserecords" || r.RawQuery != "limit=5" || r.Status != 200 || r.Time.IsZero() {
		t.Errorf("logged GET %+v", r)
	}
	if r := reqs[0]; !strings.Contains(r.Body, "192.0.2.1") || r.Header.Get("Authorization") != "Bearer [redacted]" {
		t.Errorf("logged POST body %q, Authorization %q", r.Body, r.Header.Get("Authorization"))
	}
	if srv.CountRequests(http.MethodGet) != 1 || srv.CountRequests(http.MethodPut) != 1 || srv.WriteRequests() != 3 {
		t.Errorf("counts: GET %d PUT %d writes %d", srv.CountRequests("GET"), srv.CountRequests("PUT"), srv.WriteRequests())
	}
	srv.ResetRequests()
	if len(srv.Requests()) != 0 || srv.WriteRequests() != 0 {
		t.Error("ResetRequests left entries")
	}
	if s := srv.Stats(); s.Requests != 4 {
		t.Errorf("stats %+v: ResetRequests must not touch them", s)
	}
}

func TestStatsCountConnectionsAndConcurrency(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})

	// One keep-alive client reuses its connection.
	keepAlive := &http.Client{Transport: &http.Transport{}, Timeout: requestTimeout}
	defer keepAlive.CloseIdleConnections()
	for range 5 {
		if _, err := trySend(keepAlive, srv.URL, http.MethodGet, "/reverserecords", ""); err != nil {
			t.Fatal(err)
		}
	}
	if s := srv.Stats(); s.NewConnections != 1 || s.Requests != 5 {
		t.Errorf("keep-alive: %+v", s)
	}

	srv.ResetStats()
	noKeepAlive := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: requestTimeout}
	for range 3 {
		if _, err := trySend(noKeepAlive, srv.URL, http.MethodGet, "/reverserecords", ""); err != nil {
			t.Fatal(err)
		}
	}
	if s := srv.Stats(); s.NewConnections != 3 || s.Requests != 3 {
		t.Errorf("no keep-alive: %+v", s)
	}

	// Peak concurrency: requests held in a long latency overlap for sure;
	// the clients then give up, which ends the sleeps.
	srv.ResetStats()
	srv.SetLatency(time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 4)
	for range 4 {
		go func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/reverserecords", nil)
			req.Header.Set("Authorization", "Bearer "+DefaultToken)
			resp, err := srv.Client().Do(req)
			if err == nil {
				_ = resp.Body.Close()
			}
			done <- err
		}()
	}
	eventually(t, "4 requests in flight", func() bool { return srv.Stats().InFlight == 4 })
	cancel()
	for range 4 {
		if err := testwait.Receive(t, done, "a cancelled request to return"); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want canceled", err)
		}
	}
	eventually(t, "the requests to finish", func() bool { return srv.Stats().InFlight == 0 })
	if s := srv.Stats(); s.PeakInFlight != 4 || s.Requests != 4 {
		t.Errorf("concurrent: %+v", s)
	}
}

func BenchmarkSeed10000(b *testing.B) {
	for b.Loop() {
		New(Options{}).Seed(10_000)
	}
}
