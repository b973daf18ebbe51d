package dnsapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// Tests of the read-ahead (readahead.go) through the batcher.

func readAheadRound(t *testing.T, f *batchFixture, recs []dnsapi.ReverseRecordRead) {
	t.Helper()
	for start := 0; start < len(recs); start += 10 {
		ids, ips := idsAndIPs(recs[start:min(start+10, len(recs))])
		results := f.lookupAll(context.Background(), ids, ips)
		// Let every lookup join (or be answered) before the window ends,
		// as Terraform's ten reads do.
		eventually(t, "the round's lookups are in", func() bool {
			answered := 0
			for _, ch := range results {
				answered += len(ch)
			}
			return answered+dnsapi.BatchPending(f.c) == len(ids) || dnsapi.BatchFlushing(f.c)
		})
		for i, ch := range results {
			var r lookupResult
			for {
				select {
				case r = <-ch:
				default:
					f.clock.Advance(dnsapi.BatchFillWait)
					time.Sleep(time.Millisecond)
					continue
				}
				break
			}
			if r.err != nil || r.rec.ID != ids[i] || r.rec.Properties.IP != ips[i] {
				t.Fatalf("lookup of %s = %+v, %v", ids[i], r.rec, r.err)
			}
		}
	}
}

func TestBatchReadAheadAnswersADenseRefresh(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(400)
	readAheadRound(t, f, recs)
	lists := listRequests(t, f.srv)
	if n := len(f.srv.Requests()); n > 3 || len(lists[len(lists)-1]) != 0 {
		t.Fatalf("%d requests for 400 lookups (%v), want at most 3 ending with a page read ahead", n, lists)
	}
}

func TestBatchReadAheadSkipsALargeContract(t *testing.T) {
	f := newBatchFixture(t)
	f.srv.Seed(5000)
	recs := f.put(10)
	readAheadRound(t, f, recs)
	if n := len(f.srv.Requests()); n != 1 {
		for _, r := range f.srv.Requests() {
			t.Log(r.Method, r.Path, r.RawQuery)
		}
		t.Fatalf("%d requests for 10 lookups in 5010 records, want 1", n)
	}

	// 100 records after 5000 others: the first page holds none of them,
	// so read-ahead stops there.
	f = newBatchFixture(t)
	f.srv.Seed(5000)
	recs = f.put(100)
	readAheadRound(t, f, recs)
	unfiltered := 0
	for _, l := range listRequests(t, f.srv) {
		if len(l) == 0 {
			unfiltered++
		}
	}
	if n := len(f.srv.Requests()); unfiltered > 1 || n > 11 {
		t.Fatalf("%d requests, %d pages read ahead for 100 lookups after 5000 others; want at most 11 and 1", n, unfiltered)
	}
	if held, pages := dnsapi.ReadAheadHeld(f.c); pages > 1 || held > 1000 {
		t.Fatalf("read ahead %d pages, holding %d records", pages, held)
	}
}

func TestBatchReadAheadForgetsWrites(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(40)
	// The 20th lookup starts read-ahead: rounds 2 and 3 come from a page.
	readAheadRound(t, f, recs[:30])
	before := len(f.srv.Requests())
	if held, pages := dnsapi.ReadAheadHeld(f.c); pages != 1 || held != 20 {
		t.Fatalf("read ahead: %d pages, %d records held; want 1 and the 20 not looked up after it", pages, held)
	}

	// The process renames record 35 and deletes record 36: the page must
	// not answer for either.
	ctx := context.Background()
	renamed := recs[35].Properties
	renamed.Name = "renamed.example.com"
	if _, err := f.c.Put(ctx, recs[35].ID, renamed); err != nil {
		t.Fatal(err)
	}
	if err := f.c.Delete(ctx, recs[36].ID); err != nil {
		t.Fatal(err)
	}
	f.srv.ResetRequests()
	got, err := f.c.Lookup(ctx, recs[35].ID, recs[35].Properties.IP)
	if err != nil || got.Properties.Name != "renamed.example.com" {
		t.Fatalf("renamed record = %+v, %v", got, err)
	}
	if _, err := f.c.Lookup(ctx, recs[36].ID, recs[36].Properties.IP); !dnsapi.IsNotFound(err) {
		t.Fatalf("deleted record: %v, want not found", err)
	}
	// The others still come from the page, with no request.
	readAheadRound(t, f, recs[30:35])
	if n := len(f.srv.Requests()); n != 2 {
		t.Fatalf("%d requests after the writes, want the 2 GETs of the written records (%d before)", n, before)
	}
}

func TestBatchReadAheadExpires(t *testing.T) {
	f := newBatchFixture(t)
	recs := f.put(40)
	readAheadRound(t, f, recs[:30])
	f.clock.Advance(dnsapi.ReadAheadMaxAge)
	f.srv.Update(recs[30].ID, func(r *dnsapi.ReverseRecord) { r.Name = "changed.example.com" })
	f.srv.ResetRequests()
	results := f.lookupAll(context.Background(), []string{recs[30].ID}, []string{recs[30].Properties.IP})
	eventually(t, "the lookup waits", func() bool { return dnsapi.BatchPending(f.c) == 1 })
	f.clock.Advance(dnsapi.BatchFillWait)
	if r := receive(t, results[0]); r.err != nil || r.rec.Properties.Name != "changed.example.com" {
		t.Fatalf("after the pages expired, lookup = %+v, %v; want the record as it is now", r.rec, r.err)
	}
	if held, pages := dnsapi.ReadAheadHeld(f.c); held != 0 || pages != 0 {
		t.Fatalf("expired pages kept: %d records, %d pages", held, pages)
	}
}
