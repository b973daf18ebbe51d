package pluginserve

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider"
)

func TestQuietLogs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		env  map[string]string
		want []string // variables set to OFF
	}{
		{"nothing set: Terraform drops the log", nil, []string{envLogSDK, envLogThisProvider, "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"}},
		{"TF_LOG set: Terraform shows it", map[string]string{envLog: "DEBUG"}, nil},
		{"TF_LOG_PROVIDER set", map[string]string{envLogProvider: "TRACE"}, nil},
		// The subsystems inherit the user's TF_LOG_SDK.
		{"the user's own level stays", map[string]string{envLogSDK: "DEBUG"}, []string{envLogThisProvider}},
		{"both own levels stay", map[string]string{envLogSDK: "WARN", envLogThisProvider: "INFO"}, nil},
		{"a subsystem's own level stays", map[string]string{"TF_LOG_SDK_PROTO": "TRACE"}, []string{envLogSDK, envLogThisProvider, "TF_LOG_SDK_FRAMEWORK"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			set, err := quietLogs(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(set, tc.want) {
				t.Fatalf("set %v, want %v", set, tc.want)
			}
			for _, k := range tc.want {
				if env[k] != "OFF" {
					t.Errorf("%s = %q, want OFF", k, env[k])
				}
			}
			for k, v := range tc.env {
				if env[k] != v {
					t.Errorf("%s changed from %q to %q", k, v, env[k])
				}
			}
		})
	}
}

func TestQuietLogsSetenvError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	_, err := quietLogs(func(string) string { return "" }, func(string, string) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
}

type ctxKey struct{}

// While attached, a detachable context is its parent: values, deadline,
// cancellation, also of contexts derived from it.
func TestDetachableForwards(t *testing.T) {
	t.Parallel()
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), ctxKey{}, "v"), deadline)
	d := newDetachable(parent)
	child, cancelChild := context.WithCancel(d)
	defer cancelChild()

	if got := d.Value(ctxKey{}); got != "v" {
		t.Errorf("Value = %v", got)
	}
	if got, ok := d.Deadline(); !ok || !got.Equal(deadline) {
		t.Errorf("Deadline = %v, %v", got, ok)
	}
	if d.Err() != nil || child.Err() != nil {
		t.Fatalf("cancelled before cancel: %v, %v", d.Err(), child.Err())
	}
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("canceling the parent did not reach the derived context")
	}
	if !errors.Is(d.Err(), context.Canceled) {
		t.Errorf("Err = %v", d.Err())
	}
}

// Once detached, it holds nothing and reads as cancelled.
func TestDetachableDetached(t *testing.T) {
	t.Parallel()
	parent, cancel := context.WithTimeout(context.WithValue(context.Background(), ctxKey{}, "v"), time.Hour)
	defer cancel()
	d := newDetachable(parent)
	d.detach()
	if d.Value(ctxKey{}) != nil {
		t.Error("a detached context still has its parent's values")
	}
	if _, ok := d.Deadline(); ok {
		t.Error("a detached context still has a deadline")
	}
	select {
	case <-d.Done():
	default:
		t.Error("a detached context is not done")
	}
	if !errors.Is(d.Err(), context.Canceled) {
		t.Errorf("Err = %v", d.Err())
	}
}

func frameworkServer(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	s, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The framework's server is wrapped, with its optional interfaces still
// reachable. Should a framework upgrade change what it implements, this
// fails, rather than the fix silently no longer applying.
func TestDetachRPCsWrapsTheFramework(t *testing.T) {
	t.Parallel()
	s := detachRPCs(frameworkServer(t))
	if _, ok := s.(*server); !ok {
		t.Fatalf("the framework's server was not wrapped (%T): it no longer implements every optional interface", s)
	}
	// These interfaces are deprecated, but the framework still serves
	// through them, so the wrapper must keep them.
	if _, ok := s.(tfprotov6.ProviderServerWithListResource); !ok { //nolint:staticcheck // SA1019, see above
		t.Error("list resources are hidden by the wrapper")
	}
	if _, ok := s.(tfprotov6.ProviderServerWithActions); !ok { //nolint:staticcheck // SA1019, see above
		t.Error("actions are hidden by the wrapper")
	}
	if _, ok := s.(tfprotov6.ProviderServerWithStateStores); !ok { //nolint:staticcheck // SA1019, see above
		t.Error("state stores are hidden by the wrapper")
	}
}

// released reports how many of what the contexts of n RPCs held became
// garbage once the RPCs returned, waiting at most wait for the collector:
// each context carries a value with a cleanup.
func released(t *testing.T, s tfprotov6.ProviderServer, n int, wait time.Duration) int {
	t.Helper()
	freed := make(chan struct{}, n)
	for range n {
		payload := new([64 << 10]byte)
		runtime.AddCleanup(payload, func(ch chan struct{}) { ch <- struct{}{} }, freed)
		ctx := context.WithValue(context.Background(), ctxKey{}, payload)
		_, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "ionosdns_reverse_record"})
		if err != nil {
			t.Fatal(err)
		}
	}
	// The server lives on (as in a provider process): what it keeps of
	// the RPCs must not be freed with it.
	defer runtime.KeepAlive(s)
	got := 0
	deadline := time.After(wait)
	for got < n {
		runtime.GC()
		select {
		case <-freed:
			got++
		case <-deadline:
			return got
		case <-time.After(20 * time.Millisecond):
		}
	}
	return got
}

// The point of the wrapper: after an RPC, the framework keeps nothing of
// what its context held. The collector gets 30 s for it (the loop ends as
// soon as all are freed, in milliseconds): on a loaded machine cleanups
// run late, and a short bound would fail a correct wrapper.
func TestDetachRPCsReleasesContexts(t *testing.T) {
	const n = 20
	if got := released(t, detachRPCs(frameworkServer(t)), n, 30*time.Second); got != n {
		t.Errorf("%d of %d RPC contexts were released through the wrapper within 30 s", got, n)
	}
	// For the record only (none is expected, so this waits its whole
	// bound): without the wrapper, the framework (v1.19.0) keeps them
	// until StopProvider.
	t.Logf("without the wrapper, %d of %d RPC contexts were released within 2 s", released(t, frameworkServer(t), n, 2*time.Second), n)
}
