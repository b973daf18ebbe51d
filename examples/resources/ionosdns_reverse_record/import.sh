# A reverse record can be imported by its id (a UUID)...
terraform import ionosdns_reverse_record.example 3f2504e0-4f89-41d3-9a0c-0305e82c3301

# ...or by its IP address, in any notation.
terraform import ionosdns_reverse_record.example 203.0.113.10
terraform import 'ionosdns_reverse_record.this["2001:db8::10"]' 2001:db8::10
