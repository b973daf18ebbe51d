package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Environment variables of the wrapper (see plugwrap) and of the
// provider's profile hook (see main.go at the repository's root).
const (
	envWrapProvider = "IONOSDNS_BENCH_PROVIDER"
	envWrapDir      = "IONOSDNS_BENCH_RUSAGE_DIR"
	envCPUProfile   = "IONOSDNS_CPUPROFILE"
)

// The operations measured for every N, in the order they run.
var operations = []string{"apply", "plan", "destroy"}

// requestTime is the time the requests an operation on n resources cannot
// avoid take (see the package comment): apply one PUT per resource and
// destroy one DELETE per resource plus one confirming list request per
// ten, both spread over parallelism; a plan's refresh is answered by
// pages of the list read one after another.
func requestTime(op string, n, parallelism int, latency time.Duration) time.Duration {
	switch op {
	case "plan":
		return time.Duration((n+999)/1000) * latency
	case "destroy":
		return time.Duration(float64(n)*1.1) * latency / time.Duration(parallelism)
	}
	return time.Duration(n) * latency / time.Duration(parallelism)
}

// bench holds what every measurement shares.
type bench struct {
	o       options
	out     io.Writer
	tmp     string
	bin     string // the real provider
	wrapDir string // the dev_overrides directory, holding the wrapper
	fakeBin string
	cliCfg  string
	token   string
	fake    *fakeProc
	admin   *admin
}

func newBench(o options, out io.Writer) (*bench, error) {
	tmp, err := os.MkdirTemp("", "ionosdns-bench-")
	if err != nil {
		return nil, err
	}
	return &bench{
		o: o, out: out, tmp: tmp,
		bin:     filepath.Join(tmp, "bin", "terraform-provider-ionosdns"),
		fakeBin: filepath.Join(tmp, "bin", "fakeapi"),
		wrapDir: filepath.Join(tmp, "overrides"),
		cliCfg:  filepath.Join(tmp, "terraform.rc"),
		token:   fmt.Sprintf("bench-%d-%d", os.Getpid(), time.Now().UnixNano()),
	}, nil
}

func (b *bench) close() {
	b.fake.stop()
	if b.o.keep {
		b.logf("kept %s", b.tmp)
		return
	}
	_ = os.RemoveAll(b.tmp)
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.out, "bench: "+format+"\n", args...)
}

// env is the environment of every terraform command: the caller's,
// without anything that changes Terraform's or the provider's behaviour
// (TF_*, IONOS_*, logging), plus the benchmark's.
func (b *bench) env(fakeURL, rusageDir, profile string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "IONOS") || name == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"TF_CLI_CONFIG_FILE="+b.cliCfg,
		"IONOS_TOKEN="+b.token,
		"IONOS_API_URL_DNS="+fakeURL,
		envWrapProvider+"="+b.bin,
		envWrapDir+"="+rusageDir,
	)
	if profile != "" {
		env = append(env, envCPUProfile+"="+profile)
	}
	return env
}

// setup builds the binaries, writes the CLI configuration and starts the
// fake.
func (b *bench) setup(ctx context.Context) error {
	for _, d := range []string{filepath.Dir(b.bin), b.wrapDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if b.o.pprofDir != "" {
		if err := os.MkdirAll(b.o.pprofDir, 0o755); err != nil {
			return err
		}
	}
	b.logf("building the provider, the fake API and the plugin wrapper in %s", b.tmp)
	builds := []struct{ out, pkg, ldflags string }{
		{b.bin, ".", "-X main.version=bench"},
		{b.fakeBin, "./internal/cmd/fakeapi", ""},
		{filepath.Join(b.wrapDir, "terraform-provider-ionosdns"), "./internal/cmd/bench/plugwrap", ""},
	}
	if b.o.providerBin != "" {
		b.bin = b.o.providerBin
		builds = builds[1:]
		b.logf("measuring the provider binary %s", b.bin)
	}
	for _, bd := range builds {
		if err := goBuild(ctx, b.o.root, bd.out, bd.pkg, bd.ldflags); err != nil {
			return err
		}
	}
	overrides := fmt.Sprintf("    \"ionosdns/ionosdns\" = %q\n", b.wrapDir)
	if b.o.timeProvider != "" {
		dir, err := b.setupTimeProvider()
		if err != nil {
			return err
		}
		overrides += fmt.Sprintf("    \"hashicorp/time\" = %q\n", dir)
		b.logf("hashicorp/time %s from %s", timeProviderVersion(b.o.timeProvider), b.o.timeProvider)
	}
	cfg := "provider_installation {\n  dev_overrides {\n" + overrides + "  }\n  direct {}\n}\n"
	if err := os.WriteFile(b.cliCfg, []byte(cfg), 0o644); err != nil {
		return err
	}
	fakeDir := filepath.Join(b.tmp, "fake")
	if err := os.MkdirAll(fakeDir, 0o755); err != nil {
		return err
	}
	fake, err := startFake(ctx, b.fakeBin, fakeDir, b.token, b.o.latency, 0)
	if err != nil {
		return err
	}
	b.fake, b.admin = fake, newAdmin(fake.url)
	b.logf("fake API at %s, %s added latency per request", fake.url, b.o.latency)
	return nil
}

// measure runs everything and returns the results.
func (b *bench) measure(ctx context.Context) (res *results, err error) {
	res = &results{
		latency: b.o.latency, parallelism: b.o.parallelism, runs: b.o.runs, scaleSection: b.o.scaleSection,
		machine: machineInfo(ctx, b.o.terraform),
	}
	if b.o.timeProvider != "" {
		res.timeVersion = timeProviderVersion(b.o.timeProvider)
		if res.timeVersion == "" {
			res.timeVersion = "unknown (" + b.o.timeProvider + ")"
		}
	}
	if err := b.setup(ctx); err != nil {
		return nil, err
	}
	if b.o.set.enabled {
		if res.set, err = b.measureSets(ctx); err != nil {
			return nil, fmt.Errorf("record set cases: %w", err)
		}
		if b.o.set.only {
			res.loadEnd = loadAverage()
			return res, nil
		}
	}
	if len(b.o.scale) > 0 {
		sc, err := b.measureScale(ctx)
		if err != nil {
			return nil, err
		}
		res.scale = sc
	}
	if b.o.scaleOnly {
		res.loadEnd = loadAverage()
		return res, nil
	}
	for _, n := range b.o.counts {
		ops, err := b.measureN(ctx, n)
		if err != nil {
			return nil, err
		}
		res.ops = append(res.ops, ops...)
	}
	if b.o.dsRecords > 0 {
		ds, err := b.measureDataSource(ctx, b.o.dsRecords)
		if err != nil {
			return nil, err
		}
		res.ds = ds
	}
	if b.o.goBench {
		out, err := runGoBenchmarks(ctx, b.o.root, b.o.benchtime)
		if err != nil {
			return nil, err
		}
		res.goBench = out
	}
	res.loadEnd = loadAverage()
	return res, nil
}

// opRun is one command as measured.
type opRun struct {
	wall      time.Duration
	tfCPU     time.Duration // terraform and its children
	requests  int
	byMethod  map[string]int
	peak      int
	newConns  int
	provCPU   time.Duration
	procs     int
	lost      int // provider processes whose usage was not recorded
	maxRSSKiB int64
}

// opResult is one operation at one N: the median of its runs.
type opResult struct {
	n         int
	op        string
	run       opRun         // the provider's median run (by wall time)
	coreWall  time.Duration // terraform_data, median
	floor     time.Duration
	ratio     float64
	allRatios []float64 // per run, for the record
	// timeWall is hashicorp/time's same command on N time_static (median),
	// 0 when not measured.
	timeWall time.Duration
}

// measureN measures apply, plan and destroy of n resources, and the
// terraform_data floor, b.o.runs times.
func (b *bench) measureN(ctx context.Context, n int) ([]opResult, error) {
	dir := filepath.Join(b.tmp, "n"+strconv.Itoa(n))
	provDir, floorDir, timeDir := filepath.Join(dir, "provider"), filepath.Join(dir, "floor"), filepath.Join(dir, "time")
	for _, d := range []string{provDir, floorDir, timeDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(provDir, "main.tf"), []byte(providerConfig(n)), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(floorDir, "main.tf"), []byte(floorConfig(n)), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(timeDir, "main.tf"), []byte(timeConfig(n)), 0o644); err != nil {
		return nil, err
	}

	// Each provider command runs right after the same command on
	// terraform_data, so that both see the same machine (other load on a
	// shared machine comes and goes); each run's ratio is taken against
	// its own floor.
	provRuns := map[string][]opRun{}
	floorRuns := map[string][]time.Duration{}
	timeRuns := map[string][]time.Duration{}
	for r := range b.o.runs {
		b.logf("N=%d, run %d/%d", n, r+1, b.o.runs)
		// Not POST /_fake/reset: it would clear the fake's latency with
		// its faults. The previous destroy left it empty; check.
		if got, err := b.admin.recordCount(ctx); err != nil {
			return nil, err
		} else if got != 0 {
			return nil, fmt.Errorf("the fake holds %d records before apply, want none", got)
		}
		for _, op := range operations {
			res, err := b.tf(ctx, floorDir, op, fmt.Sprintf("n%d-floor-%s-r%d", n, op, r), b.fake.url, "")
			if err != nil {
				return nil, err
			}
			floorRuns[op] = append(floorRuns[op], res.wall)
			b.logf("  terraform_data %-7s %7.2fs", op, res.wall.Seconds())
			if wall, ok, err := b.timeFloor(ctx, timeDir, op, fmt.Sprintf("n%d-time-%s-r%d", n, op, r)); err != nil {
				return nil, err
			} else if ok {
				timeRuns[op] = append(timeRuns[op], wall)
			}

			run, err := b.measureOp(ctx, provDir, n, op, r)
			if err != nil {
				return nil, err
			}
			provRuns[op] = append(provRuns[op], run)
			b.logf("  provider       %-7s %7.2fs  %d requests, peak %d in flight, %d new conns, provider CPU %.2f ms/resource in %d process(es), RSS %.1f MB",
				op, run.wall.Seconds(), run.requests, run.peak, run.newConns,
				msPer(run.provCPU, n), run.procs, float64(run.maxRSSKiB)/1024)
		}
	}

	var out []opResult
	for _, op := range operations {
		runs := provRuns[op]
		r := opResult{n: n, op: op, coreWall: median(floorRuns[op])}
		if len(timeRuns[op]) > 0 {
			r.timeWall = median(timeRuns[op])
		}
		reqTime := requestTime(op, n, b.o.parallelism, b.o.latency)
		r.floor = r.coreWall + reqTime
		for i, run := range runs {
			r.allRatios = append(r.allRatios, run.wall.Seconds()/(floorRuns[op][i]+reqTime).Seconds())
		}
		sorted := slices.Clone(runs)
		slices.SortFunc(sorted, func(x, y opRun) int { return int(x.wall - y.wall) })
		r.run = sorted[len(sorted)/2]
		ratios := slices.Clone(r.allRatios)
		slices.Sort(ratios)
		r.ratio = ratios[len(ratios)/2]
		out = append(out, r)
	}
	return out, nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func msPer(d time.Duration, n int) float64 {
	return float64(d.Microseconds()) / 1000 / float64(n)
}
