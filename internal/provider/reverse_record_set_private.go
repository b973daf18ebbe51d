package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// The record ids of a set live in its private state, not in an attribute
// (issue 17: "Record ids are the resource's business"). An attribute of
// ids cost the framework one more value per address in every RPC (a third
// of all the values of a set), and a plan that added an address showed its
// id as known after apply. Private state is opaque to the framework and to
// Terraform: it is carried from state to plan to apply as one JSON blob,
// never decoded into values nor diffed.
//
// The resource is unreleased (0.1.0), so no state holds record_ids as an
// attribute that would need an upgrade.

// privateKeyRecordIDs is the private-state key of the ids: a JSON object
// from each key of records, spelt as in records, to its record's id.
const privateKeyRecordIDs = "record_ids"

// privateGetter is the request side of private state (req.Private).
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// privateSetter is the response side of private state (resp.Private).
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// readRecordIDs returns the ids in private state by key of records; empty
// when there are none (a new set, or a set with no records).
func readRecordIDs(ctx context.Context, p privateGetter) (map[string]string, diag.Diagnostics) {
	ids := map[string]string{}
	if p == nil {
		return ids, nil
	}
	raw, diags := p.GetKey(ctx, privateKeyRecordIDs)
	if diags.HasError() || len(raw) == 0 {
		return ids, diags
	}
	if err := json.Unmarshal(raw, &ids); err != nil {
		diags.AddError("Invalid Reverse Record Set Private State",
			"The provider cannot read the record ids it keeps in the private state: "+err.Error()+
				". This is a bug in the provider; please report it.")
	}
	return ids, diags
}

// writeRecordIDs saves the ids of entries (those known) in private state.
func writeRecordIDs(ctx context.Context, p privateSetter, entries entrySet) diag.Diagnostics {
	ids := make(map[string]string, len(entries))
	for _, e := range entries {
		if e.id != "" {
			ids[e.key] = e.id
		}
	}
	raw, err := json.Marshal(ids)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Failed to save the record ids", err.Error())
		return diags
	}
	return p.SetKey(ctx, privateKeyRecordIDs, raw)
}

// idsByIP maps the canonical address of each key of ids to its id. Keys
// that are not addresses are skipped, as in entriesFromModel.
func idsByIP(ids map[string]string) map[string]string {
	byIP := make(map[string]string, len(ids))
	for key, id := range ids {
		if ip, err := fwtypes.CanonicalIP(key); err == nil {
			byIP[ip] = id
		}
	}
	return byIP
}

// setStateFrom saves base with records from entries, and their ids in
// private state.
func setStateFrom(ctx context.Context, state interface {
	Set(context.Context, any) diag.Diagnostics
}, private privateSetter, base reverseRecordSetModel, entries entrySet,
) diag.Diagnostics {
	records, diags := entries.toValue()
	if diags.HasError() {
		return diags
	}
	base.Records = records
	diags.Append(state.Set(ctx, &base)...)
	diags.Append(writeRecordIDs(ctx, private, entries)...)
	return diags
}
