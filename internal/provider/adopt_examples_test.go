package provider

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAdoptionGuideExamplesAreTested keeps the README's claim true that
// the adoption guide's examples are the ones the tests run: every file of
// examples/guides/adopting/ must be named, as a quoted file name, by a
// test file of the module (as guideExample(t, "…") and runGuideScript(t,
// "…") take them).
func TestAdoptionGuideExamplesAreTested(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "examples", "guides", "adopting")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatalf("%s is empty", dir)
	}

	// Every test file of the module, except this one.
	var tests strings.Builder
	root := filepath.Join("..", "..")
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules"):
			return fs.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, "_test.go") || d.Name() == "adopt_examples_test.go":
			return nil
		}
		b, err := os.ReadFile(path)
		tests.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, e := range entries {
		if e.IsDir() {
			t.Errorf("%s/%s is a directory: the guide's examples are files", dir, e.Name())
			continue
		}
		if name := e.Name(); !strings.Contains(tests.String(), `"`+name+`"`) {
			t.Errorf("examples/guides/adopting/%s is run by no test: load it with guideExample (or runGuideScript) in an acceptance test", name)
		}
	}
}
