import {
  to = ionosdns_reverse_record_set.dmz
  id = "203.0.113.8/29"
}
