# The token and endpoint come from the environment (IONOS_TOKEN,
# IONOS_API_URL_DNS), so nothing secret is written here.
provider "ionosdns" {}

# One reverse record per address of a web tier: the map's keys are the
# addresses, its values the names they resolve back to.
locals {
  web_hosts = {
    "203.0.113.10" = "web-1.example.com"
    "203.0.113.11" = "web-2.example.com"
    "2001:db8::10" = "web-1.example.com"
  }
}

resource "ionosdns_reverse_record" "this" {
  for_each = local.web_hosts

  ip          = each.key
  name        = each.value
  description = "web tier, managed by Terraform"
}

output "reverse_record_ids" {
  description = "The id of each address's reverse record."
  value       = { for ip, record in ionosdns_reverse_record.this : ip => record.id }
}
