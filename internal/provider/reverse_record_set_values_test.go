package provider

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// TestRecordSetValuesRoundTrip: records and their ids read into entries
// and written back are exactly the values read, with the keys the user
// wrote: an entry without description, one with, and one with
// description = null (Terraform refuses a state that differs from the
// plan, so the null key must survive).
func TestRecordSetValuesRoundTrip(t *testing.T) {
	records := recordsVal(map[string]attr.Value{
		"2001:DB8::A": entryVal(map[string]types.String{"name": str("Six.Example.COM.")}),
		"203.0.113.1": entryVal(map[string]types.String{"name": str("a.example.com"), "description": str("d")}),
		"203.0.113.2": entryVal(map[string]types.String{"name": str("b.example.com"), "description": types.StringNull()}),
	})
	ids := map[string]string{"2001:DB8::A": "id-a", "203.0.113.1": "id-1"}
	set, diags := entriesFromModel(context.Background(), reverseRecordSetModel{Records: records}, ids)
	if diags.HasError() {
		t.Fatal(diags)
	}
	six := set["2001:db8::a"]
	if six.key != "2001:DB8::A" || six.name != "Six.Example.COM." || !six.description.IsNull() || six.nullDescription || six.id != "id-a" {
		t.Errorf("the IPv6 entry reads as %+v", six)
	}
	if e := set["203.0.113.2"]; !e.nullDescription || e.id != "" {
		t.Errorf("the entry with description = null reads as %+v", e)
	}
	if e := set["203.0.113.1"]; e.id != "id-1" {
		t.Errorf("the IPv4 entry reads as %+v", e)
	}
	gotRecords, diags := set.toValue()
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !gotRecords.Equal(records) {
		t.Errorf("records written back:\n%s\nwant\n%s", gotRecords, records)
	}
}

// TestRecordSetRefreshKeepsSpelling: a refresh keeps the user's spelling
// of a name the API holds in another case without the trailing dot, and
// a description = null the API holds as none; a real change of either
// shows.
func TestRecordSetRefreshKeepsSpelling(t *testing.T) {
	e := setEntry{key: "203.0.113.1", ip: "203.0.113.1", name: "Host.Example.com.", description: types.StringNull(), nullDescription: true, id: "id"}
	api := func(name, description string) *dnsapi.ReverseRecordRead {
		r := &dnsapi.ReverseRecordRead{ID: "id"}
		r.Properties.IP, r.Properties.Name, r.Properties.Description = "203.0.113.1", name, description
		return r
	}
	tests := []struct {
		name, description string
		want              types.Map
	}{
		{"host.example.com", "", entryVal(map[string]types.String{"name": str("Host.Example.com."), "description": types.StringNull()})},
		{"other.example.com", "", entryVal(map[string]types.String{"name": str("other.example.com"), "description": types.StringNull()})},
		{"host.example.com", "by hand", entryVal(map[string]types.String{"name": str("Host.Example.com."), "description": str("by hand")})},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s,%q", tt.name, tt.description), func(t *testing.T) {
			if got := e.refreshedFrom(api(tt.name, tt.description)).value(); !got.Equal(tt.want) {
				t.Errorf("refreshed to %s, want %s", got, tt.want)
			}
		})
	}
	plain := setEntry{key: "203.0.113.1", ip: "203.0.113.1", name: "host.example.com", description: types.StringNull(), id: "id"}
	want := entryVal(map[string]types.String{"name": str("host.example.com")})
	if got := plain.refreshedFrom(api("HOST.example.com", "")).value(); !got.Equal(want) {
		t.Errorf("an entry without description refreshed to %s, want %s", got, want)
	}
}

// TestRecordSetRecordKeys: ModifyPlan's keys of records, read from the raw
// plan: every key of a known map, none of an unknown or null one (unknown
// says so).
func TestRecordSetRecordKeys(t *testing.T) {
	ctx := context.Background()
	schemaResp := &resource.SchemaResponse{}
	NewReverseRecordSetResource().Schema(ctx, resource.SchemaRequest{}, schemaResp)
	objType := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	entryType := objType.AttributeTypes["records"].(tftypes.Map).ElementType
	raw := func(records tftypes.Value) tftypes.Value {
		vals := map[string]tftypes.Value{}
		for name, typ := range objType.AttributeTypes {
			vals[name] = tftypes.NewValue(typ, nil)
		}
		vals["records"] = records
		return tftypes.NewValue(objType, vals)
	}
	entry := tftypes.NewValue(entryType, map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, "a.example.com")})
	mapType := tftypes.Map{ElementType: entryType}
	tests := []struct {
		name      string
		records   tftypes.Value
		wantKeys  []string
		wantKnown bool
	}{
		{"known", tftypes.NewValue(mapType, map[string]tftypes.Value{"203.0.113.1": entry, "2001:DB8::1": entry}), []string{"2001:DB8::1", "203.0.113.1"}, true},
		{"empty", tftypes.NewValue(mapType, map[string]tftypes.Value{}), []string{}, true},
		{"unknown", tftypes.NewValue(mapType, tftypes.UnknownValue), nil, false},
		{"null", tftypes.NewValue(mapType, nil), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, known, err := recordKeys(raw(tt.records))
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(keys)
			// fmt.Sprint: no key at all, nil or empty, reads the same.
			if known != tt.wantKnown || fmt.Sprint(keys) != fmt.Sprint(tt.wantKeys) {
				t.Errorf("recordKeys = %q, known %v; want %q, known %v", keys, known, tt.wantKeys, tt.wantKnown)
			}
		})
	}
}
