package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// dataSourceReadTimeout bounds one data source read, however many pages
// it walks.
const dataSourceReadTimeout = 5 * time.Minute

// recordDataSourceAttributes are a reverse record's attributes as the data
// sources expose them: all computed. The singular data source makes its
// lookup attributes optional on top of these; the plural one nests them.
func recordDataSourceAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":                 schema.StringAttribute{Computed: true, MarkdownDescription: descRecordID},
		"ip":                 schema.StringAttribute{Computed: true, CustomType: fwtypes.IPAddressType{}, MarkdownDescription: descRecordIP},
		"name":               schema.StringAttribute{Computed: true, CustomType: fwtypes.HostnameType{}, MarkdownDescription: descRecordName},
		"description":        schema.StringAttribute{Computed: true, MarkdownDescription: descRecordDescription},
		"created_date":       schema.StringAttribute{Computed: true, MarkdownDescription: descRecordCreatedDate},
		"last_modified_date": schema.StringAttribute{Computed: true, MarkdownDescription: descRecordLastModifiedDate},
	}
}
