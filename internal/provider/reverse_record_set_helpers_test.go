package provider

// Helpers of the ionosdns_reverse_record_set tests: the state and the
// fake's records and request log, compared.

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi/dnsapitest"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// setState returns the set's attribute values from a state.
func setState(state *tfjson.State, addr string) (map[string]any, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil, fmt.Errorf("the state is empty")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == addr {
			return r.AttributeValues, nil
		}
	}
	return nil, fmt.Errorf("%s is not in the state", addr)
}

// stateRecordKeys returns the keys of the set's records in the state.
// The record ids are in private state, which Terraform does not show:
// tests check them through the fake (its ids, kept or not across steps,
// and exactly which records exist).
func stateRecordKeys(state *tfjson.State, addr string) (map[string]bool, error) {
	attrs, err := setState(state, addr)
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	raw, _ := attrs["records"].(map[string]any)
	for k := range raw {
		keys[k] = true
	}
	return keys, nil
}

// checkSetMatchesFake checks that the fake holds exactly want (by address,
// in any notation), and that the state's records have exactly want's keys.
func checkSetMatchesFake(srv *dnsapitest.Server, addr string, want map[string]setRec) statecheck.StateCheck {
	return checkSetMatchesFakeAmong(srv, addr, want, 0)
}

// checkSetMatchesFakeAmong is checkSetMatchesFake on a fake that also
// holds others records the set does not manage.
func checkSetMatchesFakeAmong(srv *dnsapitest.Server, addr string, want map[string]setRec, others int) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		resp.Error = func() error {
			byIP := map[string]dnsapi.ReverseRecordRead{}
			for _, r := range srv.Records() {
				byIP[r.Properties.IP] = r
			}
			if len(byIP) != len(want)+others {
				return fmt.Errorf("the fake holds %d records, want %d", len(byIP), len(want)+others)
			}
			keys, err := stateRecordKeys(req.State, addr)
			if err != nil {
				return err
			}
			if len(keys) != len(want) {
				return fmt.Errorf("records has %d keys, want %d", len(keys), len(want))
			}
			for key, w := range want {
				ip, _ := fwtypes.CanonicalIP(key)
				rec, ok := byIP[ip]
				switch {
				case !ok:
					return fmt.Errorf("the fake holds no record for %s", key)
				case rec.Properties.Name != w.name || rec.Properties.Description != w.description:
					return fmt.Errorf("the fake holds %s → %q (%q), want %q (%q)", key, rec.Properties.Name, rec.Properties.Description, w.name, w.description)
				case !keys[key]:
					return fmt.Errorf("records has no key %q", key)
				}
			}
			return nil
		}()
	})
}

// fakeIDs returns the fake's record id of each address.
func fakeIDs(srv *dnsapitest.Server) map[string]string {
	ids := map[string]string{}
	for _, r := range srv.Records() {
		ids[r.Properties.IP] = r.ID
	}
	return ids
}

// writesOf returns the PUT and DELETE requests logged, by method.
func writesOf(srv *dnsapitest.Server) map[string][]string {
	w := map[string][]string{}
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPut || r.Method == http.MethodDelete || r.Method == http.MethodPost {
			w[r.Method] = append(w[r.Method], strings.TrimPrefix(r.Path, "/reverserecords/"))
		}
	}
	return w
}

// expectReadsOf checks that every request logged is a filtered list of at
// most 100 addresses, and that they come in reads of perRead requests.
func expectReadsOf(srv *dnsapitest.Server, perRead int) error {
	reqs := srv.Requests()
	for _, r := range reqs {
		if r.Method != http.MethodGet || r.Path != "/reverserecords" {
			return fmt.Errorf("a refresh sent %s %s", r.Method, r.Path)
		}
		if n := strings.Count(r.RawQuery, "filter.recordIp="); n == 0 || n > 100 {
			return fmt.Errorf("a list request filters for %d addresses, want 1 to 100", n)
		}
	}
	if len(reqs) == 0 || len(reqs)%perRead != 0 {
		return fmt.Errorf("%d list requests, want reads of %d each", len(reqs), perRead)
	}
	return nil
}
