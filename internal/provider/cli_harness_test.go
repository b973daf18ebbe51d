package provider

// A harness for running the Terraform CLI directly, for what the steps of
// terraform-plugin-testing cannot express (`terraform query
// -generate-config-out`, reading the CLI's own output). The provider is
// served in-process, as terraform-plugin-testing does it: in debug mode,
// with the CLI attached through TF_REATTACH_PROVIDERS, so nothing is
// installed or downloaded.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// cliCommandTimeout bounds one CLI command of any test; cliServeTimeout the provider's
// start in debug mode.
const (
	cliCommandTimeout = 3 * time.Minute
	cliServeTimeout   = 30 * time.Second
)

// attachedCLI runs one CLI binary in one working directory against the
// provider served in-process.
type attachedCLI struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

// newAttachedCLI returns a harness for the CLI the acceptance tests use
// (TF_ACC_TERRAFORM_PATH), or skips the test when that CLI is not
// Terraform at least minVersion (OpenTofu is skipped: the features tested
// this way are Terraform's). The provider is served for the test's
// duration under source ionosdns/ionosdns and hashicorp/ionosdns.
func newAttachedCLI(t *testing.T, minVersion string) *attachedCLI {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is unset (TestMain sets it)")
	}
	name, got := cliVersion(t, bin)
	if name != "Terraform" || got.LessThan(version.Must(version.NewVersion(minVersion))) {
		t.Skipf("needs Terraform %s or later; the CLI is %s %s", minVersion, name, got)
	}
	c := &attachedCLI{t: t, bin: bin, dir: t.TempDir()}
	c.env = append(os.Environ(),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_REATTACH_PROVIDERS="+serveProviderInProcess(t),
		// The machine's TF_CLI_CONFIG_FILE may name a missing file, which
		// only adds a warning to every output.
		"TF_CLI_CONFIG_FILE="+filepath.Join(c.dir, ".terraformrc"),
	)
	if err := os.WriteFile(filepath.Join(c.dir, ".terraformrc"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return c
}

// cliVersion reads `<bin> version -json`: the product ("Terraform" or
// "OpenTofu") and its version.
func cliVersion(t *testing.T, bin string) (string, *version.Version) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliCommandTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v\n%s", bin, err, out)
	}
	name := "Terraform"
	if strings.Contains(filepath.Base(bin), "tofu") {
		name = "OpenTofu"
	}
	return name, version.Must(version.NewVersion(v.TerraformVersion))
}

// acceptanceCLIIsOpenTofu reports whether the acceptance tests run with
// OpenTofu (TF_ACC_TERRAFORM_PATH names tofu), for the few behaviors in
// which the two CLIs differ.
func acceptanceCLIIsOpenTofu(t *testing.T) bool {
	t.Helper()
	name, _ := cliVersion(t, os.Getenv("TF_ACC_TERRAFORM_PATH"))
	return name == "OpenTofu"
}

// writeFile puts a file into the working directory.
func (c *attachedCLI) writeFile(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// readFile returns a file of the working directory.
func (c *attachedCLI) readFile(name string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// run runs the CLI with args and returns its stdout; it fails the test
// when the command fails.
func (c *attachedCLI) run(args ...string) string {
	c.t.Helper()
	stdout, stderr, err := c.try(args...)
	if err != nil {
		c.t.Fatalf("terraform %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout, stderr)
	}
	return stdout
}

// try runs the CLI with args, bounded by cliCommandTimeout.
func (c *attachedCLI) try(args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), cliCommandTimeout)
	defer cancel()
	// -no-color goes right after the subcommand, where every one takes it.
	cmd := exec.CommandContext(ctx, c.bin, append([]string{args[0], "-no-color"}, args[1:]...)...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// serveProviderInProcess serves the provider in debug mode until the test
// ends and returns the TF_REATTACH_PROVIDERS value that attaches a CLI to
// it under the addresses the tests' configurations use.
func serveProviderInProcess(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve("registry.terraform.io/ionosdns/ionosdns",
			providerserver.NewProtocol6(New("test")()),
			tf6server.WithDebug(ctx, reattach, closed),
			// Logs go to the test sink: TF_LOG and TF_ACC_LOG_PATH choose
			// them, as for the tests terraform-plugin-testing runs.
			tf6server.WithLoggingSink(t),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
		)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-closed:
		case <-time.After(cliServeTimeout):
			t.Errorf("the in-process provider did not stop within %s", cliServeTimeout)
		}
	})

	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case err := <-serveErr:
		t.Fatalf("serving the provider: %v", errors.Join(err, errors.New("it stopped before it started")))
	case <-time.After(cliServeTimeout):
		t.Fatalf("the provider did not start in debug mode within %s", cliServeTimeout)
	}
	type addr struct{ Network, String string }
	type entry struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	e := entry{
		Protocol: string(cfg.Protocol), ProtocolVersion: 6, Pid: cfg.Pid, Test: true,
		Addr: addr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}
	b, err := json.Marshal(map[string]entry{
		"registry.terraform.io/ionosdns/ionosdns":  e,
		"registry.terraform.io/hashicorp/ionosdns": e,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
