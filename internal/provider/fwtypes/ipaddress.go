package fwtypes

import (
	"net/netip"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var ipAddressKind = stringKind{
	typeName:  "fwtypes.IPAddressType",
	summary:   "Invalid IP Address",
	rules:     IPAddressRules,
	canonical: CanonicalIP,
}

// IPAddressType is a string attribute type holding one IPv4 or IPv6 address
// (see IPAddressRules and ParseIPAddress). Its values are IPAddressValue.
// Use it as the CustomType of a schema.StringAttribute:
//
//	"ip": schema.StringAttribute{CustomType: fwtypes.IPAddressType{}, ...}
//
// Its String method returns "fwtypes.IPAddressType".
type IPAddressType = stringType[IPAddressValue]

// IPAddressValue is a value of IPAddressType: a string that should hold one
// IPv4 or IPv6 address (see IPAddressRules). The string is kept as given;
// use Addr to get the parsed address and CanonicalIP for the canonical text.
//
// Known values are validated by ValidateAttribute (and ValidateParameter)
// with ParseIPAddress; null and unknown values are not validated. Two known
// values are semantically equal (StringSemanticEquals) iff both parse and
// denote the same address, e.g. "2001:DB8:0:0::10" and "2001:db8::10"; an
// IPv4 address and its IPv4-mapped IPv6 form are different addresses.
type IPAddressValue struct {
	stringValue[IPAddressValue]
}

func (IPAddressValue) kind() *stringKind { return &ipAddressKind }

func (IPAddressValue) wrap(sv basetypes.StringValue) IPAddressValue {
	return IPAddressValue{stringValue[IPAddressValue]{sv}}
}

// NewIPAddressValue returns a known IPAddressValue holding s. It does not
// validate s.
func NewIPAddressValue(s string) IPAddressValue {
	return IPAddressValue{}.wrap(basetypes.NewStringValue(s))
}

// NewIPAddressNull returns a null IPAddressValue.
func NewIPAddressNull() IPAddressValue { return IPAddressValue{}.wrap(basetypes.NewStringNull()) }

// NewIPAddressUnknown returns an unknown IPAddressValue.
func NewIPAddressUnknown() IPAddressValue { return IPAddressValue{}.wrap(basetypes.NewStringUnknown()) }

// Addr parses v with ParseIPAddress. If v is null or unknown it returns the
// zero netip.Addr (whose IsValid is false) and no diagnostics; if v is known
// but not an IP address it returns the zero netip.Addr and an error
// diagnostic.
func (v IPAddressValue) Addr() (netip.Addr, diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return netip.Addr{}, nil
	}
	addr, err := ParseIPAddress(v.ValueString())
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError(ipAddressKind.summary, ipAddressKind.detail(err))
		return netip.Addr{}, diags
	}
	return addr, nil
}
