package dnsapitest

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// With a delete delay, an accepted deletion takes effect later: the
// record is still readable, listed and holds its IP until then. The fake's
// clock is injected, so the delay passes when the test says.
func TestDeleteDelay(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	srv := NewServer(t, Options{Now: clock, DeleteDelay: 5 * time.Second})

	rec := create(t, srv, "a", "192.0.2.1")
	wantStatus(t, send(t, srv, http.MethodDelete, "/reverserecords/"+rec.ID, ""), http.StatusAccepted)
	wantStatus(t, send(t, srv, http.MethodGet, "/reverserecords/"+rec.ID, ""), http.StatusOK)
	if _, ok := srv.RecordByIP("192.0.2.1"); !ok {
		t.Fatal("the record went before its delay")
	}
	list := send(t, srv, http.MethodGet, "/reverserecords?filter.recordIp=192.0.2.1", "")
	wantStatus(t, list, http.StatusOK)
	// Its IP is still taken; a repeated delete is accepted again.
	wantError(t, send(t, srv, http.MethodPost, "/reverserecords", recordBody("b", "192.0.2.1")), http.StatusConflict)
	wantStatus(t, send(t, srv, http.MethodDelete, "/reverserecords/"+rec.ID, ""), http.StatusAccepted)

	advance(5 * time.Second)
	wantError(t, send(t, srv, http.MethodGet, "/reverserecords/"+rec.ID, ""), http.StatusNotFound)
	create(t, srv, "b", "192.0.2.1")
	if n := len(srv.Records()); n != 1 {
		t.Fatalf("%d records; want the new one only", n)
	}

	// The setter turns it off; the hook deletes at once anyway.
	srv.SetDeleteDelay(0)
	c := create(t, srv, "c", "192.0.2.2")
	wantStatus(t, send(t, srv, http.MethodDelete, "/reverserecords/"+c.ID, ""), http.StatusAccepted)
	if _, ok := srv.Record(c.ID); ok {
		t.Fatal("without a delay the record should be gone at once")
	}
	srv.SetDeleteDelay(time.Hour)
	b, _ := srv.RecordByIP("192.0.2.1")
	if !srv.Delete(b.ID) {
		t.Fatal("hook Delete found nothing")
	}
	if _, ok := srv.Record(b.ID); ok {
		t.Fatal("the hook's Delete must not linger")
	}
}

// With an answer latency, a write is done before it is answered: a client
// that gives up meanwhile gets nothing, yet the record exists.
func TestAnswerLatencyProcessesFirst(t *testing.T) {
	t.Parallel()
	srv := NewServer(t, Options{})
	srv.SetAnswerLatency(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, srv.URL+"/reverserecords/3f2504e0-4f89-41d3-9a0c-0305e82c3301",
		strings.NewReader(recordBody("a", "192.0.2.9")))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	done := make(chan error, 1)
	go func() {
		resp, err := srv.Client().Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		done <- err
	}()
	for range 5000 {
		if _, ok := srv.RecordByIP("192.0.2.9"); ok {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if _, ok := srv.RecordByIP("192.0.2.9"); !ok {
		t.Fatal("the PUT was not processed before its answer")
	}
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the client got an answer despite the latency")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the request did not end after the client gave up")
	}
}
