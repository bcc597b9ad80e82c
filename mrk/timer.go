package mrk

import (
	"encoding/hex"
	"time"
)

// TimerKind says what a scheduled transition does.
type TimerKind uint8

// The scheduled transitions of R3.2.1 and §8.
const (
	// TimerCreated ends a replica's Creating state (T4, T5).
	TimerCreated TimerKind = iota + 1
	// TimerUpdated ends an Updating state (T14).
	TimerUpdated
	// TimerDelete removes a key whose waiting period ended (T12).
	TimerDelete
	// TimerRotate is a set's automatic rotation (R8.1.3).
	TimerRotate
	// TimerOnDemandRotate completes a set's on-demand rotation (R8.2.4).
	TimerOnDemandRotate
	// TimerMaterialExpiry deletes a member's imported material at its
	// ValidTo (R7.6).
	TimerMaterialExpiry
)

var timerNames = [...]string{"", "Created", "Updated", "Delete", "Rotate", "OnDemandRotate", "MaterialExpiry"}

// String names the timer kind.
func (k TimerKind) String() string { return timerNames[k] }

// Timer is a transition the model asks its driver to run at Due by calling
// [Store.Fire]. A timer made stale by a later call (a cancelled deletion, a
// restarted update, disabled rotation) does nothing when fired.
type Timer struct {
	Kind    TimerKind
	Due     time.Time
	Account string
	Region  string
	KeyID   string
	Epoch   uint64
}

// Transition records what a timer did to a key, for the driver's log and
// for tests: a change of state, a deletion (To 0), or a rotation of the
// key's set (Cause TimerRotate, From == To).
type Transition struct {
	At       time.Time
	Account  string
	Region   string
	KeyID    string
	From, To State // To is 0 when the key was deleted
	Cause    TimerKind
}

// Fire runs a due timer at its Due time. It returns the transitions it made
// and the timers they schedule. ent is drawn from only by a rotation.
func (s *Store) Fire(t Timer, ent Entropy) ([]Transition, []Timer) {
	at := t.Due
	switch t.Kind {
	case TimerCreated:
		k := s.Lookup(t.Account, t.Region, t.KeyID)
		if k == nil || k.epoch != t.Epoch || k.State != Creating {
			return nil, nil // O-15: a replica scheduled for deletion stays PendingDeletion
		}
		to := Enabled
		if !k.HasMaterial() {
			to = PendingImport
		}
		k.State = to
		return []Transition{{at, t.Account, t.Region, t.KeyID, Creating, to, t.Kind}}, nil
	case TimerUpdated:
		k := s.Lookup(t.Account, t.Region, t.KeyID)
		if k == nil || k.epoch != t.Epoch || k.State != Updating {
			return nil, nil
		}
		k.State = k.prev
		k.prev = 0
		return []Transition{{at, t.Account, t.Region, t.KeyID, Updating, k.State, t.Kind}}, nil
	case TimerDelete:
		k := s.Lookup(t.Account, t.Region, t.KeyID)
		if k == nil || k.epoch != t.Epoch || k.State != PendingDeletion {
			return nil, nil
		}
		return s.deleteKey(k, at)
	case TimerRotate:
		set := s.sets[t.KeyID]
		if set == nil || set.Rotation.epoch != t.Epoch || !set.Rotation.Enabled {
			return nil, nil
		}
		p := s.Lookup(set.Account, set.Primary, set.ID)
		if p == nil || p.State != Enabled && p.State != Updating {
			// R8.1.6: a disabled or pending primary is not rotated; the
			// rotation happens when it is enabled again (EnableKey).
			return nil, nil
		}
		next := s.rotate(set, at, ent, "AUTOMATIC")
		return []Transition{{at, set.Account, set.Primary, set.ID, p.State, p.State, t.Kind}}, []Timer{next}
	case TimerOnDemandRotate:
		return s.completeOnDemand(t, ent), nil
	case TimerMaterialExpiry:
		return s.expireMaterial(t), nil
	}
	return nil, nil
}

// deleteKey removes a key at the end of its waiting period (T12, R6.11) and
// releases a primary waiting for its last replica (T10, R6.6).
func (s *Store) deleteKey(k *Key, at time.Time) ([]Transition, []Timer) {
	set := k.Set
	trs := []Transition{{at, set.Account, k.Region, set.ID, PendingDeletion, 0, TimerDelete}}
	region, replica := k.Region, k.IsReplica()
	s.forgetAliases(k)
	s.forgetGrants(k)
	s.remove(k)
	if !replica {
		delete(s.sets, set.ID)
		s.setSlab.release(set)
		return trs, nil
	}
	if i := indexOf(set.Replicas, region); i >= 0 {
		set.Replicas = append(set.Replicas[:i:i], set.Replicas[i+1:]...)
	}
	if len(set.Replicas) > 0 {
		return trs, nil
	}
	p := s.Lookup(set.Account, set.Primary, set.ID)
	if p == nil || p.State != PendingReplicaDeletion {
		return trs, nil
	}
	p.State = PendingDeletion
	p.DeletionDate = at.Add(time.Duration(p.PendingWindowDays) * Day)
	p.epoch = s.nextEpoch()
	trs = append(trs, Transition{at, set.Account, p.Region, set.ID, PendingReplicaDeletion, PendingDeletion, TimerDelete})
	return trs, []Timer{s.deletionTimer(p)}
}

func (s *Store) deletionTimer(k *Key) Timer {
	return Timer{TimerDelete, k.DeletionDate.Add(s.cfg.DeletionSlack), k.Set.Account, k.Region, k.Set.ID, k.epoch}
}

// rotate adds a new current material to the set at time at and schedules
// the next automatic rotation (R8.1.3, R8.1.5).
func (s *Store) rotate(set *KeySet, at time.Time, ent Entropy, kind string) Timer {
	m := newMaterial(ent, at)
	m.RotationType = kind
	set.Materials = append(set.Materials, m)
	return s.scheduleRotation(set, at)
}

func (s *Store) scheduleRotation(set *KeySet, from time.Time) Timer {
	set.Rotation.Next = from.Add(time.Duration(set.Rotation.PeriodDays) * Day)
	set.Rotation.epoch = s.nextEpoch()
	return Timer{TimerRotate, set.Rotation.Next, set.Account, set.Primary, set.ID, set.Rotation.epoch}
}

func newMaterial(ent Entropy, at time.Time) Material {
	var m Material
	var id [32]byte
	mustRead(ent, id[:])
	m.ID = hex.EncodeToString(id[:])
	mustRead(ent, m.Seed[:])
	m.Created = at
	return m
}

func mustRead(ent Entropy, p []byte) {
	if _, err := ent.Read(p); err != nil {
		panic("mrk: entropy source failed: " + err.Error())
	}
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}
