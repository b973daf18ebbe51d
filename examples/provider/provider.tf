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

  # Retries of failed requests (429, 503, and for idempotent requests other
  # 5xx and network errors); 0 disables them.
  max_retries = 8
}
