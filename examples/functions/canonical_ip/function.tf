# Provider functions need Terraform 1.8+ or OpenTofu 1.7+, and the provider
# in required_providers.
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}

# Addresses as another system spells them. Keyed by their canonical form,
# the records' keys are the API's spelling ("2001:db8::10") and stay the
# same whatever the spelling, and two spellings of one address make one
# record, not two that conflict.
variable "web_ips" {
  type    = list(string)
  default = ["203.0.113.10", "2001:DB8:0:0::10"]
}

resource "ionosdns_reverse_record" "web" {
  for_each = toset([for ip in var.web_ips : provider::ionosdns::canonical_ip(ip)])

  ip   = each.key
  name = "web.example.com"
}
