// Package provider implements the ionosdns Terraform provider.
package provider

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// Ensure the implementation satisfies the expected interfaces.
var (
	_ provider.Provider                  = &ionosdnsProvider{}
	_ provider.ProviderWithListResources = &ionosdnsProvider{}
	_ provider.ProviderWithFunctions     = &ionosdnsProvider{}
)

// Environment variables the provider reads when the matching attribute is
// not set in the provider block.
const (
	envToken          = "IONOS_TOKEN"
	envEndpoint       = "IONOS_API_URL_DNS"
	envContractNumber = "IONOS_CONTRACT_NUMBER"
)

// maxRetriesLimit is the largest accepted max_retries.
const maxRetriesLimit = 100

// Bounds of max_requests_per_second: one request every ten seconds is
// already slower than any contract's limit; ten thousand a second faster.
const (
	minRequestsPerSecond = 0.1
	maxRequestsPerSecond = 10000.0
)

// ionosdnsProvider is the provider implementation.
type ionosdnsProvider struct {
	// version is "dev" for local builds, "test" in acceptance tests and
	// the release version otherwise. It goes into the User-Agent.
	version string
}

// ionosdnsProviderModel maps the provider schema data.
type ionosdnsProviderModel struct {
	Token          types.String  `tfsdk:"token"`
	Endpoint       types.String  `tfsdk:"endpoint"`
	ContractNumber types.String  `tfsdk:"contract_number"`
	MaxRetries     types.Int64   `tfsdk:"max_retries"`
	MaxRetryWait   types.String  `tfsdk:"max_retry_wait"`
	MaxRate        types.Float64 `tfsdk:"max_requests_per_second"`
}

// New returns a constructor for the provider, as providerserver.Serve wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &ionosdnsProvider{version: version}
	}
}

// Metadata returns the provider type name and version.
func (p *ionosdnsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "ionosdns"
	resp.Version = p.version
}

// Schema defines the provider-level configuration.
func (p *ionosdnsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages reverse DNS (PTR) records in IONOS Cloud DNS.",
		MarkdownDescription: "Manages reverse DNS (PTR) records in [IONOS Cloud DNS](https://docs.ionos.com/cloud/network-services/cloud-dns).\n\n" +
			"Every attribute can also be set through an environment variable; a value in the provider block takes " +
			"precedence over the environment, and an empty string in the provider block counts as unset.",
		Attributes: map[string]schema.Attribute{
			"token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "IONOS Cloud API token, sent as a bearer token to the DNS API. " +
					"May instead be set with the `" + envToken + "` environment variable, which is the recommended way: " +
					"a token written in the configuration ends up in version control and plan files. " +
					"Failing both, the token of the current profile of the IONOS configuration file shared with `ionosctl` and the SDKs " +
					"is used (`IONOS_CONFIG_FILE`, default `~/.ionos/config`; profile `IONOS_CURRENT_PROFILE`). " +
					"Required: configuration fails when none of them gives a token. " +
					"The token is never written to logs.",
			},
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of the IONOS Cloud DNS API. " +
					"May instead be set with the `" + envEndpoint + "` environment variable, or else by the `dns` product endpoint " +
					"of the current profile's environment in the IONOS configuration file. " +
					"Defaults to `" + dnsapi.DefaultEndpoint + "`. " +
					"The global `IONOS_API_URL` variable is deliberately not read: it points at the IONOS Cloud API, " +
					"not at the DNS API. " +
					"Must be an absolute `https` URL without query, fragment or user info; plain `http` is accepted only " +
					"for a loopback host (`localhost`, `127.0.0.0/8`, `::1`), for local testing against a fake API.",
				Validators: []validator.String{endpointRuleCheck},
			},
			"contract_number": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "IONOS contract number, sent as the `X-Contract-Number` header. " +
					"Only needed by users with access to several contracts. " +
					"May instead be set with the `" + envContractNumber + "` environment variable. " +
					"Not sent when unset.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("An optional cap on how many times a failed API request may be repeated after its first attempt, "+
					"between 0 and %d; `0` disables retries. "+
					"Unset (the default) means no count limit: a request is retried until the operation's timeout runs out "+
					"(the resource's `timeouts`, default %s; %s for data sources and imports by IP), "+
					"so that an outage of a few minutes or a burst of errors is ridden out. "+
					"Only answers that say the work was not done (429, 503) are retried for every request, "+
					"other server errors and network failures only for idempotent requests (every request the provider makes), "+
					"and other 4xx answers never; waits grow exponentially with jitter, are capped by `max_retry_wait`, and honour `Retry-After`. "+
					"Has no environment variable.", maxRetriesLimit, formatWait(defaultCreateTimeout), formatWait(dataSourceReadTimeout)),
				Validators: []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
			"max_requests_per_second": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("A hard cap on the rate of API requests of this provider, retries included, "+
					"for users who know their contract's rate limit: requests are spaced evenly at this rate from the first one, "+
					"so the limit is never hit. Between %g and %g, for example `20`. "+
					"Unset (the default), the provider sends as fast as Terraform asks until the API answers 429 Too Many Requests; "+
					"from then on every request of the provider waits out the `Retry-After`, and the provider paces itself "+
					"just below the rate the API admits, probing upwards from time to time. "+
					"Has no environment variable.", minRequestsPerSecond, maxRequestsPerSecond),
				Validators: []validator.Float64{float64validator.Between(minRequestsPerSecond, maxRequestsPerSecond)},
			},
			"max_retry_wait": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("The longest the provider waits before repeating a failed API request, "+
					"as a duration with a unit, such as `\"30s\"`, `\"1m30s\"` or `\"2m\"`, between `%s` and `%s`. Defaults to `%s`. "+
					"When the API answers 429 or 503 with a `Retry-After` longer than this, the request fails at once "+
					"with an error naming `max_retry_wait`, instead of blocking for that long; a shorter `Retry-After` is honoured. "+
					"The exponential backoff between other retries (from %s, doubling, at most %s) is capped at this value too. "+
					"The whole operation stays bounded by the resource's `timeouts`. "+
					"Has no environment variable.",
					formatWait(minRetryWait), formatWait(maxRetryWaitLimit), formatWait(dnsapi.DefaultMaxRetryAfter),
					formatWait(dnsapi.DefaultRetryWaitMin), formatWait(dnsapi.DefaultRetryWaitMax)),
				Validators: []validator.String{retryWaitCheck},
			},
		},
	}
}

// Configure resolves the configuration against the environment and makes
// the one API client that every resource and data source of this provider
// instance shares.
func (p *ionosdnsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model ionosdnsProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}

	cfg, diags := resolveProviderConfig(model, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgent = userAgent(p.version, req.TerraformVersion)
	if clientLogsOn(os.Getenv) {
		cfg.Log = clientLogFunc(cfg.Token)
	}

	ctx = tflog.MaskAllFieldValuesStrings(ctx, cfg.Token)
	ctx = tflog.MaskMessageStrings(ctx, cfg.Token)
	tflog.Debug(ctx, "Creating IONOS DNS API client", map[string]any{
		"endpoint":        cfg.Endpoint,
		"contract_number": cfg.ContractNumber,
		"max_retries":     cfg.MaxRetries,
		"max_retry_wait":  cfg.MaxRetryAfter.String(),
		"max_rps":         cfg.MaxRequestsPerSecond,
		"user_agent":      cfg.UserAgent,
	})

	client, err := dnsapi.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError(
			"Unable to create IONOS DNS API client",
			"An unexpected error occurred when creating the IONOS DNS API client: "+err.Error(),
		)
		return
	}

	resp.ResourceData = client
	resp.DataSourceData = client
	resp.ListResourceData = client
}

// Resources defines the resources implemented in the provider.
func (p *ionosdnsProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewReverseRecordResource,
		NewReverseRecordSetResource,
	}
}

// DataSources defines the data sources implemented in the provider.
func (p *ionosdnsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewReverseRecordDataSource,
		NewReverseRecordsDataSource,
	}
}

// Functions defines the provider-defined functions (Terraform 1.8+,
// OpenTofu 1.7+). They need no configuration: Terraform calls them on an
// unconfigured provider.
func (p *ionosdnsProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewPtrNameFunction,
		NewCanonicalIPFunction,
		NewIPLabelFunction,
	}
}

// userAgent is the User-Agent the client sends.
func userAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-ionosdns/%s (+https://registry.terraform.io/providers/ionosdns/ionosdns) Terraform/%s",
		providerVersion, terraformVersion)
}

// logSubsystem is the tflog subsystem of the API client's log lines. Its
// level can be set apart from the provider's with
// TF_LOG_PROVIDER_IONOSDNS_DNSAPI (for example to TRACE or OFF).
const logSubsystem = "dnsapi"

// logLevelEnvPrefix and logSubsystem make TF_LOG_PROVIDER_IONOSDNS_DNSAPI.
const logLevelEnvPrefix = "TF_LOG_PROVIDER_IONOSDNS"

// clientLogsOn reports whether the API client's log subsystem can write
// anything. When both its level and the provider's (which it inherits
// unless its own is set) are OFF, as pluginserve sets them when Terraform
// discards the log anyway, the client gets no LogFunc at all: building the
// subsystem for each line only to drop it was a third of the CPU of every
// request (BENCHMARKS.md, the set's apply).
func clientLogsOn(getenv func(string) string) bool {
	off := func(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "OFF") }
	own := getenv(logLevelEnvPrefix + "_" + strings.ToUpper(logSubsystem))
	if own != "" {
		return !off(own)
	}
	return !off(getenv(logLevelEnvPrefix))
}

// clientLogFunc returns the client's LogFunc: it writes to the "dnsapi"
// tflog subsystem, with the token masked.
//
// The client hands it the context of the request, which is the context of
// the CRUD call that made the request, not the one Configure had: a
// subsystem or mask set up in Configure is not on it. So the subsystem and
// the masks are added to the context of every line. Without a root
// provider logger on the context (plain unit tests) this is a no-op.
func clientLogFunc(token string) dnsapi.LogFunc {
	return func(ctx context.Context, msg string, fields map[string]any) {
		ctx = tflog.NewSubsystem(ctx, logSubsystem,
			tflog.WithLevelFromEnv(logLevelEnvPrefix, logSubsystem),
			tflog.WithRootFields(),
		)
		if token != "" {
			ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, token)
			ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, token)
		}
		tflog.SubsystemDebug(ctx, logSubsystem, msg, fields)
	}
}
