package mrk

// Tests of the model's tag and key-policy operations (tags.go):
// TagResource, UntagResource, ListResourceTags, GetKeyPolicy, PutKeyPolicy
// and ListKeyPolicies. Every case names its rule: R… and O-… are SPEC.md,
// A… and On are SPEC-API.md, "file.json:case" an observation of
// shared/aws-observed. After every failing call the store must be
// unchanged and no random byte drawn (A0.11.3).
//
// Package-level identifiers of this file start with "tg" (or TestTags…)
// so that it can sit next to other tests of package mrk.

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	tgAcct  = "111122223333"
	tgOther = "444455556666"
	tgE1    = "us-east-1"
	tgW2    = "us-west-2"
	tgEU    = "eu-west-1"
	tgCN    = "cn-north-1"
	tgCNW   = "cn-northwest-1"
	// tgPolicy is a small valid key policy, in a layout AWS would not
	// produce, to show that it is kept byte for byte (A0.19.6).
	tgPolicy = "{ \"Version\":\"2012-10-17\",\n\t\"Statement\" : {\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"} }\r\n"
	// tgRecordedDefault is the default key policy as AWS returned it from
	// GetKeyPolicy (R4.4.3, msg✓ multi_region.json:replica_policy).
	tgRecordedDefault = "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111111111111:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}"
)

// tgStart is the mock clock's start: the primary's creation time in
// multi_region.json.
var tgStart = time.Date(2026, 9, 12, 9, 51, 58, 562_000_000, time.UTC)

// tgWorld is a store driven by a mock clock, with its timers kept by the test.
type tgWorld struct {
	driver[*testEntropy]
}

func tgNew(t *testing.T) *tgWorld {
	return &tgWorld{driver: newDriver(t, DefaultConfig(), tgStart, countingEntropy(131))}
}

func tgIn(region string) Caller { return Caller{Account: tgAcct, Region: region} }

func (w *tgWorld) create(region string, p KeyParams) string {
	w.t.Helper()
	k, err := w.s.CreateKey(w.clk.Now(), w.ent, tgIn(region), p)
	w.must("CreateKey", err)
	return k.ID()
}

func (w *tgWorld) replicate(id, from, to string, p MemberParams) {
	w.t.Helper()
	_, ts, err := w.s.ReplicateKey(w.clk.Now(), tgIn(from), id, to, p)
	w.must("ReplicateKey", err)
	w.timers = append(w.timers, ts...)
}

// set makes a multi-Region primary in p with replicas in rs, all Enabled.
func (w *tgWorld) set(p string, rs ...string) string {
	w.t.Helper()
	id := w.create(p, KeyParams{MultiRegion: true})
	for _, r := range rs {
		w.replicate(id, p, r, MemberParams{})
	}
	w.advance(w.s.Config().ReplicaCreatingDuration)
	return id
}

func (w *tgWorld) schedule(region, id string) {
	w.t.Helper()
	days := 7
	_, ts, err := w.s.ScheduleKeyDeletion(w.clk.Now(), tgIn(region), id, &days)
	w.must("ScheduleKeyDeletion", err)
	w.timers = append(w.timers, ts...)
}

func (w *tgWorld) key(region, id string) *Key { return w.s.Lookup(tgAcct, region, id) }

// tgFixture is a key in a given state (R3.1.1) and where it lives.
type tgFixture struct{ region, id string }

func (f tgFixture) arn() string { return KeyARN(f.region, tgAcct, f.id) }

// keyIn makes a key in the named state: a multi-Region primary in
// us-east-1 unless the state needs a replica (Creating, Updating) or a
// replica of its own (PendingReplicaDeletion).
func (w *tgWorld) keyIn(state State) tgFixture {
	w.t.Helper()
	switch state {
	case Enabled:
		return tgFixture{tgE1, w.set(tgE1)}
	case Disabled:
		id := w.set(tgE1)
		w.must("DisableKey", w.s.DisableKey(tgIn(tgE1), id))
		return tgFixture{tgE1, id}
	case PendingDeletion:
		id := w.set(tgE1)
		w.schedule(tgE1, id)
		return tgFixture{tgE1, id}
	case PendingReplicaDeletion:
		id := w.set(tgE1, tgW2)
		w.schedule(tgE1, id)
		return tgFixture{tgE1, id}
	case PendingImport:
		return tgFixture{tgE1, w.create(tgE1, KeyParams{MultiRegion: true, Origin: OriginExternal})}
	case Creating:
		id := w.set(tgE1)
		w.replicate(id, tgE1, tgW2, MemberParams{}) // the clock is not moved: still Creating
		return tgFixture{tgW2, id}
	case Updating:
		id := w.set(tgE1, tgW2)
		ts, err := w.s.UpdatePrimaryRegion(w.clk.Now(), tgIn(tgE1), id, tgW2)
		w.must("UpdatePrimaryRegion", err)
		w.timers = append(w.timers, ts...)
		return tgFixture{tgW2, id}
	case Unavailable:
		// R3.1.3: custom key stores only, never reached through the API;
		// forced here so that every column of the matrix is exercised.
		id := w.set(tgE1)
		w.key(tgE1, id).State = Unavailable
		return tgFixture{tgE1, id}
	}
	w.t.Fatalf("no fixture for %s", state)
	return tgFixture{}
}

var tgStates = []State{Enabled, Disabled, PendingDeletion, PendingReplicaDeletion, PendingImport, Unavailable, Creating, Updating}

// tgKeySnap is one key as plain values.
type tgKeySnap struct {
	Account, Region, ID, State string
	Description, Policy, Text  string
	Tags                       []Tag
	DeletionDate               time.Time
	PendingWindowDays          int
	Primary                    string
	Replicas                   []string
	Materials                  int
}

// tgSnap is the whole store plus the entropy drawn so far.
type tgSnap struct {
	Keys   []tgKeySnap
	Drawn  int
	Timers int
}

func (w *tgWorld) snap() tgSnap {
	var s tgSnap
	w.s.All(func(k *Key) {
		s.Keys = append(s.Keys, tgKeySnap{k.Account(), k.Region, k.ID(), k.State.String(), k.Description, k.Policy,
			k.PolicyText(), slices.Clone(k.Tags), k.DeletionDate, k.PendingWindowDays, k.Set.Primary,
			slices.Clone(k.Set.Replicas), len(k.Set.Materials)})
	})
	s.Drawn, s.Timers = w.ent.n, len(w.timers)
	return s
}

// tgWant is an expected error: code and exact message, or any message
// when anyMsg is set (text unrecorded).
type tgWant struct {
	code   Code
	msg    string
	anyMsg bool
}

func tgErr(code Code, msg string) *tgWant { return &tgWant{code: code, msg: msg} }
func tgCode(code Code) *tgWant            { return &tgWant{code: code, anyMsg: true} }

// fails runs call, which must fail with want and leave the store, the
// entropy stream and the timers untouched (A0.11.3).
func (w *tgWorld) fails(t *testing.T, want tgWant, call func() error) {
	t.Helper()
	before := w.snap()
	err := call()
	after := w.snap()
	e, ok := err.(*Error)
	switch {
	case err == nil:
		t.Errorf("succeeded, want %s %q", want.code, want.msg)
	case !ok:
		t.Errorf("error %T %v is not an *Error", err, err)
	case e.Code != want.code || !want.anyMsg && e.Message != want.msg:
		t.Errorf("failed with %s %q, want %s %q", e.Code, e.Message, want.code, want.msg)
	}
	if d := cmp.Diff(before, after); d != "" {
		t.Errorf("A0.11.3: the failed call changed the store (-before +after):\n%s", d)
	}
}

func (w *tgWorld) tags(region, id string) []Tag {
	return slices.Clone(w.key(region, id).Tags)
}

func tgN(n int, prefix string) []Tag {
	out := make([]Tag, n)
	for i := range out {
		out[i] = Tag{fmt.Sprintf("%s%02d", prefix, i), fmt.Sprint(i)}
	}
	return out
}

// tgRec turns a recorded message into this store's: the recording's account
// and key ID become the fixture's.
func tgRec(recorded string, f tgFixture) string {
	s := strings.ReplaceAll(recorded, "111111111111", tgAcct)
	return strings.ReplaceAll(s, "mrk-00000000000000000000000000000001", f.id)
}

// tgTamper changes the last character of a marker.
func tgTamper(m string) string {
	last := byte('A')
	if m[len(m)-1] == 'A' {
		last = 'B'
	}
	return m[:len(m)-1] + string(last)
}

// tgIdentCase is one identifier error of A0.12 / R1.5, the same for every
// operation of this file (key ID or key ARN only, no cross-account use).
type tgIdentCase struct {
	rule string
	id   func(f tgFixture) string
	want func(f tgFixture) tgWant
}

func tgIdentCases() []tgIdentCase {
	const missing = "0badc0de-1111-4222-8333-444455556666"
	return []tgIdentCase{
		{"A0.12.3 R1.4.4 alias name (msg✓ multi_region.json:alias_replicate-key)",
			func(tgFixture) string { return "alias/my-key" },
			func(tgFixture) tgWant {
				return *tgErr(CodeInvalidArn, "Key Aliases are not supported for this operation.")
			}},
		{"A0.12.3 R1.4.4 alias ARN",
			func(tgFixture) string { return AliasARN(tgE1, tgAcct, "alias/my-key") },
			func(tgFixture) tgWant {
				return *tgErr(CodeInvalidArn, "Key Aliases are not supported for this operation.")
			}},
		{"A0.12.4 O-6 malformed ARN",
			func(f tgFixture) string { return "arn:aws:s3:us-east-1:" + tgAcct + ":key/" + f.id },
			func(tgFixture) tgWant { return *tgCode(CodeInvalidArn) }},
		{"A0.12.7 malformed key ID",
			func(tgFixture) string { return "fake-key-id" },
			func(tgFixture) tgWant { return *tgErr(CodeNotFound, "Invalid keyId 'fake-key-id'") }},
		{"A0.12.8 no such key",
			func(tgFixture) string { return missing },
			func(tgFixture) tgWant {
				return *tgErr(CodeNotFound, "Key '"+KeyARN(tgE1, tgAcct, missing)+"' does not exist")
			}},
		{"A0.12.5 ARN of the related key in another Region (msg✓ LS)",
			func(f tgFixture) string { return KeyARN(tgW2, tgAcct, f.id) },
			func(tgFixture) tgWant { return *tgErr(CodeNotFound, "Invalid arn us-west-2") }},
		{"A0.12.6 O-7 key ARN of another account",
			func(f tgFixture) string { return KeyARN(tgE1, tgOther, f.id) },
			func(tgFixture) tgWant { return *tgCode(CodeAccessDenied) }},
	}
}

// tgIdent runs the identifier table for one operation; call runs it in
// us-east-1 on the given KeyId with otherwise valid arguments. The world
// holds a primary in us-east-1 (no replica in us-west-2).
func tgIdent(t *testing.T, call func(w *tgWorld, keyID string) error) {
	for _, c := range tgIdentCases() {
		t.Run(c.rule, func(t *testing.T) {
			w := tgNew(t)
			f := tgFixture{tgE1, w.set(tgE1)}
			w.fails(t, c.want(f), func() error { return call(w, c.id(f)) })
		})
	}
	t.Run("A0.12.1 key ARN in the called Region is accepted", func(t *testing.T) {
		w := tgNew(t)
		f := tgFixture{tgE1, w.set(tgE1)}
		if err := call(w, f.arn()); err != nil {
			t.Fatal(err)
		}
	})
}

// tgGate runs an operation on a key in every state (R3.6.1): want is the
// matrix outcome for that row.
func tgGate(t *testing.T, op Op, call func(w *tgWorld, f tgFixture) error) {
	for _, st := range tgStates {
		t.Run(fmt.Sprintf("R3.6.1 %s on %s", op, st), func(t *testing.T) {
			w := tgNew(t)
			f := w.keyIn(st)
			if got := w.key(f.region, f.id).State; got != st {
				t.Fatalf("fixture is %s, want %s", got, st)
			}
			if o := Gate(op, st); o != OK {
				e := o.Err(f.arn())
				w.fails(t, tgWant{code: e.Code, msg: e.Message}, func() error { return call(w, f) })
				return
			}
			if err := call(w, f); err != nil {
				t.Fatalf("%s on a %s key: %v", op, st, err)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// TagResource (§A47)

func TestTagsTagResourceErrors(t *testing.T) {
	over := tgN(51, "k")
	dupAndMany := append(tgN(50, "k"), Tag{"k00", "again"})
	manyAndReserved := append(tgN(50, "k"), Tag{"aws:x", "1"})
	cases := []struct {
		rule string
		have []Tag // tags the key holds first
		tags []Tag
		want tgWant
	}{
		{"A0.17.2(1) duplicate tag keys (msg✓ LS)", nil, []Tag{{"a", "1"}, {"a", "2"}}, *tgErr(CodeTag, "Duplicate tag keys")},
		{"A0.17.2(1) duplicates even with equal values", nil, []Tag{{"a", "1"}, {"a", "1"}}, *tgErr(CodeTag, "Duplicate tag keys")},
		{"A0.17.2(2) more than 50 tags in one request (msg✓ LS)", nil, over, *tgErr(CodeTag, "Too many tags")},
		{"A0.17.2(3) aws: prefix (msg✓ LS)", nil, []Tag{{"aws:team", "x"}}, *tgErr(CodeTag, "Tags beginning with aws: are reserved")},
		{"A0.17.2(3) AWS: prefix, upper case", nil, []Tag{{"ok", "1"}, {"AWS:team", "x"}}, *tgErr(CodeTag, "Tags beginning with aws: are reserved")},
		{"A0.17.2(3) Aws: prefix, mixed case", nil, []Tag{{"aWs:team", "x"}}, *tgErr(CodeTag, "Tags beginning with aws: are reserved")},
		{"A0.17.2(3) the bare prefix aws:", nil, []Tag{{"aws:", "x"}}, *tgErr(CodeTag, "Tags beginning with aws: are reserved")},
		{"A0.17.2 order: duplicates before too many", nil, dupAndMany, *tgErr(CodeTag, "Duplicate tag keys")},
		{"A0.17.2 order: too many before aws:", nil, manyAndReserved, *tgErr(CodeTag, "Too many tags")},
		{"A0.17.2 order: duplicates before aws:", nil, []Tag{{"aws:a", "1"}, {"b", "1"}, {"b", "2"}}, *tgErr(CodeTag, "Duplicate tag keys")},
		{"A0.17.3 A47.3.5 O22 a full key and one new tag", tgN(50, "k"), []Tag{{"new", "1"}}, *tgCode(CodeLimitExceeded)},
		{"A0.17.3 A47.3.5 O22 49 tags and two new ones", tgN(49, "k"), []Tag{{"k00", "replaced"}, {"new1", "1"}, {"new2", "2"}}, *tgCode(CodeLimitExceeded)},
		{"A0.17.3 A0.17.4 tag keys are case-sensitive: K00 is a new key", tgN(50, "k"), []Tag{{"K00", "1"}}, *tgCode(CodeLimitExceeded)},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			w := tgNew(t)
			id := w.set(tgE1)
			w.must("TagResource (setup)", w.s.TagResource(tgIn(tgE1), id, c.have))
			w.fails(t, c.want, func() error { return w.s.TagResource(tgIn(tgE1), id, c.tags) })
		})
	}
	t.Run("A0.11.1 P2 tag rules before P3 resolution", func(t *testing.T) {
		w := tgNew(t)
		w.fails(t, *tgErr(CodeTag, "Tags beginning with aws: are reserved"), func() error {
			return w.s.TagResource(tgIn(tgE1), "alias/nope", []Tag{{"aws:x", "1"}})
		})
	})
	t.Run("A0.11.1 P4 state before the P6 tag quota", func(t *testing.T) {
		w := tgNew(t)
		id := w.set(tgE1)
		w.must("TagResource (setup)", w.s.TagResource(tgIn(tgE1), id, tgN(50, "k")))
		w.schedule(tgE1, id)
		w.fails(t, *tgErr(CodeInvalidState, KeyARN(tgE1, tgAcct, id)+" is pending deletion."), func() error {
			return w.s.TagResource(tgIn(tgE1), id, []Tag{{"new", "1"}})
		})
	})
	tgIdent(t, func(w *tgWorld, keyID string) error {
		return w.s.TagResource(tgIn(tgE1), keyID, []Tag{{"team", "core"}})
	})
}

// TestTagsTagResourceRecorded: multi_region.json:tag_deleting_us-east-1 and
// tag_deleting_us-west-2, a primary pending deletion and a primary pending
// replica deletion (after UpdatePrimaryRegion moved the primary to
// us-west-2), with the exact recorded messages (R3.6.5, A47.3.4).
func TestTagsTagResourceRecorded(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1, tgW2)
	ts, err := w.s.UpdatePrimaryRegion(w.clk.Now(), tgIn(tgE1), id, tgW2)
	w.must("UpdatePrimaryRegion", err)
	w.timers = append(w.timers, ts...)
	w.advance(w.s.Config().PrimaryUpdatingDuration)
	w.schedule(tgE1, id) // the former primary, now a replica: PendingDeletion
	w.schedule(tgW2, id) // the primary with a replica left: PendingReplicaDeletion
	east, west := tgFixture{tgE1, id}, tgFixture{tgW2, id}
	w.fails(t, *tgErr(CodeInvalidState, tgRec("arn:aws:kms:us-east-1:111111111111:key/mrk-00000000000000000000000000000001 is pending deletion.", east)),
		func() error { return w.s.TagResource(tgIn(tgE1), id, []Tag{{"k", "v"}}) })
	w.fails(t, *tgErr(CodeInvalidState, tgRec("arn:aws:kms:us-west-2:111111111111:key/mrk-00000000000000000000000000000001 is pending replica deletion.", west)),
		func() error { return w.s.TagResource(tgIn(tgW2), id, []Tag{{"k", "v"}}) })
	// untag_deleting_us-east-1, untag_deleting_us-west-2
	w.fails(t, *tgErr(CodeInvalidState, tgRec("arn:aws:kms:us-east-1:111111111111:key/mrk-00000000000000000000000000000001 is pending deletion.", east)),
		func() error { return w.s.UntagResource(tgIn(tgE1), id, []string{"k"}) })
	w.fails(t, *tgErr(CodeInvalidState, tgRec("arn:aws:kms:us-west-2:111111111111:key/mrk-00000000000000000000000000000001 is pending replica deletion.", west)),
		func() error { return w.s.UntagResource(tgIn(tgW2), id, []string{"k"}) })
	// deleting_policy_us-east-1 / us-west-2, put_deleting_policy_us-east-1 / us-west-2
	for _, f := range []tgFixture{east, west} {
		doc, err := w.s.GetKeyPolicy(tgIn(f.region), f.id, "")
		if err != nil || doc != tgRec(tgRecordedDefault, f) {
			t.Errorf("R3.6.5 GetKeyPolicy in %s while deleting = %q, %v; want the default policy", f.region, doc, err)
		}
		if err := w.s.PutKeyPolicy(tgIn(f.region), f.id, "", tgPolicy, false); err != nil {
			t.Errorf("R3.6.5 PutKeyPolicy in %s while deleting: %v", f.region, err)
		}
	}
}

func TestTagsTagResourceGate(t *testing.T) {
	tgGate(t, OpTagResource, func(w *tgWorld, f tgFixture) error {
		err := w.s.TagResource(tgIn(f.region), f.id, []Tag{{"team", "core"}})
		if err == nil && !slices.Equal(w.tags(f.region, f.id), []Tag{{"team", "core"}}) {
			w.t.Errorf("A47.3.6: tags after TagResource = %v", w.tags(f.region, f.id))
		}
		return err
	})
}

func TestTagsTagResourceMerge(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1)
	c := tgIn(tgE1)
	w.must("TagResource", w.s.TagResource(c, id, []Tag{{"b", "1"}, {"a", "1"}}))
	// A0.17.4: an existing key gets the new value; a new key is added;
	// keys differing only in case are different keys; empty values allowed.
	w.must("TagResource", w.s.TagResource(c, id, []Tag{{"a", "2"}, {"A", ""}}))
	want := []Tag{{"b", "1"}, {"a", "2"}, {"A", ""}}
	if got := w.tags(tgE1, id); !slices.Equal(got, want) {
		t.Errorf("A0.17.4 tags = %v, want %v", got, want)
	}
	// O96: an empty list is accepted and changes nothing.
	before := w.snap()
	w.must("TagResource with no tags", w.s.TagResource(c, id, nil))
	w.must("TagResource with no tags", w.s.TagResource(c, id, []Tag{}))
	if d := cmp.Diff(before, w.snap()); d != "" {
		t.Errorf("O96: an empty TagResource changed the store:\n%s", d)
	}
	// O96 on a key without tags keeps Tags nil.
	id2 := w.set(tgE1)
	w.must("TagResource with no tags", w.s.TagResource(c, id2, []Tag{}))
	if w.key(tgE1, id2).Tags != nil {
		t.Errorf("O96: an empty TagResource made Tags %#v", w.key(tgE1, id2).Tags)
	}
}

// TestTagsTagResourceQuota: A0.17.3 counts the distinct keys after the
// call, so a full key accepts new values for the keys it has.
func TestTagsTagResourceQuota(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1)
	c := tgIn(tgE1)
	w.must("49 tags", w.s.TagResource(c, id, tgN(49, "k")))
	w.must("the 50th tag with a replaced value (A0.17.3: 50 allowed)", w.s.TagResource(c, id, []Tag{{"k00", "x"}, {"last", "1"}}))
	w.must("replacing every value of a full key", w.s.TagResource(c, id, tgN(50, "k")[:49]))
	w.must("a full request on a full key, all existing keys", w.s.TagResource(c, id, append(tgN(49, "k"), Tag{"last", "2"})))
	if n := len(w.tags(tgE1, id)); n != MaxTags {
		t.Errorf("A0.17.3: key holds %d tags, want %d", n, MaxTags)
	}
	// A tag request of exactly 50 on an empty key (A0.17.2(2) allows 50).
	id2 := w.set(tgE1)
	w.must("50 tags in one request", w.s.TagResource(c, id2, tgN(50, "k")))
}

// TestTagsTagResourceKeepsInput: the store keeps its own copy of the tags.
func TestTagsTagResourceKeepsInput(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1)
	in := []Tag{{"a", "1"}}
	w.must("TagResource", w.s.TagResource(tgIn(tgE1), id, in))
	in[0].Value = "changed"
	if got := w.tags(tgE1, id); got[0].Value != "1" {
		t.Errorf("the stored tag follows the caller's slice: %v", got)
	}
	page, err := w.s.ListResourceTags(tgIn(tgE1), id, 50, "")
	w.must("ListResourceTags", err)
	page.Items[0].Value = "changed"
	if got := w.tags(tgE1, id); got[0].Value != "1" {
		t.Errorf("the stored tag follows a listing's items: %v", got)
	}
}

// ---------------------------------------------------------------------------
// UntagResource (§A48)

func TestTagsUntagResource(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1)
	c := tgIn(tgE1)
	w.must("TagResource", w.s.TagResource(c, id, []Tag{{"a", "1"}, {"b", "2"}, {"c", "3"}}))
	// A48.3.4: absent keys are ignored; present ones removed; case-sensitive.
	w.must("UntagResource", w.s.UntagResource(c, id, []string{"b", "zz", "A", "b"}))
	if got, want := w.tags(tgE1, id), []Tag{{"a", "1"}, {"c", "3"}}; !slices.Equal(got, want) {
		t.Errorf("A48.3.4 tags = %v, want %v", got, want)
	}
	before := w.snap()
	w.must("UntagResource of absent keys only", w.s.UntagResource(c, id, []string{"nope"}))
	w.must("UntagResource of nothing", w.s.UntagResource(c, id, nil))
	if d := cmp.Diff(before, w.snap()); d != "" {
		t.Errorf("A48.3.4: removing absent keys changed the store:\n%s", d)
	}
	w.must("UntagResource of the rest", w.s.UntagResource(c, id, []string{"a", "c"}))
	if k := w.key(tgE1, id); k.Tags != nil {
		t.Errorf("A48.3.4: a key without tags holds %#v, want nil", k.Tags)
	}
}

func TestTagsUntagResourceErrors(t *testing.T) {
	for _, c := range []struct {
		rule string
		keys []string
	}{
		{"A48.3.2 O97 aws: prefix", []string{"aws:team"}},
		{"A48.3.2 O97 AWS: prefix, upper case, after a valid key", []string{"team", "AWS:team"}},
	} {
		t.Run(c.rule, func(t *testing.T) {
			w := tgNew(t)
			id := w.set(tgE1)
			w.must("TagResource", w.s.TagResource(tgIn(tgE1), id, []Tag{{"team", "x"}}))
			w.fails(t, *tgErr(CodeTag, "Tags beginning with aws: are reserved"), func() error {
				return w.s.UntagResource(tgIn(tgE1), id, c.keys)
			})
		})
	}
	t.Run("A0.11.1 P2 before P3", func(t *testing.T) {
		w := tgNew(t)
		w.fails(t, *tgErr(CodeTag, "Tags beginning with aws: are reserved"), func() error {
			return w.s.UntagResource(tgIn(tgE1), "fake-key-id", []string{"aws:x"})
		})
	})
	tgIdent(t, func(w *tgWorld, keyID string) error { return w.s.UntagResource(tgIn(tgE1), keyID, []string{"team"}) })
	tgGate(t, OpUntagResource, func(w *tgWorld, f tgFixture) error {
		return w.s.UntagResource(tgIn(f.region), f.id, []string{"team"})
	})
}

// ---------------------------------------------------------------------------
// ListResourceTags (§A37)

func TestTagsListResourceTags(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1)
	c := tgIn(tgE1)
	// A37.3.3: a key without tags (multi_region.json:replica_tags).
	page, err := w.s.ListResourceTags(c, id, 50, "")
	w.must("ListResourceTags", err)
	if len(page.Items) != 0 || page.Truncated || page.NextMarker != "" {
		t.Errorf("A37.3.3 untagged key: %+v", page)
	}
	in := []Tag{{"zeta", "1"}, {"Alpha", "2"}, {"alpha", "3"}, {"beta", ""}, {"a\x00b", "nul"}}
	w.must("TagResource", w.s.TagResource(c, id, in))
	want := slices.Clone(in)
	slices.SortFunc(want, func(a, b Tag) int { return strings.Compare(a.Key, b.Key) })
	page, err = w.s.ListResourceTags(c, id, 50, "")
	w.must("ListResourceTags", err)
	if !slices.Equal(page.Items, want) || page.Truncated || page.NextMarker != "" {
		t.Errorf("A0.20.7 O34 tags in key order: %+v, want %v", page, want)
	}
	// A0.20.4: pages of exactly min(Limit, remaining) items until the last.
	for _, limit := range []int{1, 2, 4, 5} {
		var got []Tag
		marker := ""
		for i := 0; ; i++ {
			p, err := w.s.ListResourceTags(c, id, limit, marker)
			w.must(fmt.Sprintf("ListResourceTags limit %d page %d", limit, i), err)
			got = append(got, p.Items...)
			if p.Truncated != (p.NextMarker != "") {
				t.Fatalf("A0.20.4: Truncated %v with NextMarker %q", p.Truncated, p.NextMarker)
			}
			if !p.Truncated {
				break
			}
			if len(p.Items) != limit {
				t.Errorf("A0.20.4: a truncated page of Limit %d holds %d items", limit, len(p.Items))
			}
			marker = p.NextMarker
		}
		if !slices.Equal(got, want) {
			t.Errorf("A0.20.4 pages of %d: %v, want %v", limit, got, want)
		}
	}
	// A0.20.6: a marker whose last item was removed resumes at the next one.
	p1, err := w.s.ListResourceTags(c, id, 2, "")
	w.must("ListResourceTags", err)
	w.must("UntagResource", w.s.UntagResource(c, id, []string{p1.Items[1].Key}))
	w.must("TagResource", w.s.TagResource(c, id, []Tag{{"AAA", "before the marker"}, {"zzz", "after"}}))
	p2, err := w.s.ListResourceTags(c, id, 50, p1.NextMarker)
	w.must("ListResourceTags after a change", err)
	if got, want := p2.Items, []Tag{{"alpha", "3"}, {"beta", ""}, {"zeta", "1"}, {"zzz", "after"}}; !slices.Equal(got, want) {
		t.Errorf("A0.20.6 resumed listing %v, want %v", got, want)
	}
}

func TestTagsListResourceTagsErrors(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1, tgW2)
	other := w.set(tgE1)
	for _, f := range []tgFixture{{tgE1, id}, {tgW2, id}, {tgE1, other}} {
		w.must("TagResource", w.s.TagResource(tgIn(f.region), f.id, tgN(3, "k")))
	}
	mk := func(region, id string) string {
		p, err := w.s.ListResourceTags(tgIn(region), id, 1, "")
		w.must("ListResourceTags", err)
		return p.NextMarker
	}
	primaryMarker := mk(tgE1, id)
	cases := []struct {
		rule   string
		region string
		id     string
		limit  int
		marker string
		want   tgWant
	}{
		{"A0.20.3 O32 Limit above the documented 50", tgE1, id, 51, "", *tgErr(CodeValidation,
			"1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50")},
		{"A0.20.3 Limit 1000 (model max) above the documented 50", tgE1, id, 1000, "", *tgErr(CodeValidation,
			"1 validation error detected: Value '1000' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50")},
		{"A0.20.3 Limit 0", tgE1, id, 0, "", *tgCode(CodeValidation)},
		{"A0.11.1 P2 Limit before P3 resolution", tgE1, "alias/x", 51, "", *tgCode(CodeValidation)},
		{"A0.20.5 garbage marker (msg✓ rotation.json:invalid_marker: empty message)", tgE1, id, 1, "garbage", *tgErr(CodeInvalidMarker, "")},
		{"A0.20.5 marker of another key's listing", tgE1, other, 1, primaryMarker, *tgErr(CodeInvalidMarker, "")},
		{"A0.20.5 R2.4.1 marker of the related key in another Region", tgW2, id, 1, primaryMarker, *tgErr(CodeInvalidMarker, "")},
		{"A0.20.5 marker of ListKeys", tgE1, id, 1, EncodeMarker("ListKeys\x00"+tgAcct+"\x00"+tgE1, "x"), *tgErr(CodeInvalidMarker, "")},
		{"A0.20.5 marker with a tampered position", tgE1, id, 1, tgTamper(primaryMarker), *tgErr(CodeInvalidMarker, "")},
		{"A0.11.1 P3 resolution before the marker", tgE1, "fake-key-id", 1, "garbage", *tgErr(CodeNotFound, "Invalid keyId 'fake-key-id'")},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			w.fails(t, c.want, func() error {
				_, err := w.s.ListResourceTags(tgIn(c.region), c.id, c.limit, c.marker)
				return err
			})
		})
	}
	t.Run("A0.20.5 a marker of the same key by key ID works with its ARN", func(t *testing.T) {
		p, err := w.s.ListResourceTags(tgIn(tgE1), KeyARN(tgE1, tgAcct, id), 1, primaryMarker)
		if err != nil || len(p.Items) != 1 || p.Items[0].Key != "k01" {
			t.Errorf("page after the marker = %+v, %v", p, err)
		}
	})
	tgIdent(t, func(w *tgWorld, keyID string) error {
		_, err := w.s.ListResourceTags(tgIn(tgE1), keyID, 50, "")
		return err
	})
	tgGate(t, OpListResourceTags, func(w *tgWorld, f tgFixture) error {
		_, err := w.s.ListResourceTags(tgIn(f.region), f.id, 50, "")
		return err
	})
}

// ---------------------------------------------------------------------------
// GetKeyPolicy, PutKeyPolicy, ListKeyPolicies (§A27, §A39, §A34)

func TestTagsGetKeyPolicy(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1, tgW2)
	cn := w.set(tgCN, tgCNW)
	for _, c := range []struct {
		rule, region, id, want string
	}{
		{"R4.4.3 A0.19.5 the primary's default policy (msg✓ multi_region.json:deleting_policy_us-east-1)", tgE1, id, tgRec(tgRecordedDefault, tgFixture{})},
		{"R2.4.3 A0.19.5 the replica's own default policy (msg✓ multi_region.json:replica_policy)", tgW2, id, tgRec(tgRecordedDefault, tgFixture{})},
		{"R1.2.2 R4.4.3 default policy in aws-cn", tgCN, cn, strings.Replace(tgRec(tgRecordedDefault, tgFixture{}), "arn:aws:", "arn:aws-cn:", 1)},
		{"R1.2.2 R2.4.3 the aws-cn replica's default policy", tgCNW, cn, strings.Replace(tgRec(tgRecordedDefault, tgFixture{}), "arn:aws:", "arn:aws-cn:", 1)},
	} {
		for _, name := range []string{"", "default"} {
			doc, err := w.s.GetKeyPolicy(tgIn(c.region), c.id, name)
			if err != nil || doc != c.want {
				t.Errorf("%s (PolicyName %q): %q, %v; want %q", c.rule, name, doc, err, c.want)
			}
		}
	}
	for _, c := range []struct {
		rule, name string
	}{
		{"A27.3.3 O63 another name", "other"},
		{"A27.3.3 O63 names are case-sensitive", "Default"},
	} {
		t.Run(c.rule, func(t *testing.T) {
			w.fails(t, *tgErr(CodeNotFound, "No such policy exists"), func() error {
				_, err := w.s.GetKeyPolicy(tgIn(tgE1), id, c.name)
				return err
			})
		})
	}
	t.Run("A27.3.2 P3 resolution before the A27.3.3 name", func(t *testing.T) {
		w.fails(t, *tgErr(CodeInvalidArn, "Key Aliases are not supported for this operation."), func() error {
			_, err := w.s.GetKeyPolicy(tgIn(tgE1), "alias/x", "other")
			return err
		})
	})
	tgIdent(t, func(w *tgWorld, keyID string) error {
		_, err := w.s.GetKeyPolicy(tgIn(tgE1), keyID, "")
		return err
	})
	tgGate(t, OpGetKeyPolicy, func(w *tgWorld, f tgFixture) error {
		doc, err := w.s.GetKeyPolicy(tgIn(f.region), f.id, "default")
		if err == nil && doc != DefaultPolicy("aws", tgAcct) {
			w.t.Errorf("A27.3.4: %q", doc)
		}
		return err
	})
}

func TestTagsPutKeyPolicy(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1, tgW2)
	c := tgIn(tgE1)
	latin1 := strings.Replace(tgPolicy, "kms:Decrypt", "kms:Decrypt\u00e9\u00ff", 1) // A0.19.1 allows \u00A0-\u00FF
	for _, doc := range []string{tgPolicy, latin1, DefaultPolicy("aws", tgAcct)} {
		w.must("PutKeyPolicy", w.s.PutKeyPolicy(c, id, "default", doc, false))
		got, err := w.s.GetKeyPolicy(c, id, "")
		if err != nil || got != doc {
			t.Errorf("A0.19.6 O31 stored policy %q, %v; want %q byte for byte", got, err, doc)
		}
	}
	w.must("PutKeyPolicy without PolicyName (A39.1)", w.s.PutKeyPolicy(c, id, "", tgPolicy, false))
	// A0.19.2: 32768 bytes is the quota itself.
	pad := func(n int) string {
		base := `{"Statement":{"Effect":"Allow","Principal":"*","Sid":""}}`
		return strings.Replace(base, `"Sid":""`, `"Sid":"`+strings.Repeat("x", n-len(base))+`"`, 1)
	}
	w.must("PutKeyPolicy of exactly 32768 bytes", w.s.PutKeyPolicy(c, id, "", pad(MaxPolicyBytes), false))
	if got, _ := w.s.GetKeyPolicy(c, id, ""); len(got) != MaxPolicyBytes {
		t.Errorf("A0.19.2: stored %d bytes", len(got))
	}
	// R2.4.2 A39.5.1: the replica keeps its default policy.
	if got, _ := w.s.GetKeyPolicy(tgIn(tgW2), id, ""); got != DefaultPolicy("aws", tgAcct) {
		t.Errorf("A39.5.1: PutKeyPolicy on the primary changed the replica's policy to %q", got)
	}

	cases := []struct {
		rule, keyID, name, doc string
		want                   tgWant
	}{
		{"A0.19.2 O27 32769 bytes", id, "", pad(MaxPolicyBytes + 1), *tgCode(CodeLimitExceeded)},
		{"A0.19.3 O28 not JSON", id, "", "{", *tgCode(CodeMalformedPolicy)},
		{"A0.19.3 top level not an object", id, "", `[{"Effect":"Allow","Principal":"*"}]`, *tgCode(CodeMalformedPolicy)},
		{"A0.19.3 no Statement", id, "", `{"Version":"2012-10-17"}`, *tgCode(CodeMalformedPolicy)},
		{"A0.19.3 empty Statement array", id, "", `{"Statement":[]}`, *tgCode(CodeMalformedPolicy)},
		{"A0.19.3 Effect neither Allow nor Deny", id, "", `{"Statement":{"Effect":"allow","Principal":"*"}}`, *tgCode(CodeMalformedPolicy)},
		{"A0.19.3 no Principal", id, "", `{"Statement":{"Effect":"Allow","Action":"kms:*"}}`, *tgCode(CodeMalformedPolicy)},
		{"A39.3.2 A6.3.9 principal ARN not IAM", id, "", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:s3:::bucket"}}}`, *tgCode(CodeInvalidArn)},
		{"A39.3.4 O63 another policy name", id, "other", tgPolicy, *tgErr(CodeNotFound, "No such policy exists")},
		{"A39.3.4 policy names are case-sensitive", id, "DEFAULT", tgPolicy, *tgErr(CodeNotFound, "No such policy exists")},
		{"A0.11.1 P2 grammar before P3 resolution", "fake-key-id", "", "{", *tgCode(CodeMalformedPolicy)},
		{"A0.11.1 P2 size before P3 resolution", "alias/x", "", pad(MaxPolicyBytes + 1), *tgCode(CodeLimitExceeded)},
		{"A39.3.3 P3 resolution before the A39.3.4 name", "alias/x", "other", tgPolicy, *tgErr(CodeInvalidArn, "Key Aliases are not supported for this operation.")},
	}
	for _, cs := range cases {
		t.Run(cs.rule, func(t *testing.T) {
			w.fails(t, cs.want, func() error { return w.s.PutKeyPolicy(c, cs.keyID, cs.name, cs.doc, false) })
		})
	}
	tgIdent(t, func(w *tgWorld, keyID string) error { return w.s.PutKeyPolicy(tgIn(tgE1), keyID, "", tgPolicy, false) })
	tgGate(t, OpPutKeyPolicy, func(w *tgWorld, f tgFixture) error {
		err := w.s.PutKeyPolicy(tgIn(f.region), f.id, "default", tgPolicy, false)
		if err == nil && w.key(f.region, f.id).PolicyText() != tgPolicy {
			w.t.Errorf("A39.3.5: policy not stored")
		}
		return err
	})
}

// TestTagsPutKeyPolicyUTF8: A0.19.2 counts bytes in UTF-8 (O27): 16,385
// two-byte characters are 32,770 bytes though only 16,385 characters.
func TestTagsPutKeyPolicyUTF8(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1)
	doc := `{"Statement":{"Effect":"Allow","Principal":"*","Sid":"` + strings.Repeat("é", 16385) + `"}}`
	w.fails(t, *tgCode(CodeLimitExceeded), func() error { return w.s.PutKeyPolicy(tgIn(tgE1), id, "", doc, false) })
}

func TestTagsListKeyPolicies(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1, tgW2)
	for _, limit := range []int{1, 100, 1000} {
		p, err := w.s.ListKeyPolicies(tgIn(tgE1), id, limit, "")
		if err != nil || !slices.Equal(p.Items, []string{"default"}) || p.Truncated || p.NextMarker != "" {
			t.Errorf("A34.3.3 Limit %d: %+v, %v", limit, p, err)
		}
	}
	tagMarker := func() string {
		w.must("TagResource", w.s.TagResource(tgIn(tgE1), id, tgN(2, "k")))
		p, err := w.s.ListResourceTags(tgIn(tgE1), id, 1, "")
		w.must("ListResourceTags", err)
		return p.NextMarker
	}()
	for _, c := range []struct {
		rule   string
		id     string
		limit  int
		marker string
		want   tgWant
	}{
		{"A34.3.3 O33 any marker is foreign", id, 1, "garbage", *tgErr(CodeInvalidMarker, "")},
		{"A0.20.5 O33 a marker of ListResourceTags on the same key", id, 1, tagMarker, *tgErr(CodeInvalidMarker, "")},
		{"A34.3.1 Limit 0", id, 0, "", *tgCode(CodeValidation)},
		{"A34.3.1 Limit 1001", id, 1001, "", *tgCode(CodeValidation)},
		{"A0.11.1 P3 resolution before the marker", "fake-key-id", 1, "garbage", *tgErr(CodeNotFound, "Invalid keyId 'fake-key-id'")},
	} {
		t.Run(c.rule, func(t *testing.T) {
			w.fails(t, c.want, func() error {
				_, err := w.s.ListKeyPolicies(tgIn(tgE1), c.id, c.limit, c.marker)
				return err
			})
		})
	}
	t.Run("A0.20.6 the listing's own marker after its last item", func(t *testing.T) {
		m := EncodeMarker(listScope(OpListKeyPolicies, w.key(tgE1, id)), "64656661756c74") // hex("default")
		p, err := w.s.ListKeyPolicies(tgIn(tgE1), id, 1, m)
		if err != nil || len(p.Items) != 0 || p.Truncated {
			t.Errorf("page after default: %+v, %v", p, err)
		}
	})
	tgIdent(t, func(w *tgWorld, keyID string) error {
		_, err := w.s.ListKeyPolicies(tgIn(tgE1), keyID, 100, "")
		return err
	})
	tgGate(t, OpListKeyPolicies, func(w *tgWorld, f tgFixture) error {
		_, err := w.s.ListKeyPolicies(tgIn(f.region), f.id, 100, "")
		return err
	})
}

// ---------------------------------------------------------------------------
// Independence across a multi-Region set (R2.4.1–R2.4.3, A0.17.6, A0.19.8)

func TestTagsPerMember(t *testing.T) {
	w := tgNew(t)
	id := w.set(tgE1, tgW2)
	e1, w2 := tgIn(tgE1), tgIn(tgW2)
	w.must("tag the primary", w.s.TagResource(e1, id, []Tag{{"team", "core"}}))
	w.must("put the primary's policy", w.s.PutKeyPolicy(e1, id, "", tgPolicy, false))
	if got := w.tags(tgW2, id); got != nil {
		t.Errorf("A47.5.1 A0.17.6: tagging the primary tagged the replica: %v", got)
	}
	if p, _ := w.s.ListResourceTags(w2, id, 50, ""); len(p.Items) != 0 {
		t.Errorf("A47.5.1 replica lists %v", p.Items)
	}
	if doc, _ := w.s.GetKeyPolicy(w2, id, ""); doc != DefaultPolicy("aws", tgAcct) {
		t.Errorf("A39.5.1 A0.19.8: the replica's policy is %q", doc)
	}
	// R2.4.3: a replica made after the primary was tagged starts bare.
	w.replicate(id, tgE1, tgEU, MemberParams{})
	if k := w.key(tgEU, id); k.Tags != nil || k.Policy != "" {
		t.Errorf("R2.4.3: new replica has tags %v, policy %q", k.Tags, k.Policy)
	}
	// Tagging and untagging the replica leaves the primary alone.
	w.must("tag the replica", w.s.TagResource(w2, id, []Tag{{"team", "edge"}, {"only", "west"}}))
	w.must("untag the replica", w.s.UntagResource(w2, id, []string{"team"}))
	w.must("put the replica's policy", w.s.PutKeyPolicy(w2, id, "", DefaultPolicy("aws", tgAcct)+" ", false))
	if got := w.tags(tgE1, id); !slices.Equal(got, []Tag{{"team", "core"}}) {
		t.Errorf("R2.4.2: the primary's tags became %v", got)
	}
	if got := w.tags(tgW2, id); !slices.Equal(got, []Tag{{"only", "west"}}) {
		t.Errorf("R2.4.2: the replica's tags are %v", got)
	}
	if doc, _ := w.s.GetKeyPolicy(e1, id, ""); doc != tgPolicy {
		t.Errorf("R2.4.2: the primary's policy became %q", doc)
	}
	// R2.4.1: tags and policy stay with their key across a primary change.
	ts, err := w.s.UpdatePrimaryRegion(w.clk.Now(), e1, id, tgW2)
	w.must("UpdatePrimaryRegion", err)
	w.timers = append(w.timers, ts...)
	w.advance(w.s.Config().PrimaryUpdatingDuration)
	if got := w.tags(tgE1, id); !slices.Equal(got, []Tag{{"team", "core"}}) {
		t.Errorf("R2.4.1: the former primary's tags became %v", got)
	}
	if got := w.tags(tgW2, id); !slices.Equal(got, []Tag{{"only", "west"}}) {
		t.Errorf("R2.4.1: the new primary's tags became %v", got)
	}
}
