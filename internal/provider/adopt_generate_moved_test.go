package provider

// The adoption guide's generate-moved-blocks.sh, run for real: bash, with
// the CLI under test as `terraform`, against the state of resources that
// IONOS's provider (its stand-in) manages; its moved.tf must be valid HCL
// that, with the resource types changed as the guide says, plans the moves
// and nothing else, with no write to the API.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// generateMovedTarget is the configuration after the move: resources of
// the root module with names of their own, one plain, one for_each, one
// count.
const generateMovedTarget = `
resource "ionosdns_reverse_record" "web" {
  ip   = "203.0.113.71"
  name = "web.example.com"
}

resource "ionosdns_reverse_record" "ptr" {
  for_each = { "203.0.113.72" = "a.example.com", "2001:db8::73" = "b.example.com" }
  ip       = each.key
  name     = each.value
}

resource "ionosdns_reverse_record" "mx" {
  count = 2
  ip    = "198.51.100.7${count.index}"
  name  = "mx${count.index}.example.com"
}
`

// generateMovedKeep is managed by this provider already: the script must
// leave it alone.
const generateMovedKeep = `
resource "ionosdns_reverse_record" "keep" {
  ip   = "198.51.100.79"
  name = "keep.example.com"
}
`

// runGuideScript runs the guide's shell script with bash in a directory
// holding a copy of state (a terraform.tfstate), with the CLI under test
// first on PATH as terraform, and returns the moved.tf it wrote.
func runGuideScript(t *testing.T, name, state string) (string, error) {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("..", "..", "examples", "guides", "adopting", name))
	if err != nil {
		return "", err
	}
	dir := t.TempDir()
	b, err := os.ReadFile(state)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), b, 0o600); err != nil {
		return "", err
	}
	path := os.Getenv("PATH")
	if cli := os.Getenv("TF_ACC_TERRAFORM_PATH"); cli != "" { // OpenTofu, with make test-opentofu
		bin := t.TempDir()
		if err := os.Symlink(cli, filepath.Join(bin, "terraform")); err != nil {
			return "", err
		}
		path = bin + string(os.PathListSeparator) + path
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-e", "-o", "pipefail", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+path, "CHECKPOINT_DISABLE=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("bash %s: %w\n%s", name, err, out)
	}
	moved, err := os.ReadFile(filepath.Join(dir, "moved.tf"))
	return string(moved), err
}

// movedPairs parses src as HCL and returns its moved blocks as "from ->
// to", failing on anything else in it.
func movedPairs(src string) ([]string, error) {
	f, diags := hclsyntax.ParseConfig([]byte(src), "moved.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("moved.tf is not valid HCL: %s\n%s", diags.Error(), src)
	}
	var pairs []string
	for _, blk := range f.Body.(*hclsyntax.Body).Blocks {
		if blk.Type != "moved" || len(blk.Labels) != 0 {
			return nil, fmt.Errorf("moved.tf has a %s block %v", blk.Type, blk.Labels)
		}
		addr := map[string]string{}
		for name, attr := range blk.Body.Attributes {
			trav, d := hcl.AbsTraversalForExpr(attr.Expr)
			if d.HasErrors() {
				return nil, fmt.Errorf("moved.tf: %s is not an address: %s", name, d.Error())
			}
			parts := make([]string, 0, len(trav))
			for _, step := range trav {
				switch s := step.(type) {
				case hcl.TraverseRoot:
					parts = append(parts, s.Name)
				case hcl.TraverseAttr:
					parts = append(parts, s.Name)
				default:
					return nil, fmt.Errorf("moved.tf: %s has an index: a block must move the whole resource", name)
				}
			}
			addr[name] = strings.Join(parts, ".")
		}
		if len(addr) != 2 || addr["from"] == "" || addr["to"] == "" {
			return nil, fmt.Errorf("moved.tf has a moved block with %v, want from and to", addr)
		}
		pairs = append(pairs, addr["from"]+" -> "+addr["to"])
	}
	slices.Sort(pairs)
	return pairs, nil
}

// TestAccMoveState_generateMovedBlocks runs generate-moved-blocks.sh as
// the guide shows it: after the resources of IONOS's provider are applied,
// in a directory with their state. Its moved.tf names each resource once
// (one block for every instance of count and for_each) and nothing of
// this provider; with it and the resource types changed, the plan makes
// exactly the five moves, the apply writes nothing, and the plan after is
// empty.
func TestAccMoveState_generateMovedBlocks(t *testing.T) {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "ionos-cloud") // see TestAccMoveState_fromIonosCloud
	// The harness's working directories go here, so that the state the
	// script reads is found.
	workRoot := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workRoot)
	srv := newTestFake(t)
	source := strings.ReplaceAll(generateMovedTarget, "ionosdns_reverse_record", ionosCloudResourceType) + generateMovedKeep
	afterDir := t.TempDir()
	moves := expectOnlyMoves{
		"ionosdns_reverse_record.web":                 "ionoscloud_dns_reverse_record.web",
		`ionosdns_reverse_record.ptr["203.0.113.72"]`: `ionoscloud_dns_reverse_record.ptr["203.0.113.72"]`,
		`ionosdns_reverse_record.ptr["2001:db8::73"]`: `ionoscloud_dns_reverse_record.ptr["2001:db8::73"]`,
		"ionosdns_reverse_record.mx[0]":               "ionoscloud_dns_reverse_record.mx[0]",
		"ionosdns_reverse_record.mx[1]":               "ionoscloud_dns_reverse_record.mx[1]",
	}
	generate := stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		states, _ := filepath.Glob(filepath.Join(workRoot, "plugintest*", "work*", "terraform.tfstate"))
		if len(states) != 1 {
			resp.Error = fmt.Errorf("found the state files %v under %s, want one", states, workRoot)
			return
		}
		moved, err := runGuideScript(t, "generate-moved-blocks.sh", states[0])
		if err != nil {
			resp.Error = err
			return
		}
		pairs, err := movedPairs(moved)
		if err != nil {
			resp.Error = err
			return
		}
		want := []string{
			"ionoscloud_dns_reverse_record.mx -> ionosdns_reverse_record.mx",
			"ionoscloud_dns_reverse_record.ptr -> ionosdns_reverse_record.ptr",
			"ionoscloud_dns_reverse_record.web -> ionosdns_reverse_record.web",
		}
		if !slices.Equal(pairs, want) {
			resp.Error = fmt.Errorf("moved.tf moves %q, want %q:\n%s", pairs, want, moved)
			return
		}
		t.Logf("generate-moved-blocks.sh wrote:\n%s", moved)
		// The configuration after the move: the types changed, and the
		// script's moved.tf beside it.
		for name, content := range map[string]string{
			"main.tf":  moveConfig(srv, generateMovedTarget+generateMovedKeep),
			"moved.tf": moved,
		} {
			if err := os.WriteFile(filepath.Join(afterDir, name), []byte(content), 0o600); err != nil {
				resp.Error = err
				return
			}
		}
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"ionosdns":   testAccProtoV6ProviderFactories["ionosdns"],
			"ionoscloud": ionosCloudStandInFactory(srv),
		},
		Steps: []resource.TestStep{
			{
				Config:            moveConfig(srv, source),
				ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, 6), generate},
			},
			{
				PreConfig:       srv.ResetRequests,
				ConfigDirectory: config.StaticDirectory(afterDir),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{moves},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{noWrites(srv, 6)},
			},
			{ConfigDirectory: config.StaticDirectory(afterDir), PlanOnly: true},
			{
				// Destroyed here: the harness's own destroy reads the state
				// through a shim that rejects for_each string keys.
				Config:            moveConfig(srv, ""),
				ConfigStateChecks: []statecheck.StateCheck{fakeRecordCount(srv, 0)},
			},
		},
	})
}
