package pluginserve

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider"
)

// StopProvider (Ctrl-C) while a create's PUT is in flight: the framework
// cancels the create's context, yet the create awaits the answer and
// reports the record, so that Terraform saves its id. Driven at the
// protocol level, through the same wrapper Serve uses.
func TestStopProviderAwaitsTheCreateInFlight(t *testing.T) {
	srv := dnsapitest.NewServer(t, dnsapitest.Options{})
	srv.SetAnswerLatency(500 * time.Millisecond)
	s := detachRPCs(providerserver.NewProtocol6(provider.New("test")())())
	ctx := context.Background()

	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerType := schemas.Provider.ValueType().(tftypes.Object)
	cfg := map[string]tftypes.Value{}
	for name, typ := range providerType.AttributeTypes {
		cfg[name] = tftypes.NewValue(typ, nil)
	}
	cfg["endpoint"] = tftypes.NewValue(tftypes.String, srv.URL)
	cfg["token"] = tftypes.NewValue(tftypes.String, dnsapitest.DefaultToken)
	pcfg, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, cfg))
	if err != nil {
		t.Fatal(err)
	}
	confResp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &pcfg})
	if err != nil || hasError(confResp.Diagnostics) {
		t.Fatalf("configure: %v %v", err, confResp.Diagnostics)
	}

	recordType := schemas.ResourceSchemas["ionosdns_reverse_record"].ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, typ := range recordType.AttributeTypes {
		vals[name] = tftypes.NewValue(typ, nil)
	}
	vals["ip"] = tftypes.NewValue(tftypes.String, "203.0.113.44")
	vals["name"] = tftypes.NewValue(tftypes.String, "stop.example.com")
	config, _ := tfprotov6.NewDynamicValue(recordType, tftypes.NewValue(recordType, vals))
	for _, computed := range []string{"id", "created_date", "last_modified_date"} {
		vals[computed] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	}
	planned, _ := tfprotov6.NewDynamicValue(recordType, tftypes.NewValue(recordType, vals))
	prior, _ := tfprotov6.NewDynamicValue(recordType, tftypes.NewValue(recordType, nil))

	type result struct {
		resp *tfprotov6.ApplyResourceChangeResponse
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: "ionosdns_reverse_record", PriorState: &prior, PlannedState: &planned, Config: &config,
		})
		done <- result{resp, err}
	}()
	// Stop once the record exists: its PUT was processed, its answer is
	// on the way.
	for range 5000 {
		if _, ok := srv.RecordByIP("203.0.113.44"); ok {
			break
		}
		time.Sleep(time.Millisecond)
	}
	stored, ok := srv.RecordByIP("203.0.113.44")
	if !ok {
		t.Fatal("the create's PUT never reached the fake")
	}
	if _, err := s.StopProvider(ctx, &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the create did not return after StopProvider")
	}
	if r.err != nil || hasError(r.resp.Diagnostics) {
		t.Fatalf("the create failed after the stop: %v %v", r.err, diagSummaries(r.resp))
	}
	newState, err := r.resp.NewState.Unmarshal(recordType)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := newState.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var id string
	if err := attrs["id"].As(&id); err != nil || id != stored.ID {
		t.Fatalf("the new state's id is %q (%v); the fake stored %s", id, err, stored.ID)
	}
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagSummaries(resp *tfprotov6.ApplyResourceChangeResponse) []string {
	var out []string
	if resp != nil {
		for _, d := range resp.Diagnostics {
			out = append(out, d.Summary+": "+d.Detail)
		}
	}
	return out
}
