package mrk

// Tests of the grant operations of the pure model (grant.go): CreateGrant,
// ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant, grant tokens,
// grants per member and their deletion with their key. Every case names
// its rule: R… and O-… are SPEC.md, A… and On are SPEC-API.md, and
// "file.json:case" is the observation of shared/aws-observed whose
// code and message the case reproduces. Messages are asserted exactly only
// where SPEC marks them msg✓ or a recording holds them. After every failing
// call the store, the entropy drawn and the timers must be unchanged
// (A0.11.3).
//
// Package-level identifiers of this file start with "gr" so that it can
// sit next to the other tests of package mrk.

import (
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	grAcct    = "111122223333"
	grOther   = "444455556666"
	grE1      = "us-east-1"
	grW2      = "us-west-2"
	grEU      = "eu-west-1"
	grGrantee = "arn:aws:iam::111122223333:role/grantee"
	grRetirer = "arn:aws:iam::111122223333:role/retirer"
	grAbsent  = "00000000000000000000000000000000000000000000000000000000000000ff"

	// grDryRun is A0.14.3's answer to a dry run that would succeed (msg✓).
	grDryRun = "The request would have succeeded, but the DryRun option is set."
	// grHMACOps is AWS's answer to Encrypt in a grant on an HMAC key
	// (A5.3.5, msg✓ hmac.json:encryption_grant).
	grHMACOps = "Operations [Encrypt] are not supported when creating a grant for a symmetric KMS key with key usage GENERATE_VERIFY_MAC. Valid operations are [CreateGrant, RetireGrant, DescribeKey, GenerateMac, VerifyMac]"
	// grConstrained is AWS's answer to constraints on a key that is not a
	// symmetric encryption key (A5.3.5, msg✓ hmac.json:constrained_mac_grant,
	// rsa.json:constrained_grant, ecc.json:constrained_grant).
	grConstrained = "EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key."
	// grAliasMsg is A0.12.3's answer to an alias (msg✓ multi_region.json:alias_replicate-key).
	grAliasMsg = "Key Aliases are not supported for this operation."
)

// grStart has a fractional second, so that the whole-second CreationDate
// of grants shows (grants.json:session_list).
var grStart = time.Date(2026, 9, 12, 9, 19, 54, 643_000_000, time.UTC)

// grWorld is a store on a mock clock, with its timers kept by the test.
type grWorld struct {
	driver[*testEntropy]
}

func grNew(t *testing.T) *grWorld { return grSeeded(t, 1) }

func grSeeded(t *testing.T, seed byte) *grWorld {
	return &grWorld{driver: newDriver(t, DefaultConfig(), grStart, seededEntropy(seed))}
}

func grIn(region string) Caller { return Caller{Account: grAcct, Region: region} }

// grKey is a key: where it lives and its ID.
type grKey struct{ account, region, id string }

func (k grKey) arn() string       { return KeyARN(k.region, k.account, k.id) }
func (k grKey) caller() Caller    { return Caller{Account: k.account, Region: k.region} }
func (k grKey) in(r string) grKey { return grKey{k.account, r, k.id} }

func (w *grWorld) createAs(account, region string, p KeyParams) grKey {
	w.t.Helper()
	k, err := w.s.CreateKey(w.clk.Now(), w.ent, Caller{Account: account, Region: region}, p)
	w.must("CreateKey", err)
	return grKey{account, region, k.ID()}
}

func (w *grWorld) create(region string, p KeyParams) grKey { return w.createAs(grAcct, region, p) }

func (w *grWorld) replicate(k grKey, to string) {
	w.t.Helper()
	_, ts, err := w.s.ReplicateKey(w.clk.Now(), k.caller(), k.id, to, MemberParams{})
	w.must("ReplicateKey", err)
	w.timers = append(w.timers, ts...)
}

// set makes a multi-Region primary in p with replicas in rs, all Enabled.
func (w *grWorld) set(p string, rs ...string) grKey {
	w.t.Helper()
	k := w.create(p, KeyParams{MultiRegion: true})
	for _, r := range rs {
		w.replicate(k, r)
	}
	w.advance(w.s.Config().ReplicaCreatingDuration)
	return k
}

func (w *grWorld) schedule(k grKey) {
	w.t.Helper()
	days := 7
	_, ts, err := w.s.ScheduleKeyDeletion(w.clk.Now(), k.caller(), k.id, &days)
	w.must("ScheduleKeyDeletion", err)
	w.timers = append(w.timers, ts...)
}

// grStates are the columns of the matrix (R3.6.1).
var grStates = []State{Enabled, Disabled, PendingDeletion, PendingReplicaDeletion, PendingImport, Unavailable, Creating, Updating}

// keyIn makes a key in a state; before, when not nil, runs on the key while
// it is still Enabled (PendingImport and Creating keys are never Enabled).
func (w *grWorld) keyIn(state State, before func(grKey)) grKey {
	w.t.Helper()
	if before == nil {
		before = func(grKey) {}
	}
	switch state {
	case Enabled:
		k := w.set(grE1)
		before(k)
		return k
	case Disabled:
		k := w.set(grE1)
		before(k)
		w.must("DisableKey", w.s.DisableKey(k.caller(), k.id))
		return k
	case PendingDeletion:
		k := w.set(grE1)
		before(k)
		w.schedule(k)
		return k
	case PendingReplicaDeletion:
		k := w.set(grE1, grW2)
		before(k)
		w.schedule(k)
		return k
	case PendingImport:
		return w.create(grE1, KeyParams{MultiRegion: true, Origin: OriginExternal})
	case Creating:
		k := w.set(grE1)
		w.replicate(k, grW2) // the clock is not moved: still Creating
		return k.in(grW2)
	case Updating:
		k := w.set(grE1, grW2)
		before(k.in(grW2))
		ts, err := w.s.UpdatePrimaryRegion(w.clk.Now(), k.caller(), k.id, grW2)
		w.must("UpdatePrimaryRegion", err)
		w.timers = append(w.timers, ts...)
		return k.in(grW2)
	case Unavailable:
		// R3.1.3: custom key stores only, never reached through the API;
		// forced so that every column of the matrix is exercised.
		k := w.set(grE1)
		before(k)
		w.s.Lookup(k.account, k.region, k.id).State = Unavailable
		return k
	}
	w.t.Fatalf("no fixture for %s", state)
	return grKey{}
}

func (w *grWorld) grant(c Caller, p GrantParams) (*Grant, string) {
	w.t.Helper()
	g, tok, err := w.s.CreateGrant(w.clk.Now(), w.ent, c, p)
	w.must("CreateGrant", err)
	return g, tok
}

// grantOn makes a grant on k for grantee with the given operations.
func (w *grWorld) grantOn(k grKey, grantee string, ops ...string) (*Grant, string) {
	w.t.Helper()
	if len(ops) == 0 {
		ops = []string{"Decrypt"}
	}
	return w.grant(k.caller(), GrantParams{KeyID: k.id, GranteePrincipal: grantee, Operations: ops})
}

func (w *grWorld) list(k grKey, p ListGrantsParams) ListPage[*Grant] {
	w.t.Helper()
	p.KeyID = k.id
	page, err := w.s.ListGrants(k.caller(), p)
	w.must("ListGrants", err)
	return page
}

func grIDs(gs []*Grant) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.ID
	}
	return out
}

// grGrantSnap is one grant as plain values.
type grGrantSnap struct {
	ID, Account, Region, KeyID, Name string
	Created                          time.Time
	Grantee, Retiring, Issuer        string
	Operations                       []string
	Constraints                      *GrantConstraints
}

// grSnap is the whole store: keys, grants, the retiring-principal index,
// the issued tokens, the entropy drawn and the timers.
type grSnap struct {
	Keys     []string
	Grants   []grGrantSnap
	Retiring []string
	Tokens   []string
	Drawn    int
	Timers   int
}

func (w *grWorld) snap() grSnap {
	var s grSnap
	w.s.All(func(k *Key) {
		s.Keys = append(s.Keys, fmt.Sprint(k.Account(), k.Region, k.ID(), k.State, k.DeletionDate, k.Set.Replicas))
	})
	w.s.AllGrants(func(g *Grant) {
		s.Grants = append(s.Grants, grGrantSnap{g.ID, g.Account, g.Region, g.KeyID, g.Name, g.Created,
			g.GranteePrincipal, g.RetiringPrincipal, g.IssuingAccount, slices.Clone(g.Operations), normConstraints(g.Constraints)})
	})
	for rr, set := range w.s.grants.retiring {
		for g := range set {
			s.Retiring = append(s.Retiring, rr.region+" "+rr.principal+" "+g.ID)
		}
	}
	slices.Sort(s.Retiring)
	s.Tokens = slices.Sorted(maps.Keys(w.s.grants.tokens))
	s.Drawn, s.Timers = w.ent.n, len(w.timers)
	return s
}

// grWant is an expected error: code and exact message (msg✓ or recorded),
// or a fragment the message must contain when the text is unrecorded.
type grWant struct {
	code  Code
	msg   string
	exact bool
}

func grErr(code Code, msg string) grWant  { return grWant{code, msg, true} }
func grCode(code Code) grWant             { return grWant{code, "", false} }
func grHas(code Code, frag string) grWant { return grWant{code, frag, false} }

func (g grWant) String() string {
	if g.exact {
		return fmt.Sprintf("%s %q", g.code, g.msg)
	}
	return fmt.Sprintf("%s containing %q", g.code, g.msg)
}

func grCheck(t *testing.T, err error, want grWant) {
	t.Helper()
	e, ok := err.(*Error)
	switch {
	case err == nil:
		t.Errorf("succeeded, want %s", want)
	case !ok:
		t.Errorf("error %T %v is not an *Error", err, err)
	case e.Code != want.code || want.exact && e.Message != want.msg || !want.exact && !strings.Contains(e.Message, want.msg):
		t.Errorf("failed with %s %q, want %s", e.Code, e.Message, want)
	}
}

// fails runs call, which must fail with want and leave the store, the
// entropy stream and the timers untouched (A0.11.3).
func (w *grWorld) fails(t *testing.T, want grWant, call func() error) {
	t.Helper()
	before := w.snap()
	err := call()
	grCheck(t, err, want)
	if d := cmp.Diff(before, w.snap()); d != "" {
		t.Errorf("A0.11.3: the failed call changed the store (-before +after):\n%s", d)
	}
}

// grErrCase is one failing call of a table: the rule it pins in name.
type grErrCase struct {
	name string
	call func() error
	want grWant
}

func (w *grWorld) run(t *testing.T, cases []grErrCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		if c.name == "" || seen[c.name] || !strings.ContainsAny(c.name[:1], "ARO") {
			t.Fatalf("case %q: every case needs a unique name that starts with its rule", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) { w.fails(t, c.want, c.call) })
	}
}

func grPairs(n, valueLen int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[fmt.Sprintf("k%d", i)] = strings.Repeat("v", valueLen)
	}
	return m
}

// TestGrantCreateErrors: every error of CreateGrant, in A5.3's order.
func TestGrantCreateErrors(t *testing.T) {
	w := grNew(t)
	sym := w.create(grE1, KeyParams{})
	set := w.set(grE1) // a multi-Region key with no member in us-west-2
	hmac := w.create(grE1, KeyParams{KeySpec: SpecHMAC256, KeyUsage: UsageGenerateVerifyMac})
	rsaEnc := w.create(grE1, KeyParams{KeySpec: SpecRSA2048, KeyUsage: UsageEncryptDecrypt})
	rsaSign := w.create(grE1, KeyParams{KeySpec: SpecRSA2048, KeyUsage: UsageSignVerify})
	eccSign := w.create(grE1, KeyParams{KeySpec: SpecECCNISTP256, KeyUsage: UsageSignVerify})
	eccKA := w.create(grE1, KeyParams{KeySpec: SpecECCNISTP256, KeyUsage: UsageKeyAgreement})
	ed := w.create(grE1, KeyParams{KeySpec: SpecECCEd25519, KeyUsage: UsageSignVerify})
	other := w.createAs(grOther, grE1, KeyParams{})
	states := map[State]grKey{}
	for _, s := range []State{Disabled, PendingDeletion, PendingReplicaDeletion, PendingImport, Creating} {
		states[s] = w.keyIn(s, nil)
	}
	hmacOff := w.create(grE1, KeyParams{KeySpec: SpecHMAC256, KeyUsage: UsageGenerateVerifyMac})
	w.must("DisableKey", w.s.DisableKey(grIn(grE1), hmacOff.id))
	_, token := w.grantOn(sym, grGrantee)

	create := func(k grKey, keyID string, mod func(*GrantParams)) func() error {
		return func() error {
			p := GrantParams{KeyID: keyID, GranteePrincipal: grGrantee, Operations: []string{"Decrypt"}}
			if mod != nil {
				mod(&p)
			}
			_, _, err := w.s.CreateGrant(w.clk.Now(), w.ent, k.caller(), p)
			return err
		}
	}
	on := func(k grKey, mod func(*GrantParams)) func() error { return create(k, k.id, mod) }
	ops := func(o ...string) func(*GrantParams) { return func(p *GrantParams) { p.Operations = o } }
	cons := func(c *GrantConstraints) func(*GrantParams) { return func(p *GrantParams) { p.Constraints = c } }
	subset := &GrantConstraints{EncryptionContextSubset: map[string]string{"purpose": "test"}}
	dry := func(p *GrantParams) { p.DryRun = true }
	missing := "11111111-2222-4333-8444-555555555555"
	gate := func(s State) grKey { return states[s] }

	w.run(t, []grErrCase{
		// P2 (A5.3.2)
		{"O41 A5.3.2 empty Operations", on(sym, ops()), grCode(CodeValidation)},
		{"O41 A0.11.1 empty Operations is P2, before resolution", create(sym, missing, ops()), grCode(CodeValidation)},
		{"A0.15.2 a grant token this world never issued", on(sym, func(p *GrantParams) { p.GrantTokens = []string{"made-up"} }), grCode(CodeInvalidGrantToken)},
		{"A0.15.2 one bad token among issued ones", on(sym, func(p *GrantParams) { p.GrantTokens = []string{token, "made-up"} }), grCode(CodeInvalidGrantToken)},
		{"A0.15.2 A0.11.1 tokens are P2, before resolution", create(sym, missing, func(p *GrantParams) { p.GrantTokens = []string{"x"} }), grCode(CodeInvalidGrantToken)},
		{"A0.16.5 O21 nine pairs in EncryptionContextSubset", on(sym, cons(&GrantConstraints{EncryptionContextSubset: grPairs(9, 1)})), grCode(CodeValidation)},
		{"A0.16.5 O21 nine pairs in EncryptionContextEquals", on(sym, cons(&GrantConstraints{EncryptionContextEquals: grPairs(9, 1)})), grCode(CodeValidation)},
		{"A0.16.5 O21 a value of 385 characters", on(sym, cons(&GrantConstraints{EncryptionContextSubset: grPairs(1, 385)})), grCode(CodeValidation)},
		{"A0.16.5 O21 constraint sizes are P2, before resolution", create(sym, missing, cons(&GrantConstraints{EncryptionContextEquals: grPairs(9, 1)})), grCode(CodeValidation)},
		// P3 (A5.3.3, A0.12)
		{"A0.12.7 malformed key ID (msg✓)", create(sym, "fake-key-id", nil), grErr(CodeNotFound, "Invalid keyId 'fake-key-id'")},
		{"A0.12.8 no such key (msg✓)", create(sym, missing, nil), grErr(CodeNotFound, "Key '"+KeyARN(grE1, grAcct, missing)+"' does not exist")},
		{"A0.12.3 A5.3.3 alias name (msg✓)", create(sym, "alias/mine", nil), grErr(CodeInvalidArn, grAliasMsg)},
		{"A0.12.3 A5.3.3 alias ARN (msg✓ EV:hashicorp/terraform#20813)", create(sym, AliasARN(grE1, grAcct, "alias/mine"), nil), grErr(CodeInvalidArn, grAliasMsg)},
		{"A0.12.4 malformed ARN", create(sym, "arn:aws:s3:::bucket", nil), grCode(CodeInvalidArn)},
		{"A0.12.5 key ARN of another Region (msg✓)", create(sym, sym.in(grW2).arn(), nil), grErr(CodeNotFound, "Invalid arn us-west-2")},
		{"A0.12.8 R1.5.1 multi-Region key without a member in the called Region", create(set.in(grW2), set.id, nil), grErr(CodeNotFound, "Key '"+set.in(grW2).arn()+"' does not exist")},
		{"A0.12.6 A0.12.8 another account's ARN naming no key", create(sym, KeyARN(grE1, grOther, missing), nil), grErr(CodeNotFound, "Key '"+KeyARN(grE1, grOther, missing)+"' does not exist")},
		{"A0.12.6 another account's key by bare key ID is looked up in the caller's account", create(sym, other.id, nil), grCode(CodeNotFound)},
		// P4 (A5.3.4, R3.6.1 row CreateGrant, A0.13.1)
		{"R3.6.1 A0.13.1 KS1 Disabled (msg✓)", on(gate(Disabled), nil), grErr(CodeDisabled, gate(Disabled).arn()+" is disabled.")},
		{"R3.6.1 A0.13.2 KS3 PendingDeletion (msg✓)", on(gate(PendingDeletion), nil), grErr(CodeInvalidState, gate(PendingDeletion).arn()+" is pending deletion.")},
		{"R3.6.1 A0.13.1 KS3 PendingReplicaDeletion (msg✓)", on(gate(PendingReplicaDeletion), nil), grErr(CodeInvalidState, gate(PendingReplicaDeletion).arn()+" is pending replica deletion.")},
		{"R3.6.1 A0.13.1 KS5 PendingImport (msg✓)", on(gate(PendingImport), nil), grErr(CodeInvalidState, gate(PendingImport).arn()+" is pending import.")},
		{"R3.6.1 A0.13.1 KS14 Creating", on(gate(Creating), nil), grErr(CodeInvalidState, gate(Creating).arn()+" is creating.")},
		{"A0.11.2 the state comes before the operations check", on(hmacOff, ops("Encrypt")), grErr(CodeDisabled, hmacOff.arn()+" is disabled.")},
		// P6 (A5.3.5)
		{"A5.3.5 hmac.json:encryption_grant Encrypt on an HMAC key", on(hmac, ops("Encrypt")), grErr(CodeValidation, grHMACOps)},
		{"A5.3.5 the invalid operations are listed in request order", on(hmac, ops("GenerateMac", "Sign", "Decrypt")), grHas(CodeValidation, "Operations [Sign, Decrypt] are not supported")},
		{"A5.3.5 Sign on a symmetric encryption key", on(sym, ops("Decrypt", "Sign")), grHas(CodeValidation, "Operations [Sign]")},
		{"A5.3.5 GenerateMac on a symmetric encryption key", on(sym, ops("GenerateMac")), grHas(CodeValidation, "key usage ENCRYPT_DECRYPT")},
		{"A5.3.5 GetPublicKey on a symmetric encryption key", on(sym, ops("GetPublicKey")), grHas(CodeValidation, "Operations [GetPublicKey]")},
		{"A5.3.5 GenerateDataKey on an asymmetric ENCRYPT_DECRYPT key", on(rsaEnc, ops("GenerateDataKey")), grHas(CodeValidation, "Operations [GenerateDataKey]")},
		{"A5.3.5 Decrypt on a SIGN_VERIFY key", on(rsaSign, ops("Decrypt")), grHas(CodeValidation, "key usage SIGN_VERIFY")},
		{"A5.3.5 Sign on a KEY_AGREEMENT key", on(eccKA, ops("Sign")), grHas(CodeValidation, "key usage KEY_AGREEMENT")},
		{"A5.3.5 DeriveSharedSecret on an ECC SIGN_VERIFY key", on(eccSign, ops("DeriveSharedSecret")), grHas(CodeValidation, "Operations [DeriveSharedSecret]")},
		{"A5.3.5 A0.25.1 Encapsulate (SDK only) on a symmetric encryption key", on(sym, ops("Encapsulate")), grHas(CodeValidation, "Operations [Encapsulate]")},
		{"A5.3.5 hmac.json:constrained_mac_grant", on(hmac, func(p *GrantParams) { p.Operations, p.Constraints = []string{"GenerateMac"}, subset }), grErr(CodeValidation, grConstrained)},
		{"A5.3.5 rsa.json:constrained_grant ENCRYPT_DECRYPT", on(rsaEnc, cons(subset)), grErr(CodeValidation, grConstrained)},
		{"A5.3.5 rsa.json:constrained_grant SIGN_VERIFY", on(rsaSign, func(p *GrantParams) { p.Operations, p.Constraints = []string{"Sign"}, subset }), grErr(CodeValidation, grConstrained)},
		{"A5.3.5 ecc.json:constrained_grant SIGN_VERIFY", on(eccSign, func(p *GrantParams) {
			p.Operations, p.Constraints = []string{"Verify"}, &GrantConstraints{EncryptionContextEquals: map[string]string{}}
		}), grErr(CodeValidation, grConstrained)},
		{"A5.3.5 ecc.json:constrained_grant KEY_AGREEMENT", on(eccKA, func(p *GrantParams) { p.Operations, p.Constraints = []string{"DeriveSharedSecret"}, subset }), grErr(CodeValidation, grConstrained)},
		{"A5.3.5 ecc.json:constrained_grant ECC_NIST_EDWARDS25519", on(ed, func(p *GrantParams) { p.Operations, p.Constraints = []string{"Sign"}, subset }), grErr(CodeValidation, grConstrained)},
		{"A5.3.5 operations are checked before constraints", on(hmac, func(p *GrantParams) { p.Operations, p.Constraints = []string{"Encrypt"}, subset }), grErr(CodeValidation, grHMACOps)},
		// P7 (A5.3.6, A0.14)
		{"A0.14.3 A5.3.6 DryRun that would succeed (msg✓)", on(sym, dry), grErr("DryRunOperationException", grDryRun)},
		{"A0.14.3 DryRun with a named, constrained grant (msg✓)", on(sym, func(p *GrantParams) { p.DryRun, p.Name, p.Constraints = true, "n", subset }), grErr("DryRunOperationException", grDryRun)},
		{"A0.14.3 DryRun still runs the state gate", on(gate(Disabled), dry), grCode(CodeDisabled)},
		{"A0.14.3 DryRun still runs the operations check", on(hmac, func(p *GrantParams) { p.DryRun, p.Operations = true, []string{"Encrypt"} }), grErr(CodeValidation, grHMACOps)},
		{"A0.14.3 DryRun still runs resolution", create(sym, missing, dry), grCode(CodeNotFound)},
	})
}

// TestGrantCreateAccepted: the operations each key type accepts (A5.3.5),
// the stored grant (A5.3.8, A5.3.9) and the states CreateGrant accepts
// (R3.6.1).
func TestGrantCreateAccepted(t *testing.T) {
	w := grNew(t)
	common := []string{"CreateGrant", "RetireGrant", "DescribeKey"}
	for _, c := range []struct {
		rule string
		p    KeyParams
		ops  []string
	}{
		{"A5.3.5 symmetric encryption key", KeyParams{}, []string{"Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
			"GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo"}},
		{"A5.3.5 hmac.json:mac_grant HMAC key", KeyParams{KeySpec: SpecHMAC512, KeyUsage: UsageGenerateVerifyMac}, []string{"GenerateMac", "VerifyMac"}},
		{"A5.3.5 rsa.json:compatible_grant ENCRYPT_DECRYPT", KeyParams{KeySpec: SpecRSA3072, KeyUsage: UsageEncryptDecrypt}, []string{"Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"}},
		{"A5.3.5 rsa.json:compatible_grant SIGN_VERIFY", KeyParams{KeySpec: SpecRSA4096, KeyUsage: UsageSignVerify}, []string{"Sign", "Verify", "GetPublicKey"}},
		{"A5.3.5 ecc.json:compatible_grant SIGN_VERIFY", KeyParams{KeySpec: SpecECCNISTP384, KeyUsage: UsageSignVerify}, []string{"Sign", "Verify", "GetPublicKey"}},
		{"A5.3.5 ecc.json:compatible_grant KEY_AGREEMENT", KeyParams{KeySpec: SpecECCNISTP521, KeyUsage: UsageKeyAgreement}, []string{"DeriveSharedSecret", "GetPublicKey"}},
		{"A5.3.5 ecc.json:compatible_grant ECC_NIST_EDWARDS25519", KeyParams{KeySpec: SpecECCEd25519, KeyUsage: UsageSignVerify}, []string{"Sign", "Verify", "GetPublicKey"}},
		// Not recorded: the SDK's GrantOperation enum has Encapsulate and
		// Decapsulate; the KEY_AGREEMENT list is the pattern followed.
		{"A5.3.5 ENCAPSULATE_DECAPSULATE (SDK GrantOperation)", KeyParams{KeySpec: SpecMLKEM768, KeyUsage: UsageEncapsulateDecapsulate}, []string{"Encapsulate", "Decapsulate", "GetPublicKey"}},
	} {
		t.Run(c.rule, func(t *testing.T) {
			k := w.create(grE1, c.p)
			all := append(slices.Clone(common), c.ops...)
			g, _ := w.grantOn(k, grGrantee, all...)
			if !slices.Equal(g.Operations, all) {
				t.Errorf("Operations = %v, want %v", g.Operations, all)
			}
			for _, op := range all {
				w.grantOn(k, grGrantee, op)
			}
		})
	}

	t.Run("A5.3.8 A5.3.9 the stored grant", func(t *testing.T) {
		k := w.create(grE1, KeyParams{})
		cons := &GrantConstraints{EncryptionContextSubset: grPairs(8, 384), EncryptionContextEquals: map[string]string{}}
		p := GrantParams{KeyID: k.arn(), GranteePrincipal: "AROA00000000000000100:future", RetiringPrincipal: grRetirer,
			Operations: []string{"Encrypt", "Decrypt", "Encrypt"}, Constraints: cons, Name: "bound-session"}
		g, tok := w.grant(grIn(grE1), p)
		cons.EncryptionContextSubset["k0"] = "changed" // the store keeps its own copy
		want := grGrantSnap{g.ID, grAcct, grE1, k.id, "bound-session", grStart.Truncate(time.Second),
			"AROA00000000000000100:future", grRetirer, "arn:aws:iam::" + grAcct + ":root", []string{"Encrypt", "Decrypt"},
			&GrantConstraints{EncryptionContextSubset: grPairs(8, 384), EncryptionContextEquals: map[string]string{}}}
		got := grGrantSnap{g.ID, g.Account, g.Region, g.KeyID, g.Name, g.Created, g.GranteePrincipal, g.RetiringPrincipal,
			g.IssuingAccount, g.Operations, g.Constraints}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("A5.3.8: grant (-want +got):\n%s", d)
		}
		if !IsGrantID(g.ID) {
			t.Errorf("A5.3.9: GrantId %q is not 64 lower-case hex digits", g.ID)
		}
		if tok == "" || len(tok) > 8192 {
			t.Errorf("A5.3.9: GrantToken has %d characters, want 1..8192", len(tok))
		}
		if g.KeyARN() != k.arn() {
			t.Errorf("A33.3.4: KeyARN = %s, want %s", g.KeyARN(), k.arn())
		}
	})

	t.Run("A5.3.1 RetiringPrincipal and Name stay absent when not given", func(t *testing.T) {
		g, _ := w.grantOn(w.create(grE1, KeyParams{}), grGrantee)
		if g.RetiringPrincipal != "" || g.Name != "" || g.Constraints != nil {
			t.Errorf("grant = %+v, want no RetiringPrincipal, Name or Constraints", g)
		}
	})

	t.Run("A0.12.6 A5.3.8 cross-account: the caller's account issues a grant on the owner's key", func(t *testing.T) {
		k := w.createAs(grOther, grE1, KeyParams{})
		g, _ := w.grant(grIn(grE1), GrantParams{KeyID: k.arn(), GranteePrincipal: grGrantee, Operations: []string{"Decrypt"}})
		if g.Account != grOther || g.KeyARN() != k.arn() || g.IssuingAccount != "arn:aws:iam::"+grAcct+":root" {
			t.Errorf("grant on %s by %s: key %s, IssuingAccount %s", k.arn(), grAcct, g.KeyARN(), g.IssuingAccount)
		}
		if got := grIDs(w.list(k, ListGrantsParams{}).Items); !slices.Equal(got, []string{g.ID}) {
			t.Errorf("the owner lists %v, want [%s]", got, g.ID)
		}
	})

	t.Run("A5.3.8 R1.2.2 IssuingAccount in the partition of the called Region", func(t *testing.T) {
		k := w.create("cn-north-1", KeyParams{})
		g, _ := w.grantOn(k, grGrantee)
		if want := "arn:aws-cn:iam::" + grAcct + ":root"; g.IssuingAccount != want {
			t.Errorf("IssuingAccount = %s, want %s", g.IssuingAccount, want)
		}
	})

	// R3.6.1 row CreateGrant: OK in Enabled, Unavailable and Updating.
	for _, s := range []State{Enabled, Unavailable, Updating} {
		t.Run("R3.6.1 CreateGrant on "+s.String(), func(t *testing.T) {
			k := w.keyIn(s, nil)
			w.grantOn(k, grGrantee)
		})
	}
}

// TestGrantGate: CreateGrant follows its row of the matrix; ListGrants,
// RetireGrant and RevokeGrant succeed in every state (R3.6.1, A33.3.3,
// A42.3.3, A43.3.2).
func TestGrantGate(t *testing.T) {
	for _, s := range grStates {
		t.Run(s.String(), func(t *testing.T) {
			w := grNew(t)
			var grants []*Grant
			var tokens []string
			k := w.keyIn(s, func(k grKey) {
				for range 3 {
					g, tok := w.grantOn(k, grGrantee)
					grants, tokens = append(grants, g), append(tokens, tok)
				}
			})
			_, _, err := w.s.CreateGrant(w.clk.Now(), w.ent, k.caller(), GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, Operations: []string{"DescribeKey"}, DryRun: true})
			if o := Gate(OpCreateGrant, s); o == OK {
				grCheck(t, err, grErr("DryRunOperationException", grDryRun))
			} else {
				grCheck(t, err, grErr(o.Err(k.arn()).Code, o.Err(k.arn()).Message))
			}
			if got := grIDs(w.list(k, ListGrantsParams{}).Items); len(got) != len(grants) {
				t.Errorf("R3.6.1 ListGrants on %s lists %d grants, want %d", s, len(got), len(grants))
			}
			w.fails(t, grCode(CodeNotFound), func() error { return w.s.RevokeGrant(k.caller(), k.id, grAbsent, false) })
			w.fails(t, grCode(CodeNotFound), func() error {
				return w.s.RetireGrant(k.caller(), RetireParams{KeyID: k.id, GrantID: grAbsent})
			})
			if len(grants) == 0 {
				return // PendingImport and Creating keys cannot have been Enabled
			}
			w.must("RevokeGrant", w.s.RevokeGrant(k.caller(), k.id, grants[0].ID, false))
			w.must("RetireGrant by token", w.s.RetireGrant(k.caller(), RetireParams{GrantToken: tokens[1]}))
			w.must("RetireGrant by ID", w.s.RetireGrant(k.caller(), RetireParams{KeyID: k.arn(), GrantID: grants[2].ID}))
			if got := w.list(k, ListGrantsParams{}).Items; len(got) != 0 {
				t.Errorf("after retiring and revoking every grant ListGrants lists %v", grIDs(got))
			}
		})
	}
}

// TestGrantQuota: a key holds at most 50,000 grants (A0.22.1, A5.3.5);
// the quota is per key, and a retired grant frees its place.
func TestGrantQuota(t *testing.T) {
	w := grNew(t)
	k := w.create(grE1, KeyParams{})
	for i := range GrantsPerKey {
		if _, _, err := w.s.CreateGrant(w.clk.Now(), w.ent, k.caller(), GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, Operations: []string{"Decrypt"}}); err != nil {
			t.Fatalf("grant %d: %v", i+1, err)
		}
	}
	full := func() error {
		_, _, err := w.s.CreateGrant(w.clk.Now(), w.ent, k.caller(), GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, Operations: []string{"Decrypt"}})
		return err
	}
	w.fails(t, grCode(CodeLimitExceeded), full)
	w.fails(t, grCode(CodeLimitExceeded), func() error {
		_, _, err := w.s.CreateGrant(w.clk.Now(), w.ent, k.caller(), GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, Operations: []string{"Decrypt"}, DryRun: true})
		return err
	})
	w.grantOn(w.create(grE1, KeyParams{}), grGrantee) // another key is not full
	first := w.list(k, ListGrantsParams{Limit: 1}).Items[0]
	w.must("RevokeGrant", w.s.RevokeGrant(k.caller(), k.id, first.ID, false))
	if err := full(); err != nil {
		t.Errorf("after a revocation: %v", err)
	}
	w.fails(t, grCode(CodeLimitExceeded), full)
}

// TestGrantName: Name idempotence (A5.3.7, O42,
// grants.json:lifecycle_named_id_retry).
func TestGrantName(t *testing.T) {
	w := grNew(t)
	k := w.create(grE1, KeyParams{})
	base := GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, RetiringPrincipal: grRetirer,
		Operations: []string{"Decrypt", "Encrypt"}, Name: "bound-session",
		Constraints: &GrantConstraints{EncryptionContextEquals: map[string]string{"a": "b"}}}
	g1, tok1 := w.grant(grIn(grE1), base)
	count := func() int { return len(w.list(k, ListGrantsParams{}).Items) }

	same := base
	same.KeyID = k.arn()
	same.Operations = []string{"Encrypt", "Decrypt", "Encrypt"}
	same.Constraints = &GrantConstraints{EncryptionContextEquals: map[string]string{"a": "b"}}
	w.clk.Add(time.Minute)
	g2, tok2 := w.grant(grIn(grE1), same)
	if g2.ID != g1.ID || tok2 == tok1 || count() != 1 {
		t.Errorf("A5.3.7 lifecycle_named_id_retry: retry gave grant %s token new=%v with %d grants, want %s, a new token, 1 grant", g2.ID, tok2 != tok1, count(), g1.ID)
	}
	if !g2.Created.Equal(grStart.Truncate(time.Second)) {
		t.Errorf("A5.3.7: the retry changed CreationDate to %v", g2.Created)
	}
	for _, tok := range []string{tok1, tok2} {
		if err := w.s.CheckGrantTokens([]string{tok}); err != nil {
			t.Errorf("A0.15.2: token of the named grant: %v", err)
		}
	}

	for _, c := range []struct {
		rule string
		mod  func(*GrantParams)
	}{
		{"O42 another grantee", func(p *GrantParams) { p.GranteePrincipal = grRetirer }},
		{"O42 no retiring principal", func(p *GrantParams) { p.RetiringPrincipal = "" }},
		{"O42 other operations", func(p *GrantParams) { p.Operations = []string{"Decrypt"} }},
		{"O42 other constraints", func(p *GrantParams) {
			p.Constraints = &GrantConstraints{EncryptionContextSubset: map[string]string{"a": "b"}}
		}},
		{"O42 no constraints", func(p *GrantParams) { p.Constraints = nil }},
		{"A5.3.7 another name", func(p *GrantParams) { p.Name = "other" }},
	} {
		t.Run(c.rule, func(t *testing.T) {
			p := base
			c.mod(&p)
			n := count()
			g, _ := w.grant(grIn(grE1), p)
			if g.ID == g1.ID || count() != n+1 {
				t.Errorf("made grant %s (first %s), %d grants, want a new grant", g.ID, g1.ID, count())
			}
		})
	}

	t.Run("A5.3.7 a grant without a name is always new", func(t *testing.T) {
		p := base
		p.Name = ""
		a, _ := w.grant(grIn(grE1), p)
		b, _ := w.grant(grIn(grE1), p)
		if a.ID == b.ID {
			t.Errorf("two unnamed grants share ID %s", a.ID)
		}
	})
	t.Run("A5.3.7 R2.4.1 the same name on another key is another grant", func(t *testing.T) {
		o := w.create(grE1, KeyParams{})
		p := base
		p.KeyID = o.id
		if g, _ := w.grant(grIn(grE1), p); g.ID == g1.ID {
			t.Errorf("grant on another key reuses %s", g.ID)
		}
	})
	t.Run("A5.3.7 after retirement the name makes a new grant", func(t *testing.T) {
		w.must("RetireGrant", w.s.RetireGrant(grIn(grE1), RetireParams{GrantToken: tok2}))
		if g, _ := w.grant(grIn(grE1), base); g.ID == g1.ID {
			t.Errorf("a retired grant came back: %s", g.ID)
		}
	})
}

// TestGrantDeterminism: grant IDs and tokens come from the entropy stream
// (A0.11.3, A5.3.9): the same seed gives the same grants and tokens, each
// token names its grant, and a failure draws nothing.
func TestGrantDeterminism(t *testing.T) {
	run := func(seed byte) ([]string, grSnap) {
		w := grSeeded(t, seed)
		k := w.set(grE1, grW2)
		var out []string
		for i := range 3 {
			g, tok := w.grant(grIn(grE1), GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, Operations: []string{"Decrypt"}, Name: fmt.Sprint("n", i)})
			out = append(out, g.ID, tok)
			raw, err := base64.RawURLEncoding.DecodeString(tok)
			if err != nil || !strings.HasSuffix(string(raw), ":"+g.ID) || !strings.Contains(string(raw), k.id) {
				t.Errorf("A5.3.9: token %q does not decode to its grant %s", tok, g.ID)
			}
		}
		return out, w.snap()
	}
	a, sa := run(1)
	b, sb := run(1)
	c, _ := run(2)
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("A0.11.3: the same seed gave other grants (-first +second):\n%s", d)
	}
	if d := cmp.Diff(sa, sb); d != "" {
		t.Errorf("A0.11.3: the same seed gave another store (-first +second):\n%s", d)
	}
	if slices.Equal(a, c) {
		t.Errorf("another seed gave the same grant IDs and tokens")
	}
	if len(slices.Compact(slices.Sorted(slices.Values(a)))) != len(a) {
		t.Errorf("A5.3.9: grant IDs and tokens repeat: %v", a)
	}
}

// TestGrantTokens: a token is valid if this world issued it, in any
// Region or account, even after its grant is gone (A0.15.2, O18).
func TestGrantTokens(t *testing.T) {
	w := grNew(t)
	k := w.set(grE1, grW2)
	o := w.createAs(grOther, grW2, KeyParams{})
	g, tok := w.grantOn(k, grGrantee)
	_, tokW2 := w.grantOn(k.in(grW2), grGrantee)
	_, tokOther := w.grantOn(o, grGrantee)
	w.must("RevokeGrant", w.s.RevokeGrant(grIn(grE1), k.id, g.ID, false))
	for _, c := range []struct {
		rule string
		toks []string
		ok   bool
	}{
		{"A0.15.1 no tokens", nil, true},
		{"A0.15.2 a token of a revoked grant", []string{tok}, true},
		{"A0.15.2 tokens issued in another Region and account", []string{tokW2, tokOther}, true},
		{"A0.15.2 a made-up token", []string{"AQIDAHg"}, false},
		{"A0.15.2 one made-up token among issued ones", []string{tok, tokW2 + "x"}, false},
	} {
		t.Run(c.rule, func(t *testing.T) {
			err := w.s.CheckGrantTokens(c.toks)
			if c.ok && err != nil {
				t.Errorf("rejected: %v", err)
			}
			if !c.ok {
				grCheck(t, err, grCode(CodeInvalidGrantToken))
			}
		})
	}
}

// TestListGrants: order, paging and filters of ListGrants (§A33, A0.20).
func TestListGrants(t *testing.T) {
	w := grNew(t)
	k := w.create(grE1, KeyParams{})
	other := w.create(grE1, KeyParams{})
	var gs []*Grant
	for i := range 7 {
		if i%3 == 0 {
			w.clk.Add(time.Second)
		}
		grantee := grGrantee
		if i%2 == 1 {
			grantee = grRetirer
		}
		g, _ := w.grantOn(k, grantee)
		gs = append(gs, g)
	}
	w.grantOn(other, grGrantee)
	want := slices.Clone(gs)
	slices.SortFunc(want, func(a, b *Grant) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})

	t.Run("A0.20.7 creation time, then grant ID", func(t *testing.T) {
		page := w.list(k, ListGrantsParams{})
		if d := cmp.Diff(grIDs(want), grIDs(page.Items)); d != "" || page.Truncated || page.NextMarker != "" {
			t.Errorf("listing (-want +got):\n%s truncated=%v marker=%q", d, page.Truncated, page.NextMarker)
		}
	})
	t.Run("A0.20.4 pages of Limit items until the last", func(t *testing.T) {
		var got []string
		p := ListGrantsParams{Limit: 3}
		for i := 0; ; i++ {
			page := w.list(k, p)
			got = append(got, grIDs(page.Items)...)
			if page.Truncated != (page.NextMarker != "") {
				t.Fatalf("page %d: Truncated %v with NextMarker %q", i, page.Truncated, page.NextMarker)
			}
			if !page.Truncated {
				if len(page.Items) != 1 {
					t.Errorf("last page has %d items, want 1", len(page.Items))
				}
				break
			}
			if len(page.Items) != 3 {
				t.Errorf("page %d has %d items, want 3", i, len(page.Items))
			}
			p.Marker = page.NextMarker
		}
		if d := cmp.Diff(grIDs(want), got); d != "" {
			t.Errorf("pages (-want +got):\n%s", d)
		}
	})
	t.Run("A0.20.6 a page resumes after a grant deleted meanwhile", func(t *testing.T) {
		w := grNew(t)
		k := w.create(grE1, KeyParams{})
		for range 4 {
			w.grantOn(k, grGrantee)
		}
		first := w.list(k, ListGrantsParams{Limit: 2})
		w.must("RevokeGrant", w.s.RevokeGrant(grIn(grE1), k.id, first.Items[1].ID, false))
		all := grIDs(w.list(k, ListGrantsParams{}).Items)
		if got := grIDs(w.list(k, ListGrantsParams{Limit: 2, Marker: first.NextMarker}).Items); !slices.Equal(got, all[1:]) {
			t.Errorf("resumed page %v, want %v", got, all[1:])
		}
	})
	t.Run("A33.3.1 A0.20.2 Limit absent is 50", func(t *testing.T) {
		w := grNew(t)
		k := w.create(grE1, KeyParams{})
		for range 51 {
			w.grantOn(k, grGrantee)
		}
		if page := w.list(k, ListGrantsParams{}); len(page.Items) != 50 || !page.Truncated {
			t.Errorf("%d items, truncated %v; want 50, true", len(page.Items), page.Truncated)
		}
		if page := w.list(k, ListGrantsParams{Limit: 100}); len(page.Items) != 51 || page.Truncated {
			t.Errorf("Limit 100: %d items, truncated %v; want 51, false", len(page.Items), page.Truncated)
		}
	})
	t.Run("A33.3.4 grants.json:lifecycle_filter_id GrantId filter", func(t *testing.T) {
		if got := grIDs(w.list(k, ListGrantsParams{GrantID: gs[4].ID}).Items); !slices.Equal(got, []string{gs[4].ID}) {
			t.Errorf("got %v, want [%s]", got, gs[4].ID)
		}
	})
	t.Run("O75 a well-formed GrantId of no grant lists nothing", func(t *testing.T) {
		if got := w.list(k, ListGrantsParams{GrantID: grAbsent}).Items; len(got) != 0 {
			t.Errorf("got %v", grIDs(got))
		}
	})
	t.Run("A33.3.4 GrantId filter on another key lists nothing", func(t *testing.T) {
		if got := w.list(other, ListGrantsParams{GrantID: gs[0].ID}).Items; len(got) != 0 {
			t.Errorf("got %v", grIDs(got))
		}
	})
	t.Run("A33.3.4 GranteePrincipal filter, paged", func(t *testing.T) {
		var wantR []string
		for _, g := range want {
			if g.GranteePrincipal == grRetirer {
				wantR = append(wantR, g.ID)
			}
		}
		p1 := w.list(k, ListGrantsParams{GranteePrincipal: grRetirer, Limit: 2})
		p2 := w.list(k, ListGrantsParams{GranteePrincipal: grRetirer, Limit: 2, Marker: p1.NextMarker})
		if got := append(grIDs(p1.Items), grIDs(p2.Items)...); !slices.Equal(got, wantR) || p2.Truncated {
			t.Errorf("got %v (truncated %v), want %v", got, p2.Truncated, wantR)
		}
	})

	marker := w.list(k, ListGrantsParams{Limit: 1}).NextMarker
	filtered := w.list(k, ListGrantsParams{Limit: 1, GranteePrincipal: grGrantee}).NextMarker
	list := func(c Caller, p ListGrantsParams) func() error {
		return func() error { _, err := w.s.ListGrants(c, p); return err }
	}
	missing := "11111111-2222-4333-8444-555555555555"
	w.run(t, []grErrCase{
		{"A0.20.3 O32 Limit 101 (text of A0.20.3)", list(grIn(grE1), ListGrantsParams{KeyID: k.id, Limit: 101}),
			grErr(CodeValidation, "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")},
		{"A0.20.3 A0.11.1 Limit is P2, before resolution", list(grIn(grE1), ListGrantsParams{KeyID: missing, Limit: 1000}), grCode(CodeValidation)},
		{"A33.3.2 O75 GrantId not 64 hex digits", list(grIn(grE1), ListGrantsParams{KeyID: k.id, GrantID: "1234"}), grCode(CodeInvalidGrantID)},
		{"A33.3.2 O16 GrantId with upper-case hex digits", list(grIn(grE1), ListGrantsParams{KeyID: k.id, GrantID: strings.ToUpper(gs[0].ID)}), grCode(CodeInvalidGrantID)},
		{"A33.3.2 A0.11.1 GrantId is P2, before resolution", list(grIn(grE1), ListGrantsParams{KeyID: missing, GrantID: "x"}), grCode(CodeInvalidGrantID)},
		{"A33.3.3 A0.12.8 no such key", list(grIn(grE1), ListGrantsParams{KeyID: missing}), grCode(CodeNotFound)},
		{"A33.3.3 A0.12.3 alias name (msg✓)", list(grIn(grE1), ListGrantsParams{KeyID: "alias/x"}), grErr(CodeInvalidArn, grAliasMsg)},
		{"A33.3.3 A0.12.5 key ARN of another Region", list(grIn(grE1), ListGrantsParams{KeyID: k.in(grW2).arn()}), grCode(CodeNotFound)},
		{"A0.20.5 a marker that no listing made (msg✓ rotation.json:invalid_marker)", list(grIn(grE1), ListGrantsParams{KeyID: k.id, Marker: "garbage"}), grErr(CodeInvalidMarker, "")},
		{"A0.20.5 a marker of another key's listing", list(grIn(grE1), ListGrantsParams{KeyID: other.id, Marker: marker}), grErr(CodeInvalidMarker, "")},
		{"A0.20.5 a marker of the listing without the GranteePrincipal filter", list(grIn(grE1), ListGrantsParams{KeyID: k.id, GranteePrincipal: grGrantee, Marker: marker}), grErr(CodeInvalidMarker, "")},
		{"A0.20.5 a marker of the listing with another filter", list(grIn(grE1), ListGrantsParams{KeyID: k.id, Marker: filtered}), grErr(CodeInvalidMarker, "")},
		{"A0.20.5 a marker given to another account", list(Caller{Account: grOther, Region: grE1}, ListGrantsParams{KeyID: k.arn(), Marker: marker}), grErr(CodeInvalidMarker, "")},
	})
}

// TestListRetirableGrants: grants by retiring principal on the keys of the
// called Region, in every account (§A38, A38.3.2), paged (A0.20).
func TestListRetirableGrants(t *testing.T) {
	w := grNew(t)
	mine := w.create(grE1, KeyParams{})
	theirs := w.createAs(grOther, grE1, KeyParams{})
	west := w.create(grW2, KeyParams{})
	retirable := func(k grKey) *Grant {
		g, _ := w.grant(grIn(grE1), GrantParams{KeyID: k.arn(), GranteePrincipal: grGrantee, RetiringPrincipal: grRetirer, Operations: []string{"Decrypt"}})
		return g
	}
	a := retirable(mine)
	w.clk.Add(time.Second)
	b := retirable(theirs)
	c := retirable(mine)
	w.grant(west.caller(), GrantParams{KeyID: west.id, GranteePrincipal: grGrantee, RetiringPrincipal: grRetirer, Operations: []string{"Decrypt"}})
	w.grantOn(mine, grRetirer) // grantee, not retiring principal
	want := []string{a.ID}
	if b.ID < c.ID {
		want = append(want, b.ID, c.ID)
	} else {
		want = append(want, c.ID, b.ID)
	}
	list := func(c Caller, principal string, limit int, marker string) ListPage[*Grant] {
		t.Helper()
		page, err := w.s.ListRetirableGrants(c, principal, limit, marker)
		w.must("ListRetirableGrants", err)
		return page
	}

	t.Run("A38.3.2 every account's keys in the called Region, in listing order", func(t *testing.T) {
		if got := grIDs(list(grIn(grE1), grRetirer, 0, "").Items); !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("A38.3.2 R2.4.1 another Region's grants are not listed", func(t *testing.T) {
		if got := list(grIn(grW2), grRetirer, 0, "").Items; len(got) != 1 || got[0].Region != grW2 {
			t.Errorf("us-west-2 lists %v", grIDs(got))
		}
	})
	t.Run("A38.3.2 the principal is compared exactly; O81 an unknown one has no grants", func(t *testing.T) {
		for _, p := range []string{strings.ToUpper(grRetirer), grRetirer + "/", grGrantee} {
			if got := list(grIn(grE1), p, 0, "").Items; len(got) != 0 {
				t.Errorf("%s lists %v", p, grIDs(got))
			}
		}
	})
	t.Run("A0.20.4 paged", func(t *testing.T) {
		p1 := list(grIn(grE1), grRetirer, 2, "")
		p2 := list(grIn(grE1), grRetirer, 2, p1.NextMarker)
		if got := append(grIDs(p1.Items), grIDs(p2.Items)...); !slices.Equal(got, want) || !p1.Truncated || p2.Truncated || p2.NextMarker != "" {
			t.Errorf("pages %v (truncated %v, %v), want %v", got, p1.Truncated, p2.Truncated, want)
		}
	})
	t.Run("A38.3.2 a retired grant is no longer listed", func(t *testing.T) {
		w.must("RetireGrant", w.s.RetireGrant(grIn(grE1), RetireParams{KeyID: theirs.arn(), GrantID: b.ID}))
		if got := grIDs(list(grIn(grE1), grRetirer, 0, "").Items); !slices.Equal(got, []string{a.ID, c.ID}) {
			t.Errorf("got %v, want %v", got, []string{a.ID, c.ID})
		}
	})

	marker := list(grIn(grE1), grRetirer, 1, "").NextMarker
	fail := func(c Caller, principal string, limit int, marker string) func() error {
		return func() error { _, err := w.s.ListRetirableGrants(c, principal, limit, marker); return err }
	}
	w.run(t, []grErrCase{
		{"A38.3.1 A0.20.3 O32 Limit 101", fail(grIn(grE1), grRetirer, 101, ""),
			grErr(CodeValidation, "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")},
		{"A38.4 A0.20.5 a marker that no listing made", fail(grIn(grE1), grRetirer, 0, "AAAA"), grErr(CodeInvalidMarker, "")},
		{"A38.4 A0.20.5 a marker of another principal's listing", fail(grIn(grE1), grGrantee, 0, marker), grErr(CodeInvalidMarker, "")},
		{"A38.4 A0.20.5 a marker of another Region's listing", fail(grIn(grW2), grRetirer, 0, marker), grErr(CodeInvalidMarker, "")},
		{"A38.4 A0.20.5 a marker given to another account", fail(Caller{Account: grOther, Region: grE1}, grRetirer, 0, marker), grErr(CodeInvalidMarker, "")},
	})
}

// TestRetireGrant: RetireGrant by token or by key and grant ID, and every
// error of §A42.
func TestRetireGrant(t *testing.T) {
	w := grNew(t)
	set := w.set(grE1, grW2)
	k := w.create(grE1, KeyParams{})
	theirs := w.createAs(grOther, grE1, KeyParams{})

	t.Run("A42.3.5 by token", func(t *testing.T) {
		g, tok := w.grantOn(k, grGrantee)
		w.must("RetireGrant", w.s.RetireGrant(grIn(grE1), RetireParams{GrantToken: tok}))
		if got := w.list(k, ListGrantsParams{GrantID: g.ID}).Items; len(got) != 0 {
			t.Errorf("the grant is still listed")
		}
		if err := w.s.CheckGrantTokens([]string{tok}); err != nil {
			t.Errorf("A0.15.2: the token of a retired grant: %v", err)
		}
	})
	t.Run("A42.3.5 by key ID and grant ID", func(t *testing.T) {
		g, _ := w.grantOn(k, grGrantee)
		w.must("RetireGrant", w.s.RetireGrant(grIn(grE1), RetireParams{KeyID: k.id, GrantID: g.ID}))
	})
	t.Run("A42.3.4 by token with the matching key and grant ID", func(t *testing.T) {
		g, tok := w.grantOn(k, grGrantee)
		w.must("RetireGrant", w.s.RetireGrant(grIn(grE1), RetireParams{GrantToken: tok, KeyID: k.arn(), GrantID: g.ID}))
	})
	t.Run("A42.3.3 A0.12.6 another account's key by ARN", func(t *testing.T) {
		g, _ := w.grant(theirs.caller(), GrantParams{KeyID: theirs.id, GranteePrincipal: grGrantee, RetiringPrincipal: "arn:aws:iam::" + grAcct + ":root", Operations: []string{"Decrypt"}})
		w.must("RetireGrant", w.s.RetireGrant(grIn(grE1), RetireParams{KeyID: theirs.arn(), GrantID: g.ID}))
	})
	t.Run("A0.15.2 A42.3.4 another account's grant by token", func(t *testing.T) {
		_, tok := w.grant(theirs.caller(), GrantParams{KeyID: theirs.id, GranteePrincipal: grGrantee, Operations: []string{"Decrypt"}})
		w.must("RetireGrant", w.s.RetireGrant(grIn(grE1), RetireParams{GrantToken: tok}))
	})

	g, tok := w.grantOn(k, grGrantee)
	o, oTok := w.grantOn(w.create(grE1, KeyParams{}), grGrantee)
	_, westTok := w.grantOn(set.in(grW2), grGrantee)
	_, gone := w.grantOn(k, grGrantee)
	w.must("RetireGrant", w.s.RetireGrant(grIn(grE1), RetireParams{GrantToken: gone}))
	retire := func(p RetireParams) func() error { return func() error { return w.s.RetireGrant(grIn(grE1), p) } }
	missing := "11111111-2222-4333-8444-555555555555"
	w.run(t, []grErrCase{
		{"A42.3.1 neither token nor key and grant ID", retire(RetireParams{}), grCode(CodeValidation)},
		{"A42.3.1 a key ID without a grant ID", retire(RetireParams{KeyID: k.id}), grCode(CodeValidation)},
		{"A42.3.1 a grant ID without a key ID", retire(RetireParams{GrantID: g.ID}), grCode(CodeValidation)},
		{"A42.3.1 DryRun alone", retire(RetireParams{DryRun: true}), grCode(CodeValidation)},
		{"A42.3.2 A0.15.2 a token this world never issued", retire(RetireParams{GrantToken: "made-up"}), grCode(CodeInvalidGrantToken)},
		{"A42.3.2 A0.11.1 the token is P2, before resolution", retire(RetireParams{GrantToken: "made-up", KeyID: missing, GrantID: g.ID}), grCode(CodeInvalidGrantToken)},
		{"A42.3.2 a grant ID that is not 64 hex digits", retire(RetireParams{KeyID: k.id, GrantID: "abc"}), grCode(CodeInvalidGrantID)},
		{"A42.3.2 A0.11.1 the grant ID is P2, before resolution", retire(RetireParams{KeyID: missing, GrantID: "abc"}), grCode(CodeInvalidGrantID)},
		{"A42.3.3 A0.12.8 no such key", retire(RetireParams{KeyID: missing, GrantID: g.ID}), grCode(CodeNotFound)},
		{"A42.3.3 A0.12.7 malformed key ID (msg✓)", retire(RetireParams{KeyID: "fake-key-id", GrantID: g.ID}), grErr(CodeNotFound, "Invalid keyId 'fake-key-id'")},
		{"A42.3.3 A0.12.3 alias name (msg✓)", retire(RetireParams{KeyID: "alias/x", GrantID: g.ID}), grErr(CodeInvalidArn, grAliasMsg)},
		{"A42.3.3 resolution applies with a token too", retire(RetireParams{GrantToken: tok, KeyID: missing}), grCode(CodeNotFound)},
		{"A42.3.4 O87 a well-formed grant ID of no grant", retire(RetireParams{KeyID: k.id, GrantID: grAbsent}), grCode(CodeNotFound)},
		{"A42.3.4 O87 another key's grant", retire(RetireParams{KeyID: k.id, GrantID: o.ID}), grCode(CodeNotFound)},
		{"A42.3.4 O87 the token of a retired grant", retire(RetireParams{GrantToken: gone}), grCode(CodeNotFound)},
		{"A42.3.4 O87 a token with another key", retire(RetireParams{GrantToken: oTok, KeyID: k.id}), grCode(CodeNotFound)},
		{"A42.3.4 O87 a token and another grant's ID", retire(RetireParams{GrantToken: tok, GrantID: o.ID}), grCode(CodeNotFound)},
		{"A42.3.4 R2.4.1 a token of another Region's member", retire(RetireParams{GrantToken: westTok}), grCode(CodeNotFound)},
		{"A42.3.5 A0.14.3 DryRun that would succeed (msg✓)", retire(RetireParams{GrantToken: tok, DryRun: true}), grErr("DryRunOperationException", grDryRun)},
		{"A42.3.5 A0.14.3 DryRun by key and grant ID (msg✓)", retire(RetireParams{KeyID: k.id, GrantID: g.ID, DryRun: true}), grErr("DryRunOperationException", grDryRun)},
		{"A0.14.3 DryRun of an absent grant answers NotFound", retire(RetireParams{KeyID: k.id, GrantID: grAbsent, DryRun: true}), grCode(CodeNotFound)},
	})
}

// TestRevokeGrant: RevokeGrant and every error of §A43.
func TestRevokeGrant(t *testing.T) {
	w := grNew(t)
	set := w.set(grE1, grW2)
	k := w.create(grE1, KeyParams{})
	theirs := w.createAs(grOther, grE1, KeyParams{})
	g, _ := w.grantOn(k, grGrantee)
	o, _ := w.grantOn(w.create(grE1, KeyParams{}), grGrantee)
	east, _ := w.grantOn(set, grGrantee)
	revoke := func(keyID, grantID string, dry bool) func() error {
		return func() error { return w.s.RevokeGrant(grIn(grE1), keyID, grantID, dry) }
	}
	missing := "11111111-2222-4333-8444-555555555555"
	w.run(t, []grErrCase{
		{"A43.3.1 a grant ID that is not 64 hex digits", revoke(k.id, "abc", false), grCode(CodeInvalidGrantID)},
		{"A43.3.1 O16 a grant ID with upper-case hex digits", revoke(k.id, strings.ToUpper(g.ID), false), grCode(CodeInvalidGrantID)},
		{"A43.3.1 A0.11.1 the grant ID is P2, before resolution", revoke(missing, "abc", false), grCode(CodeInvalidGrantID)},
		{"A43.3.2 A0.12.8 no such key (msg✓)", revoke(missing, g.ID, false), grErr(CodeNotFound, "Key '"+KeyARN(grE1, grAcct, missing)+"' does not exist")},
		{"A43.3.2 A0.12.3 alias ARN (msg✓)", revoke(AliasARN(grE1, grAcct, "alias/x"), g.ID, false), grErr(CodeInvalidArn, grAliasMsg)},
		{"A43.3.2 A0.12.4 malformed ARN", revoke("arn:aws:kms:us-east-1:1:key/x", g.ID, false), grCode(CodeInvalidArn)},
		{"A43.3.3 O88 a well-formed grant ID of no grant", revoke(k.id, grAbsent, false), grCode(CodeNotFound)},
		{"A43.3.3 O88 another key's grant", revoke(k.id, o.ID, false), grCode(CodeNotFound)},
		{"A43.3.3 A0.12.6 another account's key has no such grant", revoke(theirs.arn(), g.ID, false), grCode(CodeNotFound)},
		{"A43.3.4 A0.14.3 DryRun that would succeed (msg✓)", revoke(k.arn(), g.ID, true), grErr("DryRunOperationException", grDryRun)},
		{"A0.14.3 DryRun of an absent grant answers NotFound", revoke(k.id, grAbsent, true), grCode(CodeNotFound)},
	})
	t.Run("R2.4.1 A5.5.1 the primary's grant is not on the replica", func(t *testing.T) {
		w.fails(t, grCode(CodeNotFound), func() error { return w.s.RevokeGrant(grIn(grW2), set.id, east.ID, false) })
	})
	t.Run("A43.3.4 revoked", func(t *testing.T) {
		w.must("RevokeGrant", w.s.RevokeGrant(grIn(grE1), k.arn(), g.ID, false))
		w.fails(t, grCode(CodeNotFound), revoke(k.id, g.ID, false))
	})
}

// TestGrantsPerMember: grants belong to one member of a multi-Region set
// (R2.4.1, A5.5.1); a new replica has none (R2.4.3).
func TestGrantsPerMember(t *testing.T) {
	w := grNew(t)
	k := w.set(grE1, grW2)
	east, eastTok := w.grant(grIn(grE1), GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, RetiringPrincipal: grRetirer, Operations: []string{"Decrypt"}, Name: "same"})
	west, _ := w.grant(grIn(grW2), GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, RetiringPrincipal: grRetirer, Operations: []string{"Decrypt"}, Name: "same"})
	if east.ID == west.ID {
		t.Errorf("A5.3.7 R2.4.1: the same named grant on two members shares ID %s", east.ID)
	}
	if got := grIDs(w.list(k, ListGrantsParams{}).Items); !slices.Equal(got, []string{east.ID}) {
		t.Errorf("us-east-1 lists %v, want [%s]", got, east.ID)
	}
	if got := grIDs(w.list(k.in(grW2), ListGrantsParams{}).Items); !slices.Equal(got, []string{west.ID}) {
		t.Errorf("us-west-2 lists %v, want [%s]", got, west.ID)
	}
	if got := w.list(k.in(grW2), ListGrantsParams{GrantID: east.ID}).Items; len(got) != 0 {
		t.Errorf("us-west-2 finds the us-east-1 grant")
	}
	w.replicate(k, grEU)
	w.advance(w.s.Config().ReplicaCreatingDuration)
	if got := w.list(k.in(grEU), ListGrantsParams{}).Items; len(got) != 0 {
		t.Errorf("R2.4.3: the new replica has grants %v", grIDs(got))
	}
	w.fails(t, grCode(CodeNotFound), func() error { return w.s.RetireGrant(grIn(grW2), RetireParams{GrantToken: eastTok}) })
	w.must("RetireGrant", w.s.RetireGrant(grIn(grE1), RetireParams{GrantToken: eastTok}))
	if got := grIDs(w.list(k.in(grW2), ListGrantsParams{}).Items); !slices.Equal(got, []string{west.ID}) {
		t.Errorf("R2.4.2: retiring on us-east-1 changed us-west-2: %v", got)
	}
}

// TestGrantsDeletedWithKey: when a key's deletion completes its grants
// are deleted with it (R6.11); the other members keep theirs, and the
// tokens stay valid grant tokens (A0.15.2).
func TestGrantsDeletedWithKey(t *testing.T) {
	w := grNew(t)
	k := w.set(grE1, grW2)
	_, eastTok := w.grant(grIn(grE1), GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, RetiringPrincipal: grRetirer, Operations: []string{"Decrypt"}})
	westGrant, westTok := w.grant(grIn(grW2), GrantParams{KeyID: k.id, GranteePrincipal: grGrantee, RetiringPrincipal: grRetirer, Operations: []string{"Decrypt"}})
	w.schedule(k.in(grW2))
	if got := w.list(k.in(grW2), ListGrantsParams{}).Items; len(got) != 1 {
		t.Errorf("R3.6.1: a replica pending deletion lists %d grants, want 1", len(got))
	}
	w.advance(7*Day - time.Second)
	if w.s.Lookup(grAcct, grW2, k.id) == nil {
		t.Fatalf("R6.11: the replica was deleted before its DeletionDate")
	}
	w.advance(time.Second)
	if w.s.Lookup(grAcct, grW2, k.id) != nil {
		t.Fatalf("R6.11: the replica still exists after its DeletionDate")
	}
	var left []string
	w.s.AllGrants(func(g *Grant) { left = append(left, g.Region) })
	if !slices.Equal(left, []string{grE1}) {
		t.Errorf("R6.11: grants left in %v, want only us-east-1's", left)
	}
	page, err := w.s.ListRetirableGrants(grIn(grW2), grRetirer, 0, "")
	w.must("ListRetirableGrants", err)
	if len(page.Items) != 0 {
		t.Errorf("R6.11 A38.3.2: the deleted replica's grant is still retirable: %v", grIDs(page.Items))
	}
	if err := w.s.CheckGrantTokens([]string{eastTok, westTok}); err != nil {
		t.Errorf("A0.15.2: tokens after the deletion: %v", err)
	}
	w.fails(t, grCode(CodeNotFound), func() error { return w.s.RetireGrant(grIn(grW2), RetireParams{GrantToken: westTok}) })
	w.fails(t, grCode(CodeNotFound), func() error { return w.s.RevokeGrant(grIn(grW2), k.id, westGrant.ID, false) })
	w.replicate(k, grW2)
	w.advance(w.s.Config().ReplicaCreatingDuration)
	if got := w.list(k.in(grW2), ListGrantsParams{}).Items; len(got) != 0 {
		t.Errorf("R2.4.3 R6.12: the recreated replica has grants %v", grIDs(got))
	}
}
