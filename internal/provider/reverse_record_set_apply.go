package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ionosdns/terraform-provider-ionosdns/internal/dnsapi"
)

const (
	// maxConcurrentWrites bounds the writes of one set in flight at once.
	// The shared client paces them further when the API rate limits.
	maxConcurrentWrites = 10
	// maxWriteErrors bounds the errors reported one by one; the rest are
	// counted in one more.
	maxWriteErrors = 20
)

type setOpKind int

const (
	opCreate setOpKind = iota // PUT to a fresh id
	opPut                     // PUT to the record's id: a change, or a takeover
	opDelete                  // DELETE, then confirm
)

// setOp is one write of an apply. entry is the record as planned (create,
// put) or as last known (delete), with the id the write goes to.
type setOp struct {
	kind  setOpKind
	entry setEntry
	// takeover marks a PUT to an existing record the set did not hold.
	takeover bool
}

// takenOver holds the ids of the records that a set's apply took over in
// this provider process. A set's delete of such a record is skipped: the
// record now belongs to the object that took it over. That happens when a
// tainted set is replaced with create_before_destroy (the new set takes
// over the old one's records, then the old one is destroyed), or when an
// address moves from one set to another in one apply. It maps a record's
// id to the id of the set object that took it over; a set skips only the
// records another object took over, never its own. Ids are UUIDs, so one
// map serves every client of the process.
var takenOver sync.Map

func markTakenOver(recordID, owner string) { takenOver.Store(recordID, owner) }

// takenOverByAnother reports whether another set object than owner took
// the record over in this process.
func takenOverByAnother(recordID, owner string) bool {
	by, ok := takenOver.Load(recordID)
	return ok && by != owner
}

func (r *reverseRecordSetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan reverseRecordSetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	ctx, cancel, ok := boundByTimeout(ctx, "create", plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}

	// The id first: the takeovers of the create are recorded under it.
	plan.ID = types.StringValue(uuid.NewString())
	result, diags := r.syncFromModels(ctx, nil, nil, plan)
	resp.Diagnostics.Append(diags...)
	if len(result) == 0 && resp.Diagnostics.HasError() {
		return // nothing happened: nothing to save
	}
	// With errors, Terraform keeps the saved state marked tainted: it holds
	// exactly the records written (and their ids, in private state), and
	// the next apply replaces the set.
	resp.Diagnostics.Append(setStateFrom(ctx, &resp.State, resp.Private, plan, result)...)
}

func (r *reverseRecordSetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state reverseRecordSetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, ok := boundByTimeout(ctx, "update", plan.Timeouts.Update, defaultUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}

	// The planned private state is the prior state's: the ids of state.
	ids, diags := readRecordIDs(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	result, diags := r.syncFromModels(ctx, &state, ids, plan)
	resp.Diagnostics.Append(diags...)
	// Saved also on errors: the state then says exactly which writes
	// happened, and the next plan shows the rest again.
	resp.Diagnostics.Append(setStateFrom(ctx, &resp.State, resp.Private, plan, result)...)
}

func (r *reverseRecordSetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state reverseRecordSetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, ok := boundByTimeout(ctx, "delete", state.Timeouts.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}

	ids, diags := readRecordIDs(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	entries, diags := entriesFromModel(ctx, state, ids)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ops []setOp
	for _, ip := range entries.sortedIPs() {
		ops = append(ops, setOp{kind: opDelete, entry: entries[ip]})
	}
	result, diags := r.runOps(ctx, state.ID.ValueString(), entries, ops)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		// The records not deleted stay in the state, for the next try.
		resp.Diagnostics.Append(setStateFrom(ctx, &resp.State, resp.Private, state, result)...)
	}
}

// syncFromModels makes the API hold plan, from prior (nil on create) whose
// record ids are priorIDs, and returns what it holds now as far as the set
// is concerned.
func (r *reverseRecordSetResource) syncFromModels(ctx context.Context, prior *reverseRecordSetModel, priorIDs map[string]string, plan reverseRecordSetModel) (entrySet, diag.Diagnostics) {
	var diags diag.Diagnostics
	planned, d := entriesFromModel(ctx, plan, nil)
	diags.Append(d...)
	current := entrySet{}
	if prior != nil {
		current, d = entriesFromModel(ctx, *prior, priorIDs)
		diags.Append(d...)
	}
	if diags.HasError() {
		return current, diags
	}
	result, d := r.sync(ctx, plan.ID.ValueString(), current, planned)
	diags.Append(d...)
	return result, diags
}

// sync writes the difference between prior and plan: a PUT for each new or
// changed address, a DELETE for each address of prior that plan does not
// list; nothing for an unchanged address. New addresses that already have
// a record are taken over (PUT to its id, or no request when it already
// says what plan says).
//
// It deletes nothing else. In particular it does not look for records in
// exclusive_ranges: the only strays it deletes are those Read put into
// prior, which the plan showed as removals of their keys. A record made
// in a range between the plan and the apply is therefore left alone (the
// next refresh reads it, the next plan shows its removal), and so are the
// records of a range added by this apply (see ModifyPlan's warning). The
// plan cannot carry a list of its own to the apply: Terraform plans again
// at apply time, and a planned value read from the API could then differ
// from the one shown, which Terraform refuses as an inconsistent plan.
func (r *reverseRecordSetResource) sync(ctx context.Context, owner string, prior, plan entrySet) (entrySet, diag.Diagnostics) {
	var diags diag.Diagnostics
	result := prior.clone()
	var ops []setOp
	var added []string
	for _, ip := range plan.sortedIPs() {
		e := plan[ip]
		e.id = ""
		p, ok := prior[ip]
		switch {
		case ok && p.id != "" && p.sameValues(e):
			e.id = p.id
			result[ip] = e // the spelling planned; nothing to send
		case ok && p.id != "":
			e.id = p.id
			ops = append(ops, setOp{kind: opPut, entry: e})
		default:
			added = append(added, ip)
		}
	}
	for _, ip := range prior.sortedIPs() {
		if _, ok := plan[ip]; ok {
			continue
		}
		if prior[ip].id == "" {
			delete(result, ip)
			continue
		}
		ops = append(ops, setOp{kind: opDelete, entry: prior[ip]})
	}

	if len(added) > 0 {
		records, err := r.listRecords(ctx, added, false)
		if err != nil {
			diags.AddError("Failed to look up the existing reverse records of the set", describeAPIError(err))
			return result, diags
		}
		byIP := indexByIP(records)
		for _, ip := range added {
			e := plan[ip]
			rec, exists := byIP[ip]
			switch {
			case !exists:
				e.id = dnsapi.NewRecordID()
				ops = append(ops, setOp{kind: opCreate, entry: e})
			case entryFromAPI(e.key, rec).sameValues(e):
				e.id = rec.ID
				result[ip] = e // taken over as it is
				markTakenOver(rec.ID, owner)
			default:
				e.id = rec.ID
				ops = append(ops, setOp{kind: opPut, entry: e, takeover: true})
			}
		}
	}
	result, d := r.runOps(ctx, owner, result, ops)
	diags.Append(d...)
	return result, diags
}

// runOps runs the writes, at most maxConcurrentWrites at a time, and
// returns base with the effect of each one that happened. A failed write
// leaves its address as it was in base; a create whose answer was lost
// keeps its id, so that the next read settles whether it exists.
func (r *reverseRecordSetResource) runOps(ctx context.Context, owner string, base entrySet, ops []setOp) (entrySet, diag.Diagnostics) {
	result := base.clone()
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		failures []writeFailure
		slots    = make(chan struct{}, maxConcurrentWrites)
	)
	for _, op := range ops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			select {
			case slots <- struct{}{}:
				var confirm bool
				confirm, err = r.runOp(ctx, owner, op)
				<-slots
				if confirm {
					// Accepted (202) is not done: wait until the API has
					// finished, so that the state never drops a record
					// that still exists. The slot is free meanwhile: the
					// confirmations of the deletes running beside each
					// other share requests, and a slot held through
					// them halved the rate of DELETEs.
					err = waitUntilDeleted(ctx, r.client, op.entry.id, op.entry.ip)
				}
			case <-ctx.Done():
				err = fmt.Errorf("not sent: %w", context.Cause(ctx))
			}
			mu.Lock()
			defer mu.Unlock()
			e := op.entry
			switch {
			case err == nil && op.kind == opDelete:
				delete(result, e.ip)
			case err == nil:
				result[e.ip] = e
				if op.takeover {
					markTakenOver(e.id, owner)
				}
			default:
				if op.kind == opCreate && dnsapi.MayHaveBeenApplied(err) {
					result[e.ip] = e
				}
				failures = append(failures, writeFailure{op: op, err: err})
			}
		}()
	}
	wg.Wait()
	return result, failureDiagnostics(failures)
}

// runOp sends op's write; confirm says a DELETE was accepted, and its
// record must still be confirmed gone.
func (r *reverseRecordSetResource) runOp(ctx context.Context, owner string, op setOp) (confirm bool, err error) {
	e := op.entry
	switch op.kind {
	case opCreate:
		_, err := r.client.Create(ctx, e.id, e.toAPI())
		return false, err
	case opPut:
		_, err := r.client.Put(ctx, e.id, e.toAPI())
		return false, err
	}
	if takenOverByAnother(e.id, owner) {
		tflog.Info(ctx, "Not deleting a reverse record another set took over in this apply", map[string]any{"id": e.id, "ip": e.ip})
		return false, nil
	}
	if err := r.client.Delete(ctx, e.id); err != nil && !dnsapi.IsNotFound(err) {
		return false, err
	}
	return true, nil
}

type writeFailure struct {
	op  setOp
	err error
}

// failureDiagnostics reports each failed write on its key of records, in
// address order.
func failureDiagnostics(failures []writeFailure) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(failures) == 0 {
		return diags
	}
	byIP := make(map[string]writeFailure, len(failures))
	set := entrySet{}
	for _, f := range failures {
		byIP[f.op.entry.ip] = f
		set[f.op.entry.ip] = f.op.entry
	}
	for i, ip := range set.sortedIPs() {
		if i == maxWriteErrors {
			diags.AddError(fmt.Sprintf("%d more writes of the reverse record set failed", len(failures)-maxWriteErrors),
				"Only the first errors are shown. The state keeps every address whose write failed as it was; run terraform apply again.")
			break
		}
		f := byIP[ip]
		e := f.op.entry
		at := path.Root("records").AtMapKey(e.key)
		var summary string
		switch f.op.kind {
		case opDelete:
			summary = "Failed to delete the reverse record of " + e.key
		case opCreate:
			summary = "Failed to create the reverse record of " + e.key
		default:
			summary = "Failed to update the reverse record of " + e.key
		}
		detail := describeAPIError(f.err)
		switch {
		case dnsapi.IsConflict(f.err):
			detail += "\n\n" + refusedAddressHint + "; or a record for it was made meanwhile, which the next apply takes over."
		case f.op.kind == opCreate && dnsapi.MayHaveBeenApplied(f.err):
			detail += fmt.Sprintf("\n\nThe API did not confirm whether the record was created. Its id %s is kept in the state: "+
				"the next refresh finds it if it exists, and the next apply creates it otherwise.", e.id)
		}
		diags.AddAttributeError(at, summary, detail)
	}
	return diags
}
