# Before: one ionosdns_reverse_record per address, with for_each.
locals {
  web = {
    "203.0.113.33" = "web-1.example.com"
    "203.0.113.34" = "web-2.example.com"
    "203.0.113.35" = "web-3.example.com"
  }
}

resource "ionosdns_reverse_record" "web" {
  for_each = local.web
  ip       = each.key
  name     = each.value
}
