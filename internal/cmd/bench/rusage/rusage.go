// Package rusage is what the plugin wrapper (plugwrap) records about one
// provider process, and the benchmark reads back: one type for both ends.
package rusage

// Usage is one provider process's resource usage, written by plugwrap as
// JSON into the benchmark's rusage directory.
type Usage struct {
	PID        int     `json:"pid"`
	UserSecs   float64 `json:"userSecs"`
	SysSecs    float64 `json:"sysSecs"`
	MaxRSSKiB  int64   `json:"maxRssKiB"`
	WallSecs   float64 `json:"wallSecs"`
	ExitCode   int     `json:"exitCode"`
	StartedAt  string  `json:"startedAt"`
	ChildError string  `json:"childError,omitempty"`
}
