package dnsapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"

	"github.com/hashicorp/go-retryablehttp"
)

// call describes one API call: what to send and which status means success.
type call struct {
	method string
	path   string
	query  url.Values
	body   any
	// want is the documented success status; any other is an *APIError,
	// unless listed in alsoWant.
	want int
	// alsoWant are further statuses that mean success, where the API is
	// known to answer other than its specification says.
	alsoWant []int
	// idempotent calls may be repeated after an ambiguous failure.
	idempotent bool
}

// response is a finished call: the status and the (bounded) body.
type response struct {
	status      int
	contentType string
	body        []byte
}

// do runs c through the retry layer and returns the final response, or an
// error that names the request and why it ended.
func (c *Client) do(ctx context.Context, cl call) (*response, error) {
	if _, ok := ctx.Deadline(); !ok {
		// Retries last until the deadline: there must be one.
		var cancel context.CancelFunc
		ctx, cancel = WithTimeout(ctx, "the client's call timeout", c.callTimeout)
		defer cancel()
	}
	st := &callState{method: cl.method, path: cl.path, idempotent: cl.idempotent, started: c.clock.Now()}
	if cl.method != http.MethodGet {
		// A write is not abandoned in flight when its caller is
		// cancelled (stop.go).
		var release func()
		ctx, release = shieldWrite(ctx, st)
		defer release()
	}
	ctx = withCallState(ctx, st)

	var body any
	if cl.body != nil {
		encoded, err := json.Marshal(cl.body)
		if err != nil {
			return nil, fmt.Errorf("%s %s: encoding the request: %w", cl.method, cl.path, err)
		}
		body = encoded
	}
	u := *c.base
	u.Path += cl.path
	u.RawQuery = cl.query.Encode()

	req, err := retryablehttp.NewRequestWithContext(ctx, cl.method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", cl.method, cl.path, err)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	// The body is read inside the retry loop, so that a body cut short on
	// an idempotent call is retried like any other transport failure.
	var res *response
	req.SetResponseHandler(func(resp *http.Response) error {
		r, readErr := c.readResponse(cl, resp)
		res = r
		if readErr != nil && (isSuccess(resp.StatusCode) || resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable) {
			// The body was cut (by the server, the attempt timeout or
			// the call's deadline) after an answer that says the work
			// was done, or may have been.
			st.setOutcome("the response body was cut short: "+describeTransportError(readErr), true)
		}
		var decodeErr *DecodeError
		if errors.As(readErr, &decodeErr) {
			// Too large to read: a success was still a success.
			decodeErr.applied = isSuccess(resp.StatusCode) || st.wasAmbiguous()
		}
		return readErr
	})

	resp, err := c.retry.Do(req)
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		return nil, c.finalError(ctx, cl, st, err)
	}
	if res == nil {
		// Retries ran out on a retryable status: the handler never ran,
		// and this last response's body is still unread.
		if res, err = c.readResponse(cl, resp); err != nil {
			var decodeErr *DecodeError
			if errors.As(err, &decodeErr) {
				decodeErr.applied = st.wasAmbiguous()
			}
			return nil, err
		}
	}
	if !cl.succeeded(res.status) {
		apiErr := c.apiError(cl, res)
		apiErr.applied = st.wasAmbiguous()
		return nil, apiErr
	}
	return res, nil
}

// succeeded reports whether status is one the call takes for success.
func (cl call) succeeded(status int) bool {
	return status == cl.want || slices.Contains(cl.alsoWant, status)
}

// readResponse reads the body of resp through the size limit and closes it.
func (c *Client) readResponse(cl call, resp *http.Response) (*response, error) {
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response body: %w", err)
	}
	res := &response{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: data}
	if int64(len(data)) > c.maxBody {
		return nil, c.decodeError(cl, res, fmt.Sprintf("the body is larger than the limit of %d bytes", c.maxBody))
	}
	return res, nil
}

// finalError explains why the retry layer stopped without a response.
func (c *Client) finalError(ctx context.Context, cl call, st *callState, err error) error {
	var (
		tooLong *RetryAfterTooLongError
		gaveUp  *GaveUpError
		decode  *DecodeError
	)
	if errors.As(err, &tooLong) || errors.As(err, &gaveUp) || errors.As(err, &decode) {
		return err
	}
	ambiguous := st.wasAmbiguous()
	attempts, last := st.snapshot()
	reason, deadline := "the request failed", ""
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		deadline = deadlineNameOf(ctx)
		reason = deadline + " ran out"
	case errors.Is(err, context.DeadlineExceeded):
		reason = "the attempt timed out"
	case errors.Is(err, context.Canceled):
		reason = "the operation was cancelled"
	case errors.Is(err, errCrossHostRedirect):
		reason = errCrossHostRedirect.Error()
	case cl.idempotent && transportErrorIsRetryable(err):
		reason = "the retry limit (max retries) was reached"
	case !cl.idempotent:
		reason = "the request failed and is not safe to repeat"
	}
	if last == "" {
		last = describeTransportError(err)
	}
	return &GaveUpError{
		Method: cl.method, Path: cl.path, Attempts: attempts,
		Elapsed: c.clock.Now().Sub(st.started), Deadline: deadline,
		Reason: reason, Last: c.redact(last), Err: err,
		applied: ambiguous,
	}
}

// apiError turns a non-success response into an *APIError, keeping the
// API's own messages, or the raw body when it is not an Error document.
func (c *Client) apiError(cl call, res *response) *APIError {
	apiErr := &APIError{Method: cl.method, Path: cl.path, StatusCode: res.status}
	var eb ErrorBody
	if json.Unmarshal(res.body, &eb) == nil && len(eb.Messages) > 0 {
		for _, m := range eb.Messages {
			apiErr.Messages = append(apiErr.Messages, ErrorMessage{
				ErrorCode: c.redact(m.ErrorCode), Message: c.redact(m.Message),
			})
		}
		return apiErr
	}
	apiErr.Body = c.redact(snippet(res.body, maxErrorBodyChars))
	return apiErr
}

// maxErrorBodyChars bounds how much of a non-JSON error body an error keeps.
const maxErrorBodyChars = 512

// decodeInto decodes a success body into out and checks it with check.
func decodeInto[T any](c *Client, cl call, res *response, check func(*T) error) (*T, error) {
	out := new(T)
	if err := json.Unmarshal(res.body, out); err != nil {
		decodeErr := c.decodeError(cl, res, describeJSONError(err))
		decodeErr.applied = true
		return nil, decodeErr
	}
	if err := check(out); err != nil {
		decodeErr := c.decodeError(cl, res, err.Error())
		// The server answered success: whatever it did, it did.
		decodeErr.applied = true
		return nil, decodeErr
	}
	return out, nil
}

func (c *Client) decodeError(cl call, res *response, reason string) *DecodeError {
	return &DecodeError{
		Method: cl.method, Path: cl.path, StatusCode: res.status,
		ContentType: res.contentType, Reason: reason,
		Snippet: c.redact(snippet(res.body, 64)),
	}
}

func describeJSONError(err error) string {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || err.Error() == "unexpected end of JSON input":
		return "the JSON body is cut short"
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("not valid JSON (at byte %d: %v)", syntaxErr.Offset, err)
	case errors.As(err, &typeErr):
		return fmt.Sprintf("field %q has the wrong type: %v", typeErr.Field, err)
	default:
		return err.Error()
	}
}

// snippet returns at most n bytes of b as text, marking the cut.
func snippet(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}

func isSuccess(status int) bool { return status >= 200 && status < 300 }
