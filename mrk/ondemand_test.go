package mrk

// Tests of RotateKeyOnDemand in the pure model (ondemand.go) and of the
// on-demand part of GetKeyRotationStatus: the checks in their order, the
// timer that completes the rotation, coalescing, the limit, the conflict
// with automatic rotation, and completion whatever the primary's state.
// Every case names its rule: R… and O-… are SPEC.md, A… and On are
// SPEC-API.md, and "file.json:case" is the observation of
// shared/aws-observed whose code and message the case reproduces.
// After every failing call the store, the timers and the entropy drawn
// must be unchanged (A0.11.3).
//
// Package-level identifiers of this file start with "od" so that it can
// sit next to the other tests of package mrk.

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	odAcct  = "111122223333"
	odOther = "444455556666"
	odE1    = "us-east-1"
	odW2    = "us-west-2"
	odAP    = "ap-east-1"
)

var odStart = time.Date(2026, 9, 12, 9, 41, 8, 602_000_000, time.UTC)

// odWorld is a store on a mock clock, with its timers and the transitions
// they made kept by the test.
type odWorld struct {
	driver[*testEntropy]
}

func odNew(t *testing.T, cfg Config) *odWorld {
	return &odWorld{driver: newDriver(t, cfg, odStart, seededEntropy(3))}
}

func (w *odWorld) now() time.Time { return w.clk.Now() }

type odKey struct{ region, id string }

func (k odKey) caller() Caller    { return Caller{Account: odAcct, Region: k.region} }
func (k odKey) arn() string       { return KeyARN(k.region, odAcct, k.id) }
func (k odKey) in(r string) odKey { return odKey{r, k.id} }

func (w *odWorld) create(region string, p KeyParams) odKey {
	w.t.Helper()
	k, err := w.s.CreateKey(w.now(), w.ent, Caller{Account: odAcct, Region: region}, p)
	w.must("CreateKey", err)
	return odKey{region, k.ID()}
}

// set makes a multi-Region primary in p with Enabled replicas in rs.
func (w *odWorld) set(p string, rs ...string) odKey {
	w.t.Helper()
	k := w.create(p, KeyParams{MultiRegion: true})
	for _, r := range rs {
		_, ts, err := w.s.ReplicateKey(w.now(), k.caller(), k.id, r, MemberParams{})
		w.must("ReplicateKey", err)
		w.timers = append(w.timers, ts...)
	}
	if len(rs) > 0 {
		w.advance(w.s.Config().ReplicaCreatingDuration)
	}
	return k
}

func (w *odWorld) enableRotation(k odKey, days int) {
	w.t.Helper()
	ts, err := w.s.EnableKeyRotation(w.now(), k.caller(), k.id, &days)
	w.must("EnableKeyRotation", err)
	w.timers = append(w.timers, ts...)
}

func (w *odWorld) schedule(k odKey) {
	w.t.Helper()
	days := 7
	_, ts, err := w.s.ScheduleKeyDeletion(w.now(), k.caller(), k.id, &days)
	w.must("ScheduleKeyDeletion", err)
	w.timers = append(w.timers, ts...)
}

// rotate calls RotateKeyOnDemand on k and keeps the timers it returns.
func (w *odWorld) rotate(k odKey) (*Key, []Timer, error) {
	key, ts, err := w.s.RotateKeyOnDemand(w.now(), k.caller(), k.id)
	w.timers = append(w.timers, ts...)
	return key, ts, err
}

func (w *odWorld) status(k odKey) RotationStatus {
	w.t.Helper()
	st, err := w.s.GetKeyRotationStatus(k.caller(), k.id)
	w.must("GetKeyRotationStatus", err)
	return st
}

func (w *odWorld) setOf(k odKey) *KeySet { return w.s.Lookup(odAcct, k.region, k.id).Set }

// odSnap is the store as plain values, with the timers and the entropy drawn.
type odSnap struct {
	Keys    []odKeySnap
	Timers  []Timer
	Entropy int
}

type odKeySnap struct {
	Region, ID, State string
	Primary           string
	Replicas          []string
	Materials         []Material
	RotationEnabled   bool
	Period            int
	Next              time.Time
	OnDemandStart     time.Time
	OnDemandCount     int
	OnDemandEpoch     uint64
}

func (w *odWorld) snap() odSnap {
	s := odSnap{Timers: slices.Clone(w.timers), Entropy: w.ent.n}
	w.s.All(func(k *Key) {
		set := k.Set
		s.Keys = append(s.Keys, odKeySnap{k.Region, set.ID, k.State.String(), set.Primary, slices.Clone(set.Replicas),
			slices.Clone(set.Materials), set.Rotation.Enabled, set.Rotation.PeriodDays, set.Rotation.Next,
			set.OnDemand.Start, set.OnDemand.Count, set.OnDemand.epoch})
	})
	return s
}

// fails runs RotateKeyOnDemand on k, expects code and a message accepted by
// msg, and checks that nothing changed and nothing was drawn (A0.11.3).
func (w *odWorld) fails(t *testing.T, rule string, k odKey, keyID string, code Code, msg func(string) bool) {
	t.Helper()
	before := w.snap()
	key, ts, err := w.s.RotateKeyOnDemand(w.now(), k.caller(), keyID)
	e, ok := err.(*Error)
	if !ok || e.Code != code || !msg(e.Message) || key != nil || ts != nil {
		t.Errorf("%s: RotateKeyOnDemand(%s in %s) = %v, %v, %v; want %s", rule, keyID, k.region, key, ts, err, code)
	}
	if d := cmp.Diff(before, w.snap()); d != "" {
		t.Errorf("%s: A0.11.3: a failed RotateKeyOnDemand changed the store (-before +after):\n%s", rule, d)
	}
}

func odIs(want string) func(string) bool { return func(m string) bool { return m == want } }
func odHas(sub string) func(string) bool {
	return func(m string) bool { return strings.Contains(m, sub) }
}
func odPrefix(p string) func(string) bool {
	return func(m string) bool { return strings.HasPrefix(m, p) }
}
func odAny() func(string) bool { return func(string) bool { return true } }
func odTimerDue(ts []Timer) (time.Time, bool) {
	if len(ts) != 1 || ts[0].Kind != TimerOnDemandRotate {
		return time.Time{}, false
	}
	return ts[0].Due, true
}

// TestOnDemandDefaults: SPEC §11's defaults (R11.3, O-42) and the limit of
// O-34 are the model's defaults; the timer kind has a name.
func TestOnDemandDefaults(t *testing.T) {
	cfg := DefaultConfig()
	if cfg.OnDemandRotationDuration != 2*time.Minute || cfg.AutoRotationConflictWindow != 20*time.Minute || cfg.OnDemandRotationLimit != 25 {
		t.Errorf("R11.3, O-34: defaults %v, %v, %d; want 2m, 20m, 25", cfg.OnDemandRotationDuration, cfg.AutoRotationConflictWindow, cfg.OnDemandRotationLimit)
	}
	if got := TimerOnDemandRotate.String(); got != "OnDemandRotate" {
		t.Errorf("TimerOnDemandRotate.String() = %q", got)
	}
}

// TestOnDemandRotation: a rotation of a whole set through its primary
// (R8.2.1, R8.2.4, R8.1.5, R8.4.2, R8.4.3), as recorded in
// multi_region.json (rotate_primary, rotation_complete_poll,
// primary_rotated, replica_rotation_history) and rotation.json
// (rotate_first, status_after_request, rotation_poll, list_rotated).
func TestOnDemandRotation(t *testing.T) {
	w := odNew(t, DefaultConfig())
	p := w.set(odE1, odW2, odAP)
	w.enableRotation(p, 90)
	next := w.status(p).Next
	first := w.setOf(p).CurrentMaterial().ID
	start := w.now()
	drawn := w.ent.n

	k, ts, err := w.rotate(p)
	if err != nil || k == nil || k.ARN() != p.arn() {
		t.Fatalf("rotate_primary: %v, %v", k, err)
	}
	due, ok := odTimerDue(ts)
	if !ok || !due.Equal(start.Add(2*time.Minute)) || ts[0].KeyID != p.id || ts[0].Region != odE1 {
		t.Fatalf("R11.3: want one OnDemandRotate timer due 2 min later, got %+v", ts)
	}
	if w.ent.n != drawn {
		t.Errorf("A0.11.3, A44.3.6: the call drew %d bytes; material is drawn when the rotation completes", w.ent.n-drawn)
	}
	for _, r := range []string{odE1, odW2, odAP} {
		st := w.status(p.in(r))
		if !st.OnDemandStart.Equal(start) || !st.Enabled || st.PeriodDays != 90 || !st.Next.Equal(next) {
			t.Errorf("R8.2.4 status_after_request in %s: %+v", r, st)
		}
	}
	if got := w.setOf(p).CurrentMaterial().ID; got != first {
		t.Errorf("R8.1.5: the material changed before the rotation completed")
	}

	w.advance(2*time.Minute - time.Nanosecond)
	if st := w.status(p); !st.OnDemandStart.Equal(start) { // rotation_poll, first answer
		t.Fatalf("R8.2.4: rotation done early: %+v", st)
	}
	w.advance(time.Nanosecond)
	set := w.setOf(p)
	cur := set.CurrentMaterial()
	if len(set.Materials) != 2 || cur.RotationType != "ON_DEMAND" || !cur.Created.Equal(start.Add(2*time.Minute)) || cur.ID == first {
		t.Fatalf("R8.2.4, R8.4.1: materials after the rotation: %+v", set.Materials)
	}
	if w.ent.n != drawn+64 {
		t.Errorf("A44.3.6: completion drew %d bytes, want 64 (ID and seed)", w.ent.n-drawn)
	}
	for _, r := range []string{odE1, odW2, odAP} {
		st := w.status(p.in(r))
		if !st.OnDemandStart.IsZero() || !st.Next.Equal(next) {
			t.Errorf("R8.2.4, R8.2.1 rotation_poll in %s after completion: %+v", r, st)
		}
		_, page, err := w.s.ListKeyRotations(Caller{Account: odAcct, Region: r}, p.id, false, false, 100, "")
		if err != nil || len(page.Items) != 1 || page.Items[0].MaterialID != cur.ID || page.Items[0].RotationType != "ON_DEMAND" ||
			page.Items[0].State != "CURRENT" || !page.Items[0].RotationDate.After(start) {
			t.Errorf("R8.4.1, R8.4.3 list_rotated / replica_rotation_history in %s: %v %+v", r, err, page.Items)
		}
	}
	want := []Transition{{start.Add(2 * time.Minute), odAcct, odE1, p.id, Enabled, Enabled, TimerRotate}}
	if d := cmp.Diff(want, w.trs[len(w.trs)-1:]); d != "" {
		t.Errorf("R10.6.1: the completion is reported as a rotation of the set (-want +got):\n%s", d)
	}
	if set.OnDemand.Count != 1 || set.Rotation.Next != next {
		t.Errorf("R8.2.1, O-34: count %d, next %v", set.OnDemand.Count, set.Rotation.Next)
	}
}

// TestOnDemandCoalesced: a second call during the rotation succeeds and
// starts nothing (R8.2.3, rotation.json:rotate_immediate_repeat,
// list_rotated); it draws nothing and does not count (O-34).
func TestOnDemandCoalesced(t *testing.T) {
	w := odNew(t, DefaultConfig())
	k := w.create(odE1, KeyParams{})
	start := w.now()
	_, ts, err := w.rotate(k)
	w.must("rotate_first", err)
	w.advance(time.Minute)
	before := w.snap()
	key, ts2, err := w.rotate(k)
	if err != nil || key == nil || key.ARN() != k.arn() || ts2 != nil {
		t.Fatalf("R8.2.3 rotate_immediate_repeat: %v %v %v", key, ts2, err)
	}
	if d := cmp.Diff(before, w.snap()); d != "" {
		t.Errorf("R8.2.3: the repeated call changed the store:\n%s", d)
	}
	w.advance(time.Minute)
	if n := len(w.setOf(k).Materials); n != 2 || !w.setOf(k).CurrentMaterial().Created.Equal(ts[0].Due) {
		t.Errorf("R8.2.3: two calls made %d rotations", n-1)
	}
	if st := w.status(k); !st.OnDemandStart.IsZero() || st.Enabled {
		t.Errorf("R8.2.4: %+v after %v", st, start)
	}
	// A later call starts a new rotation.
	_, ts3, err := w.rotate(k)
	if _, ok := odTimerDue(ts3); err != nil || !ok || w.setOf(k).OnDemand.Count != 2 {
		t.Errorf("second_rotate: %v %+v", err, ts3)
	}
}

// TestOnDemandChecks: the failures, in R3.8.1's order with the
// RotateKeyOnDemand exception (role, then state, then type), with the
// recorded texts; none changes the store or draws entropy (A0.11.3).
func TestOnDemandChecks(t *testing.T) {
	rep := func(k odKey) func(string) bool {
		return odIs(k.arn() + " is a multi-region replica key which is not valid for RotateKeyOnDemand.")
	}
	state := func(suffix string) func(odKey) func(string) bool {
		return func(k odKey) func(string) bool { return odIs(k.arn() + suffix) }
	}
	exact := func(m string) func(odKey) func(string) bool { return func(odKey) func(string) bool { return odIs(m) } }
	const missing = "0badc0de-1111-4222-8333-444455556666"
	hmac := KeyParams{KeySpec: SpecHMAC256, KeyUsage: UsageGenerateVerifyMac}
	cases := []struct {
		rule string
		make func(w *odWorld) (odKey, string) // the key, and the KeyId sent
		code Code
		msg  func(k odKey) func(string) bool
	}{
		{"R8.2.1 O-33 multi_region.json:replica_rotate-key-on-demand", func(w *odWorld) (odKey, string) {
			k := w.set(odE1, odW2).in(odW2)
			return k, k.id
		}, CodeUnsupportedOperation, rep},
		{"R8.2.1 a replica addressed by its ARN", func(w *odWorld) (odKey, string) {
			k := w.set(odE1, odW2).in(odW2)
			return k, k.arn()
		}, CodeUnsupportedOperation, rep},
		{"R3.8.1 role before state: a Disabled replica", func(w *odWorld) (odKey, string) {
			k := w.set(odE1, odW2).in(odW2)
			w.must("DisableKey", w.s.DisableKey(k.caller(), k.id))
			return k, k.id
		}, CodeUnsupportedOperation, rep},
		{"R3.6.2 a Creating key is a replica", func(w *odWorld) (odKey, string) {
			k := w.set(odE1)
			_, ts, err := w.s.ReplicateKey(w.now(), k.caller(), k.id, odW2, MemberParams{})
			w.must("ReplicateKey", err)
			w.timers = append(w.timers, ts...)
			return k.in(odW2), k.id
		}, CodeUnsupportedOperation, rep},
		{"R3.6.5 E-DIS rotation.json:disabled_rotate-key-on-demand", func(w *odWorld) (odKey, string) {
			k := w.create(odE1, KeyParams{})
			w.must("DisableKey", w.s.DisableKey(k.caller(), k.id))
			return k, k.id
		}, CodeDisabled, state(" is disabled.")},
		{"R3.6.5 E-PD rotation.json:deleting_rotate-key-on-demand", func(w *odWorld) (odKey, string) {
			k := w.create(odE1, KeyParams{})
			w.schedule(k)
			return k, k.id
		}, CodeInvalidState, state(" is pending deletion.")},
		{"R3.6.1 E-PRD", func(w *odWorld) (odKey, string) {
			k := w.set(odE1, odW2)
			w.schedule(k)
			return k, k.id
		}, CodeInvalidState, state(" is pending replica deletion.")},
		{"R3.6.5 E-PI imports.json:pending_rotate-key-on-demand", func(w *odWorld) (odKey, string) {
			k := w.create(odE1, KeyParams{Origin: OriginExternal, MultiRegion: true})
			return k, k.id
		}, CodeInvalidState, state(" is pending import.")},
		{"R3.8.1 A44.3 state before type: an EXTERNAL HMAC key in PendingImport", func(w *odWorld) (odKey, string) {
			p := hmac
			p.Origin = OriginExternal
			k := w.create(odE1, p)
			return k, k.id
		}, CodeInvalidState, state(" is pending import.")},
		{"R3.8.1 state before type: a Disabled HMAC key", func(w *odWorld) (odKey, string) {
			k := w.create(odE1, hmac)
			w.must("DisableKey", w.s.DisableKey(k.caller(), k.id))
			return k, k.id
		}, CodeDisabled, state(" is disabled.")},
		{"T:ondemand T-ROT rotation.json:hmac_rotate-key-on-demand", func(w *odWorld) (odKey, string) {
			k := w.create(odE1, hmac)
			return k, k.id
		}, CodeUnsupportedOperation, exact("")},
		{"T:ondemand T-ROT A44.3.3 an asymmetric multi-Region primary", func(w *odWorld) (odKey, string) {
			k := w.create(odE1, KeyParams{KeySpec: SpecECCNISTP256, KeyUsage: UsageSignVerify, MultiRegion: true})
			return k, k.id
		}, CodeUnsupportedOperation, exact("")},
		{"R8.3.1 imports.json:imported_rotate-key-on-demand (EXTERNAL key forced Enabled: no pending material)", func(w *odWorld) (odKey, string) {
			k := w.create(odE1, KeyParams{Origin: OriginExternal})
			w.s.Lookup(odAcct, k.region, k.id).State = Enabled
			return k, k.arn()
		}, CodeInvalidState, func(k odKey) func(string) bool {
			return odIs("No available key material pending rotation for the key: " + k.arn() + ".")
		}},
		{"A0.12.3 rotation.json:alias_rotate-key-on-demand", func(w *odWorld) (odKey, string) {
			return w.create(odE1, KeyParams{}), "alias/x"
		}, CodeInvalidArn, exact(msgAliasNotSupported)},
		{"A0.12.6 O-7 another account's key ARN", func(w *odWorld) (odKey, string) {
			o, err := w.s.CreateKey(w.now(), w.ent, Caller{Account: odOther, Region: odE1}, KeyParams{})
			w.must("CreateKey", err)
			return odKey{odE1, o.ID()}, o.ARN()
		}, CodeAccessDenied, func(odKey) func(string) bool { return odHas("kms:RotateKeyOnDemand") }},
		{"A0.12.8 no such key", func(w *odWorld) (odKey, string) {
			return odKey{odE1, missing}, missing
		}, CodeNotFound, exact("Key '" + KeyARN(odE1, odAcct, missing) + "' does not exist")},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			w := odNew(t, DefaultConfig())
			k, id := c.make(w)
			w.fails(t, c.rule, k, id, c.code, c.msg(k))
		})
	}
}

// TestOnDemandUpdating: the new primary in Updating rotates (R3.6.1, O-17,
// O89); the former primary is a replica at once (R8.2.1).
func TestOnDemandUpdating(t *testing.T) {
	w := odNew(t, DefaultConfig())
	k := w.set(odE1, odW2)
	ts, err := w.s.UpdatePrimaryRegion(w.now(), k.caller(), k.id, odW2)
	w.must("UpdatePrimaryRegion", err)
	w.timers = append(w.timers, ts...)
	w.fails(t, "R8.2.1 the former primary", k, k.id, CodeUnsupportedOperation, odPrefix(k.arn()+" is a multi-region replica key"))
	key, ts2, err := w.rotate(k.in(odW2))
	if _, ok := odTimerDue(ts2); err != nil || !ok || key.Region != odW2 || key.State != Updating {
		t.Fatalf("O-17 O89: %v %+v %v", key, ts2, err)
	}
	w.advance(2 * time.Minute)
	if rt := w.setOf(k).CurrentMaterial().RotationType; rt != "ON_DEMAND" || w.trs[len(w.trs)-1].Region != odW2 {
		t.Errorf("R8.2.4: %s, %+v", rt, w.trs[len(w.trs)-1])
	}
}

// TestOnDemandLimit: at most OnDemandRotationLimit rotations per set, the
// next one LimitExceededException with R8.2.2's text (OBS-LS
// test_key_rotations_limits); counted per set, across a change of primary
// (O-34); configurable.
func TestOnDemandLimit(t *testing.T) {
	for _, limit := range []int{25, 3} {
		cfg := DefaultConfig()
		cfg.OnDemandRotationLimit = limit
		w := odNew(t, cfg)
		k := w.set(odE1, odW2)
		for i := range limit {
			if i == limit-1 {
				// O-34: the set's count follows the primary to its new Region.
				ts, err := w.s.UpdatePrimaryRegion(w.now(), k.caller(), k.id, odW2)
				w.must("UpdatePrimaryRegion", err)
				w.timers = append(w.timers, ts...)
				w.advance(time.Minute)
				k = k.in(odW2)
			}
			_, _, err := w.rotate(k)
			w.must("rotation", err)
			w.advance(2 * time.Minute)
		}
		if n := len(w.setOf(k).Materials); n != limit+1 {
			t.Fatalf("%d rotations made %d materials", limit, n)
		}
		w.fails(t, "R8.2.2", k, k.id, CodeLimitExceeded, odIs("The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: "+k.arn()))
		w.advance(400 * Day)
		w.fails(t, "R8.2.2 the limit never resets", k, k.id, CodeLimitExceeded, odPrefix("The on-demand rotations limit has been reached"))
	}
}

// TestOnDemandLimitCoalesced: a call during the set's last allowed
// rotation joins it instead of failing (R8.2.3 before R8.2.2).
func TestOnDemandLimitCoalesced(t *testing.T) {
	cfg := DefaultConfig()
	cfg.OnDemandRotationLimit = 1
	w := odNew(t, cfg)
	k := w.create(odE1, KeyParams{})
	_, _, err := w.rotate(k)
	w.must("rotation", err)
	if _, ts, err := w.rotate(k); err != nil || ts != nil {
		t.Errorf("R8.2.3: %v %+v", err, ts)
	}
	w.advance(2 * time.Minute)
	w.fails(t, "R8.2.2", k, k.id, CodeLimitExceeded, odAny())
}

// TestOnDemandConflict: ConflictException when an automatic rotation is due
// within AutoRotationConflictWindow (R8.2.3, R11.3); the window is
// configurable and can be turned off; the automatic schedule does not move
// (R8.2.1) and still runs.
func TestOnDemandConflict(t *testing.T) {
	w := odNew(t, DefaultConfig())
	k := w.create(odE1, KeyParams{})
	w.enableRotation(k, 90)
	next := w.status(k).Next
	w.advance(next.Sub(w.now()) - 20*time.Minute - time.Nanosecond)
	_, _, err := w.rotate(k)
	w.must("R8.2.3 due in 20 min + 1 ns", err)
	w.advance(2 * time.Minute)
	w.fails(t, "R8.2.3 due in 18 min", k, k.id, CodeConflict,
		odIs("The request was rejected because an automatic rotation of this key is currently in progress or scheduled to begin within the next 20 minutes."))
	w.advance(next.Sub(w.now()) - 20*time.Minute)
	w.fails(t, "R8.2.3 due in exactly 20 min", k, k.id, CodeConflict, odAny())
	w.advance(20 * time.Minute)
	set := w.setOf(k)
	if n := len(set.Materials); n != 3 || set.Materials[1].RotationType != "ON_DEMAND" || set.Materials[2].RotationType != "AUTOMATIC" ||
		!set.Materials[2].Created.Equal(next) || !set.Rotation.Next.Equal(next.Add(90*Day)) {
		t.Fatalf("R8.2.1: the automatic rotation did not run on schedule: %+v, next %v", set.Materials, set.Rotation.Next)
	}
	_, _, err = w.rotate(k)
	w.must("R8.2.3 just after the automatic rotation", err)

	// DisableKeyRotation: no automatic rotation is due, no conflict.
	w2 := odNew(t, DefaultConfig())
	k2 := w2.create(odE1, KeyParams{})
	w2.enableRotation(k2, 90)
	w2.must("DisableKeyRotation", w2.s.DisableKeyRotation(k2.caller(), k2.id))
	w2.advance(90*Day - time.Minute)
	if _, _, err := w2.rotate(k2); err != nil {
		t.Errorf("R8.2.3 with automatic rotation off: %v", err)
	}

	// A window of zero turns the check off.
	cfg := DefaultConfig()
	cfg.AutoRotationConflictWindow = 0
	w3 := odNew(t, cfg)
	k3 := w3.create(odE1, KeyParams{})
	w3.enableRotation(k3, 90)
	w3.advance(90*Day - time.Second)
	if _, _, err := w3.rotate(k3); err != nil {
		t.Errorf("no conflict window: %v", err)
	}
}

// TestOnDemandCompletesAnyway: a rotation in progress completes after
// DisableKey or ScheduleKeyDeletion (R8.1.6, A44.3.6,
// rotation.json:disable_key_during_rotation, disabled_pending,
// disabled_rotation_list, deleting_pending, deleting_rotation_poll); its
// start date shows also when KeyRotationEnabled is false (R8.2.4); a set
// deleted meanwhile is not rotated, and a stale timer does nothing.
func TestOnDemandCompletesAnyway(t *testing.T) {
	w := odNew(t, DefaultConfig())
	dis := w.create(odE1, KeyParams{})
	w.enableRotation(dis, 365)
	start := w.now()
	_, _, err := w.rotate(dis)
	w.must("second_rotate", err)
	w.must("disable_key_during_rotation", w.s.DisableKey(dis.caller(), dis.id))
	if st := w.status(dis); !st.Enabled || !st.OnDemandStart.Equal(start) {
		t.Errorf("disabled_pending: %+v", st)
	}
	del := w.create(odE1, KeyParams{})
	w.enableRotation(del, 90)
	_, _, err = w.rotate(del)
	w.must("third_rotate", err)
	w.schedule(del)
	if st := w.status(del); st.Enabled || st.PeriodDays != 0 || !st.Next.IsZero() || !st.OnDemandStart.Equal(start) {
		t.Errorf("R8.2.4 deleting_pending: %+v", st)
	}
	w.advance(2 * time.Minute)
	for _, k := range []odKey{dis, del} {
		set := w.setOf(k)
		if len(set.Materials) != 2 || set.CurrentMaterial().RotationType != "ON_DEMAND" || set.OnDemand.InProgress() {
			t.Errorf("R8.1.6: %s in %s: %+v", k.arn(), w.s.Lookup(odAcct, odE1, k.id).State, set.Materials)
		}
	}
	if n := len(w.trs); n < 2 || w.trs[n-2].From != Disabled || w.trs[n-1].From != PendingDeletion || w.trs[n-2].Cause != TimerRotate {
		t.Errorf("R8.1.6: transitions %+v", w.trs)
	}
	if st := w.status(del); !st.OnDemandStart.IsZero() || st.Enabled {
		t.Errorf("deleting_rotation_status_final: %+v", st)
	}
	ts, err := w.s.EnableKey(w.now(), w.ent, dis.caller(), dis.id)
	w.must("EnableKey", err)
	if len(ts) != 0 || !w.status(dis).OnDemandStart.IsZero() || len(w.setOf(dis).Materials) != 2 {
		t.Errorf("reenabled_pending: no further rotation, no start date")
	}

	// A stale timer (a set deleted, or an epoch that is not the set's) does nothing.
	before := w.snap()
	if trs, ts := w.s.Fire(Timer{TimerOnDemandRotate, w.now(), odAcct, odE1, "0badc0de-1111-4222-8333-444455556666", 1}, w.ent); trs != nil || ts != nil {
		t.Errorf("timer of a missing set: %+v %+v", trs, ts)
	}
	if trs, _ := w.s.Fire(Timer{TimerOnDemandRotate, w.now(), odAcct, odE1, dis.id, w.setOf(dis).OnDemand.epoch}, w.ent); trs != nil {
		t.Errorf("timer of a completed rotation: %+v", trs)
	}
	if d := cmp.Diff(before, w.snap()); d != "" {
		t.Errorf("stale timers changed the store:\n%s", d)
	}
}

// TestOnDemandDeletedSet: a set deleted before its rotation completes is
// not rotated and nothing is drawn.
func TestOnDemandDeletedSet(t *testing.T) {
	cfg := DefaultConfig()
	cfg.OnDemandRotationDuration = 8 * Day
	w := odNew(t, cfg)
	k := w.create(odE1, KeyParams{})
	_, _, err := w.rotate(k)
	w.must("rotation", err)
	w.schedule(k)
	n := w.ent.n
	w.advance(9 * Day)
	if w.s.Lookup(odAcct, odE1, k.id) != nil || w.ent.n != n {
		t.Errorf("T12: the key outlived its deletion or its rotation drew %d bytes", w.ent.n-n)
	}
	for _, tr := range w.trs {
		if tr.Cause == TimerRotate {
			t.Errorf("a deleted set rotated: %+v", tr)
		}
	}
}
