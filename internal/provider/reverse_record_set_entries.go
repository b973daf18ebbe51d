package provider

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// setEntry is one address of a record set, as the resource works with it.
type setEntry struct {
	// key is the address as the user spelled it (the map key in state).
	key string
	// ip is the canonical form of key, the identity of the entry.
	ip          string
	name        fwtypes.HostnameValue
	description types.String
	// id is the record's id; "" when not known (not created yet).
	id string
}

// sameValues reports whether a and b ask for the same record: names equal
// but for case and a trailing dot, the same description.
func (e setEntry) sameValues(o setEntry) bool {
	return fwtypes.NormalizeHostname(e.name.ValueString()) == fwtypes.NormalizeHostname(o.name.ValueString()) &&
		e.description.ValueString() == o.description.ValueString()
}

// toAPI is the record the entry asks for.
func (e setEntry) toAPI() dnsapi.ReverseRecord {
	return dnsapi.ReverseRecord{Name: e.name.ValueString(), IP: e.ip, Description: e.description.ValueString()}
}

// entrySet is a record set by canonical address.
type entrySet map[string]setEntry

// sortedIPs returns the set's canonical addresses in a stable order, for
// deterministic requests and messages.
func (s entrySet) sortedIPs() []string {
	ips := make([]string, 0, len(s))
	for ip := range s {
		ips = append(ips, ip)
	}
	slices.SortFunc(ips, compareIPs)
	return ips
}

func (s entrySet) clone() entrySet {
	c := make(entrySet, len(s))
	for k, v := range s {
		c[k] = v
	}
	return c
}

// compareIPs orders canonical addresses numerically (IPv4 first).
func compareIPs(a, b string) int {
	x, errX := netip.ParseAddr(a)
	y, errY := netip.ParseAddr(b)
	if errX != nil || errY != nil {
		return strings.Compare(a, b)
	}
	return x.Compare(y)
}

// entriesFromModel reads records and record_ids, which must be known. Keys
// that are not addresses were refused by validation; they are skipped here.
func entriesFromModel(ctx context.Context, m reverseRecordSetModel) (entrySet, diag.Diagnostics) {
	var diags diag.Diagnostics
	set := entrySet{}
	if m.Records.IsNull() || m.Records.IsUnknown() {
		return set, diags
	}
	var records map[string]recordSetEntryModel
	diags.Append(m.Records.ElementsAs(ctx, &records, false)...)
	ids := map[string]types.String{}
	if !m.RecordIDs.IsNull() && !m.RecordIDs.IsUnknown() {
		diags.Append(m.RecordIDs.ElementsAs(ctx, &ids, false)...)
	}
	if diags.HasError() {
		return nil, diags
	}
	for key, rec := range records {
		ip, err := fwtypes.CanonicalIP(key)
		if err != nil {
			continue
		}
		e := setEntry{key: key, ip: ip, name: rec.Name, description: rec.Description}
		if id, ok := ids[key]; ok && !id.IsNull() && !id.IsUnknown() {
			e.id = id.ValueString()
		}
		set[ip] = e
	}
	return set, diags
}

// toValues returns records and record_ids for the set. An entry without an
// id (possible only in a plan) gets an unknown id.
func (s entrySet) toValues() (records, ids types.Map, diags diag.Diagnostics) {
	objType := types.ObjectType{AttrTypes: recordSetEntryAttrTypes}
	recs := make(map[string]attr.Value, len(s))
	idVals := make(map[string]attr.Value, len(s))
	for _, e := range s {
		obj, d := types.ObjectValue(recordSetEntryAttrTypes, map[string]attr.Value{
			"name":        e.name,
			"description": e.description,
		})
		diags.Append(d...)
		recs[e.key] = obj
		if e.id == "" {
			idVals[e.key] = types.StringUnknown()
		} else {
			idVals[e.key] = types.StringValue(e.id)
		}
	}
	records, d := types.MapValue(objType, recs)
	diags.Append(d...)
	ids, d = types.MapValue(types.StringType, idVals)
	diags.Append(d...)
	return records, ids, diags
}

// entryFromAPI is the entry of a record read from the API, under key.
func entryFromAPI(key string, r *dnsapi.ReverseRecordRead) setEntry {
	return setEntry{
		key:         key,
		ip:          canonicalOrSelf(r.Properties.IP),
		name:        fwtypes.NewHostnameValue(r.Properties.Name),
		description: stringOrNull(r.Properties.Description),
		id:          r.ID,
	}
}

// refreshedFrom returns e as the API now holds it, keeping the user's
// spelling of every value the API only spells differently.
func (e setEntry) refreshedFrom(r *dnsapi.ReverseRecordRead) setEntry {
	fresh := entryFromAPI(e.key, r)
	if fwtypes.NormalizeHostname(fresh.name.ValueString()) == fwtypes.NormalizeHostname(e.name.ValueString()) {
		fresh.name = e.name
	}
	return fresh
}

func canonicalOrSelf(ip string) string {
	if c, err := fwtypes.CanonicalIP(ip); err == nil {
		return c
	}
	return ip
}

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

// listLimit is how many addresses listing by address may cover: up to it,
// a read costs one filtered request per 100 addresses (at most 10);
// above it, one walk of all pages (1000 records each) is used instead,
// which costs fewer requests unless the contract holds more than ten
// times as many records as the set.
const listLimit = 1000

// listRecords returns the API's records of ips, or all records when walk is
// set or ips are too many to filter for (see listLimit). Callers must match
// the answer to their addresses themselves.
func (r *reverseRecordSetResource) listRecords(ctx context.Context, ips []string, walk bool) ([]dnsapi.ReverseRecordRead, error) {
	switch {
	case walk || len(ips) > listLimit:
		return r.client.ListAll(ctx)
	case len(ips) == 0:
		return nil, nil
	}
	return r.client.ListAll(ctx, ips...)
}

// indexByIP indexes records by canonical address.
func indexByIP(records []dnsapi.ReverseRecordRead) map[string]*dnsapi.ReverseRecordRead {
	idx := make(map[string]*dnsapi.ReverseRecordRead, len(records))
	for i := range records {
		idx[canonicalOrSelf(records[i].Properties.IP)] = &records[i]
	}
	return idx
}

// listAddresses renders up to limit items for a message, with a count of
// the rest.
func listAddresses(items []string, limit int) string {
	if len(items) <= limit {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:limit], ", ") + fmt.Sprintf(" and %d more", len(items)-limit)
}

// sortRecordsByIP orders records by address.
func sortRecordsByIP(records []dnsapi.ReverseRecordRead) {
	slices.SortFunc(records, func(a, b dnsapi.ReverseRecordRead) int {
		return compareIPs(canonicalOrSelf(a.Properties.IP), canonicalOrSelf(b.Properties.IP))
	})
}
