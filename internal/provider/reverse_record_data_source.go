package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

var (
	_ datasource.DataSource                     = (*reverseRecordDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*reverseRecordDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*reverseRecordDataSource)(nil)
)

// NewReverseRecordDataSource returns the ionosdns_reverse_record data source.
func NewReverseRecordDataSource() datasource.DataSource { return &reverseRecordDataSource{} }

type reverseRecordDataSource struct {
	dataSourceClient
}

func (d *reverseRecordDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_reverse_record"
}

func (d *reverseRecordDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := recordDataSourceAttributes()
	attrs["id"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: descRecordID + " Look the record up by its id.",
		Validators:          []validator.String{recordIDRule},
	}
	attrs["ip"] = schema.StringAttribute{
		Optional: true, Computed: true, CustomType: fwtypes.IPAddressType{},
		MarkdownDescription: descRecordIP + " Look the record up by its address, in any notation; the API filters by it.",
	}
	attrs["name"] = schema.StringAttribute{
		Optional: true, Computed: true, CustomType: fwtypes.HostnameType{},
		MarkdownDescription: descRecordName + " Look the record up by its name, ignoring case and one trailing dot, " +
			"among all the contract's records; the name must belong to exactly one record.",
	}
	attrs["name_regex"] = schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: descLookupNameRegex,
		Validators:          filterNameRegexValidators(),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one reverse DNS (PTR) record by exactly one of `id`, `ip`, `name` or `name_regex`. " +
			"It fails when no record matches, or when several records have the given name or match the given pattern.",
		Attributes: attrs,
	}
}

// reverseRecordDataSourceModel is the record plus name_regex, the one
// lookup attribute that is not also an attribute of the record.
type reverseRecordDataSourceModel struct {
	reverseRecordFields
	NameRegex types.String `tfsdk:"name_regex"`
}

func (d *reverseRecordDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("ip"), path.MatchRoot("name"), path.MatchRoot("name_regex")),
	}
}

func (d *reverseRecordDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config reverseRecordDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := dnsapi.WithTimeout(ctx, "the data source's read bound", dataSourceReadTimeout)
	defer cancel()

	var record *dnsapi.ReverseRecordRead
	switch {
	case !config.ID.IsNull():
		record = d.byID(ctx, config.ID.ValueString(), &resp.Diagnostics)
	case !config.IP.IsNull():
		record = d.byIP(ctx, config.IP.ValueString(), &resp.Diagnostics)
	case !config.NameRegex.IsNull():
		record = d.byNameRegex(ctx, config.NameRegex, &resp.Diagnostics)
	default:
		record = d.byName(ctx, config.Name.ValueString(), &resp.Diagnostics)
	}
	if record == nil {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, reverseRecordDataSourceModel{
		reverseRecordFields: recordFieldsFromAPI(record),
		NameRegex:           config.NameRegex,
	})...)
}

func (d *reverseRecordDataSource) byID(ctx context.Context, id string, diags *diag.Diagnostics) *dnsapi.ReverseRecordRead {
	record, err := d.client.Get(ctx, id)
	switch {
	case dnsapi.IsNotFound(err):
		diags.AddAttributeError(path.Root("id"), "No reverse record with id "+id, "The API has no reverse record with this id.")
		return nil
	case err != nil:
		diags.AddError("Failed to read reverse record "+id, describeAPIError(err))
		return nil
	}
	return record
}

func (d *reverseRecordDataSource) byIP(ctx context.Context, ip string, diags *diag.Diagnostics) *dnsapi.ReverseRecordRead {
	record, found, err := d.client.FindByIP(ctx, ip)
	switch {
	case err != nil:
		diags.AddError("Failed to look up the reverse record of "+ip, describeAPIError(err))
		return nil
	case !found:
		diags.AddAttributeError(path.Root("ip"), "No reverse record for IP "+ip, "The API has no reverse record for this address.")
		return nil
	}
	return record
}

func (d *reverseRecordDataSource) byName(ctx context.Context, name string, diags *diag.Diagnostics) *dnsapi.ReverseRecordRead {
	all, err := d.client.ListAll(ctx)
	if err != nil {
		diags.AddError("Failed to list reverse records", describeAPIError(err))
		return nil
	}
	matches := filterRecords(all, recordFilter{name: name})
	switch len(matches) {
	case 1:
		return &matches[0]
	case 0:
		diags.AddAttributeError(path.Root("name"), fmt.Sprintf("No reverse record named %q", name),
			fmt.Sprintf("None of the contract's %d reverse records has this name (compared ignoring case and a trailing dot).", len(all)))
		return nil
	}
	sortByIP(matches)
	var list strings.Builder
	for _, m := range matches {
		fmt.Fprintf(&list, "\n  - %s (%s)", m.ID, m.Properties.IP)
	}
	diags.AddAttributeError(path.Root("name"), fmt.Sprintf("%d reverse records are named %q", len(matches), name),
		"The name must identify one record. Look the record up by ip or id instead, or use the ionosdns_reverse_records "+
			"data source to get them all. The records with this name:"+list.String())
	return nil
}
