package mrk

import "time"

// Eventual consistency (R11.5). With Config.ReadStaleness > 0, a read
// (an operation CloudTrail marks read-only: the Describe, Get and List
// operations on a key and the cryptographic operations) made less than
// ReadStaleness after a change may see the state before it. The simulator
// makes "may" deterministic: within the window every read sees it.
//
//   - A key is not found by reads for ReadStaleness after it was created
//     (NotFoundException, as AWS documents right after CreateKey).
//   - A key state an operation changed (EnableKey, DisableKey,
//     ScheduleKeyDeletion, CancelKeyDeletion, UpdatePrimaryRegion,
//     ImportKeyMaterial, DeleteImportedKeyMaterial) reads as the state
//     before the change until ReadStaleness after it: GetPublicKey right
//     after ScheduleKeyDeletion still succeeds, as recorded for 2 of 16
//     keys in ecc.json:deleting_public_key.
//
// Writes always see the current state. Transitions the world's timers
// make (Creating to Enabled, a deletion's completion) are not delayed.

// readOps are the operations that see stale state.
var readOps = func() (t [numOps]bool) {
	for _, op := range []Op{OpDescribeKey, OpGetKeyLastUsage, OpGetKeyPolicy, OpGetKeyRotationStatus,
		OpGetPublicKey, OpListAliases, OpListGrants, OpListKeyPolicies, OpListKeyRotations, OpListResourceTags,
		OpDecrypt, OpEncrypt, OpGenerateDataKey, OpGenerateDataKeyPair, OpGenerateDataKeyPairWithoutPlaintext,
		OpGenerateDataKeyWithoutPlaintext, OpGenerateMac, OpReEncrypt, OpSign, OpVerify, OpVerifyMac,
		OpDeriveSharedSecret, OpEncapsulate, OpDecapsulate} {
		t[op] = true
	}
	return t
}()

// At tells the store the time of the operation about to run, which reads
// compare with the ReadStaleness windows. A store never told the time
// (the zero time) has no stale reads.
func (s *Store) At(now time.Time) { s.at = now }

// stale reports whether op, a read, still sees what happened before since.
func (s *Store) stale(op Op, since time.Time) bool {
	return s.cfg.ReadStaleness > 0 && readOps[op] && !s.at.IsZero() && s.at.Before(since.Add(s.cfg.ReadStaleness))
}

// unseen is R11.5's NotFoundException for a read of a key created less
// than ReadStaleness ago.
func (s *Store) unseen(op Op, k *Key) error {
	if s.stale(op, k.Created) {
		return errKeyNotExist(k.ARN())
	}
	return nil
}

// changing records k as it is before an operation changes its state to
// to; nothing when the state stays. Within a window, reads keep seeing the
// key as it was before the window's first change.
func (s *Store) changing(k *Key, to State) {
	if s.cfg.ReadStaleness <= 0 || to == k.State {
		return
	}
	if k.changed.IsZero() || !s.at.Before(k.changed.Add(s.cfg.ReadStaleness)) {
		k.before = staleView{k.State, k.DeletionDate, k.PendingWindowDays}
	}
	k.changed = s.at
}

// staleView is what reads see of a key during a ReadStaleness window.
type staleView struct {
	state        State
	deletionDate time.Time
	window       int
}

// seesBefore reports whether op, a read, still sees k as before its last
// state change.
func (s *Store) seesBefore(op Op, k *Key) bool {
	return !k.changed.IsZero() && s.stale(op, k.changed)
}

// VisibleState is the state op sees of k: the state before a change made
// less than ReadStaleness ago, if op is a read, else k.State.
func (s *Store) VisibleState(op Op, k *Key) State {
	if s.seesBefore(op, k) {
		return k.before.state
	}
	return k.State
}

// Visible is k as op sees it: k itself, or during a ReadStaleness window
// a copy with the state, DeletionDate and PendingWindowDays it had before
// the change, for rendering (R11.5).
func (s *Store) Visible(op Op, k *Key) *Key {
	if !s.seesBefore(op, k) {
		return k
	}
	was := *k
	was.State, was.DeletionDate, was.PendingWindowDays = k.before.state, k.before.deletionDate, k.before.window
	return &was
}
