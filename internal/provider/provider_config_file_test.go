package provider

// Tests of the shared IONOS configuration file as the provider's third
// source of the token and the endpoint (provider block > environment >
// file > default). The file itself is tested in internal/ionosconfig.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/ionosconfig"
)

// fileToken is the token of the profile "file" in the test files.
const fileToken = "file-SECRET-token-0123456789"

// ionosConfigFile is a configuration file whose profile "file" (the
// currentProfile) has fileToken and endpoint as its dns endpoint, and whose
// profile "other" has another token and no dns endpoint.
func ionosConfigFile(endpoint string) string {
	return fmt.Sprintf(`version: 1.0
currentProfile: file
profiles:
  - name: file
    environment: env
    credentials:
      token: %s
  - name: other
    environment: bare
    credentials:
      token: other-token
environments:
  - name: env
    products:
      - name: dns
        endpoints:
          - location: de/fra
            name: %s
  - name: bare
    products: []
`, fileToken, endpoint)
}

// writeIONOSConfig writes content to a file in a new temporary directory
// and returns its path.
func writeIONOSConfig(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// fileTestModel is a provider block with every attribute null.
func fileTestModel() ionosdnsProviderModel {
	return ionosdnsProviderModel{
		Token:          types.StringNull(),
		Endpoint:       types.StringNull(),
		ContractNumber: types.StringNull(),
		MaxRetries:     types.Int64Null(),
		MaxRetryWait:   types.StringNull(),
	}
}

// noTokenInDiags fails if any diagnostic contains fileToken.
func noTokenInDiags(t *testing.T, diags diag.Diagnostics) {
	t.Helper()
	for _, d := range diags {
		if strings.Contains(d.Summary()+d.Detail(), fileToken) {
			t.Fatalf("a diagnostic contains the token: %s: %s", d.Summary(), d.Detail())
		}
	}
}

func TestResolveProviderConfig_ConfigFilePrecedence(t *testing.T) {
	t.Parallel()
	path := writeIONOSConfig(t, ionosConfigFile("https://dns.file.example.net"))

	tests := []struct {
		name         string
		token        string // provider block; "" is null
		endpoint     string
		env          map[string]string
		wantToken    string
		wantEndpoint string
	}{
		{
			name:      "file only",
			wantToken: fileToken, wantEndpoint: "https://dns.file.example.net",
		},
		{
			name: "environment wins over the file",
			env:  map[string]string{envToken: "env-token", envEndpoint: "https://dns.env.example.net"},
			// The file is not even read: both values are set.
			wantToken: "env-token", wantEndpoint: "https://dns.env.example.net",
		},
		{
			name:  "provider block wins over the environment and the file",
			token: "cfg-token", endpoint: "https://dns.cfg.example.net",
			env:       map[string]string{envToken: "env-token", envEndpoint: "https://dns.env.example.net"},
			wantToken: "cfg-token", wantEndpoint: "https://dns.cfg.example.net",
		},
		{
			name:      "token from the environment, endpoint from the file",
			env:       map[string]string{envToken: "env-token"},
			wantToken: "env-token", wantEndpoint: "https://dns.file.example.net",
		},
		{
			name:      "token from the file, endpoint from the block",
			endpoint:  "https://dns.cfg.example.net",
			wantToken: fileToken, wantEndpoint: "https://dns.cfg.example.net",
		},
		{
			name:      "IONOS_CURRENT_PROFILE; a profile without a dns endpoint leaves the default",
			env:       map[string]string{ionosconfig.EnvCurrentProfile: "other"},
			wantToken: "other-token", wantEndpoint: dnsapi.DefaultEndpoint,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := fileTestModel()
			if tt.token != "" {
				m.Token = str(tt.token)
			}
			if tt.endpoint != "" {
				m.Endpoint = str(tt.endpoint)
			}
			env := map[string]string{ionosconfig.EnvConfigFile: path}
			for k, v := range tt.env {
				env[k] = v
			}
			got, diags := resolveProviderConfig(m, envMap(env))
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if got.Token != tt.wantToken || got.Endpoint != tt.wantEndpoint {
				t.Fatalf("token, endpoint = %q, %q; want %q, %q", got.Token, got.Endpoint, tt.wantToken, tt.wantEndpoint)
			}
		})
	}
}

// homeEnv is the variable the default file's location depends on here.
func homeEnv() string {
	switch runtime.GOOS {
	case "windows":
		return "USERPROFILE"
	case "plan9":
		return "home"
	}
	return "HOME"
}

func TestResolveProviderConfig_DefaultConfigFile(t *testing.T) {
	t.Parallel()
	home := t.TempDir()

	// No ~/.ionos/config: not an error, the token is just missing, and the
	// error says where else it could come from.
	_, diags := resolveProviderConfig(fileTestModel(), envMap(map[string]string{homeEnv(): home}))
	if len(diags.Errors()) != 1 || diags.Errors()[0].Summary() != "Missing IONOS DNS API token" {
		t.Fatalf("want only the missing token error, got %v", diags)
	}
	if d := diags.Errors()[0].Detail(); !strings.Contains(d, ionosconfig.EnvConfigFile) || !strings.Contains(d, "~/.ionos/config") {
		t.Fatalf("the missing token error does not mention the configuration file: %s", d)
	}

	// With ~/.ionos/config.
	if err := os.MkdirAll(filepath.Join(home, ".ionos"), 0o700); err != nil {
		t.Fatal(err)
	}
	content := ionosConfigFile("dns.home.example.net") // no scheme: https is implied
	if err := os.WriteFile(filepath.Join(home, ".ionos", "config"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	got, diags := resolveProviderConfig(fileTestModel(), envMap(map[string]string{homeEnv(): home}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if got.Token != fileToken || got.Endpoint != "https://dns.home.example.net" {
		t.Fatalf("token, endpoint = %q, %q", got.Token, got.Endpoint)
	}
}

func TestResolveProviderConfig_ConfigFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.yaml")
	malformed := writeIONOSConfig(t, "profiles:\n  - name: file\n    credentials: "+fileToken+"\n")
	unterminated := writeIONOSConfig(t, "profiles: [{name: file, credentials: {token: "+fileToken+"}\n")
	valid := writeIONOSConfig(t, ionosConfigFile("https://dns.file.example.net"))
	badEndpoint := writeIONOSConfig(t, ionosConfigFile("http://dns.file.example.net"))

	tests := []struct {
		name    string
		env     map[string]string
		summary string
		want    []string
	}{
		{
			name:    "IONOS_CONFIG_FILE names a missing file",
			env:     map[string]string{ionosconfig.EnvConfigFile: missing},
			summary: "Invalid IONOS configuration file",
			want:    []string{missing, "does not exist", ionosconfig.EnvConfigFile},
		},
		{
			name:    "a value of the wrong type",
			env:     map[string]string{ionosconfig.EnvConfigFile: malformed},
			summary: "Invalid IONOS configuration file",
			want:    []string{malformed, "is not valid", "line 3"},
		},
		{
			name:    "malformed YAML",
			env:     map[string]string{ionosconfig.EnvConfigFile: unterminated},
			summary: "Invalid IONOS configuration file",
			want:    []string{unterminated, "is not valid"},
		},
		{
			name:    "unknown profile",
			env:     map[string]string{ionosconfig.EnvConfigFile: valid, ionosconfig.EnvCurrentProfile: "nope"},
			summary: "Invalid IONOS configuration file",
			want:    []string{valid, `no profile "nope"`},
		},
		{
			name:    "the file's endpoint breaks the endpoint rule",
			env:     map[string]string{ionosconfig.EnvConfigFile: badEndpoint},
			summary: "Invalid IONOS DNS API endpoint",
			want:    []string{badEndpoint, `profile "file"`, "loopback"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, diags := resolveProviderConfig(fileTestModel(), envMap(tt.env))
			noTokenInDiags(t, diags)
			errs := diags.Errors()
			if len(errs) != 1 || errs[0].Summary() != tt.summary {
				t.Fatalf("want one %q error, got %v", tt.summary, diags)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs[0].Detail(), w) {
					t.Fatalf("the error detail does not contain %q: %s", w, errs[0].Detail())
				}
			}
		})
	}
}

// When the provider block and the environment set both values, the file is
// not read, so a broken one does not matter.
func TestResolveProviderConfig_ConfigFileNotNeeded(t *testing.T) {
	t.Parallel()
	broken := writeIONOSConfig(t, "profiles: [\n")
	m := fileTestModel()
	m.Token = str("cfg-token")
	got, diags := resolveProviderConfig(m, envMap(map[string]string{
		ionosconfig.EnvConfigFile: broken,
		envEndpoint:               "https://dns.env.example.net",
	}))
	if diags.HasError() || got.Token != "cfg-token" || got.Endpoint != "https://dns.env.example.net" {
		t.Fatalf("got %q, %q, %v", got.Token, got.Endpoint, diags)
	}
}

// TestProvider_ConfigFile configures the provider from the configuration
// file alone, through Terraform, and checks that the record lands in the
// fake the file names (with the file's token: the fake refuses others).
func TestProvider_ConfigFile(t *testing.T) {
	clearProviderEnv(t)
	srv := newTestFake(t)
	content := strings.Replace(ionosConfigFile(srv.URL), fileToken, testAccToken, 1)
	t.Setenv(ionosconfig.EnvConfigFile, writeIONOSConfig(t, content))
	t.Setenv(ionosconfig.EnvCurrentProfile, "")
	testAccEmptyProviderBlockReaches(t, srv)
}

// TestProvider_ConfigFileMalformed checks the error a broken file gives
// through Terraform: it names the file and not the token.
func TestProvider_ConfigFileMalformed(t *testing.T) {
	clearProviderEnv(t)
	// A token of distinct characters, so that absentRE can spell "not
	// in the error" as a regexp.
	const token = "ZkSECRT9876"
	path := writeIONOSConfig(t, "profiles:\n  - name: file\n    credentials: "+token+"\n")
	t.Setenv(ionosconfig.EnvConfigFile, path)
	t.Setenv(ionosconfig.EnvCurrentProfile, "")
	config := `provider "ionosdns" {}` + "\n" + testAccMinimalRecordConfig(t)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				// The CLI wraps long lines: match the file's base name.
				ExpectError: regexp.MustCompile(`(?s)Invalid IONOS configuration file.*` + regexp.QuoteMeta(filepath.Base(path)) +
					`.*is\s+not\s+valid`),
			},
			{
				// The same failure, shown in full, does not hold the token.
				Config:      config,
				ExpectError: absentRE(t, token),
			},
		},
	})
}
