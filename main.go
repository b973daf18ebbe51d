// Command terraform-provider-ionosdns is the Terraform provider for IONOS
// Cloud DNS reverse (PTR) records.
//
// For profiling, IONOSDNS_CPUPROFILE=FILE makes the process write a CPU
// profile (go tool pprof) of its whole life to FILE; "%p" in FILE is
// replaced by the process id, since Terraform may start the provider more
// than once per command. make bench uses it with -pprof.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/pluginserve"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// cpuProfileEnv names the file of the optional CPU profile.
const cpuProfileEnv = "IONOSDNS_CPUPROFILE"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	stopProfile := startCPUProfile(os.Getenv(cpuProfileEnv))

	// pluginserve.Serve is providerserver.Serve (protocol 6) with two fixes
	// for large configurations; see its package comment.
	err := pluginserve.Serve("registry.terraform.io/ionosdns/ionosdns", provider.New(version), debug)
	stopProfile()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// startCPUProfile starts a CPU profile into path, if path is set, and
// returns what stops it. A profile that cannot be started is reported on
// stderr (the provider's log) and does not stop the provider.
func startCPUProfile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	path = strings.ReplaceAll(path, "%p", strconv.Itoa(os.Getpid()))
	f, err := os.Create(path) //nolint:gosec // G304: the profile path comes from the developer's own environment
	if err != nil {
		log.Printf("%s: %v", cpuProfileEnv, err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Printf("%s: %v", cpuProfileEnv, err)
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			log.Printf("%s: %v", cpuProfileEnv, err)
		}
	}
}
