package dnsapi

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Defaults for Config fields left at their zero value.
const (
	DefaultRetryWaitMin   = 250 * time.Millisecond
	DefaultRetryWaitMax   = 10 * time.Second
	DefaultMaxRetryAfter  = 60 * time.Second
	DefaultAttemptTimeout = 60 * time.Second
	// DefaultCallTimeout bounds a call whose context has no deadline.
	DefaultCallTimeout      = 10 * time.Minute
	DefaultMaxResponseBytes = 16 << 20
	// defaultIdleConnsPerHost is above Terraform's default parallelism (10)
	// so that concurrent requests reuse kept-alive connections instead of
	// opening new ones; Go's own default keeps only 2 idle per host.
	defaultIdleConnsPerHost = 32
)

// Config says where and how the client talks to the API. Only Token is
// required.
type Config struct {
	// Endpoint is the API's base URL; DefaultEndpoint when empty.
	Endpoint string
	// Token is sent as "Authorization: Bearer <Token>". It never appears in
	// a log line or an error.
	Token string
	// ContractNumber, when set, is sent as X-Contract-Number (for users
	// with access to several contracts).
	ContractNumber string
	// UserAgent is sent as User-Agent.
	UserAgent string

	// MaxRetries, when positive, caps how many times a request may be
	// repeated after its first attempt; negative means never. Zero means
	// no cap: a call is retried until its context's deadline (or
	// CallTimeout), the budget that matters to a caller.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin, RetryWaitMax time.Duration
	// MaxRetryAfter is the longest Retry-After the client will honour; a
	// longer one fails the request at once with *RetryAfterTooLongError.
	MaxRetryAfter time.Duration
	// AttemptTimeout bounds one attempt, including reading its body but
	// not the waits before it. The caller's context bounds the whole call.
	AttemptTimeout time.Duration
	// CallTimeout bounds a call whose context has no deadline; default
	// DefaultCallTimeout.
	CallTimeout time.Duration
	// MaxRequestsPerSecond, when positive, is a hard cap on the rate of
	// requests (attempts) of this client, for users who know their
	// contract's limit. Without it the client paces itself only once the
	// API answers 429, following the limit it meets (see pacer.go).
	MaxRequestsPerSecond float64
	// MaxResponseBytes bounds how much of a response body is read.
	MaxResponseBytes int64

	// HTTPClient, when set, is used for the requests (its Transport,
	// Timeout and Jar are kept; redirects to other hosts are always
	// refused). Otherwise a pooled keep-alive client is made. Its
	// Timeout, if set, also counts the waits before each attempt: leave
	// it zero and set AttemptTimeout instead.
	HTTPClient *http.Client

	// Log, when set, receives one line per attempt and per retry. Fields
	// never hold the token or the Authorization header.
	Log LogFunc

	// clock is time for the retry policy and the pacer; tests inject a
	// virtual one.
	clock clock
}

// LogFunc receives the client's log lines. The provider points it at a
// tflog subsystem; other users may point it at anything.
type LogFunc func(ctx context.Context, msg string, fields map[string]any)

// Client talks to the reverse-records API. It is safe for concurrent use
// and should be shared, so that connections are kept alive and reused.
type Client struct {
	base     *url.URL
	header   http.Header
	retry    *retryablehttp.Client
	policy   *retryPolicy
	pacer    *pacer
	clock    clock
	maxBody  int64
	log      LogFunc
	redactor *strings.Replacer

	attemptTimeout, callTimeout time.Duration
	// batch gathers reads of known records (batch.go).
	batch *batcher
	// maxPages caps a walk over the list's pages (pagewalk.go); zero
	// means defaultMaxPages. Tests lower it.
	maxPages int
	// ledger is the bookkeeping of this process's deletes and adoptions
	// (ledger.go).
	ledger *Ledger
}

// Ledger returns the client's ledger: one per client, so one per provider
// process, shared by all its operations.
func (c *Client) Ledger() *Ledger { return c.ledger }

// New checks cfg and returns a client.
func New(cfg Config) (*Client, error) {
	if cfg.Token == "" {
		return nil, errors.New("dnsapi: no token configured")
	}
	base, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	cfg = withDefaults(cfg)

	header := http.Header{}
	header.Set("Authorization", "Bearer "+cfg.Token)
	header.Set("Accept", "application/json")
	if cfg.UserAgent != "" {
		header.Set("User-Agent", cfg.UserAgent)
	}
	if cfg.ContractNumber != "" {
		header.Set("X-Contract-Number", cfg.ContractNumber)
	}

	c := &Client{
		base:           base,
		header:         header,
		clock:          cfg.clock,
		pacer:          newPacer(cfg.clock, cfg.MaxRequestsPerSecond),
		maxBody:        cfg.MaxResponseBytes,
		log:            cfg.Log,
		redactor:       strings.NewReplacer(cfg.Token, redacted),
		attemptTimeout: cfg.AttemptTimeout,
		callTimeout:    cfg.CallTimeout,
	}
	c.batch = newBatcher(c, realClock{})
	c.ledger = NewLedger()
	c.policy = &retryPolicy{
		minWait: cfg.RetryWaitMin, maxWait: cfg.RetryWaitMax, maxRetryAfter: cfg.MaxRetryAfter,
		maxRetries: cfg.MaxRetries, clock: cfg.clock,
	}
	c.retry = &retryablehttp.Client{
		HTTPClient: c.httpClient(cfg),
		// The policy decides when to stop: at the call's deadline, or
		// at Config.MaxRetries.
		RetryMax:     math.MaxInt32,
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		CheckRetry:   c.policy.checkRetry,
		Backoff:      c.policy.backoff,
		// Keep the last response, body unread, when retries run out: its
		// status and the API's message are what the caller must see.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return c, nil
}

func withDefaults(cfg Config) Config {
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = -1 // no cap
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0 // never retry
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = DefaultCallTimeout
	}
	if cfg.clock == nil {
		cfg.clock = realClock{}
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	cfg.RetryWaitMax = max(cfg.RetryWaitMax, cfg.RetryWaitMin)
	if cfg.MaxRetryAfter <= 0 {
		cfg.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if cfg.AttemptTimeout <= 0 {
		cfg.AttemptTimeout = DefaultAttemptTimeout
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	return cfg
}

func parseEndpoint(endpoint string) (*url.URL, error) {
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("dnsapi: endpoint %q is not a URL: %w", endpoint, err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("dnsapi: endpoint %q must be an absolute http(s) URL such as %s", endpoint, DefaultEndpoint)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("dnsapi: endpoint %q must not carry a query, fragment or user info", endpoint)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// httpClient builds the *http.Client under the retry layer: the caller's,
// or a keep-alive pool sized for Terraform's parallelism.
func (c *Client) httpClient(cfg Config) *http.Client {
	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns = 100
		t.MaxIdleConnsPerHost = defaultIdleConnsPerHost
		hc.Transport = t
	}
	if hc.Transport == nil {
		hc.Transport = http.DefaultTransport
	}
	hc.Transport = &observedTransport{next: hc.Transport, client: c}
	hc.CheckRedirect = c.checkRedirect
	return &hc
}

// maxRedirects bounds redirect chains on the endpoint's own host.
const maxRedirects = 5

// errCrossHostRedirect is returned for a redirect to another host: the
// request carries the token, which must reach only the configured
// endpoint, so such redirects are refused rather than followed without it.
var errCrossHostRedirect = errors.New("redirect to another host refused: the API token is only ever sent to the configured endpoint")

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	if !strings.EqualFold(req.URL.Host, c.base.Host) || req.URL.Scheme != c.base.Scheme {
		return fmt.Errorf("%w (to %s://%s)", errCrossHostRedirect, req.URL.Scheme, req.URL.Host)
	}
	return nil
}
