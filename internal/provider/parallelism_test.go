package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// At -parallelism=1 and 2 (terraform-plugin-testing cannot set it, so the
// CLI runs as a child process), renamed keys whose records also change
// (another description) cannot be adopted: the creates must wait for the
// deletes, and with one or two slots every running operation may be a
// waiting create. The apply then ends, within the command's bound,
// converged or with the conflict error, and at most one more apply
// converges.
func TestAccReverseRecord_renameAtLowParallelism(t *testing.T) {
	if testing.Short() {
		t.Skip("drives terraform as a child process")
	}
	for _, parallelism := range []int{1, 2} {
		t.Run(fmt.Sprintf("parallelism=%d", parallelism), func(t *testing.T) {
			renameAtParallelism(t, fmt.Sprintf("-parallelism=%d", parallelism))
		})
	}
}

func renameAtParallelism(t *testing.T, parallelism string) {
	const n = 20
	srv := dnsapitest.NewServer(t, dnsapitest.Options{DeleteDelay: testDeleteDelay})
	cli := newProcessCLI(t, srv, renamedRecords(n, "a", "v1"))
	cli.mustRun(0, "apply", "-auto-approve", "-no-color", parallelism)

	for round, desc := range []string{"v2", "v3"} {
		cli.write(renamedRecords(n, []string{"b", "c"}[round], desc))
		code, out := cli.run("apply", "-auto-approve", "-no-color", parallelism)
		switch code {
		case 0:
		case 1:
			if !strings.Contains(out, "already has a reverse record") {
				t.Fatalf("round %d: the apply failed, but not with the conflict error:\n%s", round, out)
			}
			t.Logf("round %d: the first apply ended with %d conflict errors", round, countErrors(out))
			cli.mustRun(0, "apply", "-auto-approve", "-no-color", parallelism)
		default:
			t.Fatalf("round %d: terraform exited %d:\n%s", round, code, out)
		}
		holdsExactly(t, srv, n)
		for _, r := range srv.Records() {
			if r.Properties.Description != desc {
				t.Fatalf("round %d: record %s has description %q, want %q", round, r.Properties.IP, r.Properties.Description, desc)
			}
		}
		cli.mustRun(0, "plan", "-detailed-exitcode", "-no-color")
	}
}
