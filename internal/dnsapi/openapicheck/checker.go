// Package openapicheck validates HTTP traffic against the reverse-records part
// of the IONOS Cloud DNS API specification (OpenAPI 3.0.3, DNS API 1.18.0).
//
// Tests put it in front of the fake API (see Wrap) so that a fake that drifts
// from the contract fails loudly instead of teaching the client wrong habits.
// The specification is testdata/openapi.json, the five fragments of the seed
// merged into one document (testdata/README.md says how).
package openapicheck

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/google/uuid"
)

//go:embed testdata/openapi.json
var specJSON []byte

// SpecJSON returns the merged specification the checker validates against.
func SpecJSON() []byte { return bytes.Clone(specJSON) }

// ErrNoOperation is wrapped by request errors for requests the specification
// has no operation for (unknown path or method).
var ErrNoOperation = errors.New("the specification has no operation for this request")

// maxBodyBytes bounds what the checker reads of a request body; the API's
// bodies are a few hundred bytes.
const maxBodyBytes = 1 << 20

// Checker validates requests and responses against the specification. It is
// safe for concurrent use.
type Checker struct {
	router  routers.Router
	options *openapi3filter.Options
}

var defaultChecker = sync.OnceValue(func() *Checker {
	c, err := New()
	if err != nil {
		// The specification is embedded and tested, so this is a build defect.
		panic(fmt.Sprintf("openapicheck: embedded specification: %v", err))
	}
	return c
})

// Default returns a shared Checker for the embedded specification.
func Default() *Checker { return defaultChecker() }

// New loads the embedded specification and builds a Checker.
func New() (*Checker, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(specJSON)
	if err != nil {
		return nil, fmt.Errorf("load specification: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate specification: %w", err)
	}
	// The document names the production server; without servers the router
	// matches on the path alone, which is what a fake on 127.0.0.1 needs.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("build router: %w", err)
	}
	options := &openapi3filter.Options{
		AuthenticationFunc: checkBearer,
		// Defaults would otherwise be written into the request (e.g.
		// limit=100 added to the query) and change what the fake sees.
		SkipSettingDefaults: true,
		MultiError:          true,
		// Formats kin-openapi leaves unchecked by default; scoped to this
		// checker rather than registered globally.
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidators(map[string]openapi3.StringFormatValidator{
				"uuid": openapi3.NewCallbackValidator(validateUUID),
				"uri":  openapi3.NewCallbackValidator(validateAbsoluteURI),
				"ipv4": openapi3.NewCallbackValidator(validateIPv4),
				"ipv6": openapi3.NewCallbackValidator(validateIPv6),
			}),
		},
	}
	// One line per problem instead of kin-openapi's schema dumps.
	options.WithCustomSchemaErrorFunc(func(err *openapi3.SchemaError) string {
		return fmt.Sprintf("at /%s: %s (value %s)", strings.Join(err.JSONPointer(), "/"), err.Reason, compactJSON(err.Value))
	})
	return &Checker{router: router, options: options}, nil
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}

// checkBearer is the AuthenticationFunc for the tokenAuth scheme: an API key
// in the Authorization header that must use the Bearer scheme. Whether the
// token is right is the server's business, not the contract's.
func checkBearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecuritySchemeName != "tokenAuth" {
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	scheme, token, ok := strings.Cut(in.RequestValidationInput.Request.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return errors.New(`the Authorization header must be "Bearer <token>"`)
	}
	return nil
}

func validateUUID(s string) error {
	// The canonical 36-character form only: uuid.Parse also takes URNs,
	// braces and bare hex, which the API does not produce.
	if len(s) != 36 {
		return fmt.Errorf("not a UUID: %q", s)
	}
	if _, err := uuid.Parse(s); err != nil {
		return fmt.Errorf("not a UUID: %q", s)
	}
	return nil
}

// validateIPv4 and validateIPv6 accept what an IP address field may hold:
// netip syntax without a zone (fe80::1%eth0 names an interface, not an
// address the API could own).
func validateIPv4(s string) error { return validateIP(s, true) }
func validateIPv6(s string) error { return validateIP(s, false) }

func validateIP(s string, v4 bool) error {
	addr, err := netip.ParseAddr(s)
	switch {
	case err != nil:
		return fmt.Errorf("not an IP address: %q", s)
	case addr.Zone() != "":
		return fmt.Errorf("IP address with a zone: %q", s)
	case v4 && !addr.Is4():
		return fmt.Errorf("not an IPv4 address: %q", s)
	case !v4 && !addr.Is6():
		return fmt.Errorf("not an IPv6 address: %q", s)
	}
	return nil
}

func validateAbsoluteURI(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("not an absolute URI: %q", s)
	}
	return nil
}

// ValidateRequest checks r against the specification. It reads r.Body and
// puts an identical reader back, so r can still be served afterwards. The
// error wraps ErrNoOperation when no operation matches.
func (c *Checker) ValidateRequest(r *http.Request) error {
	body, err := readAndRestoreBody(r)
	if err != nil {
		return err
	}
	return c.validateRequest(r, body)
}

func (c *Checker) validateRequest(r *http.Request, body []byte) error {
	input, err := c.requestInput(r)
	if err != nil {
		return err
	}
	// Validate a clone: kin-openapi consumes and may rewrite the body.
	clone := r.Clone(r.Context())
	clone.Body = io.NopCloser(bytes.NewReader(body))
	input.Request = clone
	return openapi3filter.ValidateRequest(r.Context(), input)
}

// ValidateResponse checks a response to r. Statuses the operation does not
// list (e.g. 429 or 503 from a gateway) are accepted. r's body is not read.
func (c *Checker) ValidateResponse(r *http.Request, status int, header http.Header, body []byte) error {
	input, err := c.requestInput(r)
	if err != nil {
		return err
	}
	return openapi3filter.ValidateResponse(r.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                c.options,
	})
}

func (c *Checker) requestInput(r *http.Request) (*openapi3filter.RequestValidationInput, error) {
	route, params, err := c.router.FindRoute(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %s %s: %w", ErrNoOperation, r.Method, r.URL.Path, err)
	}
	return &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options:    c.options,
	}, nil
}

// readAndRestoreBody returns the first maxBodyBytes of r's body and puts
// back a body that yields all of it again, so the server still sees an
// oversized body as oversized.
func readAndRestoreBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	r.Body = replayedBody{Reader: io.MultiReader(bytes.NewReader(body), r.Body), Closer: r.Body}
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	return body, nil
}

type replayedBody struct {
	io.Reader
	io.Closer
}
