package provider

// The acceptance-test harness shared by every test of this package, and
// the provider's own tests.
//
// The tests use resource.UnitTest, so they run under a plain `go test`
// without TF_ACC. They never download anything: TestMain points
// terraform-plugin-testing at the terraform binary on PATH, the provider
// runs in-process, and each test talks only to its own fake API on
// 127.0.0.1 (newTestFake).

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/ionosconfig"
)

// testAccToken is the token of every fake made by newTestFake.
const testAccToken = dnsapitest.DefaultToken

// testAccProtoV6ProviderFactories runs the provider in-process for
// terraform-plugin-testing.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"ionosdns": providerserver.NewProtocol6WithError(New("test")()),
}

func TestMain(m *testing.M) {
	// terraform-plugin-testing would otherwise look for terraform on PATH
	// and, failing that, download the latest release: never download.
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		tf, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "provider tests: no terraform binary on PATH and TF_ACC_TERRAFORM_PATH is unset; "+
				"install Terraform (1.11.4) on PATH or point TF_ACC_TERRAFORM_PATH at it")
			os.Exit(1)
		}
		if err := os.Setenv("TF_ACC_TERRAFORM_PATH", tf); err != nil {
			fmt.Fprintln(os.Stderr, "provider tests:", err)
			os.Exit(1)
		}
	}
	// Terraform must not phone home for version and alert checks.
	if err := os.Setenv("CHECKPOINT_DISABLE", "1"); err != nil {
		fmt.Fprintln(os.Stderr, "provider tests:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// newTestFake starts a fake DNS API on 127.0.0.1 for one test; it stops,
// and checks the traffic against the OpenAPI specification, when the test
// ends. Its token is testAccToken.
func newTestFake(t *testing.T) *dnsapitest.Server {
	t.Helper()
	return dnsapitest.NewServer(t, dnsapitest.Options{})
}

// testProviderConfig is a provider block pointing at srv with its token.
// Being explicit, it wins over any IONOS_* variable in the environment.
func testProviderConfig(srv *dnsapitest.Server) string {
	return fmt.Sprintf(`
provider "ionosdns" {
  endpoint = %q
  token    = %q
}
`, srv.URL, testAccToken)
}

// knownRecordValues are values for the reverse record resource's required
// attributes, for tests about the provider that need some resource to make
// Terraform configure it.
var knownRecordValues = map[string]string{
	"ip":   "203.0.113.10",
	"name": "provider-test.example.com",
}

// testAccMinimalRecordConfig is a reverse record resource block, named
// ionosdns_reverse_record.test, with every required attribute set (from
// knownRecordValues; a new required attribute fails the test until it is
// added there). The provider's tests only need a resource so that
// Terraform configures the provider; they do not test the resource.
func testAccMinimalRecordConfig(t *testing.T) string {
	t.Helper()
	var resp fwresource.SchemaResponse
	NewReverseRecordResource().Schema(context.Background(), fwresource.SchemaRequest{}, &resp)

	var lines []string
	var unknown []string
	for name, attr := range resp.Schema.Attributes {
		if !attr.IsRequired() {
			continue
		}
		v, ok := knownRecordValues[name]
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		lines = append(lines, fmt.Sprintf("  %s = %q", name, v))
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		t.Fatalf("no test value for the required reverse record attributes %v: add them to knownRecordValues", unknown)
	}
	slices.Sort(lines)
	return "resource \"ionosdns_reverse_record\" \"test\" {\n" + strings.Join(lines, "\n") + "\n}\n"
}

// clearProviderEnv unsets the provider's environment variables for one
// test (t.Setenv restores them; it also forbids t.Parallel).
func clearProviderEnv(t *testing.T) {
	t.Helper()
	for _, env := range []string{envToken, envEndpoint, envContractNumber, ionosconfig.EnvCurrentProfile} {
		t.Setenv(env, "")
	}
	// Nor may a developer's own ~/.ionos/config supply a token.
	empty := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(ionosconfig.EnvConfigFile, empty)
}

// expectProviderError plans a minimal record under providerBlock and
// expects the provider's configuration to fail with an error matching
// pattern.
func expectProviderError(t *testing.T, providerBlock, pattern string) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock + "\n" + testAccMinimalRecordConfig(t),
			ExpectError: regexp.MustCompile(pattern),
		}},
	})
}

func TestProvider_MissingToken(t *testing.T) {
	clearProviderEnv(t)
	expectProviderError(t, `
provider "ionosdns" {
  endpoint = "http://127.0.0.1:1"
}
`, `(?s)Missing IONOS DNS API token.*IONOS_TOKEN`)
}

func TestProvider_UnknownToken(t *testing.T) {
	t.Parallel()
	expectProviderError(t, `
resource "terraform_data" "token" {
  input = "not-yet-known"
}

provider "ionosdns" {
  endpoint = "http://127.0.0.1:1"
  token    = terraform_data.token.output
}
`, `(?s)Unknown provider configuration value.*must be known at plan\s+time`)
}

func TestProvider_EndpointRejectedAtValidation(t *testing.T) {
	t.Parallel()
	expectProviderError(t, `
provider "ionosdns" {
  endpoint = "http://dns.example.com"
  token    = "x"
}
`, `(?s)Invalid IONOS DNS API endpoint.*loopback`)
}

func TestProvider_EndpointFromEnvRejected(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv(envToken, "x")
	t.Setenv(envEndpoint, "http://dns.example.com")
	expectProviderError(t, `provider "ionosdns" {}`, `(?s)IONOS_API_URL_DNS.*loopback`)
}

// TestProvider_EnvFallback configures the provider from IONOS_TOKEN and
// IONOS_API_URL_DNS alone, and checks that the record lands in the fake
// those variables name (with the right token: the fake refuses others).
func TestProvider_EnvFallback(t *testing.T) {
	clearProviderEnv(t)
	srv := newTestFake(t)
	t.Setenv(envToken, testAccToken)
	t.Setenv(envEndpoint, srv.URL)
	testAccEmptyProviderBlockReaches(t, srv)
}

// testAccEmptyProviderBlockReaches applies a record with an empty provider
// block, so that everything comes from outside the configuration, and
// checks that the record lands in srv (whose token check makes sure the
// right token came along) and is gone after destroy.
func testAccEmptyProviderBlockReaches(t *testing.T, srv *dnsapitest.Server) {
	t.Helper()
	ip := knownRecordValues["ip"]
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "ionosdns" {}` + "\n" + testAccMinimalRecordConfig(t),
			Check: func(*terraform.State) error {
				if _, ok := srv.RecordByIP(ip); !ok {
					return fmt.Errorf("the fake at %s holds no record for %s", srv.URL, ip)
				}
				return nil
			},
		}},
		CheckDestroy: fakeIsEmpty(srv),
	})
}

// configureProvider runs the provider's Configure with the given provider
// block attributes (missing ones are null), outside Terraform.
func configureProvider(t *testing.T, attrs map[string]tftypes.Value) *provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := New("test")()

	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	if schemaResp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", schemaResp.Diagnostics)
	}
	typ := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = v
			continue
		}
		vals[name] = tftypes.NewValue(attrType, nil)
	}
	for name := range attrs {
		if _, ok := typ.AttributeTypes[name]; !ok {
			t.Fatalf("the provider schema has no attribute %q", name)
		}
	}

	req := provider.ConfigureRequest{TerraformVersion: "1.11.4"}
	req.Config.Schema = schemaResp.Schema
	req.Config.Raw = tftypes.NewValue(typ, vals)
	resp := &provider.ConfigureResponse{}
	p.Configure(ctx, req, resp)
	return resp
}

func TestProviderConfigure_SharesOneClient(t *testing.T) {
	clearProviderEnv(t)
	resp := configureProvider(t, map[string]tftypes.Value{
		"token":    tftypes.NewValue(tftypes.String, "t"),
		"endpoint": tftypes.NewValue(tftypes.String, "http://127.0.0.1:1"),
	})
	if resp.Diagnostics.HasError() {
		t.Fatalf("unexpected diagnostics: %v", resp.Diagnostics)
	}
	client, ok := resp.ResourceData.(*dnsapi.Client)
	if !ok || client == nil {
		t.Fatalf("ResourceData is %T, want *dnsapi.Client", resp.ResourceData)
	}
	if ds, ok := resp.DataSourceData.(*dnsapi.Client); !ok || ds != client {
		t.Fatalf("DataSourceData is %T %p, want the same *dnsapi.Client %p", resp.DataSourceData, resp.DataSourceData, client)
	}
}

func TestProviderConfigure_MissingToken(t *testing.T) {
	clearProviderEnv(t)
	resp := configureProvider(t, nil)
	if !resp.Diagnostics.HasError() || resp.ResourceData != nil {
		t.Fatalf("want an error and no client, got %v, %v", resp.Diagnostics, resp.ResourceData)
	}
	found := false
	for _, d := range resp.Diagnostics.Errors() {
		if pd, ok := d.(diag.DiagnosticWithPath); ok && pd.Path().Equal(path.Root("token")) && strings.Contains(d.Detail(), envToken) {
			found = true
		}
	}
	if !found {
		t.Fatalf("no error on path token naming %s: %v", envToken, resp.Diagnostics)
	}
}

func TestProviderConfigure_UnknownToken(t *testing.T) {
	clearProviderEnv(t)
	resp := configureProvider(t, map[string]tftypes.Value{
		"token": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	if !resp.Diagnostics.HasError() || resp.ResourceData != nil {
		t.Fatalf("want an error and no client, got %v, %v", resp.Diagnostics, resp.ResourceData)
	}
	if got := resp.Diagnostics.Errors()[0].Detail(); !strings.Contains(got, "must be known at plan time") {
		t.Fatalf("detail %q does not say the value must be known at plan time", got)
	}
}

func TestProviderConfigure_EnvFallback(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv(envToken, "from-env")
	t.Setenv(envEndpoint, "http://localhost:1")
	resp := configureProvider(t, nil)
	if resp.Diagnostics.HasError() {
		t.Fatalf("unexpected diagnostics: %v", resp.Diagnostics)
	}
	if _, ok := resp.ResourceData.(*dnsapi.Client); !ok {
		t.Fatalf("ResourceData is %T, want *dnsapi.Client", resp.ResourceData)
	}
}

func TestProviderUserAgent(t *testing.T) {
	t.Parallel()
	got := userAgent("1.2.3", "1.11.4")
	want := "terraform-provider-ionosdns/1.2.3 (+https://registry.terraform.io/providers/ionosdns/ionosdns) Terraform/1.11.4"
	if got != want {
		t.Fatalf("userAgent = %q, want %q", got, want)
	}
}
