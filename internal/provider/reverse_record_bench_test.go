package provider

// Go benchmarks of the resource's request paths, through the provider's
// protocol 6 server (what Terraform's gRPC calls reach, minus gRPC)
// against the fake API over loopback HTTP with no added latency. They
// report allocations, and the API requests per operation.

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

const benchResourceType = "ionosdns_reverse_record"

// benchServer is a configured provider server and the fake it talks to.
type benchServer struct {
	srv    tfprotov6.ProviderServer
	fake   *dnsapitest.Server
	stateT tftypes.Object
}

func newBenchServer(b *testing.B) *benchServer {
	b.Helper()
	ctx := context.Background()
	fake := dnsapitest.NewServer(b, dnsapitest.Options{DisableConformance: true})
	srv, err := providerserver.NewProtocol6WithError(New("bench")())()
	if err != nil {
		b.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || benchHasError(schemas.Diagnostics) {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	providerT := schemas.Provider.ValueType().(tftypes.Object)
	config := benchObject(b, providerT, map[string]tftypes.Value{
		"token":    tftypes.NewValue(tftypes.String, testAccToken),
		"endpoint": tftypes.NewValue(tftypes.String, fake.URL),
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: config})
	if err != nil || benchHasError(resp.Diagnostics) {
		b.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
	}
	rs, ok := schemas.ResourceSchemas[benchResourceType]
	if !ok {
		b.Fatalf("no %s in the schema", benchResourceType)
	}
	return &benchServer{srv: srv, fake: fake, stateT: rs.ValueType().(tftypes.Object)}
}

// benchObject is a value of typ with the given attributes, the others null.
func benchObject(b *testing.B, typ tftypes.Object, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(t, nil)
	}
	for name, v := range attrs {
		if _, ok := typ.AttributeTypes[name]; !ok {
			b.Fatalf("no attribute %q in %s", name, typ)
		}
		vals[name] = v
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

func benchHasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func benchStr(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// BenchmarkReverseRecordRead is the refresh of one record: ReadResource,
// which decodes the state, GETs the record and encodes the new state.
func BenchmarkReverseRecordRead(b *testing.B) {
	bs := newBenchServer(b)
	rec := bs.fake.Seed(1)[0]
	state := benchObject(b, bs.stateT, map[string]tftypes.Value{
		"id": benchStr(rec.ID), "ip": benchStr(rec.Properties.IP), "name": benchStr(rec.Properties.Name),
		"created_date": benchStr("2024-01-01T00:00:00Z"), "last_modified_date": benchStr("2024-01-01T00:00:00Z"),
	})
	ctx := context.Background()
	bs.fake.ResetRequests()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := bs.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: benchResourceType, CurrentState: state})
		if err != nil || benchHasError(resp.Diagnostics) || resp.NewState == nil {
			b.Fatalf("ReadResource: %v %v", err, resp.Diagnostics)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(bs.fake.Requests()))/float64(b.N), "requests/op")
}

// BenchmarkReverseRecordCreate is the apply of one new record:
// ApplyResourceChange from null to the planned state (one PUT).
func BenchmarkReverseRecordCreate(b *testing.B) {
	bs := newBenchServer(b)
	ctx := context.Background()
	nullState, err := tfprotov6.NewDynamicValue(bs.stateT, tftypes.NewValue(bs.stateT, nil))
	if err != nil {
		b.Fatal(err)
	}
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	i := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		i++
		ip, name := fmt.Sprintf("2001:db8::%x", i), fmt.Sprintf("host-%d.example.com", i)
		config := benchObject(b, bs.stateT, map[string]tftypes.Value{"ip": benchStr(ip), "name": benchStr(name)})
		planned := benchObject(b, bs.stateT, map[string]tftypes.Value{
			"ip": benchStr(ip), "name": benchStr(name), "id": unknown, "created_date": unknown, "last_modified_date": unknown,
		})
		resp, err := bs.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: benchResourceType, PriorState: &nullState, PlannedState: planned, Config: config,
		})
		if err != nil || benchHasError(resp.Diagnostics) || resp.NewState == nil {
			b.Fatalf("ApplyResourceChange: %v %v", err, resp.Diagnostics)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(bs.fake.Requests()))/float64(b.N), "requests/op")
}
