package provider

import "github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"

// Descriptions of a reverse record's attributes, shared by the resource and
// the data sources so that the generated docs say the same thing in each.
const (
	descRecordID               = "The record's id, a UUID chosen when the record is created."
	descRecordIP               = "The IP address the record is for: " + fwtypes.IPAddressRules + "."
	descRecordName             = "The hostname the IP address resolves back to (the PTR target): " + fwtypes.HostnameRules + "."
	descRecordDescription      = "Free text stored with the record to describe its use."
	descRecordCreatedDate      = "When the record was created, in RFC 3339 form (UTC)."
	descRecordLastModifiedDate = "When the record was last changed, in RFC 3339 form (UTC)."
)
