# With Terraform or OpenTofu 1.12 or later, an import block can name the
# record by its resource identity instead of an import ID.
import {
  to = ionosdns_reverse_record.example
  identity = {
    id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
  }
}
