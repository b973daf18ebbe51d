package dnsapi

import (
	"strings"
	"testing"
)

// FuzzDecodeResponse feeds arbitrary bodies to every decoder of a response:
// a record, a page, and an error. Whatever the server sends, decoding ends
// in a value that passed its shape check or in an error that names the
// request, never in a panic, and never with the token in the message.
func FuzzDecodeResponse(f *testing.F) {
	f.Add(200, []byte(`{"id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","type":"reverserecord","href":"x","metadata":{"createdDate":"2026-11-27T12:00:00.000Z"},"properties":{"name":"a.example.com","ip":"192.0.2.1"}}`))
	f.Add(200, []byte(`{"id":"x","type":"collection","items":[],"offset":0,"limit":100,"_links":{}}`))
	f.Add(409, []byte(`{"httpStatus":409,"messages":[{"errorCode":"DNS-409","message":"IP taken"}]}`))
	c, err := New(Config{Endpoint: "http://127.0.0.1:1", Token: testToken})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		cl := call{method: "GET", path: "/reverserecords", want: 200}
		res := &response{status: status, contentType: "application/json", body: body}
		if rec, err := decodeInto(c, cl, res, checkRecord); err == nil {
			if rec.ID == "" || rec.Properties.IP == "" || rec.Properties.Name == "" {
				t.Fatalf("accepted a record without id, ip or name: %+v", rec)
			}
		} else if !strings.HasPrefix(err.Error(), "GET /reverserecords: ") || strings.Contains(err.Error(), testToken) {
			t.Fatalf("bad error: %v", err)
		}
		if list, err := decodeInto(c, cl, res, checkList); err == nil && list.Items == nil {
			t.Fatalf("accepted a list without items: %+v", list)
		}
		apiErr := c.apiError(cl, res)
		if msg := apiErr.Error(); !strings.HasPrefix(msg, "GET /reverserecords: ") || strings.Contains(msg, testToken) {
			t.Fatalf("bad API error: %q", msg)
		}
	})
}

// FuzzParseRetryAfter: any header value yields a non-negative wait or is
// ignored, and never panics.
func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{"0", "120", "Fri, 27 Nov 2026 12:00:30 GMT", "-1", "1e9", "99999999999999999999999"} {
		f.Add(seed)
	}
	now := timeForFuzz()
	f.Fuzz(func(t *testing.T, value string) {
		wait, ok := parseRetryAfter(value, now)
		if wait < 0 || (!ok && wait != 0) {
			t.Fatalf("parseRetryAfter(%q) = %v, %v", value, wait, ok)
		}
	})
}
