# Writes one moved block per ionoscloud_dns_reverse_record resource of the
# root module (a block moves every instance of a count or for_each
# resource), to review and commit as moved.tf.
terraform state list |
  sed -n 's/^ionoscloud_dns_reverse_record\.\([A-Za-z0-9_-]*\).*$/\1/p' |
  sort -u |
  while read -r name; do
    printf 'moved {\n  from = ionoscloud_dns_reverse_record.%s\n  to   = ionosdns_reverse_record.%s\n}\n\n' "$name" "$name"
  done >moved.tf
