package provider

import (
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// FuzzIPFunctions feeds arbitrary strings to the three IP functions (their
// plain-string core, which Run calls) and checks:
//
//   - they accept exactly what an independent oracle built on net.ParseIP
//     accepts (net.ParseIP also refuses zones and leading zeros; it accepts
//     IPv4-mapped addresses, which the functions refuse), and all three
//     refuse with the same error, quoting the value;
//   - ptr_name round-trips: its labels, read backwards, spell the address
//     again, and it is a valid hostname;
//   - ip_label round-trips: with its hyphens turned back into dots (IPv4)
//     or colons (IPv6) it parses to the same address, and it is one valid
//     DNS label;
//   - canonical_ip is the same address, is its own canonical form, and
//     gives the same ptr_name and ip_label as the original spelling.
//
// Seeds are in testdata/fuzz/FuzzIPFunctions.
func FuzzIPFunctions(f *testing.F) {
	ptr := NewPtrNameFunction().(*ipFunction)
	canonical := NewCanonicalIPFunction().(*ipFunction)
	label := NewIPLabelFunction().(*ipFunction)

	f.Fuzz(func(t *testing.T, s string) {
		p, perr := ptr.call(s)
		c, cerr := canonical.call(s)
		l, lerr := label.call(s)

		std := net.ParseIP(s)
		isV4 := std != nil && !strings.Contains(s, ":")
		valid := std != nil && (isV4 || std.To4() == nil)

		if !valid {
			if perr == nil || cerr == nil || lerr == nil {
				t.Fatalf("%q is refused by the oracle but ptr_name = %q (%v), canonical_ip = %q (%v), ip_label = %q (%v)",
					s, p, perr, c, cerr, l, lerr)
			}
			if perr.Error() != cerr.Error() || perr.Error() != lerr.Error() {
				t.Fatalf("%q: the functions' errors differ: %v / %v / %v", s, perr, cerr, lerr)
			}
			if !strings.HasPrefix(perr.Error(), strconv.Quote(s)+" ") {
				t.Fatalf("%q: error does not start with the quoted value: %v", s, perr)
			}
			if std != nil && !strings.Contains(perr.Error(), strconv.Quote(std.To4().String())+" instead") {
				t.Fatalf("%q is IPv4-mapped; the error does not name %s: %v", s, std.To4(), perr)
			}
			return
		}
		if perr != nil || cerr != nil || lerr != nil {
			t.Fatalf("%q is accepted by the oracle but the functions fail: %v / %v / %v", s, perr, cerr, lerr)
		}
		want, err := netip.ParseAddr(s)
		if err != nil {
			t.Fatalf("%q: netip disagrees with net: %v", s, err)
		}

		// ptr_name reversed.
		if got := ptrNameAddr(t, p, isV4); got != want {
			t.Fatalf("ptr_name(%q) = %q reads back as %v", s, p, got)
		}
		if err := fwtypes.ValidateHostname(p); err != nil || p != strings.ToLower(p) {
			t.Fatalf("ptr_name(%q) = %q is not a lower-case hostname (%v)", s, p, err)
		}

		// ip_label read back.
		sep := ":"
		if isV4 {
			sep = "."
		}
		if got, err := netip.ParseAddr(strings.ReplaceAll(l, "-", sep)); err != nil || got != want {
			t.Fatalf("ip_label(%q) = %q reads back as %v (%v)", s, l, got, err)
		}
		if err := fwtypes.ValidateHostname(l); err != nil || strings.Contains(l, ".") || l != strings.ToLower(l) {
			t.Fatalf("ip_label(%q) = %q is not one lower-case DNS label (%v)", s, l, err)
		}

		// canonical_ip.
		if !net.ParseIP(c).Equal(std) {
			t.Fatalf("canonical_ip(%q) = %q is another address", s, c)
		}
		for _, fn := range []*ipFunction{canonical, ptr, label} {
			orig, _ := fn.call(s)
			if again, err := fn.call(c); err != nil || again != orig {
				t.Fatalf("%s(canonical_ip(%q) = %q) = %q (%v), but %s(%q) = %q", fn.name, s, c, again, err, fn.name, s, orig)
			}
		}
	})
}

// ptrNameAddr reads a reverse-lookup name back into the address: the
// labels before the zone suffix, in reverse order, are the four numbers
// of an IPv4 address or the 32 nibbles of an IPv6 one.
func ptrNameAddr(t *testing.T, name string, isV4 bool) netip.Addr {
	t.Helper()
	suffix, parts := ".ip6.arpa", 32
	if isV4 {
		suffix, parts = ".in-addr.arpa", 4
	}
	rest, ok := strings.CutSuffix(name, suffix)
	if !ok {
		t.Fatalf("%q does not end in %s", name, suffix)
	}
	labels := strings.Split(rest, ".")
	if len(labels) != parts {
		t.Fatalf("%q has %d labels before %s, want %d", name, len(labels), suffix, parts)
	}
	slices.Reverse(labels)
	var text string
	if isV4 {
		text = strings.Join(labels, ".")
	} else {
		groups := make([]string, 8)
		for i := range groups {
			groups[i] = strings.Join(labels[4*i:4*i+4], "")
		}
		text = strings.Join(groups, ":")
	}
	addr, err := netip.ParseAddr(text)
	if err != nil {
		t.Fatalf("%q reads back as %q: %v", name, text, err)
	}
	return addr
}
