# The set owns 203.0.113.8/29: a reverse record in that range that is not
# in records (left over by a decommissioned host, or made by hand) is
# deleted once a plan has shown its removal. The apply that adds the range
# deletes none (its plan lists them in a warning); the next plan shows
# them. Records outside the range are not touched.
resource "ionosdns_reverse_record_set" "dmz" {
  records = {
    "203.0.113.9"  = { name = "gw.example.com" }
    "203.0.113.10" = { name = "vpn.example.com", description = "remote access" }
  }
  exclusive_ranges = ["203.0.113.8/29"]
}
