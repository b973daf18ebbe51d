package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// operationTimeout is one of a timeouts block's methods (Create, Read,
// Update, Delete): the configured timeout, or def.
type operationTimeout func(ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics)

// boundByTimeout bounds ctx by an operation's timeout, which is also its
// retry budget: timeout reads it from the resource's timeouts block, with
// def when unset, and errors of a call it ends name it as "the <operation>
// timeout". ok is false when diags (which already holds what the caller
// read before) has an error: the operation must not start.
func boundByTimeout(ctx context.Context, operation string, timeout operationTimeout, def time.Duration,
	diags *diag.Diagnostics,
) (_ context.Context, cancel context.CancelFunc, ok bool) {
	d, readDiags := timeout(ctx, def)
	diags.Append(readDiags...)
	if diags.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel = dnsapi.WithTimeout(ctx, "the "+operation+" timeout", d)
	return ctx, cancel, true
}
