package main

import (
	"io"
	"testing"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
)

func TestPagingFlags(t *testing.T) {
	c, err := parseFlags([]string{"-paging-next", "always", "-paging-ignore-offset", "-reject-unknown-params"}, io.Discard)
	want := dnsapitest.Paging{Next: dnsapitest.NextAlways, IgnoreOffset: true, RejectUnknownParams: true}
	if err != nil || c.paging != want {
		t.Fatalf("paging flags: %+v %v; want %+v", c.paging, err, want)
	}
	if c, err := parseFlags([]string{"-paging-next", "never"}, io.Discard); err != nil || c.paging.Next != dnsapitest.NextNever {
		t.Fatalf("-paging-next never: %+v %v", c.paging, err)
	}
	if c, err := parseFlags(nil, io.Discard); err != nil || c.paging != (dnsapitest.Paging{}) {
		t.Fatalf("default paging: %+v %v; want the specification", c.paging, err)
	}
	if _, err := parseFlags([]string{"-paging-next", "sometimes"}, io.Discard); err == nil {
		t.Fatal("-paging-next sometimes accepted")
	}
}
