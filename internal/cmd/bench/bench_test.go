package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	o, err := parseFlags([]string{"-root", root, "-n", "50 200,800", "-latency", "5ms", "-out", ""}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.counts, []int{50, 200, 800}) || o.latency != 5*time.Millisecond || o.parallelism != 10 || o.out != "" {
		t.Fatalf("options %+v", o)
	}
	for _, bad := range [][]string{
		{"-root", root, "-n", ""},
		{"-root", root, "-n", "ten"},
		{"-root", root, "-n", "0"},
		{"-root", root, "-runs", "0"},
		{"-root", root, "-latency", "-1s"},
		{"-root", t.TempDir()},
		{"-root", root, "extra"},
	} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
}

func TestConfigs(t *testing.T) {
	t.Parallel()
	p, f := providerConfig(3), floorConfig(3)
	for _, want := range []string{`"2001:db8::1" = "host-1.bench.example.com"`, `"2001:db8::3"`, "for_each = local.records"} {
		if !strings.Contains(p, want) || !strings.Contains(f, want) {
			t.Errorf("a configuration lacks %q", want)
		}
	}
	if strings.Contains(p, `"2001:db8::4"`) {
		t.Error("more than 3 records")
	}
	if !strings.Contains(p, `resource "ionosdns_reverse_record" "r"`) || !strings.Contains(f, `resource "terraform_data" "r"`) {
		t.Error("wrong resource types")
	}
	if strings.Contains(f, "ionosdns") {
		t.Error("the floor uses the provider")
	}
}

func TestListAttribute(t *testing.T) {
	t.Parallel()
	const withDS = `{"provider_schemas":{"registry.terraform.io/ionosdns/ionosdns":{"data_source_schemas":{
		"ionosdns_reverse_records":{"block":{"attributes":{
			"id":{"type":"string","computed":true},
			"name":{"type":"string","optional":true},
			"reverse_records":{"nested_type":{"attributes":{},"nesting_mode":"list"},"computed":true}}}}}}}}`
	if attr, note := listAttribute([]byte(withDS)); attr != "reverse_records" || note != "" {
		t.Errorf("got %q, %q", attr, note)
	}
	const without = `{"provider_schemas":{"registry.terraform.io/ionosdns/ionosdns":{"data_source_schemas":{}}}}`
	if attr, note := listAttribute([]byte(without)); attr != "" || !strings.HasPrefix(note, "HOOK:") {
		t.Errorf("got %q, %q", attr, note)
	}
	const required = `{"provider_schemas":{"p":{"data_source_schemas":{"ionosdns_reverse_records":{"block":{"attributes":{
		"zone":{"type":"string","required":true}}}}}}}}`
	if attr, note := listAttribute([]byte(required)); attr != "" || !strings.Contains(note, "required") {
		t.Errorf("got %q, %q", attr, note)
	}
}

func testResults() *results {
	r := &results{latency: 20 * time.Millisecond, parallelism: 10, runs: 1, machine: machine{date: "today"}}
	for _, n := range []int{200, 800} {
		for _, op := range operations {
			run := opRun{wall: time.Second, peak: 10, newConns: 10, provCPU: time.Duration(n) * time.Millisecond, maxRSSKiB: 30 << 10,
				byMethod: map[string]int{}}
			switch op {
			case "apply":
				run.byMethod["PUT"], run.requests = n, n
			case "plan": // batched and read ahead
				run.byMethod["GET"], run.requests = 3, 3
			case "destroy": // refresh pages, DELETEs, a confirming list per ten
				run.byMethod["GET"], run.byMethod["DELETE"], run.requests = 3+n/10, n, 3+n+n/10
			}
			o := opResult{n: n, op: op, run: run, coreWall: time.Second / 2, floor: time.Second / 2, ratio: 2}
			if op == "destroy" { // issue 16: near the floor, under half of hashicorp/time's
				o.ratio, o.timeWall = 1.2, 3*time.Second
			}
			r.ops = append(r.ops, o)
		}
	}
	return r
}

func TestTargets(t *testing.T) {
	t.Parallel()
	r := testResults()
	if n := r.missed(); n != 0 {
		for _, tg := range r.targets() {
			t.Log(tg)
		}
		t.Fatalf("%d targets missed", n)
	}
	r.ops[0].ratio = 2.6                        // apply at 200
	r.ops[5].run.requests = 1600 + 10 + 1       // destroy at 800: more than a DELETE and a confirmation each
	r.ops[2].ratio = 1.4                        // destroy at 200: over 1.3 × its floor
	r.ops[5].timeWall = 1900 * time.Millisecond // destroy at 800: over half of time_static's
	r.ops[3].run.maxRSSKiB = 61 << 10           // apply at 800
	r.ops[4].run.provCPU = 9 * 800 * 1e6        // plan at 800: 9 ms per resource, and not linear
	if n := r.missed(); n != 7 {
		for _, tg := range r.targets() {
			t.Log(tg)
		}
		t.Fatalf("%d targets missed, want 7", n)
	}
}

func TestWriteMarkdownKeepsNotes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := writeMarkdown(path, testResults(), true); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	doc := "# Title\n\nnotes before\n\n" + string(b[strings.Index(string(b), beginMarker):]) + "\nnotes after\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeMarkdown(path, testResults(), true); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(path)
	got := string(b)
	for _, want := range []string{"notes before", "notes after", "| 800 | destroy |", "### Targets"} {
		if !strings.Contains(got, want) {
			t.Errorf("BENCHMARKS.md lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, beginMarker) != 1 || strings.Count(got, endMarker) != 1 {
		t.Errorf("markers duplicated:\n%s", got)
	}
}
