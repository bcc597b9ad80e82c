package mrk

// Tests of the model's alias operations (alias.go) and of alias
// resolution (resolveAlias): CreateAlias, UpdateAlias, DeleteAlias,
// ListAliases, alias names and alias ARNs as KeyId, and aliases deleted
// with their key. Every case names its rule: R… and O-… are SPEC.md, A…
// and On are SPEC-API.md, "file.json:case" an observation of
// shared/aws-observed. Messages are asserted exactly where SPEC marks
// them recorded (msg✓); elsewhere only the code. After every failing call
// the store (keys and aliases) must be unchanged and no random byte drawn
// (A0.11.3).
//
// Package-level identifiers of this file start with "al" (or TestAlias…)
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
	alAcct  = "111122223333"
	alOther = "444455556666"
	alE1    = "us-east-1"
	alW2    = "us-west-2"
	alEU    = "eu-west-1"
	// alPrefixMsg is A0.18.2's recorded text (msg✓ LS:test_create_alias).
	alPrefixMsg = `Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html`
	// alNoAliasMsg is R1.4.4's recorded text (msg✓ multi_region.json:alias_replicate-key).
	alNoAliasMsg = "Key Aliases are not supported for this operation."
)

var alStart = time.Date(2026, 9, 12, 9, 51, 58, 562_000_000, time.UTC)

// alWorld is a store driven by a mock clock, with its timers kept by the test.
type alWorld struct {
	driver[*testEntropy]
}

func alNew(t *testing.T) *alWorld {
	return &alWorld{driver: newDriver(t, DefaultConfig(), alStart, countingEntropy(167))}
}

func alIn(region string) Caller { return Caller{Account: alAcct, Region: region} }

func alKeyARN(region, id string) string { return "arn:aws:kms:" + region + ":" + alAcct + ":key/" + id }

func alAliasARN(region, account, name string) string {
	return "arn:aws:kms:" + region + ":" + account + ":" + name
}

func (w *alWorld) createIn(c Caller, p KeyParams) string {
	w.t.Helper()
	k, err := w.s.CreateKey(w.clk.Now(), w.ent, c, p)
	w.must("CreateKey", err)
	return k.ID()
}

func (w *alWorld) create(region string, p KeyParams) string { return w.createIn(alIn(region), p) }

// set makes a multi-Region primary in p with Enabled replicas in rs.
func (w *alWorld) set(p string, rs ...string) string {
	w.t.Helper()
	id := w.create(p, KeyParams{MultiRegion: true})
	for _, r := range rs {
		_, ts, err := w.s.ReplicateKey(w.clk.Now(), alIn(p), id, r, MemberParams{})
		w.must("ReplicateKey", err)
		w.timers = append(w.timers, ts...)
	}
	w.advance(w.s.Config().ReplicaCreatingDuration)
	return id
}

func (w *alWorld) schedule(region, id string) {
	w.t.Helper()
	days := 7
	_, ts, err := w.s.ScheduleKeyDeletion(w.clk.Now(), alIn(region), id, &days)
	w.must("ScheduleKeyDeletion", err)
	w.timers = append(w.timers, ts...)
}

func (w *alWorld) alias(region, name, target string) {
	w.t.Helper()
	_, err := w.s.CreateAlias(w.clk.Now(), alIn(region), name, target)
	w.must("CreateAlias "+name+" in "+region, err)
}

// names lists the alias names of a Region (of one key when id != "").
func (w *alWorld) names(region, id string) []string {
	w.t.Helper()
	p, err := w.s.ListAliases(alIn(region), id, MaxAliasListLimit, "")
	w.must("ListAliases", err)
	out := []string{}
	for _, a := range p.Items {
		out = append(out, a.Name)
	}
	return out
}

// alFixture is a key in a given state and where it lives.
type alFixture struct{ region, id string }

func (f alFixture) arn() string { return alKeyARN(f.region, f.id) }

// keyIn makes a key in the named state (R3.1.1).
func (w *alWorld) keyIn(state State) alFixture {
	w.t.Helper()
	switch state {
	case Enabled:
		return alFixture{alE1, w.set(alE1)}
	case Disabled:
		id := w.set(alE1)
		w.must("DisableKey", w.s.DisableKey(alIn(alE1), id))
		return alFixture{alE1, id}
	case PendingDeletion:
		id := w.set(alE1)
		w.schedule(alE1, id)
		return alFixture{alE1, id}
	case PendingReplicaDeletion:
		id := w.set(alE1, alW2)
		w.schedule(alE1, id)
		return alFixture{alE1, id}
	case PendingImport:
		return alFixture{alE1, w.create(alE1, KeyParams{MultiRegion: true, Origin: OriginExternal})}
	case Creating:
		id := w.set(alE1)
		_, ts, err := w.s.ReplicateKey(w.clk.Now(), alIn(alE1), id, alW2, MemberParams{})
		w.must("ReplicateKey", err)
		w.timers = append(w.timers, ts...) // the clock is not moved: still Creating
		return alFixture{alW2, id}
	case Updating:
		id := w.set(alE1, alW2)
		ts, err := w.s.UpdatePrimaryRegion(w.clk.Now(), alIn(alE1), id, alW2)
		w.must("UpdatePrimaryRegion", err)
		w.timers = append(w.timers, ts...)
		return alFixture{alW2, id}
	case Unavailable:
		// R3.1.3: custom key stores only; forced so that every column is exercised.
		id := w.set(alE1)
		w.s.Lookup(alAcct, alE1, id).State = Unavailable
		return alFixture{alE1, id}
	}
	w.t.Fatalf("no fixture for %s", state)
	return alFixture{}
}

var alStates = []State{Enabled, Disabled, PendingDeletion, PendingReplicaDeletion, PendingImport, Unavailable, Creating, Updating}

// alSnap is the whole store as plain values, plus the entropy drawn.
type alSnap struct {
	Keys    []string
	Aliases []Alias
	Drawn   int
	Timers  int
}

func (w *alWorld) snap() alSnap {
	var s alSnap
	w.s.All(func(k *Key) {
		s.Keys = append(s.Keys, fmt.Sprint(k.Account(), k.Region, k.ID(), k.State, k.DeletionDate, k.Set.Primary, k.Set.Replicas))
	})
	w.s.AllAliases(func(a *Alias) { s.Aliases = append(s.Aliases, *a) })
	s.Drawn, s.Timers = w.ent.n, len(w.timers)
	return s
}

// alWant is an expected error: code, and the exact message unless any
// (text unrecorded), or a text the message must contain.
type alWant struct {
	code     Code
	msg      string
	any      bool
	contains string
}

func alErr(code Code, msg string) alWant { return alWant{code: code, msg: msg} }
func alCode(code Code) alWant            { return alWant{code: code, any: true} }
func alHas(code Code, s string) alWant   { return alWant{code: code, any: true, contains: s} }

func (w alWant) String() string { return fmt.Sprintf("%s %q", w.code, w.msg) }

// fails runs call, which must fail with want and leave the store, the
// entropy stream and the timers untouched (A0.11.3).
func (w *alWorld) fails(t *testing.T, want alWant, call func() error) {
	t.Helper()
	before := w.snap()
	err := call()
	if d := cmp.Diff(before, w.snap()); d != "" {
		t.Errorf("A0.11.3: the failed call changed the store (-before +after):\n%s", d)
	}
	alCheck(t, err, want)
}

func alCheck(t *testing.T, err error, want alWant) {
	t.Helper()
	e, ok := err.(*Error)
	switch {
	case err == nil:
		t.Errorf("succeeded, want %s", want)
	case !ok:
		t.Errorf("error %T %v is not an *Error", err, err)
	case e.Code != want.code || !want.any && e.Message != want.msg || !strings.Contains(e.Message, want.contains):
		t.Errorf("failed with %s %q, want %s (containing %q)", e.Code, e.Message, want, want.contains)
	}
}

// ---------------------------------------------------------------------------
// CreateAlias

// TestAliasCreateAliasErrors: every error of CreateAlias (A3.4), in the
// order of A3.3.
func TestAliasCreateAliasErrors(t *testing.T) {
	for _, c := range []struct {
		rule, name, target string // target "" stands for the Enabled key's ID
		want               alWant
	}{
		{"A0.18.2 msg✓ LS:test_create_alias: no alias/ prefix", "my-key", "", alErr(CodeValidation, alPrefixMsg)},
		{"A0.18.2 R1.3.1 the prefix is case-sensitive", "Alias/my-key", "", alErr(CodeValidation, alPrefixMsg)},
		{"A0.18.3 O25 reserved alias/aws/", "alias/aws/s3", "", alCode(CodeInvalidAliasName)},
		{"A0.18.4 O26 nothing after alias/", "alias/", "", alCode(CodeInvalidAliasName)},
		{"A0.18.4 O26 ':' in the name", "alias/a:b", "", alCode(CodeInvalidAliasName)},
		{"A0.11.1 P2 name rules before P3 resolution", "alias/aws/x", "nope", alCode(CodeInvalidAliasName)},
		{"A3.3.3 O40 an alias name as target", "alias/new", "alias/existing", alCode(CodeValidation)},
		{"A3.3.3 O40 an alias ARN as target", "alias/new", alAliasARN(alE1, alAcct, "alias/existing"), alCode(CodeValidation)},
		{"A3.3.3 O40 a missing alias as target", "alias/new", "alias/missing", alCode(CodeValidation)},
		{"A3.3.3 R1.5.3 an alias (step 3) before the account (step 4)", "alias/new", alAliasARN(alE1, alOther, "alias/x"), alCode(CodeValidation)},
		{"A0.12.9 R1.5.3(1) an alias ARN of another Region", "alias/new", alAliasARN(alW2, alAcct, "alias/existing"), alErr(CodeNotFound, "Invalid arn us-west-2")},
		{"A0.12.5 R1.5.3(1) msg✓ LS a key ARN of another Region", "alias/new", "arn:aws:kms:us-west-2:" + alAcct + ":key/00000000-0000-4000-8000-000000000001", alErr(CodeNotFound, "Invalid arn us-west-2")},
		{"A3.3.3 A0.12.4 O14 O-6 a malformed ARN", "alias/new", "arn:aws:s3:::bucket", alCode(CodeNotFound)},
		{"A0.12.7 msg✓ LS:test_get_key_invalid_uuid a malformed key ID", "alias/new", "fake-key-id", alErr(CodeNotFound, "Invalid keyId 'fake-key-id'")},
		{"A0.12.8 msg✓ LS:test_get_key_does_not_exist no such key", "alias/new", "00000000-0000-4000-8000-000000000001",
			alErr(CodeNotFound, "Key '"+alKeyARN(alE1, "00000000-0000-4000-8000-000000000001")+"' does not exist")},
		{"A0.12.6 O15 O-7 a key ARN of another account", "alias/new", "arn:aws:kms:us-east-1:" + alOther + ":key/00000000-0000-4000-8000-000000000001", alCode(CodeAccessDenied)},
		{"A3.3.5 the name is taken (by an alias of another key)", "alias/existing", "", alHas(CodeAlreadyExists, alAliasARN(alE1, alAcct, "alias/existing"))},
	} {
		t.Run(c.rule, func(t *testing.T) {
			w := alNew(t)
			id := w.set(alE1)
			other := w.set(alE1)
			w.alias(alE1, "alias/existing", other)
			target := c.target
			if target == "" {
				target = id
			}
			w.fails(t, c.want, func() error {
				_, err := w.s.CreateAlias(w.clk.Now(), alIn(alE1), c.name, target)
				return err
			})
		})
	}
}

// TestAliasCreateAliasReplicaOnly: an mrk- key ID with no member in the
// called Region names no key there (R1.5.1, R1.1.6, A0.12.8).
func TestAliasCreateAliasReplicaOnly(t *testing.T) {
	w := alNew(t)
	id := w.set(alE1)
	w.fails(t, alErr(CodeNotFound, "Key '"+alKeyARN(alW2, id)+"' does not exist"), func() error {
		_, err := w.s.CreateAlias(w.clk.Now(), alIn(alW2), "alias/x", id)
		return err
	})
}

// TestAliasCreateAliasGate: the CreateAlias row of R3.6.1, written out
// from SPEC (A3.3.4): E-PD and E-PRD with their recorded texts (R3.7.1
// msg✓ multi_region.json:tag_deleting_us-east-1, tag_deleting_us-west-2),
// every other state OK — Creating included (R3.3.2).
func TestAliasCreateAliasGate(t *testing.T) {
	for _, st := range alStates {
		t.Run(st.String(), func(t *testing.T) {
			w := alNew(t)
			f := w.keyIn(st)
			call := func() error {
				_, err := w.s.CreateAlias(w.clk.Now(), alIn(f.region), "alias/gate", f.id)
				return err
			}
			switch st {
			case PendingDeletion:
				w.fails(t, alErr(CodeInvalidState, f.arn()+" is pending deletion."), call)
			case PendingReplicaDeletion:
				w.fails(t, alErr(CodeInvalidState, f.arn()+" is pending replica deletion."), call)
			default:
				w.must("CreateAlias on a key in "+st.String(), call())
				if got := w.names(f.region, f.id); !slices.Equal(got, []string{"alias/gate"}) {
					t.Errorf("A3.3.6: aliases of the key %v", got)
				}
			}
		})
	}
}

// TestAliasCreateAliasState: A3.3.6 — the alias's fields; A0.11.1 P4
// before P6 (a taken name on a key pending deletion is E-PD).
func TestAliasCreateAliasState(t *testing.T) {
	w := alNew(t)
	id := w.set(alE1)
	w.clk.Add(time.Hour)
	now := w.clk.Now()
	arnOut, err := w.s.CreateAlias(now, alIn(alE1), "alias/App_1-x/y", alKeyARN(alE1, id)) // a key ARN target (A3.3.3)
	w.must("CreateAlias", err)
	if arnOut.ID() != id || arnOut.Region != alE1 {
		t.Errorf("CreateAlias returned %s in %s", arnOut.ID(), arnOut.Region)
	}
	want := Alias{Name: "alias/App_1-x/y", Account: alAcct, Region: alE1, KeyID: id, Created: now, Updated: now}
	if a := w.s.LookupAlias(alAcct, alE1, "alias/App_1-x/y"); a == nil || !cmp.Equal(*a, want) {
		t.Errorf("A3.3.6: alias %+v, want %+v", a, want)
	} else if a.ARN() != "arn:aws:kms:us-east-1:"+alAcct+":alias/App_1-x/y" {
		t.Errorf("R1.3.2: ARN %s", a.ARN())
	}
	drawn := w.ent.n
	w.alias(alE1, "alias/App_1-x/z", id)
	if w.ent.n != drawn {
		t.Errorf("A0.11.3: CreateAlias drew %d random bytes", w.ent.n-drawn)
	}
	if got := w.names(alE1, ""); !slices.Equal(got, []string{"alias/App_1-x/y", "alias/App_1-x/z"}) {
		t.Errorf("aliases %v", got)
	}
	// A0.18.5: names are case-sensitive.
	w.alias(alE1, "alias/app_1-x/y", id)
	w.schedule(alE1, id)
	w.fails(t, alErr(CodeInvalidState, alKeyARN(alE1, id)+" is pending deletion."), func() error {
		_, err := w.s.CreateAlias(w.clk.Now(), alIn(alE1), "alias/App_1-x/y", id)
		return err
	})
}

// TestAliasCreateAliasQuota: A0.18.6, A0.22.1 — a key holds at most 50
// aliases; the 51st is LimitExceededException, and other keys are not
// affected.
func TestAliasCreateAliasQuota(t *testing.T) {
	w := alNew(t)
	id := w.set(alE1)
	for i := range AliasesPerKey {
		w.alias(alE1, fmt.Sprintf("alias/k%02d", i), id)
	}
	w.fails(t, alCode(CodeLimitExceeded), func() error {
		_, err := w.s.CreateAlias(w.clk.Now(), alIn(alE1), "alias/one-more", id)
		return err
	})
	w.alias(alE1, "alias/one-more", w.set(alE1))
	// The same name may still point at the member in another Region (R1.3.3).
	w2 := w.set(alW2)
	w.alias(alW2, "alias/k00", w2)
}

// ---------------------------------------------------------------------------
// UpdateAlias

// TestAliasUpdateAliasErrors: every error of UpdateAlias (A49.4), in the
// order of A49.3.
func TestAliasUpdateAliasErrors(t *testing.T) {
	type fx struct{ sym, sym2, rsaEnc, rsaSign, hmac, deleting, prd string }
	for _, c := range []struct {
		rule   string
		name   string
		target func(f fx) string
		want   func(f fx) alWant
	}{
		{"A49.3.1 A0.18.2 O24 no alias/ prefix", "sym", func(f fx) string { return f.sym2 },
			func(fx) alWant { return alErr(CodeValidation, alPrefixMsg) }},
		{"A49.3.2 A0.12.9 R1.3.6 no such alias", "alias/missing", func(f fx) string { return f.sym2 },
			func(fx) alWant { return alHas(CodeNotFound, alAliasARN(alE1, alAcct, "alias/missing")) }},
		{"A49.3.2 A0.12.10 alias/aws/ names never exist", "alias/aws/s3", func(f fx) string { return f.sym2 },
			func(fx) alWant { return alHas(CodeNotFound, alAliasARN(alE1, alAcct, "alias/aws/s3")) }},
		{"A49.3.2 before A49.3.3: a missing alias with a bad target", "alias/missing", func(fx) string { return "nope" },
			func(fx) alWant { return alHas(CodeNotFound, "alias/missing") }},
		{"A49.3.3 A3.3.3 O40 an alias name as target", "alias/sym", func(fx) string { return "alias/hmac" },
			func(fx) alWant { return alCode(CodeValidation) }},
		{"A49.3.3 A3.3.3 O40 an alias ARN as target", "alias/sym", func(fx) string { return alAliasARN(alE1, alAcct, "alias/hmac") },
			func(fx) alWant { return alCode(CodeValidation) }},
		{"A49.3.3 A0.12.7 msg✓ a malformed key ID", "alias/sym", func(fx) string { return "nope" },
			func(fx) alWant { return alErr(CodeNotFound, "Invalid keyId 'nope'") }},
		{"A49.3.3 A0.12.8 msg✓ no such key", "alias/sym", func(fx) string { return "mrk-0123456789abcdef0123456789abcdef" },
			func(fx) alWant {
				return alErr(CodeNotFound, "Key '"+alKeyARN(alE1, "mrk-0123456789abcdef0123456789abcdef")+"' does not exist")
			}},
		{"A49.3.3 R1.5.3(1) msg✓ a key ARN of another Region", "alias/sym", func(f fx) string { return alKeyARN(alW2, f.sym2) },
			func(fx) alWant { return alErr(CodeNotFound, "Invalid arn us-west-2") }},
		{"A49.3.4 R3.6.3 KS10 new target PendingDeletion → E-PD", "alias/sym", func(f fx) string { return f.deleting },
			func(f fx) alWant { return alErr(CodeInvalidState, alKeyARN(alE1, f.deleting)+" is pending deletion.") }},
		{"A49.3.4 R3.6.3 new target PendingReplicaDeletion → E-PRD", "alias/sym", func(f fx) string { return f.prd },
			func(f fx) alWant {
				return alErr(CodeInvalidState, alKeyARN(alE1, f.prd)+" is pending replica deletion.")
			}},
		{"A49.3.5 R1.3.4 O98 symmetric to HMAC (usage)", "alias/sym", func(f fx) string { return f.hmac },
			func(fx) alWant { return alCode(CodeValidation) }},
		{"A49.3.5 R1.3.4 O98 symmetric to asymmetric of the same usage (type)", "alias/sym", func(f fx) string { return f.rsaEnc },
			func(fx) alWant { return alCode(CodeValidation) }},
		{"A49.3.5 R1.3.4 O98 asymmetric ENCRYPT_DECRYPT to SIGN_VERIFY", "alias/rsa-enc", func(f fx) string { return f.rsaSign },
			func(fx) alWant { return alCode(CodeValidation) }},
		{"A49.3.5 R1.3.4 O98 HMAC to symmetric", "alias/hmac", func(f fx) string { return f.sym },
			func(fx) alWant { return alCode(CodeValidation) }},
		{"A49.3.4 before A49.3.5: state before type", "alias/hmac", func(f fx) string { return f.deleting },
			func(f fx) alWant { return alErr(CodeInvalidState, alKeyARN(alE1, f.deleting)+" is pending deletion.") }},
	} {
		t.Run(c.rule, func(t *testing.T) {
			w := alNew(t)
			f := fx{sym: w.set(alE1), sym2: w.set(alE1, alW2),
				rsaEnc:   w.create(alE1, KeyParams{KeySpec: SpecRSA2048, KeyUsage: UsageEncryptDecrypt}),
				rsaSign:  w.create(alE1, KeyParams{KeySpec: SpecRSA2048, KeyUsage: UsageSignVerify}),
				hmac:     w.create(alE1, KeyParams{KeySpec: SpecHMAC256, KeyUsage: UsageGenerateVerifyMac}),
				deleting: w.set(alE1), prd: w.set(alE1, alEU)}
			w.alias(alE1, "alias/sym", f.sym)
			w.alias(alE1, "alias/rsa-enc", f.rsaEnc)
			w.alias(alE1, "alias/hmac", f.hmac)
			w.schedule(alE1, f.deleting)
			w.schedule(alE1, f.prd)
			w.clk.Add(time.Minute)
			target := c.target(f)
			w.fails(t, c.want(f), func() error {
				_, err := w.s.UpdateAlias(w.clk.Now(), alIn(alE1), c.name, target)
				return err
			})
		})
	}
}

// TestAliasUpdateAlias: A49.3.6 and R1.3.4's allowed cases: the same type
// and usage in another spec, the current target pending deletion (R3.6.3,
// KS10), the same target again (LastUpdatedDate moves, CreationDate stays).
func TestAliasUpdateAlias(t *testing.T) {
	w := alNew(t)
	rsa := w.create(alE1, KeyParams{KeySpec: SpecRSA3072, KeyUsage: UsageSignVerify})
	ecc := w.create(alE1, KeyParams{KeySpec: SpecECCNISTP384, KeyUsage: UsageSignVerify})
	h224 := w.create(alE1, KeyParams{KeySpec: SpecHMAC224, KeyUsage: UsageGenerateVerifyMac})
	h512 := w.create(alE1, KeyParams{KeySpec: SpecHMAC512, KeyUsage: UsageGenerateVerifyMac})
	sym, ext := w.set(alE1), w.create(alE1, KeyParams{Origin: OriginExternal})
	created := w.clk.Now()
	w.alias(alE1, "alias/sign", rsa)
	w.alias(alE1, "alias/mac", h224)
	w.alias(alE1, "alias/enc", sym)
	step := func(name, target string, wantKey string) {
		t.Helper()
		w.clk.Add(time.Minute)
		k, err := w.s.UpdateAlias(w.clk.Now(), alIn(alE1), name, target)
		w.must("UpdateAlias "+name, err)
		a := w.s.LookupAlias(alAcct, alE1, name)
		want := Alias{Name: name, Account: alAcct, Region: alE1, KeyID: wantKey, Created: created, Updated: w.clk.Now()}
		if k.ID() != wantKey || !cmp.Equal(*a, want) {
			t.Errorf("A49.3.6: %s → %s: alias %+v, want %+v", name, target, *a, want)
		}
	}
	step("alias/sign", ecc, ecc)                  // R1.3.4: asymmetric SIGN_VERIFY, another spec
	step("alias/mac", alKeyARN(alE1, h512), h512) // HMAC to HMAC, by key ARN
	step("alias/enc", ext, ext)                   // symmetric AWS_KMS to symmetric EXTERNAL (PendingImport)
	step("alias/enc", ext, ext)                   // A49.3.6: unchanged target, LastUpdatedDate moves
	w.schedule(alE1, ext)                         // R3.6.3: the current target's state does not matter
	step("alias/enc", sym, sym)
	if got := w.names(alE1, ext); len(got) != 0 {
		t.Errorf("A32.3.2: the former target still lists %v", got)
	}
	if got := w.names(alE1, sym); !slices.Equal(got, []string{"alias/enc"}) {
		t.Errorf("A32.3.2: the new target lists %v", got)
	}
}

// TestAliasUpdateAliasQuota: A49.3.5, A0.18.6 — the new target's 50-alias
// quota; retargeting an alias at the key it already names does not count
// it twice (A49.3.6).
func TestAliasUpdateAliasQuota(t *testing.T) {
	w := alNew(t)
	full, other := w.set(alE1), w.set(alE1)
	for i := range AliasesPerKey {
		w.alias(alE1, fmt.Sprintf("alias/k%02d", i), full)
	}
	w.alias(alE1, "alias/other", other)
	w.clk.Add(time.Minute) // a failed call must not move LastUpdatedDate either
	w.fails(t, alCode(CodeLimitExceeded), func() error {
		_, err := w.s.UpdateAlias(w.clk.Now(), alIn(alE1), "alias/other", full)
		return err
	})
	_, err := w.s.UpdateAlias(w.clk.Now(), alIn(alE1), "alias/k07", full)
	w.must("UpdateAlias to the same full key", err)
	_, err = w.s.UpdateAlias(w.clk.Now(), alIn(alE1), "alias/k07", other)
	w.must("UpdateAlias away from the full key", err)
	_, err = w.s.UpdateAlias(w.clk.Now(), alIn(alE1), "alias/other", full)
	w.must("UpdateAlias into the freed place", err)
}

// ---------------------------------------------------------------------------
// DeleteAlias

// TestAliasDeleteAlias: A8.3 — the prefix rule (O24), a missing alias
// (A8.3.2), success whatever the target's state (A8.3.3, R3.6.1), and only
// in the called Region (A8.5.1).
func TestAliasDeleteAlias(t *testing.T) {
	w := alNew(t)
	id := w.set(alE1, alW2)
	w.alias(alE1, "alias/app", id)
	w.alias(alW2, "alias/app", id)
	w.fails(t, alErr(CodeValidation, alPrefixMsg), func() error {
		_, err := w.s.DeleteAlias(alIn(alE1), "app")
		return err
	})
	for _, name := range []string{"alias/missing", "alias/aws/s3", "alias/App"} {
		w.fails(t, alHas(CodeNotFound, alAliasARN(alE1, alAcct, name)), func() error {
			_, err := w.s.DeleteAlias(alIn(alE1), name)
			return err
		})
	}
	w.fails(t, alHas(CodeNotFound, alAliasARN(alEU, alAcct, "alias/app")), func() error {
		_, err := w.s.DeleteAlias(alIn(alEU), "alias/app")
		return err
	})
	// Another account's alias of the same name is a different alias (R1.3.3).
	w.fails(t, alHas(CodeNotFound, alAliasARN(alE1, alOther, "alias/app")), func() error {
		_, err := w.s.DeleteAlias(Caller{Account: alOther, Region: alE1}, "alias/app")
		return err
	})
	a, err := w.s.DeleteAlias(alIn(alE1), "alias/app")
	w.must("DeleteAlias", err)
	if a.Name != "alias/app" || a.KeyID != id || a.Region != alE1 {
		t.Errorf("DeleteAlias returned %+v", a)
	}
	if got := w.names(alE1, ""); len(got) != 0 {
		t.Errorf("A8.3.4: left %v", got)
	}
	if got := w.names(alW2, ""); !slices.Equal(got, []string{"alias/app"}) {
		t.Errorf("A8.5.1: us-west-2 lost its alias: %v", got)
	}
	if k := w.s.Lookup(alAcct, alE1, id); k == nil || k.State != Enabled {
		t.Errorf("DeleteAlias changed its key")
	}
	for _, st := range alStates {
		f := w.keyIn(st)
		name := "alias/state-" + st.String()
		if st != PendingDeletion && st != PendingReplicaDeletion {
			w.alias(f.region, name, f.id)
		} else {
			// Created before the deletion was scheduled.
			w.s.aliases.add(&Alias{Name: name, Account: alAcct, Region: f.region, KeyID: f.id})
		}
		if _, err := w.s.DeleteAlias(alIn(f.region), name); err != nil {
			t.Errorf("A8.3.3: DeleteAlias on a key in %s: %v", st, err)
		}
	}
}

// ---------------------------------------------------------------------------
// ListAliases

// TestAliasListAliases: A32.3 — alias-name order (A0.20.7, O34), the
// KeyId filter by key ID or key ARN, the default and documented Limit
// (A0.20.2, A0.20.3, O32), pages and markers (A0.20.4–A0.20.6).
func TestAliasListAliases(t *testing.T) {
	w := alNew(t)
	a, b := w.set(alE1, alW2), w.set(alE1)
	for i := 59; i >= 0; i-- { // created out of order
		target := a
		if i%2 == 1 {
			target = b
		}
		w.alias(alE1, fmt.Sprintf("alias/n%02d", i), target)
	}
	w.alias(alW2, "alias/west", a)
	list := func(c Caller, keyID string, limit int, marker string) ListPage[Alias] {
		t.Helper()
		p, err := w.s.ListAliases(c, keyID, limit, marker)
		w.must("ListAliases", err)
		return p
	}
	p := list(alIn(alE1), "", 0, "")
	if len(p.Items) != DefaultAliasListLimit || !p.Truncated || p.NextMarker == "" || p.Items[0].Name != "alias/n00" || p.Items[49].Name != "alias/n49" {
		t.Fatalf("A32.3.4: default page of %d, truncated %v", len(p.Items), p.Truncated)
	}
	p2 := list(alIn(alE1), "", 0, p.NextMarker)
	if len(p2.Items) != 10 || p2.Truncated || p2.NextMarker != "" || p2.Items[0].Name != "alias/n50" {
		t.Fatalf("A0.20.4: second page %d items, truncated %v, marker %q", len(p2.Items), p2.Truncated, p2.NextMarker)
	}
	// Every page of 7 in turn gives every alias once, in name order.
	var got []string
	for m := ""; ; {
		p := list(alIn(alE1), "", 7, m)
		for _, x := range p.Items {
			got = append(got, x.Name)
		}
		if !p.Truncated {
			break
		}
		m = p.NextMarker
	}
	var want []string
	for i := range 60 {
		want = append(want, fmt.Sprintf("alias/n%02d", i))
	}
	if !slices.Equal(got, want) {
		t.Errorf("A0.20.7 paging: %v", got)
	}
	// The KeyId filter, by key ID and by key ARN, shares markers.
	pa := list(alIn(alE1), a, 10, "")
	if len(pa.Items) != 10 || pa.Items[0].Name != "alias/n00" || pa.Items[1].Name != "alias/n02" || pa.Items[0].KeyID != a {
		t.Errorf("A32.3.2: filtered page %+v", pa.Items[:2])
	}
	pa2 := list(alIn(alE1), alKeyARN(alE1, a), 100, pa.NextMarker)
	if len(pa2.Items) != 20 || pa2.Truncated || pa2.Items[0].Name != "alias/n20" {
		t.Errorf("A0.20.5: the key ARN's listing did not take the key ID's marker: %d items", len(pa2.Items))
	}
	if p := list(alIn(alW2), "", 0, ""); len(p.Items) != 1 || p.Items[0].Name != "alias/west" || p.Items[0].KeyID != a || p.Items[0].Region != alW2 {
		t.Errorf("R1.3.3: us-west-2 lists %+v", p.Items)
	}
	if p := list(Caller{Account: alOther, Region: alE1}, "", 0, ""); len(p.Items) != 0 || p.Truncated {
		t.Errorf("R1.3.3: another account lists %+v", p.Items)
	}
	// A0.20.6: resume after the marker's alias even when it is gone.
	p7 := list(alIn(alE1), "", 7, "")
	_, err := w.s.DeleteAlias(alIn(alE1), "alias/n06")
	w.must("DeleteAlias", err)
	if p := list(alIn(alE1), "", 1, p7.NextMarker); p.Items[0].Name != "alias/n07" {
		t.Errorf("A0.20.6: resumed at %s", p.Items[0].Name)
	}
	// The items are copies (A0.11.3: a caller cannot change the store).
	p.Items[0].KeyID = "changed"
	if w.s.LookupAlias(alAcct, alE1, "alias/n00").KeyID == "changed" {
		t.Error("ListAliases handed out the store's alias")
	}
}

// TestAliasListAliasesErrors: every error of ListAliases (A32.4).
func TestAliasListAliasesErrors(t *testing.T) {
	w := alNew(t)
	a, b := w.set(alE1, alW2), w.set(alE1)
	w.alias(alE1, "alias/a1", a)
	w.alias(alE1, "alias/a2", a)
	w.alias(alE1, "alias/b1", b)
	all, err := w.s.ListAliases(alIn(alE1), "", 1, "")
	w.must("ListAliases", err)
	ofA, err := w.s.ListAliases(alIn(alE1), a, 1, "")
	w.must("ListAliases", err)
	for _, c := range []struct {
		rule          string
		caller        Caller
		keyID, marker string
		limit         int
		want          alWant
	}{
		{"A0.20.3 O32 Limit above the documented 100", alIn(alE1), "", "", 101,
			alErr(CodeValidation, "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")},
		{"A0.20.3 O32 Limit 1000 (the model's maximum)", alIn(alE1), a, "", 1000, alCode(CodeValidation)},
		{"A0.11.1 P2 Limit before P3 KeyId", alIn(alE1), "alias/a1", "", 101, alCode(CodeValidation)},
		{"A32.3.2 A0.12.3 msg✓ multi_region.json:alias_replicate-key an alias name", alIn(alE1), "alias/a1", "", 0, alErr(CodeInvalidArn, alNoAliasMsg)},
		{"A32.3.2 A0.12.3 msg✓ an alias ARN", alIn(alE1), alAliasARN(alE1, alAcct, "alias/a1"), "", 0, alErr(CodeInvalidArn, alNoAliasMsg)},
		{"A0.12.4 O-6 a malformed ARN", alIn(alE1), "arn:aws:kms:us-east-1:" + alAcct + ":grant/x", "", 0, alCode(CodeInvalidArn)},
		{"A0.12.7 msg✓ a malformed key ID", alIn(alE1), "x", "", 0, alErr(CodeNotFound, "Invalid keyId 'x'")},
		{"A32.3.2 A0.12.8 msg✓ R1.5.1 no member in the called Region", alIn(alEU), a, "", 0, alErr(CodeNotFound, "Key '"+alKeyARN(alEU, a)+"' does not exist")},
		{"A0.12.5 msg✓ a key ARN of another Region", alIn(alE1), alKeyARN(alW2, a), "", 0, alErr(CodeNotFound, "Invalid arn us-west-2")},
		{"A0.12.6 O15 a key ARN of another account", alIn(alE1), "arn:aws:kms:us-east-1:" + alOther + ":key/" + a, "", 0, alCode(CodeAccessDenied)},
		{"A0.20.5 msg✓ rotation.json:invalid_marker garbage", alIn(alE1), "", "garbage", 0, alErr(CodeInvalidMarker, "")},
		{"A0.20.5 a marker of the unfiltered listing with a KeyId", alIn(alE1), a, all.NextMarker, 0, alErr(CodeInvalidMarker, "")},
		{"A0.20.5 a marker of one key's listing for another key", alIn(alE1), b, ofA.NextMarker, 0, alErr(CodeInvalidMarker, "")},
		{"A0.20.5 a marker of one key's listing without KeyId", alIn(alE1), "", ofA.NextMarker, 0, alErr(CodeInvalidMarker, "")},
		{"A0.20.5 a marker of another Region", alIn(alW2), "", all.NextMarker, 0, alErr(CodeInvalidMarker, "")},
		{"A0.20.5 a marker of another account", Caller{Account: alOther, Region: alE1}, "", all.NextMarker, 0, alErr(CodeInvalidMarker, "")},
		{"A0.20.5 a ListKeys marker", alIn(alE1), "", alListKeysMarker(t, w), 0, alErr(CodeInvalidMarker, "")},
	} {
		t.Run(c.rule, func(t *testing.T) {
			w.fails(t, c.want, func() error {
				_, err := w.s.ListAliases(c.caller, c.keyID, c.limit, c.marker)
				return err
			})
		})
	}
}

func alListKeysMarker(t *testing.T, w *alWorld) string {
	p, err := w.s.ListKeys(alIn(alE1), 1, "")
	if err != nil || p.NextMarker == "" {
		t.Fatalf("ListKeys: %v", err)
	}
	return p.NextMarker
}

// TestAliasListAliasesGate: A32.3.3 — no state gate: a key in every state
// lists its aliases.
func TestAliasListAliasesGate(t *testing.T) {
	w := alNew(t)
	for _, st := range alStates {
		f := w.keyIn(st)
		w.s.aliases.add(&Alias{Name: "alias/" + st.String(), Account: alAcct, Region: f.region, KeyID: f.id})
		if got := w.names(f.region, f.id); !slices.Equal(got, []string{"alias/" + st.String()}) {
			t.Errorf("A32.3.3: a key in %s lists %v", st, got)
		}
	}
}

// ---------------------------------------------------------------------------
// Resolution

// TestAliasResolve: R1.4.2, R1.5.2(b), R1.5.3 step 3 — an alias name or
// alias ARN names its target in the called Region for the operations that
// accept aliases; R1.3.6/A0.12.9 a missing one; R1.4.4 the others refuse
// them.
func TestAliasResolve(t *testing.T) {
	w := alNew(t)
	id := w.set(alE1, alW2)
	w.alias(alE1, "alias/app", id)
	otherAcct := w.createIn(Caller{Account: alOther, Region: alE1}, KeyParams{})
	_, err := w.s.CreateAlias(w.clk.Now(), Caller{Account: alOther, Region: alE1}, "alias/app", otherAcct)
	w.must("CreateAlias in another account", err)
	for _, c := range []struct {
		rule   string
		op     Op
		region string
		v      string
		want   string // the resolved key's ARN, or ""
		err    alWant
	}{
		{"R1.5.2(b) an alias name", OpDescribeKey, alE1, "alias/app", alKeyARN(alE1, id), alWant{}},
		{"R1.5.3(3) an alias ARN", OpDescribeKey, alE1, alAliasARN(alE1, alAcct, "alias/app"), alKeyARN(alE1, id), alWant{}},
		{"R1.5.3(3) A0.12.6 an alias ARN of another account, for a cross-account operation", OpDescribeKey, alE1, alAliasARN(alE1, alOther, "alias/app"),
			"arn:aws:kms:us-east-1:" + alOther + ":key/" + otherAcct, alWant{}},
		{"R1.4.2 every alias-accepting operation (Encrypt)", OpEncrypt, alE1, "alias/app", alKeyARN(alE1, id), alWant{}},
		{"R1.3.3 R1.3.6 the alias exists in us-east-1 only", OpDescribeKey, alW2, "alias/app", "",
			alHas(CodeNotFound, "Alias "+alAliasARN(alW2, alAcct, "alias/app")+" is not found.")},
		{"A0.12.9 R1.5.3(1) msg✓ an alias ARN of another Region", OpDescribeKey, alW2, alAliasARN(alE1, alAcct, "alias/app"), "",
			alErr(CodeNotFound, "Invalid arn us-east-1")},
		{"R1.3.6 A0.12.9 a missing alias names the alias ARN", OpDescribeKey, alE1, "alias/none", "",
			alHas(CodeNotFound, "Alias "+alAliasARN(alE1, alAcct, "alias/none")+" is not found.")},
		{"A0.12.10 O17 alias/aws/ names are missing aliases", OpGenerateDataKey, alE1, "alias/aws/s3", "",
			alHas(CodeNotFound, "Alias "+alAliasARN(alE1, alAcct, "alias/aws/s3")+" is not found.")},
		{"A0.12.9 a missing alias of another account", OpDescribeKey, alE1, alAliasARN(alE1, "999999999999", "alias/app"), "",
			alHas(CodeNotFound, "Alias "+alAliasARN(alE1, "999999999999", "alias/app")+" is not found.")},
		{"R1.4.4 msg✓ multi_region.json:alias_replicate-key an existing alias", OpReplicateKey, alE1, "alias/app", "", alErr(CodeInvalidArn, alNoAliasMsg)},
		{"R1.4.4 msg✓ rotation.json:alias_enable-key-rotation an existing alias ARN", OpEnableKeyRotation, alE1, alAliasARN(alE1, alAcct, "alias/app"), "", alErr(CodeInvalidArn, alNoAliasMsg)},
		{"R1.4.4 msg✓ DisableKey", OpDisableKey, alE1, "alias/app", "", alErr(CodeInvalidArn, alNoAliasMsg)},
		{"A3.3.3 O40 CreateAlias TargetKeyId", OpCreateAlias, alE1, "alias/app", "", alCode(CodeValidation)},
		{"A49.3.3 O40 UpdateAlias TargetKeyId", OpUpdateAlias, alE1, alAliasARN(alE1, alAcct, "alias/app"), "", alCode(CodeValidation)},
	} {
		t.Run(c.rule, func(t *testing.T) {
			k, err := w.s.Resolve(Caller{Account: alAcct, Region: c.region}, c.op, c.v)
			if c.want == "" {
				alCheck(t, err, c.err)
				return
			}
			if err != nil || k.ARN() != c.want {
				t.Errorf("Resolve(%s, %q) = %v, %v; want %s", c.op, c.v, k, err, c.want)
			}
		})
	}
	// R1.5.4: the gate names the target's ARN whatever form named it.
	w.schedule(alE1, id)
	if _, err := w.s.Get(alIn(alE1), OpEncrypt, "alias/app"); err == nil || err.Error() != "KMSInvalidStateException: "+alKeyARN(alE1, id)+" is pending replica deletion." {
		t.Errorf("R1.5.4 R3.7.1: %v", err)
	}
}

// ---------------------------------------------------------------------------
// Multi-Region sets

// TestAliasMultiRegion: R1.3.3, A0.18.5, A3.5.1, A8.5.1, A49.5.1 — one
// alias name in three Regions, each pointing at its own member; changing
// it in one Region changes nothing elsewhere.
func TestAliasMultiRegion(t *testing.T) {
	w := alNew(t)
	id := w.set(alE1, alW2, alEU)
	other := w.set(alW2)
	for _, r := range []string{alE1, alW2, alEU} {
		w.alias(r, "alias/app", id)
	}
	for _, r := range []string{alE1, alW2, alEU} {
		k, err := w.s.Get(alIn(r), OpDescribeKey, "alias/app")
		if err != nil || k.ARN() != alKeyARN(r, id) {
			t.Errorf("R1.3.3: alias/app in %s names %v, %v", r, k, err)
		}
	}
	before := w.snap().Aliases
	_, err := w.s.UpdateAlias(w.clk.Now(), alIn(alW2), "alias/app", other)
	w.must("UpdateAlias in us-west-2", err)
	_, err = w.s.DeleteAlias(alIn(alEU), "alias/app")
	w.must("DeleteAlias in eu-west-1", err)
	after := w.snap().Aliases
	// AllAliases orders by Region: eu-west-1, us-east-1, us-west-2.
	want := []Alias{before[1], before[2]}
	want[1].KeyID, want[1].Updated = other, w.clk.Now()
	if !cmp.Equal(after, want) {
		t.Errorf("A49.5.1 A8.5.1: aliases (-want +got)\n%s", cmp.Diff(want, after))
	}
	if got := w.names(alEU, ""); len(got) != 0 {
		t.Errorf("A8.5.1: eu-west-1 lists %v", got)
	}
	// A new replica has no aliases (R2.4.3).
	_, ts, err := w.s.ReplicateKey(w.clk.Now(), alIn(alE1), id, "ap-south-1", MemberParams{})
	w.must("ReplicateKey", err)
	w.timers = append(w.timers, ts...)
	if got := w.names("ap-south-1", id); len(got) != 0 {
		t.Errorf("R2.4.3: the new replica has aliases %v", got)
	}
}

// TestAliasDeletedWithKey: R1.3.5, R6.11 — when a member's waiting period
// ends its aliases go with it; the other members' aliases and the other
// keys' aliases stay, and the name is free again.
func TestAliasDeletedWithKey(t *testing.T) {
	w := alNew(t)
	id, keep := w.set(alE1, alW2), w.set(alW2)
	w.alias(alE1, "alias/app", id)
	w.alias(alW2, "alias/app", id)
	w.alias(alW2, "alias/app-2", id)
	w.alias(alW2, "alias/keep", keep)
	w.schedule(alW2, id)
	w.advance(7*Day - time.Second)
	if got := w.names(alW2, ""); !slices.Equal(got, []string{"alias/app", "alias/app-2", "alias/keep"}) {
		t.Fatalf("R6.4: aliases went before the end of the waiting period: %v", got)
	}
	w.advance(time.Second)
	if w.s.Lookup(alAcct, alW2, id) != nil {
		t.Fatal("T12: the replica was not deleted")
	}
	if got := w.names(alW2, ""); !slices.Equal(got, []string{"alias/keep"}) {
		t.Errorf("R1.3.5: us-west-2 lists %v", got)
	}
	if got := w.names(alE1, id); !slices.Equal(got, []string{"alias/app"}) {
		t.Errorf("R1.3.3: the primary's alias went too: %v", got)
	}
	_, err := w.s.Get(alIn(alW2), OpDescribeKey, "alias/app")
	alCheck(t, err, alHas(CodeNotFound, "Alias "+alAliasARN(alW2, alAcct, "alias/app")+" is not found."))
	w.alias(alW2, "alias/app", keep) // the name is free again
	// The primary, pending deletion, loses its alias when it goes (T10, T12).
	w.schedule(alE1, id)
	w.advance(7 * Day)
	if got := w.names(alE1, ""); len(got) != 0 {
		t.Errorf("R1.3.5: us-east-1 lists %v", got)
	}
	if len(w.s.aliases.regions) != 1 {
		t.Errorf("the index kept %d Regions", len(w.s.aliases.regions))
	}
}
