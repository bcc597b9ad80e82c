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
// compare with the ReadStaleness windows.
func (s *Store) At(now time.Time) { s.at = now }

// stale reports whether op, a read, still sees what happened before t.
func (s *Store) stale(op Op, since time.Time) bool {
	return s.cfg.ReadStaleness > 0 && readOps[op] && s.at.Before(since.Add(s.cfg.ReadStaleness))
}

// changing records k's state before an operation changes it. Within a
// window, reads keep seeing the state before the window's first change.
func (s *Store) changing(k *Key) {
	if s.cfg.ReadStaleness <= 0 {
		return
	}
	if !s.at.Before(k.changed.Add(s.cfg.ReadStaleness)) || k.changed.IsZero() {
		k.before = k.State
	}
	k.changed = s.at
}

// VisibleState is the state op sees of k: the state before a change made
// less than ReadStaleness ago, if op is a read, else k.State.
func (s *Store) VisibleState(op Op, k *Key) State {
	if !k.changed.IsZero() && s.stale(op, k.changed) {
		return k.before
	}
	return k.State
}
