package sim_test

// Tests of the alias operations through the SDK-shaped client and the
// wire: CreateAlias, UpdateAlias, DeleteAlias, ListAliases, and alias
// names and alias ARNs as KeyId (SPEC §1.3–§1.5; SPEC-API §A3, §A8, §A32,
// §A49, A0.12, A0.18, A0.20).
//
// Every case names its rule: R… and O-… are SPEC.md, A… and On are
// SPEC-API.md, and "file.json:case" is the observation of
// shared/aws-observed the case reproduces. Messages are asserted
// exactly where recorded or marked msg✓; elsewhere only the code. After
// every failing call the world's Snapshot (which holds every alias) must be
// unchanged (A0.11.3).
//
// Package-level identifiers of this file start with "al" (or TestAlias…)
// so that it can sit next to the other tests of package sim_test.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	smithy "github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

const (
	alAcct  = sim.DefaultAccount
	alOther = "444455556666"
	alE1    = "us-east-1"
	alW2    = "us-west-2"
	alEU    = "eu-west-1"

	// alPrefixMsg is A0.18.2's recorded text (msg✓ LS:test_create_alias).
	alPrefixMsg = `Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html`
	// alNoAliasMsg is R1.4.4's recorded text (msg✓ multi_region.json:alias_replicate-key).
	alNoAliasMsg = "Key Aliases are not supported for this operation."
	alNamePat    = `^[a-zA-Z0-9:/_-]+$`
)

var (
	alCtx   = context.Background()
	alStart = time.Date(2026, 9, 12, 9, 51, 58, 562_000_000, time.UTC)
)

func alKeyARN(region, account, id string) string {
	return "arn:aws:kms:" + region + ":" + account + ":key/" + id
}

func alAliasARN(region, account, name string) string {
	return "arn:aws:kms:" + region + ":" + account + ":" + name
}

// ---------------------------------------------------------------------------
// The world under test

type alWorld struct{ testWorld }

func alNew(t *testing.T) *alWorld {
	return &alWorld{newTestWorld(t, alStart, sim.Options{Seed: 11})}
}

func (o *alWorld) create(region string, in *kms.CreateKeyInput) string {
	o.t.Helper()
	if in == nil {
		in = &kms.CreateKeyInput{}
	}
	out, err := o.c(region).CreateKey(alCtx, in)
	o.must("CreateKey", err)
	return *out.KeyMetadata.KeyId
}

// set makes a multi-Region primary in p with Enabled replicas in rs.
func (o *alWorld) set(p string, rs ...string) string {
	o.t.Helper()
	id := o.create(p, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	for _, r := range rs {
		_, err := o.c(p).ReplicateKey(alCtx, &kms.ReplicateKeyInput{KeyId: aws.String(id), ReplicaRegion: aws.String(r)})
		o.must("ReplicateKey", err)
	}
	if len(rs) > 0 {
		o.clk.Add(5 * time.Second) // ReplicaCreatingDuration (R11.3)
	}
	return id
}

func (o *alWorld) schedule(region, id string) {
	o.t.Helper()
	_, err := o.c(region).ScheduleKeyDeletion(alCtx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
	o.must("ScheduleKeyDeletion", err)
}

func (o *alWorld) alias(region, name, target string) {
	o.t.Helper()
	_, err := o.c(region).CreateAlias(alCtx, &kms.CreateAliasInput{AliasName: aws.String(name), TargetKeyId: aws.String(target)})
	o.must("CreateAlias "+name+" in "+region, err)
}

// list returns every alias entry of a Region (of one key when id != "").
func (o *alWorld) list(region, id string) []types.AliasListEntry {
	o.t.Helper()
	in := &kms.ListAliasesInput{Limit: aws.Int32(100)}
	if id != "" {
		in.KeyId = aws.String(id)
	}
	out, err := o.c(region).ListAliases(alCtx, in)
	o.must("ListAliases in "+region, err)
	if out.Truncated || out.NextMarker != nil {
		o.t.Fatalf("more than 100 aliases in %s", region)
	}
	return out.Aliases
}

func alNames(es []types.AliasListEntry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, aws.ToString(e.AliasName))
	}
	return out
}

func (o *alWorld) describe(region, keyID string) (*types.KeyMetadata, error) {
	out, err := o.c(region).DescribeKey(alCtx, &kms.DescribeKeyInput{KeyId: aws.String(keyID)})
	if err != nil {
		return nil, err
	}
	return out.KeyMetadata, nil
}

func (o *alWorld) createAlias(region, name, target *string) func() error {
	return func() error {
		_, err := o.c(*region).CreateAlias(alCtx, &kms.CreateAliasInput{AliasName: name, TargetKeyId: target})
		return err
	}
}

// ---------------------------------------------------------------------------
// Model constraints (P1) and name rules (P2)

// TestAliasValidation: A0.10 P1 ValidationExceptions of the four
// operations (A3.3.1, A8.3.1, A32.3.1, A49.3.1) in member order, then the
// P2 checks: the alias/ prefix (A0.18.2 msg✓), the documented Limit
// (A0.20.3, O32).
func TestAliasValidation(t *testing.T) {
	o := alNew(t)
	id := o.set(alE1)
	long := "alias/" + strings.Repeat("a", 251)
	p := aws.String
	create := func(name, target *string) func() error {
		return func() error {
			_, err := o.c(alE1).CreateAlias(alCtx, &kms.CreateAliasInput{AliasName: name, TargetKeyId: target})
			return err
		}
	}
	update := func(name, target *string) func() error {
		return func() error {
			_, err := o.c(alE1).UpdateAlias(alCtx, &kms.UpdateAliasInput{AliasName: name, TargetKeyId: target})
			return err
		}
	}
	del := func(name *string) func() error {
		return func() error {
			_, err := o.c(alE1).DeleteAlias(alCtx, &kms.DeleteAliasInput{AliasName: name})
			return err
		}
	}
	list := func(keyID *string, limit *int32, marker *string) func() error {
		return func() error {
			_, err := o.c(alE1).ListAliases(alCtx, &kms.ListAliasesInput{KeyId: keyID, Limit: limit, Marker: marker})
			return err
		}
	}
	null := func(path string) string {
		return "Value null at '" + path + "' failed to satisfy constraint: Member must not be null"
	}
	tooLong := func(v, path string, n int) string {
		return fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", v, path, n)
	}
	tooShort := func(path string) string {
		return "Value '' at '" + path + "' failed to satisfy constraint: Member must have length greater than or equal to 1"
	}
	pattern := func(v string) string {
		return "Value '" + v + "' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: " + alNamePat
	}
	for _, c := range []struct {
		rule, op string
		want     otWant
		call     func() error
	}{
		{"A3.1 A0.10.2 both members missing, in member order", "CreateAlias", otVals(null("aliasName"), null("targetKeyId")), create(nil, nil)},
		{"A3.1 AliasName missing", "CreateAlias", otVals(null("aliasName")), create(nil, p(id))},
		{"A3.3.1 AliasName of 257 characters", "CreateAlias", otVals(tooLong(long+"a", "aliasName", 256)), create(p(long+"a"), p(id))},
		{"A3.3.1 AliasName empty", "CreateAlias", otVals(tooShort("aliasName")), create(p(""), p(id))},
		{"A3.3.1 A0.18.1 a space in AliasName", "CreateAlias", otVals(pattern("alias/a b")), create(p("alias/a b"), p(id))},
		{"A3.3.1 A0.18.1 a '.' in AliasName", "CreateAlias", otVals(pattern("alias/a.b")), create(p("alias/a.b"), p(id))},
		{"A0.11.1 P1 pattern before the P2 prefix", "CreateAlias", otVals(pattern("my key")), create(p("my key"), p(id))},
		{"A3.3.1 TargetKeyId empty", "CreateAlias", otVals(tooShort("targetKeyId")), create(p("alias/x"), p(""))},
		{"A3.3.1 TargetKeyId of 2049 characters", "CreateAlias", otVals(tooLong(strings.Repeat("k", 2049), "targetKeyId", 2048)), create(p("alias/x"), p(strings.Repeat("k", 2049)))},
		{"A3.3.1 two violations", "CreateAlias", otVals(pattern("alias/ä"), tooShort("targetKeyId")), create(p("alias/ä"), p(""))},
		{"A3.3.2 A0.18.2 msg✓ LS:test_create_alias the prefix", "CreateAlias", otErr("ValidationException", alPrefixMsg), create(p("my-key"), p(id))},
		{"A0.18.2 msg✓ the prefix before the target's resolution", "CreateAlias", otErr("ValidationException", alPrefixMsg), create(p("my-key"), p("nope"))},
		{"A49.3.1 both members missing", "UpdateAlias", otVals(null("aliasName"), null("targetKeyId")), update(nil, nil)},
		{"A49.3.1 AliasName pattern", "UpdateAlias", otVals(pattern("alias/a@b")), update(p("alias/a@b"), p(id))},
		{"A49.3.1 A0.18.2 O24 the prefix", "UpdateAlias", otErr("ValidationException", alPrefixMsg), update(p("my-key"), p(id))},
		{"A8.3.1 AliasName missing", "DeleteAlias", otVals(null("aliasName")), del(nil)},
		{"A8.3.1 AliasName of 257 characters", "DeleteAlias", otVals(tooLong(long+"a", "aliasName", 256)), del(p(long + "a"))},
		{"A8.3.1 A0.18.2 O24 the prefix", "DeleteAlias", otErr("ValidationException", alPrefixMsg), del(p("my-key"))},
		{"A32.3.1 KeyId empty", "ListAliases", otVals(tooShort("keyId")), list(p(""), nil, nil)},
		{"A32.3.1 Limit 0", "ListAliases", otVals("Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"), list(nil, aws.Int32(0), nil)},
		{"A32.3.1 Limit 1001", "ListAliases", otVals("Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"), list(nil, aws.Int32(1001), nil)},
		{"A32.3.1 Marker empty", "ListAliases", otVals(tooShort("marker")), list(nil, nil, p(""))},
		{"A32.3.1 A0.10.3 three violations in member order", "ListAliases",
			otVals(tooShort("keyId"), "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", tooShort("marker")),
			list(p(""), aws.Int32(0), p(""))},
		{"A32.3.1 A0.20.3 O32 Limit 101, above the documented 100", "ListAliases",
			otVals("Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"), list(nil, aws.Int32(101), nil)},
	} {
		t.Run(c.op+" "+c.rule, func(t *testing.T) { o.fails(t, c.op, c.want, c.call) })
	}
}

// ---------------------------------------------------------------------------
// CreateAlias

// TestAliasCreateAlias: A3.3.6 and A32.3.4 — the alias as ListAliases
// shows it: AliasName, AliasArn, TargetKeyId the plain key ID (A0.12.11,
// R1.2.6), CreationDate and LastUpdatedDate from the world's clock
// (A0.24.1); the call draws no randomness (A0.11.3) and changes nothing
// but the aliases.
func TestAliasCreateAlias(t *testing.T) {
	o := alNew(t)
	id := o.set(alE1)
	o.clk.Add(90 * time.Second)
	now := o.clk.Now()
	before := o.w.Snapshot()
	out, err := o.c(alE1).CreateAlias(alCtx, &kms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: aws.String(alKeyARN(alE1, alAcct, id))})
	o.must("CreateAlias", err)
	if out == nil {
		t.Fatal("A3.2: no output")
	}
	after := o.w.Snapshot()
	want := []sim.AliasSnapshot{{Account: alAcct, Region: alE1, Name: "alias/app", ARN: alAliasARN(alE1, alAcct, "alias/app"),
		TargetKeyID: id, Created: now, LastUpdated: now}}
	if d := cmp.Diff(want, after.Aliases); d != "" {
		t.Errorf("A3.3.6 (-want +got):\n%s", d)
	}
	after.Aliases = before.Aliases
	if d := cmp.Diff(before, after); d != "" {
		t.Errorf("A0.11.3: CreateAlias changed more than its alias, or drew randomness (-before +after):\n%s", d)
	}
	entries := o.list(alE1, "")
	wantEntry := []types.AliasListEntry{{AliasName: aws.String("alias/app"), AliasArn: aws.String("arn:aws:kms:us-east-1:" + alAcct + ":alias/app"),
		TargetKeyId: aws.String(id), CreationDate: aws.Time(now), LastUpdatedDate: aws.Time(now)}}
	if d := cmp.Diff(wantEntry, entries, cmp.AllowUnexported(types.AliasListEntry{})); d != "" {
		t.Errorf("A32.3.4 (-want +got):\n%s", d)
	}
}

// TestAliasCreateAliasErrors: every error of CreateAlias (A3.4) as the SDK
// hands it over, typed where the model defines the code.
func TestAliasCreateAliasErrors(t *testing.T) {
	o := alNew(t)
	id, full, del, prd := o.set(alE1), o.set(alE1), o.set(alE1), o.set(alE1, alW2)
	o.alias(alE1, "alias/taken", id)
	for i := range 50 {
		o.alias(alE1, fmt.Sprintf("alias/full-%02d", i), full)
	}
	o.schedule(alE1, del)
	o.schedule(alE1, prd)
	p := aws.String
	e1 := alE1
	for _, c := range []struct {
		rule         string
		name, target string
		want         otWant
	}{
		{"A0.18.3 O25 reserved alias/aws/", "alias/aws/s3", id, otErrCode("InvalidAliasNameException")},
		{"A0.18.4 O26 nothing after alias/", "alias/", id, otErrCode("InvalidAliasNameException")},
		{"A0.18.4 O26 ':' in the name", "alias/a:b", id, otErrCode("InvalidAliasNameException")},
		{"A3.3.3 O40 an alias name as target", "alias/new", "alias/taken", otErrCode("ValidationException")},
		{"A3.3.3 O40 an alias ARN as target", "alias/new", alAliasARN(alE1, alAcct, "alias/taken"), otErrCode("ValidationException")},
		{"A3.3.3 A0.12.9 an alias ARN of another Region", "alias/new", alAliasARN(alW2, alAcct, "alias/taken"), otErr("NotFoundException", "Invalid arn us-west-2")},
		{"A3.3.3 A0.12.4 O14 a malformed ARN", "alias/new", "arn:aws:kms:us-east-1:" + alAcct + ":grant/x", otErrCode("NotFoundException")},
		{"A0.12.7 msg✓ a malformed key ID", "alias/new", "nope", otErr("NotFoundException", "Invalid keyId 'nope'")},
		{"A0.12.8 msg✓ no such key", "alias/new", "mrk-0123456789abcdef0123456789abcdef",
			otErr("NotFoundException", "Key '"+alKeyARN(alE1, alAcct, "mrk-0123456789abcdef0123456789abcdef")+"' does not exist")},
		{"A0.12.5 msg✓ a key ARN of another Region", "alias/new", alKeyARN(alW2, alAcct, prd), otErr("NotFoundException", "Invalid arn us-west-2")},
		{"A3.3.3 A0.12.6 O15 a key ARN of another account", "alias/new", alKeyARN(alE1, alOther, id), otErrCode("AccessDeniedException")},
		{"A3.3.4 R3.7.1 msg✓ multi_region.json:tag_deleting_us-east-1 E-PD", "alias/new", del,
			otErr("KMSInvalidStateException", alKeyARN(alE1, alAcct, del)+" is pending deletion.")},
		{"A3.3.4 R3.7.1 msg✓ multi_region.json:tag_deleting_us-west-2 E-PRD", "alias/new", alKeyARN(alE1, alAcct, prd),
			otErr("KMSInvalidStateException", alKeyARN(alE1, alAcct, prd)+" is pending replica deletion.")},
		{"A3.3.5 the name is taken", "alias/taken", full, otErrHas("AlreadyExistsException", alAliasARN(alE1, alAcct, "alias/taken"))},
		{"A3.3.5 A0.18.6 the target has 50 aliases", "alias/new", full, otErrCode("LimitExceededException")},
		{"A0.11.1 P4 before P6: a taken name on a key pending deletion", "alias/taken", del,
			otErr("KMSInvalidStateException", alKeyARN(alE1, alAcct, del)+" is pending deletion.")},
	} {
		t.Run(c.rule, func(t *testing.T) {
			o.fails(t, "CreateAlias", c.want, o.createAlias(&e1, p(c.name), p(c.target)))
		})
	}
}

// ---------------------------------------------------------------------------
// UpdateAlias and DeleteAlias

// TestAliasUpdateAlias: §A49 — errors in the order of A49.3, and a
// successful retarget that keeps CreationDate and moves LastUpdatedDate
// (A49.3.6), also while the former target is pending deletion (R3.6.3).
func TestAliasUpdateAlias(t *testing.T) {
	o := alNew(t)
	sym, sym2, del := o.set(alE1), o.set(alE1), o.set(alE1)
	hmac := o.create(alE1, &kms.CreateKeyInput{KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	rsa := o.create(alE1, &kms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeEncryptDecrypt})
	created := o.clk.Now()
	o.alias(alE1, "alias/app", sym)
	o.schedule(alE1, del)
	o.clk.Add(time.Hour)
	update := func(name, target string) func() error {
		return func() error {
			_, err := o.c(alE1).UpdateAlias(alCtx, &kms.UpdateAliasInput{AliasName: aws.String(name), TargetKeyId: aws.String(target)})
			return err
		}
	}
	for _, c := range []struct {
		rule, name, target string
		want               otWant
	}{
		{"A49.3.2 A0.12.9 no such alias", "alias/none", sym2, otErrHas("NotFoundException", "Alias "+alAliasARN(alE1, alAcct, "alias/none")+" is not found.")},
		{"A49.3.2 A0.12.10 alias/aws/ never exists", "alias/aws/ebs", sym2, otErrHas("NotFoundException", alAliasARN(alE1, alAcct, "alias/aws/ebs"))},
		{"A49.3.2 before A49.3.3", "alias/none", "alias/app", otErrHas("NotFoundException", "alias/none")},
		{"A49.3.3 O40 an alias as target", "alias/app", "alias/app", otErrCode("ValidationException")},
		{"A49.3.3 A0.12.7 msg✓ a malformed key ID", "alias/app", "x", otErr("NotFoundException", "Invalid keyId 'x'")},
		{"A49.3.4 R3.6.3 KS10 msg✓ target pending deletion", "alias/app", del, otErr("KMSInvalidStateException", alKeyARN(alE1, alAcct, del)+" is pending deletion.")},
		{"A49.3.5 R1.3.4 O98 another key usage", "alias/app", hmac, otErrCode("ValidationException")},
		{"A49.3.5 R1.3.4 O98 another key type", "alias/app", rsa, otErrCode("ValidationException")},
	} {
		t.Run(c.rule, func(t *testing.T) { o.fails(t, "UpdateAlias", c.want, update(c.name, c.target)) })
	}
	o.must("UpdateAlias", update("alias/app", sym2)())
	o.schedule(alE1, sym2) // R3.6.3: the current target's state does not matter
	o.clk.Add(time.Minute)
	o.must("UpdateAlias away from a key pending deletion", update("alias/app", alKeyARN(alE1, alAcct, sym))())
	got := o.list(alE1, "")
	if len(got) != 1 || aws.ToString(got[0].TargetKeyId) != sym || !got[0].CreationDate.Equal(created) || !got[0].LastUpdatedDate.Equal(o.clk.Now()) {
		t.Errorf("A49.3.6: %+v", got)
	}
	if md, err := o.describe(alE1, "alias/app"); err != nil || aws.ToString(md.KeyId) != sym {
		t.Errorf("R1.5.2(b): DescribeKey after UpdateAlias: %v", err)
	}
}

// TestAliasDeleteAlias: §A8 — a missing alias (A8.3.2), then deletion
// whatever the target's state (A8.3.3): the key stays as it was.
func TestAliasDeleteAlias(t *testing.T) {
	o := alNew(t)
	id := o.set(alE1)
	o.alias(alE1, "alias/app", id)
	o.schedule(alE1, id)
	del := func(region, name string) func() error {
		return func() error {
			_, err := o.c(region).DeleteAlias(alCtx, &kms.DeleteAliasInput{AliasName: aws.String(name)})
			return err
		}
	}
	o.fails(t, "DeleteAlias", otErrHas("NotFoundException", "Alias "+alAliasARN(alE1, alAcct, "alias/none")+" is not found."), del(alE1, "alias/none"))
	o.fails(t, "DeleteAlias", otErrHas("NotFoundException", alAliasARN(alW2, alAcct, "alias/app")), del(alW2, "alias/app"))
	before := o.w.Snapshot()
	o.must("DeleteAlias on a key pending deletion", del(alE1, "alias/app")())
	after := o.w.Snapshot()
	if len(after.Aliases) != 0 {
		t.Errorf("A8.3.4: %+v", after.Aliases)
	}
	if d := cmp.Diff(before.Keys, after.Keys); d != "" {
		t.Errorf("A8.3.4: DeleteAlias changed its key:\n%s", d)
	}
	o.fails(t, "DeleteAlias", otErrCode("NotFoundException"), del(alE1, "alias/app"))
}

// ---------------------------------------------------------------------------
// ListAliases

// TestAliasListAliases: §A32 — every alias of the account and Region in
// name order (A0.20.7, O34), the KeyId filter, Limit (default 50, at most
// 100, A0.20.2), NextMarker and Truncated (A0.20.4), and the errors of
// A32.4.
func TestAliasListAliases(t *testing.T) {
	o := alNew(t)
	a, b, third := o.set(alE1, alW2), o.set(alE1), o.set(alE1)
	c := o.c(alE1)
	empty, err := c.ListAliases(alCtx, &kms.ListAliasesInput{})
	o.must("ListAliases", err)
	if empty.Aliases == nil || len(empty.Aliases) != 0 || empty.Truncated || empty.NextMarker != nil {
		t.Errorf("A32.3.4 A0.20.4: empty listing %+v", empty)
	}
	for i := 119; i >= 0; i-- {
		target := []string{b, a, third}[i%3] // 40 each (A0.18.6)
		o.alias(alE1, fmt.Sprintf("alias/n%03d", i), target)
	}
	p1, err := c.ListAliases(alCtx, &kms.ListAliasesInput{})
	o.must("ListAliases", err)
	if len(p1.Aliases) != 50 || !p1.Truncated || p1.NextMarker == nil || aws.ToString(p1.Aliases[0].AliasName) != "alias/n000" {
		t.Fatalf("A32.3.4 default Limit 50: %d aliases, truncated %v", len(p1.Aliases), p1.Truncated)
	}
	p2, err := c.ListAliases(alCtx, &kms.ListAliasesInput{Limit: aws.Int32(100), Marker: p1.NextMarker})
	o.must("ListAliases", err)
	if len(p2.Aliases) != 70 || p2.Truncated || p2.NextMarker != nil || aws.ToString(p2.Aliases[0].AliasName) != "alias/n050" {
		t.Fatalf("A0.20.4 last page: %d aliases, truncated %v", len(p2.Aliases), p2.Truncated)
	}
	all := append(alNames(p1.Aliases), alNames(p2.Aliases)...)
	if !slices.IsSorted(all) || len(all) != 120 {
		t.Errorf("A0.20.7: %v", all)
	}
	ofB, err := c.ListAliases(alCtx, &kms.ListAliasesInput{KeyId: aws.String(alKeyARN(alE1, alAcct, b)), Limit: aws.Int32(1)})
	o.must("ListAliases KeyId", err)
	if len(ofB.Aliases) != 1 || aws.ToString(ofB.Aliases[0].AliasName) != "alias/n000" || aws.ToString(ofB.Aliases[0].TargetKeyId) != b || !ofB.Truncated {
		t.Errorf("A32.3.2: %+v", ofB.Aliases)
	}
	rest := o.list(alE1, b)
	if len(rest) != 40 {
		t.Errorf("A32.3.2: %d aliases of b", len(rest))
	}
	if got := o.list(alW2, a); len(got) != 0 {
		t.Errorf("R1.3.3: the replica lists the primary's aliases: %v", alNames(got))
	}
	o.schedule(alE1, b) // A32.3.3: no state gate
	if got := o.list(alE1, b); len(got) != 40 {
		t.Errorf("A32.3.3: a key pending deletion lists %d aliases", len(got))
	}
	list := func(region string, in kms.ListAliasesInput) func() error {
		return func() error {
			_, err := o.c(region).ListAliases(alCtx, &in)
			return err
		}
	}
	for _, x := range []struct {
		rule   string
		region string
		in     kms.ListAliasesInput
		want   otWant
	}{
		{"A32.3.2 A0.12.3 msg✓ multi_region.json:alias_replicate-key an alias name as KeyId", alE1, kms.ListAliasesInput{KeyId: aws.String("alias/n001")},
			otErr("InvalidArnException", alNoAliasMsg)},
		{"A32.3.2 A0.12.3 msg✓ an alias ARN as KeyId", alE1, kms.ListAliasesInput{KeyId: aws.String(alAliasARN(alE1, alAcct, "alias/n001"))},
			otErr("InvalidArnException", alNoAliasMsg)},
		{"A32.3.2 A0.12.8 msg✓ no member in the called Region", alEU, kms.ListAliasesInput{KeyId: aws.String(a)},
			otErr("NotFoundException", "Key '"+alKeyARN(alEU, alAcct, a)+"' does not exist")},
		{"A0.20.5 msg✓ rotation.json:invalid_marker", alE1, kms.ListAliasesInput{Marker: aws.String("x")}, otErr("InvalidMarkerException", "")},
		{"A0.20.5 the unfiltered listing's marker with a KeyId", alE1, kms.ListAliasesInput{KeyId: aws.String(a), Marker: p1.NextMarker}, otErr("InvalidMarkerException", "")},
		{"A0.20.5 one key's marker for another key", alE1, kms.ListAliasesInput{KeyId: aws.String(a), Marker: ofB.NextMarker}, otErr("InvalidMarkerException", "")},
		{"A0.20.5 a marker of another Region", alW2, kms.ListAliasesInput{Marker: p1.NextMarker}, otErr("InvalidMarkerException", "")},
	} {
		t.Run(x.rule, func(t *testing.T) { o.fails(t, "ListAliases", x.want, list(x.region, x.in)) })
	}
	// Another account of the world has aliases of its own (R1.3.3).
	if out, err := o.w.ClientFor(alOther, alE1).ListAliases(alCtx, nil); err != nil || len(out.Aliases) != 0 {
		t.Errorf("R1.3.3: another account lists %v, %v", out, err)
	}
}

// ---------------------------------------------------------------------------
// Resolution (R1.4, R1.5)

// TestAliasDescribeKey: R1.4.2, R1.5.2(b), R1.5.3 — DescribeKey with an
// alias name and an alias ARN answers the target in the called Region;
// an alias ARN of another Region is A0.12.9's NotFoundException "Invalid
// arn <region>"; a missing alias R1.3.6's.
func TestAliasDescribeKey(t *testing.T) {
	o := alNew(t)
	id := o.set(alE1, alW2)
	o.alias(alE1, "alias/app", id)
	for _, v := range []string{"alias/app", alAliasARN(alE1, alAcct, "alias/app")} {
		md, err := o.describe(alE1, v)
		if err != nil || aws.ToString(md.KeyId) != id || aws.ToString(md.Arn) != alKeyARN(alE1, alAcct, id) {
			t.Errorf("R1.5.2 DescribeKey %s: %v", v, err)
		}
	}
	describe := func(region, v string) func() error {
		return func() error { _, err := o.describe(region, v); return err }
	}
	for _, c := range []struct {
		rule, region, v string
		want            otWant
	}{
		{"A0.12.9 R1.5.3(1) an alias ARN of another Region", alE1, alAliasARN(alW2, alAcct, "alias/app"), otErr("NotFoundException", "Invalid arn us-west-2")},
		{"A0.12.9 R1.5.3(1) the other way round", alW2, alAliasARN(alE1, alAcct, "alias/app"), otErr("NotFoundException", "Invalid arn us-east-1")},
		{"R1.3.3 R1.3.6 the alias exists in us-east-1 only", alW2, "alias/app", otErrHas("NotFoundException", "Alias "+alAliasARN(alW2, alAcct, "alias/app")+" is not found.")},
		{"R1.3.6 A0.12.9 no such alias", alE1, "alias/none", otErrHas("NotFoundException", "Alias "+alAliasARN(alE1, alAcct, "alias/none")+" is not found.")},
		{"A0.12.10 O17 alias/aws/ names", alE1, "alias/aws/kms", otErrHas("NotFoundException", "Alias "+alAliasARN(alE1, alAcct, "alias/aws/kms")+" is not found.")},
	} {
		t.Run(c.rule, func(t *testing.T) { o.fails(t, "DescribeKey", c.want, describe(c.region, c.v)) })
	}
	// A0.12.6: an alias ARN names the alias of its account.
	other := o.w.ClientFor(alOther, alE1)
	ko, err := other.CreateKey(alCtx, &kms.CreateKeyInput{})
	o.must("CreateKey in another account", err)
	_, err = other.CreateAlias(alCtx, &kms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: ko.KeyMetadata.KeyId})
	o.must("CreateAlias in another account", err)
	if md, err := o.describe(alE1, alAliasARN(alE1, alOther, "alias/app")); err != nil || aws.ToString(md.AWSAccountId) != alOther {
		t.Errorf("A0.12.6: DescribeKey with another account's alias ARN: %v", err)
	}
	if md, err := o.describe(alE1, "alias/app"); err != nil || aws.ToString(md.KeyId) != id {
		t.Errorf("R1.3.3: the alias name is the caller's: %v", err)
	}
}

// TestAliasRefused: R1.4.4, A0.12.3 — operations that take key IDs and key
// ARNs only refuse an existing alias, in either form, with the recorded
// InvalidArnException, as AWS did for a set's alias
// (multi_region.json:alias_replicate-key, alias_update-primary-region;
// rotation.json:alias_get-key-rotation-status, alias_enable-key-rotation,
// alias_disable-key-rotation).
func TestAliasRefused(t *testing.T) {
	o := alNew(t)
	id := o.set(alE1)
	o.alias(alE1, "alias/stackd-mrk", id)
	for _, v := range []string{"alias/stackd-mrk", alAliasARN(alE1, alAcct, "alias/stackd-mrk")} {
		k := aws.String(v)
		for _, c := range []struct {
			rec, op string
			call    func() error
		}{
			{"multi_region.json:alias_replicate-key", "ReplicateKey", func() error {
				_, err := o.c(alE1).ReplicateKey(alCtx, &kms.ReplicateKeyInput{KeyId: k, ReplicaRegion: aws.String(alW2)})
				return err
			}},
			{"multi_region.json:alias_update-primary-region", "UpdatePrimaryRegion", func() error {
				_, err := o.c(alE1).UpdatePrimaryRegion(alCtx, &kms.UpdatePrimaryRegionInput{KeyId: k, PrimaryRegion: aws.String(alW2)})
				return err
			}},
			{"rotation.json:alias_get-key-rotation-status", "GetKeyRotationStatus", func() error {
				_, err := o.c(alE1).GetKeyRotationStatus(alCtx, &kms.GetKeyRotationStatusInput{KeyId: k})
				return err
			}},
			{"rotation.json:alias_enable-key-rotation", "EnableKeyRotation", func() error {
				_, err := o.c(alE1).EnableKeyRotation(alCtx, &kms.EnableKeyRotationInput{KeyId: k})
				return err
			}},
			{"rotation.json:alias_disable-key-rotation", "DisableKeyRotation", func() error {
				_, err := o.c(alE1).DisableKeyRotation(alCtx, &kms.DisableKeyRotationInput{KeyId: k})
				return err
			}},
			{"R1.4.3 ScheduleKeyDeletion", "ScheduleKeyDeletion", func() error {
				_, err := o.c(alE1).ScheduleKeyDeletion(alCtx, &kms.ScheduleKeyDeletionInput{KeyId: k})
				return err
			}},
		} {
			t.Run(c.rec+" "+v, func(t *testing.T) { o.fails(t, c.op, otErr("InvalidArnException", alNoAliasMsg), c.call) })
		}
	}
}

// ---------------------------------------------------------------------------
// Multi-Region sets

// TestAliasMultiRegion: R1.3.3, A0.18.5, A3.5.1, A8.5.1, A49.5.1 — the
// same alias name in each Region of a set names that Region's member;
// creating, updating and deleting it in one Region touches no other.
func TestAliasMultiRegion(t *testing.T) {
	o := alNew(t)
	id := o.set(alE1, alW2, alEU)
	west := o.set(alW2)
	regions := []string{alE1, alW2, alEU}
	byRegion := func(s sim.Snapshot) map[string][]sim.AliasSnapshot {
		m := map[string][]sim.AliasSnapshot{}
		for _, a := range s.Aliases {
			m[a.Region] = append(m[a.Region], a)
		}
		return m
	}
	step := func(what, region string, call func() error) {
		t.Helper()
		before := byRegion(o.w.Snapshot())
		o.clk.Add(time.Second)
		o.must(what+" in "+region, call())
		after := byRegion(o.w.Snapshot())
		for _, r := range regions {
			if r != region {
				if d := cmp.Diff(before[r], after[r]); d != "" {
					t.Errorf("R1.3.3: %s in %s changed %s:\n%s", what, region, r, d)
				}
			}
		}
	}
	for _, r := range regions {
		step("CreateAlias", r, func() error {
			_, err := o.c(r).CreateAlias(alCtx, &kms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: aws.String(id)})
			return err
		})
	}
	for _, r := range regions {
		md, err := o.describe(r, "alias/app")
		if err != nil || aws.ToString(md.Arn) != alKeyARN(r, alAcct, id) {
			t.Errorf("R1.3.3: alias/app in %s: %v", r, err)
		}
		if got := o.list(r, ""); len(got) != 1 || aws.ToString(got[0].AliasArn) != alAliasARN(r, alAcct, "alias/app") || aws.ToString(got[0].TargetKeyId) != id {
			t.Errorf("R1.3.2: %s lists %+v", r, got)
		}
	}
	step("UpdateAlias", alW2, func() error {
		_, err := o.c(alW2).UpdateAlias(alCtx, &kms.UpdateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: aws.String(west)})
		return err
	})
	step("DeleteAlias", alEU, func() error {
		_, err := o.c(alEU).DeleteAlias(alCtx, &kms.DeleteAliasInput{AliasName: aws.String("alias/app")})
		return err
	})
	if md, err := o.describe(alW2, "alias/app"); err != nil || aws.ToString(md.KeyId) != west {
		t.Errorf("A49.5.1: alias/app in us-west-2: %v", err)
	}
	if md, err := o.describe(alE1, "alias/app"); err != nil || aws.ToString(md.KeyId) != id {
		t.Errorf("A49.5.1: alias/app in us-east-1: %v", err)
	}
	// A0.12.8 R1.5.1: the set's key ID names no key where it has no member.
	o.fails(t, "CreateAlias", otErr("NotFoundException", "Key '"+alKeyARN("ap-south-1", alAcct, id)+"' does not exist"),
		o.createAlias(aws.String("ap-south-1"), aws.String("alias/app"), aws.String(id)))
}

// TestAliasDeletedWithKey: R1.3.5, R6.11 — when the mock clock passes the
// end of a member's waiting period the member goes and its aliases with
// it; the other members keep theirs.
func TestAliasDeletedWithKey(t *testing.T) {
	o := alNew(t)
	id := o.set(alE1, alW2)
	o.alias(alE1, "alias/app", id)
	o.alias(alW2, "alias/app", id)
	o.alias(alW2, "alias/west", id)
	o.schedule(alW2, id)
	o.clk.Add(7*24*time.Hour - time.Second)
	if n := len(o.w.Snapshot().Aliases); n != 3 {
		t.Fatalf("R6.4: %d aliases before the end of the waiting period", n)
	}
	o.clk.Add(time.Second)
	s := o.w.Snapshot()
	want := []sim.AliasSnapshot{{Account: alAcct, Region: alE1, Name: "alias/app", ARN: alAliasARN(alE1, alAcct, "alias/app"), TargetKeyID: id,
		Created: alStart.Add(5 * time.Second), LastUpdated: alStart.Add(5 * time.Second)}}
	if d := cmp.Diff(want, s.Aliases); d != "" {
		t.Errorf("R1.3.5 (-want +got):\n%s", d)
	}
	if got := o.list(alW2, ""); len(got) != 0 {
		t.Errorf("R1.3.5: us-west-2 lists %v", alNames(got))
	}
	o.fails(t, "DescribeKey", otErrHas("NotFoundException", "Alias "+alAliasARN(alW2, alAcct, "alias/west")+" is not found."),
		func() error { _, err := o.describe(alW2, "alias/west"); return err })
	if md, err := o.describe(alE1, "alias/app"); err != nil || aws.ToString(md.KeyId) != id {
		t.Errorf("R1.3.3: the primary's alias: %v", err)
	}
}

// ---------------------------------------------------------------------------
// The wire (A0.6) and the real SDK client

// TestAliasWire: the output-less operations answer 200 with an empty body
// (A0.6.5), ListAliases' JSON, and the real aws-sdk-go-v2 client paging
// and decoding typed errors.
func TestAliasWire(t *testing.T) {
	o := alNew(t)
	id := o.set(alE1)
	h := o.w.Handler(nil)
	raw := func(op, body string) (int, string) {
		req := httptest.NewRequest("POST", "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "TrentService."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/"+alE1+"/kms/aws4_request, SignedHeaders=host, Signature=00")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		b, _ := io.ReadAll(rec.Result().Body)
		return rec.Code, string(b)
	}
	if code, body := raw("ListAliases", `{}`); code != 200 || body != `{"Aliases":[],"Truncated":false}` {
		t.Errorf("A32.2 A0.6.2: %d %s", code, body)
	}
	for _, c := range []struct{ op, body string }{
		{"CreateAlias", `{"AliasName":"alias/w","TargetKeyId":"` + id + `"}`},
		{"UpdateAlias", `{"AliasName":"alias/w","TargetKeyId":"` + id + `"}`},
		{"CreateAlias", `{"AliasName":"alias/x","TargetKeyId":"` + id + `"}`},
		{"DeleteAlias", `{"AliasName":"alias/x"}`},
	} {
		if code, body := raw(c.op, c.body); code != 200 || body != "" {
			t.Errorf("A0.6.5 %s: %d %q", c.op, code, body)
		}
	}
	ts := fmt.Sprintf("%d.%03d", alStart.UnixMilli()/1000, alStart.UnixMilli()%1000) // A0.6.4 epoch seconds
	want := `{"Aliases":[{"AliasArn":"` + alAliasARN(alE1, alAcct, "alias/w") + `","AliasName":"alias/w","CreationDate":` + ts +
		`,"LastUpdatedDate":` + ts + `,"TargetKeyId":"` + id + `"}],"Truncated":false}`
	if code, body := raw("ListAliases", `{"KeyId":"`+id+`"}`); code != 200 || body != want {
		t.Errorf("A32.2: %d\n got %s\nwant %s", code, body, want)
	}

	real := kms.New(kms.Options{Region: alE1, HTTPClient: o.w.HTTPClient(), BaseEndpoint: aws.String("http://mrksim.invalid"), RetryMaxAttempts: 1,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}, nil
		})})
	for i := range 30 {
		_, err := real.CreateAlias(alCtx, &kms.CreateAliasInput{AliasName: aws.String(fmt.Sprintf("alias/r%02d", i)), TargetKeyId: aws.String(id)})
		o.must("CreateAlias over the wire", err)
	}
	var names []string
	pager := kms.NewListAliasesPaginator(real, &kms.ListAliasesInput{KeyId: aws.String(id), Limit: aws.Int32(7)})
	for pages := 0; pager.HasMorePages(); pages++ {
		out, err := pager.NextPage(alCtx)
		o.must("ListAliases page", err)
		names = append(names, alNames(out.Aliases)...)
		if pages > 10 {
			t.Fatal("A0.20.4: the pager does not end")
		}
	}
	if len(names) != 31 || names[0] != "alias/r00" || names[30] != "alias/w" || !slices.IsSorted(names) {
		t.Errorf("A0.20.4 A0.20.7 paging over the wire: %v", names)
	}
	for _, c := range []struct {
		rule, op string
		want     otWant
		call     func() error
	}{
		{"A3.3.5", "CreateAlias", otErrCode("AlreadyExistsException"), func() error {
			_, err := real.CreateAlias(alCtx, &kms.CreateAliasInput{AliasName: aws.String("alias/w"), TargetKeyId: aws.String(id)})
			return err
		}},
		{"A0.18.3 O25", "CreateAlias", otErrCode("InvalidAliasNameException"), func() error {
			_, err := real.CreateAlias(alCtx, &kms.CreateAliasInput{AliasName: aws.String("alias/aws/x"), TargetKeyId: aws.String(id)})
			return err
		}},
		{"A0.18.2 msg✓", "UpdateAlias", otErr("ValidationException", alPrefixMsg), func() error {
			_, err := real.UpdateAlias(alCtx, &kms.UpdateAliasInput{AliasName: aws.String("w"), TargetKeyId: aws.String(id)})
			return err
		}},
		{"A8.3.2", "DeleteAlias", otErrCode("NotFoundException"), func() error {
			_, err := real.DeleteAlias(alCtx, &kms.DeleteAliasInput{AliasName: aws.String("alias/none")})
			return err
		}},
		{"A0.20.5 msg✓", "ListAliases", otErr("InvalidMarkerException", ""), func() error {
			_, err := real.ListAliases(alCtx, &kms.ListAliasesInput{Marker: aws.String("x")})
			return err
		}},
		{"A0.12.9", "DescribeKey", otErr("NotFoundException", "Invalid arn us-west-2"), func() error {
			_, err := real.DescribeKey(alCtx, &kms.DescribeKeyInput{KeyId: aws.String(alAliasARN(alW2, alAcct, "alias/w"))})
			return err
		}},
	} {
		t.Run("real client "+c.op+" "+c.rule, func(t *testing.T) {
			before := o.w.Snapshot()
			err := c.call()
			if d := cmp.Diff(before, o.w.Snapshot()); d != "" {
				t.Errorf("A0.11.3: failed %s changed the world:\n%s", c.op, d)
			}
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != c.want.code || !c.want.ok(ae.ErrorMessage()) || !otTyped(err, c.want.code) {
				t.Errorf("%s: %v, want %s", c.op, err, c.want)
			}
		})
	}
	md, err := real.DescribeKey(alCtx, &kms.DescribeKeyInput{KeyId: aws.String("alias/r07")})
	if err != nil || aws.ToString(md.KeyMetadata.KeyId) != id {
		t.Errorf("R1.5.2(b) DescribeKey by alias over the wire: %v", err)
	}
}
