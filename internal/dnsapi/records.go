package dnsapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/google/uuid"
)

const recordsPath = "/reverserecords"

func recordPath(id string) string { return recordsPath + "/" + url.PathEscape(id) }

// Get returns the record with the given id; IsNotFound(err) when there is
// none.
func (c *Client) Get(ctx context.Context, id string) (*ReverseRecordRead, error) {
	cl := call{method: http.MethodGet, path: recordPath(id), want: http.StatusOK, idempotent: true}
	res, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	return decodeInto(c, cl, res, checkRecord)
}

// NewRecordID returns a fresh id for Create.
func NewRecordID() string { return uuid.NewString() }

// Create makes a new record at id, which the caller takes from
// NewRecordID, and returns it as stored.
//
// It does not POST. It PUTs to the caller's fresh UUID, because the API's
// PUT "updates or creates" at a given id: if a response is lost after the
// server stored the record (a 502, a reset connection, a timeout), the
// retry PUTs the same record to the same id again, which the server treats
// as an update of that record. So any number of retries leaves exactly one
// record, at an id the caller knows even when Create fails: a caller that
// cannot tell whether the record exists can look at that id, and must not
// forget it. A retried POST could promise neither: the server would store
// a duplicate or, since an IP holds one record, answer 409 for the
// caller's own record, whose id the caller never learnt.
func (c *Client) Create(ctx context.Context, id string, rec ReverseRecord) (*ReverseRecordRead, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, fmt.Errorf("create: id %q is not a UUID; take one from NewRecordID", id)
	}
	return c.Put(ctx, id, rec)
}

// Put updates the record with the given id, or creates it there (the API's
// update-or-create). It is idempotent, and retried as such.
func (c *Client) Put(ctx context.Context, id string, rec ReverseRecord) (*ReverseRecordRead, error) {
	defer c.batch.write(id)()
	cl := call{
		method: http.MethodPut, path: recordPath(id), body: ReverseRecordEnsure{Properties: rec},
		want: http.StatusOK, idempotent: true,
	}
	res, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	return decodeInto(c, cl, res, checkRecord)
}

// Post creates a record with POST, letting the server choose the id. It is
// not idempotent: after an ambiguous failure it is not retried, and the
// record may or may not exist. Prefer Create.
//
// The specification answers 201 Created; IONOS's own how-to shows 200 OK
// with the same body. Both are taken for success.
func (c *Client) Post(ctx context.Context, rec ReverseRecord) (*ReverseRecordRead, error) {
	defer c.batch.write("")()
	cl := call{
		method: http.MethodPost, path: recordsPath, body: ReverseRecordEnsure{Properties: rec},
		want: http.StatusCreated, alsoWant: []int{http.StatusOK},
	}
	res, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	return decodeInto(c, cl, res, checkRecord)
}

// Delete asks the API to delete the record. The API accepts the request
// (202) and may finish it later; IsNotFound(err) when there is no such
// record, which also happens when a retried delete had succeeded.
func (c *Client) Delete(ctx context.Context, id string) error {
	defer c.batch.write(id)()
	_, err := c.do(ctx, call{method: http.MethodDelete, path: recordPath(id), want: http.StatusAccepted, idempotent: true})
	return err
}

// ListOptions selects one page of records.
type ListOptions struct {
	// IPs keeps only the records of these addresses (filter.recordIp).
	IPs []string
	// Offset is the index of the first record; Limit the page size, at
	// most MaxPageLimit. Zero Limit means the API's default (100).
	Offset, Limit int
}

// ListPage returns one page of records.
func (c *Client) ListPage(ctx context.Context, opts ListOptions) (*ReverseRecordsReadList, error) {
	q := url.Values{}
	for _, ip := range opts.IPs {
		q.Add("filter.recordIp", ip)
	}
	if opts.Offset > 0 {
		q.Set("offset", strconv.Itoa(opts.Offset))
	}
	if opts.Limit > 0 {
		q.Set("limit", strconv.Itoa(opts.Limit))
	}
	cl := call{method: http.MethodGet, path: recordsPath, query: q, want: http.StatusOK, idempotent: true}
	res, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	return decodeInto(c, cl, res, checkList)
}

// checkRecord rejects a 200 whose body is JSON but not a record.
func checkRecord(r *ReverseRecordRead) error {
	switch {
	case r.ID == "":
		return errors.New(`the record has no "id"`)
	case r.Properties.IP == "":
		return errors.New(`the record has no "properties.ip"`)
	case r.Properties.Name == "":
		return errors.New(`the record has no "properties.name"`)
	}
	return nil
}

// checkList rejects a 200 whose body is JSON but not a page of records.
func checkList(l *ReverseRecordsReadList) error {
	if l.Items == nil {
		return errors.New(`the list has no "items"`)
	}
	for i := range l.Items {
		if err := checkRecord(&l.Items[i]); err != nil {
			return errors.New("item " + strconv.Itoa(i) + ": " + err.Error())
		}
	}
	return nil
}
