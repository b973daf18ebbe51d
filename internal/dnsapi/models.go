// Package dnsapi is a client for the reverse-records part of the IONOS Cloud
// DNS API (OpenAPI "IONOS Cloud - DNS API" 1.18.0). It has no Terraform
// imports so that it can be used, and tested, on its own.
package dnsapi

import "time"

// The wire types below mirror the schemas of the API specification one to
// one; their names are the schema names.

// ReverseRecord is the user-settable part of a record (schema ReverseRecord).
type ReverseRecord struct {
	// Name is the hostname the IP resolves back to.
	Name string `json:"name"`
	// Description is free text; the API omits it when empty.
	Description string `json:"description,omitempty"`
	// IP is the IPv4 or IPv6 address the record is for.
	IP string `json:"ip"`
}

// Metadata is the read-only bookkeeping the API keeps per record (schema
// Metadata).
type Metadata struct {
	CreatedDate          time.Time `json:"createdDate,omitzero"`
	CreatedBy            string    `json:"createdBy,omitempty"`
	CreatedByUserID      string    `json:"createdByUserId,omitempty"`
	LastModifiedDate     time.Time `json:"lastModifiedDate,omitzero"`
	LastModifiedBy       string    `json:"lastModifiedBy,omitempty"`
	LastModifiedByUserID string    `json:"lastModifiedByUserId,omitempty"`
	ResourceURN          string    `json:"resourceURN,omitempty"`
}

// ReverseRecordRead is a record as the API returns it (schema
// ReverseRecordRead).
type ReverseRecordRead struct {
	ID         string        `json:"id"`
	Type       string        `json:"type"`
	Href       string        `json:"href"`
	Metadata   Metadata      `json:"metadata"`
	Properties ReverseRecord `json:"properties"`
}

// ReverseRecordEnsure is the request body of POST and PUT (schemas
// ReverseRecordCreate and ReverseRecordEnsure, which are identical).
type ReverseRecordEnsure struct {
	Properties ReverseRecord `json:"properties"`
}

// Links holds the absolute URLs of the adjacent pages (schema Links).
type Links struct {
	Prev string `json:"prev,omitempty"`
	Self string `json:"self,omitempty"`
	Next string `json:"next,omitempty"`
}

// ReverseRecordsReadList is one page of records (schema
// ReverseRecordsReadList).
type ReverseRecordsReadList struct {
	ID    string              `json:"id"`
	Type  string              `json:"type"`
	Href  string              `json:"href"`
	Items []ReverseRecordRead `json:"items"`
	// Offset and Limit are JSON numbers in the specification, not
	// integers, so they are decoded as such.
	Offset float64 `json:"offset"`
	Limit  float64 `json:"limit"`
	Links  Links   `json:"_links"`
}

// ErrorBody is the body of every failed response (schema Error).
type ErrorBody struct {
	HTTPStatus int            `json:"httpStatus,omitempty"`
	Messages   []ErrorMessage `json:"messages,omitempty"`
}

// ErrorMessage is one entry of ErrorBody.Messages.
type ErrorMessage struct {
	ErrorCode string `json:"errorCode,omitempty"`
	Message   string `json:"message,omitempty"`
}

// Values the API uses for the "type" fields and for pagination.
const (
	TypeReverseRecord = "reverserecord"
	TypeCollection    = "collection"

	// DefaultPageLimit is what the API returns when no limit is given.
	DefaultPageLimit = 100
	// MaxPageLimit is the largest limit the API accepts.
	MaxPageLimit = 1000
	// DefaultEndpoint is the Frankfurt server of the specification.
	DefaultEndpoint = "https://dns.de-fra.ionos.com"
)
