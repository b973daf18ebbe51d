# The reverse records of every address of an IP block, in one resource.
# The block's addresses are only known once it exists: the set takes a map
# that is unknown at plan time, so one apply creates the block and the
# records.
resource "ionoscloud_ipblock" "web" {
  location = "de/fra"
  size     = 4
  name     = "web"
}

resource "ionosdns_reverse_record_set" "web" {
  records = {
    for ip in ionoscloud_ipblock.web.ips :
    ip => { name = "web-${replace(ip, ".", "-")}.example.com" }
  }
}
