package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

var (
	_ datasource.DataSource              = (*reverseRecordsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*reverseRecordsDataSource)(nil)
)

// NewReverseRecordsDataSource returns the ionosdns_reverse_records data source.
func NewReverseRecordsDataSource() datasource.DataSource { return &reverseRecordsDataSource{} }

type reverseRecordsDataSource struct {
	dataSourceClient
}

type reverseRecordsDataSourceModel struct {
	recordFilterModel
	ID             types.String          `tfsdk:"id"`
	ReverseRecords []reverseRecordFields `tfsdk:"reverse_records"`
}

func (d *reverseRecordsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_reverse_records"
}

func (d *reverseRecordsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the contract's reverse DNS (PTR) records, all of them or those matching every given filter. " +
			"It reads every page of the API's list, however many records there are. An empty result is not an error.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "An identifier derived from the filters: the same filters give the same id.",
			},
			"ips": schema.ListAttribute{
				Optional:            true,
				ElementType:         fwtypes.IPAddressType{},
				MarkdownDescription: descFilterIPs,
				Validators:          filterIPsValidators(),
			},
			"name": schema.StringAttribute{
				Optional:            true,
				CustomType:          fwtypes.HostnameType{},
				MarkdownDescription: descFilterName,
			},
			"name_regex": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: descFilterNameRegex,
				Validators:          filterNameRegexValidators(),
			},
			"reverse_records": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching records, ordered by IP address (IPv4 before IPv6).",
				NestedObject:        schema.NestedAttributeObject{Attributes: recordDataSourceAttributes()},
			},
		},
	}
}

func (d *reverseRecordsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model reverseRecordsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := dnsapi.WithTimeout(ctx, "the data source's read bound", dataSourceReadTimeout)
	defer cancel()

	ips, filter, err := model.query()
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid Regular Expression", err.Error())
		return
	}
	matches, err := listMatching(ctx, d.client, ips, filter)
	if err != nil {
		resp.Diagnostics.AddError("Failed to list reverse records", describeAPIError(err))
		return
	}

	model.ID = types.StringValue(filterID(ips, filter))
	model.ReverseRecords = make([]reverseRecordFields, len(matches))
	for i := range matches {
		model.ReverseRecords[i] = recordFieldsFromAPI(&matches[i])
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
