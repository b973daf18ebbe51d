package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

var (
	_ resource.Resource                = (*reverseRecordResource)(nil)
	_ resource.ResourceWithConfigure   = (*reverseRecordResource)(nil)
	_ resource.ResourceWithImportState = (*reverseRecordResource)(nil)
	_ resource.ResourceWithIdentity    = (*reverseRecordResource)(nil)
	_ resource.ResourceWithMoveState   = (*reverseRecordResource)(nil)
)

// Default timeouts; a timeouts block in the configuration overrides them.
// They are the retry budget of each operation: the API is retried until
// they run out, so they are long enough to ride out an outage of a few
// minutes.
const (
	defaultCreateTimeout = 5 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
	// importLookupTimeout bounds the lookup of an import by IP, which
	// has no timeouts block.
	importLookupTimeout = 5 * time.Minute
)

// NewReverseRecordResource returns the ionosdns_reverse_record resource.
func NewReverseRecordResource() resource.Resource { return &reverseRecordResource{} }

type reverseRecordResource struct {
	client *dnsapi.Client
}

type reverseRecordResourceModel struct {
	reverseRecordFields
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// reverseRecordIdentity is the resource's identity (Terraform and OpenTofu
// 1.12+): the record's id, which never changes.
type reverseRecordIdentity struct {
	ID types.String `tfsdk:"id"`
}

func (r *reverseRecordResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_reverse_record"
}

func (r *reverseRecordResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the reverse DNS (PTR) record of one IP address: the hostname the address resolves back to. " +
			"The address must belong to your IONOS contract (an IP block or a VDC's IPv6 range), and it can hold only one reverse record.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: descRecordID + " Stays the same when `name`, `ip` or `description` change.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"ip": schema.StringAttribute{
				CustomType: fwtypes.IPAddressType{},
				MarkdownDescription: descRecordIP + " Any notation of the same address is accepted and gives no diff " +
					"(`2001:DB8:0:0::10` and `2001:db8::10` are equal). Changing it moves the record to the new address in place, keeping its `id`.",
				Required: true,
			},
			"name": schema.StringAttribute{
				CustomType: fwtypes.HostnameType{},
				MarkdownDescription: descRecordName + " Case and a single trailing dot are not significant " +
					"(`Host.Example.com.` equals `host.example.com`).",
				Required: true,
			},
			"description": schema.StringAttribute{
				MarkdownDescription: descRecordDescription + " Omit it rather than set it to `\"\"`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"created_date": schema.StringAttribute{
				MarkdownDescription: descRecordCreatedDate,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_modified_date": schema.StringAttribute{
				MarkdownDescription: descRecordLastModifiedDate,
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *reverseRecordResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       descRecordID,
			},
		},
	}
}

func (r *reverseRecordResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (r *reverseRecordResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan reverseRecordResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, ok := boundByTimeout(ctx, "create", plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}

	defer r.client.Ledger().Begin()()
	id := dnsapi.NewRecordID()
	out := createResolving(ctx, r.client, id, plan.toAPI())
	created, err := out.record, out.err
	if err != nil {
		if dnsapi.IsConflict(err) {
			r.addWriteConflictError(ctx, &resp.Diagnostics, plan.IP, out)
			return
		}
		resp.Diagnostics.AddError("Failed to create the reverse record of "+plan.IP.ValueString(), describeAPIError(err))
		if dnsapi.MayHaveBeenApplied(err) {
			// The record may exist at the id we chose. Keeping the id
			// in state (Terraform marks the resource tainted) means the
			// next run finds it and replaces it, instead of leaving an
			// orphan that holds the IP.
			plan.ID = types.StringValue(id)
			plan.CreatedDate, plan.LastModifiedDate = types.StringNull(), types.StringNull()
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
			resp.Diagnostics.AddWarning("The reverse record may exist",
				fmt.Sprintf("The API did not confirm whether the record was created. Its id %s was kept in the state, marked tainted: "+
					"the next apply removes it if it exists and creates it again.", id))
		}
		return
	}
	if out.adopted {
		addAdoptedWarning(&resp.Diagnostics, created)
	}
	plan.reverseRecordFields = recordFieldsFromAPI(created)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, created.ID, &resp.Diagnostics)
}

func (r *reverseRecordResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state reverseRecordResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, ok := boundByTimeout(ctx, "read", state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}

	// The prior state's address lets the read join the others running
	// beside it in one filtered request; drift is still seen exactly.
	record, err := r.client.Lookup(ctx, state.ID.ValueString(), state.IP.ValueString())
	if dnsapi.IsNotFound(err) {
		// Deleted outside Terraform: drop it, so the plan offers to
		// create it again. The identity is still set: the framework
		// insists on one after every read, removed or not.
		resp.State.RemoveResource(ctx)
		setIdentity(ctx, resp.Identity, state.ID.ValueString(), &resp.Diagnostics)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Failed to read reverse record "+state.ID.ValueString(), describeAPIError(err))
		return
	}
	state.reverseRecordFields = recordFieldsFromAPI(record)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, record.ID, &resp.Diagnostics)
}

func (r *reverseRecordResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan reverseRecordResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, ok := boundByTimeout(ctx, "update", plan.Timeouts.Update, defaultUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	defer r.client.Ledger().Begin()()

	out := updateResolving(ctx, r.client, plan.ID.ValueString(), plan.toAPI())
	updated, err := out.record, out.err
	if err != nil {
		if dnsapi.IsConflict(err) {
			r.addWriteConflictError(ctx, &resp.Diagnostics, plan.IP, out)
			return
		}
		resp.Diagnostics.AddError("Failed to update reverse record "+plan.ID.ValueString(), describeAPIError(err))
		return
	}
	plan.reverseRecordFields = recordFieldsFromAPI(updated)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, updated.ID, &resp.Diagnostics)
}

func (r *reverseRecordResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state reverseRecordResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, ok := boundByTimeout(ctx, "delete", state.Timeouts.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}

	id := state.ID.ValueString()
	ledger := r.client.Ledger()
	defer ledger.Begin()()
	skip, finish := ledger.BeginDelete(id)
	if skip {
		// A create of this run adopted the record (the new instance of
		// a create_before_destroy replacement, or a renamed key): it
		// belongs to that resource now, and must stay.
		tflog.Info(ctx, "Not deleting a reverse record that another resource of this run adopted", map[string]any{"id": id})
		return
	}
	deleted := false
	defer func() { finish(deleted) }()
	if err := r.client.Delete(ctx, id); err != nil && !dnsapi.IsNotFound(err) {
		resp.Diagnostics.AddError("Failed to delete reverse record "+id, describeAPIError(err))
		return
	}
	// The API answers 202: it accepted the deletion and may finish it
	// later. Wait until it has, so that a record created next for the
	// same IP (a replacement) does not meet a 409.
	if err := waitUntilDeleted(ctx, r.client, id, state.IP.ValueString()); err != nil {
		resp.Diagnostics.AddError("Reverse record "+id+" was not deleted in time", describeAPIError(err))
		return
	}
	deleted = true
}

func (r *reverseRecordResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		// An import block with an identity (Terraform and OpenTofu 1.12+).
		resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
		return
	}
	if _, err := uuid.Parse(req.ID); err == nil {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
		return
	}
	if _, err := fwtypes.ParseIPAddress(req.ID); err != nil {
		// An IPv4-mapped address is an IP address, just not one to look
		// up: say which one to import by instead.
		if mapped := (*fwtypes.IPv4MappedError)(nil); errors.As(err, &mapped) {
			resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%s. Import the record by its IPv4 address (or its id).", err))
			return
		}
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected the record's id (a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301) or its IP address (%s), got %q.",
				fwtypes.IPAddressRules, req.ID))
		return
	}
	ctx, cancel := dnsapi.WithTimeout(ctx, "the import lookup's bound", importLookupTimeout)
	defer cancel()
	record, found, err := r.client.FindByIP(ctx, req.ID)
	switch {
	case err != nil:
		resp.Diagnostics.AddError("Failed to look up the reverse record of "+req.ID, describeAPIError(err))
		return
	case !found:
		resp.Diagnostics.AddError("No reverse record for "+req.ID,
			"The API has no reverse record for this IP address, so there is nothing to import. Create it with the resource instead.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), record.ID)...)
	// Keep the address as the user wrote it: it is semantically equal to
	// the API's form, and matches the configuration it was written from.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("ip"), fwtypes.NewIPAddressValue(req.ID))...)
}

// setIdentity records the resource's identity, when Terraform asks for
// one (identity is nil on clients that do not support it).
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	diags.Append(identity.Set(ctx, reverseRecordIdentity{ID: types.StringValue(id)})...)
}

// addConflictError explains a 409: either another record holds the IP,
// which the user can adopt by importing it, or the contract does not own
// the IP at all.
func (r *reverseRecordResource) addConflictError(ctx context.Context, diags *diag.Diagnostics, ip fwtypes.IPAddressValue, apiErr error) {
	existing, found, err := r.client.FindByIP(ctx, ip.ValueString())
	if err != nil || !found {
		diags.AddAttributeError(path.Root("ip"), "IP address "+ip.ValueString()+" is not available",
			describeAPIError(apiErr)+"\n\n"+refusedAddressHint+".")
		return
	}
	addExistingRecordError(diags, ip, apiErr, existing, "")
}
