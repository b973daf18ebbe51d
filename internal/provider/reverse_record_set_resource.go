package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// ionosdns_reverse_record_set: the reverse records of many addresses in one
// resource instance. The resource is split by concern:
//
//   - this file: the type, its schema and model;
//   - reverse_record_set_validate.go: the validation of records and
//     exclusive_ranges;
//   - reverse_record_set_entries.go: the set as a map by canonical address;
//   - reverse_record_set_values.go: its conversion from and to the
//     Terraform values;
//   - reverse_record_set_ranges.go: exclusive_ranges, parsed and matched;
//   - reverse_record_set_private.go: the record ids, in private state;
//   - reverse_record_set_plan.go: ModifyPlan (the takeover and stray
//     warnings);
//   - reverse_record_set_apply.go: Create, Update and Delete, which apply
//     only the difference, concurrently;
//   - reverse_record_set_read.go: Read and ImportState.
var (
	_ resource.Resource                = (*reverseRecordSetResource)(nil)
	_ resource.ResourceWithConfigure   = (*reverseRecordSetResource)(nil)
	_ resource.ResourceWithImportState = (*reverseRecordSetResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*reverseRecordSetResource)(nil)
)

// NewReverseRecordSetResource returns the ionosdns_reverse_record_set
// resource.
func NewReverseRecordSetResource() resource.Resource { return &reverseRecordSetResource{} }

type reverseRecordSetResource struct {
	client *dnsapi.Client
}

// reverseRecordSetModel is the resource's state. records holds what the
// user wrote, keyed by the address as the user spelled it. The API's ids
// of the records are in private state (reverse_record_set_private.go), so
// that they never enter the user's map nor any attribute.
type reverseRecordSetModel struct {
	ID              types.String   `tfsdk:"id"`
	Records         types.Map      `tfsdk:"records"`
	ExclusiveRanges types.Set      `tfsdk:"exclusive_ranges"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// recordEntryType is the type of one value of records, which is a map from
// each address to such a map of strings, with the keys "name" and
// (optionally) "description". records is not a MapNestedAttribute on
// purpose: the framework (v1.19) plans a nested map by copying the whole
// map once per key, which made the no-change plan of 10 000 records take
// minutes (issue 17). A map of strings is opaque to the framework, so the
// set validates its entries itself (recordSetEntriesValidator) and
// compares names itself (setEntry.sameValues, refreshedFrom). An entry
// written as an object literal, `{ name = "…" }`, converts to map(string):
// the configuration users write is the same as with the nested attribute.
var recordEntryType = types.MapType{ElemType: types.StringType}

// The keys of an entry of records.
const (
	entryKeyName        = "name"
	entryKeyDescription = "description"
)

func (r *reverseRecordSetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_reverse_record_set"
}

func (r *reverseRecordSetResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the reverse DNS (PTR) records of many IP addresses in one resource: a map from each address " +
			"to the hostname it resolves back to, typically built from an IP block's addresses. Only the difference is written: " +
			"a change of one address sends one request. With `exclusive_ranges` the resource also owns whole address ranges and " +
			"deletes the records in them that the map does not list. An address must not also be managed by an " +
			"`ionosdns_reverse_record` resource, or by a second set: the two would overwrite each other's record.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "An identifier for Terraform, a UUID chosen when the set is created or imported. " +
					"It is not an API object; the records' own ids are kept in the resource's private state.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"records": schema.MapAttribute{
				MarkdownDescription: "The reverse records, keyed by IP address: " + fwtypes.IPAddressRules + ". " +
					"Any notation of an address is accepted and gives no diff (`2001:DB8:0:0::A` and `2001:db8::a` are the same key), " +
					"but two keys may not be the same address. The map may be empty, and may be unknown until apply " +
					"(built from addresses created in the same apply). An address that already has a reverse record is taken over: " +
					"its record is updated in place and keeps its id, and the plan warns about it. " +
					"Each value is an object such as `{ name = \"web-1.example.com\", description = \"optional\" }`, " +
					"with these two keys and no other:\n" +
					"  - `name` (String, required): " + descRecordName + " Case and a single trailing dot are not significant " +
					"(`Host.Example.com.` equals `host.example.com`).\n" +
					"  - `description` (String, optional): " + descRecordDescription + " Omit it (or set it to `null`) rather than " +
					"set it to `\"\"`.",
				ElementType: recordEntryType,
				Required:    true,
				Validators: []validator.Map{
					recordSetKeysValidator{},
					recordSetEntriesValidator{},
				},
			},
			"exclusive_ranges": schema.SetAttribute{
				MarkdownDescription: "Address ranges this resource owns, as CIDR prefixes (IPv4 or IPv6, e.g. `203.0.113.0/28`, " +
					"`2001:db8:10::/64`), written without host bits. Every reverse record whose address lies in one of them and is " +
					"not in `records` is deleted, but only once a plan has shown it: each refresh reads such records into `records`, " +
					"so the plan shows each as a key to remove, and the apply deletes exactly the records its plan removed. " +
					"A range's records are therefore not deleted by the apply that adds the range (the plan lists them in a warning); " +
					"the next plan shows their removal. Records outside the ranges are never touched. Reading a set with ranges " +
					"lists all of the contract's records.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Set{cidrRangesValidator{}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *reverseRecordSetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}
