# After: one set for the same addresses. The import block adopts the
# records of the range, and the removed block makes Terraform forget the
# single resources without destroying their records. One apply, no write
# to the API; the records keep their ids.
locals {
  web = {
    "203.0.113.33" = "web-1.example.com"
    "203.0.113.34" = "web-2.example.com"
    "203.0.113.35" = "web-3.example.com"
  }
}

resource "ionosdns_reverse_record_set" "web" {
  records          = { for ip, name in local.web : ip => { name = name } }
  exclusive_ranges = ["203.0.113.32/29"]
}

import {
  to = ionosdns_reverse_record_set.web
  id = "203.0.113.32/29"
}

removed {
  from = ionosdns_reverse_record.web

  lifecycle {
    destroy = false
  }
}
