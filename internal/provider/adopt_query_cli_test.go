package provider

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// TestAccAdoptQueryRecipe runs the adoption guide's `terraform query`
// recipe as a user does, with Terraform 1.14 or later: the guide's
// query.tfquery.hcl beside a configuration holding only
// required_providers; `terraform query` lists the matching records;
// `terraform query -generate-config-out` writes a resource and an import
// block for each; the plan is N to import and 0 to add, change or destroy;
// the apply imports them with no write request; the next plan is empty.
func TestAccAdoptQueryRecipe(t *testing.T) {
	cli := newAttachedCLI(t, "1.14.0")
	srv := newTestFake(t)
	t.Setenv(envEndpoint, srv.URL)
	t.Setenv(envToken, testAccToken)
	cli.env = append(cli.env, envEndpoint+"="+srv.URL, envToken+"="+testAccToken)

	web1 := srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.71", Name: "web-1.example.com"})
	web2 := srv.Put(dnsapi.ReverseRecord{IP: "2001:db8::71", Name: "web-2.example.com", Description: "made by hand"})
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.72", Name: "mail.example.com"})
	srv.Put(dnsapi.ReverseRecord{IP: "203.0.113.73", Name: "web-3.example.org"})

	cli.writeFile("main.tf", `
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}
`)
	cli.writeFile("query.tfquery.hcl", guideExample(t, "query.tfquery.hcl"))
	cli.run("init")

	listed := cli.run("query")
	t.Logf("terraform query:\n%s", listed)
	for _, want := range []string{"203.0.113.71", "web-1.example.com", "2001:db8::71", "web-2.example.com"} {
		if !strings.Contains(listed, want) {
			t.Errorf("terraform query does not show %q", want)
		}
	}
	for _, unwanted := range []string{"mail.example.com", "web-3.example.org"} {
		if strings.Contains(listed, unwanted) {
			t.Errorf("terraform query shows %q, which the name_regex does not match", unwanted)
		}
	}

	cli.run("query", "-generate-config-out=generated.tf")
	generated := cli.readFile("generated.tf")
	t.Logf("generated.tf:\n%s", generated)
	if n := len(regexp.MustCompile(`(?m)^resource "ionosdns_reverse_record"`).FindAllString(generated, -1)); n != 2 {
		t.Errorf("generated.tf has %d resource blocks, want 2", n)
	}
	if n := len(regexp.MustCompile(`(?m)^import \{`).FindAllString(generated, -1)); n != 2 {
		t.Errorf("generated.tf has %d import blocks, want 2", n)
	}
	for _, id := range []string{web1.ID, web2.ID} {
		if !strings.Contains(generated, id) {
			t.Errorf("generated.tf does not name record %s", id)
		}
	}

	// The query file stays beside the configuration, as in the guide.
	plan := cli.run("plan", "-out=adopt.tfplan")
	t.Logf("terraform plan:\n%s", plan)
	if !strings.Contains(plan, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Errorf("the plan of the generated configuration is not 2 imports and nothing else:\n%s", plan)
	}
	assertPlannedImportsOnly(t, cli.run("show", "-json", "adopt.tfplan"), 2)

	cli.run("apply", "adopt.tfplan")
	if w := srv.WriteRequests(); w != 0 {
		t.Fatalf("adopting with the generated configuration sent %d write requests: %+v", w, srv.Requests())
	}
	if n := len(srv.Records()); n != 4 {
		t.Fatalf("the fake holds %d records after the adoption, want the 4 it had", n)
	}
	if _, _, err := cli.try("plan", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after the adoption is not empty (exit status 2 means changes): %v", err)
	}
}

// assertPlannedImportsOnly checks a `terraform show -json` plan: want
// resources are imported and no resource is created, updated or destroyed.
func assertPlannedImportsOnly(t *testing.T, planJSON string, want int) {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	imports := 0
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Importing) > 0 {
			imports++
		}
		if len(rc.Change.Actions) != 1 || rc.Change.Actions[0] != "no-op" {
			t.Errorf("%s is planned as %v, want no-op", rc.Address, rc.Change.Actions)
		}
	}
	if imports != want {
		t.Errorf("the plan imports %d resources, want %d", imports, want)
	}
}
