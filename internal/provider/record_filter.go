package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// recordFilter selects records by name on the provider's side; the API
// can filter only by IP.
type recordFilter struct {
	// name, when set, must equal the record's name up to case and one
	// trailing dot.
	name string
	// nameRegex, when set, must match the record's name as the API has it.
	nameRegex *regexp.Regexp
}

func (f recordFilter) matches(r *dnsapi.ReverseRecordRead) bool {
	if f.name != "" && fwtypes.NormalizeHostname(r.Properties.Name) != fwtypes.NormalizeHostname(f.name) {
		return false
	}
	return f.nameRegex == nil || f.nameRegex.MatchString(r.Properties.Name)
}

// filterRecords returns the records f matches, in their order.
func filterRecords(records []dnsapi.ReverseRecordRead, f recordFilter) []dnsapi.ReverseRecordRead {
	var out []dnsapi.ReverseRecordRead
	for i := range records {
		if f.matches(&records[i]) {
			out = append(out, records[i])
		}
	}
	return out
}

// sortByIP orders records by address (IPv4 before IPv6, then
// numerically), so that a data source's list is stable from run to run
// whatever order the API returns.
func sortByIP(records []dnsapi.ReverseRecordRead) {
	slices.SortStableFunc(records, func(a, b dnsapi.ReverseRecordRead) int {
		x, errX := netip.ParseAddr(a.Properties.IP)
		y, errY := netip.ParseAddr(b.Properties.IP)
		if errX != nil || errY != nil {
			return strings.Compare(a.Properties.IP, b.Properties.IP)
		}
		return x.Compare(y)
	})
}

// filterID derives a data source's id from its filters: the same filters
// give the same id, in any order or notation.
func filterID(ips []string, f recordFilter) string {
	canonical := make([]string, 0, len(ips))
	for _, ip := range ips {
		if c, err := fwtypes.CanonicalIP(ip); err == nil {
			canonical = append(canonical, c)
		}
	}
	slices.Sort(canonical)
	canonical = slices.Compact(canonical)
	regex := ""
	if f.nameRegex != nil {
		regex = f.nameRegex.String()
	}
	sum := sha256.Sum256([]byte("ips=" + strings.Join(canonical, ",") +
		"\nname=" + fwtypes.NormalizeHostname(f.name) + "\nname_regex=" + regex))
	return hex.EncodeToString(sum[:8])
}
