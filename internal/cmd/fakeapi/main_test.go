package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// waitForURL polls for the -url-file, for at most ten seconds.
func waitForURL(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s did not appear", path)
	return ""
}

func get(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func TestRunServesUntilCancelled(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-token", "T", "-latency", "1ms",
			"-seed-records", "3", "-url-file", urlFile, "-owned", "192.0.2.0/24, 2001:db8::/32"}, &stdout, &stderr)
	}()
	url := waitForURL(t, urlFile)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("url %q", url)
	}

	if status, _ := get(t, url+"/reverserecords", "wrong"); status != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", status)
	}
	status, body := get(t, url+"/reverserecords", "T")
	var list dnsapi.ReverseRecordsReadList
	if err := json.Unmarshal(body, &list); err != nil || status != http.StatusOK || len(list.Items) != 3 {
		t.Fatalf("list: %d %s %v", status, body, err)
	}
	if !strings.HasPrefix(list.Items[0].Href, url+"/reverserecords/") {
		t.Errorf("href %q", list.Items[0].Href)
	}
	status, body = get(t, url+dnsapitest.AdminStatsPath, "")
	var stats dnsapitest.Stats
	if err := json.Unmarshal(body, &stats); err != nil || status != http.StatusOK || stats.Requests != 2 || stats.NewConnections < 1 {
		t.Errorf("stats: %d %s %v", status, body, err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v (stderr %s)", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if stdout.String() != "listening on "+url+"\n" {
		t.Errorf("stdout %q", stdout.String())
	}
}

func TestFlagsRefuseNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8080", "[::]:0", "localhost:0", "example.com:80", "127.0.0.1"} {
		if _, err := parseFlags([]string{"-addr", addr}, io.Discard); err == nil {
			t.Errorf("-addr %s accepted", addr)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "127.0.0.2:9999", "[::1]:0"} {
		if _, err := parseFlags([]string{"-addr", addr}, io.Discard); err != nil {
			t.Errorf("-addr %s refused: %v", addr, err)
		}
	}
	for _, args := range [][]string{{"-owned", "nope"}, {"-seed-records", "-1"}, {"extra"}, {"-no-such-flag"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	c, err := parseFlags([]string{"-chaos-seed", "7", "-fail-503-rate", "0.1", "-drop-write-rate", "0.2", "-rate-limit", "50"}, io.Discard)
	if err != nil || c.chaos != (dnsapitest.Chaos{Seed: 7, Fail503Rate: 0.1, DropWriteRate: 0.2, RateLimitPerSecond: 50}) {
		t.Errorf("chaos flags: %+v %v", c.chaos, err)
	}
}

// TestBinaryStopsOnSIGTERM builds the command and checks the signal path a
// script relies on.
func TestBinaryStopsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fakeapi")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	urlFile := filepath.Join(dir, "url")
	cmd := exec.Command(bin, "-url-file", urlFile)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() { _ = cmd.Process.Kill() }() // no-op once it has exited

	url := waitForURL(t, urlFile)
	if status, _ := get(t, url+"/reverserecords", dnsapitest.DefaultToken); status != http.StatusOK {
		t.Errorf("list: %d", status)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit within 10s of SIGTERM")
	}
	if !strings.HasPrefix(stdout.String(), "listening on http://127.0.0.1:") {
		t.Errorf("stdout %q", stdout.String())
	}
}
