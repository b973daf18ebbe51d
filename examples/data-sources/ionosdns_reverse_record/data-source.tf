# Look a record up by exactly one of id, ip, name or name_regex.
data "ionosdns_reverse_record" "web" {
  ip = "203.0.113.10"
}

# A name matches whatever its case or trailing dot.
data "ionosdns_reverse_record" "mail" {
  name = "mail.example.com"
}

# A pattern must match exactly one record's name; unanchored, it matches
# anywhere in the name, like partial_match in IONOS's provider.
data "ionosdns_reverse_record" "gateway" {
  name_regex = "^gw-[0-9]+\\.example\\.com$"
}

output "web_ptr" {
  value = data.ionosdns_reverse_record.web.name
}

output "mail_ip" {
  value = data.ionosdns_reverse_record.mail.ip
}

output "gateway_ip" {
  value = data.ionosdns_reverse_record.gateway.ip
}
