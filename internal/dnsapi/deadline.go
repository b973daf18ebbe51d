package dnsapi

import (
	"context"
	"time"
)

// A call's budget is its context's deadline. Its errors name that
// deadline in the caller's words ("the create timeout (5m)"), so that a
// user knows which setting ran out; WithTimeout sets both.

type deadlineNameKey struct{}

// WithTimeout is context.WithTimeout whose deadline, when it ends a call of
// this client, is named in the error: "<name> (<d>)", e.g. WithTimeout(ctx,
// "the create timeout", 5*time.Minute) reads "the create timeout (5m)".
func WithTimeout(ctx context.Context, name string, d time.Duration) (context.Context, context.CancelFunc) {
	ctx = context.WithValue(ctx, deadlineNameKey{}, name+" ("+formatDuration(d)+")")
	return context.WithTimeout(ctx, d)
}

// deadlineNameOf returns the name WithTimeout gave ctx's deadline, or a
// generic one.
func deadlineNameOf(ctx context.Context) string {
	if name, ok := ctx.Value(deadlineNameKey{}).(string); ok {
		return name
	}
	return "the context deadline"
}
