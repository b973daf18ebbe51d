package dnsapi

import (
	"context"
	"fmt"
	"net/netip"
)

const (
	// maxPages bounds one walk: 10 000 pages of 1000 is ten million
	// records, far beyond any contract; a server that never stops
	// answering "next" is a bug, not a reason to loop forever.
	maxPages = 10_000
	// maxFilterIPsPerRequest keeps a filtered request's URL short (each IP
	// adds up to ~60 bytes of query); longer lists are sent in chunks.
	maxFilterIPsPerRequest = 100
)

// ListAll returns every record, or with ips every record of those
// addresses, walking all pages of MaxPageLimit. Records are returned in the
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

// listAllPages walks the pages by offset arithmetic rather than by
// following _links.next: the link is a URL the server chose, and following
// it would send the token wherever it points. The link's presence is still
// what says another page exists.
func (c *Client) listAllPages(ctx context.Context, ips []string) ([]ReverseRecordRead, error) {
	var all []ReverseRecordRead
	offset := 0
	for range maxPages {
		page, err := c.ListPage(ctx, ListOptions{IPs: ips, Offset: offset, Limit: MaxPageLimit})
		if err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if page.Links.Next == "" || len(page.Items) == 0 {
			return dedupe(all), nil
		}
		offset += len(page.Items)
	}
	return nil, fmt.Errorf("GET %s: still more pages after %d pages of %d records; giving up", recordsPath, maxPages, MaxPageLimit)
}

// dedupe drops repeated ids (a record inserted before the current offset
// while walking shifts later records onto the next page), keeping order.
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
	page, err := c.ListPage(ctx, ListOptions{IPs: []string{want.String()}, Limit: MaxPageLimit})
	if err != nil {
		return nil, false, err
	}
	for i := range page.Items {
		if SameIP(page.Items[i].Properties.IP, want.String()) {
			return &page.Items[i], true, nil
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
