package provider

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// setEntry is one address of a record set, as the resource works with it.
type setEntry struct {
	// key is the address as the user spelled it (the map key in state).
	key string
	// ip is the canonical form of key, the identity of the entry.
	ip string
	// name is the hostname as the user spelled it (or as the API holds it,
	// for a record the user did not write).
	name string
	// description is null when the entry has none.
	description types.String
	// nullDescription marks an entry written with `description = null`:
	// it asks for no description, as an entry without the key does, but
	// its value in records has the key (with a null value), and Terraform
	// requires the state of records to be exactly the value planned.
	nullDescription bool
	// id is the record's id; "" when not known (not created yet).
	id string
}

// sameValues reports whether a and b ask for the same record: names equal
// but for case and a trailing dot, the same description.
func (e setEntry) sameValues(o setEntry) bool {
	return fwtypes.NormalizeHostname(e.name) == fwtypes.NormalizeHostname(o.name) &&
		e.description.ValueString() == o.description.ValueString()
}

// toAPI is the record the entry asks for.
func (e setEntry) toAPI() dnsapi.ReverseRecord {
	return dnsapi.ReverseRecord{Name: e.name, IP: e.ip, Description: e.description.ValueString()}
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

// equal reports whether s and o hold the same entries, spelt the same:
// whether they give the same Terraform values.
func (s entrySet) equal(o entrySet) bool {
	if len(s) != len(o) {
		return false
	}
	for ip, e := range s {
		if f, ok := o[ip]; !ok || !e.same(f) {
			return false
		}
	}
	return true
}

// same reports whether e and o are the same entry, spelt the same.
func (e setEntry) same(o setEntry) bool {
	return e.key == o.key && e.ip == o.ip && e.name == o.name && e.description.Equal(o.description) &&
		e.nullDescription == o.nullDescription && e.id == o.id
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

// entryFromAPI is the entry of a record read from the API, under key.
func entryFromAPI(key string, r *dnsapi.ReverseRecordRead) setEntry {
	return setEntry{
		key:         key,
		ip:          canonicalOrSelf(r.Properties.IP),
		name:        r.Properties.Name,
		description: stringOrNull(r.Properties.Description),
		id:          r.ID,
	}
}

// refreshedFrom returns e as the API now holds it, keeping the user's
// spelling of every value the API only spells differently: a name that
// differs only in case and a trailing dot (the API stores names in its
// own form), and a description written as null that the API holds as
// none. Without that, the next plan would show a change of every such
// name back to the user's spelling, at every plan.
func (e setEntry) refreshedFrom(r *dnsapi.ReverseRecordRead) setEntry {
	fresh := entryFromAPI(e.key, r)
	if fwtypes.NormalizeHostname(fresh.name) == fwtypes.NormalizeHostname(e.name) {
		fresh.name = e.name
	}
	fresh.nullDescription = e.nullDescription && fresh.description.IsNull()
	return fresh
}

func canonicalOrSelf(ip string) string {
	if c, err := fwtypes.CanonicalIP(ip); err == nil {
		return c
	}
	return ip
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
