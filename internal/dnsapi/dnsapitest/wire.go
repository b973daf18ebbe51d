package dnsapitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// The identity the fake claims wrote every record.
const (
	fakeUser   = "fake-user@example.com"
	fakeUserID = "2b5e0b0c-6f6d-4a7e-9c1b-7a4f0d3e2c11"
)

// dateFormat is the API's "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'": always three
// fraction digits, unlike time.Time's JSON form, so the client is tested
// against what the real service sends.
const dateFormat = "2006-01-02T15:04:05.000Z"

// wireRecord is ReverseRecordRead as the fake encodes it; it differs from
// dnsapi.ReverseRecordRead only in the date format of the metadata.
type wireRecord struct {
	ID         string               `json:"id"`
	Type       string               `json:"type"`
	Href       string               `json:"href"`
	Metadata   wireMetadata         `json:"metadata"`
	Properties dnsapi.ReverseRecord `json:"properties"`
}

type wireMetadata struct {
	CreatedDate          string `json:"createdDate"`
	CreatedBy            string `json:"createdBy"`
	CreatedByUserID      string `json:"createdByUserId"`
	LastModifiedDate     string `json:"lastModifiedDate"`
	LastModifiedBy       string `json:"lastModifiedBy"`
	LastModifiedByUserID string `json:"lastModifiedByUserId"`
	ResourceURN          string `json:"resourceURN"`
}

// wireList is ReverseRecordsReadList.
type wireList struct {
	ID     string       `json:"id"`
	Type   string       `json:"type"`
	Href   string       `json:"href"`
	Items  []wireRecord `json:"items"`
	Offset int          `json:"offset"`
	Limit  int          `json:"limit"`
	Links  dnsapi.Links `json:"_links"`
}

func (rec record) wire(base string) wireRecord {
	return wireRecord{
		ID:   rec.id,
		Type: dnsapi.TypeReverseRecord,
		Href: base + recordPrefix + rec.id,
		Metadata: wireMetadata{
			CreatedDate:          rec.created.Format(dateFormat),
			CreatedBy:            fakeUser,
			CreatedByUserID:      fakeUserID,
			LastModifiedDate:     rec.modified.Format(dateFormat),
			LastModifiedBy:       fakeUser,
			LastModifiedByUserID: fakeUserID,
			ResourceURN:          resourceURN(rec.id),
		},
		Properties: rec.props,
	}
}

// api is the record as the client would decode it, for the hooks.
func (rec record) api(base string) dnsapi.ReverseRecordRead {
	return dnsapi.ReverseRecordRead{
		ID:   rec.id,
		Type: dnsapi.TypeReverseRecord,
		Href: base + recordPrefix + rec.id,
		Metadata: dnsapi.Metadata{
			CreatedDate:          rec.created,
			CreatedBy:            fakeUser,
			CreatedByUserID:      fakeUserID,
			LastModifiedDate:     rec.modified,
			LastModifiedBy:       fakeUser,
			LastModifiedByUserID: fakeUserID,
			ResourceURN:          resourceURN(rec.id),
		},
		Properties: rec.props,
	}
}

func resourceURN(id string) string { return "ionos:dns:::reverserecord/" + id }

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep the & in links readable
	if err := enc.Encode(v); err != nil {
		// Only the fake's own types are encoded; this cannot happen.
		panic(err)
	}
	body := buf.Bytes()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError sends the API's Error body with errorCode "DNS-<status>".
func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, dnsapi.ErrorBody{
		HTTPStatus: status,
		Messages:   []dnsapi.ErrorMessage{{ErrorCode: "DNS-" + strconv.Itoa(status), Message: message}},
	})
}
