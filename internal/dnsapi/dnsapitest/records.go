package dnsapitest

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// The operations of the specification, one handler each. They run after
// authentication and routing, with the path id already validated.

// listRecords is GET /reverserecords (reverserecordsGet).
func (f *Fake) listRecords(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	paging := f.paging.get()
	if name := unknownParam(q); name != "" && paging.RejectUnknownParams {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown query parameter %q", name))
		return
	}
	page, err := parsePage(q)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	filter := q[filterParam]
	ips := make([]string, 0, len(filter))
	for _, raw := range filter {
		addr, err := parseIP(raw)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("invalid %s: %v", filterParam, err))
			return
		}
		ips = append(ips, addr.String())
	}

	from := page.offset
	if paging.IgnoreOffset {
		from = 0
	}
	recs, total := f.store.page(ips, from, page.limit)
	base := requestBaseURL(r)
	items := make([]wireRecord, 0, len(recs))
	for _, rec := range recs {
		items = append(items, rec.wire(base))
	}
	writeJSON(w, http.StatusOK, wireList{
		ID:     uuid.NewString(),
		Type:   dnsapi.TypeCollection,
		Href:   base + collectionPath,
		Items:  items,
		Offset: page.offset,
		Limit:  page.limit,
		Links:  pageLinks(base, filter, page, total, paging.Next),
	})
}

// createRecord is POST /reverserecords (reverserecordsPost).
func (f *Fake) createRecord(w http.ResponseWriter, r *http.Request, body []byte) {
	props, ok := f.decodeProperties(w, body)
	if !ok {
		return
	}
	rec, _, err := f.store.ensure(uuid.NewString(), props, f.now())
	if err != nil {
		writeStoreError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, rec.wire(requestBaseURL(r)))
}

// getRecord is GET /reverserecords/{id} (reverserecordsFindById).
func (f *Fake) getRecord(w http.ResponseWriter, r *http.Request, id string) {
	rec, ok := f.store.get(id)
	if !ok {
		writeError(w, http.StatusNotFound, notFoundMessage(id))
		return
	}
	writeJSON(w, http.StatusOK, rec.wire(requestBaseURL(r)))
}

// putRecord is PUT /reverserecords/{id} (reverserecordsPut): "updates or
// creates", so an unknown id is created under that id, and the answer is
// 200 either way, as the specification lists no 201 for PUT.
func (f *Fake) putRecord(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	props, ok := f.decodeProperties(w, body)
	if !ok {
		return
	}
	rec, _, err := f.store.ensure(id, props, f.now())
	if err != nil {
		writeStoreError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rec.wire(requestBaseURL(r)))
}

// deleteRecord is DELETE /reverserecords/{id} (reverserecordsDelete).
func (f *Fake) deleteRecord(w http.ResponseWriter, id string) {
	if !f.store.remove(id) {
		writeError(w, http.StatusNotFound, notFoundMessage(id))
		return
	}
	writeJSON(w, http.StatusAccepted, struct{}{})
}

// decodeProperties parses and validates a POST/PUT body, answering 400 or
// 409 itself when it is unusable. The IP comes back in canonical form.
func (f *Fake) decodeProperties(w http.ResponseWriter, body []byte) (dnsapi.ReverseRecord, bool) {
	props, err := decodeEnsure(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return props, false
	}
	addr, err := parseIP(props.IP)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid properties.ip: "+err.Error())
		return props, false
	}
	if !f.owns(addr) {
		writeError(w, http.StatusConflict, fmt.Sprintf("IP %s is not owned by the contract", addr))
		return props, false
	}
	props.IP = addr.String()
	return props, true
}

func writeStoreError(w http.ResponseWriter, err error) {
	var taken *ipTakenError
	if errors.As(err, &taken) {
		writeError(w, http.StatusConflict, err.Error())
		return
	}
	writeError(w, http.StatusInternalServerError, err.Error())
}

func notFoundMessage(id string) string {
	return fmt.Sprintf("reverse record %s not found", id)
}

// requestBaseURL is the scheme and host the client used, so that hrefs
// and links point back at whatever address the client reached us on.
func requestBaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
