package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

// Bounds of the poll for a deletion the API accepted but may not have
// finished: first look at once, then back off up to deletePollMax.
const (
	deletePollFirst = 250 * time.Millisecond
	deletePollMax   = 5 * time.Second
)

// waitUntilDeleted polls the record, last known at ip, until the API says
// it is gone, or ctx (the delete timeout) ends. On the happy path it costs
// one filtered list request at most: while the API admits everything it
// goes at once (with the confirmations already waiting, if any); once the
// API throttles, the confirmations of the deletes running beside it are
// asked together (see dnsapi's batch.go).
func waitUntilDeleted(ctx context.Context, client *dnsapi.Client, id, ip string) error {
	wait := deletePollFirst
	for {
		gone, err := client.ConfirmDeleted(ctx, id, ip)
		switch {
		case err != nil:
			return err
		case gone:
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the record still exists after the delete was accepted: %w", ctx.Err())
		case <-time.After(wait):
		}
		wait = min(wait*2, deletePollMax)
	}
}
