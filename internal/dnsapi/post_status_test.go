package dnsapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// Post succeeds on 201 (the specification) and on 200 (IONOS's how-to),
// with the record the body holds; any other status is an *APIError.
func TestPostAcceptsCreatedAndOK(t *testing.T) {
	const body = `{"id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","type":"reverserecord","href":"http://x/reverserecords/3f2504e0-4f89-41d3-9a0c-0305e82c3301",` +
		`"metadata":{},"properties":{"name":"a.example.com","ip":"192.0.2.1"}}`
	for _, tc := range []struct {
		status int
		ok     bool
	}{
		{http.StatusCreated, true},
		{http.StatusOK, true},
		{http.StatusAccepted, false},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			posts := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				if r.Method != http.MethodPost || r.URL.Path != "/reverserecords" {
					http.Error(w, "unexpected", http.StatusTeapot)
					return
				}
				posts++
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, body)
			}))
			defer srv.Close()
			c, err := dnsapi.New(dnsapi.Config{Endpoint: srv.URL, Token: "t", RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			rec, err := c.Post(ctx, dnsapi.ReverseRecord{Name: "a.example.com", IP: "192.0.2.1"})
			switch {
			case tc.ok && (err != nil || rec.ID != "3f2504e0-4f89-41d3-9a0c-0305e82c3301" || rec.Properties.IP != "192.0.2.1"):
				t.Fatalf("Post on %d = %+v, %v; want the record", tc.status, rec, err)
			case !tc.ok && !errors.As(err, new(*dnsapi.APIError)):
				t.Fatalf("Post on %d = %+v, %v; want an *APIError", tc.status, rec, err)
			}
			if posts != 1 {
				t.Fatalf("%d POSTs, want 1", posts)
			}
		})
	}
}
