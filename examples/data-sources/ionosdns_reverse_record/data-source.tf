# Look a record up by exactly one of id, ip or name.
data "ionosdns_reverse_record" "web" {
  ip = "203.0.113.10"
}

# A name matches whatever its case or trailing dot.
data "ionosdns_reverse_record" "mail" {
  name = "mail.example.com"
}

output "web_ptr" {
  value = data.ionosdns_reverse_record.web.name
}

output "mail_ip" {
  value = data.ionosdns_reverse_record.mail.ip
}
