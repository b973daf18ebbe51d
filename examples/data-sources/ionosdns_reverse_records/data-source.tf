# Every reverse record of the contract, read across all pages.
data "ionosdns_reverse_records" "all" {}

# The records of some addresses whose names follow a pattern; filters
# combine.
data "ionosdns_reverse_records" "web" {
  ips        = ["203.0.113.10", "203.0.113.11", "2001:db8::10"]
  name_regex = "(?i)^web-[0-9]+\\.example\\.com\\.?$"
}

output "ptr_by_ip" {
  description = "Each address with a reverse record, and its name."
  value       = { for r in data.ionosdns_reverse_records.all.reverse_records : r.ip => r.name }
}

output "web_record_ids" {
  value = data.ionosdns_reverse_records.web.reverse_records[*].id
}
