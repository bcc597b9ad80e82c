package sim_test

// Tests of the five grant operations through the SDK-shaped client and
// through the real aws-sdk-go-v2 client: CreateGrant, ListGrants,
// ListRetirableGrants, RetireGrant and RevokeGrant, and grant tokens in
// DescribeKey.
//
// Every case names its rule: R… and O-… are SPEC.md, A… and On are
// SPEC-API.md, and "file.json:case" is the observation of
// shared/aws-observed whose code, message or shape the case
// reproduces (with the recording's account and key ID replaced by the
// world's). The recordings' IAM observations (access denied by session
// policies, principals that do not exist) are out of scope (SPEC O-1,
// SPEC-API O43, O80, O81). Messages are asserted exactly where SPEC marks
// them msg✓ or a recording holds them. After every failing call the
// world's Snapshot must be unchanged (A0.11.3).
//
// Package-level identifiers of this file start with "gt" (or TestGrants)
// so that it can sit next to the other tests of package sim_test.

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mrksim/mrk/sim"
)

const (
	gtE1      = "us-east-1"
	gtW2      = "us-west-2"
	gtEU      = "eu-west-1"
	gtOther   = "444455556666"
	gtGrantee = "arn:aws:iam::111122223333:role/grantee"
	gtRetirer = "arn:aws:iam::111122223333:role/retirer"
	gtAbsent  = "00000000000000000000000000000000000000000000000000000000000000ff"
	gtMissing = "11111111-2222-4333-8444-555555555555"
	gtObsDir  = "testdata/aws-observed/"

	gtVE = "ValidationException"
	gtNF = "NotFoundException"
	gtIA = "InvalidArnException"
	gtGI = "InvalidGrantIdException"
	gtGT = "InvalidGrantTokenException"
	gtDR = "DryRunOperationException"
	gtDI = "DisabledException"
	gtIS = "KMSInvalidStateException"
	gtMK = "InvalidMarkerException"
	gtUO = "UnsupportedOperationException"

	// gtDryRun is A0.14.3's answer to a dry run that would succeed (msg✓).
	gtDryRun = "The request would have succeeded, but the DryRun option is set."
	// gtAliasMsg is A0.12.3's answer to an alias (msg✓).
	gtAliasMsg = "Key Aliases are not supported for this operation."
)

var (
	gtCtx = context.Background()
	// gtStart is the second of the recorded session grant's CreationDate
	// (grants.json:session_list, 10:19:54+01:00) plus a fraction that the
	// whole-second CreationDate drops.
	gtStart  = time.Date(2026, 9, 12, 9, 19, 54, 643_000_000, time.UTC)
	gtIgnore = cmpopts.IgnoreUnexported(types.GrantListEntry{}, types.GrantConstraints{}, kms.ListGrantsOutput{},
		kms.ListRetirableGrantsOutput{}, kms.CreateGrantOutput{})
	gtNoMeta = cmpopts.IgnoreFields(kms.ListGrantsOutput{}, "ResultMetadata")
)

// gtObs is one recorded observation.
type gtObs struct {
	Case   string         `json:"case"`
	Code   string         `json:"code"`
	Spec   string         `json:"spec"`
	Usage  string         `json:"usage"`
	Output map[string]any `json:"output"`
	Error  struct {
		Message string `json:"Message"`
		Code    string `json:"Code"`
	} `json:"error"`
}

// gtRecorded returns the first observation of file with this case (and
// spec and usage, when given).
func gtRecorded(t *testing.T, file, c, spec, usage string) gtObs {
	t.Helper()
	b, err := os.ReadFile(gtObsDir + file)
	if err != nil {
		t.Fatalf("recording: %v", err)
	}
	var doc struct {
		Observations []gtObs `json:"observations"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for _, o := range doc.Observations {
		if o.Case == c && (spec == "" || o.Spec == spec) && (usage == "" || o.Usage == usage) {
			return o
		}
	}
	t.Fatalf("%s has no observation %s %s %s", file, c, spec, usage)
	return gtObs{}
}

// gtWorld is a world on a mock clock.
type gtWorld struct{ testWorld }

func gtNew(t *testing.T) *gtWorld {
	return &gtWorld{newTestWorld(t, gtStart, sim.Options{Seed: 11})}
}

func (g *gtWorld) as(account, region string) *sim.Client { return g.w.ClientFor(account, region) }

func gtARN(region, account, id string) string {
	p := "aws"
	if strings.HasPrefix(region, "cn-") {
		p = "aws-cn"
	}
	return "arn:" + p + ":kms:" + region + ":" + account + ":key/" + id
}

// key creates a key in region and returns its ID.
func (g *gtWorld) key(region string, in *kms.CreateKeyInput) string {
	g.t.Helper()
	if in == nil {
		in = &kms.CreateKeyInput{}
	}
	out, err := g.c(region).CreateKey(gtCtx, in)
	g.must("CreateKey", err)
	return *out.KeyMetadata.KeyId
}

// set creates a multi-Region primary in us-east-1 with replicas in rs,
// all Enabled.
func (g *gtWorld) set(rs ...string) string {
	g.t.Helper()
	id := g.key(gtE1, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	for _, r := range rs {
		_, err := g.c(gtE1).ReplicateKey(gtCtx, &kms.ReplicateKeyInput{KeyId: &id, ReplicaRegion: aws.String(r)})
		g.must("ReplicateKey", err)
	}
	g.clk.Add(time.Minute)
	return id
}

func (g *gtWorld) grant(c *sim.Client, in *kms.CreateGrantInput) *kms.CreateGrantOutput {
	g.t.Helper()
	out, err := c.CreateGrant(gtCtx, in)
	g.must("CreateGrant", err)
	return out
}

func gtDecrypt(keyID string) *kms.CreateGrantInput {
	return &kms.CreateGrantInput{KeyId: aws.String(keyID), GranteePrincipal: aws.String(gtGrantee),
		Operations: []types.GrantOperation{types.GrantOperationDecrypt}}
}

func (g *gtWorld) list(c *sim.Client, in *kms.ListGrantsInput) *kms.ListGrantsOutput {
	g.t.Helper()
	out, err := c.ListGrants(gtCtx, in)
	g.must("ListGrants", err)
	return out
}

func gtIDs(es []types.GrantListEntry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, aws.ToString(e.GrantId))
	}
	return out
}

// gtCase is one failing call of a table; name starts with its rule.
type gtCase struct {
	name string
	call func() error
	want otWant
}

func (g *gtWorld) run(t *testing.T, op string, cases []gtCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		if c.name == "" || seen[c.name] || !strings.ContainsAny(c.name[:1], "ARO") {
			t.Fatalf("case %q: every case needs a unique name that starts with its rule", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) { g.fails(t, op, c.want, c.call) })
	}
}

func gtE[T any](_ T, err error) error { return err }

// TestGrantsCreateGrantErrors: every error of CreateGrant through the
// SDK-shaped client: P1 model constraints (A5.3.1, A0.10), the members the
// model lacks (A0.23.1), then the checks of the model (A5.3.2–A5.3.6).
func TestGrantsCreateGrantErrors(t *testing.T) {
	g := gtNew(t)
	id := g.key(gtE1, nil)
	hmac := g.key(gtE1, &kms.CreateKeyInput{KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	off := g.key(gtE1, nil)
	_, err := g.c(gtE1).DisableKey(gtCtx, &kms.DisableKeyInput{KeyId: &off})
	g.must("DisableKey", err)
	token := aws.ToString(g.grant(g.c(gtE1), gtDecrypt(id)).GrantToken)
	p := aws.String
	call := func(mod func(*kms.CreateGrantInput)) func() error {
		return func() error {
			in := gtDecrypt(id)
			mod(in)
			return gtE(g.c(gtE1).CreateGrant(gtCtx, in))
		}
	}
	long := strings.Repeat("a", 257)
	ops := []string{"Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo",
		"Sign", "Verify", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair",
		"GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac", "DeriveSharedSecret"}
	tokens := make([]string, 11)
	for i := range tokens {
		tokens[i] = token
	}
	recorded := gtRecorded(t, "hmac.json", "encryption_grant", "HMAC_256", "")
	g.run(t, "CreateGrant", []gtCase{
		{"A0.10.3 A5.3.1 the three required members of an empty request", func() error { return gtE(g.c(gtE1).CreateGrant(gtCtx, nil)) },
			otErr(gtVE, "3 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; "+
				"Value null at 'granteePrincipal' failed to satisfy constraint: Member must not be null; "+
				"Value null at 'operations' failed to satisfy constraint: Member must not be null")},
		{"A5.3.1 A0.10.2 GranteePrincipal pattern", call(func(in *kms.CreateGrantInput) { in.GranteePrincipal = p("role grantee") }),
			otVal(`Value 'role grantee' at 'granteePrincipal' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\w+=,.@:/-]+$`)},
		{"A5.3.1 A0.10.2 GranteePrincipal longer than 256", call(func(in *kms.CreateGrantInput) { in.GranteePrincipal = p(long) }),
			otVal("Value '" + long + "' at 'granteePrincipal' failed to satisfy constraint: Member must have length less than or equal to 256")},
		{"A5.3.1 A0.10.2 empty RetiringPrincipal", call(func(in *kms.CreateGrantInput) { in.RetiringPrincipal = p("") }),
			otVal("Value '' at 'retiringPrincipal' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"A5.3.1 A0.10.4 an Operations item outside the enum", call(func(in *kms.CreateGrantInput) {
			in.Operations = []types.GrantOperation{"Decrypt", "ReEncrypt"}
		}), otEnum("ReEncrypt", "operations.2.member", ops...)},
		{"A5.3.1 A0.10.2 Name pattern", call(func(in *kms.CreateGrantInput) { in.Name = p("my grant") }),
			otVal("Value 'my grant' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$")},
		{"A5.3.1 A0.10.2 empty Name", call(func(in *kms.CreateGrantInput) { in.Name = p("") }),
			otVal("Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"A5.3.1 A0.15.1 eleven grant tokens", call(func(in *kms.CreateGrantInput) { in.GrantTokens = tokens }),
			otErrHas(gtVE, "at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10")},
		{"A0.10.3 violations in member order", call(func(in *kms.CreateGrantInput) { in.KeyId, in.Name = p(""), p("a b") }),
			otErrHas(gtVE, "2 validation errors detected: Value '' at 'keyId' failed")},
		{"A0.23.1 GranteeServicePrincipal (SDK only)", call(func(in *kms.CreateGrantInput) {
			in.GranteePrincipal, in.GranteeServicePrincipal = nil, p("logs.amazonaws.com")
		}), otErrHas(gtUO, "Not supported by the mrk simulator: ")},
		{"A0.23.1 RetiringServicePrincipal (SDK only)", call(func(in *kms.CreateGrantInput) { in.RetiringServicePrincipal = p("logs.amazonaws.com") }),
			otErrHas(gtUO, "Not supported by the mrk simulator: ")},
		{"A0.23.1 the SourceArn constraint (SDK only)", call(func(in *kms.CreateGrantInput) {
			in.Constraints = &types.GrantConstraints{SourceArn: p("arn:aws:s3:::bucket")}
		}), otErrHas(gtUO, "Not supported by the mrk simulator: ")},
		{"O41 A5.3.2 empty Operations", call(func(in *kms.CreateGrantInput) { in.Operations = []types.GrantOperation{} }), otErrCode(gtVE)},
		{"A0.15.2 A5.3.2 a made-up grant token", call(func(in *kms.CreateGrantInput) { in.GrantTokens = []string{"made-up"} }), otErrCode(gtGT)},
		{"A0.16.5 O21 nine constraint pairs", call(func(in *kms.CreateGrantInput) {
			in.Constraints = &types.GrantConstraints{EncryptionContextSubset: map[string]string{"1": "", "2": "", "3": "", "4": "", "5": "", "6": "", "7": "", "8": "", "9": ""}}
		}), otErrCode(gtVE)},
		{"A5.3.3 A0.12.8 no such key (msg✓)", call(func(in *kms.CreateGrantInput) { in.KeyId = p(gtMissing) }),
			otErr(gtNF, "Key '"+gtARN(gtE1, sim.DefaultAccount, gtMissing)+"' does not exist")},
		{"A5.3.3 A0.12.3 alias ARN (msg✓ EV:hashicorp/terraform#20813)", call(func(in *kms.CreateGrantInput) {
			in.KeyId = p("arn:aws:kms:us-east-1:" + sim.DefaultAccount + ":alias/mine")
		}), otErr(gtIA, gtAliasMsg)},
		{"A5.3.4 R3.6.1 KS1 Disabled (msg✓)", call(func(in *kms.CreateGrantInput) { in.KeyId = p(off) }),
			otErr(gtDI, gtARN(gtE1, sim.DefaultAccount, off)+" is disabled.")},
		{"A5.3.5 hmac.json:encryption_grant", call(func(in *kms.CreateGrantInput) {
			in.KeyId, in.Operations = p(hmac), []types.GrantOperation{types.GrantOperationEncrypt}
		}), otErr(recorded.Error.Code, recorded.Error.Message)},
		{"A5.3.5 A0.25.1 Decapsulate passes P1 and no key allows it", call(func(in *kms.CreateGrantInput) {
			in.Operations = []types.GrantOperation{types.GrantOperationDecapsulate}
		}), otErrHas(gtVE, "Operations [Decapsulate]")},
		{"A5.3.6 A0.14.3 DryRun (msg✓)", call(func(in *kms.CreateGrantInput) { in.DryRun = aws.Bool(true) }), otErr(gtDR, gtDryRun)},
	})
}

// TestGrantsRecorded: the recorded CreateGrant, ListGrants and
// ListRetirableGrants answers that are within scope (grants.json,
// hmac.json, rsa.json, ecc.json).
func TestGrantsRecorded(t *testing.T) {
	g := gtNew(t)
	id := g.key(gtE1, &kms.CreateKeyInput{Description: aws.String("stackd grants conformance probe")})
	arn := gtARN(gtE1, sim.DefaultAccount, id)
	rec := func(s string) string {
		s = strings.ReplaceAll(s, "00000000-0000-4000-8000-000000000001", id)
		return strings.ReplaceAll(s, ":111111111111:", ":"+sim.DefaultAccount+":")
	}

	// grants.json:session_create / session_list / session_retirable: a named
	// grant whose grantee and retiring principal are an assumed-role session.
	created := gtRecorded(t, "grants.json", "session_create", "", "")
	listed := gtRecorded(t, "grants.json", "session_list", "", "")
	entry := listed.Output["Grants"].([]any)[0].(map[string]any)
	var ops []types.GrantOperation
	for _, o := range entry["Operations"].([]any) {
		ops = append(ops, types.GrantOperation(o.(string)))
	}
	out := g.grant(g.c(gtE1), &kms.CreateGrantInput{KeyId: aws.String(id), Name: aws.String(entry["Name"].(string)),
		GranteePrincipal: aws.String(entry["GranteePrincipal"].(string)), RetiringPrincipal: aws.String(entry["RetiringPrincipal"].(string)),
		Operations: ops})
	t.Run("A5.3.9 grants.json:session_create", func(t *testing.T) {
		var members []string
		for k := range created.Output {
			members = append(members, k)
		}
		slices.Sort(members)
		if !slices.Equal(members, []string{"GrantId", "GrantToken"}) || out.GrantToken == nil || out.GrantId == nil {
			t.Errorf("recorded members %v, got GrantId %v GrantToken %v", members, out.GrantId, out.GrantToken)
		}
		if gid := aws.ToString(out.GrantId); len(gid) != 64 || strings.Trim(gid, "0123456789abcdef") != "" {
			t.Errorf("GrantId %q is not 64 lower-case hex digits like %q", gid, created.Output["GrantId"])
		}
	})
	created2 := time.Date(2026, 9, 12, 9, 19, 54, 0, time.UTC)
	if ts, err := time.Parse(time.RFC3339, entry["CreationDate"].(string)); err != nil || !ts.Equal(created2) {
		t.Fatalf("recorded CreationDate %v, %v", ts, err)
	}
	want := types.GrantListEntry{KeyId: aws.String(rec(entry["KeyId"].(string))), GrantId: out.GrantId,
		Name: aws.String(entry["Name"].(string)), CreationDate: &created2,
		GranteePrincipal: aws.String(entry["GranteePrincipal"].(string)), RetiringPrincipal: aws.String(entry["RetiringPrincipal"].(string)),
		IssuingAccount: aws.String(rec(entry["IssuingAccount"].(string))), Operations: ops}
	if *want.KeyId != arn || *want.IssuingAccount != "arn:aws:iam::"+sim.DefaultAccount+":root" {
		t.Fatalf("substitution: %s %s", *want.KeyId, *want.IssuingAccount)
	}
	g.clk.Add(time.Hour)

	t.Run("A33.3.4 grants.json:session_list", func(t *testing.T) {
		got := g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(id)})
		wantOut := &kms.ListGrantsOutput{Grants: []types.GrantListEntry{want}, Truncated: listed.Output["Truncated"].(bool)}
		if d := cmp.Diff(wantOut, got, gtIgnore, gtNoMeta); d != "" {
			t.Errorf("ListGrants (-recorded +got):\n%s", d)
		}
	})
	t.Run("A38.3.2 grants.json:session_retirable", func(t *testing.T) {
		r := gtRecorded(t, "grants.json", "session_retirable", "", "")
		got, err := g.c(gtE1).ListRetirableGrants(gtCtx, &kms.ListRetirableGrantsInput{RetiringPrincipal: want.RetiringPrincipal})
		g.must("ListRetirableGrants", err)
		if d := cmp.Diff([]types.GrantListEntry{want}, got.Grants, gtIgnore); d != "" || got.Truncated != r.Output["Truncated"].(bool) || got.NextMarker != nil {
			t.Errorf("ListRetirableGrants (-recorded +got):\n%s truncated %v marker %v", d, got.Truncated, got.NextMarker)
		}
	})
	t.Run("A5.3.7 grants.json:lifecycle_named_id_retry", func(t *testing.T) {
		first := gtRecorded(t, "grants.json", "lifecycle_create", "", "")
		retry := gtRecorded(t, "grants.json", "lifecycle_named_id_retry", "", "")
		if first.Output["GrantId"] != retry.Output["GrantId"] {
			t.Fatalf("the recording's retry has another ID")
		}
		again := g.grant(g.c(gtE1), &kms.CreateGrantInput{KeyId: aws.String(arn), Name: want.Name, GranteePrincipal: want.GranteePrincipal,
			RetiringPrincipal: want.RetiringPrincipal, Operations: []types.GrantOperation{ops[1], ops[0]}})
		if *again.GrantId != *out.GrantId || *again.GrantToken == *out.GrantToken {
			t.Errorf("retry: GrantId %s token new %v; want %s and a new token", *again.GrantId, *again.GrantToken != *out.GrantToken, *out.GrantId)
		}
		if n := len(g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(id)}).Grants); n != 1 {
			t.Errorf("the retry made a grant: %d grants", n)
		}
	})
	t.Run("A33.3.4 grants.json:lifecycle_filter_id", func(t *testing.T) {
		other := g.grant(g.c(gtE1), gtDecrypt(id))
		got := g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(id), GrantId: other.GrantId})
		if !slices.Equal(gtIDs(got.Grants), []string{*other.GrantId}) || got.Truncated {
			t.Errorf("filtered listing %v", gtIDs(got.Grants))
		}
		if got.Grants[0].Name != nil || got.Grants[0].RetiringPrincipal != nil || got.Grants[0].Constraints != nil {
			t.Errorf("A33.3.4: absent members are present: %+v", got.Grants[0])
		}
	})

	// The type rules of A5.3.5, recorded per key spec.
	for _, c := range []struct {
		file, spec, usage string
		in                *kms.CreateKeyInput
		op                types.GrantOperation
	}{
		{"hmac.json", "HMAC_224", "", &kms.CreateKeyInput{KeySpec: types.KeySpecHmac224, KeyUsage: types.KeyUsageTypeGenerateVerifyMac}, "GenerateMac"},
		{"hmac.json", "HMAC_512", "", &kms.CreateKeyInput{KeySpec: types.KeySpecHmac512, KeyUsage: types.KeyUsageTypeGenerateVerifyMac}, "VerifyMac"},
		{"rsa.json", "RSA_2048", "ENCRYPT_DECRYPT", &kms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeEncryptDecrypt}, "Decrypt"},
		{"rsa.json", "RSA_4096", "SIGN_VERIFY", &kms.CreateKeyInput{KeySpec: types.KeySpecRsa4096, KeyUsage: types.KeyUsageTypeSignVerify}, "Sign"},
		{"ecc.json", "ECC_NIST_P256", "SIGN_VERIFY", &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify}, "Verify"},
		{"ecc.json", "ECC_NIST_P384", "KEY_AGREEMENT", &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistP384, KeyUsage: types.KeyUsageTypeKeyAgreement}, "DeriveSharedSecret"},
		{"ecc.json", "ECC_NIST_EDWARDS25519", "SIGN_VERIFY", &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistEdwards25519, KeyUsage: types.KeyUsageTypeSignVerify}, "Sign"},
	} {
		k := g.key(gtE1, c.in)
		okCase, badCase := "compatible_grant", "constrained_grant"
		if c.file == "hmac.json" {
			okCase, badCase = "mac_grant", "constrained_mac_grant"
		}
		t.Run("A5.3.5 "+c.file+":"+okCase+" "+c.spec+" "+c.usage, func(t *testing.T) {
			r := gtRecorded(t, c.file, okCase, c.spec, c.usage)
			out := g.grant(g.c(gtE1), &kms.CreateGrantInput{KeyId: aws.String(k), GranteePrincipal: aws.String(gtGrantee), Operations: []types.GrantOperation{c.op}})
			if r.Code != "Success" || len(*out.GrantId) != len(r.Output["GrantId"].(string)) {
				t.Errorf("GrantId %s, recorded %v", *out.GrantId, r.Output["GrantId"])
			}
		})
		t.Run("A5.3.5 "+c.file+":"+badCase+" "+c.spec+" "+c.usage, func(t *testing.T) {
			r := gtRecorded(t, c.file, badCase, c.spec, c.usage)
			g.fails(t, "CreateGrant", otErr(r.Error.Code, r.Error.Message), func() error {
				return gtE(g.c(gtE1).CreateGrant(gtCtx, &kms.CreateGrantInput{KeyId: aws.String(k), GranteePrincipal: aws.String(gtGrantee),
					Operations: []types.GrantOperation{c.op}, Constraints: &types.GrantConstraints{EncryptionContextSubset: map[string]string{"a": "b"}}}))
			})
		})
	}
}

// TestGrantsListGrants: ListGrants through the client: paging (A0.20),
// filters (A33.3.4) and every error of §A33.
func TestGrantsListGrants(t *testing.T) {
	g := gtNew(t)
	id := g.key(gtE1, nil)
	other := g.key(gtE1, nil)
	var ids []string
	for i := range 5 {
		in := gtDecrypt(id)
		if i == 2 {
			in.GranteePrincipal = aws.String(gtRetirer)
		}
		ids = append(ids, *g.grant(g.c(gtE1), in).GrantId)
		g.clk.Add(time.Second)
	}
	t.Run("A0.20.4 A0.20.7 pages of two in creation order", func(t *testing.T) {
		var got []string
		in := &kms.ListGrantsInput{KeyId: aws.String(id), Limit: aws.Int32(2)}
		for n := 0; ; n++ {
			out := g.list(g.c(gtE1), in)
			got = append(got, gtIDs(out.Grants)...)
			if out.Truncated != (out.NextMarker != nil) {
				t.Fatalf("page %d: Truncated %v with NextMarker %v", n, out.Truncated, out.NextMarker)
			}
			if !out.Truncated {
				break
			}
			in.Marker = out.NextMarker
		}
		if !slices.Equal(got, ids) {
			t.Errorf("pages %v, want %v", got, ids)
		}
	})
	t.Run("A33.3.4 GranteePrincipal filter", func(t *testing.T) {
		got := g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(id), GranteePrincipal: aws.String(gtRetirer)})
		if !slices.Equal(gtIDs(got.Grants), []string{ids[2]}) {
			t.Errorf("got %v, want [%s]", gtIDs(got.Grants), ids[2])
		}
	})
	t.Run("A33.3.4 a key without grants lists none", func(t *testing.T) {
		got := g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(other)})
		if got.Grants == nil || len(got.Grants) != 0 || got.Truncated || got.NextMarker != nil {
			t.Errorf("got %+v, want an empty, non-nil list", got)
		}
	})
	marker := g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(id), Limit: aws.Int32(1)}).NextMarker
	list := func(in *kms.ListGrantsInput) func() error {
		return func() error { return gtE(g.c(gtE1).ListGrants(gtCtx, in)) }
	}
	p := aws.String
	g.run(t, "ListGrants", []gtCase{
		{"A33.3.1 A0.10.2 KeyId null", list(&kms.ListGrantsInput{}), otVal("Value null at 'keyId' failed to satisfy constraint: Member must not be null")},
		{"A0.20.3 A0.10.2 Limit 0", list(&kms.ListGrantsInput{KeyId: p(id), Limit: aws.Int32(0)}),
			otVal("Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")},
		{"A0.20.3 A0.10.2 Limit 1001", list(&kms.ListGrantsInput{KeyId: p(id), Limit: aws.Int32(1001)}),
			otVal("Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000")},
		{"A0.20.3 O32 Limit 101 above the documented 100", list(&kms.ListGrantsInput{KeyId: p(id), Limit: aws.Int32(101)}),
			otVal("Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")},
		{"A33.3.1 A0.10.2 empty Marker", list(&kms.ListGrantsInput{KeyId: p(id), Marker: p("")}),
			otVal("Value '' at 'marker' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"A33.3.1 A0.10.2 GrantId longer than 128", list(&kms.ListGrantsInput{KeyId: p(id), GrantId: p(strings.Repeat("a", 129))}),
			otVal("Value '" + strings.Repeat("a", 129) + "' at 'grantId' failed to satisfy constraint: Member must have length less than or equal to 128")},
		{"A33.3.1 A0.10.2 GranteePrincipal pattern", list(&kms.ListGrantsInput{KeyId: p(id), GranteePrincipal: p("a b")}),
			otVal(`Value 'a b' at 'granteePrincipal' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\w+=,.@:/-]+$`)},
		{"A0.23.1 GranteeServicePrincipal (SDK only)", list(&kms.ListGrantsInput{KeyId: p(id), GranteeServicePrincipal: p("logs.amazonaws.com")}),
			otErrHas(gtUO, "Not supported by the mrk simulator: ")},
		{"A33.3.2 O75 a GrantId that is not 64 hex digits", list(&kms.ListGrantsInput{KeyId: p(id), GrantId: p("1234")}), otErrCode(gtGI)},
		{"A33.3.3 A0.12.8 no such key", list(&kms.ListGrantsInput{KeyId: p(gtMissing)}), otErrCode(gtNF)},
		{"A33.3.3 A0.12.3 alias name (msg✓)", list(&kms.ListGrantsInput{KeyId: p("alias/x")}), otErr(gtIA, gtAliasMsg)},
		{"A33.4 A0.20.5 a marker no listing made (msg✓ rotation.json:invalid_marker)", list(&kms.ListGrantsInput{KeyId: p(id), Marker: p("garbage")}), otErr(gtMK, "")},
		{"A33.4 A0.20.5 a marker of another key's listing", list(&kms.ListGrantsInput{KeyId: p(other), Marker: marker}), otErr(gtMK, "")},
		{"A33.4 A0.20.5 a marker of the listing without the GrantId filter", list(&kms.ListGrantsInput{KeyId: p(id), GrantId: p(ids[1]), Marker: marker}), otErr(gtMK, "")},
	})
}

// TestGrantsListRetirableGrants: ListRetirableGrants through the client
// (§A38): every account's keys in the called Region, and its errors.
func TestGrantsListRetirableGrants(t *testing.T) {
	g := gtNew(t)
	mine := g.key(gtE1, nil)
	theirs, err := g.as(gtOther, gtE1).CreateKey(gtCtx, &kms.CreateKeyInput{})
	g.must("CreateKey", err)
	west := g.key(gtW2, nil)
	retirable := func(c *sim.Client, keyID string) string {
		in := gtDecrypt(keyID)
		in.RetiringPrincipal = aws.String(gtRetirer)
		return *g.grant(c, in).GrantId
	}
	a := retirable(g.c(gtE1), mine)
	g.clk.Add(time.Second)
	b := retirable(g.as(gtOther, gtE1), *theirs.KeyMetadata.KeyId)
	retirable(g.c(gtW2), west)
	g.grant(g.c(gtE1), gtDecrypt(mine))

	out, err := g.c(gtE1).ListRetirableGrants(gtCtx, &kms.ListRetirableGrantsInput{RetiringPrincipal: aws.String(gtRetirer)})
	g.must("ListRetirableGrants", err)
	if got := gtIDs(out.Grants); !slices.Equal(got, []string{a, b}) {
		t.Errorf("A38.3.2: listed %v, want [%s %s]", got, a, b)
	}
	if k := aws.ToString(out.Grants[1].KeyId); k != gtARN(gtE1, gtOther, *theirs.KeyMetadata.KeyId) {
		t.Errorf("A38.3.2 A33.3.4: KeyId %s is not the other account's key ARN", k)
	}
	first, err := g.c(gtE1).ListRetirableGrants(gtCtx, &kms.ListRetirableGrantsInput{RetiringPrincipal: aws.String(gtRetirer), Limit: aws.Int32(1)})
	g.must("ListRetirableGrants", err)
	if !first.Truncated || first.NextMarker == nil || !slices.Equal(gtIDs(first.Grants), []string{a}) {
		t.Errorf("A0.20.4: first page %v truncated %v", gtIDs(first.Grants), first.Truncated)
	}
	list := func(in *kms.ListRetirableGrantsInput) func() error {
		return func() error { return gtE(g.c(gtE1).ListRetirableGrants(gtCtx, in)) }
	}
	p := aws.String
	g.run(t, "ListRetirableGrants", []gtCase{
		{"A38.3.1 A0.10.2 RetiringPrincipal null", list(&kms.ListRetirableGrantsInput{}),
			otVal("Value null at 'retiringPrincipal' failed to satisfy constraint: Member must not be null")},
		{"A38.3.1 A0.10.2 RetiringPrincipal pattern", list(&kms.ListRetirableGrantsInput{RetiringPrincipal: p("x y")}),
			otVal(`Value 'x y' at 'retiringPrincipal' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\w+=,.@:/-]+$`)},
		{"A38.3.1 O32 Limit 101", list(&kms.ListRetirableGrantsInput{RetiringPrincipal: p(gtRetirer), Limit: aws.Int32(101)}),
			otVal("Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")},
		{"A0.23.1 RetiringServicePrincipal (SDK only)", list(&kms.ListRetirableGrantsInput{RetiringServicePrincipal: p("logs.amazonaws.com")}),
			otErrHas(gtUO, "Not supported by the mrk simulator: ")},
		{"A38.4 A0.20.5 a marker no listing made", list(&kms.ListRetirableGrantsInput{RetiringPrincipal: p(gtRetirer), Marker: p("x")}), otErr(gtMK, "")},
		{"A38.4 A0.20.5 a marker of another principal's listing", list(&kms.ListRetirableGrantsInput{RetiringPrincipal: p(gtGrantee), Marker: first.NextMarker}), otErr(gtMK, "")},
	})
}

// TestGrantsRetireRevoke: RetireGrant (§A42) and RevokeGrant (§A43)
// through the client, with every error.
func TestGrantsRetireRevoke(t *testing.T) {
	g := gtNew(t)
	id := g.key(gtE1, nil)
	a := g.grant(g.c(gtE1), gtDecrypt(id))
	b := g.grant(g.c(gtE1), gtDecrypt(id))
	c := g.grant(g.c(gtE1), gtDecrypt(id))
	p := aws.String
	retire := func(in *kms.RetireGrantInput) func() error {
		return func() error { return gtE(g.c(gtE1).RetireGrant(gtCtx, in)) }
	}
	revoke := func(in *kms.RevokeGrantInput) func() error {
		return func() error { return gtE(g.c(gtE1).RevokeGrant(gtCtx, in)) }
	}
	g.run(t, "RetireGrant", []gtCase{
		{"A42.3.1 A0.10.2 GrantToken longer than 8192", retire(&kms.RetireGrantInput{GrantToken: p(strings.Repeat("t", 8193))}),
			otErrHas(gtVE, "at 'grantToken' failed to satisfy constraint: Member must have length less than or equal to 8192")},
		{"A42.3.1 neither token nor key and grant ID", retire(nil), otErrCode(gtVE)},
		{"A42.3.1 only GrantId", retire(&kms.RetireGrantInput{GrantId: a.GrantId}), otErrCode(gtVE)},
		{"A42.3.2 A0.15.2 a made-up token", retire(&kms.RetireGrantInput{GrantToken: p("made-up")}), otErrCode(gtGT)},
		{"A42.3.2 a GrantId not 64 hex digits", retire(&kms.RetireGrantInput{KeyId: p(id), GrantId: p("abc")}), otErrCode(gtGI)},
		{"A42.3.3 A0.12.8 no such key", retire(&kms.RetireGrantInput{KeyId: p(gtMissing), GrantId: a.GrantId}), otErrCode(gtNF)},
		{"A42.3.3 A0.12.3 alias name (msg✓)", retire(&kms.RetireGrantInput{KeyId: p("alias/x"), GrantId: a.GrantId}), otErr(gtIA, gtAliasMsg)},
		{"A42.3.4 O87 no such grant", retire(&kms.RetireGrantInput{KeyId: p(id), GrantId: p(gtAbsent)}), otErrCode(gtNF)},
		{"A42.3.5 A0.14.3 DryRun (msg✓)", retire(&kms.RetireGrantInput{GrantToken: a.GrantToken, DryRun: aws.Bool(true)}), otErr(gtDR, gtDryRun)},
	})
	g.run(t, "RevokeGrant", []gtCase{
		{"A43.3.1 A0.10.3 KeyId and GrantId null", revoke(nil),
			otErr(gtVE, "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; "+
				"Value null at 'grantId' failed to satisfy constraint: Member must not be null")},
		{"A43.3.1 A0.10.2 empty GrantId", revoke(&kms.RevokeGrantInput{KeyId: p(id), GrantId: p("")}),
			otVal("Value '' at 'grantId' failed to satisfy constraint: Member must have length greater than or equal to 1")},
		{"A43.3.1 a GrantId not 64 hex digits", revoke(&kms.RevokeGrantInput{KeyId: p(id), GrantId: p("abc")}), otErrCode(gtGI)},
		{"A43.3.2 A0.12.8 no such key", revoke(&kms.RevokeGrantInput{KeyId: p(gtMissing), GrantId: a.GrantId}), otErrCode(gtNF)},
		{"A43.3.2 A0.12.4 malformed ARN", revoke(&kms.RevokeGrantInput{KeyId: p("arn:aws:kms:us-east-1:x:key/y"), GrantId: a.GrantId}), otErrCode(gtIA)},
		{"A43.3.3 O88 no such grant", revoke(&kms.RevokeGrantInput{KeyId: p(id), GrantId: p(gtAbsent)}), otErrCode(gtNF)},
		{"A43.3.4 A0.14.3 DryRun (msg✓)", revoke(&kms.RevokeGrantInput{KeyId: p(id), GrantId: a.GrantId, DryRun: aws.Bool(true)}), otErr(gtDR, gtDryRun)},
	})

	_, err := g.c(gtE1).RetireGrant(gtCtx, &kms.RetireGrantInput{GrantToken: a.GrantToken})
	g.must("RetireGrant by token", err)
	_, err = g.c(gtE1).RetireGrant(gtCtx, &kms.RetireGrantInput{KeyId: p(gtARN(gtE1, sim.DefaultAccount, id)), GrantId: b.GrantId})
	g.must("RetireGrant by key ARN and grant ID", err)
	_, err = g.c(gtE1).RevokeGrant(gtCtx, &kms.RevokeGrantInput{KeyId: p(id), GrantId: c.GrantId})
	g.must("RevokeGrant", err)
	if got := g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: p(id)}).Grants; len(got) != 0 {
		t.Errorf("grants left: %v", gtIDs(got))
	}
	if got := g.w.Snapshot().Grants; len(got) != 0 {
		t.Errorf("Snapshot still holds grants: %+v", got)
	}
	g.fails(t, "RetireGrant", otErrCode(gtNF), retire(&kms.RetireGrantInput{GrantToken: a.GrantToken}))
	g.fails(t, "RevokeGrant", otErrCode(gtNF), revoke(&kms.RevokeGrantInput{KeyId: p(id), GrantId: c.GrantId}))
}

// TestGrantsMultiRegion: a grant belongs to one member of a set; the other
// members neither list nor retire nor revoke it (R2.4.1, A5.5.1), and a new
// replica has no grants (R2.4.3).
func TestGrantsMultiRegion(t *testing.T) {
	g := gtNew(t)
	id := g.set(gtW2)
	east := g.grant(g.c(gtE1), gtDecrypt(id))
	west := g.grant(g.c(gtW2), gtDecrypt(gtARN(gtW2, sim.DefaultAccount, id)))
	if got := gtIDs(g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(id)}).Grants); !slices.Equal(got, []string{*east.GrantId}) {
		t.Errorf("us-east-1 lists %v, want [%s]", got, *east.GrantId)
	}
	if got := gtIDs(g.list(g.c(gtW2), &kms.ListGrantsInput{KeyId: aws.String(id)}).Grants); !slices.Equal(got, []string{*west.GrantId}) {
		t.Errorf("us-west-2 lists %v, want [%s]", got, *west.GrantId)
	}
	g.fails(t, "RevokeGrant", otErrCode(gtNF), func() error {
		return gtE(g.c(gtW2).RevokeGrant(gtCtx, &kms.RevokeGrantInput{KeyId: aws.String(id), GrantId: east.GrantId}))
	})
	g.fails(t, "RetireGrant", otErrCode(gtNF), func() error {
		return gtE(g.c(gtW2).RetireGrant(gtCtx, &kms.RetireGrantInput{GrantToken: east.GrantToken}))
	})
	g.fails(t, "RevokeGrant", otErr(gtNF, "Invalid arn us-east-1"), func() error {
		return gtE(g.c(gtW2).RevokeGrant(gtCtx, &kms.RevokeGrantInput{KeyId: aws.String(gtARN(gtE1, sim.DefaultAccount, id)), GrantId: east.GrantId}))
	})
	_, err := g.c(gtE1).ReplicateKey(gtCtx, &kms.ReplicateKeyInput{KeyId: aws.String(id), ReplicaRegion: aws.String(gtEU)})
	g.must("ReplicateKey", err)
	if got := g.list(g.c(gtEU), &kms.ListGrantsInput{KeyId: aws.String(id)}).Grants; len(got) != 0 {
		t.Errorf("R2.4.3: the new replica lists %v", gtIDs(got))
	}
	_, err = g.c(gtE1).RevokeGrant(gtCtx, &kms.RevokeGrantInput{KeyId: aws.String(id), GrantId: east.GrantId})
	g.must("RevokeGrant", err)
	if got := gtIDs(g.list(g.c(gtW2), &kms.ListGrantsInput{KeyId: aws.String(id)}).Grants); !slices.Equal(got, []string{*west.GrantId}) {
		t.Errorf("R2.4.2: revoking in us-east-1 changed us-west-2: %v", got)
	}
}

// TestGrantsDeletedWithKey: a key's grants are deleted with it when the
// mock clock passes its DeletionDate (R6.11); until then they are listed
// (R3.6.1), and their tokens stay valid (A0.15.2).
func TestGrantsDeletedWithKey(t *testing.T) {
	g := gtNew(t)
	id := g.key(gtE1, nil)
	keep := g.key(gtE1, nil)
	in := gtDecrypt(id)
	in.RetiringPrincipal = aws.String(gtRetirer)
	gone := g.grant(g.c(gtE1), in)
	kept := g.grant(g.c(gtE1), gtDecrypt(keep))
	_, err := g.c(gtE1).ScheduleKeyDeletion(gtCtx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
	g.must("ScheduleKeyDeletion", err)
	g.clk.Add(7*24*time.Hour - time.Second)
	if got := g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(id)}).Grants; len(got) != 1 {
		t.Errorf("R3.6.1: a key pending deletion lists %d grants, want 1", len(got))
	}
	g.clk.Add(time.Second)
	g.fails(t, "ListGrants", otErr(gtNF, "Key '"+gtARN(gtE1, sim.DefaultAccount, id)+"' does not exist"), func() error {
		return gtE(g.c(gtE1).ListGrants(gtCtx, &kms.ListGrantsInput{KeyId: aws.String(id)}))
	})
	snap := g.w.Snapshot()
	if len(snap.Grants) != 1 || snap.Grants[0].GrantID != *kept.GrantId {
		t.Errorf("R6.11: grants after the deletion: %+v", snap.Grants)
	}
	out, err := g.c(gtE1).ListRetirableGrants(gtCtx, &kms.ListRetirableGrantsInput{RetiringPrincipal: aws.String(gtRetirer)})
	g.must("ListRetirableGrants", err)
	if len(out.Grants) != 0 {
		t.Errorf("R6.11: the deleted key's grant is still retirable")
	}
	_, err = g.c(gtE1).DescribeKey(gtCtx, &kms.DescribeKeyInput{KeyId: aws.String(keep), GrantTokens: []string{*gone.GrantToken}})
	g.must("A0.15.2 DescribeKey with the token of a deleted key's grant", err)
	g.fails(t, "RetireGrant", otErrCode(gtNF), func() error {
		return gtE(g.c(gtE1).RetireGrant(gtCtx, &kms.RetireGrantInput{GrantToken: gone.GrantToken}))
	})
}

// TestGrantsDescribeKeyTokens: DescribeKey accepts the grant tokens this
// world issued, from any Region and account and after retirement, and
// refuses any other (A0.15.2, A13.3.1).
func TestGrantsDescribeKeyTokens(t *testing.T) {
	g := gtNew(t)
	id := g.set(gtW2)
	theirs, err := g.as(gtOther, gtE1).CreateKey(gtCtx, &kms.CreateKeyInput{})
	g.must("CreateKey", err)
	east := g.grant(g.c(gtE1), gtDecrypt(id))
	west := g.grant(g.c(gtW2), gtDecrypt(id))
	other := g.grant(g.as(gtOther, gtE1), gtDecrypt(*theirs.KeyMetadata.KeyId))
	retired := g.grant(g.c(gtE1), gtDecrypt(id))
	_, err = g.c(gtE1).RetireGrant(gtCtx, &kms.RetireGrantInput{GrantToken: retired.GrantToken})
	g.must("RetireGrant", err)
	for _, c := range []struct {
		name string
		toks []string
	}{
		{"A0.15.2 a token this world issued", []string{*east.GrantToken}},
		{"A0.15.2 tokens issued in another Region and another account", []string{*west.GrantToken, *other.GrantToken}},
		{"A0.15.2 O18 the token of a retired grant", []string{*retired.GrantToken}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := g.w.Snapshot()
			out, err := g.c(gtE1).DescribeKey(gtCtx, &kms.DescribeKeyInput{KeyId: aws.String(id), GrantTokens: c.toks})
			if err != nil {
				t.Fatalf("DescribeKey: %v", err)
			}
			if aws.ToString(out.KeyMetadata.KeyId) != id {
				t.Errorf("described %s, want %s", aws.ToString(out.KeyMetadata.KeyId), id)
			}
			if d := cmp.Diff(before, g.w.Snapshot()); d != "" {
				t.Errorf("DescribeKey changed the world (-before +after):\n%s", d)
			}
		})
	}
	for _, c := range []struct {
		name string
		toks []string
	}{
		{"A0.15.2 a made-up token", []string{"AQIDAHhBx2dFLGY2bWUtbWFkZS11cA"}},
		{"A0.15.2 an issued token with a character changed", []string{*east.GrantToken + "A"}},
		{"A0.15.2 one made-up token among issued ones", []string{*east.GrantToken, "made-up"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g.fails(t, "DescribeKey", otErrCode(gtGT), func() error {
				return gtE(g.c(gtE1).DescribeKey(gtCtx, &kms.DescribeKeyInput{KeyId: aws.String(id), GrantTokens: c.toks}))
			})
		})
	}
}

// TestGrantsSnapshotAndSeed: the Snapshot lists every grant (SPEC-API
// A5.3.8 members), and the same seed and calls give the same grant IDs,
// tokens and world (A0.11.3).
func TestGrantsSnapshotAndSeed(t *testing.T) {
	run := func() (*gtWorld, []string) {
		g := gtNew(t)
		id := g.key(gtE1, nil)
		in := gtDecrypt(id)
		in.Name, in.RetiringPrincipal = aws.String("n"), aws.String(gtRetirer)
		in.Constraints = &types.GrantConstraints{EncryptionContextEquals: map[string]string{}}
		a := g.grant(g.c(gtE1), in)
		b := g.grant(g.c(gtE1), gtDecrypt(id))
		return g, []string{*a.GrantId, *a.GrantToken, *b.GrantId, *b.GrantToken}
	}
	g1, v1 := run()
	g2, v2 := run()
	if d := cmp.Diff(v1, v2); d != "" {
		t.Errorf("A0.11.3: the same seed gave other grants (-first +second):\n%s", d)
	}
	s1, s2 := g1.w.Snapshot(), g2.w.Snapshot()
	if d := cmp.Diff(s1, s2); d != "" {
		t.Errorf("A0.11.3: the same seed gave another world (-first +second):\n%s", d)
	}
	want := sim.GrantSnapshot{Account: sim.DefaultAccount, Region: gtE1, KeyID: s1.Keys[0].KeyID, GrantID: v1[0], Name: "n",
		Created: gtStart.Truncate(time.Second), GranteePrincipal: gtGrantee, RetiringPrincipal: gtRetirer,
		IssuingAccount: "arn:aws:iam::" + sim.DefaultAccount + ":root", Operations: []string{"Decrypt"},
		HasConstraints: true, EncryptionContextEquals: map[string]string{}}
	i := slices.IndexFunc(s1.Grants, func(x sim.GrantSnapshot) bool { return x.GrantID == v1[0] })
	if i < 0 || len(s1.Grants) != 2 {
		t.Fatalf("Snapshot grants %+v", s1.Grants)
	}
	if d := cmp.Diff(want, s1.Grants[i]); d != "" {
		t.Errorf("A5.3.8: snapshot of the grant (-want +got):\n%s", d)
	}
}

// TestGrantsWire: the five operations through the real aws-sdk-go-v2
// client over the in-process transport give the SDK-shaped client's
// answers (A0.5, A0.6, A0.8).
func TestGrantsWire(t *testing.T) {
	g := gtNew(t)
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}, nil
	})
	real := kms.New(kms.Options{Region: gtE1, Credentials: creds, HTTPClient: g.w.HTTPClient(), RetryMaxAttempts: 1})
	id := g.key(gtE1, nil)
	out, err := real.CreateGrant(gtCtx, &kms.CreateGrantInput{KeyId: aws.String(id), GranteePrincipal: aws.String(gtGrantee),
		RetiringPrincipal: aws.String(gtRetirer), Name: aws.String("wire"),
		Operations:  []types.GrantOperation{types.GrantOperationEncrypt, types.GrantOperationGenerateDataKey},
		Constraints: &types.GrantConstraints{EncryptionContextSubset: map[string]string{"team": "core"}}})
	g.must("CreateGrant over the wire", err)
	viaWire, err := real.ListGrants(gtCtx, &kms.ListGrantsInput{KeyId: aws.String(id)})
	g.must("ListGrants over the wire", err)
	direct := g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(id)})
	if d := cmp.Diff(direct, viaWire, gtIgnore, gtNoMeta); d != "" {
		t.Errorf("ListGrants (-in process +wire):\n%s", d)
	}
	if len(viaWire.Grants) != 1 || *viaWire.Grants[0].GrantId != *out.GrantId {
		t.Fatalf("wire listing %v", gtIDs(viaWire.Grants))
	}
	r, err := real.ListRetirableGrants(gtCtx, &kms.ListRetirableGrantsInput{RetiringPrincipal: aws.String(gtRetirer)})
	g.must("ListRetirableGrants over the wire", err)
	if d := cmp.Diff(direct.Grants, r.Grants, gtIgnore); d != "" {
		t.Errorf("ListRetirableGrants (-ListGrants +wire):\n%s", d)
	}
	_, err = real.DescribeKey(gtCtx, &kms.DescribeKeyInput{KeyId: aws.String(id), GrantTokens: []string{*out.GrantToken}})
	g.must("A0.15.2 DescribeKey with the token over the wire", err)
	_, err = real.RevokeGrant(gtCtx, &kms.RevokeGrantInput{KeyId: aws.String(id), GrantId: aws.String("nope")})
	if !errors.As(err, new(*types.InvalidGrantIdException)) {
		t.Errorf("A43.3.1 A0.8.1: RevokeGrant with a malformed ID over the wire: %v", err)
	}
	_, err = real.RetireGrant(gtCtx, &kms.RetireGrantInput{GrantToken: out.GrantToken, DryRun: aws.Bool(true)})
	if !errors.As(err, new(*types.DryRunOperationException)) {
		t.Errorf("A0.14.3: RetireGrant DryRun over the wire: %v", err)
	}
	_, err = real.RetireGrant(gtCtx, &kms.RetireGrantInput{GrantToken: out.GrantToken})
	g.must("RetireGrant over the wire", err)
	if got := g.list(g.c(gtE1), &kms.ListGrantsInput{KeyId: aws.String(id)}).Grants; len(got) != 0 {
		t.Errorf("the grant survived RetireGrant over the wire")
	}
}

// TestGrantsEvents: each grant call writes its CloudTrail record in the
// called Region (R10.1.1), naming the key (R10.1.1 resources); CreateGrant's
// response element is the grant ID alone, never the token (R10.1.3), and a
// failed call is recorded with its error (R10.1.4).
func TestGrantsEvents(t *testing.T) {
	g := gtNew(t)
	id := g.key(gtE1, nil)
	out := g.grant(g.c(gtE1), gtDecrypt(id))
	_, err := g.c(gtE1).RevokeGrant(gtCtx, &kms.RevokeGrantInput{KeyId: aws.String(id), GrantId: aws.String("bad")})
	if err == nil {
		t.Fatalf("RevokeGrant with a malformed ID succeeded")
	}
	evs := g.w.Events(sim.EventFilter{EventName: "CreateGrant"})
	if len(evs) != 1 {
		t.Fatalf("%d CreateGrant records, want 1", len(evs))
	}
	e := evs[0]
	if want := `{"grantId":"` + *out.GrantId + `"}`; string(e.ResponseElements) != want {
		t.Errorf("R10.1.3: responseElements %s, want %s", e.ResponseElements, want)
	}
	if strings.Contains(string(e.ResponseElements), *out.GrantToken) {
		t.Errorf("R10.1.3: the grant token is logged")
	}
	if !strings.Contains(string(e.RequestParameters), `"granteePrincipal":"`+gtGrantee+`"`) || e.AWSRegion != gtE1 {
		t.Errorf("R10.1.2: record %s in %s", e.RequestParameters, e.AWSRegion)
	}
	if len(e.Resources) != 1 || e.Resources[0].ARN != gtARN(gtE1, sim.DefaultAccount, id) {
		t.Errorf("R10.1.1: resources %+v", e.Resources)
	}
	rv := g.w.Events(sim.EventFilter{EventName: "RevokeGrant"})
	if len(rv) != 1 || rv[0].ErrorCode != gtGI || string(rv[0].ResponseElements) != "null" {
		t.Errorf("R10.1.4: RevokeGrant records %+v", rv)
	}
}
