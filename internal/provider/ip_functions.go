package provider

// The provider-defined functions on IP addresses (Terraform 1.8+, OpenTofu
// 1.7+): ptr_name, canonical_ip and ip_label. Terraform has no built-in
// for reverse-lookup names, and a PTR record is addressed by exactly these
// derived strings, so the provider that manages the records offers them.
//
// The three functions share one shape (a single string argument "ip", a
// string result) and one parser, so they are one type, ipFunction, that
// differs only in its texts and in how it formats the parsed address.

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

var _ function.Function = &ipFunction{}

// Suffixes of the reverse-lookup zones (RFC 1035 section 3.5, RFC 3596
// section 2.5), without the root's trailing dot.
const (
	reverseZoneIPv4 = "in-addr.arpa"
	reverseZoneIPv6 = "ip6.arpa"
)

// ipFunctionArg is the name of the one parameter of every IP function;
// Terraform quotes it in argument errors ("Invalid value for "ip"
// parameter").
const ipFunctionArg = "ip"

// ipFunction is a provider-defined function of one IP address argument
// with a string result.
type ipFunction struct {
	name string
	// summary is a one-line plain-text summary.
	summary string
	// markdown is the Markdown description; the plain-text description is
	// derived from it by dropping the code backticks.
	markdown string
	// format turns a valid address (as fwtypes.ParseIPAddress returns it) into
	// the function's result.
	format func(netip.Addr) string
}

// NewPtrNameFunction returns the ptr_name function.
func NewPtrNameFunction() function.Function {
	return &ipFunction{
		name:    "ptr_name",
		summary: "The reverse-lookup (PTR) name of an IP address",
		markdown: "Returns the name under which the PTR record of an IP address lives, without a trailing dot: " +
			"the four numbers of an IPv4 address in reverse order under `" + reverseZoneIPv4 + "` " +
			"(`ptr_name(\"203.0.113.10\")` is `\"10.113.0.203." + reverseZoneIPv4 + "\"`), " +
			"or the 32 hexadecimal digits (nibbles) of an IPv6 address, lower case and in reverse order, under `" + reverseZoneIPv6 + "` " +
			"(`ptr_name(\"2001:db8::1\")` is `\"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2." + reverseZoneIPv6 + "\"`). " +
			"Every spelling of an address gives the same name.",
		format: ptrName,
	}
}

// NewCanonicalIPFunction returns the canonical_ip function.
func NewCanonicalIPFunction() function.Function {
	return &ipFunction{
		name:    "canonical_ip",
		summary: "The canonical text form of an IP address",
		markdown: "Returns an IP address in the form the IONOS DNS API stores it: dotted decimal for IPv4, " +
			"and for IPv6 the RFC 5952 form, lower case with the longest run of zero groups compressed to `::` " +
			"(`canonical_ip(\"2001:DB8:0:0::10\")` is `\"2001:db8::10\"`; " +
			"an IPv6 address written with an embedded IPv4 part, such as `64:ff9b::203.0.113.10`, comes back in hexadecimal, `64:ff9b::cb00:710a`). " +
			"Two spellings denote the same address exactly when their canonical forms are equal, " +
			"which makes it a stable key for `for_each` maps and for comparing addresses.",
		format: netip.Addr.String,
	}
}

// NewIPLabelFunction returns the ip_label function.
func NewIPLabelFunction() function.Function {
	return &ipFunction{
		name:    "ip_label",
		summary: "A DNS label made from an IP address",
		markdown: "Returns a single DNS label (letters, digits and hyphens, at most 39 characters) that spells an IP address, " +
			"for generic host names such as `\"${provider::ionosdns::ip_label(ip)}.hosts.example.com\"`. " +
			"For IPv4 it is the four numbers joined by `-` (`ip_label(\"203.0.113.10\")` is `\"203-0-113-10\"`); " +
			"for IPv6 the eight groups, each written as four lower-case hexadecimal digits, joined by `-` " +
			"(`ip_label(\"2001:db8::1\")` is `\"2001-0db8-0000-0000-0000-0000-0000-0001\"`). " +
			"The label has a fixed layout per address family, so it never ends in a hyphen, " +
			"every spelling of an address gives the same label, and the address can be read back from it.",
		format: ipLabel,
	}
}

// Metadata sets the function's name.
func (f *ipFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

// Definition declares the single string parameter and the string result.
// Null arguments are left to the framework's refusal (AllowNullValue is
// false); unknown ones make Terraform skip the call and take an unknown
// result, which is right for a pure function.
func (f *ipFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	paramMarkdown := "The IP address: " + fwtypes.IPAddressRules + ". Any spelling of an address gives the same result."
	resp.Definition = function.Definition{
		Summary:             f.summary,
		Description:         plainText(f.markdown),
		MarkdownDescription: f.markdown,
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                ipFunctionArg,
				Description:         plainText(paramMarkdown),
				MarkdownDescription: paramMarkdown,
			},
		},
		Return: function.StringReturn{},
	}
}

// Run parses the argument and sets the formatted result; an invalid
// address is an error on the argument, whose text quotes the value.
func (f *ipFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var ip types.String
	resp.Error = req.Arguments.Get(ctx, &ip)
	if resp.Error != nil {
		return
	}
	// Terraform and OpenTofu refuse null arguments and skip calls with
	// unknown ones before they reach the provider (the parameter allows
	// neither), but the framework passes both on to Run: answer them as
	// the CLI would rather than with a conversion error.
	if ip.IsNull() {
		resp.Error = function.NewArgumentFuncError(0, "the value is null; give an IP address")
		return
	}
	if ip.IsUnknown() {
		resp.Error = resp.Result.Set(ctx, types.StringUnknown())
		return
	}
	result, err := f.call(ip.ValueString())
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, result)
}

// call is the function on a plain string, without the framework.
func (f *ipFunction) call(ip string) (string, error) {
	addr, err := fwtypes.ParseIPAddress(ip)
	if err != nil {
		return "", err
	}
	return f.format(addr), nil
}

// ptrName returns the reverse-lookup name of addr, which is IPv4 or
// (unmapped) IPv6, without the trailing dot.
func ptrName(addr netip.Addr) string {
	var b strings.Builder
	if addr.Is4() {
		a := addr.As4()
		for i := len(a) - 1; i >= 0; i-- {
			b.WriteString(strconv.Itoa(int(a[i])))
			b.WriteByte('.')
		}
		b.WriteString(reverseZoneIPv4)
		return b.String()
	}
	const hexDigits = "0123456789abcdef"
	a := addr.As16()
	for i := len(a) - 1; i >= 0; i-- {
		// Least significant nibble first: the name reads the address
		// backwards, one hex digit per label.
		b.WriteByte(hexDigits[a[i]&0xf])
		b.WriteByte('.')
		b.WriteByte(hexDigits[a[i]>>4])
		b.WriteByte('.')
	}
	b.WriteString(reverseZoneIPv6)
	return b.String()
}

// ipLabel returns the DNS label that spells addr (see NewIPLabelFunction).
// IPv6 groups keep their leading zeros, and no group is compressed, so
// that the layout is fixed and "::" (which would give "--" and could end
// the label in a hyphen) never appears.
func ipLabel(addr netip.Addr) string {
	if addr.Is4() {
		a := addr.As4()
		return fmt.Sprintf("%d-%d-%d-%d", a[0], a[1], a[2], a[3])
	}
	a := addr.As16()
	groups := make([]string, 8)
	for g := range groups {
		groups[g] = fmt.Sprintf("%04x", binary.BigEndian.Uint16(a[2*g:]))
	}
	return strings.Join(groups, "-")
}

// plainText turns the Markdown of these descriptions, which only uses code
// spans, into plain text.
func plainText(markdown string) string {
	return strings.ReplaceAll(markdown, "`", "")
}
