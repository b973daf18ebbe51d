package pluginserve

// Not formatting log lines nobody reads.
//
// Terraform shows a provider's log only when TF_LOG or TF_LOG_PROVIDER is
// set; otherwise it drops every line the plugin writes. terraform-plugin-go
// and terraform-plugin-log, however, default the SDK's and the provider's
// loggers to TRACE when their own variables are unset, so every RPC still
// formats a dozen trace lines as JSON and writes them to stderr, only for
// Terraform to discard them: a third of the provider's CPU in a plan of
// 800 records (see BENCHMARKS.md). When Terraform will discard the log
// anyway, quietLogs turns those loggers off; any variable the user set
// stays as set.

// Environment variables of the log levels.
const (
	envLog         = "TF_LOG"
	envLogProvider = "TF_LOG_PROVIDER"
	// envLogSDK is the root of the SDK loggers (terraform-plugin-go's
	// protocol logs, the framework's logs); subsystems without their own
	// variable inherit its level.
	envLogSDK = "TF_LOG_SDK"
	// envLogThisProvider is the provider's own logger (and, unless
	// TF_LOG_PROVIDER_IONOSDNS_DNSAPI is set, the API client's).
	envLogThisProvider = "TF_LOG_PROVIDER_IONOSDNS"
)

// sdkSubsystems are the SDK's logging subsystems. Their output follows
// TF_LOG_SDK, but the level terraform-plugin-log caches for its "would
// this log?" check is their own variable's, and unset it lets every
// message through to the logger, which then drops it. Before dropping it,
// each message looks its logger up in the context, walking the context's
// whole chain of values. The framework makes that chain one value longer
// for every value of a resource it visits (NullifyWriteOnlyAttributes in
// v1.19.0 reassigns its captured context per value), so the lookups cost
// O(values²): 42 of the provider's 74 s of CPU importing a set of 10 000
// records (see BENCHMARKS.md). Turned off with TF_LOG_SDK, they skip the
// lookup.
var sdkSubsystems = []string{"TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"}

// quietLogs sets the SDK's (and its subsystems') and the provider's log
// levels to OFF when neither TF_LOG nor TF_LOG_PROVIDER is set, leaving
// alone any level variable that is set. It returns the variables it set.
func quietLogs(getenv func(string) string, setenv func(string, string) error) ([]string, error) {
	if getenv(envLog) != "" || getenv(envLogProvider) != "" {
		return nil, nil
	}
	names := []string{envLogSDK, envLogThisProvider}
	if getenv(envLogSDK) == "" {
		// A level the user gave TF_LOG_SDK is inherited by the subsystems:
		// only when it is turned off here are they.
		names = append(names, sdkSubsystems...)
	}
	var set []string
	for _, name := range names {
		if getenv(name) != "" {
			continue
		}
		if err := setenv(name, "OFF"); err != nil {
			return set, err
		}
		set = append(set, name)
	}
	return set, nil
}
