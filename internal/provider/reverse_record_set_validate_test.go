package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// entryVal is one value of records, from its fields.
func entryVal(fields map[string]types.String) types.Map {
	m := make(map[string]attr.Value, len(fields))
	for k, v := range fields {
		m[k] = v
	}
	return types.MapValueMust(types.StringType, m)
}

// recordsVal is a value of records.
func recordsVal(entries map[string]attr.Value) types.Map {
	return types.MapValueMust(recordEntryType, entries)
}

// wantDiag is one expected error: its path and words of its summary and
// detail.
type wantDiag struct {
	at    path.Path
	words []string
}

// validateRecords runs both validators of records on v.
func validateRecords(v types.Map) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, val := range []validator.Map{recordSetKeysValidator{}, recordSetEntriesValidator{}} {
		resp := validator.MapResponse{}
		at := path.Root("records")
		val.ValidateMap(context.Background(), validator.MapRequest{Path: at, PathExpression: at.Expression(), ConfigValue: v}, &resp)
		diags.Append(resp.Diagnostics...)
	}
	return diags
}

// TestRecordSetEntriesValidator: each error of an entry is on the path of
// what is wrong, records["<key>"]["name"] and so on, and says what is
// allowed; good entries and unknown values give none.
func TestRecordSetEntriesValidator(t *testing.T) {
	const ip = "203.0.113.1"
	at := path.Root("records").AtMapKey(ip)
	tests := []struct {
		name  string
		entry attr.Value
		want  []wantDiag
	}{
		{"name only", entryVal(map[string]types.String{"name": str("web.example.com")}), nil},
		{"name and description", entryVal(map[string]types.String{"name": str("Web.Example.com."), "description": str("d")}), nil},
		{"description null", entryVal(map[string]types.String{"name": str("web.example.com"), "description": types.StringNull()}), nil},
		{"unknown entry", types.MapUnknown(types.StringType), nil},
		{"unknown name", types.MapValueMust(types.StringType, map[string]attr.Value{"name": types.StringUnknown()}), nil},
		{"unknown description", types.MapValueMust(types.StringType, map[string]attr.Value{
			"name": types.StringValue("web.example.com"), "description": types.StringUnknown(),
		}), nil},
		{"bad name", entryVal(map[string]types.String{"name": str("bad_name.example.com")}), []wantDiag{
			{at.AtMapKey("name"), []string{"Invalid Hostname", `"bad_name.example.com" is not a valid hostname`}},
		}},
		{"no name", entryVal(map[string]types.String{"description": str("d")}), []wantDiag{
			{at.AtMapKey("name"), []string{"Missing Reverse Record Name", `The value of "203.0.113.1" in records has no "name"`}},
		}},
		{"null name", entryVal(map[string]types.String{"name": types.StringNull()}), []wantDiag{
			{at.AtMapKey("name"), []string{"Missing Reverse Record Name"}},
		}},
		{"empty description", entryVal(map[string]types.String{"name": str("web.example.com"), "description": str("")}), []wantDiag{
			{at.AtMapKey("description"), []string{`records["203.0.113.1"]["description"] string length must be at least 1`}},
		}},
		{"other keys", entryVal(map[string]types.String{"name": str("web.example.com"), "ttl": str("3600"), "Name": str("x")}), []wantDiag{
			{at.AtMapKey("Name"), []string{"Unsupported Reverse Record Key", `has the key "Name"`, `only the keys "name" (required) and "description" (optional)`}},
			{at.AtMapKey("ttl"), []string{"Unsupported Reverse Record Key", `has the key "ttl"`}},
		}},
		{"null entry", types.MapNull(types.StringType), []wantDiag{
			{at, []string{"Missing Reverse Record", `The value of "203.0.113.1" in records is null`}},
		}},
		{"everything wrong", entryVal(map[string]types.String{"description": str(""), "ttl": types.StringNull()}), []wantDiag{
			{at.AtMapKey("ttl"), []string{"Unsupported Reverse Record Key"}},
			{at.AtMapKey("name"), []string{"Missing Reverse Record Name"}},
			{at.AtMapKey("description"), []string{"string length must be at least 1"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectDiags(t, validateRecords(recordsVal(map[string]attr.Value{ip: tt.entry})), tt.want)
		})
	}
}

// TestRecordSetKeysValidator: a key that is not an address, and a second
// notation of an address, are errors on that key; unknown and null maps
// are not checked.
func TestRecordSetKeysValidator(t *testing.T) {
	good := entryVal(map[string]types.String{"name": str("web.example.com")})
	expectDiags(t, validateRecords(recordsVal(map[string]attr.Value{
		"2001:db8::1":   good,
		"2001:DB8:0::1": good,
		"web":           good,
		"203.0.113.1":   good,
	})), []wantDiag{
		{path.Root("records").AtMapKey("2001:db8::1"), []string{"Duplicate IP Address", `The keys "2001:DB8:0::1" and "2001:db8::1"`}},
		{path.Root("records").AtMapKey("web"), []string{"Invalid IP Address Key", `The key "web" of records is not an IP address`}},
	})
	expectDiags(t, validateRecords(types.MapUnknown(recordEntryType)), nil)
	expectDiags(t, validateRecords(types.MapNull(recordEntryType)), nil)
	expectDiags(t, validateRecords(recordsVal(map[string]attr.Value{})), nil)
}

// expectDiags checks that diags are errors exactly as want, in order.
func expectDiags(t *testing.T, diags diag.Diagnostics, want []wantDiag) {
	t.Helper()
	if len(diags) != len(want) {
		t.Fatalf("%d diagnostics, want %d: %v", len(diags), len(want), diags)
	}
	for i, d := range diags {
		if d.Severity() != diag.SeverityError {
			t.Errorf("diagnostic %d is not an error: %v", i, d)
		}
		withPath, ok := d.(diag.DiagnosticWithPath)
		if !ok {
			t.Errorf("diagnostic %d (%s) has no path, want %s", i, d.Summary(), want[i].at)
			continue
		}
		if !withPath.Path().Equal(want[i].at) {
			t.Errorf("diagnostic %d (%s) is on %s, want %s", i, d.Summary(), withPath.Path(), want[i].at)
		}
		text := d.Summary() + "\n" + d.Detail()
		for _, w := range want[i].words {
			if !strings.Contains(text, w) {
				t.Errorf("diagnostic %d does not say %q:\n%s", i, w, text)
			}
		}
	}
}

// TestAccReverseRecordSet_badEntries: an entry with a key other than name
// and description, or without a name, fails at validation with the key in
// the message, before any request.
func TestAccReverseRecordSet_badEntries(t *testing.T) {
	t.Parallel()
	srv := newTestFake(t)
	step := func(entry string, want *regexp.Regexp) resource.TestStep {
		return resource.TestStep{
			Config: testProviderConfig(srv) + `
resource "ionosdns_reverse_record_set" "test" {
  records = {
    "203.0.113.1" = { name = "ok.example.com" }
    "203.0.113.2" = ` + entry + `
  }
}
`,
			PlanOnly:    true,
			ExpectError: want,
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`{ name = "a.example.com", ttl = 3600 }`, wordsRE("Unsupported Reverse Record Key",
				`The value of "203.0.113.2" in records has the key "ttl", which is not supported`, `"name" (required) and "description" (optional)`)),
			step(`{ description = "no name" }`, wordsRE("Missing Reverse Record Name", `The value of "203.0.113.2" in records has no "name"`)),
			step(`{ name = "Bad Name.example.com" }`, wordsRE("Invalid Hostname", `"Bad Name.example.com"`)),
		},
	})
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the fake received %d requests; bad input must fail before any", n)
	}
}
