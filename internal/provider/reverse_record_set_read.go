package provider

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// Read refreshes every address of the set with a handful of requests (see
// listRecords): a record deleted outside Terraform drops out (the plan
// creates it again), one changed outside shows as a change of its key, one
// re-made with another id is adopted. With exclusive_ranges, the records
// in the ranges that the set does not list are added under their address,
// so that the plan shows their deletion.
func (r *reverseRecordSetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state reverseRecordSetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, ok := boundByTimeout(ctx, "read", state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}

	ids, diags := readRecordIDs(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	entries, diags := entriesFromModel(ctx, state, ids)
	resp.Diagnostics.Append(diags...)
	ranges, _, diags := parseRanges(ctx, state.ExclusiveRanges)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A walk lists every record anyway: the addresses are sorted (for
	// requests in a stable order) only when they are filtered for.
	walk := len(ranges) > 0 || len(entries) > listLimit
	var ips []string
	if !walk {
		ips = entries.sortedIPs()
	}
	records, err := r.listRecords(ctx, ips, walk)
	if err != nil {
		resp.Diagnostics.AddError("Failed to read the reverse record set", describeAPIError(err))
		return
	}
	byIP := indexByIP(records)
	fresh := make(entrySet, len(entries))
	for ip, e := range entries {
		if rec, ok := byIP[ip]; ok {
			fresh[ip] = e.refreshedFrom(rec)
		}
	}
	for ip, rec := range byIP {
		if _, listed := fresh[ip]; !listed && inRanges(ip, ranges) {
			fresh[ip] = entryFromAPI(ip, rec)
		}
	}
	if fresh.equal(entries) {
		// The response's state (and private state) is the one read: leave
		// it. Writing the same values again would convert the whole map
		// twice more, a good share of the provider's own time in a
		// no-change plan of thousands of records.
		return
	}
	resp.Diagnostics.Append(setStateFrom(ctx, &resp.State, resp.Private, state, fresh)...)
}

// ImportState takes a comma-separated list: a CIDR prefix adds the range
// to exclusive_ranges and each record in it to records; an IP address adds
// its record. The records are keyed by the address as written (IP items)
// or in the API's canonical form (records found in a range).
func (r *reverseRecordSetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var (
		ranges     []netip.Prefix
		rangeItems []attr.Value
		keys       = map[string]string{} // canonical IP → the item as written
		order      []string
	)
	for item := range strings.SplitSeq(req.ID, ",") {
		item = strings.TrimSpace(item)
		switch {
		case item == "":
			continue
		case strings.Contains(item, "/"):
			p, err := parseCIDR(item)
			if err != nil {
				resp.Diagnostics.AddError("Invalid import ID", "Item "+err.Error()+".")
				continue
			}
			ranges = append(ranges, p)
			rangeItems = append(rangeItems, types.StringValue(item))
		default:
			ip, err := fwtypes.CanonicalIP(item)
			if err != nil {
				resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("Item %s. Each item must be an IP address or a CIDR prefix.", err))
				continue
			}
			if _, dup := keys[ip]; !dup {
				order = append(order, ip)
			}
			keys[ip] = item
		}
	}
	if len(ranges) == 0 && len(keys) == 0 && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError("Invalid import ID",
			"Expected a comma-separated list of IP addresses and CIDR prefixes, such as \"203.0.113.0/28,198.51.100.7\", got "+
				fmt.Sprintf("%q.", req.ID))
	}
	if resp.Diagnostics.HasError() {
		return
	}

	ctx, cancel := dnsapi.WithTimeout(ctx, "the import lookup's bound", importLookupTimeout)
	defer cancel()
	records, err := r.listRecords(ctx, order, len(ranges) > 0)
	if err != nil {
		resp.Diagnostics.AddError("Failed to look up the reverse records to import", describeAPIError(err))
		return
	}
	byIP := indexByIP(records)
	entries := entrySet{}
	var missing []string
	for _, ip := range order {
		rec, ok := byIP[ip]
		if !ok {
			missing = append(missing, keys[ip])
			continue
		}
		entries[ip] = entryFromAPI(keys[ip], rec)
	}
	if len(missing) > 0 {
		resp.Diagnostics.AddError("No reverse record to import",
			fmt.Sprintf("The API has no reverse record for %s, so there is nothing to import. Leave these addresses out of the "+
				"import ID and let the set create their records.", listAddresses(missing, planListMax)))
		return
	}
	for ip, rec := range byIP {
		if _, listed := entries[ip]; !listed && inRanges(ip, ranges) {
			entries[ip] = entryFromAPI(ip, rec)
		}
	}

	recordsVal, diags := entries.toValue()
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), uuid.NewString())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("records"), recordsVal)...)
	resp.Diagnostics.Append(writeRecordIDs(ctx, resp.Private, entries)...)
	if len(rangeItems) > 0 {
		set, diags := types.SetValue(types.StringType, rangeItems)
		resp.Diagnostics.Append(diags...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("exclusive_ranges"), set)...)
	}
}
