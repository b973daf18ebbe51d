# The record that ionoscloud_dns_reverse_record.web managed, taken over by
# this provider: rename the resource type and add the moved block. The plan
# shows the move and nothing to add, change or destroy.
moved {
  from = ionoscloud_dns_reverse_record.web
  to   = ionosdns_reverse_record.web
}

resource "ionosdns_reverse_record" "web" {
  ip   = "203.0.113.30"
  name = "web.example.com"

  # Kept by the move: create, update and delete (IONOS's default has no
  # counterpart; write the operations out).
  timeouts {
    create = "10m"
  }
}
