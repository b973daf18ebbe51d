package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// descLookupNameRegex describes the singular data source's name_regex.
const descLookupNameRegex = "Look the record up by a regular expression, in " +
	"[RE2 syntax](https://github.com/google/re2/wiki/Syntax), matched against the name as the API returns it, " +
	"among all the contract's records; it must match exactly one. Unanchored, it matches anywhere in the name " +
	"(`web-1` matches `web-1.example.com` and `old-web-1.example.com`); anchor it with `^` and `$` to match the whole name, " +
	"and use `(?i)` to ignore case. Checked when the configuration is validated. " +
	"It takes the place of `partial_match = true` in IONOS's `ionoscloud_dns_reverse_record` data source: " +
	"a plain substring is a pattern once its special characters (such as `.`) are escaped with `\\`."

// maxListedMatches is how many of several matching records an error names.
const maxListedMatches = 5

// byNameRegex returns the one record whose name matches pattern, with the
// plural data source's filter (the same RE2 matching, the same pages).
func (d *reverseRecordDataSource) byNameRegex(ctx context.Context, pattern types.String, diags *diag.Diagnostics) *dnsapi.ReverseRecordRead {
	attr := path.Root("name_regex")
	_, filter, err := recordFilterModel{NameRegex: pattern}.query()
	if err != nil {
		// Validation refuses such a pattern first; this guards a read
		// that was not validated.
		diags.AddAttributeError(attr, "Invalid Regular Expression", err.Error())
		return nil
	}
	all, err := d.client.ListAll(ctx)
	if err != nil {
		diags.AddError("Failed to list reverse records", describeAPIError(err))
		return nil
	}
	matches := filterRecords(all, filter)
	re := pattern.ValueString()
	switch len(matches) {
	case 1:
		return &matches[0]
	case 0:
		diags.AddAttributeError(attr, fmt.Sprintf("No reverse record's name matches %q", re),
			fmt.Sprintf("None of the contract's %d reverse records has a name that matches the regular expression %q "+
				"(matched against the name as the API returns it; use (?i) to ignore case).", len(all), re))
		return nil
	}
	diags.AddAttributeError(attr, fmt.Sprintf("%d reverse records match name_regex %q", len(matches), re),
		fmt.Sprintf("name_regex must match exactly one record's name. %s\n\n"+
			"Narrow the pattern: anchor it with ^ and $ to match whole names, or make it longer. "+
			"Or look the record up by ip, id or name; to read all of them, use the ionosdns_reverse_records "+
			"data source with the same name_regex.", listMatches(matches)))
	return nil
}

// listMatches names up to maxListedMatches of the records, with their IPs,
// ordered by name and then by IP so that the message is the same from run
// to run whatever order the API uses.
func listMatches(records []dnsapi.ReverseRecordRead) string {
	sorted := slices.Clone(records)
	sortByIP(sorted)
	slices.SortStableFunc(sorted, func(a, b dnsapi.ReverseRecordRead) int {
		return strings.Compare(fwtypes.NormalizeHostname(a.Properties.Name), fwtypes.NormalizeHostname(b.Properties.Name))
	})
	var b strings.Builder
	if len(sorted) > maxListedMatches {
		fmt.Fprintf(&b, "The first %d of the %d matches, by name:", maxListedMatches, len(sorted))
	} else {
		fmt.Fprintf(&b, "The %d matches, by name:", len(sorted))
	}
	for _, r := range sorted[:min(len(sorted), maxListedMatches)] {
		fmt.Fprintf(&b, "\n  - %s (%s)", r.Properties.Name, r.Properties.IP)
	}
	if more := len(sorted) - maxListedMatches; more > 0 {
		fmt.Fprintf(&b, "\n  and %d more.", more)
	}
	return b.String()
}
