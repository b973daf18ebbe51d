package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// The conversion of a record set from and to its Terraform values, records
// (see recordEntryType), and its ids (in private state, see
// reverse_record_set_private.go). It is written by hand, one pass over
// the map, rather than with ElementsAs into Go structs, which goes through
// reflection for every value: slow at 10 000 records, which every plan,
// refresh and apply of a large set converts.

// entriesFromModel reads records, which must be known (a state, or a plan
// at apply), with ids by key of records (nil for none). Keys that are not
// addresses were refused by validation; they are skipped here.
func entriesFromModel(_ context.Context, m reverseRecordSetModel, ids map[string]string) (entrySet, diag.Diagnostics) {
	var diags diag.Diagnostics
	if m.Records.IsNull() || m.Records.IsUnknown() {
		return entrySet{}, diags
	}
	records := m.Records.Elements()
	set := make(entrySet, len(records))
	for key, v := range records {
		ip, err := fwtypes.CanonicalIP(key)
		if err != nil {
			continue
		}
		e, err := entryFromValue(key, v)
		if err != nil {
			diags.AddAttributeError(path.Root("records").AtMapKey(key), "Invalid Reverse Record Set Value",
				"The provider cannot read this value of records: "+err.Error()+". This is a bug in the provider; please report it.")
			continue
		}
		e.ip = ip
		e.id = ids[key]
		set[ip] = e
	}
	if diags.HasError() {
		return nil, diags
	}
	return set, diags
}

// entryFromValue reads the value of key in records: a known map with a
// known name and, optionally, a description (known or null). Validation
// has refused anything else in a configuration; an error here means a
// value that never passed it.
func entryFromValue(key string, v attr.Value) (setEntry, error) {
	m, ok := v.(types.Map)
	if !ok || m.IsNull() || m.IsUnknown() {
		return setEntry{}, fmt.Errorf("%v is not a known map", v)
	}
	fields := m.Elements()
	name, ok := fields[entryKeyName].(types.String)
	if !ok || name.IsNull() || name.IsUnknown() {
		return setEntry{}, fmt.Errorf("%v has no known %s", v, entryKeyName)
	}
	e := setEntry{key: key, name: name.ValueString(), description: types.StringNull()}
	if d, ok := fields[entryKeyDescription]; ok {
		desc, ok := d.(types.String)
		if !ok || desc.IsUnknown() {
			return setEntry{}, fmt.Errorf("%v has no known %s", v, entryKeyDescription)
		}
		e.description = desc
		e.nullDescription = desc.IsNull()
	}
	return e, nil
}

// value is the entry's value in records: the keys the user wrote, and no
// other (a description the API holds is written out, of course).
func (e setEntry) value() types.Map {
	fields := make(map[string]attr.Value, 2)
	fields[entryKeyName] = types.StringValue(e.name)
	if !e.description.IsNull() || e.nullDescription {
		fields[entryKeyDescription] = e.description
	}
	// Cannot fail: every value is a types.String.
	return types.MapValueMust(types.StringType, fields)
}

// toValue returns records for the set.
func (s entrySet) toValue() (types.Map, diag.Diagnostics) {
	recs := make(map[string]attr.Value, len(s))
	for _, e := range s {
		recs[e.key] = e.value()
	}
	return types.MapValue(recordEntryType, recs)
}

// recordKeys returns the keys of records in raw, a plan or a state,
// without converting its values to the framework's: ModifyPlan needs only
// the keys. known is false when records is unknown (its keys are then
// known only at apply).
func recordKeys(raw tftypes.Value) (keys []string, known bool, err error) {
	v, _, err := tftypes.WalkAttributePath(raw, tftypes.NewAttributePath().WithAttributeName("records"))
	if err != nil {
		return nil, false, err
	}
	records, ok := v.(tftypes.Value)
	switch {
	case !ok:
		return nil, false, fmt.Errorf("records is a %T, not a value", v)
	case !records.IsKnown():
		return nil, false, nil
	case records.IsNull():
		return nil, true, nil
	}
	var elems map[string]tftypes.Value
	if err := records.As(&elems); err != nil {
		return nil, false, err
	}
	keys = make([]string, 0, len(elems))
	for k := range elems {
		keys = append(keys, k)
	}
	return keys, true, nil
}
