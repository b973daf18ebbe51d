package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Issue 17's targets for ionosdns_reverse_record_set.
const (
	setPlanMaxRequests = 12
	setPlanSlack       = 1500 * time.Millisecond // over terraform_data's plan of the same map
	setPlanMaxRSSMiB   = 150
	setApplyFactor     = 1.3 // × N × latency ÷ parallelism, no rate limit
	setRateFactor      = 1.1 // × N ÷ rate
	setMax429Share     = 0.05
)

// setMarkers delimit the record set section of BENCHMARKS.md.
const (
	setBeginMarker = "<!-- bench-set:begin (written by internal/cmd/bench -set; edit outside the markers) -->"
	setEndMarker   = "<!-- bench-set:end -->"
)

func (r *setRow) share429() float64 {
	if r.run.requests == 0 {
		return 0
	}
	return float64(r.status[429]) / float64(r.run.requests)
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// targets checks issue 17's targets on the rows measured.
func (s *setResults) targets() []target {
	var ts []target
	if p := s.find("plan", subjectSet, "plan"); p != nil {
		ts = append(ts, target{
			name: fmt.Sprintf("requests, no-change plan of a set of %d", p.n), want: fmt.Sprintf("≤ %d", setPlanMaxRequests),
			got: fmt.Sprintf("%d (%s)", p.run.requests, methods(p.run.byMethod)), ok: p.run.requests <= setPlanMaxRequests,
		})
		limit := p.core + setPlanSlack
		ts = append(ts, target{
			name: fmt.Sprintf("wall, no-change plan of a set of %d", p.n),
			want: fmt.Sprintf("≤ terraform_data + %.1f s = %.2f s", setPlanSlack.Seconds(), limit.Seconds()),
			got:  fmt.Sprintf("%.2f s (+%.2f s)", p.run.wall.Seconds(), (p.run.wall - p.core).Seconds()), ok: p.run.wall <= limit,
		})
		mib := float64(p.run.maxRSSKiB) / 1024
		ts = append(ts, target{
			name: fmt.Sprintf("provider peak RSS, no-change plan of a set of %d", p.n), want: fmt.Sprintf("≤ %d MB", setPlanMaxRSSMiB),
			got: fmt.Sprintf("%.1f MB", mib), ok: mib <= setPlanMaxRSSMiB,
		})
	}
	if a := s.find("apply", subjectSet, "apply"); a != nil {
		req := time.Duration(a.n) * s.latency / time.Duration(s.par)
		limit := time.Duration(setApplyFactor*float64(req)) + a.core
		ts = append(ts, target{
			name: fmt.Sprintf("wall, apply of a set of %d new records, no rate limit", a.n),
			want: fmt.Sprintf("≤ %.1f × (N × %s ÷ %d) + terraform_data = %.2f s", setApplyFactor, s.latency, s.par, limit.Seconds()),
			got:  fmt.Sprintf("%.2f s (%.2f × the requests' time over terraform_data)", a.run.wall.Seconds(), (a.run.wall-a.core).Seconds()/req.Seconds()),
			ok:   a.run.wall <= limit,
		})
	}
	if a := s.find("rate", subjectSet, "apply"); a != nil {
		req := time.Duration(a.n) * time.Second / time.Duration(s.o.rate)
		limit := time.Duration(setRateFactor*float64(req)) + a.core
		ts = append(ts, target{
			name: fmt.Sprintf("wall, apply of a set of %d new records at %d req/s", a.n, s.o.rate),
			want: fmt.Sprintf("≤ %.1f × N ÷ rate + terraform_data = %.2f s", setRateFactor, limit.Seconds()),
			got:  fmt.Sprintf("%.2f s (%.2f × N ÷ rate over terraform_data)", a.run.wall.Seconds(), (a.run.wall-a.core).Seconds()/req.Seconds()),
			ok:   a.run.wall <= limit,
		})
		ts = append(ts, target{
			name: fmt.Sprintf("429 share, apply of a set of %d at %d req/s", a.n, s.o.rate), want: fmt.Sprintf("≤ %.0f %%", setMax429Share*100),
			got: fmt.Sprintf("%d of %d (%.1f %%)", a.status[429], a.run.requests, a.share429()*100), ok: a.share429() <= setMax429Share,
		})
	}
	return ts
}

// table writes the set cases (all but the comparison) in markdown.
func (s *setResults) table(w io.Writer) {
	fmt.Fprintln(w, "| case | operation | wall | terraform_data (same records) | wall − terraform_data | requests | 429s (share) | provider CPU | provider peak RSS |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|---|--:|--:|--:|")
	for _, r := range s.rows {
		if r.kase == "compare" {
			continue
		}
		what := map[string]string{
			"plan":  fmt.Sprintf("%d records (seeded, imported)", r.n),
			"apply": fmt.Sprintf("%d new records, no rate limit", r.n),
			"rate":  fmt.Sprintf("%d new records @ %d req/s", r.n, s.o.rate),
		}[r.kase]
		if what == "" { // plan-K
			what = fmt.Sprintf("%d records (seeded, imported) in %s", r.n, r.subject)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %+.2f s | %d (%s) | %d (%.1f %%) | %.0f ms | %.1f MB |\n",
			what, r.op, secs(r.run.wall), secs(r.core), (r.run.wall - r.core).Seconds(), r.run.requests, methods(r.run.byMethod),
			r.status[429], r.share429()*100, float64(r.run.provCPU.Microseconds())/1000, float64(r.run.maxRSSKiB)/1024)
	}
}

// compareTable writes the set against single resources in markdown.
func (s *setResults) compareTable(w io.Writer) {
	if s.find("compare", "", "apply") == nil {
		return
	}
	fmt.Fprintln(w, "| N | operation | set: wall | set: requests | 1 terraform_data (map) | single resources: wall | single: requests | N terraform_data | wall, single ÷ set | provider CPU, set → single | provider peak RSS, set → single |")
	fmt.Fprintln(w, "|--:|---|--:|---|--:|--:|---|--:|--:|--:|--:|")
	for _, op := range operations {
		st, sg := s.find("compare", subjectSet, op), s.find("compare", subjectSingles, op)
		if st == nil || sg == nil {
			continue
		}
		fmt.Fprintf(w, "| %d | %s | %s | %d (%s) | %s | %s | %d (%s) | %s | %.1f | %.0f → %.0f ms | %.1f → %.1f MB |\n",
			st.n, op, secs(st.run.wall), st.run.requests, methods(st.run.byMethod), secs(st.core),
			secs(sg.run.wall), sg.run.requests, methods(sg.run.byMethod), secs(sg.core),
			sg.run.wall.Seconds()/st.run.wall.Seconds(),
			float64(st.run.provCPU.Microseconds())/1000, float64(sg.run.provCPU.Microseconds())/1000,
			float64(st.run.maxRSSKiB)/1024, float64(sg.run.maxRSSKiB)/1024)
	}
}

// markdown is the generated record set section.
func (s *setResults) markdown(m machine) string {
	var w strings.Builder
	fmt.Fprintf(&w, "## Latest run: ionosdns_reverse_record_set\n\n")
	fmt.Fprintf(&w, "- Date: %s\n", m.date)
	fmt.Fprintf(&w, "- Machine: %s CPUs, %s; load average (1, 5, 15 min) %s at the start of these cases, %s at the end\n",
		m.cpus, m.cpuModel, s.loadStart, s.loadEnd)
	fmt.Fprintf(&w, "- Toolchain: %s; %s\n", m.goVersion, m.terraform)
	fmt.Fprintf(&w, "- Settings: fake API latency %s per request, `-parallelism=%d`, one run; each provider command right after "+
		"the same command on terraform_data in the same run\n\n", s.latency, s.par)
	if s.importRun != nil {
		fmt.Fprintf(&w, "Preparing the plan case, the import of the %d seeded records (an import block listing every address) "+
			"took %s and %d request(s) (%s), provider peak RSS %.1f MB.\n\n",
			s.o.planN, secs(s.importRun.wall), s.importRun.requests, methods(s.importRun.byMethod), float64(s.importRun.maxRSSKiB)/1024)
	}
	s.table(&w)
	fmt.Fprintln(&w)
	if s.find("compare", "", "apply") != nil {
		fmt.Fprintf(&w, "One set against single `ionosdns_reverse_record` resources (each against its own terraform_data: "+
			"one holding the map, or one per record):\n\n")
		s.compareTable(&w)
		fmt.Fprintln(&w)
	}
	targetsTable(&w, s.targets())
	return w.String()
}

// summary prints the tables and targets.
func (s *setResults) summary(w io.Writer) {
	s.table(w)
	fmt.Fprintln(w)
	s.compareTable(w)
	fmt.Fprintln(w)
	printTargets(w, s.targets())
}

func (s *setResults) missed() int {
	n := 0
	for _, t := range s.targets() {
		if !t.ok {
			n++
		}
	}
	return n
}
