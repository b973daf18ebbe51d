// Package fwtypes provides terraform-plugin-framework custom string types for
// the values this provider handles: IP addresses (IPAddressType) and DNS
// hostnames (HostnameType). Each type validates its values at validate/plan
// time and compares them by meaning rather than by spelling (semantic
// equality), so that "2001:DB8:0:0::10" and "2001:db8::10", or
// "Host.Example.COM." and "host.example.com", do not cause diffs.
//
// The parsing and validation rules live in plain functions (ParseIPAddress,
// CanonicalIP, ValidateHostname, NormalizeHostname) so that code outside the
// type system, such as data sources checking lists of values, applies exactly
// the same rules.
package fwtypes

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IPAddressRules summarises, as a noun phrase, what ParseIPAddress accepts.
// Schemas can quote it in their (Markdown)Description so the documentation and
// the validation share one source of truth.
const IPAddressRules = "an IPv4 address in dotted-decimal form or an IPv6 address in any RFC 4291 form, without prefix length or zone; " +
	"not an IPv4-mapped IPv6 address (`::ffff:0:0/96`, such as `::ffff:203.0.113.61`): write the IPv4 address instead"

// HostnameRules summarises, as a noun phrase, what ValidateHostname accepts.
// Schemas can quote it in their (Markdown)Description so the documentation and
// the validation share one source of truth.
const HostnameRules = "a DNS hostname of at most 253 characters (not counting one optional trailing dot), " +
	"made of dot-separated labels of 1 to 63 ASCII letters, digits and hyphens, " +
	"no label starting or ending with a hyphen; internationalised names must be given in punycode (xn--) form"

const (
	// maxHostnameLength is the longest hostname, in characters, without the
	// optional trailing dot (RFC 1035 section 2.3.4 allows 255 octets on the
	// wire, which is 253 characters in presentation form).
	maxHostnameLength = 253
	// maxLabelLength is the longest label, in characters (RFC 1035).
	maxLabelLength = 63
)

// ParseIPAddress parses s as a single IPv4 or IPv6 address and returns it.
// It is the one parser used by IPAddressType and everything else in the
// provider that accepts IP addresses.
//
// It accepts what net/netip.ParseAddr accepts (IPv4 in dotted-decimal form
// without leading zeros; IPv6 in any RFC 4291 text form), except:
//
//   - IPv4-mapped IPv6 addresses (::ffff:0:0/96, e.g. "::ffff:192.0.2.1" or
//     "::FFFF:c000:201"), with an *IPv4MappedError: the API takes them for
//     IPv6 addresses, which the contract does not own, and refuses them only
//     at apply; the record the user means is the IPv4 address's;
//   - IPv6 zones ("fe80::1%eth0");
//   - prefixes ("203.0.113.7/24"), surrounding or embedded whitespace and
//     the empty string.
//
// The error message quotes s and says what is wrong with it, with a hint on
// how to fix the common mistakes (IPv4 mapping, prefix length, zone,
// whitespace).
func ParseIPAddress(s string) (netip.Addr, error) {
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, ipAddressError(s, diagnoseIPAddress(s, err))
	}
	// The mapping is checked before the zone: with both, the IPv4 address
	// (which has no zone) is the whole fix.
	if addr.Is4In6() {
		return netip.Addr{}, &IPv4MappedError{Input: s, IPv4: addr.Unmap()}
	}
	if zone := addr.Zone(); zone != "" {
		return netip.Addr{}, ipAddressError(s, fmt.Sprintf(
			"it has an IPv6 zone (%q); zones are not allowed, give the address alone, e.g. %q",
			zone, s[:strings.IndexByte(s, '%')]))
	}
	return addr, nil
}

// IPv4MappedError is ParseIPAddress's error for an IPv4-mapped IPv6
// address. Callers can tell it apart with errors.As, to put the IPv4
// address in their own message (as import does).
type IPv4MappedError struct {
	// Input is the string as given.
	Input string
	// IPv4 is the IPv4 address it maps.
	IPv4 netip.Addr
}

func (e *IPv4MappedError) Error() string {
	return fmt.Sprintf("%q is an IPv4-mapped IPv6 address; write the IPv4 address %q instead", e.Input, e.IPv4.String())
}

// suggestAddress returns the address to suggest for a, written as spelled:
// spelled itself, or the IPv4 address of an IPv4-mapped one.
func suggestAddress(a netip.Addr, spelled string) string {
	if a.Is4In6() {
		return a.Unmap().String()
	}
	return spelled
}

// diagnoseIPAddress explains why s, which netip.ParseAddr rejected with
// parseErr, is not an IP address.
func diagnoseIPAddress(s string, parseErr error) string {
	if s == "" {
		return "the value is empty"
	}
	if reason := whitespaceReason(s, func(t string) bool {
		a, err := netip.ParseAddr(t)
		return err == nil && a.Zone() == ""
	}, func(t string) string {
		a, _ := netip.ParseAddr(t)
		return suggestAddress(a, t)
	}); reason != "" {
		return reason
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		addrPart := s[:i]
		if p, err := netip.ParsePrefix(s); err == nil {
			return fmt.Sprintf("it is a CIDR prefix; give the address alone, e.g. %q", suggestAddress(p.Addr(), addrPart))
		}
		if a, err := netip.ParseAddr(addrPart); err == nil && a.Zone() == "" {
			return fmt.Sprintf("it has a prefix-length suffix (%q); give the address alone, e.g. %q", s[i:], suggestAddress(a, addrPart))
		}
		return `it contains a "/"; give a single address without prefix length`
	}
	return netipReason(s, parseErr)
}

// netipReason returns the reason part of a net/netip parse error, i.e. the
// message without its `ParseAddr("...")` prefix, which would quote the value
// a second time.
func netipReason(s string, err error) string {
	msg := err.Error()
	if reason, ok := strings.CutPrefix(msg, "ParseAddr("+strconv.Quote(s)+"): "); ok {
		return reason
	}
	return msg
}

// whitespaceReason returns "" if s contains no whitespace. Otherwise it says
// where the whitespace is, suggesting suggest(trimmed value) if the trimmed
// value is valid according to valid (which is only called with
// whitespace-free strings).
func whitespaceReason(s string, valid func(string) bool, suggest func(string) string) string {
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return ""
	}
	trimmed := strings.TrimSpace(s)
	if trimmed != "" && strings.IndexFunc(trimmed, unicode.IsSpace) < 0 && valid(trimmed) {
		return fmt.Sprintf("it has leading or trailing whitespace; remove it, e.g. %q", suggest(trimmed))
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return fmt.Sprintf("it contains whitespace (%q at byte offset %d)", r, i)
}

func ipAddressError(s, reason string) error {
	return fmt.Errorf("%q is not an IP address: %s", s, reason)
}

// CanonicalIP parses s with ParseIPAddress and returns the address in its
// canonical text form: dotted decimal for IPv4, RFC 5952 for IPv6 (lower
// case, longest run of zero groups compressed, e.g. "2001:db8::10"). Two
// strings denote the same address if and only if both parse and their
// canonical forms are equal. IPv4-mapped IPv6 addresses do not parse, so
// no IPv6 spelling ever equals an IPv4 address.
func CanonicalIP(s string) (string, error) {
	addr, err := ParseIPAddress(s)
	if err != nil {
		return "", err
	}
	return addr.String(), nil
}

// ValidateHostname returns nil if s is a valid DNS hostname and otherwise an
// error that quotes s and names the rule it breaks. A valid hostname:
//
//   - is not empty and contains no whitespace;
//   - is not just the root ".";
//   - may end with a single dot (fully-qualified form), which does not count
//     towards any limit;
//   - consists of one or more dot-separated labels, none of them empty (so no
//     leading dot and no ".."), single-label names such as "localhost"
//     included;
//   - has labels of 1 to 63 characters, each an ASCII letter, digit or hyphen
//     (LDH; underscores and non-ASCII characters are rejected, so
//     internationalised names must be given in punycode, "xn--..."), and not
//     starting or ending with a hyphen;
//   - is at most 253 characters long.
//
// HostnameRules summarises these rules for documentation.
func ValidateHostname(s string) error {
	if s == "" {
		return hostnameError(s, "the value is empty")
	}
	if reason := whitespaceReason(s, func(t string) bool { return ValidateHostname(t) == nil }, func(t string) string { return t }); reason != "" {
		return hostnameError(s, reason)
	}
	if s == "." {
		return hostnameError(s, `it is only the root "."; give a name such as "host.example.com"`)
	}
	name := strings.TrimSuffix(s, ".")
	if strings.HasPrefix(name, ".") {
		return hostnameError(s, "it starts with a dot, which makes an empty label")
	}
	if strings.Contains(name, "..") || strings.HasSuffix(name, ".") {
		return hostnameError(s, "it contains two dots in a row, which makes an empty label")
	}
	for label := range strings.SplitSeq(name, ".") {
		if reason := checkLabel(label); reason != "" {
			return hostnameError(s, reason)
		}
	}
	// All labels are ASCII now, so the length in bytes is the length in
	// characters.
	if len(name) > maxHostnameLength {
		return hostnameError(s, fmt.Sprintf(
			"it is %d characters long; at most %d are allowed, not counting one trailing dot",
			len(name), maxHostnameLength))
	}
	return nil
}

// checkLabel returns why label, which is not empty, is not a valid hostname
// label, or "" if it is valid.
func checkLabel(label string) string {
	for i := 0; i < len(label); i++ {
		c := label[i]
		if isLDH(c) {
			continue
		}
		if c >= utf8.RuneSelf {
			_, size := utf8.DecodeRuneInString(label[i:])
			return fmt.Sprintf(
				"label %q contains the non-ASCII character %q; only letters a-z, digits and hyphens are allowed, "+
					"so give internationalised names in punycode (xn--) form",
				label, label[i:i+size])
		}
		return fmt.Sprintf("label %q contains %q; only letters a-z, digits and hyphens are allowed", label, string(c))
	}
	if len(label) > maxLabelLength {
		return fmt.Sprintf("label %q is %d characters long; at most %d are allowed", label, len(label), maxLabelLength)
	}
	if label[0] == '-' {
		return fmt.Sprintf("label %q starts with a hyphen", label)
	}
	if label[len(label)-1] == '-' {
		return fmt.Sprintf("label %q ends with a hyphen", label)
	}
	return ""
}

// isLDH reports whether c is an ASCII letter, digit or hyphen.
func isLDH(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}

func hostnameError(s, reason string) error {
	return fmt.Errorf("%q is not a valid hostname: %s", s, reason)
}

// NormalizeHostname returns s with ASCII letters lower-cased and one trailing
// dot, if any, removed: the form in which hostnames are compared (DNS names
// are case-insensitive, RFC 4343, and the trailing dot of a fully-qualified
// name does not change the name). Use it, for example, to match a hostname
// given by the user against the ones returned by the API.
//
// NormalizeHostname does not validate s; only ASCII letters are changed. For
// names accepted by ValidateHostname the result is valid too and
// NormalizeHostname is idempotent on it.
func NormalizeHostname(s string) string {
	s = strings.TrimSuffix(s, ".")
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// canonicalHostname validates s and returns its normalised form; it is the
// hostname counterpart of CanonicalIP.
func canonicalHostname(s string) (string, error) {
	if err := ValidateHostname(s); err != nil {
		return "", err
	}
	return NormalizeHostname(s), nil
}
