# Terraform 1.5 and later: an import block adopts one record, named by its
# IP address or its id.
import {
  to = ionosdns_reverse_record.mail
  id = "198.51.100.25"
}

resource "ionosdns_reverse_record" "mail" {
  ip   = "198.51.100.25"
  name = "mail.example.com"
}
