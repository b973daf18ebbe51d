package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

// adminTimeout bounds one call to the fake's admin endpoints.
const adminTimeout = 30 * time.Second

// admin talks to the fake's control endpoints (no token). It keeps one
// connection alive, so that its own calls do not show up as new
// connections of the command being measured; when it did have to dial,
// it says so and the count is corrected.
type admin struct {
	base   string
	client *http.Client
}

func newAdmin(base string) *admin {
	t := &http.Transport{MaxIdleConns: 1, MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1, IdleConnTimeout: 0}
	return &admin{base: base, client: &http.Client{Transport: t, Timeout: adminTimeout}}
}

// do sends one admin request and decodes a JSON answer into out (if not
// nil). It reports whether the request reused a kept-alive connection.
func (a *admin) do(ctx context.Context, method, path string, out any) (reused bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, adminTimeout)
	defer cancel()
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused },
	})
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, nil)
	if err != nil {
		return false, err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return false, fmt.Errorf("fake admin %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return reused, fmt.Errorf("fake admin %s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return reused, fmt.Errorf("fake admin %s %s: %s: %s", method, path, resp.Status, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return reused, fmt.Errorf("fake admin %s %s: %w", method, path, err)
		}
	}
	return reused, nil
}

// resetStats zeroes the counters and the log and keeps the records.
func (a *admin) resetStats(ctx context.Context) error {
	_, err := a.do(ctx, http.MethodPost, dnsapitest.AdminResetStatsPath, nil)
	return err
}

// stats returns the counters since the last reset. A connection the
// admin client itself had to open for this call is not counted.
func (a *admin) stats(ctx context.Context) (dnsapitest.Stats, error) {
	var s dnsapitest.Stats
	reused, err := a.do(ctx, http.MethodGet, dnsapitest.AdminStatsPath, &s)
	if err == nil && !reused && s.NewConnections > 0 {
		s.NewConnections--
	}
	return s, err
}

// requests returns the request log since the last reset.
func (a *admin) requests(ctx context.Context) ([]dnsapitest.LoggedRequest, error) {
	var l []dnsapitest.LoggedRequest
	_, err := a.do(ctx, http.MethodGet, dnsapitest.AdminRequestsPath, &l)
	return l, err
}

// recordCount returns how many records the fake holds.
func (a *admin) recordCount(ctx context.Context) (int, error) {
	var recs []json.RawMessage
	_, err := a.do(ctx, http.MethodGet, dnsapitest.AdminRecordsPath, &recs)
	return len(recs), err
}
