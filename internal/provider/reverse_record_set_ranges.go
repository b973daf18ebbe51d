package provider

import (
	"context"
	"fmt"
	"net/netip"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The exclusive_ranges of a record set: CIDR prefixes, parsed and matched
// against addresses.

// parseRanges reads exclusive_ranges; invalid items were refused by
// validation and are skipped. ok is false when the set is unknown.
func parseRanges(ctx context.Context, v types.Set) (ranges []netip.Prefix, ok bool, diags diag.Diagnostics) {
	if v.IsUnknown() {
		return nil, false, diags
	}
	if v.IsNull() {
		return nil, true, diags
	}
	var items []types.String
	diags.Append(v.ElementsAs(ctx, &items, true)...)
	for _, item := range items {
		if item.IsUnknown() {
			return nil, false, diags
		}
		if p, err := parseCIDR(item.ValueString()); err == nil {
			ranges = append(ranges, p)
		}
	}
	return ranges, true, diags
}

// parseCIDR parses an exclusive range: a prefix without host bits.
func parseCIDR(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR prefix such as 203.0.113.0/28 or 2001:db8::/64: %w", s, err)
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("%q has host bits set; write the range as %q", s, p.Masked().String())
	}
	return p, nil
}

// inRanges reports whether the canonical address ip lies in one of ranges.
func inRanges(ip string, ranges []netip.Prefix) bool {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	for _, p := range ranges {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// newRanges returns the ranges of plan not among prior.
func newRanges(plan, prior []netip.Prefix) []netip.Prefix {
	var out []netip.Prefix
	for _, p := range plan {
		if !slices.Contains(prior, p) {
			out = append(out, p)
		}
	}
	return out
}
