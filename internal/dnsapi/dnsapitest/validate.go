package dnsapitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"

	"github.com/google/uuid"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// parseID accepts a record id in the canonical 36-character UUID form
// (any case) and returns it lower-cased, the form the fake hands out.
// uuid.Parse alone would also take URNs, braces and bare hex.
func parseID(s string) (string, error) {
	u, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return "", fmt.Errorf("invalid reverse record id %q: not a UUID", s)
	}
	return u.String(), nil
}

// parseIP accepts an IPv4 or IPv6 address without a zone: fe80::1%eth0
// names an interface, not an address a contract can own.
func parseIP(s string) (netip.Addr, error) {
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%q is not an IP address", s)
	}
	if addr.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("%q has a zone; give a plain IP address", s)
	}
	return addr, nil
}

// ensureBody is the request body of POST and PUT (ReverseRecordCreate,
// ReverseRecordEnsure); the pointer tells a missing "properties" apart.
type ensureBody struct {
	Properties *dnsapi.ReverseRecord `json:"properties"`
}

// decodeEnsure parses a POST/PUT body and checks the required fields. The
// IP is only checked for presence here; parseIP judges its syntax.
func decodeEnsure(body []byte) (dnsapi.ReverseRecord, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return dnsapi.ReverseRecord{}, errors.New("request body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var b ensureBody
	if err := dec.Decode(&b); err != nil {
		return dnsapi.ReverseRecord{}, fmt.Errorf("malformed JSON body: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return dnsapi.ReverseRecord{}, errors.New("malformed JSON body: data after the object")
	}
	if b.Properties == nil {
		return dnsapi.ReverseRecord{}, errors.New("properties is required")
	}
	p := *b.Properties
	switch {
	case strings.TrimSpace(p.Name) == "":
		return p, errors.New("properties.name is required")
	case p.IP == "":
		return p, errors.New("properties.ip is required")
	}
	return p, nil
}
