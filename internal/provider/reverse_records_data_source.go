package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
	ID             types.String             `tfsdk:"id"`
	IPs            []fwtypes.IPAddressValue `tfsdk:"ips"`
	Name           fwtypes.HostnameValue    `tfsdk:"name"`
	NameRegex      types.String             `tfsdk:"name_regex"`
	ReverseRecords []reverseRecordFields    `tfsdk:"reverse_records"`
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
				Optional:    true,
				ElementType: fwtypes.IPAddressType{},
				MarkdownDescription: "Only the records of these IP addresses, each " + fwtypes.IPAddressRules + ". " +
					"The API filters by them (long lists are sent in several requests). Addresses without a record are left out of the result.",
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(fwtypes.IPAddressElement()),
				},
			},
			"name": schema.StringAttribute{
				Optional:   true,
				CustomType: fwtypes.HostnameType{},
				MarkdownDescription: "Only the records with this name, compared ignoring case and one trailing dot; " +
					"it must be " + fwtypes.HostnameRules + ".",
			},
			"name_regex": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only the records whose name matches this regular expression, in " +
					"[RE2 syntax](https://github.com/google/re2/wiki/Syntax), matched against the name as the API returns it " +
					"(use `(?i)` to ignore case). Checked when the configuration is validated.",
				Validators: []validator.String{regexpRule},
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

	filter := recordFilter{name: model.Name.ValueString()}
	if !model.NameRegex.IsNull() {
		// Already validated; compiling cannot fail here.
		filter.nameRegex = regexp.MustCompile(model.NameRegex.ValueString())
	}
	ips := make([]string, len(model.IPs))
	for i, ip := range model.IPs {
		ips[i] = ip.ValueString()
	}

	all, err := d.client.ListAll(ctx, ips...)
	if err != nil {
		resp.Diagnostics.AddError("Failed to list reverse records", describeAPIError(err))
		return
	}
	matches := filterRecords(all, filter)
	sortByIP(matches)

	model.ID = types.StringValue(filterID(ips, filter))
	model.ReverseRecords = make([]reverseRecordFields, len(matches))
	for i := range matches {
		model.ReverseRecords[i] = recordFieldsFromAPI(&matches[i])
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
