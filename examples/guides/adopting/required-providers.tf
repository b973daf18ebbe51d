# Both providers stay in required_providers while the moves are planned
# and applied; the IONOS one can go once no resource of it is left.
terraform {
  required_providers {
    ionoscloud = {
      source = "ionos-cloud/ionoscloud"
    }
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}
