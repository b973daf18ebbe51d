package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// dataSourceName is the plural data source listing records.
const dataSourceName = "ionosdns_reverse_records"

// dsResult is the data source measurement: one `terraform apply` of a
// configuration holding only the data source, against a fake seeded with
// records.
type dsResult struct {
	// note is set instead of the numbers when the measurement was
	// skipped, and says why.
	note    string
	records int
	listed  int
	attr    string
	minReqs int // pages of dnsapi.MaxPageLimit
	run     opRun
}

// measureDataSource lists n records with the plural data source. It is a
// hook that measures only what the provider offers: without the data
// source in the provider's schema it returns a note saying so.
func (b *bench) measureDataSource(ctx context.Context, n int) (*dsResult, error) {
	dir := filepath.Join(b.tmp, "datasource")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ds := &dsResult{records: n, minReqs: (n + dnsapi.MaxPageLimit - 1) / dnsapi.MaxPageLimit}

	// Which list attribute holds the records? The provider's schema says.
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(dataSourceConfig("x")), 0o644); err != nil {
		return nil, err
	}
	schemaJSON, err := b.terraformStdout(ctx, dir, b.fake.url, "providers", "schema", "-json")
	if err != nil {
		return nil, err
	}
	attr, note := listAttribute(schemaJSON)
	if note != "" {
		ds.note = note
		b.logf("data source: skipped: %s", note)
		return ds, nil
	}
	ds.attr = attr
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(dataSourceConfig(attr)), 0o644); err != nil {
		return nil, err
	}

	b.logf("data source: listing %d records with %s", n, dataSourceName)
	fakeDir := filepath.Join(b.tmp, "fake-ds")
	if err := os.MkdirAll(fakeDir, 0o755); err != nil {
		return nil, err
	}
	fake, err := startFake(ctx, b.fakeBin, fakeDir, b.token, b.o.latency, n)
	if err != nil {
		return nil, err
	}
	defer fake.stop()
	a := newAdmin(fake.url)
	if got, err := a.recordCount(ctx); err != nil {
		return nil, err
	} else if got != n {
		return nil, fmt.Errorf("the fake was seeded with %d records, not %d", got, n)
	}
	if err := a.resetStats(ctx); err != nil {
		return nil, err
	}
	rusageDir := filepath.Join(b.tmp, "rusage", "datasource")
	res, err := b.tf(ctx, dir, "apply", "datasource-apply", fake.url, rusageDir)
	if err != nil {
		return nil, err
	}
	if ds.run, err = b.collect(ctx, a, res, rusageDir, "datasource-apply"); err != nil {
		return nil, err
	}
	out, err := b.terraformStdout(ctx, dir, fake.url, "output", "-raw", "count")
	if err != nil {
		return nil, err
	}
	if ds.listed, err = strconv.Atoi(strings.TrimSpace(string(out))); err != nil {
		return nil, fmt.Errorf("terraform output count: %q is not a number", out)
	}
	b.logf("  data source    apply   %7.2fs  %d records in %d requests, provider CPU %.0f ms, RSS %.1f MB",
		ds.run.wall.Seconds(), ds.listed, ds.run.requests, float64(ds.run.provCPU.Microseconds())/1000, float64(ds.run.maxRSSKiB)/1024)
	return ds, nil
}

// terraformStdout runs a terraform command that prints something and
// returns its standard output.
func (b *bench) terraformStdout(ctx context.Context, dir, fakeURL string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, b.o.cmdTimeout)
	defer cancel()
	rusageDir := filepath.Join(b.tmp, "rusage", "misc")
	if err := os.MkdirAll(rusageDir, 0o755); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, b.o.terraform, args...)
	cmd.Dir = dir
	cmd.Env = b.env(fakeURL, rusageDir, "")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = killDelay
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("terraform %s: %w\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.Bytes(), nil
}

// listAttribute finds, in `terraform providers schema -json` output, the
// attribute of the plural data source that holds the list of records. It
// returns a note instead when the data source is missing or cannot be
// used without arguments.
func listAttribute(schemaJSON []byte) (attr, note string) {
	var doc struct {
		ProviderSchemas map[string]struct {
			DataSourceSchemas map[string]struct {
				Block struct {
					Attributes map[string]struct {
						Type       json.RawMessage `json:"type"`
						NestedType *struct {
							NestingMode string `json:"nesting_mode"`
						} `json:"nested_type"`
						Required bool `json:"required"`
					} `json:"attributes"`
				} `json:"block"`
			} `json:"data_source_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		return "", "the provider schema is not JSON: " + err.Error()
	}
	for _, p := range doc.ProviderSchemas {
		s, ok := p.DataSourceSchemas[dataSourceName]
		if !ok {
			continue
		}
		for name, a := range s.Block.Attributes {
			if a.Required {
				return "", "the " + dataSourceName + " data source has a required argument (" + name + "); the benchmark lists without arguments"
			}
		}
		for name, a := range s.Block.Attributes {
			if a.NestedType != nil && (a.NestedType.NestingMode == "list" || a.NestedType.NestingMode == "set") {
				return name, ""
			}
			if t := string(a.Type); strings.HasPrefix(t, `["list",["object"`) || strings.HasPrefix(t, `["set",["object"`) {
				return name, ""
			}
		}
		return "", "the " + dataSourceName + " data source has no list attribute of records"
	}
	return "", "HOOK: the " + dataSourceName + " data source is not in the provider yet; this measurement runs once it is"
}
