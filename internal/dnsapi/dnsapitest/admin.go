package dnsapitest

import (
	"net/http"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/openapicheck"
)

// Admin endpoints, for scripts driving the standalone fake (cmd/fakeapi).
// They are not part of the API: no token, not logged, not counted.
const (
	AdminRecordsPath  = openapicheck.AdminPrefix + "records"  // GET: JSON array of ReverseRecordRead
	AdminStatsPath    = openapicheck.AdminPrefix + "stats"    // GET: Stats
	AdminRequestsPath = openapicheck.AdminPrefix + "requests" // GET: JSON array of LoggedRequest
	AdminResetPath    = openapicheck.AdminPrefix + "reset"    // POST: Reset, answers 204
	// AdminResetStatsPath empties the request log and zeroes the counters
	// but keeps the records, so that a benchmark can measure one command
	// at a time against the state the previous one left.
	AdminResetStatsPath = openapicheck.AdminPrefix + "reset-stats" // POST: ResetRequests and ResetStats, answers 204
)

func (f *Fake) serveAdmin(w http.ResponseWriter, r *http.Request) {
	method := http.MethodGet
	if r.URL.Path == AdminResetPath || r.URL.Path == AdminResetStatsPath {
		method = http.MethodPost
	}
	switch r.URL.Path {
	case AdminRecordsPath, AdminStatsPath, AdminRequestsPath, AdminResetPath, AdminResetStatsPath:
	default:
		writeError(w, http.StatusNotFound, "no such admin endpoint: "+r.URL.Path)
		return
	}
	if r.Method != method {
		methodNotAllowed(w, r, method)
		return
	}

	switch r.URL.Path {
	case AdminRecordsPath:
		base := requestBaseURL(r)
		recs := f.store.all()
		out := make([]wireRecord, 0, len(recs))
		for _, rec := range recs {
			out = append(out, rec.wire(base))
		}
		writeJSON(w, http.StatusOK, out)
	case AdminStatsPath:
		writeJSON(w, http.StatusOK, f.Stats())
	case AdminRequestsPath:
		writeJSON(w, http.StatusOK, f.Requests())
	case AdminResetPath:
		f.Reset()
		w.WriteHeader(http.StatusNoContent)
	case AdminResetStatsPath:
		f.ResetRequests()
		f.ResetStats()
		w.WriteHeader(http.StatusNoContent)
	}
}
