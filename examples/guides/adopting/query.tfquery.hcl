# Terraform 1.14 and later, in a file ending in .tfquery.hcl beside the
# configuration: `terraform query` lists the records that match, and
# `terraform query -generate-config-out=generated.tf` writes a resource
# and an import block for each.
list "ionosdns_reverse_record" "web" {
  provider         = ionosdns
  include_resource = true

  config {
    name_regex = "^web-[0-9]+\\.example\\.com$"
  }
}
