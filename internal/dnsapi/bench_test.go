package dnsapi_test

import (
	"context"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// BenchmarkListAll10000 lists 10 000 records from the fake over HTTP, in
// pages of 1000. It reports requests per walk and allocations per record
// (the client's and, since the fake runs in this process, the fake's).
func BenchmarkListAll10000(b *testing.B) {
	const n = 10_000
	srv := dnsapitest.NewServer(b, dnsapitest.Options{DisableConformance: true})
	srv.Seed(n)
	_, c := clientFor(b, srv)
	ctx := context.Background()
	srv.ResetRequests()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		all, err := c.ListAll(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(all) != n {
			b.Fatalf("listed %d records", len(all))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(srv.Requests()))/float64(b.N), "requests/op")
}
