package main

// The configurations of the record set cases: the same map of records as
// one or several ionosdns_reverse_record_set resources, and as the
// terraform_data floors that hold it.

import (
	"fmt"
	"strings"
)

// setRecord is one address of a set configuration.
type setRecord struct{ ip, name string }

// benchRecords are n addresses of 2001:db8::/32, as recordsLocal's.
func benchRecords(n int) []setRecord {
	out := make([]setRecord, n)
	for i := range out {
		out[i] = setRecord{fmt.Sprintf("2001:db8::%x", i+1), fmt.Sprintf("host-%d.bench.example.com", i+1)}
	}
	return out
}

// setRecordsLocal is a locals block mapping each address to its record, an
// object literal: terraform_data holds it as written, the set's records
// (a map of map(string)) converts it.
func setRecordsLocal(recs []setRecord) string { return setRecordsLocalNamed("records", recs) }

func setRecordsLocalNamed(name string, recs []setRecord) string {
	var sb strings.Builder
	sb.WriteString("locals {\n  " + name + " = {\n")
	for _, r := range recs {
		fmt.Fprintf(&sb, "    %q = { name = %q }\n", r.ip, r.name)
	}
	sb.WriteString("  }\n}\n")
	return sb.String()
}

// splitRecords cuts recs into k parts of (nearly) equal size, in order.
func splitRecords(recs []setRecord, k int) [][]setRecord {
	k = max(k, 1)
	parts := make([][]setRecord, 0, k)
	for i := range k {
		parts = append(parts, recs[i*len(recs)/k:(i+1)*len(recs)/k])
	}
	return parts
}

// splitSetConfig is one ionosdns_reverse_record_set per part (s0, s1,
// …); with imports, an import block per set lists its addresses.
func splitSetConfig(parts [][]setRecord, imports bool) string {
	var sb strings.Builder
	sb.WriteString(providerHeader)
	for i, part := range parts {
		local := fmt.Sprintf("records_%d", i)
		fmt.Fprintf(&sb, "\n%s\nresource \"ionosdns_reverse_record_set\" \"s%d\" {\n  records = local.%s\n}\n", setRecordsLocalNamed(local, part), i, local)
		if imports {
			ips := make([]string, len(part))
			for j, r := range part {
				ips[j] = r.ip
			}
			fmt.Fprintf(&sb, "\nimport {\n  to = ionosdns_reverse_record_set.s%d\n  id = %q\n}\n", i, strings.Join(ips, ","))
		}
	}
	return sb.String()
}

// splitFloorConfig is one terraform_data per part, holding its map.
func splitFloorConfig(parts [][]setRecord) string {
	var sb strings.Builder
	for i, part := range parts {
		local := fmt.Sprintf("records_%d", i)
		fmt.Fprintf(&sb, "%s\nresource \"terraform_data\" \"s%d\" {\n  input = local.%s\n}\n\n", setRecordsLocalNamed(local, part), i, local)
	}
	return sb.String()
}

// setConfig is one ionosdns_reverse_record_set of recs; with importID an
// import block brings existing records into it.
func setConfig(recs []setRecord, importID string) string {
	imp := ""
	if importID != "" {
		imp = fmt.Sprintf("\nimport {\n  to = ionosdns_reverse_record_set.s\n  id = %q\n}\n", importID)
	}
	return providerHeader + "\n" + setRecordsLocal(recs) + `
resource "ionosdns_reverse_record_set" "s" {
  records = local.records
}
` + imp
}

// setFloorConfig is one terraform_data holding the same map.
func setFloorConfig(recs []setRecord) string {
	return setRecordsLocal(recs) + `
resource "terraform_data" "s" {
  input = local.records
}
`
}
