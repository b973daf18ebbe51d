package main

// One terraform command of the benchmark: run it, and collect what it
// cost (wall time, the fake's request log and counters, the provider
// processes' rusage).

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/cmd/bench/rusage"
)

// tf runs one terraform operation in dir and fails unless it did what it
// should (apply and destroy succeed, the plan shows no changes).
func (b *bench) tf(ctx context.Context, dir, op, name, fakeURL, rusageDir string) (cmdResult, error) {
	logs := filepath.Join(b.tmp, "logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		return cmdResult{}, err
	}
	if rusageDir == "" {
		rusageDir = filepath.Join(b.tmp, "rusage", name)
	}
	if err := os.MkdirAll(rusageDir, 0o755); err != nil {
		return cmdResult{}, err
	}
	profile := ""
	if b.o.pprofDir != "" {
		profile = filepath.Join(b.o.pprofDir, name+"-%p.pprof")
	}
	par := "-parallelism=" + strconv.Itoa(b.o.parallelism)
	var args []string
	switch op {
	case "apply", "destroy":
		args = []string{op, "-auto-approve", "-input=false", "-no-color", par}
	case "plan":
		args = []string{"plan", "-refresh=true", "-detailed-exitcode", "-input=false", "-no-color", par}
	default:
		args = strings.Fields(op)
	}
	res, err := terraform(ctx, b.o.terraform, dir, b.env(fakeURL, rusageDir, profile), b.o.cmdTimeout,
		filepath.Join(logs, name+".log"), args...)
	if err != nil {
		return res, fmt.Errorf("%w\n%s", err, tail(res.log, 30))
	}
	if res.exitCode != 0 {
		what := "failed"
		if op == "plan" && res.exitCode == 2 {
			what = "is not empty: the configuration and the API disagree after apply"
		}
		return res, fmt.Errorf("terraform %s in %s %s (exit %d):\n%s", op, dir, what, res.exitCode, tail(res.log, 30))
	}
	return res, nil
}

// measureOp runs one provider operation with fresh counters and collects
// what the fake and the wrapper saw.
func (b *bench) measureOp(ctx context.Context, dir string, n int, op string, r int) (opRun, error) {
	name := fmt.Sprintf("n%d-provider-%s-r%d", n, op, r)
	rusageDir := filepath.Join(b.tmp, "rusage", name)
	if err := b.admin.resetStats(ctx); err != nil {
		return opRun{}, err
	}
	res, err := b.tf(ctx, dir, op, name, b.fake.url, rusageDir)
	if err != nil {
		return opRun{}, err
	}
	run, err := b.collect(ctx, b.admin, res, rusageDir, name)
	if err != nil {
		return opRun{}, err
	}
	want := map[string]int{"apply": n, "plan": n, "destroy": 0}[op]
	if got, err := b.admin.recordCount(ctx); err != nil {
		return opRun{}, err
	} else if got != want {
		return opRun{}, fmt.Errorf("after terraform %s of %d resources the fake holds %d records, want %d", op, n, got, want)
	}
	return run, nil
}

// collect reads the fake's counters and request log and the wrapper's
// usage files for one finished command.
// The request log is kept beside the command's output (see -keep).
func (b *bench) collect(ctx context.Context, a *admin, res cmdResult, rusageDir, name string) (opRun, error) {
	run := opRun{wall: res.wall, tfCPU: res.cpu, byMethod: map[string]int{}}
	st, err := a.stats(ctx)
	if err != nil {
		return run, err
	}
	run.requests, run.peak, run.newConns = st.Requests, st.PeakInFlight, st.NewConnections
	reqs, err := a.requests(ctx)
	if err != nil {
		return run, err
	}
	for _, rq := range reqs {
		run.byMethod[rq.Method]++
	}
	if data, err := json.MarshalIndent(reqs, "", "  "); err == nil {
		_ = os.WriteFile(filepath.Join(b.tmp, "logs", name+".requests.json"), data, 0o644)
	}
	usages, lost, err := readUsage(rusageDir)
	if err != nil {
		return run, err
	}
	run.procs, run.lost = len(usages), lost
	for _, u := range usages {
		run.provCPU += time.Duration((u.UserSecs + u.SysSecs) * float64(time.Second))
		run.maxRSSKiB = max(run.maxRSSKiB, u.MaxRSSKiB)
	}
	return run, nil
}

// readUsage reads the wrapper's files in dir: the usage of every provider
// process that finished, and how many started without a usage file.
func readUsage(dir string) ([]rusage.Usage, int, error) {
	starts, err := filepath.Glob(filepath.Join(dir, "*.start"))
	if err != nil {
		return nil, 0, err
	}
	var out []rusage.Usage
	lost := 0
	for _, s := range starts {
		data, err := os.ReadFile(strings.TrimSuffix(s, ".start") + ".json")
		if os.IsNotExist(err) {
			lost++
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		var u rusage.Usage
		if err := json.Unmarshal(data, &u); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", s, err)
		}
		out = append(out, u)
	}
	return out, lost, nil
}
