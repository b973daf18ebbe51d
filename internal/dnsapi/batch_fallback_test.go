package dnsapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// Tests of the records a batch's list does not settle: those deleted,
// moved or renamed outside the process, an address now holding another
// record, and a list answered 404 are read by id (GET) instead.

func TestBatchFallsBackToGet(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(4)
	// Outside the process: 1 deleted, 2 renamed, 3 moved to another address.
	f.srv.Delete(recs[1].ID)
	f.srv.Update(recs[2].ID, func(r *dnsapi.ReverseRecord) { r.Name = "renamed.example.com" })
	f.srv.Update(recs[3].ID, func(r *dnsapi.ReverseRecord) { r.IP = "2001:db8:2::99" })
	f.srv.ResetRequests()

	ids, ips := idsAndIPs(recs)
	results := f.lookupAll(context.Background(), ids, ips)
	eventually(t, "4 lookups wait", func() bool { return dnsapi.BatchPending(f.c) == 4 })
	f.clock.Advance(dnsapi.BatchWindow)
	got := make([]lookupResult, 4)
	for i := range results {
		got[i] = receive(t, results[i])
	}
	switch {
	case got[0].err != nil || got[0].rec.Properties != recs[0].Properties:
		t.Errorf("unchanged record = %+v, %v", got[0].rec, got[0].err)
	case !dnsapi.IsNotFound(got[1].err):
		t.Errorf("deleted record = %+v, %v; want not found", got[1].rec, got[1].err)
	case got[2].err != nil || got[2].rec.Properties.Name != "renamed.example.com":
		t.Errorf("renamed record = %+v, %v", got[2].rec, got[2].err)
	case got[3].err != nil || got[3].rec.Properties.IP != "2001:db8:2::99" || got[3].rec.ID != recs[3].ID:
		t.Errorf("moved record = %+v, %v", got[3].rec, got[3].err)
	}
	// One filtered list, then GET by id for the two it did not settle.
	var gets []string
	for _, r := range f.srv.Requests() {
		if r.Path != "/reverserecords" {
			gets = append(gets, r.Method+" "+r.Path)
		}
	}
	if len(listRequests(t, f.srv)) != 1 || len(gets) != 2 {
		t.Fatalf("requests: %d lists, others %v; want 1 list and the GETs of the deleted and the moved record", len(listRequests(t, f.srv)), gets)
	}
}

func TestBatchConfirmDeleted(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(3)
	ctx := context.Background()
	if err := f.c.Delete(ctx, recs[0].ID); err != nil {
		t.Fatal(err)
	}
	// Record 2's address now holds another record (the deleted one's
	// successor), so only GET by id can tell that record 2 is gone.
	f.srv.Delete(recs[2].ID)
	f.srv.Put(dnsapi.ReverseRecord{IP: recs[2].Properties.IP, Name: "successor.example.com"})
	f.srv.ResetRequests()

	type res struct {
		gone bool
		err  error
	}
	out := make([]chan res, 3)
	for i := range recs {
		out[i] = make(chan res, 1)
		go func() {
			gone, err := f.c.ConfirmDeleted(ctx, recs[i].ID, recs[i].Properties.IP)
			out[i] <- res{gone, err}
		}()
	}
	eventually(t, "3 confirmations wait", func() bool { return dnsapi.BatchPending(f.c) == 3 })
	f.clock.Advance(dnsapi.BatchWindow)
	for i, want := range []bool{true, false, true} {
		select {
		case r := <-out[i]:
			if r.err != nil || r.gone != want {
				t.Errorf("confirmation %d = %v, %v; want %v", i, r.gone, r.err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no answer")
		}
	}
	if n, lists := len(f.srv.Requests()), len(listRequests(t, f.srv)); n != 2 || lists != 1 {
		t.Fatalf("%d requests, %d lists; want one list and one GET (the address with another record)", n, lists)
	}
}

// TestBatchListNotFoundFallsBackToGet: a list request answered 404 settles
// nothing; each lookup reads its record by id.
func TestBatchListNotFoundFallsBackToGet(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(2)
	f.srv.FailNext(1, http.StatusNotFound) // the list request
	results := f.lookupAll(context.Background(), []string{recs[0].ID, recs[1].ID}, []string{recs[0].Properties.IP, recs[1].Properties.IP})
	eventually(t, "2 lookups wait", func() bool { return dnsapi.BatchPending(f.c) == 2 })
	f.clock.Advance(dnsapi.BatchWindow)
	for i, ch := range results {
		if r := receive(t, ch); r.err != nil || r.rec.ID != recs[i].ID {
			t.Errorf("lookup %d = %+v, %v; want the record, read by id", i, r.rec, r.err)
		}
	}
	if n := len(f.srv.Requests()); n != 3 {
		t.Fatalf("%d requests, want the failed list and 2 GETs", n)
	}
}
