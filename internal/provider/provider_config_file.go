package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/ionosconfig"
)

// configFileHint tells the user, in errors, where the shared IONOS
// configuration file is and how its profile is chosen.
const configFileHint = "the token of the current profile in the IONOS configuration file shared with ionosctl and the IONOS SDKs " +
	"(" + ionosconfig.EnvConfigFile + ", default ~/.ionos/config; profile from " + ionosconfig.EnvCurrentProfile +
	" or the file's currentProfile)"

// configFileSettings reads the shared IONOS configuration file (see package
// ionosconfig) when the provider block and the environment leave the token
// or the endpoint unset, the only values the file can supply. Otherwise, or
// when there is no file, the settings are empty. An unreadable or malformed
// file, or a profile it does not hold, is an error naming the file; no
// error contains the token.
func configFileSettings(m ionosdnsProviderModel, getenv func(string) string) (ionosconfig.Settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	token, _ := configOrEnv(m.Token, getenv, envToken)
	endpoint, _ := configOrEnv(m.Endpoint, getenv, envEndpoint)
	if token != "" && endpoint != "" {
		return ionosconfig.Settings{}, diags
	}
	s, err := ionosconfig.FromEnv(getenv)
	if err != nil {
		diags.AddError("Invalid IONOS configuration file",
			err.Error()+". The provider reads this file for the token or the endpoint because neither the provider block "+
				"nor the environment ("+envToken+", "+envEndpoint+") sets them. Fix the file, point "+ionosconfig.EnvConfigFile+
				" at another one, or set the token and endpoint in the provider block or the environment.")
		return ionosconfig.Settings{}, diags
	}
	s.Token = strings.TrimSpace(s.Token)
	s.Endpoint = strings.TrimSpace(s.Endpoint)
	return s, diags
}
