package provider

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// planListMax bounds how many addresses a plan warning names.
const planListMax = 100

// ModifyPlan changes nothing in the plan (the record ids are in private
// state, which the plan carries as it is, so a new address plans with
// nothing unknown). When the map is known, it tells what the apply will do
// beyond the map's own diff: addresses that already have a record are
// taken over. It also lists the records in newly owned ranges that the map
// does not list: the apply leaves them (see sync), and the next plan shows
// their removal.
func (r *reverseRecordSetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	// Only the attributes needed are read, and of records only its keys:
	// converting the whole plan and state (two more copies of every
	// value of records) was most of this method's cost at 10 000 records.
	keys, keysKnown, err := recordKeys(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("records"), "Invalid Reverse Record Set Plan",
			"The provider cannot read the keys of records: "+err.Error()+". This is a bug in the provider; please report it.")
		return
	}
	var planRanges types.Set
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("exclusive_ranges"), &planRanges)...)
	prior := map[string]string{}
	var priorRanges []netip.Prefix
	if !req.State.Raw.IsNull() {
		var stateRanges types.Set
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("exclusive_ranges"), &stateRanges)...)
		ids, diags := readRecordIDs(ctx, req.Private)
		resp.Diagnostics.Append(diags...)
		prior = idsByIP(ids)
		priorRanges, _, diags = parseRanges(ctx, stateRanges)
		resp.Diagnostics.Append(diags...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	if !keysKnown {
		return // known at apply only: nothing to look up yet
	}
	// Only new addresses (without an id) can be taken over.
	planned := make(map[string]bool, len(keys))
	var added []string
	for _, key := range keys {
		ip, err := fwtypes.CanonicalIP(key)
		if err != nil {
			return // refused by validation
		}
		planned[ip] = true
		if prior[ip] == "" {
			added = append(added, ip)
		}
	}

	ranges, rangesKnown, diags := parseRanges(ctx, planRanges)
	resp.Diagnostics.Append(diags...)
	addedRanges := newRanges(ranges, priorRanges)
	if r.client == nil || resp.Diagnostics.HasError() || !rangesKnown || (len(added) == 0 && len(addedRanges) == 0) {
		return
	}
	var planTimeouts timeouts.Value
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("timeouts"), &planTimeouts)...)
	timeout, diags := planTimeouts.Read(ctx, defaultReadTimeout)
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
// diff; prior maps canonical addresses to ids), in address order.
func strayRecords(records []dnsapi.ReverseRecordRead, ranges []netip.Prefix, wanted func(ip string) bool, prior map[string]string) []dnsapi.ReverseRecordRead {
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
