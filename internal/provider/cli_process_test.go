package provider

// Tests that need the terraform CLI as a real child process (signals,
// -parallelism, -replace): the provider is built into a temporary
// directory and found through dev_overrides, as scripts/demo.sh does; the
// fake API runs in the test process.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// processCLI runs terraform commands in one working directory against a
// fake API.
type processCLI struct {
	t   *testing.T
	tf  string
	dir string
	env []string
}

// newProcessCLI is a processCLI whose main.tf is config under a terraform
// block and an empty provider block, with the acceptance tests' token.
func newProcessCLI(t *testing.T, srv *dnsapitest.Server, config string) *processCLI {
	t.Helper()
	c := newBareProcessCLI(t, srv.URL)
	c.env = append(c.env, "IONOS_TOKEN="+testAccToken)
	c.write(config)
	return c
}

// newBareProcessCLI is a processCLI of a fresh provider build for the fake
// at endpoint, with an empty working directory and no token.
func newBareProcessCLI(t *testing.T, endpoint string) *processCLI {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH") // set by TestMain
	if tf == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	pluginDir := buildProvider(t)
	root := t.TempDir()
	dir := filepath.Join(root, "work")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(root, "terraform.rc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"ionosdns/ionosdns\" = %q\n  }\n  direct {}\n}\n", pluginDir))
	return &processCLI{t: t, tf: tf, dir: dir, env: append(cleanEnv(),
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"TF_CLI_CONFIG_FILE="+rc, "IONOS_API_URL_DNS="+endpoint,
	)}
}

func (c *processCLI) write(config string) {
	c.t.Helper()
	writeFile(c.t, filepath.Join(c.dir, "main.tf"), `terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}

provider "ionosdns" {}

`+config)
}

// start starts terraform in its own process group, as a shell would.
func (c *processCLI) start(out *bytes.Buffer, args ...string) *exec.Cmd {
	c.t.Helper()
	return c.startWith(nil, out, out, args...)
}

// startWith is start with env added to the environment and the two
// outputs apart.
func (c *processCLI) startWith(env []string, stdout, stderr io.Writer, args ...string) *exec.Cmd {
	c.t.Helper()
	cmd := exec.Command(c.tf, args...)
	cmd.Dir, cmd.Env = c.dir, append(slices.Clip(c.env), env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	return cmd
}

// wait waits, bounded, for cmd and returns its exit code.
func (c *processCLI) wait(cmd *exec.Cmd) int {
	c.t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exitErr *exec.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &exitErr):
			return exitErr.ExitCode()
		}
		c.t.Fatalf("terraform: %v", err)
	case <-time.After(cliCommandTimeout):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		c.t.Fatalf("terraform %v did not end within %v", cmd.Args[1:], cliCommandTimeout)
	}
	return -1
}

// run runs one command to its end and returns its exit code and output.
func (c *processCLI) run(args ...string) (int, string) {
	c.t.Helper()
	var out bytes.Buffer
	code := c.wait(c.start(&out, args...))
	return code, out.String()
}

// mustRun runs a command that must exit with want.
func (c *processCLI) mustRun(want int, args ...string) string {
	c.t.Helper()
	code, out := c.run(args...)
	if code != want {
		c.t.Fatalf("terraform %v exited %d, want %d:\n%s", args, code, want, out)
	}
	return out
}

// stateIDs returns the ids of the records in the state.
func (c *processCLI) stateIDs() map[string]bool {
	c.t.Helper()
	out := c.mustRun(0, "show", "-json")
	var show struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Values struct {
						ID string `json:"id"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &show); err != nil {
		c.t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	ids := map[string]bool{}
	for _, r := range show.Values.RootModule.Resources {
		ids[r.Values.ID] = true
	}
	return ids
}

// waitForRecords waits, bounded, until the fake holds at least n records.
func waitForRecords(t *testing.T, srv *dnsapitest.Server, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for len(srv.Records()) < n {
		select {
		case <-ctx.Done():
			t.Fatalf("the fake never held %d records (%d)", n, len(srv.Records()))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// holdsExactly checks that the fake holds the configured renamed records.
func holdsExactly(t *testing.T, srv *dnsapitest.Server, n int) {
	t.Helper()
	if err := renamedHolds(srv, n).(fakeCheck).check(nil); err != nil {
		t.Fatal(err)
	}
}

// countErrors counts Terraform's error diagnostics in out.
func countErrors(out string) int { return strings.Count(out, "Error: ") }
