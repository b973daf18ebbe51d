package provider

import (
	"regexp"
	"slices"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

func records(pairs ...string) []dnsapi.ReverseRecordRead {
	var out []dnsapi.ReverseRecordRead
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, dnsapi.ReverseRecordRead{ID: pairs[i], Properties: dnsapi.ReverseRecord{IP: pairs[i], Name: pairs[i+1]}})
	}
	return out
}

func ipsOf(rs []dnsapi.ReverseRecordRead) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Properties.IP)
	}
	return out
}

func TestSortByIPIsNumericAndPutsIPv4First(t *testing.T) {
	rs := records("2001:db8::10", "a", "203.0.113.10", "b", "2001:db8::9", "c", "203.0.113.9", "d", "198.51.100.200", "e")
	sortByIP(rs)
	want := []string{"198.51.100.200", "203.0.113.9", "203.0.113.10", "2001:db8::9", "2001:db8::10"}
	if got := ipsOf(rs); !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

func TestFilterRecords(t *testing.T) {
	rs := records("192.0.2.1", "Web-1.Example.com.", "192.0.2.2", "web-2.example.com", "192.0.2.3", "mail.example.com")
	tests := []struct {
		name   string
		filter recordFilter
		want   []string
	}{
		{"no filter", recordFilter{}, []string{"192.0.2.1", "192.0.2.2", "192.0.2.3"}},
		{"name ignores case and trailing dot", recordFilter{name: "web-1.example.com"}, []string{"192.0.2.1"}},
		{"name given with a dot", recordFilter{name: "MAIL.example.com."}, []string{"192.0.2.3"}},
		{"regex is case-sensitive by default", recordFilter{nameRegex: regexp.MustCompile(`^web-`)}, []string{"192.0.2.2"}},
		{"regex with (?i)", recordFilter{nameRegex: regexp.MustCompile(`(?i)^web-`)}, []string{"192.0.2.1", "192.0.2.2"}},
		{"both must match", recordFilter{name: "web-2.example.com", nameRegex: regexp.MustCompile(`mail`)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ipsOf(filterRecords(rs, tt.filter)); !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFilterIDIsDeterministicAndDistinct(t *testing.T) {
	re := regexp.MustCompile("^web-")
	a := filterID([]string{"2001:DB8::1", "192.0.2.1"}, recordFilter{name: "Web.example.com.", nameRegex: re})
	b := filterID([]string{"192.0.2.1", "2001:db8:0::1", "192.0.2.1"}, recordFilter{name: "web.example.com", nameRegex: re})
	if a != b {
		t.Fatalf("the same filters in another order or notation gave %s and %s", a, b)
	}
	seen := map[string]bool{a: true}
	for _, other := range []string{
		filterID(nil, recordFilter{}),
		filterID([]string{"192.0.2.1"}, recordFilter{}),
		filterID(nil, recordFilter{name: "web.example.com"}),
		filterID(nil, recordFilter{nameRegex: re}),
	} {
		if seen[other] {
			t.Fatalf("different filters share the id %s", other)
		}
		seen[other] = true
	}
}
