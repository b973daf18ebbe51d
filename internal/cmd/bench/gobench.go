package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// goBenchTimeout bounds the Go benchmarks, compilation included.
const goBenchTimeout = 10 * time.Minute

// goBenchPackages hold the Go benchmarks: the client (listing 10 000
// records, decoding a page) and the provider (the resource's read path).
var goBenchPackages = []string{"./internal/dnsapi/", "./internal/provider/"}

// runGoBenchmarks runs the Go benchmarks with allocations reported and
// returns their result lines.
func runGoBenchmarks(ctx context.Context, root, benchtime string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, goBenchTimeout)
	defer cancel()
	args := append([]string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", benchtime, "-count", "1"}, goBenchPackages...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	cmd.WaitDelay = killDelay
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	fmt.Fprintf(os.Stdout, "bench: go %s\n", strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go test -bench: %w\n%s", err, out.String())
	}
	var lines []string
	for l := range strings.Lines(out.String()) {
		l = strings.TrimRight(l, "\n")
		if strings.HasPrefix(l, "Benchmark") || strings.HasPrefix(l, "pkg:") {
			lines = append(lines, l)
		}
	}
	return fmt.Sprintf("GOMAXPROCS=%d\n%s\n", runtime.GOMAXPROCS(0), strings.Join(lines, "\n")), nil
}
