package sim

import (
	"slices"
	"time"

	"github.com/mrksim/mrk/mrk"
)

// Snapshot is a deep copy of a world's state made of plain values, for
// comparing worlds with go-cmp: every key with its shared and independent
// properties, the pending timers, and the position of the seeded stream
// that key IDs and key material come from. Request IDs come from a separate
// stream (SPEC-API A0.11.3) and are not part of it.
type Snapshot struct {
	Time    time.Time
	Keys    []KeySnapshot
	Aliases []AliasSnapshot
	Grants  []GrantSnapshot
	Timers  []TimerSnapshot
	Stream  []byte
}

// KeySnapshot is one key (one member of a set) in a Snapshot.
type KeySnapshot struct {
	Account, Region, KeyID, ARN string
	State                       string
	Created                     time.Time
	Description                 string
	Policy                      string
	Tags                        []mrk.Tag
	DeletionDate                time.Time
	PendingWindowDays           int
	// Shared properties, copied from the key's set.
	Spec, Usage, Origin string
	// Service is the service of an AWS managed key, "" for a customer
	// managed key.
	Service     string
	MultiRegion bool
	Primary     string
	Replicas    []string
	Materials   []string
	// PendingMaterial is the set's imported material pending rotation, ""
	// when none; Imports are this member's imports (EXTERNAL keys).
	PendingMaterial    string
	Imports            []ImportSnapshot
	RotationEnabled    bool
	RotationPeriodDays int
	NextRotation       time.Time
}

// ImportSnapshot is one material imported into one member (mrk.MemberImport).
type ImportSnapshot struct {
	MaterialID string
	Expires    bool
	ValidTo    time.Time
	Expired    bool
}

// TimerSnapshot is one scheduled transition in a Snapshot.
type TimerSnapshot struct {
	Kind                   string
	Due                    time.Time
	Account, Region, KeyID string
	Epoch                  uint64
}

// Snapshot returns the world's state after running every due transition.
func (w *World) Snapshot() Snapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := Snapshot{Time: w.catchUp()}
	w.store.All(func(k *mrk.Key) { s.Keys = append(s.Keys, snapshotKey(k)) })
	items := slices.Clone(w.sched)
	slices.SortFunc(items, func(a, b schedItem) int {
		if timerHeap([]schedItem{a, b}).Less(0, 1) {
			return -1
		}
		return 1
	})
	for _, it := range items {
		t := it.t
		s.Timers = append(s.Timers, TimerSnapshot{t.Kind.String(), t.Due, t.Account, t.Region, t.KeyID, t.Epoch})
	}
	s.Aliases = w.snapshotAliases()
	s.Grants = w.snapshotGrants()
	s.Stream, _ = w.rng.MarshalBinary()
	return s
}

func snapshotKey(k *mrk.Key) KeySnapshot {
	set := k.Set
	ks := KeySnapshot{
		Account: set.Account, Region: k.Region, KeyID: set.ID, ARN: k.ARN(), State: k.State.String(),
		Created: k.Created, Description: k.Description, Policy: k.PolicyText(), Tags: slices.Clone(k.Tags),
		DeletionDate: k.DeletionDate, PendingWindowDays: k.PendingWindowDays,
		Spec: string(set.Spec), Usage: string(set.Usage), Origin: string(set.Origin), MultiRegion: set.MultiRegion,
		Service: set.Service, Primary: set.Primary, Replicas: slices.Clone(set.Replicas),
		RotationEnabled: set.Rotation.Enabled, RotationPeriodDays: set.Rotation.PeriodDays, NextRotation: set.Rotation.Next,
	}
	for i := range set.Materials {
		ks.Materials = append(ks.Materials, set.Materials[i].ID)
	}
	if set.Pending != nil {
		ks.PendingMaterial = set.Pending.ID
	}
	for _, e := range k.Imports {
		ks.Imports = append(ks.Imports, ImportSnapshot{e.MaterialID, e.Expires, e.ValidTo, e.Expired})
	}
	return ks
}
