package fwtypes

import "github.com/hashicorp/terraform-plugin-framework/types/basetypes"

var hostnameKind = stringKind{
	typeName:  "fwtypes.HostnameType",
	summary:   "Invalid Hostname",
	rules:     HostnameRules,
	canonical: canonicalHostname,
}

// HostnameType is a string attribute type holding a DNS hostname, such as
// the target of a PTR record (see HostnameRules and ValidateHostname). Its
// values are HostnameValue. Use it as the CustomType of a
// schema.StringAttribute:
//
//	"name": schema.StringAttribute{CustomType: fwtypes.HostnameType{}, ...}
//
// Its String method returns "fwtypes.HostnameType".
type HostnameType = stringType[HostnameValue]

// HostnameValue is a value of HostnameType: a string that should hold a DNS
// hostname (see HostnameRules). The string is kept as given; use
// NormalizeHostname to compare it with other names.
//
// Known values are validated by ValidateAttribute (and ValidateParameter)
// with ValidateHostname; null and unknown values are not validated. Two known
// values are semantically equal (StringSemanticEquals) iff both are valid and
// they differ at most in ASCII letter case and one trailing dot, e.g.
// "Host.Example.COM." and "host.example.com".
type HostnameValue struct {
	stringValue[HostnameValue]
}

func (HostnameValue) kind() *stringKind { return &hostnameKind }

func (HostnameValue) wrap(sv basetypes.StringValue) HostnameValue {
	return HostnameValue{stringValue[HostnameValue]{sv}}
}

// NewHostnameValue returns a known HostnameValue holding s. It does not
// validate s.
func NewHostnameValue(s string) HostnameValue {
	return HostnameValue{}.wrap(basetypes.NewStringValue(s))
}

// NewHostnameNull returns a null HostnameValue.
func NewHostnameNull() HostnameValue { return HostnameValue{}.wrap(basetypes.NewStringNull()) }

// NewHostnameUnknown returns an unknown HostnameValue.
func NewHostnameUnknown() HostnameValue { return HostnameValue{}.wrap(basetypes.NewStringUnknown()) }
