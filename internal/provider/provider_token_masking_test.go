package provider

// The token stays out of what the provider says about its configuration:
// not in the error on a refused endpoint, not in the client's log lines
// (which go to the dnsapi subsystem with the token masked).

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// An endpoint refused for its scheme is an error on the endpoint that
// names the endpoint, and neither it nor any other diagnostic echoes the
// token.
func TestResolveProviderConfig_InvalidEndpointDoesNotEchoToken(t *testing.T) {
	t.Parallel()
	const token = "s3cret-token"
	m := ionosdnsProviderModel{
		Token:          str(token),
		Endpoint:       str("http://example.com"),
		ContractNumber: types.StringNull(),
		MaxRetries:     types.Int64Null(),
		MaxRetryWait:   types.StringNull(),
	}
	cfg, diags := resolveProviderConfig(m, envMap(nil))
	errs := diags.Errors()
	if len(errs) != 1 {
		t.Fatalf("want exactly one error (the endpoint's), got %v", diags)
	}
	pd, ok := errs[0].(diag.DiagnosticWithPath)
	if !ok || !pd.Path().Equal(path.Root("endpoint")) || errs[0].Summary() != "Invalid IONOS DNS API endpoint" ||
		!strings.Contains(errs[0].Detail(), `"http://example.com"`) {
		t.Fatalf("error %q: %q is not the endpoint's error naming the endpoint", errs[0].Summary(), errs[0].Detail())
	}
	for _, d := range diags {
		if strings.Contains(d.Summary()+d.Detail(), token) {
			t.Fatalf("diagnostic leaks the token: %v", d)
		}
	}
	if cfg.Token != token {
		t.Fatalf("Token = %q, want the configured token", cfg.Token)
	}
	got := resolvedFields(cfg)
	got.Token = ""
	if strings.Contains(fmt.Sprintf("%+v", got), token) {
		t.Fatalf("the token is outside Token: %+v", got)
	}
}

// The client's log lines go to the "dnsapi" subsystem with the token
// masked, whatever context the client hands over.
func TestClientLogFunc_SubsystemAndMasking(t *testing.T) {
	t.Setenv("TF_LOG_PROVIDER_IONOSDNS_DNSAPI", "")
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	ctx = tflog.SetField(ctx, "tf_req_id", "req-1")

	const token = "s3cret-token"
	logf := clientLogFunc(token)
	logf(ctx, "API request with "+token, map[string]any{
		"method": "GET",
		"error":  "something echoed Bearer " + token,
	})

	out := buf.String()
	if strings.Contains(out, token) {
		t.Fatalf("log output leaks the token: %s", out)
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("want one log entry, got %d: %s", len(entries), out)
	}
	e := entries[0]
	if e["@module"] != "provider.dnsapi" {
		t.Errorf("@module = %v, want provider.dnsapi", e["@module"])
	}
	if e["@level"] != "debug" {
		t.Errorf("@level = %v, want debug", e["@level"])
	}
	if e["method"] != "GET" {
		t.Errorf("method field = %v, want GET", e["method"])
	}
	if e["tf_req_id"] != "req-1" {
		t.Errorf("root field tf_req_id = %v, want req-1", e["tf_req_id"])
	}
	if msg, _ := e["@message"].(string); !strings.Contains(msg, "***") {
		t.Errorf("message %q is not masked", msg)
	}

	// Without a root logger (plain contexts) it must not panic.
	logf(context.Background(), "no logger", nil)
}

// TestClientLogsOn: the client gets no LogFunc only when nothing could
// show its lines: its own level OFF, or unset while the provider's is OFF
// (as pluginserve sets it when Terraform discards the log).
func TestClientLogsOn(t *testing.T) {
	for _, tc := range []struct {
		provider, client string
		want             bool
	}{
		{"", "", true},     // the defaults: terraform-plugin-log's TRACE
		{"OFF", "", false}, // pluginserve's quiet logs
		{"off", "", false}, // case does not matter
		{"OFF", "DEBUG", true},
		{"DEBUG", "OFF", false},
		{"", "OFF", false},
		{"TRACE", "", true},
	} {
		env := map[string]string{"TF_LOG_PROVIDER_IONOSDNS": tc.provider, "TF_LOG_PROVIDER_IONOSDNS_DNSAPI": tc.client}
		if got := clientLogsOn(func(k string) string { return env[k] }); got != tc.want {
			t.Errorf("provider %q, client %q: clientLogsOn = %v, want %v", tc.provider, tc.client, got, tc.want)
		}
	}
}
