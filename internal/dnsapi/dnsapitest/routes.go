package dnsapitest

import (
	"fmt"
	"net/http"
	"strings"
)

const (
	collectionPath = "/reverserecords"
	recordPrefix   = collectionPath + "/"
)

// route dispatches an authenticated API request to its operation. It is
// written out by hand rather than with http.ServeMux so that 404 and 405
// carry the API's Error body.
func (f *Fake) route(w http.ResponseWriter, r *http.Request, body []byte) {
	path := r.URL.Path
	rawID, isRecordPath := recordIDFromPath(path)
	switch {
	case path == collectionPath:
		switch r.Method {
		case http.MethodGet:
			f.listRecords(w, r)
		case http.MethodPost:
			f.createRecord(w, r, body)
		default:
			methodNotAllowed(w, r, "GET, POST")
		}
	case isRecordPath:
		switch r.Method {
		case http.MethodGet, http.MethodPut, http.MethodDelete:
		default:
			methodNotAllowed(w, r, "GET, PUT, DELETE")
			return
		}
		id, err := parseID(rawID)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		switch r.Method {
		case http.MethodGet:
			f.getRecord(w, r, id)
		case http.MethodPut:
			f.putRecord(w, r, id, body)
		case http.MethodDelete:
			f.deleteRecord(w, id)
		}
	default:
		writeError(w, http.StatusNotFound, fmt.Sprintf("no such resource: %s", path))
	}
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s is not allowed on %s", r.Method, r.URL.Path))
}

// recordIDFromPath extracts {reverserecordId} from /reverserecords/{id}; it
// must be one non-empty path segment.
func recordIDFromPath(path string) (string, bool) {
	id, ok := strings.CutPrefix(path, recordPrefix)
	if !ok || id == "" || strings.Contains(id, "/") {
		return "", false
	}
	return id, true
}
