package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// reverseRecordFields are the attributes of a reverse record, shared by the
// resource and the data sources. The conversion between them and the API
// lives here and nowhere else.
type reverseRecordFields struct {
	ID               types.String           `tfsdk:"id"`
	Name             fwtypes.HostnameValue  `tfsdk:"name"`
	IP               fwtypes.IPAddressValue `tfsdk:"ip"`
	Description      types.String           `tfsdk:"description"`
	CreatedDate      types.String           `tfsdk:"created_date"`
	LastModifiedDate types.String           `tfsdk:"last_modified_date"`
}

// recordFieldsFromAPI converts a record as the API returns it. Values the
// API leaves out become null, never "", so that an unset optional
// attribute matches what was read back.
func recordFieldsFromAPI(r *dnsapi.ReverseRecordRead) reverseRecordFields {
	return reverseRecordFields{
		ID:               types.StringValue(r.ID),
		Name:             fwtypes.NewHostnameValue(r.Properties.Name),
		IP:               fwtypes.NewIPAddressValue(r.Properties.IP),
		Description:      stringOrNull(r.Properties.Description),
		CreatedDate:      timeOrNull(r.Metadata.CreatedDate),
		LastModifiedDate: timeOrNull(r.Metadata.LastModifiedDate),
	}
}

// toAPI returns the user-settable part of the record.
func (f reverseRecordFields) toAPI() dnsapi.ReverseRecord {
	return dnsapi.ReverseRecord{
		Name:        f.Name.ValueString(),
		IP:          f.IP.ValueString(),
		Description: f.Description.ValueString(),
	}
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func timeOrNull(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}
