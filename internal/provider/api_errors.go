package provider

import (
	"errors"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// describeAPIError turns a client error into a diagnostic's detail: what
// the API said, plus what the user can do about the common cases.
func describeAPIError(err error) string {
	msg := err.Error()
	var (
		tooLong *dnsapi.RetryAfterTooLongError
		gaveUp  *dnsapi.GaveUpError
	)
	switch {
	case dnsapi.IsUnauthorized(err):
		return msg + "\n\nThe API did not accept the token. Check the provider's token (or IONOS_TOKEN): it may be expired or revoked."
	case dnsapi.IsForbidden(err):
		return msg + "\n\nThe token is valid but may not manage DNS reverse records of this contract. " +
			"If your user has several contracts, set the provider's contract_number (or IONOS_CONTRACT_NUMBER)."
	case errors.As(err, &tooLong):
		return msg + "\n\nThe API is rate limiting the requests. Run again later, lower -parallelism, or raise the provider's maximum wait."
	case errors.As(err, &gaveUp):
		return msg + "\n\nNo final answer came from the API within the limits. Run again; " +
			"a longer timeouts block or a higher max_retries helps when the API is slow or unstable."
	}
	return msg
}
