package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSetFlags(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	o, err := parseFlags([]string{"-root", root, "-set-only", "-set-plan", "500", "-set-rate", "5"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !o.set.enabled || !o.set.only || o.set.planN != 500 || o.set.rate != 5 || o.set.applyN != 2000 || o.set.compareN != 1000 {
		t.Fatalf("set options %+v", o.set)
	}
	for _, bad := range [][]string{
		{"-root", root, "-set", "-set-plan", "-1"},
		{"-root", root, "-set", "-set-rate", "0"},
		{"-root", root, "-set-only", "-scale-only", "-scale", "10"},
	} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
}

func TestSetConfigs(t *testing.T) {
	t.Parallel()
	recs := benchRecords(3)
	p, f := setConfig(recs, "2001:db8::1,2001:db8::2"), setFloorConfig(recs)
	for _, want := range []string{`"2001:db8::1" = { name = "host-1.bench.example.com" }`, `"2001:db8::3"`} {
		if !strings.Contains(p, want) || !strings.Contains(f, want) {
			t.Errorf("a configuration lacks %q", want)
		}
	}
	if !strings.Contains(p, `resource "ionosdns_reverse_record_set" "s"`) || !strings.Contains(p, `id = "2001:db8::1,2001:db8::2"`) {
		t.Errorf("set configuration:\n%s", p)
	}
	if strings.Contains(setConfig(recs, ""), "import {") {
		t.Error("an import block without an import ID")
	}
	if strings.Contains(f, "ionosdns") || !strings.Contains(f, "input = local.records") {
		t.Errorf("floor configuration:\n%s", f)
	}
}

// setTestResults meets every target of issue 17.
func setTestResults() *setResults {
	row := func(kase, subject, op string, n, requests int, wall, core time.Duration) setRow {
		return setRow{kase: kase, subject: subject, op: op, n: n, run: opRun{wall: wall, requests: requests, maxRSSKiB: 100 << 10,
			byMethod: map[string]int{"GET": requests}}, core: core, status: map[int]int{200: requests}}
	}
	return &setResults{
		o: setOptions{planN: 10_000, applyN: 2000, rateN: 1000, rate: 20, compareN: 1000}, latency: 20 * time.Millisecond, par: 10,
		rows: []setRow{
			row("plan", subjectSet, "plan", 10_000, 12, 10*time.Second, 9*time.Second),          // ≤ 9 + 1.5 s
			row("apply", subjectSet, "apply", 2000, 2003, 10*time.Second, 5*time.Second),        // ≤ 5 + 1.3 × 4 s
			row("rate", subjectSet, "apply", 1000, 1003, 55*time.Second, 2*time.Second),         // ≤ 2 + 1.1 × 50 s
			row("compare", subjectSet, "apply", 1000, 1003, 4*time.Second, time.Second),         //
			row("compare", subjectSingles, "apply", 1000, 1000, 20*time.Second, 15*time.Second), //
		},
	}
}

func TestSetTargets(t *testing.T) {
	t.Parallel()
	s := setTestResults()
	if ts := s.targets(); len(ts) != 6 || s.missed() != 0 {
		t.Fatalf("targets %v, %d missed; want 6, none missed", ts, s.missed())
	}
	s.rows[0].run.requests = 13
	s.rows[0].run.wall = 10*time.Second + 600*time.Millisecond
	s.rows[0].run.maxRSSKiB = 151 << 10
	s.rows[1].run.wall = 10*time.Second + 300*time.Millisecond
	s.rows[2].run.wall = 57*time.Second + 100*time.Millisecond
	s.rows[2].status[429] = 51 // 51 of 1003: 5.1 %
	if n := s.missed(); n != 6 {
		t.Fatalf("%d targets missed, want 6: %v", n, s.targets())
	}
}

func TestWriteMarkdownSetKeepsOtherSections(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := writeMarkdown(path, testResults(), true); err != nil {
		t.Fatal(err)
	}
	for range 2 { // a second run replaces the section
		if err := writeMarkdown(path, &results{set: setTestResults()}, false); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(path)
	got := string(b)
	for _, want := range []string{"| 800 | destroy |", "10000 records (seeded, imported) | plan |", "| 1000 | apply | 4.00 s |"} {
		if !strings.Contains(got, want) {
			t.Errorf("BENCHMARKS.md lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, setBeginMarker) != 1 || strings.Count(got, beginMarker) != 1 {
		t.Errorf("markers duplicated or missing:\n%s", got)
	}
}

func TestSplitSetConfigs(t *testing.T) {
	t.Parallel()
	parts := splitRecords(benchRecords(10), 3)
	if len(parts) != 3 || len(parts[0])+len(parts[1])+len(parts[2]) != 10 || parts[2][len(parts[2])-1].ip != "2001:db8::a" {
		t.Fatalf("parts %v", parts)
	}
	p, f := splitSetConfig(parts, true), splitFloorConfig(parts)
	for i := range 3 {
		for _, want := range []string{fmt.Sprintf(`resource "ionosdns_reverse_record_set" "s%d"`, i), fmt.Sprintf("to = ionosdns_reverse_record_set.s%d", i),
			fmt.Sprintf("records = local.records_%d", i)} {
			if !strings.Contains(p, want) {
				t.Errorf("set configuration lacks %q:\n%s", want, p)
			}
		}
		if want := fmt.Sprintf(`resource "terraform_data" "s%d"`, i); !strings.Contains(f, want) {
			t.Errorf("floor configuration lacks %q", want)
		}
	}
	if strings.Count(p, `"2001:db8::a" = {`) != 1 || strings.Contains(splitSetConfig(parts, false), "import {") {
		t.Errorf("set configuration:\n%s", p)
	}
}
