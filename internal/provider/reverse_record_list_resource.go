package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

var (
	_ list.ListResource              = (*reverseRecordListResource)(nil)
	_ list.ListResourceWithConfigure = (*reverseRecordListResource)(nil)
)

// NewReverseRecordListResource returns the ionosdns_reverse_record list
// resource, which `terraform query` (Terraform 1.14+) uses to find records
// to import.
func NewReverseRecordListResource() list.ListResource { return &reverseRecordListResource{} }

type reverseRecordListResource struct {
	client *dnsapi.Client
}

// ListResources defines the list resources implemented in the provider.
func (p *ionosdnsProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewReverseRecordListResource,
	}
}

// Metadata names it after the resource it lists, as Terraform requires.
func (l *reverseRecordListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_reverse_record"
}

func (l *reverseRecordListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the contract's reverse DNS (PTR) records for `terraform query` (Terraform 1.14 or later), " +
			"all of them or those matching every given filter, with the same filters as the `ionosdns_reverse_records` data source. " +
			"It reads every page of the API's list and returns the records ordered by IP address, each with its identity (`id`) and, " +
			"with `include_resource`, the whole resource, from which `terraform query -generate-config-out` writes resource and import blocks.",
		Attributes: map[string]schema.Attribute{
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
		},
	}
}

func (l *reverseRecordListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (l *reverseRecordListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config recordFilterModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ips, filter, err := config.query()
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{
			diag.NewAttributeErrorDiagnostic(path.Root("name_regex"), "Invalid Regular Expression", err.Error()),
		})
		return
	}
	if l.client == nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{
			diag.NewErrorDiagnostic("Provider not configured", "The list resource was called before the provider was configured."),
		})
		return
	}

	ctx, cancel := dnsapi.WithTimeout(ctx, "the list's read bound", dataSourceReadTimeout)
	defer cancel()
	records, err := listMatching(ctx, l.client, ips, filter)
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{
			diag.NewErrorDiagnostic("Failed to list reverse records", describeAPIError(err)),
		})
		return
	}
	if req.Limit > 0 && int64(len(records)) > req.Limit {
		records = records[:req.Limit]
	}

	// The records are all in memory already (the API's list is paged, its
	// order is not ours), so the results are made at once.
	results := make([]list.ListResult, len(records))
	for i := range records {
		results[i] = listResult(ctx, req, &records[i])
	}
	stream.Results = slices.Values(results)
}

// listResult is one record as the list returns it: its identity, a name
// for people, and with include_resource the resource exactly as Read
// would store it after an import (no timeouts), so that the configuration
// `terraform query -generate-config-out` writes from it plans no change.
func listResult(ctx context.Context, req list.ListRequest, record *dnsapi.ReverseRecordRead) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = fmt.Sprintf("%s → %s", record.Properties.IP, record.Properties.Name)
	result.Diagnostics.Append(result.Identity.Set(ctx, reverseRecordIdentity{ID: types.StringValue(record.ID)})...)
	if req.IncludeResource {
		noTimeouts, diags := nullTimeouts(ctx, result.Resource.Schema)
		result.Diagnostics.Append(diags...)
		if !diags.HasError() {
			result.Diagnostics.Append(result.Resource.Set(ctx, &reverseRecordResourceModel{
				reverseRecordFields: recordFieldsFromAPI(record),
				Timeouts:            noTimeouts,
			})...)
		}
	}
	return result
}
