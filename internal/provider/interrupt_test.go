package provider

import (
	"bytes"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// interruptRecords is how many records the interrupted apply makes.
const interruptRecords = 120

// An apply of 120 records against a slow API (every answer 700 ms after
// the work) is stopped half-way: by SIGINT to Terraform's process group
// (Ctrl-C: Terraform asks the provider to stop and saves what the running
// operations report), or by SIGKILL to it (nothing is saved after the
// kill). Afterwards nothing may be orphaned: after SIGINT the state holds
// every record the fake holds, and after either the next apply converges
// in one run, leaving the fake holding exactly the configured records.
func TestAccReverseRecord_interruptedApplyOrphansNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("drives terraform as a child process for a minute")
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			srv := dnsapitest.NewServer(t, dnsapitest.Options{DeleteDelay: testDeleteDelay})
			srv.SetAnswerLatency(700 * time.Millisecond)
			cli := newProcessCLI(t, srv, renamedRecords(interruptRecords, "r", ""))

			var out bytes.Buffer
			cmd := cli.start(&out, "apply", "-auto-approve", "-no-color")
			waitForRecords(t, srv, interruptRecords/3)
			if err := syscall.Kill(-cmd.Process.Pid, sig); err != nil {
				t.Fatal(err)
			}
			code := cli.wait(cmd)
			held := srv.Records()
			t.Logf("%v: terraform exited %d; the fake holds %d records", sig, code, len(held))

			if sig == syscall.SIGINT {
				state := cli.stateIDs()
				missing := 0
				for _, r := range held {
					if !state[r.ID] {
						missing++
					}
				}
				t.Logf("the state holds %d records, %d of the fake's are missing from it", len(state), missing)
				if missing > 0 {
					t.Errorf("%d records the fake holds are not in the state (orphans); terraform said:\n%s", missing, out.String())
				}
			}

			srv.SetAnswerLatency(0)
			code, next := cli.run("apply", "-auto-approve", "-no-color")
			if code != 0 {
				t.Fatalf("the apply after the interrupt failed (%d errors):\n%s", countErrors(next), next)
			}
			if adopted := strings.Count(next, "Adopted the existing reverse record"); adopted > 0 {
				t.Logf("the next apply adopted %d records", adopted)
			}
			holdsExactly(t, srv, interruptRecords)
			cli.mustRun(0, "plan", "-detailed-exitcode", "-no-color")
		})
	}
}
