package provider

// A stand-in for IONOS's provider (ionos-cloud/ionoscloud), test code only:
// it serves just ionoscloud_dns_reverse_record, with the attributes and
// state shape of the SDKv2 original (description "" when unset, a timeouts
// block with default), and keeps its records in the same fake API as the
// provider under test, so that a record it creates is one that
// ionosdns_reverse_record can take over with a moved block. IONOS's SDKs
// and provider are not available to this module, and the tests never
// download anything.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// ionosCloudStandInFactory serves the stand-in, talking to srv.
func ionosCloudStandInFactory(srv *dnsapitest.Server) func() (tfprotov6.ProviderServer, error) {
	return providerserver.NewProtocol6WithError(&standInProvider{srv: srv})
}

type standInProvider struct{ srv *dnsapitest.Server }

func (p *standInProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "ionoscloud"
}

func (p *standInProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *standInProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	client, err := dnsapi.New(dnsapi.Config{Endpoint: p.srv.URL, Token: testAccToken})
	if err != nil {
		resp.Diagnostics.AddError("stand-in client", err.Error())
		return
	}
	resp.ResourceData = client
}

func (p *standInProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &standInRecord{} }}
}

func (p *standInProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type standInRecord struct{ client *dnsapi.Client }

type standInTimeouts struct {
	Create  types.String `tfsdk:"create"`
	Update  types.String `tfsdk:"update"`
	Delete  types.String `tfsdk:"delete"`
	Default types.String `tfsdk:"default"`
}

type standInRecordModel struct {
	ID          types.String     `tfsdk:"id"`
	Name        types.String     `tfsdk:"name"`
	IP          types.String     `tfsdk:"ip"`
	Description types.String     `tfsdk:"description"`
	Timeouts    *standInTimeouts `tfsdk:"timeouts"`
}

func (r *standInRecord) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dns_reverse_record"
}

func (r *standInRecord) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	timeout := schema.StringAttribute{Optional: true}
	resp.Schema = schema.Schema{
		// Version 0, as the SDKv2 resource has.
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{Required: true},
			"ip":   schema.StringAttribute{Required: true},
			// SDKv2 stores an unset optional string as "".
			"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("")},
		},
		Blocks: map[string]schema.Block{
			"timeouts": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{
				"create": timeout, "update": timeout, "delete": timeout, "default": timeout,
			}},
		},
	}
}

func (r *standInRecord) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if c, ok := req.ProviderData.(*dnsapi.Client); ok {
		r.client = c
	}
}

func (r *standInRecord) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m standInRecordModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	rec, err := r.client.Create(ctx, dnsapi.NewRecordID(), dnsapi.ReverseRecord{
		Name: m.Name.ValueString(), IP: m.IP.ValueString(), Description: m.Description.ValueString(),
	})
	if err != nil {
		resp.Diagnostics.AddError("stand-in create", err.Error())
		return
	}
	m.ID = types.StringValue(rec.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	// What SDKv2 keeps in the private state: the timeouts, in nanoseconds.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, sdkv2TimeoutsKey, []byte(`{"create":600000000000,"delete":600000000000,"update":600000000000}`))...)
}

func (r *standInRecord) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m standInRecordModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	rec, err := r.client.Get(ctx, m.ID.ValueString())
	if dnsapi.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("stand-in read", err.Error())
		return
	}
	m.Name, m.IP = types.StringValue(rec.Properties.Name), types.StringValue(rec.Properties.IP)
	m.Description = types.StringValue(rec.Properties.Description)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *standInRecord) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("stand-in update", "the stand-in for IONOS's provider does not update records")
}

func (r *standInRecord) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m standInRecordModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if err := r.client.Delete(ctx, m.ID.ValueString()); err != nil && !dnsapi.IsNotFound(err) {
		resp.Diagnostics.AddError("stand-in delete", err.Error())
	}
}

// sdkv2TimeoutsKey is the private-state key under which SDKv2 keeps a
// resource's timeouts (helper/schema.TimeoutKey).
const sdkv2TimeoutsKey = "e2bfb730-ecaa-11e6-8f88-34363bc7c4c0"
