package dnsapi_test

import (
	"context"
	"fmt"
	"math/rand/v2"
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
// Before each delete a worker spends 0 to 20 ms (a fixed pseudo-random
// sequence) as Terraform core does on each instance, so the workers drift
// apart as they do under Terraform instead of running in lockstep.
//
// A delete cannot take less than two round trips with its slot held (the
// DELETE, then a read that shows the record gone), so a worker's floor is
// its core time + 2 × 20 ms per record; "x-floor" is the wall time over
// the slowest worker's floor (1.00 at the floor), which a busy machine
// barely moves, since the work is waiting.
func BenchmarkDestroyUnthrottled(b *testing.B) {
	const (
		n       = 200
		workers = 10
		latency = 20 * time.Millisecond
	)
	srv := dnsapitest.NewServer(b, dnsapitest.Options{DisableConformance: true})
	var requests int
	var wall, floor time.Duration
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
		floor += destroyWith(b, c, recs, workers, 2*latency)
		wall += time.Since(start)
		requests += len(srv.Requests())
	}
	b.ReportMetric(float64(wall)/float64(floor), "x-floor")
	b.ReportMetric(float64(requests)/float64(b.N)/n, "requests/record")
}

// destroyWith deletes recs with the given number of workers, worker w
// taking records w, w+workers, …, each confirming its delete before it
// takes the next. It returns the floor: the slowest worker's core time
// plus perDelete for each of its records.
func destroyWith(tb testing.TB, c *dnsapi.Client, recs []dnsapi.ReverseRecordRead, workers int, perDelete time.Duration) time.Duration {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	errs := make(chan error, workers)
	floors := make([]time.Duration, workers)
	var wg sync.WaitGroup
	for w := range workers {
		core := rand.New(rand.NewPCG(uint64(w), 16))
		wg.Go(func() {
			for i := w; i < len(recs); i += workers {
				d := time.Duration(core.Int64N(int64(20 * time.Millisecond)))
				floors[w] += d + perDelete
				time.Sleep(d)
				r := recs[i]
				err := c.Delete(ctx, r.ID)
				gone := false
				if err == nil {
					gone, err = c.ConfirmDeleted(ctx, r.ID, r.Properties.IP)
				}
				if err != nil || !gone {
					errs <- fmt.Errorf("record %s: gone %v, %w", r.ID, gone, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatalf("a delete failed or its record was not gone: %v", err)
	}
	var floor time.Duration
	for _, f := range floors {
		floor = max(floor, f)
	}
	return floor
}
