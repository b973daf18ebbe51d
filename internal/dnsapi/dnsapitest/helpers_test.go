package dnsapitest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// requestTimeout bounds every request a test makes.
const requestTimeout = 10 * time.Second

// response is what a test request got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// send makes one request with the fake's token and, when body is not
// empty, a JSON content type. Extra headers come as name/value pairs and
// replace the defaults; an empty value removes the header.
func send(t *testing.T, srv *Server, method, path, body string, headers ...string) response {
	t.Helper()
	resp, err := trySend(srv.Client(), srv.URL, method, path, body, headers...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

func trySend(client *http.Client, base, method, path, body string, headers ...string) (response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	target := path
	if !strings.HasPrefix(path, "http") {
		target = base + path
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %T from %s: %v", v, r.body, err)
	}
	return v
}

// wantStatus fails the test unless r has the status.
func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.body)
	}
}

// wantError checks for an Error body with the status and "DNS-<status>",
// and returns its message.
func wantError(t *testing.T, r response, status int) string {
	t.Helper()
	wantStatus(t, r, status)
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	e := decode[dnsapi.ErrorBody](t, r)
	if e.HTTPStatus != status || len(e.Messages) != 1 ||
		e.Messages[0].ErrorCode != "DNS-"+strconv.Itoa(status) || e.Messages[0].Message == "" {
		t.Errorf("error body = %s, want httpStatus %d and one DNS-%d message", r.body, status, status)
	}
	return e.Messages[0].Message
}

func recordBody(name, ip string) string {
	b, _ := json.Marshal(dnsapi.ReverseRecordEnsure{Properties: dnsapi.ReverseRecord{Name: name, IP: ip}})
	return string(b)
}

// create POSTs a record and expects 201.
func create(t *testing.T, srv *Server, name, ip string) dnsapi.ReverseRecordRead {
	t.Helper()
	r := send(t, srv, http.MethodPost, "/reverserecords", recordBody(name, ip))
	wantStatus(t, r, http.StatusCreated)
	return decode[dnsapi.ReverseRecordRead](t, r)
}

// eventually polls cond for at most a few seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

const unknownID = "6f1c2a4e-8b9d-4c3e-a1f0-123456789abc"
