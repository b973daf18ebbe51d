package provider

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// TestAdoptionGuideMapsEveryAttribute keeps the adoption guide's mapping
// tables in step with the schemas: each table's right-hand column names
// every attribute and block of this provider's counterpart, and the
// resource table's left-hand column every field of IONOS's state that the
// move decodes.
func TestAdoptionGuideMapsEveryAttribute(t *testing.T) {
	ctx := context.Background()
	doc, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "adopting-existing-records.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	_, mapping, found := strings.Cut(string(doc), "\n## Mapping IONOS's arguments and attributes\n")
	if !found {
		t.Fatal("the guide has no mapping section")
	}

	var res resource.SchemaResponse
	NewReverseRecordResource().Schema(ctx, resource.SchemaRequest{}, &res)
	var single, plural datasource.SchemaResponse
	NewReverseRecordDataSource().Schema(ctx, datasource.SchemaRequest{}, &single)
	NewReverseRecordsDataSource().Schema(ctx, datasource.SchemaRequest{}, &plural)
	resourceNames := append(keys(res.Schema.Attributes), keys(res.Schema.Blocks)...)

	var ionosFields []string
	st := reflect.TypeFor[ionosCloudReverseRecordState]()
	for i := range st.NumField() {
		ionosFields = append(ionosFields, strings.Split(st.Field(i).Tag.Get("json"), ",")[0])
	}

	for _, tc := range []struct {
		heading     string
		here, ionos []string
	}{
		{"### Resource: `" + ionosCloudResourceType + "` → `ionosdns_reverse_record`", resourceNames, ionosFields},
		{"### Data source: `ionoscloud_dns_reverse_record` → `ionosdns_reverse_record`", keys(single.Schema.Attributes), []string{"partial_match"}},
		{"### Data source: `ionoscloud_dns_reverse_records` → `ionosdns_reverse_records`", keys(plural.Schema.Attributes), []string{"partial_match"}},
	} {
		left, right := mappingColumns(t, mapping, tc.heading)
		for _, name := range tc.here {
			if !right["`"+name+"`"] {
				t.Errorf("%s: the right-hand column does not name `%s`", tc.heading, name)
			}
		}
		for _, name := range tc.ionos {
			if !left["`"+name+"`"] {
				t.Errorf("%s: the left-hand column does not name `%s`", tc.heading, name)
			}
		}
	}
}

var codeSpan = regexp.MustCompile("`[a-z_]+`")

// mappingColumns returns the code spans of the first and second columns
// of the table under heading.
func mappingColumns(t *testing.T, doc, heading string) (left, right map[string]bool) {
	t.Helper()
	_, section, found := strings.Cut(doc, "\n"+heading+"\n")
	if !found {
		t.Fatalf("no section %q", heading)
	}
	section, _, _ = strings.Cut(section, "\n#")
	left, right = map[string]bool{}, map[string]bool{}
	rows := 0
	for line := range strings.SplitSeq(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") {
			continue
		}
		rows++
		for _, s := range codeSpan.FindAllString(cells[1], -1) {
			left[s] = true
		}
		for _, s := range codeSpan.FindAllString(cells[2], -1) {
			right[s] = true
		}
	}
	if rows < 3 {
		t.Fatalf("section %q has %d table rows", heading, rows)
	}
	return left, right
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
