package sim_test

// The surface actions of TestStateMachine (issue 6): aliases, tags, key
// policies and grants, the properties that belong to one member of a set
// and never to the set (SPEC R2.4.1). Each action predicts its outcome from
// the previous state like the lifecycle actions do, and checks its effect;
// checkSurface (called from check after every step) holds the invariant
// that no independent property ever leaks from one member to another:
//
//   - aliases change only in the account and Region an alias call was sent
//     to (R1.3.1, R1.3.2), or when the clock deletes their key (R1.3.5);
//     every alias names a key that exists in its own account and Region;
//   - grants change only on the member a grant call addressed (R2.4.1,
//     A5), or when the clock deletes that member (R6.11); every grant
//     belongs to an existing member; a grant ID or token never works on
//     another member of its set (RevokeGrant and RetireGrant predict
//     NotFoundException there);
//   - tags, policy and description change only on the member addressed
//     (the frame check of check, smIndependent).
//
// Every identifier at package level starts with "smx".

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mrksim/mrk/sim"
	"pgregory.net/rapid"
)

const (
	smxAlreadyExists = "AlreadyExistsException"
	smxInvalidName   = "InvalidAliasNameException"
	smxTag           = "TagException"
	smxMalformed     = "MalformedPolicyDocumentException"
)

// smxAliasNames is the pool alias names are drawn from, small so that
// calls meet existing aliases often. drawRef names aliases from it too.
var smxAliasNames = []string{"alias/a", "alias/b", "alias/c"}

// smxTagKeys is the pool of tag keys.
var smxTagKeys = []string{"team", "env", "cost"}

// smxPlace is one account and Region: the scope of aliases (R1.3.1).
type smxPlace struct{ Account, Region string }

// smxGrant is a grant the machine made, with the token it was issued.
type smxGrant struct {
	mem       smMember
	id, token string
}

// drawAliasName draws an alias name: usually from the pool, sometimes one
// CreateAlias refuses (A0.18.2, A0.18.3).
func smxDrawAliasName(t *rapid.T) string {
	switch n := rapid.IntRange(0, 99).Draw(t, "aliasNameKind"); {
	case n < 92:
		return rapid.SampledFrom(smxAliasNames).Draw(t, "aliasName")
	case n < 96:
		return "alias/aws/x" // reserved (A0.18.3)
	default:
		return "a" // no alias/ prefix (A0.18.2)
	}
}

// smxAliasCode is the P2 outcome of an alias name: "" when valid. create
// tells CreateAlias (every name rule) from UpdateAlias and DeleteAlias (the
// prefix rule only; alias/aws/ names then simply do not exist, A49.3.2).
func smxAliasCode(name string, create bool) string {
	switch {
	case len(name) < 6 || name[:6] != "alias/":
		return smValidation
	case create && len(name) >= 10 && name[:10] == "alias/aws/":
		return smxInvalidName
	}
	return ""
}

// smxFindAlias finds an alias of a snapshot.
func smxFindAlias(s sim.Snapshot, p smxPlace, name string) *sim.AliasSnapshot {
	for i := range s.Aliases {
		a := &s.Aliases[i]
		if a.Account == p.Account && a.Region == p.Region && a.Name == name {
			return a
		}
	}
	return nil
}

// smxResolveTarget predicts the resolution of CreateAlias' and
// UpdateAlias' TargetKeyId: key ID or key ARN in the caller's account and
// called Region; an alias form is a ValidationException (A3.3.3, O40) and,
// their error lists lacking InvalidArnException, a malformed ARN is
// NotFoundException (A0.12.4, O-6).
func smxResolveTarget(s sim.Snapshot, r smRef) (string, *sim.KeySnapshot) {
	switch r.form {
	case smFormAliasName, smFormAliasARN:
		return smValidation, nil
	case smFormMalformedARN:
		return smNotFound, nil
	}
	return smResolve(s, r, false, false)
}

// smxClass is the key type UpdateAlias keeps (R1.3.4).
func smxClass(k *sim.KeySnapshot) string {
	switch {
	case k.Spec == "SYMMETRIC_DEFAULT":
		return "symmetric"
	case len(k.Spec) > 5 && k.Spec[:5] == "HMAC_":
		return "HMAC"
	}
	return "asymmetric"
}

func (m *smMachine) CreateAlias(t *rapid.T) {
	name := smxDrawAliasName(t)
	r := m.drawRef(t, m.pickTarget(t))
	before := m.w.Snapshot()
	want := smxAliasCode(name, true)
	var k *sim.KeySnapshot
	if r.form == smFormEmpty {
		want = smValidation // P1 comes first (A0.11)
	} else if want == "" {
		want, k = smxResolveTarget(before, r)
	}
	if k != nil {
		want = smGate["CreateAlias"][k.State]
		if want == "" && smxFindAlias(before, smxPlace{r.account, r.region}, name) != nil {
			want = smxAlreadyExists // A3.3.6
		}
	}
	err := m.do(t, "CreateAlias", fmt.Sprintf("CreateAlias(%s → %s)", name, r), want, func() error {
		_, err := m.client(r.account, r.region).CreateAlias(m.ctx, &kms.CreateAliasInput{AliasName: aws.String(name), TargetKeyId: aws.String(r.value)})
		return err
	})
	if err == nil {
		p := smxPlace{r.account, r.region}
		m.aliasTouched[p] = true
		a := smxFindAlias(m.w.Snapshot(), p, name)
		if a == nil || a.TargetKeyID != k.KeyID {
			t.Fatalf("after CreateAlias(%s → %s) the alias is %+v", name, smOf(*k), a)
		}
	}
}

// pickAlias chooses an existing alias of the last snapshot, if any.
func (m *smMachine) pickAlias(t *rapid.T) *sim.AliasSnapshot {
	if len(m.prev.Aliases) == 0 || rapid.IntRange(0, 3).Draw(t, "existingAlias") == 0 {
		return nil
	}
	return &m.prev.Aliases[rapid.IntRange(0, len(m.prev.Aliases)-1).Draw(t, "alias")]
}

func (m *smMachine) UpdateAlias(t *rapid.T) {
	name := smxDrawAliasName(t)
	var r smRef
	if a := m.pickAlias(t); a != nil {
		// A key of the alias's place, usually of its target's type.
		name = a.Name
		var pool []smMember
		for _, k := range m.prev.Keys {
			if k.Account == a.Account && k.Region == a.Region {
				pool = append(pool, smOf(k))
			}
		}
		r = m.drawRef(t, pool[rapid.IntRange(0, len(pool)-1).Draw(t, "newTarget")])
	} else {
		r = m.drawRef(t, m.pickTarget(t))
	}
	before := m.w.Snapshot()
	p := smxPlace{r.account, r.region}
	want := smxAliasCode(name, false)
	var k *sim.KeySnapshot
	cur := smxFindAlias(before, p, name)
	if r.form == smFormEmpty {
		want = smValidation // P1 comes first (A0.11)
	} else if want == "" && cur == nil {
		want = smNotFound // A49.3.2
	}
	if want == "" {
		want, k = smxResolveTarget(before, r)
	}
	if k != nil {
		// R3.6.3: the new target's deletion states refuse; the current
		// target's state does not matter.
		want = smGate["UpdateAlias"][k.State]
		if old := smFind(before, smMember{cur.Account, cur.Region, cur.TargetKeyID}); want == "" && old != nil &&
			(old.Usage != k.Usage || smxClass(old) != smxClass(k)) {
			want = smValidation // R1.3.4, O98
		}
	}
	err := m.do(t, "UpdateAlias", fmt.Sprintf("UpdateAlias(%s → %s)", name, r), want, func() error {
		_, err := m.client(r.account, r.region).UpdateAlias(m.ctx, &kms.UpdateAliasInput{AliasName: aws.String(name), TargetKeyId: aws.String(r.value)})
		return err
	})
	if err == nil {
		m.aliasTouched[p] = true
		a := smxFindAlias(m.w.Snapshot(), p, name)
		if a == nil || a.TargetKeyID != k.KeyID || !a.Created.Equal(cur.Created) {
			t.Fatalf("after UpdateAlias(%s → %s) the alias is %+v (was %+v)", name, smOf(*k), a, cur)
		}
	}
}

func (m *smMachine) DeleteAlias(t *rapid.T) {
	name := smxDrawAliasName(t)
	p := smxPlace{m.drawAccount(t), m.drawRegion(t, "region")}
	if a := m.pickAlias(t); a != nil {
		name, p = a.Name, smxPlace{a.Account, a.Region}
	}
	before := m.w.Snapshot()
	want := smxAliasCode(name, false)
	if want == "" && smxFindAlias(before, p, name) == nil {
		want = smNotFound // A8.3.2
	}
	err := m.do(t, "DeleteAlias", fmt.Sprintf("DeleteAlias(%s in %s as %s)", name, p.Region, p.Account), want, func() error {
		_, err := m.client(p.Account, p.Region).DeleteAlias(m.ctx, &kms.DeleteAliasInput{AliasName: aws.String(name)})
		return err
	})
	if err == nil {
		m.aliasTouched[p] = true
		if a := smxFindAlias(m.w.Snapshot(), p, name); a != nil {
			t.Fatalf("after DeleteAlias(%s) the alias is still there: %+v", name, a)
		}
	}
}

// ListAliases checks that the listing of an account and Region is exactly
// its aliases (R1.3.1), across pages.
func (m *smMachine) ListAliases(t *rapid.T) {
	p := smxPlace{m.drawAccount(t), m.drawRegion(t, "region")}
	limit := rapid.IntRange(1, 3).Draw(t, "limit")
	var got []string
	var marker *string
	for {
		var out *kms.ListAliasesOutput
		m.do(t, "ListAliases", fmt.Sprintf("ListAliases(%s as %s, limit %d)", p.Region, p.Account, limit), "", func() (err error) {
			out, err = m.client(p.Account, p.Region).ListAliases(m.ctx, &kms.ListAliasesInput{Limit: aws.Int32(int32(limit)), Marker: marker})
			return err
		})
		for _, a := range out.Aliases {
			got = append(got, aws.ToString(a.AliasName)+"→"+aws.ToString(a.TargetKeyId))
		}
		if !out.Truncated {
			break
		}
		marker = out.NextMarker
	}
	var want []string
	for _, a := range m.w.Snapshot().Aliases {
		if a.Account == p.Account && a.Region == p.Region {
			want = append(want, a.Name+"→"+a.TargetKeyID)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("ListAliases in %s as %s lists %v; the world has %v (R1.3.1)", p.Region, p.Account, got, want)
	}
}

// smxDrawTags draws 0-3 tags from the pool, sometimes one with the
// reserved aws: prefix (A0.17.2).
func smxDrawTags(t *rapid.T) (tags []types.Tag, reserved bool) {
	if rapid.IntRange(0, 19).Draw(t, "nilTags") > 0 {
		tags = []types.Tag{} // present; nil is a missing required member (P1)
	}
	for i, key := range smxTagKeys {
		if !rapid.Bool().Draw(t, "withTag") {
			continue
		}
		if rapid.IntRange(0, 29).Draw(t, "reservedTag") == 0 {
			key, reserved = "aws:x", true
		}
		tags = append(tags, types.Tag{TagKey: aws.String(key), TagValue: aws.String(fmt.Sprintf("v%d", i+rapid.IntRange(0, 2).Draw(t, "tagValue")))})
	}
	return tags, reserved
}

func (m *smMachine) TagResource(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t))
	tags, reserved := smxDrawTags(t)
	dup := rapid.IntRange(0, 29).Draw(t, "duplicateTag") == 0 && len(tags) > 0
	if dup {
		tags = append(tags, tags[0]) // A0.17.2: duplicate keys
	}
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, false)
	switch {
	case tags == nil || r.form == smFormEmpty:
		want = smValidation // Tags is required (P1)
	case reserved || dup:
		want = smxTag // A0.17.2: P2, before resolution
	case k != nil:
		want = smGate["TagResource"][k.State]
	}
	err := m.do(t, "TagResource", fmt.Sprintf("TagResource(%s, %d tags)", r, len(tags)), want, func() error {
		_, err := m.client(r.account, r.region).TagResource(m.ctx, &kms.TagResourceInput{KeyId: aws.String(r.value), Tags: tags})
		return err
	})
	if err == nil {
		m.touch(k)
		exp := map[string]string{}
		for _, tg := range k.Tags {
			exp[tg.Key] = tg.Value
		}
		for _, tg := range tags {
			exp[*tg.TagKey] = *tg.TagValue // A0.17.4
		}
		m.checkTags(t, "TagResource", smOf(*k), exp)
	}
}

func (m *smMachine) UntagResource(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t))
	var keys []string
	reserved := false
	for range rapid.IntRange(1, 2).Draw(t, "untagCount") {
		key := rapid.SampledFrom(smxTagKeys).Draw(t, "untagKey")
		if rapid.IntRange(0, 19).Draw(t, "reservedUntag") == 0 {
			key, reserved = "AWS:x", true // any case (A48.3.2, O97)
		}
		keys = append(keys, key)
	}
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, false)
	switch {
	case r.form == smFormEmpty:
		want = smValidation // P1
	case reserved:
		want = smxTag
	case k != nil:
		want = smGate["UntagResource"][k.State]
	}
	err := m.do(t, "UntagResource", fmt.Sprintf("UntagResource(%s, %v)", r, keys), want, func() error {
		_, err := m.client(r.account, r.region).UntagResource(m.ctx, &kms.UntagResourceInput{KeyId: aws.String(r.value), TagKeys: keys})
		return err
	})
	if err == nil {
		m.touch(k)
		exp := map[string]string{}
		for _, tg := range k.Tags {
			if !slices.Contains(keys, tg.Key) {
				exp[tg.Key] = tg.Value
			}
		}
		m.checkTags(t, "UntagResource", smOf(*k), exp)
	}
}

// checkTags compares a member's tags with exp, both in the snapshot and
// through ListResourceTags in its own Region.
func (m *smMachine) checkTags(t *rapid.T, op string, mem smMember, exp map[string]string) {
	got := map[string]string{}
	for _, tg := range smFind(m.w.Snapshot(), mem).Tags {
		got[tg.Key] = tg.Value
	}
	out, err := m.client(mem.Account, mem.Region).ListResourceTags(m.ctx, &kms.ListResourceTagsInput{KeyId: aws.String(mem.KeyID)})
	if err != nil {
		t.Fatalf("ListResourceTags(%s) after %s: %v", mem, op, err)
	}
	listed := map[string]string{}
	for _, tg := range out.Tags {
		listed[aws.ToString(tg.TagKey)] = aws.ToString(tg.TagValue)
	}
	if !maps.Equal(got, exp) || !maps.Equal(listed, exp) {
		t.Fatalf("after %s, %s has tags %v (listed %v); want %v", op, mem, got, listed, exp)
	}
}

func (m *smMachine) PutKeyPolicy(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t))
	sid := rapid.StringMatching(`[a-z]{1,6}`).Draw(t, "sid")
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":%q,"Effect":"Allow","Principal":{"AWS":"arn:%s:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}`,
		sid, smPartition(r.region), r.account)
	malformed := rapid.IntRange(0, 9).Draw(t, "malformedPolicy") == 0
	if malformed {
		policy = `{"Statement":`
	}
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, false)
	if malformed && r.form != smFormEmpty {
		want = smxMalformed // A39.3.2: P2, before resolution
	} else if k != nil {
		want = "" // every state (R3.6.1)
	}
	err := m.do(t, "PutKeyPolicy", fmt.Sprintf("PutKeyPolicy(%s, sid %q)", r, sid), want, func() error {
		_, err := m.client(r.account, r.region).PutKeyPolicy(m.ctx, &kms.PutKeyPolicyInput{KeyId: aws.String(r.value), Policy: aws.String(policy)})
		return err
	})
	if err == nil {
		m.touch(k)
		out, err := m.client(k.Account, k.Region).GetKeyPolicy(m.ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(k.KeyID)})
		if err != nil || aws.ToString(out.Policy) != policy {
			t.Fatalf("after PutKeyPolicy, GetKeyPolicy(%s) = %v, %v; want the document put", smOf(*k), out, err)
		}
	}
}

func (m *smMachine) CreateGrant(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t))
	ops := []types.GrantOperation{types.GrantOperationDescribeKey}
	if rapid.Bool().Draw(t, "encryptGrant") {
		ops = append(ops, types.GrantOperationEncrypt)
	}
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, true) // cross-account (A0.12.6)
	if k != nil {
		want = smGate["CreateGrant"][k.State]
		if want == "" && len(ops) == 2 && k.Usage != "ENCRYPT_DECRYPT" {
			want = smValidation // A5.3.5
		}
	}
	grantee := fmt.Sprintf("arn:%s:iam::%s:role/r%d", smPartition(r.region), r.account, rapid.IntRange(0, 2).Draw(t, "grantee"))
	var out *kms.CreateGrantOutput
	err := m.do(t, "CreateGrant", fmt.Sprintf("CreateGrant(%s, %v)", r, ops), want, func() (err error) {
		out, err = m.client(r.account, r.region).CreateGrant(m.ctx, &kms.CreateGrantInput{KeyId: aws.String(r.value),
			GranteePrincipal: aws.String(grantee), Operations: ops})
		return err
	})
	if err == nil {
		mem := smOf(*k)
		m.grantTouched[mem] = true
		g := smxGrant{mem, aws.ToString(out.GrantId), aws.ToString(out.GrantToken)}
		m.grants = append(m.grants, g)
		if smxFindGrant(m.w.Snapshot(), mem, g.id) == nil {
			t.Fatalf("CreateGrant on %s returned grant %s, which the world does not hold", mem, g.id)
		}
	}
}

func smxFindGrant(s sim.Snapshot, mem smMember, id string) *sim.GrantSnapshot {
	for i := range s.Grants {
		g := &s.Grants[i]
		if g.Account == mem.Account && g.Region == mem.Region && g.KeyID == mem.KeyID && g.GrantID == id {
			return g
		}
	}
	return nil
}

// pickGrant chooses a grant the machine made (it may be gone since) and the
// member to name it on: its own, or another member of its set, where it
// must not exist (R2.4.1).
func (m *smMachine) pickGrant(t *rapid.T) (smxGrant, smMember, bool) {
	if len(m.grants) == 0 {
		return smxGrant{}, smMember{}, false
	}
	g := m.grants[rapid.IntRange(0, len(m.grants)-1).Draw(t, "grant")]
	on := g.mem
	if rapid.IntRange(0, 2).Draw(t, "grantElsewhere") == 0 {
		on.Region = m.drawRegion(t, "grantRegion")
	}
	return g, on, true
}

func (m *smMachine) RevokeGrant(t *rapid.T) {
	g, on, ok := m.pickGrant(t)
	if !ok {
		return
	}
	before := m.w.Snapshot()
	want := ""
	if smFind(before, on) == nil || smxFindGrant(before, on, g.id) == nil {
		want = smNotFound // A0.12, O88: another member never holds the grant
	}
	err := m.do(t, "RevokeGrant", fmt.Sprintf("RevokeGrant(%s on %s)", g.id[:8], on), want, func() error {
		_, err := m.client(on.Account, on.Region).RevokeGrant(m.ctx, &kms.RevokeGrantInput{KeyId: aws.String(on.KeyID), GrantId: aws.String(g.id)})
		return err
	})
	if err == nil {
		m.grantTouched[on] = true
	}
}

func (m *smMachine) RetireGrant(t *rapid.T) {
	g, on, ok := m.pickGrant(t)
	if !ok {
		return
	}
	before := m.w.Snapshot()
	want := ""
	if smxFindGrant(before, on, g.id) == nil {
		want = smNotFound // the token's grant does not exist in the called Region (A42, O87)
	}
	err := m.do(t, "RetireGrant", fmt.Sprintf("RetireGrant(token of %s in %s)", g.id[:8], on.Region), want, func() error {
		_, err := m.client(on.Account, on.Region).RetireGrant(m.ctx, &kms.RetireGrantInput{GrantToken: aws.String(g.token)})
		return err
	})
	if err == nil {
		m.grantTouched[on] = true
	}
}

// checkSurface is the no-leak invariant of the file comment, from the
// previous snapshot to cur. deleted are the members the clock deleted.
func (m *smMachine) checkSurface(t *rapid.T, prev, cur sim.Snapshot) {
	keys := map[smMember]bool{}
	for _, k := range cur.Keys {
		keys[smOf(k)] = true
	}
	deleted := map[smMember]bool{}
	for _, k := range prev.Keys {
		if !keys[smOf(k)] {
			deleted[smOf(k)] = true
		}
	}

	for _, a := range cur.Aliases {
		if !keys[smMember{a.Account, a.Region, a.TargetKeyID}] {
			t.Fatalf("alias %s in %s names %s, which does not exist there (R1.3.3, R1.3.5)", a.Name, a.Region, a.TargetKeyID)
		}
		p := smxPlace{a.Account, a.Region}
		if old := smxFindAlias(prev, p, a.Name); !m.aliasTouched[p] && (old == nil || *old != a) {
			t.Fatalf("alias %s in %s as %s appeared or changed (%+v → %+v) although no alias call was sent there (R1.3.1, R2.4.1)",
				a.Name, a.Region, a.Account, old, a)
		}
	}
	for _, a := range prev.Aliases {
		p := smxPlace{a.Account, a.Region}
		if smxFindAlias(cur, p, a.Name) == nil && !m.aliasTouched[p] && !deleted[smMember{a.Account, a.Region, a.TargetKeyID}] {
			t.Fatalf("alias %s in %s as %s vanished although neither an alias call nor its key's deletion touched it (R1.3.5)", a.Name, a.Region, a.Account)
		}
	}

	grants := func(s sim.Snapshot) map[smMember][]sim.GrantSnapshot {
		out := map[smMember][]sim.GrantSnapshot{}
		for _, g := range s.Grants {
			mem := smMember{g.Account, g.Region, g.KeyID}
			out[mem] = append(out[mem], g)
		}
		return out
	}
	pg, cg := grants(prev), grants(cur)
	for mem := range cg {
		if !keys[mem] {
			t.Fatalf("grants of %s outlive their key (R6.11)", mem)
		}
	}
	for _, mem := range slices.Collect(maps.Keys(cg)) {
		if _, ok := pg[mem]; !ok {
			pg[mem] = nil
		}
	}
	for mem := range pg {
		if m.grantTouched[mem] || deleted[mem] {
			continue
		}
		if d := cmp.Diff(pg[mem], cg[mem], cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("grants of %s changed although no grant call addressed it (R2.4.1) (-before +after):\n%s", mem, d)
		}
	}
	m.aliasTouched = map[smxPlace]bool{}
	m.grantTouched = map[smMember]bool{}
}

// ListGrants checks that a member lists exactly the grants it holds, never
// another member's (R2.4.1, A31).
func (m *smMachine) ListGrants(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t))
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, true) // every state (R3.6.1)
	var out *kms.ListGrantsOutput
	err := m.do(t, "ListGrants", fmt.Sprintf("ListGrants(%s)", r), want, func() (err error) {
		out, err = m.client(r.account, r.region).ListGrants(m.ctx, &kms.ListGrantsInput{KeyId: aws.String(r.value), Limit: aws.Int32(100)})
		return err
	})
	if err != nil {
		return
	}
	var got, exp []string
	for _, g := range out.Grants {
		got = append(got, aws.ToString(g.GrantId))
	}
	for _, g := range before.Grants {
		if g.Account == k.Account && g.Region == k.Region && g.KeyID == k.KeyID {
			exp = append(exp, g.GrantID)
		}
	}
	slices.Sort(got)
	slices.Sort(exp)
	if out.Truncated || !slices.Equal(got, exp) {
		t.Fatalf("ListGrants(%s) lists %v (truncated %v); the member holds %v", smOf(*k), got, out.Truncated, exp)
	}
}

// ListKeyRotations checks that every member lists its set's rotations,
// the same in each Region (R8.4.1, R8.4.3): every material but the first,
// oldest first, the last one CURRENT; nothing for a key that cannot rotate.
func (m *smMachine) ListKeyRotations(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t))
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, false) // every state (R3.6.1)
	var out *kms.ListKeyRotationsOutput
	err := m.do(t, "ListKeyRotations", fmt.Sprintf("ListKeyRotations(%s)", r), want, func() (err error) {
		out, err = m.client(r.account, r.region).ListKeyRotations(m.ctx, &kms.ListKeyRotationsInput{KeyId: aws.String(r.value), Limit: aws.Int32(1000)})
		return err
	})
	if err != nil {
		return
	}
	var got, exp []string
	for _, e := range out.Rotations {
		got = append(got, aws.ToString(e.KeyMaterialId)+" "+string(e.KeyMaterialState))
	}
	if k.Origin != "AWS_KMS" {
		return // imported material: its entries are the import tests' subject
	}
	if k.Spec == "SYMMETRIC_DEFAULT" {
		for i, id := range k.Materials[1:] {
			state := "NON_CURRENT"
			if i == len(k.Materials)-2 {
				state = "CURRENT"
			}
			exp = append(exp, id+" "+state)
		}
	}
	if out.Truncated || !slices.Equal(got, exp) {
		t.Fatalf("ListKeyRotations(%s) lists %v; the set's rotations are %v (R8.4.1, R8.4.3)", smOf(*k), got, exp)
	}
}

// smxOnDemandFor and smxConflictWindow are the world's defaults
// (sim.Options OnDemandRotationDuration, AutoRotationConflictWindow).
const (
	smxOnDemandFor    = 2 * time.Minute
	smxConflictWindow = 20 * time.Minute
	smxOnDemandLimit  = 25
	smxConflict       = "ConflictException"
	smxLimitExceeded  = "LimitExceededException"
)

// RotateKeyOnDemand starts an on-demand rotation of a set through its
// primary (§8.2); check then expects the new material at its due time in
// every member (R8.1.5, R8.2.4).
func (m *smMachine) RotateKeyOnDemand(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t, smIsPrimary))
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, false)
	var sk smSetKey
	if k != nil {
		sk = smSetKey{k.Account, k.KeyID}
		_, running := m.onDemand[sk]
		switch {
		case smIsReplica(k):
			want = smUnsupp // R8.2.1: before the state (R3.8.1)
		case smGate["RotateKeyOnDemand"][k.State] != "":
			want = smGate["RotateKeyOnDemand"][k.State]
		case k.Spec != "SYMMETRIC_DEFAULT":
			want = smUnsupp // T:ondemand (R3.7.2)
		case running:
			want = "" // R8.2.3: joins the rotation in progress
		case m.onDemandCount[sk] >= smxOnDemandLimit:
			want = smxLimitExceeded // R8.2.2
		case k.RotationEnabled && !k.NextRotation.After(before.Time.Add(smxConflictWindow)):
			want = smxConflict // R8.2.3
		}
	}
	err := m.do(t, "RotateKeyOnDemand", fmt.Sprintf("RotateKeyOnDemand(%s)", r), want, func() error {
		_, err := m.client(r.account, r.region).RotateKeyOnDemand(m.ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(r.value)})
		return err
	})
	if err == nil {
		m.touch(k)
		if _, running := m.onDemand[sk]; !running {
			m.onDemand[sk] = before.Time.Add(smxOnDemandFor)
			m.onDemandCount[sk]++
		}
	}
}
