package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// The one resource ionosdns_reverse_record can be moved from with a
// `moved` block: IONOS's own, from its SDKv2 provider.
const (
	ionosCloudResourceType = "ionoscloud_dns_reverse_record"
	// ionosCloudProvider is the provider's namespace/type. The registry
	// host is not compared: the same provider is installed from
	// registry.terraform.io, registry.opentofu.org or a mirror.
	ionosCloudProvider      = "ionos-cloud/ionoscloud"
	ionosCloudSchemaVersion = 0
)

// moveSourceSupported names what can be moved, for the refusals.
var moveSourceSupported = fmt.Sprintf("%s (schema version %d) of the %s provider",
	ionosCloudResourceType, ionosCloudSchemaVersion, ionosCloudProvider)

// ionosCloudReverseRecordState is the state of ionoscloud_dns_reverse_record
// as its SDKv2 provider writes it. SDKv2 writes "" for an unset
// description and null or an object for the timeouts block. Only the raw
// JSON is read, so the source schema need not be declared here.
type ionosCloudReverseRecordState struct {
	ID          *string             `json:"id"`
	Name        string              `json:"name"`
	IP          string              `json:"ip"`
	Description string              `json:"description"`
	Timeouts    *ionosCloudTimeouts `json:"timeouts"`
}

// ionosCloudTimeouts is SDKv2's timeouts block. Its "default" is not
// decoded: it has no counterpart in this resource's timeouts, where each
// operation is set on its own.
type ionosCloudTimeouts struct {
	Create *string `json:"create"`
	Update *string `json:"update"`
	Delete *string `json:"delete"`
}

// MoveState lets a `moved` block turn an ionoscloud_dns_reverse_record into
// an ionosdns_reverse_record without touching the record: the state is
// converted here, and the refresh that follows reads the rest.
func (r *reverseRecordResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: moveFromIonosCloud}}
}

func moveFromIonosCloud(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if problem := unsupportedMoveSource(req); problem != "" {
		resp.Diagnostics.AddError("Unsupported move source",
			fmt.Sprintf("ionosdns_reverse_record can only be moved from %s. %s", moveSourceSupported, problem))
		return
	}
	// The private state, SDKv2's timeouts metadata, is deliberately not
	// read: the timeouts that matter are in the state itself.
	src, problem := decodeIonosCloudState(req.SourceRawState)
	if problem != "" {
		resp.Diagnostics.AddError("Invalid move source state", problem)
		return
	}

	// The dates stay null: the refresh after the move fills them from the
	// API, and a null computed value there is no diff.
	target := reverseRecordFields{
		ID:               types.StringValue(*src.ID),
		Name:             fwtypes.NewHostnameValue(src.Name),
		IP:               fwtypes.NewIPAddressValue(src.IP),
		Description:      stringOrNull(src.Description),
		CreatedDate:      types.StringNull(),
		LastModifiedDate: types.StringNull(),
	}
	noTimeouts, diags := nullTimeouts(ctx, resp.TargetState.Schema)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &reverseRecordResourceModel{
		reverseRecordFields: target,
		Timeouts:            noTimeouts,
	})...)
	if t := src.Timeouts; t != nil {
		// Kept, so that a timeouts block copied over with the resource
		// block plans no change.
		for name, value := range map[string]*string{"create": t.Create, "update": t.Update, "delete": t.Delete} {
			if value != nil {
				resp.Diagnostics.Append(resp.TargetState.SetAttribute(ctx, path.Root("timeouts").AtName(name), *value)...)
			}
		}
	}
	setIdentity(ctx, resp.TargetIdentity, *src.ID, &resp.Diagnostics)
}

// decodeIonosCloudState decodes the source state and checks it has what a
// record needs; it says what is wrong, or returns "".
func decodeIonosCloudState(raw *tfprotov6.RawState) (*ionosCloudReverseRecordState, string) {
	if raw == nil || raw.JSON == nil {
		return nil, "The " + ionosCloudResourceType + " state has no JSON form to move. " +
			"Refresh it with its own provider first (terraform apply -refresh-only)."
	}
	var src ionosCloudReverseRecordState
	if err := json.Unmarshal(raw.JSON, &src); err != nil {
		return nil, "The " + ionosCloudResourceType + " state could not be decoded: " + err.Error()
	}
	if src.ID == nil || strings.TrimSpace(*src.ID) == "" {
		return nil, "The " + ionosCloudResourceType + " state has no id, so there is no record to move. " +
			"Import the record instead (see the resource's documentation)."
	}
	if _, err := fwtypes.ParseIPAddress(src.IP); err != nil {
		return nil, fmt.Sprintf("The %s state of record %s has an invalid ip: %s", ionosCloudResourceType, *src.ID, err)
	}
	return &src, ""
}

// unsupportedMoveSource says why req is not a move this resource supports,
// or returns "".
func unsupportedMoveSource(req resource.MoveStateRequest) string {
	if req.SourceTypeName != ionosCloudResourceType {
		return fmt.Sprintf("The source is a %s of %s.", req.SourceTypeName, req.SourceProviderAddress)
	}
	if !isIonosCloudProvider(req.SourceProviderAddress) {
		return fmt.Sprintf("The source %s belongs to provider %s, not to %s.",
			req.SourceTypeName, req.SourceProviderAddress, ionosCloudProvider)
	}
	if req.SourceSchemaVersion != ionosCloudSchemaVersion {
		return fmt.Sprintf("The source's schema version is %d; upgrade this provider if a newer one supports it.",
			req.SourceSchemaVersion)
	}
	return ""
}

// isIonosCloudProvider reports whether a provider address
// (HOSTNAME/NAMESPACE/TYPE) is IONOS's provider, on any registry host.
func isIonosCloudProvider(address string) bool {
	host, namespaceType, ok := strings.Cut(address, "/")
	return ok && host != "" && strings.EqualFold(namespaceType, ionosCloudProvider)
}

// nullTimeouts is the resource's timeouts block left out, typed after the
// resource schema s, for the states made without a configuration: a moved
// one and a listed one.
func nullTimeouts(ctx context.Context, s interface {
	TypeAtPath(context.Context, path.Path) (attr.Type, diag.Diagnostics)
}) (timeouts.Value, diag.Diagnostics) {
	t, diags := s.TypeAtPath(ctx, path.Root("timeouts"))
	if diags.HasError() {
		return timeouts.Value{}, diags
	}
	block, ok := t.(timeouts.Type)
	if !ok {
		diags.AddError("Unexpected timeouts type",
			fmt.Sprintf("The timeouts block has type %T, not timeouts.Type. This is a bug in the provider; please report it.", t))
		return timeouts.Value{}, diags
	}
	return timeouts.Value{Object: types.ObjectNull(block.AttrTypes)}, diags
}
