package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// TestAccReverseRecord_identity runs where the CLI supports resource
// identity (Terraform or OpenTofu 1.12 and later): the identity is the
// record's id, and an import block can name it.
func TestAccReverseRecord_identity(t *testing.T) {
	srv := newTestFake(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{
				Config: recordConfig(srv, "203.0.113.77", "identity.example.com", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testRecordAddr, map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
					statecheck.ExpectIdentityValueMatchesState(testRecordAddr, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    testRecordAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// The same behaviour at the plugin-protocol level, so that it is tested
// whatever CLI runs the suite: the identity schema, import by identity,
// and the identity that create and read return.

const recordType = "ionosdns_reverse_record"

type protocolHarness struct {
	t            *testing.T
	ctx          context.Context
	server       tfprotov6.ProviderServer
	resourceType tftypes.Type
	identityType tftypes.Type
}

func newProtocolHarness(t *testing.T, srv *dnsapitest.Server) *protocolHarness {
	t.Helper()
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || diagsHaveError(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || diagsHaveError(identities.Diagnostics) {
		t.Fatalf("GetResourceIdentitySchemas: %v %v", err, identities.Diagnostics)
	}
	identitySchema, ok := identities.IdentitySchemas[recordType]
	if !ok {
		t.Fatalf("no identity schema for %s", recordType)
	}
	h := &protocolHarness{
		t: t, ctx: ctx, server: server,
		resourceType: schemas.ResourceSchemas[recordType].ValueType(),
		identityType: identitySchema.ValueType(),
	}

	// Configure with every provider attribute null except the two we need,
	// whatever attributes the provider grows.
	providerType := schemas.Provider.ValueType().(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, typ := range providerType.AttributeTypes {
		attrs[name] = tftypes.NewValue(typ, nil)
	}
	attrs["token"] = tftypes.NewValue(tftypes.String, dnsapitest.DefaultToken)
	attrs["endpoint"] = tftypes.NewValue(tftypes.String, srv.URL)
	config := h.dynamic(providerType, tftypes.NewValue(providerType, attrs))
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.12.0", Config: config})
	if err != nil || diagsHaveError(configured.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}
	return h
}

func diagsHaveError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func (h *protocolHarness) dynamic(typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	h.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

// attrs decodes a state or identity into its attributes, as strings.
func (h *protocolHarness) attrs(typ tftypes.Type, dv *tfprotov6.DynamicValue) map[string]string {
	h.t.Helper()
	if dv == nil {
		h.t.Fatal("no value")
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		h.t.Fatal(err)
	}
	var fields map[string]tftypes.Value
	if err := v.As(&fields); err != nil {
		h.t.Fatal(err)
	}
	out := map[string]string{}
	for name, field := range fields {
		var s string
		if field.Type().Is(tftypes.String) && field.IsKnown() && !field.IsNull() {
			if err := field.As(&s); err != nil {
				h.t.Fatal(err)
			}
			out[name] = s
		}
	}
	return out
}

func (h *protocolHarness) identity(id string) *tfprotov6.ResourceIdentityData {
	v := tftypes.NewValue(h.identityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)})
	return &tfprotov6.ResourceIdentityData{IdentityData: h.dynamic(h.identityType, v)}
}

// recordValue is a resource configuration: ip and name set, the rest null.
func (h *protocolHarness) recordValue(ip, name string) *tfprotov6.DynamicValue {
	obj := h.resourceType.(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for attr, typ := range obj.AttributeTypes {
		attrs[attr] = tftypes.NewValue(typ, nil)
	}
	attrs["ip"] = tftypes.NewValue(tftypes.String, ip)
	attrs["name"] = tftypes.NewValue(tftypes.String, name)
	return h.dynamic(h.resourceType, tftypes.NewValue(h.resourceType, attrs))
}

func TestProtocol_identitySchema(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	schema := resp.IdentitySchemas[recordType]
	if schema == nil || len(schema.IdentityAttributes) != 1 {
		t.Fatalf("identity schema = %+v", schema)
	}
	if attr := schema.IdentityAttributes[0]; attr.Name != "id" || !attr.RequiredForImport || !attr.Type.Is(tftypes.String) {
		t.Fatalf("identity attribute = %+v", attr)
	}
}

func TestProtocol_importByIdentityThenRead(t *testing.T) {
	srv := newTestFake(t)
	h := newProtocolHarness(t, srv)
	rec := srv.Put(dnsapi.ReverseRecord{IP: "2001:db8::77", Name: "imported.example.com"})

	imported, err := h.server.ImportResourceState(h.ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: recordType, Identity: h.identity(rec.ID),
	})
	if err != nil || diagsHaveError(imported.Diagnostics) || len(imported.ImportedResources) != 1 {
		t.Fatalf("ImportResourceState: %v %+v", err, imported)
	}
	got := imported.ImportedResources[0]
	if id := h.attrs(h.resourceType, got.State)["id"]; id != rec.ID {
		t.Fatalf("imported state id = %q, want %q", id, rec.ID)
	}

	read, err := h.server.ReadResource(h.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: recordType, CurrentState: got.State, CurrentIdentity: got.Identity,
	})
	if err != nil || diagsHaveError(read.Diagnostics) {
		t.Fatalf("ReadResource: %v %v", err, read.Diagnostics)
	}
	state := h.attrs(h.resourceType, read.NewState)
	if state["ip"] != "2001:db8::77" || state["name"] != "imported.example.com" {
		t.Fatalf("read state = %v", state)
	}
	if id := h.attrs(h.identityType, read.NewIdentity.IdentityData)["id"]; id != rec.ID {
		t.Fatalf("read identity id = %q, want %q", id, rec.ID)
	}
}

func TestProtocol_importByIDStringSetsIdentityOnRead(t *testing.T) {
	srv := newTestFake(t)
	h := newProtocolHarness(t, srv)
	rec := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.78", Name: "by-ip.example.com"})

	imported, err := h.server.ImportResourceState(h.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: recordType, ID: "203.0.113.78"})
	if err != nil || diagsHaveError(imported.Diagnostics) || len(imported.ImportedResources) != 1 {
		t.Fatalf("ImportResourceState: %v %+v", err, imported)
	}
	got := imported.ImportedResources[0]
	read, err := h.server.ReadResource(h.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: recordType, CurrentState: got.State, CurrentIdentity: got.Identity,
	})
	if err != nil || diagsHaveError(read.Diagnostics) {
		t.Fatalf("ReadResource: %v %v", err, read.Diagnostics)
	}
	if id := h.attrs(h.identityType, read.NewIdentity.IdentityData)["id"]; id != rec.ID {
		t.Fatalf("identity id = %q, want %q", id, rec.ID)
	}
}

func TestProtocol_createReturnsIdentity(t *testing.T) {
	srv := newTestFake(t)
	h := newProtocolHarness(t, srv)
	config := h.recordValue("198.51.100.77", "created.example.com")
	prior := h.dynamic(h.resourceType, tftypes.NewValue(h.resourceType, nil))

	plan, err := h.server.PlanResourceChange(h.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: recordType, PriorState: prior, ProposedNewState: config, Config: config,
	})
	if err != nil || diagsHaveError(plan.Diagnostics) {
		t.Fatalf("PlanResourceChange: %v %v", err, plan.Diagnostics)
	}
	applied, err := h.server.ApplyResourceChange(h.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: recordType, PriorState: prior, PlannedState: plan.PlannedState, Config: config,
		PlannedIdentity: plan.PlannedIdentity,
	})
	if err != nil || diagsHaveError(applied.Diagnostics) {
		t.Fatalf("ApplyResourceChange: %v %v", err, applied.Diagnostics)
	}
	id := h.attrs(h.resourceType, applied.NewState)["id"]
	if identity := h.attrs(h.identityType, applied.NewIdentity.IdentityData)["id"]; identity == "" || identity != id {
		t.Fatalf("identity id %q, state id %q", identity, id)
	}
	if rec, ok := srv.Record(id); !ok || rec.Properties.IP != "198.51.100.77" {
		t.Fatalf("the fake does not hold the created record %s: %+v", id, srv.Records())
	}
}
