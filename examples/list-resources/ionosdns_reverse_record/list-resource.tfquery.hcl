# Every record of the contract.
list "ionosdns_reverse_record" "all" {
  provider = ionosdns
}

# The records of some addresses whose name matches, with the whole
# resource for -generate-config-out.
list "ionosdns_reverse_record" "mail" {
  provider         = ionosdns
  include_resource = true
  limit            = 50

  config {
    ips        = ["198.51.100.25", "2001:db8::25"]
    name_regex = "^mail\\."
  }
}
