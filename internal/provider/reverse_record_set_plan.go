package provider

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// planListMax bounds how many addresses a plan warning names.
const planListMax = 100

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
	keys := make([]string, 0, len(req.ConfigValue.Elements()))
	for key := range req.ConfigValue.Elements() {
		keys = append(keys, key)
	}
	// Sorted, so that which of two duplicates is reported is stable.
	slices.Sort(keys)
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

// ModifyPlan plans record_ids and, when the map is known, tells what the
// apply will do beyond the map's own diff: addresses that already have a
// record are taken over. It also lists the records in newly owned ranges
// that the map does not list: the apply leaves them (see sync), and the
// next plan shows their removal.
func (r *reverseRecordSetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan reverseRecordSetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	prior := entrySet{}
	var priorRanges []netip.Prefix
	if !req.State.Raw.IsNull() {
		var state reverseRecordSetModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		p, diags := entriesFromModel(ctx, state)
		resp.Diagnostics.Append(diags...)
		priorRanges, _, diags = parseRanges(ctx, state.ExclusiveRanges)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		prior = p
	}

	if plan.Records.IsUnknown() {
		// Known at apply only: so are the ids.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("record_ids"), types.MapUnknown(types.StringType))...)
		return
	}
	// An address keeps its id whatever else changes (its key's spelling,
	// its name, its description); only a new address's id is unknown, so
	// a change of one key shows as a change of that key alone.
	ids := map[string]attr.Value{}
	var added []string
	for key := range plan.Records.Elements() {
		ip, err := fwtypes.CanonicalIP(key)
		if err != nil {
			return // refused by validation
		}
		if p, ok := prior[ip]; ok && p.id != "" {
			ids[key] = types.StringValue(p.id)
			continue
		}
		ids[key] = types.StringUnknown()
		added = append(added, ip)
	}
	idMap, diags := types.MapValue(types.StringType, ids)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("record_ids"), idMap)...)

	ranges, rangesKnown, diags := parseRanges(ctx, plan.ExclusiveRanges)
	resp.Diagnostics.Append(diags...)
	addedRanges := newRanges(ranges, priorRanges)
	if r.client == nil || resp.Diagnostics.HasError() || !rangesKnown || (len(added) == 0 && len(addedRanges) == 0) {
		return
	}
	timeout, diags := plan.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := dnsapi.WithTimeout(ctx, "the read timeout", timeout)
	defer cancel()
	records, err := r.listRecords(ctx, added, len(addedRanges) > 0)
	if err != nil {
		resp.Diagnostics.AddError("Failed to look up the existing reverse records of the set", describeAPIError(err))
		return
	}
	byIP := indexByIP(records)
	slices.Sort(added)
	var taken []string
	for _, ip := range added {
		if rec, ok := byIP[ip]; ok {
			taken = append(taken, fmt.Sprintf("%s (now %s)", ip, rec.Properties.Name))
		}
	}
	if len(taken) > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("records"), "Existing reverse records will be taken over",
			fmt.Sprintf("%d of the addresses in records already have a reverse record. The apply takes each over: it is updated in place "+
				"and keeps its id. If another resource manages one of them, remove it there first. The addresses: %s.",
				len(taken), listAddresses(taken, planListMax)))
	}
	planned := map[string]bool{}
	for key := range plan.Records.Elements() {
		planned[canonicalOrSelf(key)] = true
	}
	strays := strayRecords(records, addedRanges, func(ip string) bool { return planned[ip] }, prior)
	if len(strays) > 0 {
		lines := make([]string, len(strays))
		for i, s := range strays {
			lines[i] = fmt.Sprintf("  - %s → %s (id %s)", s.Properties.IP, s.Properties.Name, s.ID)
		}
		if len(lines) > planListMax {
			lines = append(lines[:planListMax], fmt.Sprintf("  and %d more", len(lines)-planListMax))
		}
		resp.Diagnostics.AddAttributeWarning(path.Root("exclusive_ranges"), "Reverse records in the new exclusive_ranges",
			fmt.Sprintf("%s in exclusive_ranges and not in records. They are not deleted by this apply, which only records "+
				"the new ranges: the next plan shows each record then in the ranges and not in records as a key of records to remove, "+
				"and the apply of that plan deletes them. To have them in this plan instead, import the set by its ranges first.\n\n%s",
				countRecords(len(strays)), strings.Join(lines, "\n")))
	}
}

// strayRecords returns the records in ranges whose address is neither a
// planned address (wanted) nor in prior (those already show in the plan's
// diff), in address order.
func strayRecords(records []dnsapi.ReverseRecordRead, ranges []netip.Prefix, wanted func(ip string) bool, prior entrySet) []dnsapi.ReverseRecordRead {
	if len(ranges) == 0 {
		return nil
	}
	var strays []dnsapi.ReverseRecordRead
	for _, rec := range records {
		ip := canonicalOrSelf(rec.Properties.IP)
		if _, inPrior := prior[ip]; wanted(ip) || inPrior || !inRanges(ip, ranges) {
			continue
		}
		strays = append(strays, rec)
	}
	sortRecordsByIP(strays)
	return strays
}

// countRecords says how many reverse records lie somewhere, for a message.
func countRecords(n int) string {
	if n == 1 {
		return "1 reverse record lies"
	}
	return fmt.Sprintf("%d reverse records lie", n)
}
