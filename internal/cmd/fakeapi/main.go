// Command fakeapi serves the in-memory fake of the IONOS Cloud DNS
// reverse-records API (package dnsapitest) on a loopback address, for the
// demo, benchmarks and manual experiments:
//
//	go run ./internal/cmd/fakeapi -addr 127.0.0.1:0 -token T -latency 20ms -url-file /tmp/fake.url
//
// It prints "listening on http://127.0.0.1:PORT", writes that URL to
// -url-file if given (so scripts can wait for the file), and runs until
// SIGINT or SIGTERM. The control endpoints under /_fake/ (records, stats,
// requests, reset, reset-stats) need no token.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "fakeapi:", err)
		}
		os.Exit(2)
	}
}

type config struct {
	addr        string
	token       string
	latency     time.Duration
	deleteDelay time.Duration
	seedRecords int
	urlFile     string
	owned       []netip.Prefix
	chaos       dnsapitest.Chaos
	paging      dnsapitest.Paging
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	var owned string
	fs := flag.NewFlagSet("fakeapi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "loopback `host:port` to listen on (port 0 picks a free one)")
	fs.StringVar(&c.token, "token", dnsapitest.DefaultToken, "bearer `token` clients must send")
	fs.DurationVar(&c.latency, "latency", 0, "latency added to every API request")
	fs.DurationVar(&c.deleteDelay, "delete-delay", 0, "how long a deleted record stays (readable, holding its IP) after the DELETE was accepted")
	fs.IntVar(&c.seedRecords, "seed-records", 0, "number of records to create at start")
	fs.StringVar(&c.urlFile, "url-file", "", "write the base URL to this `file` once listening")
	fs.StringVar(&owned, "owned", "", "comma-separated `prefixes` owned by the contract (default the documentation ranges)")
	fs.Int64Var(&c.chaos.Seed, "chaos-seed", 1, "seed of the random fault mix")
	fs.Float64Var(&c.chaos.Fail503Rate, "fail-503-rate", 0, "probability of a 503 before processing")
	fs.Float64Var(&c.chaos.DropWriteRate, "drop-write-rate", 0, "probability that a processed write loses its response")
	fs.IntVar(&c.chaos.RateLimitPerSecond, "rate-limit", 0, "requests per second admitted; the excess gets 429 (0: no limit)")
	fs.Func("paging-next", "when pages carry _links.next: `spec` (default), never, or always (also past the end)", func(v string) error {
		n, err := dnsapitest.ParseNextLinks(v)
		c.paging.Next = n
		return err
	})
	fs.BoolVar(&c.paging.IgnoreOffset, "paging-ignore-offset", false, "answer every page from the first record, as a server ignoring offset")
	fs.BoolVar(&c.paging.RejectUnknownParams, "reject-unknown-params", false, "answer 400 to a list request with a query parameter the specification does not define")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if err := checkLoopback(c.addr); err != nil {
		return c, err
	}
	for p := range strings.SplitSeq(owned, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			return c, fmt.Errorf("-owned: %w", err)
		}
		c.owned = append(c.owned, prefix)
	}
	if c.seedRecords < 0 || c.latency < 0 || c.deleteDelay < 0 {
		return c, errors.New("-seed-records, -latency and -delete-delay must not be negative")
	}
	return c, nil
}

// checkLoopback refuses anything but a loopback address: the fake accepts
// a well-known token and must never be reachable from the network.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q: the fake listens only on a loopback IP such as 127.0.0.1", addr)
	}
	return nil
}

// run serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()

	fake := dnsapitest.New(dnsapitest.Options{Token: c.token, OwnedPrefixes: c.owned, BaseURL: url, Paging: c.paging})
	fake.SetLatency(c.latency)
	fake.SetDeleteDelay(c.deleteDelay)
	fake.SetChaos(c.chaos)
	fake.Seed(c.seedRecords)
	fake.ResetStats()

	srv := &http.Server{
		Handler:           fake,
		ConnState:         fake.ConnState,
		ReadHeaderTimeout: 10 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	fmt.Fprintf(stdout, "listening on %s\n", url)
	if c.urlFile != "" {
		if err := writeFileAtomically(c.urlFile, url+"\n"); err != nil {
			srv.Close()
			return err
		}
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// writeFileAtomically writes via a rename so that a script polling for the
// file never reads half a URL.
func writeFileAtomically(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".fakeapi-url-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
