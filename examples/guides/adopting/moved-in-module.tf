# modules/reverse-dns/main.tf: a moved block inside a module applies to
# every call of the module (and every instance of a module called with
# count or for_each), so one edit of the module moves them all.
variable "records" {
  description = "Hostnames by IP address."
  type        = map(string)
}

moved {
  from = ionoscloud_dns_reverse_record.this
  to   = ionosdns_reverse_record.this
}

resource "ionosdns_reverse_record" "this" {
  for_each = var.records

  ip   = each.key
  name = each.value
}
