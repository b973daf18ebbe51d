package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// clientFromProviderData returns the client the provider's Configure made.
// ProviderData is nil while Terraform validates a configuration before the
// provider is configured; the caller then has no client yet, and must not
// need one.
func clientFromProviderData(data any, diags *diag.Diagnostics) *dnsapi.Client {
	if data == nil {
		return nil
	}
	client, ok := data.(*dnsapi.Client)
	if !ok {
		diags.AddError("Unexpected Configure Type",
			fmt.Sprintf("Expected *dnsapi.Client, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return client
}

// dataSourceClient holds the provider's client for a data source, which
// embeds it to get its Configure method.
type dataSourceClient struct {
	client *dnsapi.Client
}

func (d *dataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}
