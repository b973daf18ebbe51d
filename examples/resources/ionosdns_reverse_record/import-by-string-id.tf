# With Terraform 1.5 or later, an import block adopts an existing record
# during plan and apply. The id is the record's UUID or its IP address.
import {
  to = ionosdns_reverse_record.example
  id = "203.0.113.10"
}

resource "ionosdns_reverse_record" "example" {
  ip   = "203.0.113.10"
  name = "web-1.example.com"
}
