# One moved block moves every instance of a count or for_each resource,
# keeping the instance keys.
locals {
  ptr = {
    "203.0.113.31" = "a.example.com"
    "203.0.113.32" = "b.example.com"
    "2001:db8::33" = "c.example.com"
  }
}

moved {
  from = ionoscloud_dns_reverse_record.ptr
  to   = ionosdns_reverse_record.ptr
}

resource "ionosdns_reverse_record" "ptr" {
  for_each = local.ptr

  ip   = each.key
  name = each.value
}
