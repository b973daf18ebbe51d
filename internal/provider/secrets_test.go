package provider

// The token never leaks: a real provider binary, driven by the real
// terraform binary with TF_LOG=TRACE through apply, import, plan, two
// failing operations and destroy, never writes the token to the log file,
// to stdout or stderr (where errors go), or to the state; and the fake's
// request log redacts it too.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// distinctiveToken returns a token no log line could contain by accident.
func distinctiveToken(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b)
}

// buildProvider builds the provider binary into a new directory and
// returns that directory, for a dev_overrides entry.
func buildProvider(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go binary on PATH to build the provider: %v", err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", filepath.Join(dir, "terraform-provider-ionosdns"),
		"github.com/ionosdns/terraform-provider-ionosdns")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build of the provider: %v\n%s", err, out)
	}
	return dir
}

// tfRun is one terraform command and what it printed.
type tfRun struct {
	args           []string
	stdout, stderr string
	exitCode       int
}

// tracedCLI runs terraform at TF_LOG=TRACE, each command with its own
// log file and token, and keeps what each printed.
type tracedCLI struct {
	*processCLI
	logDir string
	runs   []tfRun
}

func (c *tracedCLI) run(token string, wantExit int, args ...string) tfRun {
	c.t.Helper()
	logFile := filepath.Join(c.logDir, fmt.Sprintf("%02d-%s.log", len(c.runs), args[0]))
	var stdout, stderr bytes.Buffer
	cmd := c.startWith([]string{"TF_LOG=TRACE", "TF_LOG_PATH=" + logFile, "IONOS_TOKEN=" + token}, &stdout, &stderr, args...)
	r := tfRun{args: args, exitCode: c.wait(cmd), stdout: stdout.String(), stderr: stderr.String()}
	c.runs = append(c.runs, r)
	if r.exitCode != wantExit {
		c.t.Fatalf("terraform %v exited %d, want %d\nstdout:\n%s\nstderr:\n%s", args, r.exitCode, wantExit, r.stdout, r.stderr)
	}
	return r
}

// cleanEnv is the environment of the terraform processes: no TF_*,
// IONOS_* or CHECKPOINT_* variable from the test's own environment.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "IONOS_") || strings.HasPrefix(name, "CHECKPOINT_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

const secretsConfig = `
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}

# Token and endpoint from IONOS_TOKEN and IONOS_API_URL_DNS.
provider "ionosdns" {
  max_retries = 2
}

variable "extra_ips" {
  type    = list(string)
  default = []
}

locals {
  ips = concat(["203.0.113.10", "2001:db8::10"], var.extra_ips)
}

resource "ionosdns_reverse_record" "this" {
  count = length(local.ips)
  ip    = local.ips[count.index]
  name  = "secret-test-${count.index}.example.com"
}
`

func TestAccSecrets_tokenNeverInLogsOrErrors(t *testing.T) {
	t.Parallel()
	token := distinctiveToken(t, "tok-ionosdns-")
	wrongToken := distinctiveToken(t, "tok-wrong-")
	srv := dnsapitest.NewServer(t, dnsapitest.Options{Token: token})

	cli := &tracedCLI{processCLI: newBareProcessCLI(t, srv.URL), logDir: t.TempDir()}
	workDir, logDir := cli.dir, cli.logDir
	writeFile(t, filepath.Join(workDir, "main.tf"), secretsConfig)

	// The happy path: apply, forget one record and import it by IP, plan.
	cli.run(token, 0, "apply", "-auto-approve", "-no-color")
	if n := len(srv.Records()); n != 2 {
		t.Fatalf("after apply the fake holds %d records, want 2", n)
	}
	cli.run(token, 0, "state", "rm", "ionosdns_reverse_record.this[0]")
	cli.run(token, 0, "import", "-no-color", "ionosdns_reverse_record.this[0]", "203.0.113.10")
	cli.run(token, 0, "plan", "-detailed-exitcode", "-no-color")

	// Two failing operations, so that errors are covered: a conflict (the
	// IP already has a record) and a token the API refuses.
	taken := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.99", Name: "taken.example.com"})
	conflict := cli.run(token, 1, "apply", "-auto-approve", "-no-color", `-var=extra_ips=["203.0.113.99"]`)
	if !strings.Contains(conflict.stderr+conflict.stdout, "already has a reverse record") {
		t.Errorf("the conflicting apply did not explain the conflict:\n%s\n%s", conflict.stdout, conflict.stderr)
	}
	unauthorized := cli.run(wrongToken, 1, "plan", "-no-color")
	if !strings.Contains(unauthorized.stderr+unauthorized.stdout, "did not accept the token") {
		t.Errorf("the plan with a wrong token did not say so:\n%s\n%s", unauthorized.stdout, unauthorized.stderr)
	}

	cli.run(token, 0, "destroy", "-auto-approve", "-no-color")
	if recs := srv.Records(); len(recs) != 1 || recs[0].ID != taken.ID {
		t.Errorf("after destroy the fake holds %+v, want only the record planted for the conflict", recs)
	}

	// Against the advice, the token written in the provider block: it is
	// Sensitive, so Terraform does not log or print it either.
	writeFile(t, filepath.Join(workDir, "main.tf"), strings.Replace(secretsConfig,
		"provider \"ionosdns\" {\n", fmt.Sprintf("provider \"ionosdns\" {\n  token = %q\n", token), 1))
	cli.run("", 0, "apply", "-auto-approve", "-no-color")
	cli.run("", 0, "destroy", "-auto-approve", "-no-color")
	if recs := srv.Records(); len(recs) != 1 {
		t.Errorf("after the second destroy the fake holds %d records, want only the planted one", len(recs))
	}

	// Where the token could leak: every log file, every command's output,
	// the state files, and the fake's request log.
	leaks := map[string]string{}
	var logs strings.Builder
	entries, err := os.ReadDir(logDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(logDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		leaks["log file "+e.Name()] = string(data)
		logs.Write(data)
	}
	for i, r := range cli.runs {
		leaks[fmt.Sprintf("stdout of run %d (terraform %s)", i, strings.Join(r.args, " "))] = r.stdout
		leaks[fmt.Sprintf("stderr of run %d (terraform %s)", i, strings.Join(r.args, " "))] = r.stderr
	}
	for _, name := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if data, err := os.ReadFile(filepath.Join(workDir, name)); err == nil {
			leaks[name] = string(data)
		}
	}
	reqLog, err := json.Marshal(srv.Requests())
	if err != nil {
		t.Fatal(err)
	}
	leaks["the fake's request log"] = string(reqLog)

	for _, secret := range []string{token, wrongToken} {
		// The whole token, and its random part's halves, in case
		// something cut or quoted it.
		random := secret[strings.LastIndexByte(secret, '-')+1:]
		needles := []string{secret, random[:16], random[16:]}
		for where, text := range leaks {
			for _, n := range needles {
				if strings.Contains(text, n) {
					t.Errorf("the token (%q) appears in %s", n, where)
				}
			}
		}
	}

	// The logs are worth searching only if they hold the provider's API
	// traffic: a test that passed because logging was off would prove
	// nothing.
	all := logs.String()
	for _, want := range []string{
		"API request",                   // the client's per-attempt line
		"dnsapi",                        // its log subsystem
		"/reverserecords",               // the requests' paths
		"status=401",                    // the refused token's attempt
		"status=409",                    // the conflict
		"terraform-provider-ionosdns",   // the provider's own process
		"Creating IONOS DNS API client", // Configure's line
		"TRACE",                         // at trace level
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the TF_LOG=TRACE logs do not contain %q: is the provider's logging off?", want)
		}
	}
	var authHeaders int
	for _, r := range srv.Requests() {
		if auth := r.Header.Get("Authorization"); auth != "" {
			authHeaders++
			if auth != "Bearer [redacted]" {
				t.Errorf("the fake logged the Authorization header as %q", auth)
			}
		}
	}
	if authHeaders == 0 {
		t.Error("the fake's request log holds no Authorization header at all")
	}
	t.Logf("%d terraform runs, %d bytes of TRACE log, %d API requests: no token found", len(cli.runs), logs.Len(), len(srv.Requests()))
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
