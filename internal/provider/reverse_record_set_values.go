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
// (see recordEntryType) and record_ids. It is written by hand, one pass over
// the map, rather than with ElementsAs into Go structs, which goes through
// reflection for every value: slow at 10 000 records, which every plan,
// refresh and apply of a large set converts.

// entriesFromModel reads records and record_ids, which must be known (a
// state, or a plan at apply). Keys that are not addresses were refused by
// validation; they are skipped here.
func entriesFromModel(_ context.Context, m reverseRecordSetModel) (entrySet, diag.Diagnostics) {
	var diags diag.Diagnostics
	if m.Records.IsNull() || m.Records.IsUnknown() {
		return entrySet{}, diags
	}
	records := m.Records.Elements()
	var ids map[string]attr.Value
	if !m.RecordIDs.IsNull() && !m.RecordIDs.IsUnknown() {
		ids = m.RecordIDs.Elements()
	}
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
		if id, ok := ids[key].(types.String); ok && !id.IsNull() && !id.IsUnknown() {
			e.id = id.ValueString()
		}
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

// toValues returns records and record_ids for the set. An entry without an
// id (possible only in a plan) gets an unknown id.
func (s entrySet) toValues() (records, ids types.Map, diags diag.Diagnostics) {
	recs := make(map[string]attr.Value, len(s))
	idVals := make(map[string]attr.Value, len(s))
	for _, e := range s {
		recs[e.key] = e.value()
		if e.id == "" {
			idVals[e.key] = types.StringUnknown()
		} else {
			idVals[e.key] = types.StringValue(e.id)
		}
	}
	records, d := types.MapValue(recordEntryType, recs)
	diags.Append(d...)
	ids, d = types.MapValue(types.StringType, idVals)
	diags.Append(d...)
	return records, ids, diags
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

// idsByIP maps the canonical address of each key of record_ids to its id
// ("" while unknown). Keys that are not addresses are skipped, as in
// entriesFromModel.
func idsByIP(recordIDs types.Map) map[string]string {
	elems := recordIDs.Elements()
	byIP := make(map[string]string, len(elems))
	for key, v := range elems {
		ip, err := fwtypes.CanonicalIP(key)
		if err != nil {
			continue
		}
		if id, ok := v.(types.String); ok && !id.IsNull() && !id.IsUnknown() {
			byIP[ip] = id.ValueString()
		} else {
			byIP[ip] = ""
		}
	}
	return byIP
}
