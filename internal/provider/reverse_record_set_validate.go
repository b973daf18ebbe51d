package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// The validation of records at terraform validate. records is a map of
// maps of strings (see recordEntryType), so the framework checks neither its
// keys nor its entries: these validators do, each error on the path of
// what is wrong (records["<key>"], records["<key>"]["name"], ...).
// Unknown values are skipped; they are checked once known.

// recordSetKeysValidator checks the keys of records: each an IP address,
// no two the same address. Each error names the key.
type recordSetKeysValidator struct{}

var _ validator.Map = recordSetKeysValidator{}

func (recordSetKeysValidator) Description(context.Context) string {
	return "keys must be IP addresses, each address at most once"
}

func (v recordSetKeysValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (recordSetKeysValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	// Sorted, so that which of two duplicates is reported is stable.
	keys := slices.Sorted(maps.Keys(req.ConfigValue.Elements()))
	seen := map[string]string{}
	for _, key := range keys {
		at := req.Path.AtMapKey(key)
		ip, err := fwtypes.CanonicalIP(key)
		if err != nil {
			resp.Diagnostics.AddAttributeError(at, "Invalid IP Address Key",
				fmt.Sprintf("The key %q of records is not an IP address: %s. Each key must be %s.", key, err, fwtypes.IPAddressRules))
			continue
		}
		if first, dup := seen[ip]; dup {
			resp.Diagnostics.AddAttributeError(at, "Duplicate IP Address",
				fmt.Sprintf("The keys %q and %q of records are the same address, %s. An address holds one reverse record: keep one of the keys.",
					first, key, ip))
			continue
		}
		seen[ip] = key
	}
}

// recordSetEntriesValidator checks each entry of records as the single
// resource's schema checks its attributes: name required and a hostname,
// description optional and not empty, and no other key (a mistyped or
// unsupported key such as ttl would otherwise be ignored silently).
type recordSetEntriesValidator struct{}

var _ validator.Map = recordSetEntriesValidator{}

// The entry's checks are the very validators of the single resource's
// attributes, so the rules and messages stay the same.
var (
	entryNameValidator        = fwtypes.HostnameElement()
	entryDescriptionValidator = stringvalidator.LengthAtLeast(1)
)

func (recordSetEntriesValidator) Description(context.Context) string {
	return `each value must be an object with a name (a hostname) and optionally a non-empty description, and no other key`
}

func (v recordSetEntriesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (recordSetEntriesValidator) ValidateMap(ctx context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	// Sorted, so that the diagnostics come in a stable order.
	for _, key := range slices.Sorted(maps.Keys(elems)) {
		validateEntry(ctx, key, elems[key], req.Path.AtMapKey(key), resp)
	}
}

// validateEntry checks the entry of key at path at.
func validateEntry(ctx context.Context, key string, v attr.Value, at path.Path, resp *validator.MapResponse) {
	entry, ok := v.(types.Map)
	switch {
	case !ok || entry.IsUnknown():
		return
	case entry.IsNull():
		resp.Diagnostics.AddAttributeError(at, "Missing Reverse Record",
			fmt.Sprintf("The value of %q in records is null. Each value must be an object such as { name = \"host.example.com\" }; "+
				"to have no record for the address, remove its key.", key))
		return
	}
	fields := entry.Elements()
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		if field != entryKeyName && field != entryKeyDescription {
			resp.Diagnostics.AddAttributeError(at.AtMapKey(field), "Unsupported Reverse Record Key",
				fmt.Sprintf("The value of %q in records has the key %q, which is not supported. "+
					"A value may have only the keys %q (required) and %q (optional).", key, field, entryKeyName, entryKeyDescription))
		}
	}

	name, _ := fields[entryKeyName].(types.String)
	if name.IsNull() { // absent or null
		resp.Diagnostics.AddAttributeError(at.AtMapKey(entryKeyName), "Missing Reverse Record Name",
			fmt.Sprintf("The value of %q in records has no %q. Each value must name the hostname the address resolves back to, "+
				"such as { name = \"host.example.com\" }.", key, entryKeyName))
	} else {
		validateEntryString(ctx, entryNameValidator, name, at.AtMapKey(entryKeyName), resp)
	}
	if description, ok := fields[entryKeyDescription].(types.String); ok {
		validateEntryString(ctx, entryDescriptionValidator, description, at.AtMapKey(entryKeyDescription), resp)
	}
}

// validateEntryString runs a string validator on one value of an entry.
func validateEntryString(ctx context.Context, v validator.String, value types.String, at path.Path, resp *validator.MapResponse) {
	sr := validator.StringResponse{}
	v.ValidateString(ctx, validator.StringRequest{Path: at, PathExpression: at.Expression(), ConfigValue: value}, &sr)
	resp.Diagnostics.Append(sr.Diagnostics...)
}

// cidrRangesValidator checks exclusive_ranges: CIDR prefixes without host
// bits; a prefix with host bits set names the prefix to write instead.
type cidrRangesValidator struct{}

var _ validator.Set = cidrRangesValidator{}

func (cidrRangesValidator) Description(context.Context) string {
	return "each value must be a CIDR prefix without host bits, such as 203.0.113.0/28"
}

func (v cidrRangesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (cidrRangesValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, el := range req.ConfigValue.Elements() {
		s, ok := el.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if _, err := parseCIDR(s.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(req.Path.AtSetValue(s), "Invalid Address Range", err.Error())
		}
	}
}
