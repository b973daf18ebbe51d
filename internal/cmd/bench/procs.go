package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Bounds of the processes the benchmark starts.
const (
	buildTimeout     = 10 * time.Minute // a fresh clone downloads modules
	fakeStartTimeout = 10 * time.Second
	fakeStopTimeout  = 10 * time.Second
	// killDelay is how long a terraform command may take to stop after
	// SIGINT (its graceful stop) before it is killed.
	killDelay = 15 * time.Second
)

// goBuild builds pkg (relative to root) into out.
func goBuild(ctx context.Context, root, out, pkg string, ldflags string) error {
	ctx, cancel := context.WithTimeout(ctx, buildTimeout)
	defer cancel()
	args := []string{"build", "-o", out}
	if ldflags != "" {
		args = append(args, "-ldflags", ldflags)
	}
	args = append(args, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.WaitDelay = killDelay
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, stderr.String())
	}
	return nil
}

// fakeProc is a running fakeapi process.
type fakeProc struct {
	cmd  *exec.Cmd
	url  string
	log  string
	done chan struct{}
}

// startFake starts the fake API on 127.0.0.1 (a free port) and waits for
// its URL.
// extra are further fakeapi flags (e.g. -rate-limit).
func startFake(ctx context.Context, bin, dir, token string, latency time.Duration, seed int, extra ...string) (*fakeProc, error) {
	urlFile := filepath.Join(dir, "fake.url")
	logPath := filepath.Join(dir, "fake.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	args := []string{"-addr", "127.0.0.1:0", "-token", token, "-latency", latency.String(),
		"-seed-records", fmt.Sprint(seed), "-url-file", urlFile}
	cmd := exec.Command(bin, append(args, extra...)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	f := &fakeProc{cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(f.done) }()

	deadline := time.NewTimer(fakeStartTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			f.url = strings.TrimSpace(string(b))
			return f, nil
		}
		select {
		case <-f.done:
			out, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("the fake API exited before listening:\n%s", out)
		case <-deadline.C:
			f.stop()
			return nil, fmt.Errorf("the fake API did not listen within %s", fakeStartTimeout)
		case <-ctx.Done():
			f.stop()
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}

// stop asks the fake to shut down and kills it if it does not in time.
func (f *fakeProc) stop() {
	if f == nil {
		return
	}
	select {
	case <-f.done:
		return
	default:
	}
	_ = f.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-f.done:
	case <-time.After(fakeStopTimeout):
		_ = f.cmd.Process.Kill()
		<-f.done
	}
}

// cmdResult is one finished terraform command.
type cmdResult struct {
	wall     time.Duration
	exitCode int
	// cpu is the user+system time of terraform and of every child it
	// waited for (the plugin wrappers and, through them, the providers).
	cpu time.Duration
	log string
}

// terraform runs one terraform command in dir with env, its output going
// to logPath. A non-zero exit is not an error here: the caller decides.
func terraform(ctx context.Context, bin, dir string, env []string, timeout time.Duration, logPath string, args ...string) (cmdResult, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	logFile, err := os.Create(logPath)
	if err != nil {
		return cmdResult{}, err
	}
	defer logFile.Close()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = nil
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// On timeout, let terraform stop gracefully (it releases the state
	// and stops its plugins), then kill it.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = killDelay

	start := time.Now()
	err = cmd.Run()
	res := cmdResult{wall: time.Since(start), log: logPath, exitCode: -1}
	if st := cmd.ProcessState; st != nil {
		res.exitCode = st.ExitCode()
		res.cpu = st.UserTime() + st.SystemTime()
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("terraform %s in %s: stopped after %s: %w", strings.Join(args, " "), dir, timeout, ctx.Err())
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return res, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), err)
	}
	return res, nil
}

// tail returns the last n lines of the file at path, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
