package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// results is everything one benchmark run measured.
type results struct {
	latency     time.Duration
	parallelism int
	runs        int
	machine     machine
	ops         []opResult
	ds          *dsResult
	goBench     string
	loadEnd     string
	// timeVersion is hashicorp/time's version, when measured.
	timeVersion string
	scale       []scaleResult
	// scaleSection names the section of BENCHMARKS.md the scale cases
	// are written to.
	scaleSection string
	// set is the record set cases (recordset.go), when measured.
	set *setResults
}

func methods(m map[string]int) string {
	var parts []string
	for _, k := range []string{"GET", "PUT", "POST", "DELETE"} {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	for k, v := range m {
		if !slices.Contains([]string{"GET", "PUT", "POST", "DELETE"}, k) {
			parts = append(parts, fmt.Sprintf("%s %d", k, v))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// table writes the main table in markdown.
func (r *results) table(w io.Writer) {
	fmt.Fprintln(w, "| N | operation | wall | terraform_data | floor | **ratio** | hashicorp/time | requests / resource | peak in flight | new conns | provider CPU / resource | plugin processes | provider peak RSS | Terraform CPU / resource |")
	fmt.Fprintln(w, "|--:|---|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|")
	for _, o := range r.ops {
		lost := ""
		if o.run.lost > 0 {
			lost = fmt.Sprintf(" (+%d unrecorded)", o.run.lost)
		}
		timeWall := "–"
		if o.timeWall > 0 {
			timeWall = fmt.Sprintf("%.2f s", o.timeWall.Seconds())
		}
		fmt.Fprintf(w, "| %d | %s | %.2f s | %.2f s | %.2f s | **%.2f** | %s | %.2f (%s) | %d | %d | %.2f ms | %d%s | %.1f MB | %.2f ms |\n",
			o.n, o.op, o.run.wall.Seconds(), o.coreWall.Seconds(), o.floor.Seconds(), o.ratio, timeWall,
			float64(o.run.requests)/float64(o.n), methods(o.run.byMethod), o.run.peak, o.run.newConns,
			msPer(o.run.provCPU, o.n), o.run.procs, lost, float64(o.run.maxRSSKiB)/1024,
			msPer(max(o.run.tfCPU-o.run.provCPU, 0), o.n))
	}
}

const (
	beginMarker = "<!-- bench:begin (written by `make bench`; edit outside the markers) -->"
	endMarker   = "<!-- bench:end -->"
)

// machineLines writes the run's date, machine and toolchain as list items.
func (r *results) machineLines(w io.Writer) {
	m := r.machine
	fmt.Fprintf(w, "- Date: %s\n", m.date)
	fmt.Fprintf(w, "- Machine: %s CPUs, %s, %s memory, %s; load average (1, 5, 15 min) %s at the start, %s at the end\n",
		m.cpus, m.cpuModel, m.memory, m.kernel, m.loadStart, r.loadEnd)
	fmt.Fprintf(w, "- Toolchain: %s; %s\n", m.goVersion, m.terraform)
}

// markdown is the generated part of BENCHMARKS.md.
func (r *results) markdown() string {
	var w bytes.Buffer
	fmt.Fprintf(&w, "## Latest run\n\n")
	r.machineLines(&w)
	fmt.Fprintf(&w, "- Settings: fake API latency %s per request, `-parallelism=%d`, %d run(s) per measurement (median reported)\n",
		r.latency, r.parallelism, r.runs)
	if r.timeVersion != "" {
		fmt.Fprintf(&w, "- hashicorp/time: %s (github.com/hashicorp/terraform-provider-time, built from the Go module proxy by scripts/timeprovider.sh)\n", r.timeVersion)
	}
	fmt.Fprintln(&w)
	fmt.Fprintf(&w, "floor = terraform_data + the requests the operation cannot avoid: apply N and destroy 1.1 × N (the DELETEs and "+
		"one confirming list request per ten) × %s ÷ %d; plan one page of 1000 records after another. Terraform CPU: the terraform process's own "+
		"(and its plugin wrappers'), without the provider's. ratio = wall ÷ floor, each provider command "+
		"against the terraform_data command run just before it (with several runs: the median ratio, wall and floor).\n\n", r.latency, r.parallelism)
	r.table(&w)
	fmt.Fprintln(&w)
	if r.ds != nil {
		fmt.Fprintf(&w, "### Plural data source\n\n")
		if r.ds.note != "" {
			fmt.Fprintf(&w, "Not measured: %s\n\n", r.ds.note)
		} else {
			fmt.Fprintf(&w, "`terraform apply` of `data \"%s\" \"all\" {}` against a fake holding %d records: "+
				"%d records listed (`%s`) in %d request(s) (%s), %.2f s wall, provider CPU %.0f ms in %d process(es), provider peak RSS %.1f MB.\n\n",
				dataSourceName, r.ds.records, r.ds.listed, r.ds.attr, r.ds.run.requests, methods(r.ds.run.byMethod),
				r.ds.run.wall.Seconds(), float64(r.ds.run.provCPU.Microseconds())/1000, r.ds.run.procs, float64(r.ds.run.maxRSSKiB)/1024)
		}
	}
	fmt.Fprintf(&w, "### Targets\n\n")
	targetsTable(&w, r.targets())
	if r.goBench != "" {
		fmt.Fprintf(&w, "### Go benchmarks\n\n```\n%s```\n\n", r.goBench)
	}
	return w.String()
}

// writeMarkdown puts the generated parts between their markers in path,
// keeping what is around them: the main table when main is set, the scale
// cases when there are any. A file without markers gets a fresh header.
func writeMarkdown(path string, r *results, main bool) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	doc := string(old)
	if main {
		doc = replaceBetween(doc, beginMarker, endMarker, r.markdown())
	}
	if len(r.scale) > 0 {
		begin, end := scaleMarkers(r.scaleSection)
		doc = replaceBetween(doc, begin, end, r.scaleMarkdown())
	}
	if r.set != nil {
		doc = replaceBetween(doc, setBeginMarker, setEndMarker, r.set.markdown(r.machine))
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}

// replaceBetween replaces what lies between begin and end in doc with
// gen, or appends the marked section when doc has no such markers.
func replaceBetween(doc, begin, end, gen string) string {
	section := begin + "\n" + gen + end + "\n"
	before, rest, ok1 := strings.Cut(doc, begin)
	_, after, ok2 := strings.Cut(rest, end)
	switch {
	case ok1 && ok2:
		return before + section + strings.TrimPrefix(after, "\n")
	case doc == "":
		return "# Benchmarks\n\nWritten by `make bench` (internal/cmd/bench).\n\n" + section
	}
	return strings.TrimRight(doc, "\n") + "\n\n" + section
}

// printSummary prints the table and the targets, and the ratios last.
func printSummary(w io.Writer, r *results) {
	fmt.Fprintln(w)
	if len(r.ops) > 0 {
		r.table(w)
		fmt.Fprintln(w)
		printTargets(w, r.targets())
	}
	if len(r.scale) > 0 {
		r.scaleSummary(w)
	}
	if r.set != nil {
		r.set.summary(w)
	}
	if len(r.ops) == 0 {
		return
	}
	fmt.Fprintln(w, "ratio = measured ÷ floor:")
	for _, o := range r.ops {
		runs := ""
		if len(o.allRatios) > 1 {
			var s []string
			for _, x := range o.allRatios {
				s = append(s, fmt.Sprintf("%.2f", x))
			}
			runs = " (runs: " + strings.Join(s, ", ") + ")"
		}
		fmt.Fprintf(w, "  N=%-5d %-8s %5.2f  (%.2f s ÷ %.2f s)%s\n", o.n, o.op, o.ratio, o.run.wall.Seconds(), o.floor.Seconds(), runs)
	}
}
