package sim_test

// Tests of RotateKeyOnDemand (SPEC §8.2, SPEC-API §A44) and of the
// on-demand part of GetKeyRotationStatus (R8.2.4, A28.3.4) through the
// SDK-shaped client, on a mock clock that the tests step. Every case names
// its rule: R… and O-… are SPEC.md, A… and On are SPEC-API.md, and
// "file.json:case" is the observation of shared/aws-observed that it
// reproduces (code, exact message and shape, with the recording's account
// and key ID replaced by the world's, otRec). After every failing call the
// world's Snapshot must be unchanged (A0.11.3).
//
// The helpers come from ops_test.go (ot…); package-level identifiers of
// this file start with "od" or TestRotateKeyOnDemand.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mrksim/mrk/sim"
)

// odDuration is OnDemandRotationDuration's default (R11.3, O-42).
const odDuration = 2 * time.Minute

// Recorded answers (msg✓), before otRec puts in the world's key.
const (
	odRecReplica  = "arn:aws:kms:us-west-2:111111111111:key/mrk-00000000000000000000000000000001 is a multi-region replica key which is not valid for RotateKeyOnDemand." // multi_region.json:replica_rotate-key-on-demand
	odRecDisabled = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000001 is disabled."                                                            // rotation.json:disabled_rotate-key-on-demand
	odRecDeleting = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000001 is pending deletion."                                                    // rotation.json:deleting_rotate-key-on-demand
	odRecPending  = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000001 is pending import."                                                      // imports.json:pending_rotate-key-on-demand
	// odLimitMsg is R8.2.2's text (msg✓ LS:test_key_rotations_limits, A44.3.5).
	odLimitMsg = "The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: "
)

func odRotate(c *sim.Client, id string) (*kms.RotateKeyOnDemandOutput, error) {
	return c.RotateKeyOnDemand(otCtx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(id)})
}

// rotateOK rotates k on demand and checks the answer: the key ARN whatever
// the form of KeyId (A44.3.7, O93).
func (o *otWorld) rotateOK(t *testing.T, k otKey, keyID string) {
	t.Helper()
	out, err := odRotate(o.c(k.region), keyID)
	if err != nil {
		t.Fatalf("RotateKeyOnDemand(%s) in %s: %v", keyID, k.region, err)
	}
	if d := cmp.Diff(&kms.RotateKeyOnDemandOutput{KeyId: aws.String(k.arn())}, out,
		cmpopts.IgnoreFields(kms.RotateKeyOnDemandOutput{}, "ResultMetadata"), cmpopts.IgnoreUnexported(kms.RotateKeyOnDemandOutput{})); d != "" {
		t.Errorf("A44.3.7 rotation.json:rotate_first: output (-want +got):\n%s", d)
	}
}

func (o *otWorld) history(k otKey, all bool) []types.RotationsListEntry {
	o.t.Helper()
	in := &kms.ListKeyRotationsInput{KeyId: aws.String(k.id)}
	if all {
		in.IncludeKeyMaterial = types.IncludeKeyMaterialAllKeyMaterial
	}
	out, err := o.c(k.region).ListKeyRotations(otCtx, in)
	o.must("ListKeyRotations in "+k.region, err)
	return out.Rotations
}

// odEntry is one ListKeyRotations entry as comparable values.
type odEntry struct {
	KeyID, Material, State string
	Date                   *time.Time
	Type                   types.RotationType
}

func odEntries(rs []types.RotationsListEntry) []odEntry {
	out := make([]odEntry, len(rs))
	for i, r := range rs {
		out[i] = odEntry{aws.ToString(r.KeyId), aws.ToString(r.KeyMaterialId), string(r.KeyMaterialState), r.RotationDate, r.RotationType}
	}
	return out
}

// TestRotateKeyOnDemandResolve: KeyId is a key ID or key ARN (A44.3.1,
// A0.12): every identifier error, an alias refused with the recorded text
// (rotation.json:alias_rotate-key-on-demand), no cross-account use (O-7).
func TestRotateKeyOnDemandResolve(t *testing.T) {
	otResolve(t, "RotateKeyOnDemand", false, false, func(c *sim.Client, id *string) error {
		return otE(c.RotateKeyOnDemand(otCtx, &kms.RotateKeyOnDemandInput{KeyId: id}))
	})
}

// TestRotateKeyOnDemandStates: the RotateKeyOnDemand row of R3.6.1 (O-17,
// O89) behind the role check of R3.6.2 (R3.8.1 step 3): every replica
// answers R-REP whatever its state (O-33).
func TestRotateKeyOnDemandStates(t *testing.T) {
	// R-REP, msg✓ multi_region.json:replica_rotate-key-on-demand with the
	// replica's own ARN.
	rep := otFail(func(k otKey) otWant {
		return otErr(otUO, k.arn()+" is a multi-region replica key which is not valid for RotateKeyOnDemand.")
	})
	started := func(t *testing.T, o *otWorld, k otKey) {
		t.Helper()
		if r := o.rotationOf(k); r.OnDemand == nil || !r.OnDemand.Equal(o.now()) {
			t.Errorf("R8.2.4: no OnDemandRotationStartDate after the call: %+v", r)
		}
	}
	otRunStates(t, "RotateKeyOnDemand", []otStateCase{
		{"R8.2.1 A44.3.2", "Enabled", nil, started},
		{"R3.6.2 single-Region keys have no role rule", "Enabled/single", nil, started},
		{"R8.2.1 O-33 multi_region.json:replica_rotate-key-on-demand", "Enabled/replica", rep, nil},
		{"R3.6.5 rotation.json:disabled_rotate-key-on-demand", "Disabled", otFail(func(k otKey) otWant { return otErr(otDI, otRec(odRecDisabled, k.id)) }), nil},
		{"R3.6.5 E-DIS", "Disabled/single", otFail(func(k otKey) otWant { return otErr(otDI, otRec(odRecDisabled, k.id)) }), nil},
		{"R3.8.1 role before state", "Disabled/replica", rep, nil},
		{"R3.6.5 rotation.json:deleting_rotate-key-on-demand", "PendingDeletion", otFail(func(k otKey) otWant { return otErr(otIS, otRec(odRecDeleting, k.id)) }), nil},
		{"R3.6.5 E-PD", "PendingDeletion/single", otFail(func(k otKey) otWant { return otErr(otIS, otRec(odRecDeleting, k.id)) }), nil},
		{"R3.8.1 role before state", "PendingDeletion/replica", rep, nil},
		{"R3.6.1 E-PRD (msg✓ R3.7.1)", "PendingReplicaDeletion", otFail(func(k otKey) otWant { return otErr(otIS, k.arn()+" is pending replica deletion.") }), nil},
		{"R3.6.5 imports.json:pending_rotate-key-on-demand", "PendingImport", otFail(func(k otKey) otWant { return otErr(otIS, otRec(odRecPending, k.id)) }), nil},
		{"R3.6.5 E-PI", "PendingImport/single", otFail(func(k otKey) otWant { return otErr(otIS, otRec(odRecPending, k.id)) }), nil},
		{"R3.6.2 a Creating key is a replica", "Creating", rep, nil},
		{"R3.6.1 O-17 O89 the new primary while Updating", "Updating", nil, started},
		{"R8.2.1 the former primary is a replica at once", "Updating/former", rep, nil},
	}, func(o *otWorld, k otKey) error { return otE(odRotate(o.c(k.region), k.id)) })
}

// TestRotateKeyOnDemandTypes: T:ondemand after the state gate (R3.7.2,
// R3.8.1's exception for RotateKeyOnDemand, A44.3.3): a key that is not a
// symmetric encryption key answers UnsupportedOperationException with an
// empty message (rotation.json:hmac_rotate-key-on-demand, A0.7.4), but a
// Disabled one answers DisabledException first.
func TestRotateKeyOnDemandTypes(t *testing.T) {
	o := otNew(t)
	hmac := otKey{otE1, *o.create(otE1, &kms.CreateKeyInput{KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac}).KeyId}
	ecc := otKey{otE1, *o.create(otE1, &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify, MultiRegion: aws.Bool(true)}).KeyId}
	rsa := otKey{otE1, *o.create(otE1, &kms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeEncryptDecrypt}).KeyId}
	for _, k := range []otKey{hmac, ecc, rsa} {
		o.fails(t, "RotateKeyOnDemand", otErr(otUO, ""), func() error { return otE(odRotate(o.c(otE1), k.id)) })
	}
	o.disable(hmac)
	o.fails(t, "RotateKeyOnDemand", otErr(otDI, hmac.arn()+" is disabled."), func() error { return otE(odRotate(o.c(otE1), hmac.id)) })
}

// TestRotateKeyOnDemandSingleRegion replays rotation.json's first on-demand
// rotation: rotate_first (by key ID, answered with the ARN),
// rotate_immediate_repeat, status_after_request, rotation_poll,
// describe_rotated, list_rotated, all_rotated (R8.2.1, R8.2.3, R8.2.4,
// R8.4.1, R8.4.2), and the RotateKey service event (R10.6.1).
func TestRotateKeyOnDemandSingleRegion(t *testing.T) {
	o := otNew(t)
	k := otKey{otE1, o.single(otE1)}
	first := *o.describeKey(k).CurrentKeyMaterialId
	o.enableRotation(k, aws.Int32(90))
	next := o.now().Add(90 * otDay)
	o.add(18 * time.Second)
	start := o.now()

	before := o.snapshot()
	o.rotateOK(t, k, k.id) // rotate_first
	after := o.snapshot()
	if d := cmp.Diff(before.Stream, after.Stream); d != "" {
		t.Errorf("A0.11.3, A44.3.6: the call drew from the key stream; material is drawn when the rotation completes")
	}
	wantTimer := sim.TimerSnapshot{Kind: "OnDemandRotate", Due: start.Add(odDuration), Account: otAcct, Region: otE1, KeyID: k.id}
	if n := len(after.Timers); n != len(before.Timers)+1 || !odHasTimer(after.Timers, wantTimer) {
		t.Errorf("R11.3: timers after the call: %+v", after.Timers)
	}
	o.add(time.Second)
	o.rotateOK(t, k, k.arn()) // rotate_immediate_repeat
	if d := cmp.Diff(after.Timers, o.snapshot().Timers); d != "" {
		t.Errorf("R8.2.3 rotate_immediate_repeat started something:\n%s", d)
	}

	want := otRotOn(k.arn(), 90, next)
	want.OnDemand = aws.Time(start)
	if d := cmp.Diff(want, o.rotationOf(k)); d != "" {
		t.Errorf("R8.2.4 status_after_request (-want +got):\n%s", d)
	}
	o.at(start.Add(odDuration - time.Millisecond))
	if d := cmp.Diff(want, o.rotationOf(k)); d != "" {
		t.Errorf("R8.2.4 rotation_poll (in progress) (-want +got):\n%s", d)
	}
	if got := *o.describeKey(k).CurrentKeyMaterialId; got != first {
		t.Errorf("R8.1.5: CurrentKeyMaterialId changed before the rotation completed")
	}
	o.at(start.Add(odDuration))
	if d := cmp.Diff(otRotOn(k.arn(), 90, next), o.rotationOf(k)); d != "" {
		t.Errorf("R8.2.4, R8.2.1 rotation_poll (done): the start date goes, the schedule stays (-want +got):\n%s", d)
	}
	cur := *o.describeKey(k).CurrentKeyMaterialId
	if cur == first || len(cur) != 64 {
		t.Fatalf("R8.4.2 describe_rotated: CurrentKeyMaterialId %q (was %q)", cur, first)
	}
	done := start.Add(odDuration)
	wantList := []odEntry{{k.arn(), cur, "CURRENT", &done, types.RotationTypeOnDemand}}
	if d := cmp.Diff(wantList, odEntries(o.history(k, false))); d != "" {
		t.Errorf("R8.4.1, R8.2.3 list_rotated: one rotation for two calls (-want +got):\n%s", d)
	}
	wantAll := append([]odEntry{{k.arn(), first, "NON_CURRENT", nil, ""}}, wantList...)
	if d := cmp.Diff(wantAll, odEntries(o.history(k, true))); d != "" {
		t.Errorf("R8.4.1 all_rotated (-want +got):\n%s", d)
	}

	rots := o.w.Events(sim.EventFilter{EventName: "RotateKey"})
	if len(rots) != 1 {
		t.Fatalf("R10.6.1: %d RotateKey events, want 1", len(rots))
	}
	r := rots[0]
	var details map[string]string
	json.Unmarshal(r.ServiceEventDetails, &details)
	wantDetails := map[string]string{"rotationType": "ON_DEMAND", "keyOrigin": "AWS_KMS", "previousKeyMaterialId": first, "currentKeyMaterialId": cur}
	if d := cmp.Diff(wantDetails, details); d != "" || r.EventType != "AwsServiceEvent" || r.AWSRegion != otE1 ||
		r.EventTime != done.UTC().Format("2006-01-02T15:04:05Z") || r.UserIdentity.InvokedBy != "AWS Internal" || len(r.Resources) != 1 || r.Resources[0].ARN != k.arn() {
		t.Errorf("R10.6.1 CT-rotatekey: %+v\n%s", r, d)
	}
	if n := len(o.w.Events(sim.EventFilter{EventName: "SynchronizeMultiRegionKey"})); n != 0 {
		t.Errorf("R10.5: a single-Region key logged %d SynchronizeMultiRegionKey records", n)
	}
	calls := o.w.Events(sim.EventFilter{EventName: "RotateKeyOnDemand"})
	if len(calls) != 2 {
		t.Fatalf("R10.2: %d RotateKeyOnDemand records, want 2", len(calls))
	}
	for _, c := range calls {
		if c.EventType != "AwsApiCall" || c.ReadOnly || string(c.ResponseElements) != `{"keyId":"`+k.arn()+`"}` || c.RequestID == "" {
			t.Errorf("R10.1 CT-rotatekeyondemand: %+v (responseElements %s)", c, c.ResponseElements)
		}
	}
}

func odHasTimer(ts []sim.TimerSnapshot, want sim.TimerSnapshot) bool {
	for _, t := range ts {
		if t.Kind == want.Kind && t.Due.Equal(want.Due) && t.Account == want.Account && t.Region == want.Region && t.KeyID == want.KeyID {
			return true
		}
	}
	return false
}

// TestRotateKeyOnDemandMultiRegion replays multi_region.json's rotation of
// a set: rotate_primary, rotation_complete_poll, primary_rotated,
// replica_rotation_sync_poll, replica_rotation_history (R8.2.1, R8.1.5,
// R8.4.2, R8.4.3), with a configured OnDemandRotationDuration (R11.3: the
// recorded MRK rotation took about 7 min 40 s). Every member reports the
// start date while the rotation runs (R8.2.4; replicas unrecorded), and
// KMS logs RotateKey in the primary's Region then SynchronizeMultiRegionKey
// (R10.6.1, R10.5.1, O-40, O-41).
func TestRotateKeyOnDemandMultiRegion(t *testing.T) {
	dur := 7*time.Minute + 40*time.Second
	o := otNew(t, sim.Options{OnDemandRotationDuration: dur})
	id := o.set(otE1, otAP, otW2)
	p := otKey{otE1, id}
	members := []otKey{p, {otAP, id}, {otW2, id}}
	o.enableRotation(p, aws.Int32(90))
	next := o.now().Add(90 * otDay)
	first := *o.describeKey(p).CurrentKeyMaterialId
	o.fails(t, "RotateKeyOnDemand", otErr(otUO, otRec(odRecReplica, id)), func() error { return otE(odRotate(o.c(otW2), id)) })

	o.add(25 * time.Second)
	start := o.now()
	o.rotateOK(t, p, id) // rotate_primary
	o.add(dur - time.Second)
	for _, m := range members {
		want := otRotOn(m.arn(), 90, next)
		want.OnDemand = aws.Time(start)
		if d := cmp.Diff(want, o.rotationOf(m)); d != "" {
			t.Errorf("R8.2.4 rotation_complete_poll in %s (-want +got):\n%s", m.region, d)
		}
		if got := *o.describeKey(m).CurrentKeyMaterialId; got != first {
			t.Errorf("R8.1.5: %s uses the new material before the rotation completed", m.region)
		}
	}
	if n := len(o.w.Events(sim.EventFilter{EventName: "RotateKey"})); n != 0 {
		t.Errorf("R10.6.1: RotateKey logged before the rotation completed")
	}
	o.add(time.Second)
	cur := *o.describeKey(p).CurrentKeyMaterialId
	done := start.Add(dur)
	for _, m := range members {
		if d := cmp.Diff(otRotOn(m.arn(), 90, next), o.rotationOf(m)); d != "" {
			t.Errorf("R8.2.4 rotation_complete_poll (done) in %s (-want +got):\n%s", m.region, d)
		}
		if got := *o.describeKey(m).CurrentKeyMaterialId; got != cur || cur == first {
			t.Errorf("R8.1.5, R8.4.2 primary_rotated / replica_rotation_sync_poll in %s: %s, primary %s, first %s", m.region, got, cur, first)
		}
		want := []odEntry{{m.arn(), first, "NON_CURRENT", nil, ""}, {m.arn(), cur, "CURRENT", &done, types.RotationTypeOnDemand}}
		if d := cmp.Diff(want, odEntries(o.history(m, true))); d != "" {
			t.Errorf("R8.4.3 replica_rotation_history in %s (-want +got):\n%s", m.region, d)
		}
	}
	var got []string
	for _, e := range o.w.Events(sim.EventFilter{From: done}) {
		got = append(got, e.EventName+" "+e.AWSRegion+" "+e.EventType)
	}
	want := []string{"RotateKey us-east-1 AwsServiceEvent", "SynchronizeMultiRegionKey us-east-1 AwsApiCall"}
	if d := cmp.Diff(want, got[:min(2, len(got))]); d != "" {
		t.Errorf("R10.6.1, R10.5.1, O-40, O-41: the records of the completed rotation (-want +got):\n%s", d)
	}
}

// TestRotateKeyOnDemandDisabledAndDeleting replays rotation.json's second
// and third rotations: a rotation in progress completes after DisableKey
// (disable_key_during_rotation, disabled_pending, disabled_rotation_poll,
// disabled_rotation_list, reenabled_pending) and after ScheduleKeyDeletion
// (deleting_pending, deleting_rotation_poll,
// deleting_rotation_status_final): R8.1.6, A44.3.6; the start date shows
// also when KeyRotationEnabled is false (R8.2.4).
func TestRotateKeyOnDemandDisabledAndDeleting(t *testing.T) {
	o := otNew(t)
	k := otKey{otE1, o.single(otE1)}
	o.enableRotation(k, nil)
	next := o.now().Add(365 * otDay)
	o.add(time.Second)
	start := o.now()
	o.rotateOK(t, k, k.id) // second_rotate
	o.disable(k)           // disable_key_during_rotation
	pending := otRotOn(k.arn(), 365, next)
	pending.OnDemand = aws.Time(start)
	if d := cmp.Diff(pending, o.rotationOf(k)); d != "" {
		t.Errorf("disabled_pending (-want +got):\n%s", d)
	}
	o.add(odDuration)
	if d := cmp.Diff(otRotOn(k.arn(), 365, next), o.rotationOf(k)); d != "" {
		t.Errorf("R8.1.6 disabled_rotation_poll (-want +got):\n%s", d)
	}
	list := o.history(k, true)
	if len(list) != 2 || list[1].RotationType != types.RotationTypeOnDemand || list[1].KeyMaterialState != types.KeyMaterialStateCurrent {
		t.Errorf("R8.1.6 disabled_rotation_list: %+v", odEntries(list))
	}
	if st := o.stateOf(k); st != types.KeyStateDisabled {
		t.Errorf("the rotation changed the key's state to %s", st)
	}
	o.enable(k)
	if d := cmp.Diff(otRotOn(k.arn(), 365, next), o.rotationOf(k)); d != "" {
		t.Errorf("reenabled_pending (-want +got):\n%s", d)
	}
	if d := cmp.Diff(odEntries(list), odEntries(o.history(k, true))); d != "" {
		t.Errorf("reenabled_rotation_list: re-enabling rotated again (-want +got):\n%s", d)
	}

	o.enableRotation(k, aws.Int32(90))
	o.add(2 * time.Second)
	start = o.now()
	o.rotateOK(t, k, k.id) // third_rotate
	o.schedule(k, 7)
	if d := cmp.Diff(otRot{KeyID: k.arn(), OnDemand: aws.Time(start)}, o.rotationOf(k)); d != "" {
		t.Errorf("R8.2.4 deleting_pending: the start date without the automatic status (-want +got):\n%s", d)
	}
	o.fails(t, "RotateKeyOnDemand", otErr(otIS, otRec(odRecDeleting, k.id)), func() error { return otE(odRotate(o.c(otE1), k.id)) })
	o.add(odDuration)
	list = o.history(k, false)
	if len(list) != 2 || *list[1].RotationDate != start.Add(odDuration) || list[1].KeyMaterialState != types.KeyMaterialStateCurrent {
		t.Errorf("R8.1.6 deleting_rotation_poll: %+v", odEntries(list))
	}
	if d := cmp.Diff(otRot{KeyID: k.arn()}, o.rotationOf(k)); d != "" {
		t.Errorf("deleting_rotation_status_final (-want +got):\n%s", d)
	}
	if st := o.stateOf(k); st != types.KeyStatePendingDeletion {
		t.Errorf("the rotation changed the key's state to %s", st)
	}
}

// TestRotateKeyOnDemandWithoutAutomatic: a key whose automatic rotation is
// off reports only the start date while rotating (R8.2.4), and rotates.
func TestRotateKeyOnDemandWithoutAutomatic(t *testing.T) {
	o := otNew(t)
	k := otKey{otE1, o.primary(otE1)}
	start := o.now()
	o.rotateOK(t, k, k.arn())
	if d := cmp.Diff(otRot{KeyID: k.arn(), OnDemand: aws.Time(start)}, o.rotationOf(k)); d != "" {
		t.Errorf("R8.2.4 (-want +got):\n%s", d)
	}
	o.add(odDuration)
	if d := cmp.Diff(otRot{KeyID: k.arn()}, o.rotationOf(k)); d != "" {
		t.Errorf("R8.2.4 (-want +got):\n%s", d)
	}
	if n := len(o.history(k, false)); n != 1 {
		t.Errorf("R8.4.1: %d rotations listed", n)
	}
}

// TestRotateKeyOnDemandLimit: the 26th on-demand rotation of a set fails
// with R8.2.2's LimitExceededException (A44.3.5), counted per set, also
// after the primary moves (O-34); the limit is a world Option; a call
// during the last allowed rotation still joins it (R8.2.3).
func TestRotateKeyOnDemandLimit(t *testing.T) {
	o := otNew(t)
	id := o.set(otE1, otW2)
	p := otKey{otE1, id}
	for range 24 {
		o.rotateOK(t, p, id)
		o.add(odDuration)
	}
	o.promote(p, otW2)
	o.add(otUpdating)
	np := otKey{otW2, id}
	o.rotateOK(t, np, id) // the 25th
	o.rotateOK(t, np, id) // joins it
	o.add(odDuration)
	if n := len(o.history(np, false)); n != 25 {
		t.Fatalf("R8.2.2: %d rotations listed, want 25", n)
	}
	o.fails(t, "RotateKeyOnDemand", otErr(otLE, odLimitMsg+np.arn()), func() error { return otE(odRotate(o.c(otW2), id)) })
	o.add(400 * otDay)
	o.fails(t, "RotateKeyOnDemand", otErr(otLE, odLimitMsg+np.arn()), func() error { return otE(odRotate(o.c(otW2), id)) })
	// R8.2.1: the former primary is now a replica.
	o.fails(t, "RotateKeyOnDemand", otErr(otUO, p.arn()+" is a multi-region replica key which is not valid for RotateKeyOnDemand."),
		func() error { return otE(odRotate(o.c(otE1), id)) })

	o2 := otNew(t, sim.Options{OnDemandRotationsPerKey: 2})
	k := otKey{otE1, o2.single(otE1)}
	other := otKey{otE1, o2.single(otE1)}
	for range 2 {
		o2.rotateOK(t, k, k.id)
		o2.add(odDuration)
	}
	o2.fails(t, "RotateKeyOnDemand", otErr(otLE, odLimitMsg+k.arn()), func() error { return otE(odRotate(o2.c(otE1), k.id)) })
	o2.rotateOK(t, other, other.id) // O-34: per set, not per account
}

// TestRotateKeyOnDemandConflict: ConflictException while an automatic
// rotation is due within AutoRotationConflictWindow, 20 min by default
// (R8.2.3, R11.3, A44.3.5; code only, text unrecorded); the call leaves
// the world unchanged and the automatic schedule is not moved by on-demand
// rotations (R8.2.1). The window is a world Option, negative turns it off.
func TestRotateKeyOnDemandConflict(t *testing.T) {
	o := otNew(t)
	k := otKey{otE1, o.single(otE1)}
	o.enableRotation(k, aws.Int32(90))
	next := o.now().Add(90 * otDay)
	o.at(next.Add(-20*time.Minute - time.Millisecond))
	o.rotateOK(t, k, k.id)
	o.add(odDuration)
	odConflict(t, o, k)
	o.at(next.Add(-20 * time.Minute))
	odConflict(t, o, k)
	o.at(next)
	want := []types.RotationType{types.RotationTypeOnDemand, types.RotationTypeAutomatic}
	var got []types.RotationType
	for _, r := range o.history(k, false) {
		got = append(got, r.RotationType)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("R8.2.1: the automatic rotation did not run on its schedule (-want +got):\n%s", d)
	}
	if d := cmp.Diff(otRotOn(k.arn(), 90, next.Add(90*otDay)), o.rotationOf(k)); d != "" {
		t.Errorf("R8.1.3: the next automatic rotation (-want +got):\n%s", d)
	}
	o.rotateOK(t, k, k.id) // right after the automatic rotation: no conflict

	for _, c := range []struct {
		window   time.Duration
		at       time.Duration // before the automatic rotation
		conflict bool
	}{
		{-1, time.Second, false},
		{time.Hour, 59 * time.Minute, true},
		{time.Hour, 61 * time.Minute, false},
	} {
		t.Run(fmt.Sprintf("window %v, due in %v", c.window, c.at), func(t *testing.T) {
			o := otNew(t, sim.Options{AutoRotationConflictWindow: c.window})
			k := otKey{otE1, o.single(otE1)}
			o.enableRotation(k, aws.Int32(90))
			o.at(o.now().Add(90*otDay - c.at))
			if c.conflict {
				odConflict(t, o, k)
			} else {
				o.rotateOK(t, k, k.id)
			}
		})
	}
}

// odConflict expects RotateKeyOnDemand on k to fail with the SDK's typed
// ConflictException, HTTP 400 (A0.9.2, O11), and change nothing.
func odConflict(t *testing.T, o *otWorld, k otKey) {
	t.Helper()
	before := o.snapshot()
	_, err := odRotate(o.c(k.region), k.id)
	var ce *types.ConflictException
	var re *awshttp.ResponseError
	if !errors.As(err, &ce) || !errors.As(err, &re) || re.HTTPStatusCode() != 400 {
		t.Errorf("R8.2.3: got %v, want ConflictException", err)
	}
	if d := cmp.Diff(before, o.snapshot()); d != "" {
		t.Errorf("A0.11.3: a failed RotateKeyOnDemand changed the world:\n%s", d)
	}
}

// TestRotateKeyOnDemandWire: the operation over the JSON 1.1 protocol
// (A0.1, A0.6, A0.7): the ARN in the answer, OnDemandRotationStartDate as
// epoch seconds in GetKeyRotationStatus (A0.6.4), the recorded R-REP error
// body.
func TestRotateKeyOnDemandWire(t *testing.T) {
	o := otNew(t)
	id := o.set(otE1, otW2)
	call := func(region, op, body string) (int, map[string]any) {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "TrentService."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/"+region+"/kms/aws4_request, SignedHeaders=host, Signature=0")
		rec := httptest.NewRecorder()
		o.w.Handler(nil).ServeHTTP(rec, req)
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatalf("%s: body %q: %v", op, rec.Body.String(), err)
		}
		return rec.Code, m
	}
	start := o.now()
	status, m := call(otE1, "RotateKeyOnDemand", `{"KeyId":"`+id+`"}`)
	if status != 200 || !cmp.Equal(m, map[string]any{"KeyId": otARN(otE1, otAcct, id)}) {
		t.Errorf("A44.2, A44.3.7: %d %v", status, m)
	}
	status, m = call(otW2, "GetKeyRotationStatus", `{"KeyId":"`+id+`"}`)
	want := map[string]any{"KeyId": otARN(otW2, otAcct, id), "KeyRotationEnabled": false, "OnDemandRotationStartDate": float64(start.UnixMilli()) / 1000}
	if status != 200 || !cmp.Equal(m, want) {
		t.Errorf("A28.2, R8.2.4: %d %v", status, m)
	}
	status, m = call(otW2, "RotateKeyOnDemand", `{"KeyId":"`+id+`"}`)
	if status != 400 || !cmp.Equal(m, map[string]any{"__type": "UnsupportedOperationException", "message": otRec(odRecReplica, id)}) {
		t.Errorf("A0.7.3 multi_region.json:replica_rotate-key-on-demand: %d %v", status, m)
	}
}

// TestRotateKeyOnDemandConcurrent: calls on several sets from several
// goroutines while the clock moves (run with -race): every rotation
// completes, each set's materials after the first are ON_DEMAND, and no
// rotation is left running.
func TestRotateKeyOnDemandConcurrent(t *testing.T) {
	o := otNew(t)
	ids := make([]string, 4)
	for i := range ids {
		ids[i] = o.set(otE1, otW2)
	}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if _, err := odRotate(o.c(otE1), id); err != nil {
					t.Errorf("RotateKeyOnDemand: %v", err)
				}
				if _, err := o.c(otW2).GetKeyRotationStatus(otCtx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)}); err != nil {
					t.Errorf("GetKeyRotationStatus: %v", err)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 20 {
			if _, err := o.w.Advance(time.Minute); err != nil {
				t.Error(err)
			}
		}
	}()
	wg.Wait()
	o.add(odDuration)
	for _, id := range ids {
		for _, r := range []string{otE1, otW2} {
			k := otKey{r, id}
			if rot := o.rotationOf(k); rot.OnDemand != nil {
				t.Errorf("a rotation of %s is still running: %+v", k.arn(), rot)
			}
			list := o.history(k, false)
			if len(list) < 1 || len(list) > 10 {
				t.Errorf("%s: %d rotations", k.arn(), len(list))
			}
			for _, e := range list {
				if e.RotationType != types.RotationTypeOnDemand {
					t.Errorf("%s: %+v", k.arn(), e)
				}
			}
		}
	}
}
