// Command plugwrap stands in for the provider binary in the benchmark's
// dev_overrides directory, under the provider's name. Terraform starts it
// as it would start the provider; it starts the real provider as its
// child, with the same arguments, environment, stdin, stdout and stderr
// (so the plugin handshake and the gRPC traffic pass straight through),
// waits for it, and records the child's resource usage (user and system
// CPU, peak RSS) in a JSON file per process. This measures the provider
// alone, without depending on /usr/bin/time.
//
// Environment:
//
//	IONOSDNS_BENCH_PROVIDER    the real provider binary (required)
//	IONOSDNS_BENCH_RUSAGE_DIR  where to write PID.json (required)
//
// It writes PID.start when it starts the child and PID.json when the child
// has exited, so that a reader can tell a process whose usage was lost
// (for example because it was killed) from one that never ran.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/cmd/bench/rusage"
)

// Names of the environment variables the benchmark sets.
const (
	envProvider = "IONOSDNS_BENCH_PROVIDER"
	envDir      = "IONOSDNS_BENCH_RUSAGE_DIR"
)

func main() {
	code, err := run(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "plugwrap:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// run starts the provider with args and records its usage.
func run(args []string, getenv func(string) string) (int, error) {
	provider, dir := getenv(envProvider), getenv(envDir)
	if provider == "" || dir == "" {
		return 1, fmt.Errorf("%s and %s must be set (this program is started by the benchmark, not by hand)", envProvider, envDir)
	}

	cmd := exec.Command(provider, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// Terraform signals the plugin's process group on Ctrl-C, which
	// reaches the child directly; catch the signals here so that the
	// wrapper outlives its child and can record it, and pass on the ones
	// sent to the wrapper alone.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 1, err
	}
	pid := cmd.Process.Pid
	if err := writeFile(filepath.Join(dir, strconv.Itoa(pid)+".start"), []byte(start.UTC().Format(time.RFC3339Nano)+"\n")); err != nil {
		fmt.Fprintln(os.Stderr, "plugwrap:", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var waitErr error
wait:
	for {
		select {
		case waitErr = <-done:
			break wait
		case s := <-sigs:
			_ = cmd.Process.Signal(s)
		}
	}

	u := rusage.Usage{PID: pid, WallSecs: time.Since(start).Seconds(), StartedAt: start.UTC().Format(time.RFC3339Nano), ExitCode: -1}
	if st := cmd.ProcessState; st != nil {
		u.ExitCode = st.ExitCode()
		u.UserSecs = st.UserTime().Seconds()
		u.SysSecs = st.SystemTime().Seconds()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			u.MaxRSSKiB = ru.Maxrss // KiB on Linux
		}
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) {
		u.ChildError = waitErr.Error()
	}
	b, err := json.Marshal(u)
	if err != nil {
		return 1, err
	}
	if err := writeFile(filepath.Join(dir, strconv.Itoa(pid)+".json"), append(b, '\n')); err != nil {
		return 1, err
	}
	if u.ExitCode < 0 {
		return 1, nil
	}
	return u.ExitCode, nil
}

// writeFile writes via a rename, so that a reader never sees half a file.
func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
