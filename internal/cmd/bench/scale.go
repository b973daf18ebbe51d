package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The scale cases: many records against a rate-limited fake, with or
// without unmanaged records around them (issue 10's rate-limited case and
// issue 11's request targets). Each case gets a fake of its own, started
// with -seed-records and -rate-limit, so that the unmanaged records and
// the limit never leak into the other measurements.

// scaleCase is MANAGED[/UNMANAGED][@RATE] of -scale.
type scaleCase struct {
	managed, unmanaged, rate int
}

func (c scaleCase) String() string {
	s := strconv.Itoa(c.managed)
	if c.unmanaged > 0 {
		s += " in " + strconv.Itoa(c.managed+c.unmanaged)
	}
	if c.rate > 0 {
		return s + fmt.Sprintf(" @ %d req/s", c.rate)
	}
	return s + ", no rate limit"
}

func parseScaleCases(spec string, defaultRate int) ([]scaleCase, error) {
	var out []scaleCase
	for f := range strings.FieldsFuncSeq(spec, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		c := scaleCase{rate: defaultRate}
		rest, rate, hasRate := strings.Cut(f, "@")
		managed, unmanaged, hasUnmanaged := strings.Cut(rest, "/")
		var err error
		if c.managed, err = strconv.Atoi(managed); err != nil || c.managed < 1 || c.managed > 60_000 {
			return nil, fmt.Errorf("-scale: %q: MANAGED must be a count between 1 and 60000", f)
		}
		if hasUnmanaged {
			if c.unmanaged, err = strconv.Atoi(unmanaged); err != nil || c.unmanaged < 0 || c.unmanaged > 1_000_000 {
				return nil, fmt.Errorf("-scale: %q: UNMANAGED must be a count between 0 and 1000000", f)
			}
		}
		if hasRate {
			if c.rate, err = strconv.Atoi(rate); err != nil || c.rate < 0 {
				return nil, fmt.Errorf("-scale: %q: RATE must be a non-negative number of requests per second", f)
			}
		}
		out = append(out, c)
	}
	if defaultRate < 0 {
		return nil, fmt.Errorf("-scale-rate must not be negative")
	}
	return out, nil
}

// scaleOp is one operation of one scale case.
type scaleOp struct {
	op       string
	run      opRun
	status   map[int]int // responses by status (429 = throttled)
	coreWall time.Duration
	// floor = coreWall + the requests the operation cannot avoid ÷ rate.
	floor time.Duration
}

// scaleResult is one scale case.
type scaleResult struct {
	c   scaleCase
	ops []scaleOp
}

func (r scaleResult) find(op string) *scaleOp {
	for i := range r.ops {
		if r.ops[i].op == op {
			return &r.ops[i]
		}
	}
	return nil
}

// unavoidable is the requests an operation on n records cannot avoid when
// a page of the list answers up to 1000 refreshes: apply n PUTs, destroy
// n DELETEs, plan one page per 1000 records.
func unavoidable(op string, n int) int {
	switch op {
	case "plan":
		return (n + 999) / 1000
	default:
		return n
	}
}

// measureScale runs every -scale case: apply, no-change plan and destroy,
// each right after the same command on terraform_data.
func (b *bench) measureScale(ctx context.Context) ([]scaleResult, error) {
	var out []scaleResult
	for i, c := range b.o.scale {
		r, err := b.measureScaleCase(ctx, i, c)
		if err != nil {
			return nil, fmt.Errorf("scale case %s: %w", c, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func (b *bench) measureScaleCase(ctx context.Context, i int, c scaleCase) (scaleResult, error) {
	res := scaleResult{c: c}
	name := fmt.Sprintf("scale%d-%d-%d-%d", i, c.managed, c.unmanaged, c.rate)
	dir := filepath.Join(b.tmp, name)
	provDir, floorDir, fakeDir := filepath.Join(dir, "provider"), filepath.Join(dir, "floor"), filepath.Join(dir, "fake")
	for _, d := range []string{provDir, floorDir, fakeDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return res, err
		}
	}
	if err := os.WriteFile(filepath.Join(provDir, "main.tf"), []byte(providerConfig(c.managed)), 0o644); err != nil {
		return res, err
	}
	if err := os.WriteFile(filepath.Join(floorDir, "main.tf"), []byte(floorConfig(c.managed)), 0o644); err != nil {
		return res, err
	}
	fake, err := startFake(ctx, b.fakeBin, fakeDir, b.token, b.o.latency, c.unmanaged, "-rate-limit", strconv.Itoa(c.rate))
	if err != nil {
		return res, err
	}
	defer fake.stop()
	a := newAdmin(fake.url)
	b.logf("scale case %s (fake %s)", c, fake.url)
	for _, op := range operations {
		var floor cmdResult
		if b.o.scaleFloors {
			if floor, err = b.tf(ctx, floorDir, op, name+"-floor-"+op, fake.url, ""); err != nil {
				return res, err
			}
		}
		if err := a.resetStats(ctx); err != nil {
			return res, err
		}
		rusageDir := filepath.Join(b.tmp, "rusage", name+"-"+op)
		cmd, err := b.tf(ctx, provDir, op, name+"-"+op, fake.url, rusageDir)
		if err != nil {
			return res, err
		}
		run, err := b.collect(ctx, a, cmd, rusageDir, name+"-"+op)
		if err != nil {
			return res, err
		}
		reqs, err := a.requests(ctx)
		if err != nil {
			return res, err
		}
		so := scaleOp{op: op, run: run, status: map[int]int{}, coreWall: floor.wall}
		for _, rq := range reqs {
			so.status[rq.Status]++
		}
		so.floor = floor.wall
		if c.rate > 0 {
			so.floor += time.Duration(unavoidable(op, c.managed)) * time.Second / time.Duration(c.rate)
		}
		want := c.unmanaged + map[string]int{"apply": c.managed, "plan": c.managed, "destroy": 0}[op]
		if got, err := a.recordCount(ctx); err != nil {
			return res, err
		} else if got != want {
			return res, fmt.Errorf("after terraform %s the fake holds %d records, want %d", op, got, want)
		}
		b.logf("  %-7s %7.2fs (terraform_data %.2fs)  %d requests (%s), %d × 429, RSS %.1f MB",
			op, run.wall.Seconds(), floor.wall.Seconds(), run.requests, methods(run.byMethod), so.status[429],
			float64(run.maxRSSKiB)/1024)
		res.ops = append(res.ops, so)
	}
	return res, nil
}

// Issue 16's targets for a destroy under a rate limit.
const (
	targetScaleDestroy  = 1.10
	targetScale429Share = 2.0
)

// scaleTargets checks issue 11's targets (and issue 10's 429 share) on
// the cases that measure them.
func (r *results) scaleTargets() []target {
	var ts []target
	for _, s := range r.scale {
		c := s.c
		plan, destroy := s.find("plan"), s.find("destroy")
		limited := c.rate > 0
		switch {
		case c.unmanaged == 0 && limited && plan != nil:
			ts = append(ts, target{
				name: fmt.Sprintf("requests, no-change plan of %s", c), want: "≤ 10",
				got: fmt.Sprint(plan.run.requests), ok: plan.run.requests <= 10,
			})
			limit := plan.coreWall + 2*time.Second
			ts = append(ts, target{
				name: fmt.Sprintf("wall, no-change plan of %s", c), want: fmt.Sprintf("≤ terraform_data + 2 s = %.2f s", limit.Seconds()),
				got: fmt.Sprintf("%.2f s", plan.run.wall.Seconds()), ok: plan.run.wall <= limit,
			})
		case c.unmanaged > 0 && plan != nil:
			want := 3
			if c.managed > 10 {
				want = 50
			}
			ts = append(ts, target{
				name: fmt.Sprintf("requests, no-change plan of %s", c), want: fmt.Sprintf("≤ %d", want),
				got: fmt.Sprint(plan.run.requests), ok: plan.run.requests <= want,
			})
		}
		// Issue 10's rate-limit targets, timed here rather than in the
		// acceptance test (TestAccReliability_rateLimit checks the 429s
		// and the requests only: wall time flakes on a loaded machine).
		if apply := s.find("apply"); c.unmanaged == 0 && limited && apply != nil {
			limit := time.Duration(1.15*float64(c.managed)/float64(c.rate)*float64(time.Second)) + apply.coreWall
			ts = append(ts, target{
				name: fmt.Sprintf("wall, apply of %s", c), want: fmt.Sprintf("≤ 1.15 × N / rate + terraform_data = %.2f s", limit.Seconds()),
				got: fmt.Sprintf("%.2f s", apply.run.wall.Seconds()), ok: apply.run.wall <= limit,
			})
			var throttled, total int
			for _, o := range s.ops {
				throttled += o.status[429]
				total += o.run.requests
			}
			share := 0.0
			if total > 0 {
				share = float64(throttled) / float64(total)
			}
			ts = append(ts, target{
				name: fmt.Sprintf("429 share, apply, plan and destroy of %s", c), want: "≤ 5 %",
				got: fmt.Sprintf("%d of %d (%.1f %%)", throttled, total, share*100), ok: share <= 0.05,
			})
		}
		if c.unmanaged == 0 && limited && destroy != nil {
			want := maxDestroyRequests(c.managed)
			ts = append(ts, target{
				name: fmt.Sprintf("requests, destroy of %s", c), want: fmt.Sprintf("≤ %d", want),
				got: fmt.Sprint(destroy.run.requests), ok: destroy.run.requests <= want,
			})
			if destroy.coreWall > 0 {
				// Issue 16: batching under the limit keeps the destroy
				// at its floor (terraform_data + N / rate).
				limit := time.Duration(targetScaleDestroy * float64(destroy.floor))
				ts = append(ts, target{
					name: fmt.Sprintf("wall, destroy of %s", c), want: fmt.Sprintf("≤ %.2f × (terraform_data + N / rate) = %.2f s", targetScaleDestroy, limit.Seconds()),
					got: fmt.Sprintf("%.2f s (ratio %.2f)", destroy.run.wall.Seconds(), destroy.run.wall.Seconds()/destroy.floor.Seconds()), ok: destroy.run.wall <= limit,
				})
			}
			share := float64(destroy.status[429]) / float64(max(destroy.run.requests, 1)) * 100
			ts = append(ts, target{
				name: fmt.Sprintf("429s, destroy of %s", c), want: fmt.Sprintf("≤ %.0f %%", targetScale429Share),
				got: fmt.Sprintf("%d (%.1f %%)", destroy.status[429], share), ok: share <= targetScale429Share,
			})
		}
		if c.managed >= 2000 {
			var peak int64
			for _, o := range s.ops {
				peak = max(peak, o.run.maxRSSKiB)
			}
			mib := float64(peak) / 1024
			ts = append(ts, target{
				name: fmt.Sprintf("provider peak RSS, %s", c), want: fmt.Sprintf("≤ %d MB", targetRSSMiB),
				got: fmt.Sprintf("%.1f MB", mib), ok: mib <= targetRSSMiB,
			})
		}
	}
	return ts
}

// scaleTable writes the scale cases' table in markdown.
func (r *results) scaleTable(w io.Writer) {
	fmt.Fprintln(w, "| case | operation | wall | terraform_data | floor | ratio | requests | 429s (share) | provider peak RSS |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|---|--:|--:|")
	for _, s := range r.scale {
		for _, o := range s.ops {
			share := 0.0
			if o.run.requests > 0 {
				share = float64(o.status[429]) / float64(o.run.requests) * 100
			}
			core, floor, ratio := "–", "–", "–" // not measured (-scale-floors=false)
			if o.coreWall > 0 {
				core, floor = fmt.Sprintf("%.2f s", o.coreWall.Seconds()), fmt.Sprintf("%.2f s", o.floor.Seconds())
				ratio = fmt.Sprintf("%.2f", o.run.wall.Seconds()/o.floor.Seconds())
			}
			fmt.Fprintf(w, "| %s | %s | %.2f s | %s | %s | %s | %d (%s) | %d (%.1f %%) | %.1f MB |\n",
				s.c, o.op, o.run.wall.Seconds(), core, floor, ratio,
				o.run.requests, methods(o.run.byMethod), o.status[429], share, float64(o.run.maxRSSKiB)/1024)
		}
	}
}

// scaleMarkers are the markers of the scale section called name in
// BENCHMARKS.md (-scale-section): each kind of run keeps its own.
func scaleMarkers(name string) (begin, end string) {
	return "<!-- bench-" + name + ":begin (written by internal/cmd/bench -scale-section " + name + "; edit outside the markers) -->",
		"<!-- bench-" + name + ":end -->"
}

// scaleMarkdown is the generated part of BENCHMARKS.md for the scale
// cases.
func (r *results) scaleMarkdown() string {
	var w strings.Builder
	fmt.Fprintf(&w, "## Latest run: %s\n\n", r.scaleSection)
	r.machineLines(&w)
	fmt.Fprintf(&w, "- Settings: fake API latency %s per request, `-parallelism=%d`, one run per measurement; "+
		"a rate-limited fake answers 429 with `Retry-After: 1` beyond its rate\n\n", r.latency, r.parallelism)
	fmt.Fprintf(&w, "floor = terraform_data + the requests the operation cannot avoid ÷ rate (apply N PUTs, destroy N DELETEs, "+
		"plan one page per 1000 records); without a rate limit floor = terraform_data. ratio = wall ÷ floor.\n\n")
	r.scaleTable(&w)
	fmt.Fprintln(&w)
	targetsTable(&w, r.scaleTargets())
	return w.String()
}

// scaleSummary prints the scale table and targets.
func (r *results) scaleSummary(w io.Writer) {
	r.scaleTable(w)
	fmt.Fprintln(w)
	printTargets(w, r.scaleTargets())
}
