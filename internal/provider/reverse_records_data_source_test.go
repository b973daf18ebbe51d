package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

const listAddr = "data.ionosdns_reverse_records.test"

func pluralConfig(srv *dnsapitest.Server, attrs string) string {
	return testProviderConfig(srv) + fmt.Sprintf(`
data "ionosdns_reverse_records" "test" {
%s
}
`, attrs)
}

// expectIPs checks the list's addresses, in order.
func expectIPs(ips ...string) statecheck.StateCheck {
	elems := make([]knownvalue.Check, len(ips))
	for i, ip := range ips {
		elems[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"ip": knownvalue.StringExact(ip)})
	}
	return statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("reverse_records"), knownvalue.ListExact(elems))
}

func TestAccReverseRecordsDataSource_allPages(t *testing.T) {
	srv := newTestFake(t)
	srv.Seed(2_500)
	srv.Put(dnsapi.ReverseRecord{IP: "192.0.2.1", Name: "first.example.com"})

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: pluralConfig(srv, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("reverse_records"), knownvalue.ListSizeExact(2_501)),
				// Ordered by IP: the one IPv4 record comes first.
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("reverse_records").AtSliceIndex(0).AtMapKey("name"),
					knownvalue.StringExact("first.example.com")),
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("id"), knownvalue.NotNull()),
			},
		}},
	})

	var lists int
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet || r.Path != "/reverserecords" {
			continue
		}
		lists++
		if !strings.Contains(r.RawQuery, "limit=1000") {
			t.Fatalf("a page was requested with %q, not limit=1000", r.RawQuery)
		}
	}
	// Each read of the data source walks 3 pages of 1000 for 2501 records.
	if lists == 0 || lists%3 != 0 {
		t.Fatalf("%d list requests; want whole walks of 3 pages", lists)
	}
}

// newFilterFixture is a fake with 50 records the filters leave out and
// four they pick among, for the data source's and the list resource's
// filter tests.
func newFilterFixture(t *testing.T) *dnsapitest.Server {
	t.Helper()
	srv := newTestFake(t)
	srv.Seed(50)
	for _, r := range []dnsapi.ReverseRecord{
		{IP: "203.0.113.3", Name: "web-3.example.com"},
		{IP: "203.0.113.1", Name: "web-1.example.com"},
		{IP: "2001:db8::2", Name: "Web-2.Example.com."},
		{IP: "198.51.100.9", Name: "mail.example.com"},
	} {
		srv.Put(r)
	}
	return srv
}

func TestAccReverseRecordsDataSource_filters(t *testing.T) {
	srv := newFilterFixture(t)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Three IPs, one in another notation, give exactly those three, by IP.
				Config:            pluralConfig(srv, `  ips = ["2001:DB8:0::2", "203.0.113.3", "198.51.100.9"]`),
				ConfigStateChecks: []statecheck.StateCheck{expectIPs("198.51.100.9", "203.0.113.3", "2001:db8::2")},
			},
			{
				Config:            pluralConfig(srv, `  name_regex = "(?i)^web-[0-9]\\.example\\.com\\.?$"`),
				ConfigStateChecks: []statecheck.StateCheck{expectIPs("203.0.113.1", "203.0.113.3", "2001:db8::2")},
			},
			{
				Config:            pluralConfig(srv, `  name = "web-2.example.com"`),
				ConfigStateChecks: []statecheck.StateCheck{expectIPs("2001:db8::2")},
			},
			{
				// Filters combine: an IP list and a pattern.
				Config:            pluralConfig(srv, "  ips        = [\"203.0.113.1\", \"198.51.100.9\", \"2001:db8::2\"]\n  name_regex = \"^web-\""),
				ConfigStateChecks: []statecheck.StateCheck{expectIPs("203.0.113.1")},
			},
			{
				// Nothing matches: an empty list, not an error.
				Config: pluralConfig(srv, `  name = "nobody.example.com"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("reverse_records"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

func TestAccReverseRecordsDataSource_invalidFiltersAtValidate(t *testing.T) {
	srv := newTestFake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      pluralConfig(srv, `  name_regex = "web-("`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Regular Expression.*"web-\(" is not a valid RE2`),
			},
			{
				Config:      pluralConfig(srv, `  ips = ["203.0.113.1", "203.0.113.7/24"]`),
				ExpectError: regexp.MustCompile(`(?s)Invalid IP Address.*"203\.0\.113\.7/24" is not an IP address`),
			},
			{
				Config:      pluralConfig(srv, `  ips = []`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value.*at least 1`),
			},
			{
				Config:      pluralConfig(srv, `  name = "a..b"`),
				ExpectError: regexp.MustCompile(`Invalid Hostname`),
			},
		},
	})
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Fatalf("invalid filters reached the API: %+v", reqs)
	}
}
