# Terraform 1.7 and later: one import block with for_each adopts every
# record the data source finds (here: whose name starts with "shop-"), and
# a resource block with the same for_each manages them from then on.
data "ionosdns_reverse_records" "adopt" {
  name_regex = "^shop-"
}

locals {
  adopted = { for r in data.ionosdns_reverse_records.adopt.reverse_records : r.ip => r }
}

import {
  for_each = local.adopted
  to       = ionosdns_reverse_record.adopted[each.key]
  id       = each.value.id
}

resource "ionosdns_reverse_record" "adopted" {
  for_each = local.adopted

  ip          = each.value.ip
  name        = each.value.name
  description = each.value.description
}
