// Command fakerecords prints the records a running fake API
// (internal/cmd/fakeapi) holds, for scripts/demo.sh. It needs neither curl
// nor jq, only Go, and talks only to a loopback address:
//
//	go run ./scripts/fakerecords -url http://127.0.0.1:PORT [-want N] [-json]
//
// With -want it exits 1 when the fake holds a different number of records.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// adminRecordsPath is the fake's control endpoint listing every record; it
// needs no token.
const adminRecordsPath = "/_fake/records"

type record struct {
	ID         string `json:"id"`
	Properties struct {
		IP          string `json:"ip"`
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"properties"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fakerecords:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("fakerecords", flag.ContinueOnError)
	base := fs.String("url", "", "base `URL` of the fake API (loopback only)")
	want := fs.Int("want", -1, "fail unless the fake holds exactly `N` records (-1: any number)")
	asJSON := fs.Bool("json", false, "print the records as indented JSON instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := url.Parse(strings.TrimSuffix(strings.TrimSpace(*base), "/"))
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("-url %q: want http://127.0.0.1:PORT", *base)
	}
	if addr, err := netip.ParseAddr(u.Hostname()); err != nil || !addr.IsLoopback() {
		return fmt.Errorf("-url %q: the fake is only ever on a loopback address", *base)
	}

	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(u.String() + adminRecordsPath)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("the fake did not answer within %s", client.Timeout)
		}
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", adminRecordsPath, resp.Status, strings.TrimSpace(string(body)))
	}
	var recs []record
	if err := json.Unmarshal(body, &recs); err != nil {
		return fmt.Errorf("decoding %s: %w", adminRecordsPath, err)
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Properties.IP < recs[j].Properties.IP })

	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(recs); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(out, "The fake API holds %d reverse record(s):\n", len(recs))
		if len(recs) > 0 {
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "  IP\tNAME\tDESCRIPTION\tID")
			for _, r := range recs {
				p := r.Properties
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", p.IP, p.Name, p.Description, r.ID)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	if *want >= 0 && len(recs) != *want {
		return fmt.Errorf("the fake holds %d records, want %d", len(recs), *want)
	}
	return nil
}
