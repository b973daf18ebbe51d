package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
	"github.com/ionosdns/terraform-provider-ionosdns/internal/provider/fwtypes"
)

// maxConflictRounds bounds how often a write meets a 409, has the ledger
// wait for the record's delete, and tries again.
const maxConflictRounds = 5

// writeOutcome is what createResolving or updateResolving did.
type writeOutcome struct {
	record *dnsapi.ReverseRecordRead
	// adopted is set when record is an existing identical record the
	// create took over instead of making a new one.
	adopted bool
	// err is the last API error, when record is nil; conflict, when it
	// was a 409 the ledger could not resolve, and why.
	err      error
	conflict *dnsapi.Resolution
	existing *dnsapi.ReverseRecordRead
}

// createResolving creates rec at id. A 409 from a record this process is
// deleting, or is about to delete, is waited out; one from an identical
// record nothing deletes is adopted (dnsapi.Ledger decides which).
func createResolving(ctx context.Context, client *dnsapi.Client, id string, rec dnsapi.ReverseRecord) writeOutcome {
	ledger := client.Ledger()
	return writeResolving(ctx, client, rec.IP, "create",
		func() (*dnsapi.ReverseRecordRead, error) {
			created, err := client.Create(ctx, id, rec)
			if err == nil {
				ledger.Created(created.ID)
			}
			return created, err
		},
		func(existing *dnsapi.ReverseRecordRead) (dnsapi.Resolution, error) {
			return ledger.Resolve(ctx, existing, rec)
		})
}

// updateResolving writes rec to the record id. When the update moves the
// record to an address that a record this process is deleting still
// holds (a for_each key taking over the address of a removed one), the
// 409 is waited out as a create's is; nothing is adopted.
func updateResolving(ctx context.Context, client *dnsapi.Client, id string, rec dnsapi.ReverseRecord) writeOutcome {
	return writeResolving(ctx, client, rec.IP, "update",
		func() (*dnsapi.ReverseRecordRead, error) { return client.Put(ctx, id, rec) },
		func(existing *dnsapi.ReverseRecordRead) (dnsapi.Resolution, error) {
			if existing.ID == id {
				return dnsapi.Resolution{Verdict: dnsapi.Conflict, Reason: "the API refused the record's own address"}, nil
			}
			return client.Ledger().ResolveMove(ctx, existing)
		})
}

// writeResolving runs write until it succeeds, fails with anything but a
// 409, or meets a 409 that resolve (the ledger) does not clear; what
// names the operation in errors.
func writeResolving(ctx context.Context, client *dnsapi.Client, ip, what string,
	write func() (*dnsapi.ReverseRecordRead, error),
	resolve func(existing *dnsapi.ReverseRecordRead) (dnsapi.Resolution, error),
) writeOutcome {
	var last error
	for range maxConflictRounds {
		written, err := write()
		if err == nil {
			return writeOutcome{record: written}
		}
		last = err
		if !dnsapi.IsConflict(err) {
			return writeOutcome{err: err}
		}
		existing, found, findErr := client.FindByIP(ctx, ip)
		switch {
		case findErr != nil:
			return writeOutcome{err: err}
		case !found:
			// Not owned by the contract, or freed since the 409: a
			// second look tells.
			continue
		}
		res, waitErr := resolve(existing)
		if waitErr != nil {
			return writeOutcome{err: err, existing: existing, conflict: &dnsapi.Resolution{Verdict: dnsapi.Conflict,
				Reason: "the " + what + " timeout ran out while waiting for it to be deleted"}}
		}
		switch res.Verdict {
		case dnsapi.Adopt:
			tflog.Warn(ctx, "Adopting an identical existing reverse record", map[string]any{"id": existing.ID, "ip": ip})
			return writeOutcome{record: existing, adopted: true}
		case dnsapi.Conflict:
			return writeOutcome{err: err, existing: existing, conflict: &res}
		}
		tflog.Debug(ctx, "The record holding the address was deleted by this run; writing again", map[string]any{"ip": ip})
	}
	return writeOutcome{err: last}
}

// addAdoptedWarning tells the user that a create took over an existing
// record instead of making one.
func addAdoptedWarning(diags *diag.Diagnostics, rec *dnsapi.ReverseRecordRead) {
	diags.AddWarning("Adopted the existing reverse record of "+rec.Properties.IP,
		fmt.Sprintf("IP address %s already had a reverse record, %s, identical to the configuration (name %q). "+
			"It was taken over as this resource's record instead of creating a new one. "+
			"This happens when an interrupted apply created it without recording it in the state, "+
			"or when a replacement (create_before_destroy) finds the record of the instance it replaces; "+
			"that old instance's delete then leaves the record in place.",
			rec.Properties.IP, rec.ID, rec.Properties.Name))
}

// addWriteConflictError explains a 409 of a create or update that the
// ledger could not resolve.
func (r *reverseRecordResource) addWriteConflictError(ctx context.Context, diags *diag.Diagnostics, ip fwtypes.IPAddressValue, out writeOutcome) {
	if out.existing == nil {
		r.addConflictError(ctx, diags, ip, out.err)
		return
	}
	addExistingRecordError(diags, ip, out.err, out.existing, out.conflict.Reason)
}

// addExistingRecordError is the error of an address held by another
// record: import it, or avoid the replacement that met it.
func addExistingRecordError(diags *diag.Diagnostics, ip fwtypes.IPAddressValue, apiErr error, existing *dnsapi.ReverseRecordRead, reason string) {
	why := ""
	if reason != "" {
		why = " The provider did not wait for it to go: " + reason + "."
	}
	diags.AddAttributeError(path.Root("ip"), "IP address "+ip.ValueString()+" already has a reverse record",
		fmt.Sprintf("%s\n\nThe existing record %s points %s to %q. An address holds one reverse record.%s\n\n"+
			"If that record is this resource's own old instance (you renamed the resource, or changed a for_each key or count index, "+
			"and the address stayed), add a moved block so that Terraform keeps the record instead of replacing it, for example:\n\n"+
			"  moved {\n    from = ionosdns_reverse_record.OLD_NAME[\"old_key\"]\n    to   = ionosdns_reverse_record.NAME[\"new_key\"]\n  }\n\n"+
			"If this resource has lifecycle { create_before_destroy = true }, that is the cause: the new record cannot exist "+
			"beside the old one at the same address. Remove create_before_destroy, so that the old record is deleted first.\n\n"+
			"To manage the existing record with Terraform instead, import it, "+
			"replacing NAME with this resource's name in your configuration:\n\n"+
			"  terraform import 'ionosdns_reverse_record.NAME' %s\n\n"+
			"or, with Terraform 1.5 or later, add:\n\n"+
			"  import {\n    to = ionosdns_reverse_record.NAME\n    id = %q\n  }",
			describeAPIError(apiErr), existing.ID, existing.Properties.IP, existing.Properties.Name, why, existing.ID, existing.ID))
}
