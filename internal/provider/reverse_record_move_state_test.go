package provider

// MoveResourceState from IONOS's ionoscloud_dns_reverse_record, at the
// protocol level: what a move keeps, and what it refuses. The same moves
// through the CLI are in reverse_record_move_state_acc_test.go.

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// sdkv2Private is the private state IONOS's SDKv2 provider writes next to
// an ionoscloud_dns_reverse_record: its timeouts in nanoseconds and the
// schema version. It is not in the framework's format, and must be ignored.
const sdkv2Private = `{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":600000000000,"delete":600000000000,"update":600000000000},"schema_version":"0"}`

const ionosCloudAddress = "registry.terraform.io/ionos-cloud/ionoscloud"

// moveRequest is a MoveResourceState request from ionoscloud_dns_reverse_record
// with the given raw state JSON; callers change the other fields.
func moveRequest(stateJSON string) *tfprotov6.MoveResourceStateRequest {
	return &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: ionosCloudAddress,
		SourceTypeName:        ionosCloudResourceType,
		SourceSchemaVersion:   0,
		SourceState:           &tfprotov6.RawState{JSON: []byte(stateJSON)},
		SourcePrivate:         []byte(sdkv2Private),
		TargetTypeName:        recordType,
	}
}

// fields decodes a resource state into its attributes.
func (h *protocolHarness) fields(dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	h.t.Helper()
	v, err := dv.Unmarshal(h.resourceType)
	if err != nil {
		h.t.Fatal(err)
	}
	var fields map[string]tftypes.Value
	if err := v.As(&fields); err != nil {
		h.t.Fatal(err)
	}
	return fields
}

// nullAttrs returns the names of the null attributes of a state.
func (h *protocolHarness) nullAttrs(dv *tfprotov6.DynamicValue) []string {
	h.t.Helper()
	var null []string
	for name, f := range h.fields(dv) {
		if f.IsNull() {
			null = append(null, name)
		}
	}
	return null
}

func TestMoveState_fromIonosCloud(t *testing.T) {
	const id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
	tests := []struct {
		name     string
		address  string
		state    string
		want     map[string]string
		wantNull []string
		timeouts map[string]string
	}{
		{
			name:    "no description, no timeouts",
			address: ionosCloudAddress,
			state:   `{"description":"","id":"` + id + `","ip":"203.0.113.10","name":"web.example.com","timeouts":null}`,
			want:    map[string]string{"id": id, "ip": "203.0.113.10", "name": "web.example.com"},
			// "" becomes null: the resource's description is optional, unset is null.
			wantNull: []string{"created_date", "description", "last_modified_date", "timeouts"},
		},
		{
			name:    "from the OpenTofu registry, IPv6 in another notation, description and timeouts",
			address: "registry.opentofu.org/ionos-cloud/ionoscloud",
			state: `{"description":"the web server","id":"` + id + `","ip":"2001:DB8:0:0::10","name":"Web.Example.com.",` +
				`"timeouts":{"create":"10m","default":"20m","delete":null,"update":"7m"}}`,
			want:     map[string]string{"id": id, "ip": "2001:DB8:0:0::10", "name": "Web.Example.com.", "description": "the web server"},
			wantNull: []string{"created_date", "last_modified_date"},
			timeouts: map[string]string{"create": "10m", "update": "7m"},
		},
		{
			name:     "from a mirror",
			address:  "terraform.mirror.example.com:8443/ionos-cloud/ionoscloud",
			state:    `{"description":"","id":"` + id + `","ip":"198.51.100.1","name":"mirror.example.com","timeouts":null}`,
			want:     map[string]string{"id": id, "ip": "198.51.100.1", "name": "mirror.example.com"},
			wantNull: []string{"created_date", "description", "last_modified_date", "timeouts"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newProtocolHarness(t, newTestFake(t))
			req := moveRequest(tt.state)
			req.SourceProviderAddress = tt.address
			resp, err := h.server.MoveResourceState(h.ctx, req)
			if err != nil || len(resp.Diagnostics) != 0 {
				t.Fatalf("MoveResourceState: %v %+v", err, diagStrings(resp.Diagnostics))
			}
			got := h.attrs(h.resourceType, resp.TargetState)
			for name, want := range tt.want {
				if got[name] != want {
					t.Errorf("%s = %q, want %q", name, got[name], want)
				}
			}
			if null := strings.Join(slices.Sorted(slices.Values(h.nullAttrs(resp.TargetState))), ","); null != strings.Join(tt.wantNull, ",") {
				t.Errorf("null attributes %s, want %s", null, strings.Join(tt.wantNull, ","))
			}
			if tt.timeouts != nil {
				gotTimeouts := h.timeouts(resp.TargetState)
				if fmt.Sprint(gotTimeouts) != fmt.Sprint(tt.timeouts) {
					t.Errorf("timeouts %v, want %v", gotTimeouts, tt.timeouts)
				}
			}
			if resp.TargetIdentity == nil {
				t.Fatal("no target identity")
			}
			if identity := h.attrs(h.identityType, resp.TargetIdentity.IdentityData)["id"]; identity != id {
				t.Errorf("identity id %q, want %q", identity, id)
			}
			if strings.Contains(string(resp.TargetPrivate), sdkv2TimeoutsKey) {
				t.Errorf("SDKv2 private state carried over: %s", resp.TargetPrivate)
			}
		})
	}
}

// timeouts returns the timeouts block's set values of a state.
func (h *protocolHarness) timeouts(dv *tfprotov6.DynamicValue) map[string]string {
	h.t.Helper()
	var block map[string]tftypes.Value
	if err := h.fields(dv)["timeouts"].As(&block); err != nil {
		h.t.Fatal(err)
	}
	out := map[string]string{}
	for name, f := range block {
		if !f.IsNull() {
			var s string
			if err := f.As(&s); err != nil {
				h.t.Fatal(err)
			}
			out[name] = s
		}
	}
	return out
}

// TestMoveState_refreshAfterMove: the refresh after a move reads the
// record by the kept id and fills the dates, changing nothing else.
func TestMoveState_refreshAfterMove(t *testing.T) {
	srv := newTestFake(t)
	h := newProtocolHarness(t, srv)
	rec := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.20", Name: "moved.example.com"})
	moved, err := h.server.MoveResourceState(h.ctx, moveRequest(
		`{"description":"","id":"`+rec.ID+`","ip":"203.0.113.20","name":"moved.example.com","timeouts":null}`))
	if err != nil || len(moved.Diagnostics) != 0 {
		t.Fatalf("MoveResourceState: %v %+v", err, diagStrings(moved.Diagnostics))
	}
	srv.ResetRequests()
	read, err := h.server.ReadResource(h.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: recordType, CurrentState: moved.TargetState, CurrentIdentity: moved.TargetIdentity,
	})
	if err != nil || diagsHaveError(read.Diagnostics) {
		t.Fatalf("ReadResource: %v %v", err, read.Diagnostics)
	}
	state := h.attrs(h.resourceType, read.NewState)
	if state["id"] != rec.ID || state["ip"] != "203.0.113.20" || state["name"] != "moved.example.com" ||
		state["created_date"] == "" || state["last_modified_date"] == "" {
		t.Fatalf("refreshed state %v", state)
	}
	if w := srv.WriteRequests(); w != 0 {
		t.Fatalf("the refresh after a move wrote %d times", w)
	}
}

func TestMoveState_refusals(t *testing.T) {
	const id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
	good := `{"description":"","id":"` + id + `","ip":"203.0.113.10","name":"web.example.com","timeouts":null}`
	tests := []struct {
		name   string
		change func(*tfprotov6.MoveResourceStateRequest)
		want   []string // substrings of the error's summary and detail
	}{
		{"another resource type", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceTypeName, r.SourceProviderAddress = "aws_route53_record", "registry.terraform.io/hashicorp/aws"
		}, []string{"Unsupported move source", moveSourceSupported, "aws_route53_record"}},
		{"another IONOS resource type", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceTypeName = "ionoscloud_dns_record"
		}, []string{"Unsupported move source", moveSourceSupported, "ionoscloud_dns_record"}},
		{"the same type name from another provider", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceProviderAddress = "registry.terraform.io/someone/ionoscloud"
		}, []string{"Unsupported move source", moveSourceSupported, "someone/ionoscloud"}},
		{"a provider address without host", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceProviderAddress = "ionos-cloud/ionoscloud"
		}, []string{"Unsupported move source", moveSourceSupported}},
		{"another schema version", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceSchemaVersion = 1
		}, []string{"Unsupported move source", "schema version is 1"}},
		{"no id", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceState.JSON = []byte(`{"description":"","ip":"203.0.113.10","name":"web.example.com","timeouts":null}`)
		}, []string{"Invalid move source state", "has no id"}},
		{"an empty id", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceState.JSON = []byte(strings.Replace(good, id, "", 1))
		}, []string{"Invalid move source state", "has no id"}},
		{"an invalid IP", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceState.JSON = []byte(strings.Replace(good, "203.0.113.10", "203.0.113.10/24", 1))
		}, []string{"Invalid move source state", "invalid ip", "203.0.113.10/24"}},
		{"no IP", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceState.JSON = []byte(strings.Replace(good, `"ip":"203.0.113.10",`, "", 1))
		}, []string{"Invalid move source state", "invalid ip"}},
		{"not JSON", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceState.JSON = []byte(`{"id":`)
		}, []string{"Invalid move source state", "could not be decoded"}},
		{"no JSON state (flatmap only)", func(r *tfprotov6.MoveResourceStateRequest) {
			r.SourceState = &tfprotov6.RawState{Flatmap: map[string]string{"id": id}}
		}, []string{"Invalid move source state", "no JSON form"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestFake(t)
			h := newProtocolHarness(t, srv)
			req := moveRequest(good)
			tt.change(req)
			resp, err := h.server.MoveResourceState(h.ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if !diagsHaveError(resp.Diagnostics) {
				t.Fatalf("moved, want a refusal; state %v", resp.TargetState)
			}
			text := strings.Join(diagStrings(resp.Diagnostics), "\n")
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("diagnostics %q do not contain %q", text, want)
				}
			}
			if resp.TargetState != nil {
				if v, err := resp.TargetState.Unmarshal(h.resourceType); err == nil && !v.IsNull() {
					t.Errorf("a refusal returned a state: %v", v)
				}
			}
			if n := len(srv.Requests()); n != 0 {
				t.Errorf("a refused move made %d API requests", n)
			}
		})
	}
}

func diagStrings(diags []*tfprotov6.Diagnostic) []string {
	out := make([]string, len(diags))
	for i, d := range diags {
		out[i] = d.Summary + ": " + d.Detail
	}
	return out
}
