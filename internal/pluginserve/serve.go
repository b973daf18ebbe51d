// Package pluginserve serves the provider over Terraform's plugin
// protocol 6, as providerserver.Serve does, with two fixes for what a
// large configuration costs the provider process:
//
//   - the framework keeps every finished RPC's context, and with it tens
//     of kilobytes, until the process ends: the per-resource RPCs get a
//     context that lets go of all that when they return (detach.go);
//   - the SDK formats trace logs that Terraform discards unless TF_LOG or
//     TF_LOG_PROVIDER is set: then they are turned off (logs.go).
package pluginserve

import (
	"os"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Serve serves the provider made by newProvider at address until Terraform
// stops it. With debug, it runs in managed debug mode (for delve), as
// providerserver.ServeOpts.Debug does.
func Serve(address string, newProvider func() provider.Provider, debug bool) error {
	if _, err := quietLogs(os.Getenv, os.Setenv); err != nil {
		return err
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, func() tfprotov6.ProviderServer {
		return detachRPCs(providerserver.NewProtocol6(newProvider())())
	}, opts...)
}
