package dnsapi_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// BenchmarkDestroyUnthrottled is the client's share of a destroy with no
// rate limit: 200 records deleted by 10 workers (Terraform's default
// parallelism), each holding its slot until its record is confirmed gone,
// as the resource's Delete does, against the fake at 20 ms a request.
// Each delete costs at least two round trips with its slot held (the
// DELETE, then a read that shows the record gone), so the floor is
// 2 × 20 ms × 200 ÷ 10 = 0.8 s; "round-trips/delete" is the wall time in
// those units (2.0 at the floor), which a busy machine barely moves, since
// the work is waiting.
func BenchmarkDestroyUnthrottled(b *testing.B) {
	const (
		n       = 200
		workers = 10
		latency = 20 * time.Millisecond
	)
	srv := dnsapitest.NewServer(b, dnsapitest.Options{DisableConformance: true})
	var requests int
	var wall time.Duration
	for b.Loop() {
		b.StopTimer()
		srv.Reset()
		srv.SetLatency(0)
		recs := srv.Seed(n)
		srv.SetLatency(latency)
		_, c := clientFor(b, srv)
		srv.ResetRequests()
		b.StartTimer()

		start := time.Now()
		destroyWith(b, c, recs, workers)
		wall += time.Since(start)
		requests += len(srv.Requests())
	}
	b.ReportMetric(float64(wall)/float64(b.N)/float64(latency)/(n/workers), "round-trips/delete")
	b.ReportMetric(float64(requests)/float64(b.N)/n, "requests/record")
}

// destroyWith deletes recs with the given number of workers, each
// confirming its delete before it takes the next record.
func destroyWith(tb testing.TB, c *dnsapi.Client, recs []dnsapi.ReverseRecordRead, workers int) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	next := make(chan dnsapi.ReverseRecordRead)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for r := range next {
				err := c.Delete(ctx, r.ID)
				gone := false
				if err == nil {
					gone, err = c.ConfirmDeleted(ctx, r.ID, r.Properties.IP)
				}
				if err != nil || !gone {
					errs <- fmt.Errorf("record %s: gone %v, %w", r.ID, gone, err)
					cancel() // the sender stops too
					return
				}
			}
		})
	}
	for _, r := range recs {
		select {
		case next <- r:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatalf("a delete failed or its record was not gone: %v", err)
	}
}
