package mrk

import (
	"fmt"
	"time"
)

// CodeConflict is RotateKeyOnDemand's answer while an automatic rotation is
// due (R8.2.3, A44.3.5).
const CodeConflict Code = "ConflictException"

// OnDemandRotation is a set's on-demand rotation state (§8.2): the
// rotation in progress, if any, and how many the set has had. It is shared
// by every member, as the rotations are made on the primary for the whole
// set (R8.1.5, O-34).
type OnDemandRotation struct {
	// Start is when the rotation in progress was requested; zero when none
	// is (R8.2.4: GetKeyRotationStatus's OnDemandRotationStartDate).
	Start time.Time
	// Count is the number of on-demand rotations started, the one in
	// progress included (R8.2.2).
	Count int
	epoch uint64
}

// InProgress reports whether an on-demand rotation is running.
func (o OnDemandRotation) InProgress() bool { return !o.Start.IsZero() }

// RotateKeyOnDemand starts an on-demand rotation of the key's set (§8.2,
// A44.3) and returns the key with the timer that completes it
// OnDemandRotationDuration later (R11.3). The checks run in the order of
// R3.8.1 with its RotateKeyOnDemand exception: the multi-Region role
// (R8.2.1), the key state (R3.6.1), then the type rule T:ondemand (R3.7.2,
// A44.3.3, A44.3.4), then the coalescing of R8.2.3, the limit (R8.2.2,
// O-34) and the automatic-rotation conflict (R8.2.3); an EXTERNAL key needs
// a material in PENDING_ROTATION (R8.3.1). A call while an
// on-demand rotation of the set is in progress succeeds and returns no
// timer: both calls make one rotation. Nothing is drawn from any entropy
// here; the new material is drawn when the timer fires.
func (s *Store) RotateKeyOnDemand(now time.Time, c Caller, keyID string) (*Key, []Timer, error) {
	k, err := s.Resolve(c, OpRotateKeyOnDemand, keyID)
	if err != nil {
		return nil, nil, err
	}
	arn := k.ARN()
	if k.IsReplica() {
		return nil, nil, Errorf(CodeUnsupportedOperation, "%s is a multi-region replica key which is not valid for %s.", arn, OpRotateKeyOnDemand)
	}
	if err := Gate(OpRotateKeyOnDemand, k.State).Err(arn); err != nil {
		return nil, nil, err
	}
	set := k.Set
	if set.Spec != SpecSymmetricDefault {
		return nil, nil, TROT.Err(arn)
	}
	od := &set.OnDemand
	if od.InProgress() {
		return k, nil, nil // R8.2.3: coalesced into the running rotation
	}
	if set.Origin == OriginExternal { // R8.3.1: a material must be PENDING_ROTATION
		if set.Pending == nil {
			return nil, nil, Errorf(CodeInvalidState, "No available key material pending rotation for the key: %s.", arn)
		}
		if s.pendingState(set) != "PENDING_ROTATION" {
			return nil, nil, &Error{CodeInvalidState, "Cannot perform key material rotation: Key material has not been imported for replicas of the Multi-Region key."}
		}
	}
	if od.Count >= s.cfg.OnDemandRotationLimit {
		return nil, nil, Errorf(CodeLimitExceeded,
			"The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: %s", arn)
	}
	if w := s.cfg.AutoRotationConflictWindow; w > 0 && set.Rotation.Enabled && !set.Rotation.Next.After(now.Add(w)) {
		return nil, nil, errConflict(w)
	}
	od.Start = now
	od.Count++
	od.epoch = s.nextEpoch()
	t := Timer{TimerOnDemandRotate, now.Add(s.cfg.OnDemandRotationDuration), set.Account, set.Primary, set.ID, od.epoch}
	return k, []Timer{t}, nil
}

// completeOnDemand ends a set's on-demand rotation at the timer's due time:
// a new material, drawn from ent, becomes current in every member
// (R8.1.5, R8.2.4, R8.4.2); for an EXTERNAL key, the material pending at
// that moment, if any (R8.3.3), with T18 for members that lack it. It completes whatever the primary's state
// (R8.1.6) and leaves the automatic schedule alone (R8.2.1). The
// transition it reports has Cause TimerRotate, like an automatic rotation,
// so that the driver logs it as one (R10.6.1).
func (s *Store) completeOnDemand(t Timer, ent Entropy) []Transition {
	set := s.sets[t.KeyID]
	if set == nil || !set.OnDemand.InProgress() || set.OnDemand.epoch != t.Epoch {
		return nil
	}
	at := t.Due
	set.OnDemand.Start = time.Time{}
	var trs []Transition
	if set.Origin == OriginExternal {
		// R8.3.3: what is pending now becomes current, if anything is.
		rotated, changes := s.rotateImported(set, at)
		if !rotated {
			return nil
		}
		trs = changes
	} else {
		m := newMaterial(ent, at)
		m.RotationType = "ON_DEMAND"
		set.Materials = append(set.Materials, m)
	}
	var st State
	if p := s.Lookup(set.Account, set.Primary, set.ID); p != nil {
		st = p.State
	}
	return append([]Transition{{at, set.Account, set.Primary, set.ID, st, st, TimerRotate}}, trs...)
}

// errConflict is R8.2.3's ConflictException, in the words of the model's
// documentation of the exception (the AWS text is unrecorded).
func errConflict(window time.Duration) *Error {
	within := window.String()
	if window%time.Minute == 0 {
		within = fmt.Sprintf("%d minutes", window/time.Minute)
	}
	return Errorf(CodeConflict, "The request was rejected because an automatic rotation of this key is currently in progress or scheduled to begin within the next %s.", within)
}
