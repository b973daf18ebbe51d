# Provider functions need Terraform 1.8+ or OpenTofu 1.7+, and the provider
# in required_providers.
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}

# Generic names for a range of addresses that have no host name of their
# own: "203-0-113-10.hosts.example.com" and
# "2001-0db8-0000-0000-0000-0000-0000-0001.hosts.example.com".
resource "ionosdns_reverse_record" "generic" {
  for_each = toset(["203.0.113.10", "2001:db8::1"])

  ip   = each.value
  name = "${provider::ionosdns::ip_label(each.value)}.hosts.example.com"
}
