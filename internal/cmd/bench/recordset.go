package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// The record set cases (issue 17): ionosdns_reverse_record_set, one
// resource holding a map of many records, against terraform_data holding
// the same map as its input (Terraform core's cost of one resource with a
// large value). Each case gets a fake of its own:
//
//   - plan: a no-change plan of -set-plan records. The fake is seeded with
//     them (creating them through the API is not what is measured) and
//     the set imports them with an import block; then the plan is timed.
//   - apply: -set-apply new records, no rate limit.
//   - rate: -set-rate-n new records against a fake admitting -set-rate
//     requests per second.
//   - compare: -set-compare records as one set and as as many
//     ionosdns_reverse_record resources (two fakes): apply, no-change plan
//     and destroy of each, each right after its terraform_data command.

// setOptions are the record set cases' flags.
type setOptions struct {
	enabled bool
	only    bool
	planN   int
	// planSplit > 1 also plans the planN records as that many sets.
	planSplit int
	applyN    int
	rateN     int
	rate      int
	compareN  int
}

// registerSetFlags adds the record set flags to fs.
func registerSetFlags(fs *flag.FlagSet, o *setOptions) {
	fs.BoolVar(&o.enabled, "set", false, "also measure ionosdns_reverse_record_set (issue 17)")
	fs.BoolVar(&o.only, "set-only", false, "measure only ionosdns_reverse_record_set (implies -set)")
	fs.IntVar(&o.planN, "set-plan", 10_000, "records in the set's no-change plan (seeded, then imported; 0 to skip)")
	fs.IntVar(&o.planSplit, "set-plan-split", 0, "also plan the -set-plan records as this many sets of equal size (0 or 1: no)")
	fs.IntVar(&o.applyN, "set-apply", 2_000, "new records in the set's apply without a rate limit (0 to skip)")
	fs.IntVar(&o.rateN, "set-rate-n", 1_000, "new records in the set's apply under -set-rate (0 to skip)")
	fs.IntVar(&o.rate, "set-rate", 20, "requests per second the fake admits in the -set-rate-n case")
	fs.IntVar(&o.compareN, "set-compare", 1_000, "records compared as one set and as single resources (0 to skip)")
}

func (o *setOptions) check() error {
	if o.only {
		o.enabled = true
	}
	for _, v := range []int{o.planN, o.applyN, o.rateN, o.compareN} {
		if v < 0 || v > 60_000 {
			return errors.New("-set-plan, -set-apply, -set-rate-n and -set-compare must be between 0 and 60000")
		}
	}
	if o.planSplit < 0 || (o.planN > 0 && o.planSplit > o.planN) {
		return errors.New("-set-plan-split must be between 0 and -set-plan")
	}
	if o.rateN > 0 && o.rate < 1 {
		return errors.New("-set-rate must be at least 1")
	}
	return nil
}

// setRow is one measured command of a record set case.
type setRow struct {
	kase    string // plan, apply, rate, compare
	subject string // what the provider command managed
	op      string
	n       int
	run     opRun
	status  map[int]int
	core    time.Duration // the terraform_data command just before
	coreFor string        // what that terraform_data held
}

// setResults is every record set case's rows, in the order measured.
type setResults struct {
	o       setOptions
	latency time.Duration
	par     int
	rows    []setRow
	// importRun is the (untimed) import that prepared the plan case.
	importRun *opRun
	loadStart string
	loadEnd   string
}

func (s *setResults) find(kase, subject, op string) *setRow {
	for i := range s.rows {
		if r := &s.rows[i]; r.kase == kase && r.op == op && (subject == "" || r.subject == subject) {
			return r
		}
	}
	return nil
}

const (
	subjectSet     = "ionosdns_reverse_record_set"
	subjectSingles = "ionosdns_reverse_record × N"
	floorMap       = "1 terraform_data, the map as input"
	floorSingles   = "N terraform_data"
)

// setEnv is one fake with its working directories.
type setEnv struct {
	name, provDir, floorDir string
	fake                    *fakeProc
	admin                   *admin
}

func (b *bench) newSetEnv(ctx context.Context, name string, seed, rate int, provCfg, floorCfg string) (*setEnv, error) {
	dir := filepath.Join(b.tmp, "set-"+name)
	e := &setEnv{name: "set-" + name, provDir: filepath.Join(dir, "provider"), floorDir: filepath.Join(dir, "floor")}
	fakeDir := filepath.Join(dir, "fake")
	for _, d := range []string{e.provDir, e.floorDir, fakeDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := e.write(provCfg, floorCfg); err != nil {
		return nil, err
	}
	fake, err := startFake(ctx, b.fakeBin, fakeDir, b.token, b.o.latency, seed, "-rate-limit", strconv.Itoa(rate))
	if err != nil {
		return nil, err
	}
	e.fake, e.admin = fake, newAdmin(fake.url)
	return e, nil
}

func (e *setEnv) write(provCfg, floorCfg string) error {
	if provCfg != "" {
		if err := os.WriteFile(filepath.Join(e.provDir, "main.tf"), []byte(provCfg), 0o644); err != nil {
			return err
		}
	}
	if floorCfg != "" {
		return os.WriteFile(filepath.Join(e.floorDir, "main.tf"), []byte(floorCfg), 0o644)
	}
	return nil
}

// floorThenProvider times op on terraform_data (unless skipFloor), then on
// the provider with fresh counters, and checks the fake holds wantRecords
// afterwards.
func (b *bench) floorThenProvider(ctx context.Context, e *setEnv, op string, wantRecords int, skipFloor bool) (setRow, error) {
	row := setRow{op: op, status: map[int]int{}}
	if !skipFloor {
		floor, err := b.tf(ctx, e.floorDir, op, e.name+"-floor-"+op, e.fake.url, "")
		if err != nil {
			return row, err
		}
		row.core = floor.wall
	}
	if err := e.admin.resetStats(ctx); err != nil {
		return row, err
	}
	name := e.name + "-" + op
	rusageDir := filepath.Join(b.tmp, "rusage", name)
	res, err := b.tf(ctx, e.provDir, op, name, e.fake.url, rusageDir)
	if err != nil {
		return row, err
	}
	if row.run, err = b.collect(ctx, e.admin, res, rusageDir, name); err != nil {
		return row, err
	}
	reqs, err := e.admin.requests(ctx)
	if err != nil {
		return row, err
	}
	for _, rq := range reqs {
		row.status[rq.Status]++
	}
	if got, err := e.admin.recordCount(ctx); err != nil {
		return row, err
	} else if got != wantRecords {
		return row, fmt.Errorf("%s: after terraform %s the fake holds %d records, want %d", e.name, op, got, wantRecords)
	}
	b.logf("  %-28s %-7s %7.2fs (terraform_data %.2fs)  %d requests (%s), %d × 429, provider CPU %.0f ms, RSS %.1f MB",
		e.name, op, row.run.wall.Seconds(), row.core.Seconds(), row.run.requests, methods(row.run.byMethod), row.status[429],
		float64(row.run.provCPU.Microseconds())/1000, float64(row.run.maxRSSKiB)/1024)
	return row, nil
}

// measureSets runs the record set cases.
func (b *bench) measureSets(ctx context.Context) (*setResults, error) {
	so := b.o.set
	s := &setResults{o: so, latency: b.o.latency, par: b.o.parallelism, loadStart: loadAverage()}
	steps := []struct {
		n   int
		run func(context.Context, *setResults) error
	}{
		{so.planN, b.measureSetPlan},
		{so.applyN, b.measureSetApply},
		{so.rateN, b.measureSetRate},
		{so.compareN, b.measureSetCompare},
	}
	for _, st := range steps {
		if st.n == 0 {
			continue
		}
		if err := st.run(ctx, s); err != nil {
			return nil, err
		}
	}
	s.loadEnd = loadAverage()
	return s, nil
}

// measureSetPlan seeds a fake with planN records, imports them into a set
// and times a no-change plan.
func (b *bench) measureSetPlan(ctx context.Context, s *setResults) error {
	if err := b.measureSetPlanOf(ctx, s, 1); err != nil {
		return err
	}
	if s.o.planSplit > 1 {
		return b.measureSetPlanOf(ctx, s, s.o.planSplit)
	}
	return nil
}

// measureSetPlanOf measures the plan of planN seeded records in k sets.
func (b *bench) measureSetPlanOf(ctx context.Context, s *setResults, k int) error {
	n := s.o.planN
	kase := "plan"
	if k > 1 {
		kase = fmt.Sprintf("plan-%d", k)
	}
	b.logf("record set: no-change plan of %d seeded records in %d set(s)", n, k)
	e, err := b.newSetEnv(ctx, kase, n, 0, "", "")
	if err != nil {
		return err
	}
	defer e.fake.stop()
	var seeded []dnsapi.ReverseRecordRead
	if _, err := e.admin.do(ctx, "GET", dnsapitest.AdminRecordsPath, &seeded); err != nil {
		return err
	}
	if len(seeded) != n {
		return fmt.Errorf("the fake was seeded with %d records, not %d", len(seeded), n)
	}
	recs := make([]setRecord, len(seeded))
	ips := make([]string, len(seeded))
	for i, r := range seeded {
		recs[i], ips[i] = setRecord{r.Properties.IP, r.Properties.Name}, r.Properties.IP
	}
	// The import ID lists every address: too long for a command-line
	// argument (128 KiB at 10 000), fine in an import block.
	provCfg, floorCfg := setConfig(recs, strings.Join(ips, ",")), setFloorConfig(recs)
	if k > 1 {
		parts := splitRecords(recs, k)
		provCfg, floorCfg = splitSetConfig(parts, true), splitFloorConfig(parts)
	}
	if err := e.write(provCfg, floorCfg); err != nil {
		return err
	}
	imp, err := b.floorThenProvider(ctx, e, "apply", n, false)
	if err != nil {
		return fmt.Errorf("importing %d records: %w", n, err)
	}
	if k == 1 {
		s.importRun = &imp.run
	}
	provCfg = setConfig(recs, "")
	if k > 1 {
		provCfg = splitSetConfig(splitRecords(recs, k), false)
	}
	if err := e.write(provCfg, ""); err != nil {
		return err
	}
	row, err := b.floorThenProvider(ctx, e, "plan", n, false)
	if err != nil {
		return err
	}
	row.kase, row.subject, row.n, row.coreFor = kase, subjectSet, n, floorMap
	if k > 1 {
		row.subject, row.coreFor = fmt.Sprintf("%d × ionosdns_reverse_record_set", k), fmt.Sprintf("%d terraform_data, a part of the map each", k)
	}
	s.rows = append(s.rows, row)
	return nil
}

// measureSetApply times the apply of applyN new records, no rate limit,
// and their destroy.
func (b *bench) measureSetApply(ctx context.Context, s *setResults) error {
	return b.measureSetNew(ctx, s, "apply", s.o.applyN, 0, true)
}

// measureSetRate times the apply of rateN new records under the rate
// limit.
func (b *bench) measureSetRate(ctx context.Context, s *setResults) error {
	return b.measureSetNew(ctx, s, "rate", s.o.rateN, s.o.rate, false)
}

func (b *bench) measureSetNew(ctx context.Context, s *setResults, kase string, n, rate int, destroy bool) error {
	b.logf("record set: apply of %d new records, rate limit %d/s (0: none)", n, rate)
	recs := benchRecords(n)
	e, err := b.newSetEnv(ctx, kase, 0, rate, setConfig(recs, ""), setFloorConfig(recs))
	if err != nil {
		return err
	}
	defer e.fake.stop()
	ops := []string{"apply"}
	if destroy {
		ops = append(ops, "destroy")
	}
	for _, op := range ops {
		row, err := b.floorThenProvider(ctx, e, op, map[string]int{"apply": n}[op], false)
		if err != nil {
			return err
		}
		row.kase, row.subject, row.n, row.coreFor = kase, subjectSet, n, floorMap
		s.rows = append(s.rows, row)
	}
	return nil
}

// measureSetCompare runs apply, plan and destroy of compareN records as
// one set and as single resources, interleaved so that both see the same
// machine.
func (b *bench) measureSetCompare(ctx context.Context, s *setResults) error {
	n := s.o.compareN
	b.logf("record set: %d records as one set and as %d resources", n, n)
	recs := benchRecords(n)
	set, err := b.newSetEnv(ctx, "compare-set", 0, 0, setConfig(recs, ""), setFloorConfig(recs))
	if err != nil {
		return err
	}
	defer set.fake.stop()
	singles, err := b.newSetEnv(ctx, "compare-singles", 0, 0, providerConfig(n), floorConfig(n))
	if err != nil {
		return err
	}
	defer singles.fake.stop()
	for _, op := range operations {
		want := map[string]int{"apply": n, "plan": n}[op]
		for _, x := range []struct {
			e                *setEnv
			subject, coreFor string
		}{{set, subjectSet, floorMap}, {singles, subjectSingles, floorSingles}} {
			row, err := b.floorThenProvider(ctx, x.e, op, want, false)
			if err != nil {
				return err
			}
			row.kase, row.subject, row.n, row.coreFor = "compare", x.subject, n, x.coreFor
			s.rows = append(s.rows, row)
		}
	}
	return nil
}
