// Command bench measures the provider against the physical floor: what
// Terraform core costs on its own plus the API round trips an operation
// cannot avoid. It is what `make bench` runs:
//
//	go run ./internal/cmd/bench -n "50 200 800" -latency 20ms
//
// It builds the provider, the fake API (internal/cmd/fakeapi) and a small
// wrapper (plugwrap) that records the provider processes' CPU and peak
// RSS; starts the fake on 127.0.0.1 with a fixed added latency; and for
// each N times, with -parallelism=10 (Terraform's default), `terraform
// apply` of N ionosdns_reverse_record resources, a no-change `terraform
// plan` (refresh) and `terraform destroy`. In the same run it times the
// same commands on N terraform_data resources: Terraform core's cost with
// no provider at all. The floor of an operation is
//
//	floor = terraform_data time + the time of the requests it cannot avoid
//
// which is, with reads batched and read ahead: apply N PUTs and destroy N
// DELETEs plus one confirming list request per ten deletes (1.1 N), both
// × latency ÷ parallelism; a plan one page of the list per 1000 records,
// read one after another (the few pages of the refresh before destroying
// are left out). It reports, per
// operation and N, the wall time, the floor, ratio = wall ÷ floor (each
// provider command against the terraform_data command just before it), the
// fake's request count per resource, peak concurrent requests, new TCP
// connections, the provider's CPU per resource and peak RSS; and it writes
// the table to BENCHMARKS.md (between markers, so that notes around it
// survive) and prints the ratios last.
//
// Everything is bounded: each terraform command by -cmd-timeout, the
// whole run by -timeout; the fake listens on 127.0.0.1 only, and every
// process it starts is stopped when it ends, on failure and on Ctrl-C too.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "bench:", err)
		}
		os.Exit(1)
	}
}

// options are the command-line flags.
type options struct {
	root        string
	counts      []int
	latency     time.Duration
	parallelism int
	runs        int
	out         string
	pprofDir    string
	keep        bool
	cmdTimeout  time.Duration
	timeout     time.Duration
	dsRecords   int
	goBench     bool
	benchtime   string
	terraform   string
	strict      bool
	// The scale and rate-limit cases (see scale.go).
	scale     []scaleCase
	scaleRate int
	scaleOnly bool
	// scaleFloors runs terraform_data before each scale command.
	scaleFloors bool
	// scaleSection names the scale cases' section of -out.
	scaleSection string
	providerBin  string
	// The record set cases (recordset.go).
	set setOptions
	// timeProvider is a hashicorp/time binary: its time_static destroy is
	// a floor of its own (timefloor.go).
	timeProvider string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	var err error
	var counts string
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.root, "root", ".", "the provider's repository (where go.mod is)")
	fs.StringVar(&counts, "n", "50 200 800", "resource counts to measure, separated by spaces or commas")
	fs.DurationVar(&o.latency, "latency", 20*time.Millisecond, "latency the fake API adds to every request")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.IntVar(&o.runs, "runs", 1, "repetitions of every measurement; the median is reported")
	fs.StringVar(&o.out, "out", "BENCHMARKS.md", "markdown file to write the results into (\"\" for none)")
	fs.StringVar(&o.pprofDir, "pprof", "", "write a CPU profile of every provider process into this directory")
	fs.BoolVar(&o.keep, "keep", false, "keep the working directory (configurations, logs, state)")
	fs.DurationVar(&o.cmdTimeout, "cmd-timeout", 10*time.Minute, "upper bound of one terraform command")
	fs.DurationVar(&o.timeout, "timeout", 90*time.Minute, "upper bound of the whole benchmark")
	fs.IntVar(&o.dsRecords, "ds-records", 10_000, "records listed by the ionosdns_reverse_records data source (0 to skip)")
	fs.BoolVar(&o.goBench, "gobench", true, "also run the Go benchmarks (go test -bench) of the client and the provider")
	fs.StringVar(&o.benchtime, "benchtime", "1s", "go test -benchtime for -gobench")
	fs.StringVar(&o.terraform, "terraform", "terraform", "the terraform binary")
	fs.BoolVar(&o.strict, "strict", false, "exit 1 when a target is missed")
	var scale string
	fs.StringVar(&scale, "scale", "", "scale cases, each MANAGED[/UNMANAGED][@RATE] separated by spaces (e.g. \"400 10/20000 400/20000 2000@0\"): "+
		"MANAGED records applied, planned and destroyed in a fake pre-seeded with UNMANAGED records and limited to RATE requests per second")
	fs.IntVar(&o.scaleRate, "scale-rate", 20, "requests per second the fake admits in the scale cases unless a case says @RATE (0: no limit)")
	fs.BoolVar(&o.scaleFloors, "scale-floors", true, "time terraform_data before each scale command (false: skip the floors, e.g. for an RSS-only case)")
	fs.StringVar(&o.scaleSection, "scale-section", "scale", "name of the section of -out the scale cases are written to (letters, digits, -)")
	fs.BoolVar(&o.scaleOnly, "scale-only", false, "run only the -scale cases (not -n, the data source or the Go benchmarks)")
	fs.StringVar(&o.providerBin, "provider", "", "measure this prebuilt provider binary instead of building one (e.g. an older commit's)")
	registerSetFlags(fs, &o.set)
	fs.StringVar(&o.timeProvider, "time-provider", "", "a hashicorp/time provider binary (scripts/timeprovider.sh): also time apply and destroy of N time_static, served by dev_overrides")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if err := o.set.check(); err != nil {
		return o, err
	}
	if o.scale, err = parseScaleCases(scale, o.scaleRate); err != nil {
		return o, err
	}
	if strings.Trim(o.scaleSection, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || o.scaleSection == "" {
		return o, fmt.Errorf("-scale-section %q: want lower-case letters, digits and -", o.scaleSection)
	}
	if o.scaleOnly && o.set.only {
		return o, errors.New("-scale-only and -set-only exclude each other")
	}
	if o.scaleOnly && len(o.scale) == 0 {
		return o, errors.New("-scale-only needs -scale")
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	for f := range strings.FieldsFuncSeq(counts, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 60_000 {
			return o, fmt.Errorf("-n: %q is not a resource count between 1 and 60000", f)
		}
		o.counts = append(o.counts, n)
	}
	switch {
	case len(o.counts) == 0:
		return o, errors.New("-n: no resource count")
	case o.latency < 0 || o.latency > 10*time.Second:
		return o, errors.New("-latency must be between 0 and 10s")
	case o.parallelism < 1:
		return o, errors.New("-parallelism must be at least 1")
	case o.runs < 1 || o.runs > 20:
		return o, errors.New("-runs must be between 1 and 20")
	case o.cmdTimeout <= 0 || o.timeout <= 0:
		return o, errors.New("-cmd-timeout and -timeout must be positive")
	case o.dsRecords < 0:
		return o, errors.New("-ds-records must not be negative")
	}
	root, err := filepath.Abs(o.root)
	if err != nil {
		return o, err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return o, fmt.Errorf("-root %s: no go.mod there (run from the repository or pass -root)", root)
	}
	o.root = root
	if o.out != "" && !filepath.IsAbs(o.out) {
		o.out = filepath.Join(root, o.out)
	}
	if o.pprofDir != "" {
		if o.pprofDir, err = filepath.Abs(o.pprofDir); err != nil {
			return o, err
		}
	}
	if o.timeProvider != "" {
		if o.timeProvider, err = filepath.Abs(o.timeProvider); err != nil {
			return o, err
		}
		if _, err := os.Stat(o.timeProvider); err != nil {
			return o, fmt.Errorf("-time-provider: %w", err)
		}
	}
	if o.providerBin != "" {
		if o.providerBin, err = filepath.Abs(o.providerBin); err != nil {
			return o, err
		}
		if _, err := os.Stat(o.providerBin); err != nil {
			return o, fmt.Errorf("-provider: %w", err)
		}
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()

	b, err := newBench(o, stdout)
	if err != nil {
		return err
	}
	defer b.close()

	res, err := b.measure(ctx)
	if err != nil {
		return err
	}
	if o.out != "" {
		if err := writeMarkdown(o.out, res, !o.scaleOnly && !o.set.only); err != nil {
			return err
		}
		b.logf("wrote %s", o.out)
	}
	printSummary(stdout, res)
	if o.strict && res.missed() > 0 {
		return fmt.Errorf("%d target(s) missed", res.missed())
	}
	return nil
}
