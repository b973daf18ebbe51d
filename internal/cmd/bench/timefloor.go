package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The hashicorp/time floor (issue 16): the same N resources as
// time_static of hashicorp/time, a provider that does no I/O at all. Its
// destroy is Terraform core plus the plugin protocol, with nothing to
// wait for: what a destroy of this provider is measured against beside
// terraform_data. The binary comes from scripts/timeprovider.sh (built
// from the Go module proxy into the same cache as scripts/opentofu.sh) and
// is served through dev_overrides, never a registry.

// timeConfig is n time_static resources from one for_each; each carries its
// host name as a trigger, as terraform_data carries it as input.
func timeConfig(n int) string {
	return `terraform {
  required_providers {
    time = {
      source = "hashicorp/time"
    }
  }
}

` + recordsLocal(n) + `
resource "time_static" "r" {
  for_each = local.records
  triggers = { name = each.value }
}
`
}

// timeProviderVersion is the version of the binary at path, from the
// directory scripts/timeprovider.sh puts it in (time-VERSION), or "".
func timeProviderVersion(path string) string {
	if v, ok := strings.CutPrefix(filepath.Base(filepath.Dir(path)), "time-"); ok {
		return v
	}
	return ""
}

// setupTimeProvider puts the hashicorp/time binary into a dev_overrides
// directory of its own and returns that directory.
func (b *bench) setupTimeProvider() (string, error) {
	dir := filepath.Join(b.tmp, "time-overrides")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.Symlink(b.o.timeProvider, filepath.Join(dir, "terraform-provider-time")); err != nil {
		return "", err
	}
	return dir, nil
}

// timeOps are the operations run on time_static: apply only to have
// something to destroy.
var timeOps = map[string]bool{"apply": true, "destroy": true}

// timeFloor runs op on the time_static configuration in dir, when the
// benchmark has a hashicorp/time binary and op is one it runs there.
func (b *bench) timeFloor(ctx context.Context, dir, op, name string) (time.Duration, bool, error) {
	if b.o.timeProvider == "" || !timeOps[op] {
		return 0, false, nil
	}
	res, err := b.tf(ctx, dir, op, name, b.fake.url, "")
	if err != nil {
		return 0, false, fmt.Errorf("hashicorp/time: %w", err)
	}
	b.logf("  hashicorp/time %-7s %7.2fs", op, res.wall.Seconds())
	return res.wall, true, nil
}

// Issue 16's targets for a destroy without a rate limit.
const (
	// targetDestroyFloor: wall ≤ this × floor (terraform_data + 1.1 N
	// requests × latency ÷ parallelism).
	targetDestroyFloor = 1.3
	// targetDestroyTime: wall ≤ this × hashicorp/time's destroy of N
	// time_static.
	targetDestroyTime = 0.5
	// targetDestroyFrom is the smallest N these apply to.
	targetDestroyFrom = 200
)

// destroyTargets checks issue 16's destroy targets.
func (r *results) destroyTargets() []target {
	var ts []target
	for _, n := range r.counts() {
		o := r.find(n, "destroy")
		if n < targetDestroyFrom || o == nil {
			continue
		}
		ts = append(ts, target{
			name: fmt.Sprintf("destroy N=%d against its floor (issue 16)", n),
			want: fmt.Sprintf("≤ %.1f × floor = %.2f s", targetDestroyFloor, targetDestroyFloor*o.floor.Seconds()),
			got:  fmt.Sprintf("%.2f s (ratio %.2f)", o.run.wall.Seconds(), o.ratio), ok: o.ratio <= targetDestroyFloor,
		})
		if o.timeWall > 0 {
			limit := time.Duration(targetDestroyTime * float64(o.timeWall))
			ts = append(ts, target{
				name: fmt.Sprintf("destroy N=%d against hashicorp/time's destroy of N time_static (issue 16)", n),
				want: fmt.Sprintf("≤ %.1f × %.2f s = %.2f s", targetDestroyTime, o.timeWall.Seconds(), limit.Seconds()),
				got:  fmt.Sprintf("%.2f s (%.2f ×)", o.run.wall.Seconds(), o.run.wall.Seconds()/o.timeWall.Seconds()),
				ok:   o.run.wall <= limit,
			})
		}
	}
	return ts
}
