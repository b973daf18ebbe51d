package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// Helpers of the reliability tests: error-text patterns, the soak
// configuration and its checks, and the tally of the fake's requests.

// wordsRE matches the phrases in order, anywhere in the output, allowing
// Terraform to wrap lines between any two words.
func wordsRE(phrases ...string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + wordsPattern(phrases...))
}

// wordsPattern is wordsRE's pattern, without the (?s) flag, for use inside
// a larger pattern that sets it.
func wordsPattern(phrases ...string) string {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return strings.Join(parts, `.*`)
}

// providerBlock is testProviderConfig with extra provider attributes.
func providerBlock(srv *dnsapitest.Server, extra string) string {
	return fmt.Sprintf(`
provider "ionosdns" {
  endpoint = %q
  token    = %q
%s
}
`, srv.URL, testAccToken, extra)
}

// faultSoakIPs are the 40 addresses of the fault-injection test, in the
// fake's canonical form: 20 IPv4 and 20 IPv6.
func faultSoakIPs() []string {
	ips := make([]string, 0, 40)
	for i := 1; i <= 20; i++ {
		ips = append(ips, fmt.Sprintf("198.51.100.%d", 100+i))
		ips = append(ips, fmt.Sprintf("2001:db8:f::%x", 0xa00+i))
	}
	return ips
}

func soakName(ip string) string {
	return "host-" + strings.NewReplacer(".", "-", ":", "-").Replace(ip) + ".example.com"
}

// soakConfig renders the provider block, at its defaults (endpoint and
// token aside), and one ionosdns_reverse_record per IP, with the default
// timeouts.
func soakConfig(srv *dnsapitest.Server, ips []string) string {
	var b strings.Builder
	b.WriteString(testProviderConfig(srv))
	// count, not for_each: terraform-plugin-testing's post-test destroy
	// reads the state through a shim that does not support for_each.
	b.WriteString("\nlocals {\n  records = [\n")
	for _, ip := range ips {
		fmt.Fprintf(&b, "    { ip = %q, name = %q },\n", ip, soakName(ip))
	}
	b.WriteString(`  ]
}

resource "ionosdns_reverse_record" "this" {
  count = length(local.records)
  ip    = local.records[count.index].ip
  name  = local.records[count.index].name
}
`)
	return b.String()
}

// checkSoakState checks that the fake holds exactly one record per
// configured IP with the configured name, no other record, and that the
// ids are the ones in Terraform's state. (A state check, not a Check: the
// legacy state shim of Check does not support for_each.)
func checkSoakState(srv *dnsapitest.Server, ips []string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		resp.Error = func() error {
			records := srv.Records()
			if len(records) != len(ips) {
				return fmt.Errorf("the fake holds %d records, want %d", len(records), len(ips))
			}
			byIP := map[string]dnsapi.ReverseRecordRead{}
			for _, r := range records {
				if _, dup := byIP[r.Properties.IP]; dup {
					return fmt.Errorf("the fake holds two records for %s", r.Properties.IP)
				}
				byIP[r.Properties.IP] = r
			}
			if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
				return fmt.Errorf("the state is empty")
			}
			inState := map[string]*tfjson.StateResource{}
			for _, r := range req.State.Values.RootModule.Resources {
				inState[r.Address] = r
			}
			for i, ip := range ips {
				rec, ok := byIP[ip]
				if !ok {
					return fmt.Errorf("the fake holds no record for %s", ip)
				}
				if rec.Properties.Name != soakName(ip) {
					return fmt.Errorf("the fake holds %s → %q, want %q", ip, rec.Properties.Name, soakName(ip))
				}
				addr := fmt.Sprintf("ionosdns_reverse_record.this[%d]", i)
				rs, ok := inState[addr]
				if !ok {
					return fmt.Errorf("%s is not in the state", addr)
				}
				if id, _ := rs.AttributeValues["id"].(string); id != rec.ID || rs.Tainted {
					return fmt.Errorf("%s: state id %s (tainted %v), the fake's record id %s", addr, id, rs.Tainted, rec.ID)
				}
			}
			if n := len(inState); n != len(ips) {
				return fmt.Errorf("the state holds %d resources, want %d", n, len(ips))
			}
			return nil
		}()
	})
}

type stateCheckFunc func(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse)

func (f stateCheckFunc) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	f(ctx, req, resp)
}

// faultTally counts requests by fault, method and status.
type faultTally struct {
	total    int
	byFault  map[dnsapitest.Fault]int
	byMethod map[string]int
	byStatus map[int]int
}

func tallyRequests(reqs []dnsapitest.LoggedRequest) faultTally {
	t := faultTally{byFault: map[dnsapitest.Fault]int{}, byMethod: map[string]int{}, byStatus: map[int]int{}}
	for _, r := range reqs {
		t.total++
		t.byFault[r.Fault]++
		t.byMethod[r.Method]++
		t.byStatus[r.Status]++
	}
	return t
}

func (t faultTally) String() string {
	var faults []string
	for f, n := range t.byFault {
		name := string(f)
		if f == dnsapitest.FaultNone {
			name = "none"
		}
		faults = append(faults, fmt.Sprintf("%s=%d", name, n))
	}
	var methods []string
	for m, n := range t.byMethod {
		methods = append(methods, fmt.Sprintf("%s=%d", m, n))
	}
	var statuses []string
	for s, n := range t.byStatus {
		statuses = append(statuses, fmt.Sprintf("%d=%d", s, n))
	}
	sort.Strings(faults)
	sort.Strings(methods)
	sort.Strings(statuses)
	return fmt.Sprintf("%d requests; by fault: %s; by method: %s; by status (0 = no response): %s",
		t.total, strings.Join(faults, " "), strings.Join(methods, " "), strings.Join(statuses, " "))
}

// checkFaultsMet fails t unless the requests met every kind of fault the
// fault-mix tests inject: 503s, 429s and a lost write answer (502 or a
// closed connection). Chaos is random, so a seed that missed one would
// test less than it claims.
func (c faultTally) checkFaultsMet(t *testing.T) {
	t.Helper()
	for _, f := range []dnsapitest.Fault{dnsapitest.FaultChaos503, dnsapitest.FaultChaosRateLimit} {
		if c.byFault[f] == 0 {
			t.Errorf("no request met the fault %q: the test did not test it", f)
		}
	}
	if c.byFault[dnsapitest.FaultChaosDrop502]+c.byFault[dnsapitest.FaultChaosDropConnection] == 0 {
		t.Error("no write answer was lost: the test did not test ambiguous writes")
	}
}
