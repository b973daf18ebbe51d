package provider

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// guideExamplesPending are examples of the adoption guide that another
// test is to run, with the reason; each must still exist. Once a test
// names one, its entry can go (the test says so).
var guideExamplesPending = map[string]string{
	"query.tfquery.hcl": "terraform query needs Terraform 1.14+; its test comes with the Terraform 1.15 query recipe",
}

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

	present := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() {
			t.Errorf("%s/%s is a directory: the guide's examples are files", dir, e.Name())
			continue
		}
		name := e.Name()
		present[name] = true
		referenced := strings.Contains(tests.String(), `"`+name+`"`)
		why, pending := guideExamplesPending[name]
		switch {
		case referenced && pending:
			t.Logf("%s is named by a test now: its entry in guideExamplesPending (%s) can go", name, why)
		case !referenced && !pending:
			t.Errorf("examples/guides/adopting/%s is run by no test: load it with guideExample (or runGuideScript) in an acceptance test", name)
		}
	}
	for name := range guideExamplesPending {
		if !present[name] {
			t.Errorf("guideExamplesPending names %s, which examples/guides/adopting/ no longer has", name)
		}
	}
}
