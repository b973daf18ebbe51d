package openapicheck

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const (
	goodID     = "8c4a5a3e-0f2c-4c8e-9d0a-1b2c3d4e5f60"
	goodRecord = `{"id":"` + goodID + `","type":"reverserecord","href":"http://127.0.0.1:1/reverserecords/` + goodID + `",` +
		`"metadata":{"createdDate":"2025-01-02T03:04:05.678Z","lastModifiedDate":"2025-01-02T03:04:05.678Z","resourceURN":"ionos:dns:::reverserecord/x"},` +
		`"properties":{"name":"a.example.com","ip":"2001:db8::1"}}`
	goodError = `{"httpStatus":404,"messages":[{"errorCode":"DNS-404","message":"not found"}]}`
)

func TestSpecIsTheFiveFragmentsMerged(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Info    struct{ Version string }              `json:"info"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(SpecJSON(), &doc); err != nil {
		t.Fatal(err)
	}
	ops := 0
	for _, methods := range doc.Paths {
		ops += len(methods)
	}
	if doc.OpenAPI != "3.0.3" || doc.Info.Version != "1.18.0" || ops != 5 {
		t.Errorf("openapi %s, version %s, %d operations", doc.OpenAPI, doc.Info.Version, ops)
	}
}

func request(method, target, body string, auth bool) *http.Request {
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	if auth {
		r.Header.Set("Authorization", "Bearer t")
	}
	return r
}

func TestValidateRequest(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		name, method, target, body string
		auth, ok                   bool
	}{
		{"list", "GET", "/reverserecords", "", true, true},
		{"list with everything", "GET", "/reverserecords?filter.recordIp=192.0.2.1&filter.recordIp=2001:db8::1&offset=5&limit=1000", "", true, true},
		{"create", "POST", "/reverserecords", `{"properties":{"name":"a","ip":"192.0.2.1","description":"d"}}`, true, true},
		{"get", "GET", "/reverserecords/" + goodID, "", true, true},
		{"put", "PUT", "/reverserecords/" + goodID, `{"properties":{"name":"a","ip":"2001:db8::1"}}`, true, true},
		{"delete", "DELETE", "/reverserecords/" + goodID, "", true, true},

		{"no auth", "GET", "/reverserecords", "", false, false},
		{"limit 0", "GET", "/reverserecords?limit=0", "", true, false},
		{"limit 1001", "GET", "/reverserecords?limit=1001", "", true, false},
		{"offset -1", "GET", "/reverserecords?offset=-1", "", true, false},
		{"limit text", "GET", "/reverserecords?limit=x", "", true, false},
		{"bad id", "GET", "/reverserecords/42", "", true, false},
		{"missing body", "POST", "/reverserecords", "", true, false},
		{"missing properties", "POST", "/reverserecords", `{}`, true, false},
		{"missing ip", "PUT", "/reverserecords/" + goodID, `{"properties":{"name":"a"}}`, true, false},
		{"bad ip", "POST", "/reverserecords", `{"properties":{"name":"a","ip":"1.2.3"}}`, true, false},
		{"zoned ip", "POST", "/reverserecords", `{"properties":{"name":"a","ip":"fe80::1%eth0"}}`, true, false},
		{"not json", "POST", "/reverserecords", `nope`, true, false},
		{"unknown path", "GET", "/zones", "", true, false},
		{"unknown method", "PATCH", "/reverserecords", "", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := request(tc.method, tc.target, tc.body, tc.auth)
			err := c.ValidateRequest(r)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if strings.Contains(tc.name, "unknown") != errors.Is(err, ErrNoOperation) {
				t.Errorf("ErrNoOperation: %v", err)
			}
			// The body is still there for the server.
			if tc.body != "" {
				if b, err := io.ReadAll(r.Body); err != nil || string(b) != tc.body {
					t.Errorf("body after validation %q, %v", b, err)
				}
			}
		})
	}
}

func TestValidateResponse(t *testing.T) {
	c := Default()
	json := http.Header{"Content-Type": {"application/json"}}
	get := request("GET", "/reverserecords/"+goodID, "", true)
	list := request("GET", "/reverserecords", "", true)
	del := request("DELETE", "/reverserecords/"+goodID, "", true)
	for _, tc := range []struct {
		name   string
		r      *http.Request
		status int
		header http.Header
		body   string
		ok     bool
	}{
		{"record", get, 200, json, goodRecord, true},
		{"error", get, 404, json, goodError, true},
		{"empty list", list, 200, json, `{"id":"` + goodID + `","type":"collection","href":"http://h/reverserecords","items":[],"offset":0,"limit":100,"_links":{"self":"http://h/reverserecords?limit=100&offset=0"}}`, true},
		{"delete", del, 202, json, `{}`, true},
		{"unlisted status", get, 503, http.Header{}, `<html>`, true},

		{"bad id", get, 200, json, strings.Replace(goodRecord, goodID, "42", 1), false},
		{"relative href", get, 200, json, strings.Replace(goodRecord, "http://127.0.0.1:1", "", 1), false},
		{"bad ip", get, 200, json, strings.Replace(goodRecord, "2001:db8::1", "2001:db8::g", 1), false},
		{"bad date", get, 200, json, strings.Replace(goodRecord, "2025-01-02T03:04:05.678Z", "yesterday", 1), false},
		{"wrong type", get, 200, json, strings.Replace(goodRecord, `"reverserecord"`, `"record"`, 1), false},
		{"missing metadata", get, 200, json, `{"id":"` + goodID + `","type":"reverserecord","href":"http://h/x","properties":{"name":"a","ip":"192.0.2.1"}}`, false},
		{"extra error field", get, 404, json, `{"httpStatus":404,"code":"x"}`, false},
		{"wrong content type", get, 200, http.Header{"Content-Type": {"text/plain"}}, goodRecord, false},
		{"list without links", list, 200, json, `{"id":"` + goodID + `","type":"collection","href":"http://h/r","items":[],"offset":0,"limit":100}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := c.ValidateResponse(tc.r, tc.status, tc.header, []byte(tc.body))
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
