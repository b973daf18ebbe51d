# A fleet of hosts, each with an IPv4 and an IPv6 address: one map entry
# per address. Changing one host's name changes one record, with one
# request; the others are not touched.
locals {
  hosts = {
    "app-1" = { ipv4 = "203.0.113.21", ipv6 = "2001:db8::21" }
    "app-2" = { ipv4 = "203.0.113.22", ipv6 = "2001:db8::22" }
    "app-3" = { ipv4 = "203.0.113.23", ipv6 = "2001:db8::23" }
  }
}

resource "ionosdns_reverse_record_set" "fleet" {
  records = merge(
    { for host, a in local.hosts : a.ipv4 => { name = "${host}.example.com", description = "fleet" } },
    { for host, a in local.hosts : a.ipv6 => { name = "${host}.example.com", description = "fleet" } },
  )
}

# The set keeps its records' ids to itself. When you need them, read the
# records of the set's addresses with the ionosdns_reverse_records data
# source; it is read after the set is applied, as it refers to it.
data "ionosdns_reverse_records" "fleet" {
  ips = keys(ionosdns_reverse_record_set.fleet.records)
}

output "fleet_record_ids" {
  description = "The id of each address's reverse record, keyed by the address as the API writes it."
  value       = { for r in data.ionosdns_reverse_records.fleet.reverse_records : r.ip => r.id }
}
