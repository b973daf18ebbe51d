package pluginserve

// Bounding the memory a long Terraform run costs the provider process.
//
// terraform-plugin-framework (v1.19.0, internal/proto6server) registers the
// context of every RPC it serves, keeping its cancel function in a slice
// until StopProvider, which Terraform calls only on interrupt. A finished
// RPC's context thus stays reachable for the life of the process, and with
// it everything the context chain holds: terraform-plugin-go's per-RPC
// logger options (copied for every field it sets) and the gRPC stream.
// That is some 50 KB per resource in a plan (four RPCs each), so the
// provider's heap grew linearly with the number of resources: 45 MB live
// and 120 MB RSS at 800 (see BENCHMARKS.md).
//
// detachRPCs puts a context between the gRPC layer and the framework that
// is cut loose from its parent when the RPC returns: the framework still
// keeps its cancel function, but that now holds a few hundred bytes
// instead of the whole chain. While the RPC runs, the context behaves
// exactly as its parent (values, deadline, cancellation).
//
// Only the unary RPCs Terraform calls per resource or data source are
// wrapped; the others (once per process, or streaming ones whose contexts
// outlive the call) pass through unchanged.

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// fullServer is what the framework's protocol 6 server implements:
// the provider server and the optional interfaces tf6server looks for.
// Embedding all of them keeps list resources, actions and state stores
// reachable through the wrapper.
type fullServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// detachRPCs returns s with the per-resource RPCs run on detachable
// contexts. A server that does not implement every optional interface
// (not the framework's) is returned as it is, since wrapping would hide
// them.
func detachRPCs(s tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	full, ok := s.(fullServer)
	if !ok {
		return s
	}
	return &server{fullServer: full}
}

type server struct{ fullServer }

// call runs f on a context that is detached from ctx when f returns.
func call[Req, Resp any](ctx context.Context, req Req, f func(context.Context, Req) (Resp, error)) (Resp, error) {
	d := newDetachable(ctx)
	defer d.detach()
	return f(d, req)
}

func (s *server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return call(ctx, req, s.fullServer.ValidateResourceConfig)
}

func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return call(ctx, req, s.fullServer.UpgradeResourceState)
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return call(ctx, req, s.fullServer.ReadResource)
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return call(ctx, req, s.fullServer.PlanResourceChange)
}

func (s *server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return call(ctx, req, s.fullServer.ApplyResourceChange)
}

func (s *server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return call(ctx, req, s.fullServer.ImportResourceState)
}

func (s *server) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return call(ctx, req, s.fullServer.MoveResourceState)
}

func (s *server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return call(ctx, req, s.fullServer.UpgradeResourceIdentity)
}

func (s *server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return call(ctx, req, s.fullServer.ValidateDataResourceConfig)
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return call(ctx, req, s.fullServer.ReadDataSource)
}

// detachable is a context that forwards to its parent until detach, and
// after that is an empty, cancelled context holding nothing.
type detachable struct {
	parent atomic.Pointer[context.Context]
}

func newDetachable(parent context.Context) *detachable {
	d := &detachable{}
	d.parent.Store(&parent)
	return d
}

func (d *detachable) detach() { d.parent.Store(nil) }

// closed is the Done channel of a detached context.
var closed = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

func (d *detachable) Deadline() (time.Time, bool) {
	if p := d.parent.Load(); p != nil {
		return (*p).Deadline()
	}
	return time.Time{}, false
}

func (d *detachable) Done() <-chan struct{} {
	if p := d.parent.Load(); p != nil {
		return (*p).Done()
	}
	return closed
}

func (d *detachable) Err() error {
	if p := d.parent.Load(); p != nil {
		return (*p).Err()
	}
	return context.Canceled
}

func (d *detachable) Value(key any) any {
	if p := d.parent.Load(); p != nil {
		return (*p).Value(key)
	}
	return nil
}
