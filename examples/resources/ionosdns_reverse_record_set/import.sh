# A set can be imported by a comma-separated list of CIDR ranges and IP
# addresses: a range imports every record in it and becomes one of the
# set's exclusive_ranges; an address imports its record.
terraform import ionosdns_reverse_record_set.dmz 203.0.113.8/29
terraform import ionosdns_reverse_record_set.web '203.0.113.40,203.0.113.41,2001:db8::40'
