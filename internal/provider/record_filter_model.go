package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// recordFilterModel holds the filter attributes that the
// ionosdns_reverse_records data source and the ionosdns_reverse_record list
// resource share. Both schemas declare them with the descriptions and
// validators below, so they accept and document the same things.
type recordFilterModel struct {
	IPs       []fwtypes.IPAddressValue `tfsdk:"ips"`
	Name      fwtypes.HostnameValue    `tfsdk:"name"`
	NameRegex types.String             `tfsdk:"name_regex"`
}

// Descriptions of the filter attributes.
const (
	descFilterIPs = "Only the records of these IP addresses, each " + fwtypes.IPAddressRules + ". " +
		"The API filters by them (long lists are sent in several requests). Addresses without a record are left out of the result."
	descFilterName = "Only the records with this name, compared ignoring case and one trailing dot; " +
		"it must be " + fwtypes.HostnameRules + "."
	descFilterNameRegex = "Only the records whose name matches this regular expression, in " +
		"[RE2 syntax](https://github.com/google/re2/wiki/Syntax), matched against the name as the API returns it " +
		"(use `(?i)` to ignore case). Checked when the configuration is validated."
)

// filterIPsValidators validate the ips filter: a list that is not empty
// (an empty list would silently mean "all"), of IP addresses.
func filterIPsValidators() []validator.List {
	return []validator.List{
		listvalidator.SizeAtLeast(1),
		listvalidator.ValueStringsAre(fwtypes.IPAddressElement()),
	}
}

// filterNameRegexValidators validate the name_regex filter.
func filterNameRegexValidators() []validator.String {
	return []validator.String{regexpRule}
}

// query returns the addresses to ask the API for (none: all records) and
// the filter to apply to its answer. The regular expression was validated
// with the configuration; it is compiled again here, and an error returned
// rather than a panic, because a list request may come without a prior
// validation.
func (m recordFilterModel) query() ([]string, recordFilter, error) {
	filter := recordFilter{name: m.Name.ValueString()}
	if !m.NameRegex.IsNull() && !m.NameRegex.IsUnknown() {
		re, err := regexp.Compile(m.NameRegex.ValueString())
		if err != nil {
			return nil, filter, fmt.Errorf("name_regex %q is not a valid RE2 regular expression: %w", m.NameRegex.ValueString(), err)
		}
		filter.nameRegex = re
	}
	ips := make([]string, len(m.IPs))
	for i, ip := range m.IPs {
		ips[i] = ip.ValueString()
	}
	return ips, filter, nil
}

// listMatching reads every page of the records of ips (of all records
// without ips) and returns those f matches, ordered by IP address so that
// the result is the same from run to run whatever order the API uses.
func listMatching(ctx context.Context, client *dnsapi.Client, ips []string, f recordFilter) ([]dnsapi.ReverseRecordRead, error) {
	all, err := client.ListAll(ctx, ips...)
	if err != nil {
		return nil, err
	}
	matches := filterRecords(all, f)
	sortByIP(matches)
	return matches, nil
}
