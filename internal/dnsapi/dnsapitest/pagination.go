package dnsapitest

import (
	"fmt"
	"math"
	"net/url"
	"strconv"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// Query parameters of GET /reverserecords.
const (
	filterParam = "filter.recordIp"
	offsetParam = "offset"
	limitParam  = "limit"
)

type pageRequest struct{ offset, limit int }

// parsePage reads offset (int32 ≥ 0, default 0) and limit (1..1000,
// default 100). Anything else is a 400, as the parameters' schemas say.
func parsePage(q url.Values) (pageRequest, error) {
	p := pageRequest{offset: 0, limit: dnsapi.DefaultPageLimit}
	var err error
	if p.offset, err = intParam(q, offsetParam, p.offset, 0, math.MaxInt32); err != nil {
		return p, err
	}
	if p.limit, err = intParam(q, limitParam, p.limit, 1, dnsapi.MaxPageLimit); err != nil {
		return p, err
	}
	return p, nil
}

func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	values, ok := q[name]
	if !ok {
		return def, nil
	}
	if len(values) != 1 {
		return 0, fmt.Errorf("%s must be given at most once", name)
	}
	n, err := strconv.ParseInt(values[0], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s must be an integer, got %q", name, values[0])
	}
	if n < int64(lo) || n > int64(hi) {
		return 0, fmt.Errorf("%s must be between %d and %d, got %d", name, lo, hi, n)
	}
	return int(n), nil
}

// pageLinks builds the _links of a page: self always, prev only when
// offset > 0, next only when offset+limit < total (or as the next mode
// says). They are absolute and carry the filter as the client sent it, so
// following them keeps it.
func pageLinks(base string, filter []string, p pageRequest, total int, next NextLinks) dnsapi.Links {
	link := func(offset int) string {
		q := url.Values{}
		if len(filter) > 0 {
			q[filterParam] = filter
		}
		q.Set(offsetParam, strconv.Itoa(offset))
		q.Set(limitParam, strconv.Itoa(p.limit))
		return base + collectionPath + "?" + q.Encode()
	}
	links := dnsapi.Links{Self: link(p.offset)}
	if p.offset > 0 {
		links.Prev = link(max(0, p.offset-p.limit))
	}
	switch {
	case next == NextAlways, next == NextAsSpecified && p.offset+p.limit < total:
		// Past the end too: still a valid Links object, whose next
		// points at an offset the specification allows.
		links.Next = link(min(p.offset+p.limit, math.MaxInt32))
	}
	return links
}
