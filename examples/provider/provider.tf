# Configure the provider from the environment:
#
#   export IONOS_TOKEN="..."              # required
#   export IONOS_API_URL_DNS="https://..." # optional, defaults to Frankfurt
#   export IONOS_CONTRACT_NUMBER="..."     # optional
provider "ionosdns" {
  # Prefer the IONOS_TOKEN environment variable: a token written here ends
  # up in version control.
  # token = var.ionos_token

  # endpoint        = "https://dns.de-fra.ionos.com"
  # contract_number = "12345678"

  # Failed requests (429, 5xx, network errors) are retried until the
  # operation's timeout runs out, and a 429 slows the whole provider down to
  # the rate the API admits: the defaults need no tuning. For a contract whose
  # rate limit is known, a hard cap spaces the requests from the start:
  # max_requests_per_second = 20
}
