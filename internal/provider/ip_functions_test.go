package provider

// Protocol-level tests of the IP functions: every call goes through the
// framework's function RPC (GetFunctions, CallFunction) as Terraform makes
// it, so argument decoding, the null refusal and error positions are
// covered as well as the formatting.

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The functions under test, by name.
var ipFunctionNames = []string{"ptr_name", "canonical_ip", "ip_label"}

// callIPFunction calls the named function with one argument through a
// fresh, unconfigured provider server.
func callIPFunction(t *testing.T, name string, arg tftypes.Value) *tfprotov6.CallFunctionResponse {
	t.Helper()
	server := providerserver.NewProtocol6(New("test")())()
	dv, err := tfprotov6.NewDynamicValue(tftypes.String, arg)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{
		Name:      name,
		Arguments: []*tfprotov6.DynamicValue{&dv},
	})
	if err != nil {
		t.Fatalf("%s: CallFunction: %v", name, err)
	}
	return resp
}

// callIPFunctionString calls name on the string s and returns its result,
// or the error text ("" and ok = false).
func callIPFunctionString(t *testing.T, name, s string) (result string, errText string, ok bool) {
	t.Helper()
	resp := callIPFunction(t, name, tftypes.NewValue(tftypes.String, s))
	if resp.Error != nil {
		if resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != 0 {
			t.Errorf("%s(%q): error %q is not an error on argument 0 (FunctionArgument = %v)",
				name, s, resp.Error.Text, resp.Error.FunctionArgument)
		}
		return "", resp.Error.Text, false
	}
	if resp.Result == nil {
		t.Fatalf("%s(%q): neither a result nor an error", name, s)
	}
	v, err := resp.Result.Unmarshal(tftypes.String)
	if err != nil {
		t.Fatalf("%s(%q): result: %v", name, s, err)
	}
	if err := v.As(&result); err != nil {
		t.Fatalf("%s(%q): result: %v", name, s, err)
	}
	return result, "", true
}

// ipv6PTR and ipv6Label spell the expected results from an IPv6 address
// written out by hand in full (eight groups of four hex digits), by plain
// string operations independent of the code under test.
func ipv6PTR(expanded string) string {
	hex := []byte(strings.ReplaceAll(expanded, ":", ""))
	slices.Reverse(hex)
	labels := make([]string, len(hex))
	for i, c := range hex {
		labels[i] = string(c)
	}
	return strings.Join(labels, ".") + ".ip6.arpa"
}

func ipv6Label(expanded string) string { return strings.ReplaceAll(expanded, ":", "-") }

func TestIPFunctions_Valid(t *testing.T) {
	t.Parallel()
	type results struct{ ptr, canonical, label string }
	v6 := func(expanded, canonical string) results {
		return results{ipv6PTR(expanded), canonical, ipv6Label(expanded)}
	}
	cases := map[string]results{
		"203.0.113.10":    {"10.113.0.203.in-addr.arpa", "203.0.113.10", "203-0-113-10"},
		"0.0.0.0":         {"0.0.0.0.in-addr.arpa", "0.0.0.0", "0-0-0-0"},
		"255.255.255.255": {"255.255.255.255.in-addr.arpa", "255.255.255.255", "255-255-255-255"},
		"192.0.2.1":       {"1.2.0.192.in-addr.arpa", "192.0.2.1", "192-0-2-1"},
		"10.0.0.100":      {"100.0.0.10.in-addr.arpa", "10.0.0.100", "10-0-0-100"},

		// The brief's examples, written out literally to anchor ipv6PTR.
		"2001:db8::1": {
			"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
			"2001:db8::1",
			"2001-0db8-0000-0000-0000-0000-0000-0001",
		},
		"::":  v6("0000:0000:0000:0000:0000:0000:0000:0000", "::"),
		"::1": v6("0000:0000:0000:0000:0000:0000:0000:0001", "::1"),
		// Upper case, partly compressed: RFC 5952 lower-cases and
		// compresses the longest zero run.
		"2001:DB8:0:0::10": v6("2001:0db8:0000:0000:0000:0000:0000:0010", "2001:db8::10"),
		"2001:0DB8:ABCD:0012:0000:0000:0000:0001": v6(
			"2001:0db8:abcd:0012:0000:0000:0000:0001", "2001:db8:abcd:12::1"),
		// Uncompressed.
		"2001:0db8:0000:0000:0000:0000:0000:0001": v6("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
		// RFC 5952 4.2.2: a single zero group is not compressed; 4.2.3:
		// the first of two equal zero runs is.
		"2001:db8:0:1:1:1:1:1": v6("2001:0db8:0000:0001:0001:0001:0001:0001", "2001:db8:0:1:1:1:1:1"),
		"2001:0:0:1:0:0:0:1":   v6("2001:0000:0000:0001:0000:0000:0000:0001", "2001:0:0:1::1"),
		"2001:db8:0:0:1:0:0:1": v6("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"),
		"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff": v6(
			"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
		"fe80::1": v6("fe80:0000:0000:0000:0000:0000:0000:0001", "fe80::1"),
		// Embedded-IPv4 notation of addresses that are not IPv4-mapped:
		// NAT64 (RFC 6052) and the deprecated IPv4-compatible form.
		"64:ff9b::203.0.113.10": v6("0064:ff9b:0000:0000:0000:0000:cb00:710a", "64:ff9b::cb00:710a"),
		"::203.0.113.10":        v6("0000:0000:0000:0000:0000:0000:cb00:710a", "::cb00:710a"),
	}
	for ip, want := range cases {
		for name, w := range map[string]string{"ptr_name": want.ptr, "canonical_ip": want.canonical, "ip_label": want.label} {
			got, errText, ok := callIPFunctionString(t, name, ip)
			if !ok {
				t.Errorf("%s(%q): error %s", name, ip, errText)
				continue
			}
			if got != w {
				t.Errorf("%s(%q) = %q, want %q", name, ip, got, w)
			}
		}
	}
}

func TestIPFunctions_Invalid(t *testing.T) {
	t.Parallel()
	// Each refused value, with what the error must say besides quoting it.
	cases := map[string]string{
		"::ffff:203.0.113.10":       `IPv4-mapped IPv6 address; write the IPv4 address "203.0.113.10" instead`,
		"::FFFF:cb00:710a":          `IPv4-mapped IPv6 address; write the IPv4 address "203.0.113.10" instead`,
		"::ffff:0.0.0.0":            `write the IPv4 address "0.0.0.0" instead`,
		"fe80::1%eth0":              `is not an IP address: it has an IPv6 zone ("eth0"); zones are not allowed, give the address alone, e.g. "fe80::1"`,
		"010.0.0.1":                 "is not an IP address: IPv4 field has octet with leading zero",
		"":                          "is not an IP address: the value is empty",
		"not-an-ip":                 "is not an IP address",
		"203.0.113.10/24":           `is not an IP address: it is a CIDR prefix; give the address alone, e.g. "203.0.113.10"`,
		" 203.0.113.10":             `is not an IP address: it has leading or trailing whitespace; remove it, e.g. "203.0.113.10"`,
		"256.0.0.1":                 "is not an IP address",
		"1.2.3":                     "is not an IP address",
		"2001:db8::1::2":            "is not an IP address",
		"2001:db8:0:0:0:0:0:0:1":    "is not an IP address",
		"10.113.0.203.in-addr.arpa": "is not an IP address",
	}
	for ip, want := range cases {
		for _, name := range ipFunctionNames {
			got, errText, ok := callIPFunctionString(t, name, ip)
			if ok {
				t.Errorf("%s(%q) = %q, want an error", name, ip, got)
				continue
			}
			if !strings.HasPrefix(errText, strconv.Quote(ip)+" ") || !strings.Contains(errText, want) {
				t.Errorf("%s(%q): error %q, want one starting with the quoted value and saying %q", name, ip, errText, want)
			}
		}
	}
}

// TestIPFunctions_NullAndUnknown: Terraform refuses a null argument and
// skips the call for an unknown one itself, but over the protocol the
// framework passes both on; null must be an error on the argument and
// unknown must give an unknown result.
func TestIPFunctions_NullAndUnknown(t *testing.T) {
	t.Parallel()
	for _, name := range ipFunctionNames {
		resp := callIPFunction(t, name, tftypes.NewValue(tftypes.String, nil))
		if resp.Error == nil {
			t.Errorf("%s(null): no error", name)
		} else {
			if resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != 0 {
				t.Errorf("%s(null): error %q is not on argument 0", name, resp.Error.Text)
			}
			if resp.Error.Text != "the value is null; give an IP address" {
				t.Errorf("%s(null): error %q", name, resp.Error.Text)
			}
		}

		resp = callIPFunction(t, name, tftypes.NewValue(tftypes.String, tftypes.UnknownValue))
		if resp.Error != nil {
			t.Errorf("%s(unknown): error %q", name, resp.Error.Text)
			continue
		}
		v, err := resp.Result.Unmarshal(tftypes.String)
		if err != nil {
			t.Fatalf("%s(unknown): result: %v", name, err)
		}
		if v.IsKnown() {
			t.Errorf("%s(unknown) = %v, want unknown", name, v)
		}
	}
}

// TestIPFunctions_Definitions checks what GetFunctions tells Terraform:
// the three functions, each with its texts, one string parameter "ip"
// that refuses null, and a string result.
func TestIPFunctions_Definitions(t *testing.T) {
	t.Parallel()
	server := providerserver.NewProtocol6(New("test")())()
	resp, err := server.GetFunctions(context.Background(), &tfprotov6.GetFunctionsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) > 0 {
		t.Fatalf("GetFunctions diagnostics: %v", resp.Diagnostics)
	}
	names := make([]string, 0, len(resp.Functions))
	for name := range resp.Functions {
		names = append(names, name)
	}
	slices.Sort(names)
	want := slices.Sorted(slices.Values(ipFunctionNames))
	if !slices.Equal(names, want) {
		t.Fatalf("functions = %v, want %v", names, want)
	}
	for _, name := range names {
		f := resp.Functions[name]
		if f.Summary == "" || f.Description == "" || f.DescriptionKind != tfprotov6.StringKindMarkdown {
			t.Errorf("%s: summary %q, description %q (kind %v): want both, in Markdown", name, f.Summary, f.Description, f.DescriptionKind)
		}
		if len(f.Parameters) != 1 || f.VariadicParameter != nil {
			t.Fatalf("%s: parameters %+v, variadic %+v: want exactly one", name, f.Parameters, f.VariadicParameter)
		}
		p := f.Parameters[0]
		if p.Name != "ip" || !p.Type.Is(tftypes.String) || p.AllowNullValue || p.AllowUnknownValues ||
			!strings.Contains(p.Description, "IPv4-mapped") {
			t.Errorf("%s: parameter %+v: want a string \"ip\" refusing null and unknown, describing the mapped refusal", name, p)
		}
		if f.Return == nil || !f.Return.Type.Is(tftypes.String) {
			t.Errorf("%s: return %+v, want a string", name, f.Return)
		}
	}
}
