provider "ionosdns" {
  # The contract allows 20 requests per second, and a nightly job uses 5 of
  # them: never send more than 15 per second.
  max_requests_per_second = 15
}
