package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/cmd/bench/rusage"
)

// TestMain doubles as the "provider" the wrapper starts: with
// PLUGWRAP_TEST_CHILD set, the test binary burns a little CPU, allocates,
// and exits with the code it was given.
func TestMain(m *testing.M) {
	if code := os.Getenv("PLUGWRAP_TEST_CHILD"); code != "" {
		buf := make([]byte, 8<<20)
		for i := range buf {
			buf[i] = byte(i)
		}
		if code == "3" {
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestRunRecordsUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		code string
		want int
	}{{"success", "0", 0}, {"failure", "3", 3}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("PLUGWRAP_TEST_CHILD", tc.code)
			env := map[string]string{envProvider: os.Args[0], envDir: dir}
			code, err := run(nil, func(k string) string { return env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if code != tc.want {
				t.Fatalf("exit code %d, want %d", code, tc.want)
			}
			jsons, _ := filepath.Glob(filepath.Join(dir, "*.json"))
			starts, _ := filepath.Glob(filepath.Join(dir, "*.start"))
			if len(jsons) != 1 || len(starts) != 1 || strings.TrimSuffix(jsons[0], ".json") != strings.TrimSuffix(starts[0], ".start") {
				t.Fatalf("files %v %v, want one PID.start and one PID.json", starts, jsons)
			}
			data, err := os.ReadFile(jsons[0])
			if err != nil {
				t.Fatal(err)
			}
			var u rusage.Usage
			if err := json.Unmarshal(data, &u); err != nil {
				t.Fatal(err)
			}
			if u.ExitCode != tc.want || u.UserSecs+u.SysSecs <= 0 || u.MaxRSSKiB < 8<<10 {
				t.Fatalf("usage %+v: want exit %d, some CPU and at least 8 MiB RSS", u, tc.want)
			}
		})
	}
}

func TestRunNeedsItsEnvironment(t *testing.T) {
	t.Parallel()
	if _, err := run(nil, func(string) string { return "" }); err == nil {
		t.Fatal("no error without the environment")
	}
}
