package provider

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// endpointRule is the endpoint rule as the user reads it in errors.
const endpointRule = "The endpoint must be an absolute https URL such as " + dnsapi.DefaultEndpoint +
	", without query, fragment or user info. Plain http is accepted only when the host is a loopback " +
	"address (localhost, 127.0.0.0/8 or ::1), for testing against a local fake API."

// resolveProviderConfig merges the provider block with the environment
// (read through getenv) into the API client's configuration. It is pure,
// so that precedence and validation can be tested without Terraform.
//
// The rules:
//   - A value in the provider block wins over the environment variable,
//     which wins over the shared IONOS configuration file (token and
//     endpoint only; see configFileSettings), which wins over the default.
//   - A null value, an empty string, or a string of only white space in
//     the provider block counts as unset and falls back to the
//     environment, so `token = var.token` with an empty default behaves
//     like leaving the attribute out. The same goes for the environment:
//     an empty variable is an unset one. Values are trimmed of white space.
//   - An unknown value (one that depends on a resource not yet created) is
//     an error on its attribute: the client cannot be made without it, and
//     guessing from the environment would silently use another value.
//   - token is required; endpoint defaults to dnsapi.DefaultEndpoint and
//     must pass validateEndpoint; contract_number is optional.
//   - max_retries has no environment variable. Null means no count cap
//     (the client retries until the operation's timeout); 0 disables
//     retries.
//   - max_requests_per_second has no environment variable. Null means no
//     hard cap (the client still paces itself after a 429).
//   - max_retry_wait has no environment variable either. It is a duration
//     (parseRetryWait) and becomes the client's MaxRetryAfter, the longest
//     Retry-After honoured, and caps its backoff (RetryWaitMax). Null or
//     blank means dnsapi.DefaultMaxRetryAfter.
//
// UserAgent and Log are left for the caller to fill in.
func resolveProviderConfig(m ionosdnsProviderModel, getenv func(string) string) (dnsapi.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	var cfg dnsapi.Config

	unknownCheck := []struct {
		attr    string
		unknown bool
		env     string
	}{
		{"token", m.Token.IsUnknown(), envToken},
		{"endpoint", m.Endpoint.IsUnknown(), envEndpoint},
		{"contract_number", m.ContractNumber.IsUnknown(), envContractNumber},
		{"max_retries", m.MaxRetries.IsUnknown(), ""},
		{"max_retry_wait", m.MaxRetryWait.IsUnknown(), ""},
		{"max_requests_per_second", m.MaxRate.IsUnknown(), ""},
	}
	for _, c := range unknownCheck {
		if !c.unknown {
			continue
		}
		detail := fmt.Sprintf("The provider cannot create the IONOS DNS API client because the value of %q is unknown: "+
			"it must be known at plan time. It likely depends on a resource that has not been created yet. "+
			"Set the value statically in the configuration, apply the resource it depends on first (for example with -target)", c.attr)
		if c.env != "" {
			detail += ", or use the " + c.env + " environment variable"
		}
		diags.AddAttributeError(path.Root(c.attr), "Unknown provider configuration value", detail+".")
	}
	if diags.HasError() {
		return cfg, diags
	}

	// The shared IONOS configuration file comes after the environment.
	file, fileDiags := configFileSettings(m, getenv)
	diags.Append(fileDiags...)
	if diags.HasError() {
		return cfg, diags
	}

	token, _ := configOrEnv(m.Token, getenv, envToken)
	if token == "" {
		token = file.Token
	}
	if token == "" {
		diags.AddAttributeError(path.Root("token"), "Missing IONOS DNS API token",
			"The provider cannot create the IONOS DNS API client because no API token is configured. "+
				"Set the "+envToken+" environment variable (recommended), the token attribute in the provider block, or "+
				configFileHint+".")
	}
	cfg.Token = token

	endpoint, fromEnv := configOrEnv(m.Endpoint, getenv, envEndpoint)
	fromFile := false
	if endpoint == "" && file.Endpoint != "" {
		endpoint, fromFile = file.Endpoint, true
	}
	if endpoint == "" {
		endpoint = dnsapi.DefaultEndpoint
	}
	if err := validateEndpoint(endpoint); err != nil {
		source := "The endpoint attribute"
		if fromEnv {
			source = "The " + envEndpoint + " environment variable"
		}
		if fromFile {
			source = fmt.Sprintf("The dns endpoint of profile %q in the IONOS configuration file %s", file.Profile, file.Path)
		}
		diags.AddAttributeError(path.Root("endpoint"), "Invalid IONOS DNS API endpoint",
			fmt.Sprintf("%s is %q: %s. %s", source, endpoint, err, endpointRule))
	}
	cfg.Endpoint = endpoint

	cfg.ContractNumber, _ = configOrEnv(m.ContractNumber, getenv, envContractNumber)

	if !m.MaxRetries.IsNull() {
		n := m.MaxRetries.ValueInt64()
		switch {
		case n < 0 || n > maxRetriesLimit:
			diags.AddAttributeError(path.Root("max_retries"), "Invalid max_retries",
				fmt.Sprintf("max_retries must be between 0 and %d, got %d.", maxRetriesLimit, n))
		case n == 0:
			// The client reads 0 as "its default" and a negative number
			// as "never retry".
			cfg.MaxRetries = -1
		default:
			cfg.MaxRetries = int(n)
		}
	}

	if !m.MaxRate.IsNull() {
		rate := m.MaxRate.ValueFloat64()
		if rate < minRequestsPerSecond || rate > maxRequestsPerSecond {
			diags.AddAttributeError(path.Root("max_requests_per_second"), "Invalid max_requests_per_second",
				fmt.Sprintf("max_requests_per_second must be between %g and %g, got %g.", minRequestsPerSecond, maxRequestsPerSecond, rate))
		}
		cfg.MaxRequestsPerSecond = rate
	}

	cfg.MaxRetryAfter = dnsapi.DefaultMaxRetryAfter
	if raw := strings.TrimSpace(m.MaxRetryWait.ValueString()); !m.MaxRetryWait.IsNull() && raw != "" {
		wait, err := parseRetryWait(raw)
		if err != nil {
			diags.AddAttributeError(path.Root("max_retry_wait"), "Invalid max_retry_wait", err.Error())
		} else {
			cfg.MaxRetryAfter = wait
		}
	}
	cfg.RetryWaitMax = min(dnsapi.DefaultRetryWaitMax, cfg.MaxRetryAfter)

	return cfg, diags
}

// Bounds of max_retry_wait. Below a second every Retry-After (whole
// seconds) would be refused; an hour is far beyond any operation's timeout.
const (
	minRetryWait      = time.Second
	maxRetryWaitLimit = time.Hour
)

// parseRetryWait parses max_retry_wait: a Go duration string ("30s",
// "1m30s", "2m") between minRetryWait and maxRetryWaitLimit. Its error
// quotes the value and says what is wrong with it.
func parseRetryWait(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		hint := ""
		if isDigitsOnly(raw) {
			hint = fmt.Sprintf(" (a unit is required, e.g. %q)", raw+"s")
		}
		return 0, fmt.Errorf("max_retry_wait is %q, which is not a duration%s. %s", raw, hint, retryWaitRule)
	}
	if d < minRetryWait || d > maxRetryWaitLimit {
		return 0, fmt.Errorf("max_retry_wait is %q, which is outside the allowed range. %s", raw, retryWaitRule)
	}
	return d, nil
}

// retryWaitRule is the max_retry_wait rule as the user reads it in errors.
var retryWaitRule = fmt.Sprintf("It must be a duration with a unit, such as \"30s\", \"90s\" or \"2m\", between %s and %s.",
	formatWait(minRetryWait), formatWait(maxRetryWaitLimit))

// formatWait writes a duration the way a user would type it: "60s"
// rather than "1m0s", "5m" rather than "5m0s".
func formatWait(d time.Duration) string { return dnsapi.FormatDuration(d) }

func isDigitsOnly(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// configOrEnv returns the trimmed configured value when it is set and not
// blank, else the trimmed environment variable; fromEnv tells which.
func configOrEnv(v types.String, getenv func(string) string, env string) (value string, fromEnv bool) {
	if !v.IsNull() && !v.IsUnknown() {
		if s := strings.TrimSpace(v.ValueString()); s != "" {
			return s, false
		}
	}
	s := strings.TrimSpace(getenv(env))
	return s, s != ""
}

// validateEndpoint checks an endpoint against endpointRule. Its error says
// which part of the rule failed.
func validateEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("it is not a valid URL")
	}
	if u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return errors.New("it is not an absolute URL")
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return errors.New("it carries user info, a query or a fragment")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if isLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("http is not allowed for host %q, which is not a loopback address", u.Hostname())
	default:
		return fmt.Errorf("the scheme %q is not https", u.Scheme)
	}
}

// isLoopbackHost reports whether host (without brackets or port) is
// "localhost" or a literal loopback address. Other names are not resolved:
// what a name resolves to can change, the rule must not.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || addr.Zone() != "" {
		return false
	}
	return addr.Unmap().IsLoopback()
}

// endpointRuleCheck applies validateEndpoint to a configured endpoint at
// validation time, so that a bad literal fails before any plan. A value
// from the environment is checked in Configure.
var endpointRuleCheck = stringRule{
	description:  "must be an absolute https URL; http only for a loopback host",
	summary:      "Invalid IONOS DNS API endpoint",
	blankIsUnset: true,
	check: func(raw string) error {
		if err := validateEndpoint(raw); err != nil {
			return fmt.Errorf("%q is not a usable endpoint: %w. %s", raw, err, endpointRule)
		}
		return nil
	},
}

// retryWaitCheck applies parseRetryWait at validation time, so that a bad
// max_retry_wait fails before any plan, with the attribute's path.
var retryWaitCheck = stringRule{
	description: fmt.Sprintf("must be a duration such as \"30s\" or \"2m\", between %s and %s",
		formatWait(minRetryWait), formatWait(maxRetryWaitLimit)),
	summary:      "Invalid max_retry_wait",
	blankIsUnset: true,
	check: func(raw string) error {
		_, err := parseRetryWait(raw)
		return err
	},
}
