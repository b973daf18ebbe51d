package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// The resource's reads are batched (dnsapi.Client.Lookup) and, for many
// records, answered from pages read ahead. These tests show that drift is
// still planned exactly, that a data source read after a write sees it,
// and what a refresh costs.

// manyRecords maps n addresses of 2001:db8:5::/64 (manyIP(1..n)) to host
// names, with overrides.
func manyRecords(n int, overrides map[int]string) map[string]string {
	out := make(map[string]string, n)
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("host-%d.example.com", i)
		if o, ok := overrides[i]; ok {
			name = o
		}
		out[manyIP(i)] = name
	}
	return out
}

func manyIP(i int) string { return fmt.Sprintf("2001:db8:5::%x", i) }

// manyRecordsConfig is one ionosdns_reverse_record "r" per entry of
// records, record i (manyIP(i)) at index i-1 (count: the testing
// framework's state checks do not take for_each keys), plus extra.
func manyRecordsConfig(srv *dnsapitest.Server, records map[string]string, extra string) string {
	var sb strings.Builder
	sb.WriteString(testProviderConfig(srv))
	sb.WriteString("\nlocals {\n  records = [\n")
	for i := 1; i <= len(records); i++ {
		fmt.Fprintf(&sb, "    { ip = %q, name = %q },\n", manyIP(i), records[manyIP(i)])
	}
	sb.WriteString("  ]\n}\n\nresource \"ionosdns_reverse_record\" \"r\" {\n  count = length(local.records)\n" +
		"  ip    = local.records[count.index].ip\n  name  = local.records[count.index].name\n}\n")
	sb.WriteString(extra)
	return sb.String()
}

// recordAt is the address of record i (manyIP(i)).
func recordAt(i int) string { return fmt.Sprintf("ionosdns_reverse_record.r[%d]", i-1) }

func TestAccReverseRecord_batchedRefreshPlansDriftExactly(t *testing.T) {
	srv := newTestFake(t)
	// 30 records: enough for the refresh to read a page ahead as well as
	// batch filtered lookups.
	want := manyRecords(30, nil)
	config := manyRecordsConfig(srv, want, "")
	var moved string // the id of the record moved to another address

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{Config: config, ConfigPlanChecks: expectEmptyPlanAfterApply, Check: fakeHolds(srv, want)},
			{
				// Outside Terraform: record 3 deleted, record 7 renamed,
				// record 11 moved to another address.
				PreConfig: func() {
					del, _ := srv.RecordByIP(manyIP(3))
					srv.Delete(del.ID)
					ren, _ := srv.RecordByIP(manyIP(7))
					srv.Update(ren.ID, func(r *dnsapi.ReverseRecord) { r.Name = "renamed.example.net" })
					mov, _ := srv.RecordByIP(manyIP(11))
					moved = mov.ID
					srv.Update(mov.ID, func(r *dnsapi.ReverseRecord) { r.IP = "2001:db8:6::11" })
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(recordAt(3), plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(recordAt(7), plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(recordAt(7), tfjsonpath.New("last_modified_date")),
						plancheck.ExpectResourceAction(recordAt(11), plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(recordAt(1), plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					fakeHolds(srv, want),
					checkFake(srv, func([]dnsapi.ReverseRecordRead) error {
						// Moved back in place: same record, its address restored.
						if rec, ok := srv.Record(moved); !ok || rec.Properties.IP != manyIP(11) {
							return fmt.Errorf("the moved record is %+v (found %v), want it back at %s", rec, ok, manyIP(11))
						}
						return nil
					}),
				),
			},
		},
	})
}

func TestAccReverseRecord_dataSourceAfterWriteSeesIt(t *testing.T) {
	srv := newTestFake(t)
	before := manyRecords(25, nil)
	after := manyRecords(25, map[int]string{5: "renamed.example.com"})
	after[manyIP(26)] = "new.example.com"
	// Read at apply time, after the writes they depend on: one by id of a
	// record the apply renames, one by address of a record it creates.
	dataSources := `
data "ionosdns_reverse_record" "renamed" {
  id         = ionosdns_reverse_record.r[4].id
  depends_on = [ionosdns_reverse_record.r]
}

data "ionosdns_reverse_record" "created" {
  ip         = "` + manyIP(26) + `"
  depends_on = [ionosdns_reverse_record.r]
}

data "ionosdns_reverse_records" "both" {
  ips        = ["` + manyIP(5) + `", "` + manyIP(26) + `"]
  depends_on = [ionosdns_reverse_record.r]
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{Config: manyRecordsConfig(srv, before, ""), Check: fakeHolds(srv, before)},
			{
				Config: manyRecordsConfig(srv, after, dataSources),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ionosdns_reverse_record.renamed", tfjsonpath.New("name"), knownvalue.StringExact("renamed.example.com")),
					statecheck.ExpectKnownValue("data.ionosdns_reverse_record.created", tfjsonpath.New("name"), knownvalue.StringExact("new.example.com")),
					statecheck.ExpectKnownValue("data.ionosdns_reverse_records.both", tfjsonpath.New("reverse_records"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("renamed.example.com")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("new.example.com")}),
					})),
				},
				Check: fakeHolds(srv, after),
			},
		},
	})
}

func TestAccReverseRecord_refreshOf400CostsAFewRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("400 records")
	}
	srv := newTestFake(t)
	want := manyRecords(400, nil)
	config := manyRecordsConfig(srv, want, "")
	countPlan := func() {
		var lists, others []string
		for _, r := range srv.Requests() {
			if r.Method == http.MethodGet && r.Path == "/reverserecords" {
				lists = append(lists, r.RawQuery)
				continue
			}
			others = append(others, r.Method+" "+r.Path)
		}
		if n := len(lists) + len(others); n == 0 || n > 10 {
			t.Errorf("the no-change plan of 400 records made %d requests (%d lists, others %v), want 1 to 10", n, len(lists), others)
		}
		t.Logf("no-change plan of 400 records: %d requests (%d lists, %d others)", len(lists)+len(others), len(lists), len(others))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             fakeIsEmpty(srv),
		Steps: []resource.TestStep{
			{Config: config, Check: fakeHolds(srv, want)},
			// A plan-only step refreshes once.
			{PreConfig: srv.ResetRequests, Config: config, PlanOnly: true},
			{PreConfig: countPlan, Config: config, PlanOnly: true},
		},
	})
}
