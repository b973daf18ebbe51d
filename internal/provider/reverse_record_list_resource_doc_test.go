package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
)

// TestListResourceDocCoversSchema: the list resource's page is written by
// hand (tfplugindocs, with the Terraform 1.11 the docs are generated with,
// does not see list resources), so this keeps it in step with the schema:
// every config attribute is documented with its schema description, and
// nothing else is.
func TestListResourceDocCoversSchema(t *testing.T) {
	var resp list.ListResourceSchemaResponse
	NewReverseRecordListResource().ListResourceConfigSchema(context.Background(), list.ListResourceSchemaRequest{}, &resp)
	doc, err := os.ReadFile(filepath.Join("..", "..", "templates", "list-resources", "reverse_record.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for name := range resp.Schema.Attributes {
			if !yield(name) {
				return
			}
		}
	}) {
		attr := resp.Schema.Attributes[name]
		kind := "String"
		if _, ok := attr.(schema.ListAttribute); ok {
			kind = "List of String"
		}
		want = append(want, fmt.Sprintf("- `%s` (%s) %s", name, kind, attr.GetMarkdownDescription()))
	}
	var got []string
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "- `") {
			got = append(got, line)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("templates/list-resources/reverse_record.md.tmpl documents\n%s\nwant these lines, in this order:\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
