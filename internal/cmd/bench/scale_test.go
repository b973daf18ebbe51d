package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseScaleCases(t *testing.T) {
	t.Parallel()
	got, err := parseScaleCases("400 10/20000, 400/20000 2000@0", 20)
	if err != nil {
		t.Fatal(err)
	}
	want := []scaleCase{{400, 0, 20}, {10, 20000, 20}, {400, 20000, 20}, {2000, 0, 0}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"0", "x", "10/y", "10@-1", "10/-5"} {
		if _, err := parseScaleCases(bad, 20); err == nil {
			t.Errorf("parseScaleCases(%q) accepted", bad)
		}
	}
}

// scaleResults is one result per target kind, each meeting its target.
func scaleResults() *results {
	op := func(name string, requests int, wall, core time.Duration) scaleOp {
		return scaleOp{op: name, run: opRun{requests: requests, wall: wall, maxRSSKiB: 30 << 10}, coreWall: core, floor: core, status: map[int]int{200: requests}}
	}
	return &results{scaleSection: "scale", scale: []scaleResult{
		{c: scaleCase{400, 0, 20}, ops: []scaleOp{
			op("apply", 400, 25*time.Second, 3*time.Second),
			op("plan", 4, 2*time.Second, time.Second),
			op("destroy", 445, 25*time.Second, 3*time.Second),
		}},
		{c: scaleCase{10, 20000, 20}, ops: []scaleOp{op("plan", 1, time.Second, time.Second)}},
		{c: scaleCase{400, 20000, 20}, ops: []scaleOp{op("plan", 45, time.Second, time.Second)}},
		{c: scaleCase{2000, 0, 0}, ops: []scaleOp{op("plan", 3, time.Second, time.Second)}},
	}}
}

func TestScaleTargets(t *testing.T) {
	t.Parallel()
	r := scaleResults()
	r.scale[0].ops[2].floor = 23 * time.Second // terraform_data + 400 / 20 s
	if ts := r.scaleTargets(); len(ts) != 10 || r.missed() != 0 {
		t.Fatalf("targets %v, %d missed; want 10, none missed", ts, r.missed())
	}
	r.scale[0].ops[1].run.requests = 11                    // plan of 400
	r.scale[0].ops[2].run.wall = 26 * time.Second          // destroy: 1.10 × 23 s = 25.3 s allowed
	r.scale[0].ops[2].status[429] = 10                     // 2.2 % of the 451 below
	r.scale[1].ops[0].run.requests = 4                     // 10 in 20 000
	r.scale[2].ops[0].run.requests = 51                    // 400 in 20 000
	r.scale[3].ops[0].run.maxRSSKiB = 61 << 10             // RSS at 2000
	r.scale[0].ops[2].run.requests = int(1.1*400) + 10 + 1 // destroy requests
	r.scale[0].ops[0].run.wall = 27 * time.Second          // apply: 23 s + 3 s allowed
	r.scale[0].ops[0].status[429] = 44                     // 44 of 862 requests: 5.1 %
	if n := r.missed(); n != 9 {
		t.Fatalf("%d targets missed, want 9: %v", n, r.scaleTargets())
	}
}

func TestWriteMarkdownScaleKeepsMainSection(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := writeMarkdown(path, testResults(), true); err != nil {
		t.Fatal(err)
	}
	if err := writeMarkdown(path, scaleResults(), false); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	got := string(b)
	scaleBeginMarker, _ := scaleMarkers("scale")
	for _, want := range []string{"| 800 | destroy |", scaleBeginMarker, "| 400 @ 20 req/s | plan |", "10 in 20010 @ 20 req/s"} {
		if !strings.Contains(got, want) {
			t.Errorf("BENCHMARKS.md lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, scaleBeginMarker) != 1 || strings.Count(got, beginMarker) != 1 {
		t.Errorf("markers duplicated:\n%s", got)
	}
}
