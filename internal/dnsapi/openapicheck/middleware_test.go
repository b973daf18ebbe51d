package openapicheck

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// serve puts a canned handler behind Wrap on a real server and sends one
// request.
func serve(t *testing.T, h http.HandlerFunc, method, path, body string) (*Recorder, error) {
	t.Helper()
	wrapped, rec := Wrap(h)
	srv := httptest.NewServer(wrapped)
	defer srv.Close()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer t")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return rec, err
}

func respond(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func counts(rec *Recorder) (int, int) {
	return len(rec.RequestViolations()), len(rec.ResponseViolations())
}

func TestWrapSeparatesRequestAndResponseViolations(t *testing.T) {
	for _, tc := range []struct {
		name               string
		h                  http.HandlerFunc
		method, path, body string
		wantReq, wantResp  int
	}{
		{"all good", respond(200, goodRecord), "GET", "/reverserecords/" + goodID, "", 0, 0},
		{"bad request, good answer", respond(400, goodError), "GET", "/reverserecords?limit=0", "", 1, 0},
		{"good request, bad answer", respond(200, `{"id":"x"}`), "GET", "/reverserecords/" + goodID, "", 0, 1},
		{"both bad", respond(201, `{}`), "POST", "/reverserecords", `{"properties":{}}`, 1, 1},
		{"unlisted status not checked", respond(429, `rate limited`), "GET", "/reverserecords", "", 0, 0},
		{"unknown path: request only", respond(404, `whatever`), "GET", "/nothing", "", 1, 0},
		{"admin path skipped", respond(200, `not json`), "GET", "/_fake/stats", "", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := serve(t, tc.h, tc.method, tc.path, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if req, resp := counts(rec); req != tc.wantReq || resp != tc.wantResp {
				t.Errorf("violations: %d request %v, %d response %v; want %d, %d",
					req, rec.RequestViolations(), resp, rec.ResponseViolations(), tc.wantReq, tc.wantResp)
			}
			rec.Reset()
			if req, resp := counts(rec); req+resp != 0 {
				t.Error("Reset kept violations")
			}
		})
	}
}

func TestWrapPassesBodyAndHijackThrough(t *testing.T) {
	// The handler still gets the whole body after validation.
	var got string
	rec, err := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
		respond(201, goodRecord)(w, r)
	}, "POST", "/reverserecords", `{"properties":{"name":"a","ip":"192.0.2.1"}}`)
	if err != nil || got != `{"properties":{"name":"a","ip":"192.0.2.1"}}` {
		t.Fatalf("handler saw %q (%v)", got, err)
	}
	if req, resp := counts(rec); req+resp != 0 {
		t.Errorf("violations %v %v", rec.RequestViolations(), rec.ResponseViolations())
	}

	// A connection closed without an answer is not a response violation.
	rec, err = serve(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack through the wrapper: %v", err)
			return
		}
		conn.Close()
	}, "DELETE", "/reverserecords/"+goodID, "")
	if err == nil {
		t.Error("expected a transport error from the closed connection")
	}
	if req, resp := counts(rec); req+resp != 0 {
		t.Errorf("violations %v %v", rec.RequestViolations(), rec.ResponseViolations())
	}
}

func TestViolationString(t *testing.T) {
	v := Violation{Method: "GET", Path: "/reverserecords", RawQuery: "limit=0", Err: "bad"}
	if got := v.String(); got != "GET /reverserecords?limit=0: bad" {
		t.Errorf("%q", got)
	}
	v.Status = 200
	if got := v.String(); got != "GET /reverserecords?limit=0 -> 200: bad" {
		t.Errorf("%q", got)
	}
}
