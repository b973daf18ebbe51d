package dnsapi

import (
	"context"
	"fmt"
	"net/netip"
)

// maxFilterIPsPerRequest keeps a filtered request's URL short (each IP
// adds up to ~60 bytes of query); longer lists are sent in chunks.
const maxFilterIPsPerRequest = 100

// ListAll returns every record, or with ips every record of those
// addresses, walking the pages of MaxPageLimit until one is not full
// (pagewalk.go; _links.next is not trusted). Records are returned in the
// API's order, each once, even if records are added while the pages are
// walked.
func (c *Client) ListAll(ctx context.Context, ips ...string) ([]ReverseRecordRead, error) {
	if len(ips) == 0 {
		return c.listAllPages(ctx, nil)
	}
	var all []ReverseRecordRead
	for start := 0; start < len(ips); start += maxFilterIPsPerRequest {
		chunk := ips[start:min(start+maxFilterIPsPerRequest, len(ips))]
		records, err := c.listAllPages(ctx, chunk)
		if err != nil {
			return nil, err
		}
		all = append(all, records...)
	}
	return dedupe(all), nil
}

// dedupe drops repeated ids, keeping order: the chunks of a filtered
// ListAll are walked one after the other, and a record moved to another
// address in between may be listed by two of them.
func dedupe(records []ReverseRecordRead) []ReverseRecordRead {
	seen := make(map[string]struct{}, len(records))
	out := records[:0]
	for _, r := range records {
		if _, dup := seen[r.ID]; dup {
			continue
		}
		seen[r.ID] = struct{}{}
		out = append(out, r)
	}
	return out
}

// FindByIP returns the record of ip, if there is one. It asks the API with
// filter.recordIp and double-checks the answer, so a server that ignored
// the filter cannot hand back another address's record.
func (c *Client) FindByIP(ctx context.Context, ip string) (rec *ReverseRecordRead, found bool, err error) {
	want, err := netip.ParseAddr(ip)
	if err != nil {
		return nil, false, fmt.Errorf("%q is not an IP address: %w", ip, err)
	}
	// One address has at most one record: its filtered page is short and
	// the walk ends after one request. A server that ignored the filter
	// is walked like the unfiltered list, under the same rule and cap.
	records, err := c.listAllPages(ctx, []string{want.String()})
	if err != nil {
		return nil, false, err
	}
	for i := range records {
		if SameIP(records[i].Properties.IP, want.String()) {
			return &records[i], true, nil
		}
	}
	return nil, false, nil
}

// SameIP reports whether a and b are the same address in any notation
// ("2001:DB8:0::1" and "2001:db8::1" are).
func SameIP(a, b string) bool {
	x, errX := netip.ParseAddr(a)
	y, errY := netip.ParseAddr(b)
	return errX == nil && errY == nil && x == y
}
