# Provider functions need Terraform 1.8+ or OpenTofu 1.7+, and the provider
# in required_providers.
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}

# The reverse-lookup names of some addresses, for example to check them
# with `dig -x` or to delegate them elsewhere:
#   "10.113.0.203.in-addr.arpa"
#   "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
output "ptr_names" {
  value = [for ip in ["203.0.113.10", "2001:db8::1"] : provider::ionosdns::ptr_name(ip)]
}
