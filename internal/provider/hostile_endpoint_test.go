package provider

// A hostile or broken endpoint, through Terraform: each misbehavior of the
// server that answers the create ends in a clear error within the
// configured timeout, without a panic, without reading an unbounded body,
// and without the token leaving for another host. (The client's own tests,
// internal/dnsapi/hostile_test.go, cover the same cases one level down.)

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

const hostileToken = "hostile-test-token-4c1d8e"

// hostileCase is one misbehavior. The server misbehaves on PUT (the
// create) and otherwise answers 404, so that the post-test destroy of a
// record that may have been created ends cleanly.
type hostileCase struct {
	name    string
	put     func(t *testing.T, w http.ResponseWriter, r *http.Request)
	want    *regexp.Regexp
	maxTime time.Duration
	check   func(t *testing.T)
}

func TestAccHostileEndpoint(t *testing.T) {
	const validID = `"id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301"`

	// The other host of the redirect case: it must see no request at all,
	// let alone the token.
	var otherRequests, otherSawAuth atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherRequests.Add(1)
		if r.Header.Get("Authorization") != "" {
			otherSawAuth.Add(1)
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(other.Close)

	var bigServed atomic.Int64
	const bigTotal = 64 << 20

	cases := []hostileCase{
		{
			name: "non-JSON body",
			put: func(_ *testing.T, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				_, _ = w.Write([]byte("<html><body>Scheduled maintenance</body></html>"))
			},
			want: wordsRE("200 OK: unreadable response: not valid JSON", `body starts "<html><body>Scheduled maintenance`,
				"points at the DNS API"),
			maxTime: 20 * time.Second,
		},
		{
			name: "truncated JSON",
			put: func(_ *testing.T, w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte(`{` + validID + `,"type":"reverserecord","properties":{"na`))
			},
			want:    wordsRE("unreadable response: the JSON body is cut short"),
			maxTime: 20 * time.Second,
		},
		{
			name: "200 with the wrong shape",
			put: func(_ *testing.T, w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte(`{"items":[],"offset":0}`))
			},
			want:    wordsRE(`unreadable response: the record has no "id"`),
			maxTime: 20 * time.Second,
		},
		{
			name: "multi-megabyte body",
			put: func(_ *testing.T, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				chunk := []byte(strings.Repeat(" ", 64<<10))
				for bigServed.Load() < bigTotal {
					n, err := w.Write(chunk)
					bigServed.Add(int64(n))
					if err != nil {
						return
					}
				}
			},
			want:    wordsRE("unreadable response: the body is larger than the limit of 16777216 bytes"),
			maxTime: 30 * time.Second,
			check: func(t *testing.T) {
				// The client stopped reading at its limit (plus what the
				// socket buffers held): memory stays bounded.
				served := bigServed.Load()
				if served >= bigTotal {
					t.Errorf("the client read the whole %d-byte body", served)
				}
				t.Logf("the server wrote %d MiB of its %d MiB body before the client hung up", served>>20, bigTotal>>20)
			},
		},
		{
			name: "server stalls mid-body",
			put: func(_ *testing.T, w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(`{` + validID + `,`))
				w.(http.Flusher).Flush()
				select { // until the client gives up, bounded in any case
				case <-r.Context().Done():
				case <-time.After(90 * time.Second):
				}
			},
			// The create timeout below (3s) ends it, not the 60s attempt
			// timeout; the bound leaves a loaded machine room for
			// Terraform's own init and plan.
			want: wordsRE("the create timeout (3s) ran out",
				"Limit hit: the create timeout (3s)", "timeouts block"),
			maxTime: 45 * time.Second,
		},
		{
			name: "redirect to another host",
			put: func(_ *testing.T, w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+"/steal"+r.URL.Path, http.StatusTemporaryRedirect)
			},
			want: wordsRE("redirect to another host refused: the API token is only ever sent to the configured endpoint",
				"(to "+other.URL+")", "The provider refuses such redirects", "set the provider's endpoint"),
			maxTime: 20 * time.Second,
			check: func(t *testing.T) {
				if n := otherRequests.Load(); n != 0 {
					t.Errorf("the other host received %d requests (%d with an Authorization header)", n, otherSawAuth.Load())
				}
			},
		},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var puts atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer "+hostileToken {
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				if r.Method == http.MethodPut {
					puts.Add(1)
					tc.put(t, w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write([]byte(`{"httpStatus":404,"messages":[{"errorCode":"DNS-404","message":"not found"}]}`))
			}))
			t.Cleanup(srv.Close)

			config := fmt.Sprintf(`
provider "ionosdns" {
  endpoint    = %q
  token       = %q
  max_retries = 2
}

resource "ionosdns_reverse_record" "test" {
  ip   = "203.0.113.77"
  name = "hostile.example.com"

  timeouts {
    create = "3s"
  }
}
`, srv.URL, hostileToken)

			start := time.Now()
			var failed time.Duration
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config, ExpectError: tc.want},
					{
						// Measure the failing step, then leave: refresh
						// finds nothing (404) and the test ends clean.
						PreConfig: func() { failed = time.Since(start) },
						Config:    config,
						PlanOnly:  true, ExpectNonEmptyPlan: true,
					},
				},
			})
			if failed > tc.maxTime {
				t.Errorf("the failing apply took %v, want at most %v", failed, tc.maxTime)
			}
			if n := puts.Load(); n < 1 || n > 3 {
				t.Errorf("%d PUT attempts, want 1 to 3 (max_retries = 2)", n)
			}
			if tc.check != nil {
				tc.check(t)
			}
			t.Logf("failed after %v and %d PUT attempt(s)", failed.Round(time.Millisecond), puts.Load())
		})
	}
}
