package dnsapi

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// BenchmarkDecodePage decodes one page of 1000 records, the client's own
// share of listing (no HTTP, no fake).
func BenchmarkDecodePage(b *testing.B) {
	page := ReverseRecordsReadList{ID: "p", Type: TypeCollection, Limit: MaxPageLimit, Items: make([]ReverseRecordRead, MaxPageLimit)}
	now := time.Now().UTC()
	for i := range page.Items {
		page.Items[i] = ReverseRecordRead{
			ID: fmt.Sprintf("3f2504e0-4f89-41d3-9a0c-%012d", i), Type: TypeReverseRecord,
			Href:       "https://dns.de-fra.ionos.com/reverserecords/x",
			Metadata:   Metadata{CreatedDate: now, LastModifiedDate: now, ResourceURN: "ionos:dns:::reverserecord/x"},
			Properties: ReverseRecord{IP: fmt.Sprintf("2001:db8::%x", i), Name: fmt.Sprintf("host-%d.example.com", i)},
		}
	}
	body, err := json.Marshal(page)
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(Config{Endpoint: "http://127.0.0.1:1", Token: "t"})
	if err != nil {
		b.Fatal(err)
	}
	cl := call{method: "GET", path: recordsPath, want: 200}
	res := &response{status: 200, body: body}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeInto(c, cl, res, checkList); err != nil {
			b.Fatal(err)
		}
	}
}
