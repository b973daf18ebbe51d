package main

import (
	"fmt"
	"strings"
)

// recordsLocal is a locals block mapping n distinct IPs of 2001:db8::/32
// (a range the fake owns) to host names.
func recordsLocal(n int) string {
	var sb strings.Builder
	sb.WriteString("locals {\n  records = {\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&sb, "    %q = %q\n", fmt.Sprintf("2001:db8::%x", i), fmt.Sprintf("host-%d.bench.example.com", i))
	}
	sb.WriteString("  }\n}\n")
	return sb.String()
}

// providerHeader opens every configuration of the benchmark: the provider
// from its source address (served by dev_overrides) and an empty provider
// block, since token and endpoint come from the environment.
const providerHeader = `terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}

provider "ionosdns" {}
`

// providerConfig is n ionosdns_reverse_record resources from one for_each,
// as users write them. Token and endpoint come from the environment.
func providerConfig(n int) string {
	return providerHeader + `
` + recordsLocal(n) + `
resource "ionosdns_reverse_record" "r" {
  for_each = local.records
  ip       = each.key
  name     = each.value
}
`
}

// floorConfig is the same n resources as terraform_data: Terraform core's
// cost of n resources with no provider process and no API. Each carries
// its host name as input. That is the cheapest form measured: an object
// input (ip and name) makes Terraform core itself up to twice as slow for
// terraform_data, whose input and output are dynamically typed, and
// would flatter the ratio.
func floorConfig(n int) string {
	return recordsLocal(n) + `
resource "terraform_data" "r" {
  for_each = local.records
  input    = each.value
}
`
}

// dataSourceConfig reads every record with the plural data source and
// outputs how many it got, from the list attribute attr.
func dataSourceConfig(attr string) string {
	return providerHeader + `
data "ionosdns_reverse_records" "all" {}

output "count" {
  value = length(data.ionosdns_reverse_records.all.` + attr + `)
}
`
}
