package provider

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// listHarness calls the list resource through the plugin protocol, after
// ConfigureProvider, as `terraform query` does.
type listHarness struct {
	*protocolHarness
	lister   tfprotov6.ProviderServerWithListResource //nolint:staticcheck // SA1019: still how the framework serves list RPCs
	listType tftypes.Object
}

func newListHarness(t *testing.T, srv *dnsapitest.Server) *listHarness {
	t.Helper()
	h := newProtocolHarness(t, srv)
	schemas, err := h.server.GetProviderSchema(h.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || diagsHaveError(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	s, ok := schemas.ListResourceSchemas[recordType]
	if !ok {
		t.Fatalf("no list resource %s in the provider schema", recordType)
	}
	lister, ok := h.server.(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // SA1019, as above
	if !ok {
		t.Fatalf("the provider server %T does not serve list resources", h.server)
	}
	return &listHarness{protocolHarness: h, lister: lister, listType: s.ValueType().(tftypes.Object)}
}

// config is a list block's config with the given attributes, the others null.
func (h *listHarness) config(attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	h.t.Helper()
	vals := map[string]tftypes.Value{}
	for name, typ := range h.listType.AttributeTypes {
		vals[name] = tftypes.NewValue(typ, nil)
	}
	for name, v := range attrs {
		if _, ok := h.listType.AttributeTypes[name]; !ok {
			h.t.Fatalf("no attribute %q in the list config", name)
		}
		vals[name] = v
	}
	return h.dynamic(h.listType, tftypes.NewValue(h.listType, vals))
}

func stringList(values ...string) tftypes.Value {
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
}

func tfString(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// list runs ListResource and collects the streamed results.
func (h *listHarness) list(config *tfprotov6.DynamicValue, includeResource bool, limit int64) []tfprotov6.ListResourceResult {
	h.t.Helper()
	stream, err := h.lister.ListResource(h.ctx, &tfprotov6.ListResourceRequest{
		TypeName: recordType, Config: config, IncludeResource: includeResource, Limit: limit,
	})
	if err != nil {
		h.t.Fatalf("ListResource: %v", err)
	}
	var out []tfprotov6.ListResourceResult
	for r := range stream.Results {
		out = append(out, r)
	}
	return out
}

// listedIDs checks every result is a success with an identity and returns
// the identities' ids, in order.
func (h *listHarness) listedIDs(results []tfprotov6.ListResourceResult) []string {
	h.t.Helper()
	ids := make([]string, len(results))
	for i, r := range results {
		if len(r.Diagnostics) != 0 {
			h.t.Fatalf("result %d has diagnostics %v", i, diagStrings(r.Diagnostics))
		}
		if r.Identity == nil {
			h.t.Fatalf("result %d has no identity", i)
		}
		ids[i] = h.attrs(h.identityType, r.Identity.IdentityData)["id"]
	}
	return ids
}

// idsOfIPs returns the fake's record ids of the given addresses, in order.
func idsOfIPs(t *testing.T, srv *dnsapitest.Server, ips ...string) []string {
	t.Helper()
	ids := make([]string, len(ips))
	for i, ip := range ips {
		rec, ok := srv.RecordByIP(ip)
		if !ok {
			t.Fatalf("the fake has no record for %s", ip)
		}
		ids[i] = rec.ID
	}
	return ids
}

func TestListResource_filters(t *testing.T) {
	srv := newFilterFixture(t)
	h := newListHarness(t, srv)
	tests := []struct {
		name    string
		filters map[string]tftypes.Value
		wantIPs []string
	}{
		{"ips in any notation, ordered by IP", map[string]tftypes.Value{"ips": stringList("2001:DB8:0::2", "203.0.113.3", "198.51.100.9")},
			[]string{"198.51.100.9", "203.0.113.3", "2001:db8::2"}},
		{"name_regex", map[string]tftypes.Value{"name_regex": tfString(`(?i)^web-[0-9]\.example\.com\.?$`)},
			[]string{"203.0.113.1", "203.0.113.3", "2001:db8::2"}},
		{"name ignoring case and the trailing dot", map[string]tftypes.Value{"name": tfString("web-2.example.com")},
			[]string{"2001:db8::2"}},
		{"filters combine", map[string]tftypes.Value{"ips": stringList("203.0.113.1", "198.51.100.9", "2001:db8::2"), "name_regex": tfString("^web-")},
			[]string{"203.0.113.1"}},
		{"nothing matches", map[string]tftypes.Value{"name": tfString("nobody.example.com")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := h.listedIDs(h.list(h.config(tt.filters), false, 100))
			if want := idsOfIPs(t, srv, tt.wantIPs...); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("listed %v, want the records of %v (%v)", got, tt.wantIPs, want)
			}
		})
	}
}

func TestListResource_allPagesWithoutResource(t *testing.T) {
	srv := newTestFake(t)
	seeded := srv.Seed(2_500)
	first := srv.Put(dnsapi.ReverseRecord{IP: "192.0.2.1", Name: "first.example.com"})
	h := newListHarness(t, srv)
	srv.ResetRequests()

	results := h.list(h.config(nil), false, 10_000)
	ids := h.listedIDs(results)
	if len(ids) != len(seeded)+1 {
		t.Fatalf("%d results, want %d", len(ids), len(seeded)+1)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Fatalf("record %s listed twice", id)
		}
		seen[id] = true
	}
	for _, rec := range append(seeded, first) {
		if !seen[rec.ID] {
			t.Fatalf("record %s (%s) was not listed", rec.ID, rec.Properties.IP)
		}
	}
	// Ordered by IP: the one IPv4 record comes first, and its display
	// name shows its address and name.
	if ids[0] != first.ID || results[0].DisplayName != "192.0.2.1 → first.example.com" {
		t.Fatalf("first result %s %q, want %s \"192.0.2.1 → first.example.com\"", ids[0], results[0].DisplayName, first.ID)
	}
	for i, r := range results {
		if r.Resource != nil {
			t.Fatalf("result %d carries the resource without include_resource", i)
		}
	}
	var pages int
	for _, r := range srv.Requests() {
		if r.Method == http.MethodGet && r.Path == "/reverserecords" {
			pages++
		}
	}
	if pages != 3 {
		t.Fatalf("%d list requests for 2501 records, want 3 pages of 1000", pages)
	}
}

func TestListResource_limit(t *testing.T) {
	srv := newTestFake(t)
	srv.Seed(2_500)
	h := newListHarness(t, srv)
	all := h.listedIDs(h.list(h.config(nil), false, 0))
	for _, limit := range []int64{1, 10, 1_500, 2_500, 3_000} {
		got := h.listedIDs(h.list(h.config(nil), false, limit))
		want := all[:min(int(limit), len(all))]
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("limit %d: %d results, want the first %d", limit, len(got), len(want))
		}
	}
	if len(all) != 2_500 {
		t.Fatalf("without a limit %d results, want 2500", len(all))
	}
}

// TestListResource_includeResourceRoundTrips: with include_resource each
// result carries the resource exactly as a read after importing it gives,
// and the configuration generated from it (its non-computed, non-null
// attributes, as `terraform query -generate-config-out` writes) plans no
// change against that state: N imports, 0 to add, change or destroy.
func TestListResource_includeResourceRoundTrips(t *testing.T) {
	srv := newTestFake(t)
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.5", Name: "Plain.Example.com."})
	srv.Put(dnsapi.ReverseRecord{IP: "2001:db8::5", Name: "described.example.com", Description: "listed with a description"})
	h := newListHarness(t, srv)
	schemas, err := h.server.GetProviderSchema(h.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	computedOnly := map[string]bool{}
	for _, a := range schemas.ResourceSchemas[recordType].Block.Attributes {
		if a.Computed && !a.Optional {
			computedOnly[a.Name] = true
		}
	}

	results := h.list(h.config(nil), true, 100)
	if len(results) != 2 {
		t.Fatalf("%d results, want 2", len(results))
	}
	for _, r := range results {
		if len(r.Diagnostics) != 0 || r.Resource == nil || r.Identity == nil {
			t.Fatalf("result %+v lacks the resource or identity (%v)", r, diagStrings(r.Diagnostics))
		}
		listed, err := r.Resource.Unmarshal(h.resourceType)
		if err != nil {
			t.Fatal(err)
		}

		imported, err := h.server.ImportResourceState(h.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: recordType, Identity: r.Identity})
		if err != nil || diagsHaveError(imported.Diagnostics) || len(imported.ImportedResources) != 1 {
			t.Fatalf("ImportResourceState: %v %+v", err, imported)
		}
		read, err := h.server.ReadResource(h.ctx, &tfprotov6.ReadResourceRequest{
			TypeName: recordType, CurrentState: imported.ImportedResources[0].State, CurrentIdentity: imported.ImportedResources[0].Identity,
		})
		if err != nil || diagsHaveError(read.Diagnostics) {
			t.Fatalf("ReadResource: %v %v", err, read.Diagnostics)
		}
		readState, err := read.NewState.Unmarshal(h.resourceType)
		if err != nil {
			t.Fatal(err)
		}
		if !listed.Equal(readState) {
			t.Fatalf("listed resource\n%v\ndiffers from the read after import\n%v", listed, readState)
		}

		// The generated configuration: what a config may set, as listed.
		var attrs map[string]tftypes.Value
		if err := listed.As(&attrs); err != nil {
			t.Fatal(err)
		}
		config := map[string]tftypes.Value{}
		var written []string
		for name, v := range attrs {
			if computedOnly[name] || v.IsNull() {
				config[name] = tftypes.NewValue(v.Type(), nil)
				continue
			}
			config[name] = v
			written = append(written, name)
		}
		wantWritten := "ip name"
		if !attrs["description"].IsNull() {
			wantWritten = "description ip name"
		}
		if got := strings.Join(slices.Sorted(slices.Values(written)), " "); got != wantWritten {
			t.Fatalf("the generated configuration would set %q, want %q", got, wantWritten)
		}
		plan, err := h.server.PlanResourceChange(h.ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: recordType, PriorState: read.NewState, ProposedNewState: read.NewState,
			Config: h.dynamic(h.resourceType, tftypes.NewValue(h.resourceType, config)), PriorIdentity: read.NewIdentity,
		})
		if err != nil || diagsHaveError(plan.Diagnostics) {
			t.Fatalf("PlanResourceChange: %v %v", err, plan.Diagnostics)
		}
		planned, err := plan.PlannedState.Unmarshal(h.resourceType)
		if err != nil {
			t.Fatal(err)
		}
		if !planned.Equal(readState) || len(plan.RequiresReplace) != 0 {
			t.Fatalf("the generated configuration plans a change:\n%v\nfrom\n%v", planned, readState)
		}
	}
	if w := srv.WriteRequests(); w != 0 {
		t.Fatalf("listing and planning wrote %d times", w)
	}
}

func TestListResource_apiError(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			srv := newTestFake(t)
			srv.Seed(5)
			h := newListHarness(t, srv)
			srv.FailNext(1, status)
			results := h.list(h.config(nil), true, 100)
			if len(results) != 1 || !diagsHaveError(results[0].Diagnostics) {
				t.Fatalf("results %+v, want one error", results)
			}
			text := strings.Join(diagStrings(results[0].Diagnostics), "\n")
			if !strings.Contains(text, "Failed to list reverse records") || !strings.Contains(text, fmt.Sprint(status)) {
				t.Fatalf("diagnostic %q does not say what failed and the status", text)
			}
		})
	}
}

func TestListResource_invalidFilters(t *testing.T) {
	srv := newTestFake(t)
	h := newListHarness(t, srv)
	tests := []struct {
		name    string
		filters map[string]tftypes.Value
		want    string
	}{
		{"regex", map[string]tftypes.Value{"name_regex": tfString("web-(")}, `Invalid Regular Expression: "web-(" is not a valid RE2`},
		{"ip", map[string]tftypes.Value{"ips": stringList("203.0.113.1", "203.0.113.7/24")}, `"203.0.113.7/24" is not an IP address`},
		{"empty ips", map[string]tftypes.Value{"ips": stringList()}, "at least 1"},
		{"hostname", map[string]tftypes.Value{"name": tfString("a..b")}, "Invalid Hostname"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := h.lister.ValidateListResourceConfig(h.ctx, &tfprotov6.ValidateListResourceConfigRequest{
				TypeName: recordType, Config: h.config(tt.filters),
			})
			if err != nil {
				t.Fatal(err)
			}
			if text := strings.Join(diagStrings(resp.Diagnostics), "\n"); !diagsHaveError(resp.Diagnostics) || !strings.Contains(text, tt.want) {
				t.Fatalf("diagnostics %q, want an error with %q", text, tt.want)
			}
		})
	}
	// Listing with a bad pattern, had validation been skipped, is an error
	// too, not a panic, and asks the API nothing.
	results := h.list(h.config(map[string]tftypes.Value{"name_regex": tfString("web-(")}), false, 10)
	if len(results) != 1 || !diagsHaveError(results[0].Diagnostics) {
		t.Fatalf("results %+v, want one error", results)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("invalid filters reached the API: %d requests", n)
	}
}

// TestAccListResource_query runs `terraform query` where the CLI has
// it (Terraform 1.14 and later; skipped on older ones). It follows the
// shape terraform-plugin-testing documents for query steps: the provider
// block is in the query file, and the .tf file of the first step stays
// beside it, so the provider is configured from the environment here
// rather than by a block in both.
func TestAccListResource_query(t *testing.T) {
	srv := newTestFake(t)
	t.Setenv(envEndpoint, srv.URL)
	t.Setenv(envToken, testAccToken)
	web := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.41", Name: "web.example.com"})
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.42", Name: "mail.example.com"})
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "ionosdns_reverse_record" "other" {
  ip   = "203.0.113.43"
  name = "other.example.com"
}
`,
			},
			{
				Query: true,
				Config: `
provider "ionosdns" {}

list "ionosdns_reverse_record" "web" {
  provider         = ionosdns
  include_resource = true
  config {
    name_regex = "^web\\."
  }
}

list "ionosdns_reverse_record" "all" {
  provider = ionosdns
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("ionosdns_reverse_record.web", 1),
					querycheck.ExpectIdentity("ionosdns_reverse_record.web", map[string]knownvalue.Check{"id": knownvalue.StringExact(web.ID)}),
					querycheck.ExpectLength("ionosdns_reverse_record.all", 3),
				},
			},
		},
	})
}
