package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// refusedAddressHint explains a 409 for an address with no record: the
// contract does not own it. Shared by the record and the record set.
const refusedAddressHint = "The API refused the address. Reverse records can only be set for addresses your contract owns " +
	"(an IPv4 address of one of its IP blocks, or an IPv6 address of one of its data centers)"

// describeAPIError turns a client error into a diagnostic's detail: what
// the API said, plus what the user can do about the common cases. When a
// limit ended the request, the hint names it in Terraform terms: the
// provider's max_retry_wait or max_retries, or the resource's timeouts
// block.
func describeAPIError(err error) string {
	msg := err.Error()
	var (
		tooLong *dnsapi.RetryAfterTooLongError
		gaveUp  *dnsapi.GaveUpError
		apiErr  *dnsapi.APIError
		decode  *dnsapi.DecodeError
	)
	switch {
	case dnsapi.IsUnauthorized(err):
		return msg + "\n\nThe API did not accept the token. Check the provider's token (or " + envToken + "): it may be expired or revoked."
	case dnsapi.IsForbidden(err):
		return msg + "\n\nThe token is valid but may not manage DNS reverse records of this contract. " +
			"If your user has several contracts, set the provider's contract_number (or " + envContractNumber + ")."
	case errors.As(err, &tooLong):
		return msg + fmt.Sprintf("\n\nLimit hit: the provider's max_retry_wait (%s). The API asked to wait %s before a retry, "+
			"longer than max_retry_wait allows, so the provider stopped instead of waiting. "+
			"Run again later, lower Terraform's -parallelism, or raise max_retry_wait in the provider block.",
			formatWait(tooLong.Max), formatWait(tooLong.RetryAfter))
	case errors.Is(err, context.DeadlineExceeded):
		return msg + "\n\n" + deadlineHint(err)
	case errors.Is(err, context.Canceled):
		return msg + "\n\nThe operation was cancelled, for example because Terraform was interrupted."
	case errors.As(err, &gaveUp) && strings.Contains(gaveUp.Reason, "retry limit"):
		return msg + "\n\nLimit hit: the provider's max_retries. Every attempt failed without an answer from the API. " +
			"Run again; a higher max_retries in the provider block helps when the network or the API is unstable."
	case errors.As(err, &gaveUp) && strings.Contains(gaveUp.Reason, "redirect to another host"):
		return msg + "\n\nThe endpoint redirected the request to another host. The provider refuses such redirects so that " +
			"the token is only ever sent to the configured endpoint. If the API really has moved, set the provider's endpoint " +
			"(or " + envEndpoint + ") to its new address."
	case errors.As(err, &gaveUp):
		return msg + "\n\nNo final answer came from the API. Run again; check the provider's endpoint (or " + envEndpoint + ") " +
			"if the problem persists."
	case errors.As(err, &apiErr) && retriedStatus(apiErr.StatusCode):
		return msg + fmt.Sprintf("\n\nLimit hit: the provider's max_retries. The API still answered %d %s when the retries ran out. "+
			"Run again later; a higher max_retries in the provider block helps when the API is overloaded or rate limiting.",
			apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
	case errors.As(err, &decode):
		return msg + "\n\nThe answer is not what the IONOS DNS API sends. Check that the provider's endpoint (or " + envEndpoint + ") " +
			"points at the DNS API, not at a proxy, a login page or another service."
	}
	return msg
}

// retriedStatus tells the statuses the client retries (see the policy in
// internal/dnsapi/retry.go): an APIError with one of them means the
// retries ran out, or were disabled with max_retries = 0.
func retriedStatus(status int) bool {
	return status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusNotImplemented)
}

// deadlineHint explains a call that its deadline ended: which one, and
// what to do. The resource's operations name theirs "the create timeout"
// and so on (see dnsapi.WithTimeout); those can be raised.
func deadlineHint(err error) string {
	var gaveUp *dnsapi.GaveUpError
	deadline := "the operation's timeout"
	if errors.As(err, &gaveUp) && gaveUp.Deadline != "" {
		deadline = gaveUp.Deadline
	}
	hint := "Limit hit: " + deadline + ". The API gave no final answer before it ran out; every retryable failure was retried until then. "
	for _, op := range []string{"create", "read", "update", "delete"} {
		if strings.HasPrefix(deadline, "the "+op+" timeout") {
			return hint + fmt.Sprintf("Run again when the API is healthy, or raise the timeout in the resource's timeouts block, "+
				"for example timeouts { %s = \"10m\" } (the default is %s).", op, formatWait(defaultCreateTimeout))
		}
	}
	return hint + "Run again when the API is healthy."
}
