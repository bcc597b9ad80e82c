package sim_test

// Tests of the tag and key-policy operations through the SDK-shaped client
// and the wire: TagResource, UntagResource, ListResourceTags, GetKeyPolicy,
// PutKeyPolicy and ListKeyPolicies (SPEC-API §A27, §A34, §A37, §A39, §A47,
// §A48; SPEC R2.4, R3.6.1, R4.4.3).
//
// Every case names its rule: R… and O-… are SPEC.md, A… and On are
// SPEC-API.md, and "file.json:case" is the observation of
// shared/aws-observed the case reproduces, with the recording's
// account and key ID replaced by the world's. Messages are asserted exactly
// where recorded or marked msg✓; elsewhere only the code. After every
// failing call the world's Snapshot (which holds each key's Tags and
// Policy) must be unchanged (A0.11.3).
//
// Package-level identifiers of this file start with "tg" (or TestTags…) so
// that it can sit next to the other tests of package sim_test.

import (
	"context"
	"encoding/json"
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
	"github.com/mrksim/mrk/mrk"
	"github.com/mrksim/mrk/sim"
)

const (
	tgAcct  = sim.DefaultAccount
	tgOther = "444455556666"
	tgE1    = "us-east-1"
	tgW2    = "us-west-2"
	tgEU    = "eu-west-1"
	tgCN    = "cn-north-1"
	tgCNW   = "cn-northwest-1"

	tgCreating = 5 * time.Second  // ReplicaCreatingDuration default (R11.3)
	tgUpdating = 10 * time.Second // PrimaryUpdatingDuration default (R11.3)

	tgRecordedID = "mrk-00000000000000000000000000000001"
	// tgRecordedDefault is GetKeyPolicy's answer for a replica's default
	// policy (R4.4.3, msg✓ multi_region.json:replica_policy).
	tgRecordedDefault = "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111111111111:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}"
	// tgPolicy is a valid policy in a layout of its own (A0.19.6).
	tgPolicy = "{\"Version\":\"2012-10-17\",\n \"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}\n"

	tgAliasMsg = "Key Aliases are not supported for this operation."
	tgAwsMsg   = "Tags beginning with aws: are reserved"
)

var (
	tgCtx   = context.Background()
	tgStart = time.Date(2026, 9, 12, 9, 51, 58, 562_000_000, time.UTC)
	tgCreds = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", Source: "test"}, nil
	})
)

// tgRec turns a recorded text into this world's: account and key ID.
func tgRec(recorded, keyID string) string {
	return strings.ReplaceAll(strings.ReplaceAll(recorded, "111111111111", tgAcct), tgRecordedID, keyID)
}

func tgARN(region, account, id string) string {
	return "arn:" + mrk.Partition(region) + ":kms:" + region + ":" + account + ":key/" + id
}

// tgDefault is R4.4.3's default policy for an account in a Region's partition.
func tgDefault(region, account string) string {
	return strings.Replace(tgRecordedDefault, "arn:aws:iam::111111111111:root", "arn:"+mrk.Partition(region)+":iam::"+account+":root", 1)
}

func tgTags(kv ...string) []types.Tag {
	var out []types.Tag
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, types.Tag{TagKey: aws.String(kv[i]), TagValue: aws.String(kv[i+1])})
	}
	return out
}

func tgMany(n int) []types.Tag {
	out := make([]types.Tag, n)
	for i := range out {
		out[i] = types.Tag{TagKey: aws.String(fmt.Sprintf("k%02d", i)), TagValue: aws.String(fmt.Sprint(i))}
	}
	return out
}

// tgPairs renders SDK tags as "key=value" strings for comparisons.
func tgPairs(tags []types.Tag) []string {
	out := []string{}
	for _, t := range tags {
		out = append(out, aws.ToString(t.TagKey)+"="+aws.ToString(t.TagValue))
	}
	return out
}

// ---------------------------------------------------------------------------
// The world under test

type tgWorld struct{ testWorld }

func tgNew(t *testing.T) *tgWorld {
	return &tgWorld{newTestWorld(t, tgStart, sim.Options{Seed: 7})}
}

// reads runs call, which must succeed and change nothing.
func (o *tgWorld) reads(t *testing.T, op string, call func() error) {
	t.Helper()
	before := o.w.Snapshot()
	if err := call(); err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	if d := cmp.Diff(before, o.w.Snapshot()); d != "" {
		t.Errorf("%s changed the world (-before +after):\n%s", op, d)
	}
}

func (o *tgWorld) createIn(account, region string, in *kms.CreateKeyInput) string {
	o.t.Helper()
	if in == nil {
		in = &kms.CreateKeyInput{}
	}
	out, err := o.w.ClientFor(account, region).CreateKey(tgCtx, in)
	o.must("CreateKey", err)
	return *out.KeyMetadata.KeyId
}

// set makes a multi-Region primary in p with Enabled replicas in rs.
func (o *tgWorld) set(p string, rs ...string) string { return o.setIn(tgAcct, p, rs...) }

func (o *tgWorld) setIn(account, p string, rs ...string) string {
	o.t.Helper()
	id := o.createIn(account, p, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	for _, r := range rs {
		_, err := o.w.ClientFor(account, p).ReplicateKey(tgCtx, &kms.ReplicateKeyInput{KeyId: aws.String(id), ReplicaRegion: aws.String(r)})
		o.must("ReplicateKey", err)
	}
	if len(rs) > 0 {
		o.clk.Add(tgCreating)
	}
	return id
}

func (o *tgWorld) schedule(region, id string) {
	o.t.Helper()
	_, err := o.c(region).ScheduleKeyDeletion(tgCtx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
	o.must("ScheduleKeyDeletion", err)
}

func (o *tgWorld) promote(region, id, to string) {
	o.t.Helper()
	_, err := o.c(region).UpdatePrimaryRegion(tgCtx, &kms.UpdatePrimaryRegionInput{KeyId: aws.String(id), PrimaryRegion: aws.String(to)})
	o.must("UpdatePrimaryRegion", err)
}

func (o *tgWorld) tag(region, id string, tags ...types.Tag) {
	o.t.Helper()
	_, err := o.c(region).TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: tags})
	o.must("TagResource in "+region, err)
}

func (o *tgWorld) list(region, id string) []string {
	o.t.Helper()
	out, err := o.c(region).ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: aws.String(id)})
	o.must("ListResourceTags in "+region, err)
	return tgPairs(out.Tags)
}

func (o *tgWorld) policy(region, id string) string {
	o.t.Helper()
	out, err := o.c(region).GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: aws.String(id)})
	o.must("GetKeyPolicy in "+region, err)
	if aws.ToString(out.PolicyName) != "default" {
		o.t.Errorf("A27.3.4: PolicyName %q", aws.ToString(out.PolicyName))
	}
	return aws.ToString(out.Policy)
}

func (o *tgWorld) state(region, id string) types.KeyState {
	o.t.Helper()
	out, err := o.c(region).DescribeKey(tgCtx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
	o.must("DescribeKey", err)
	return out.KeyMetadata.KeyState
}

// tgKey is a key in a state, named by its Region and key ID.
type tgKey struct{ region, id string }

func (k tgKey) arn() string { return tgARN(k.region, tgAcct, k.id) }

// keyIn makes a key in a state (R3.1.1), moving the mock clock as needed.
func (o *tgWorld) keyIn(state types.KeyState) tgKey {
	o.t.Helper()
	var k tgKey
	switch state {
	case types.KeyStateEnabled:
		k = tgKey{tgE1, o.set(tgE1)}
	case types.KeyStateDisabled:
		k = tgKey{tgE1, o.set(tgE1)}
		_, err := o.c(tgE1).DisableKey(tgCtx, &kms.DisableKeyInput{KeyId: aws.String(k.id)})
		o.must("DisableKey", err)
	case types.KeyStatePendingDeletion:
		k = tgKey{tgE1, o.set(tgE1)}
		o.schedule(k.region, k.id)
	case types.KeyStatePendingReplicaDeletion:
		k = tgKey{tgE1, o.set(tgE1, tgW2)}
		o.schedule(k.region, k.id)
	case types.KeyStatePendingImport:
		k = tgKey{tgE1, o.createIn(tgAcct, tgE1, &kms.CreateKeyInput{MultiRegion: aws.Bool(true), Origin: types.OriginTypeExternal})}
	case types.KeyStateCreating:
		id := o.set(tgE1)
		_, err := o.c(tgE1).ReplicateKey(tgCtx, &kms.ReplicateKeyInput{KeyId: aws.String(id), ReplicaRegion: aws.String(tgW2)})
		o.must("ReplicateKey", err)
		o.clk.Add(tgCreating - time.Second) // R11.3: not yet
		k = tgKey{tgW2, id}
	case types.KeyStateUpdating:
		id := o.set(tgE1, tgW2)
		o.promote(tgE1, id, tgW2)
		o.clk.Add(tgUpdating - time.Second)
		k = tgKey{tgW2, id}
	default:
		o.t.Fatalf("no fixture for %s", state)
	}
	if got := o.state(k.region, k.id); got != state {
		o.t.Fatalf("fixture is %s, want %s", got, state)
	}
	return k
}

var tgStates = []types.KeyState{types.KeyStateEnabled, types.KeyStateDisabled, types.KeyStatePendingDeletion,
	types.KeyStatePendingReplicaDeletion, types.KeyStatePendingImport, types.KeyStateCreating, types.KeyStateUpdating}

// tgOps are the six operations, each called on a KeyId with otherwise
// valid members.
var tgOps = []struct {
	name string
	op   mrk.Op
	call func(c *sim.Client, id *string) error
}{
	{"TagResource", mrk.OpTagResource, func(c *sim.Client, id *string) error {
		_, err := c.TagResource(tgCtx, &kms.TagResourceInput{KeyId: id, Tags: tgTags("team", "core")})
		return err
	}},
	{"UntagResource", mrk.OpUntagResource, func(c *sim.Client, id *string) error {
		_, err := c.UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: id, TagKeys: []string{"team"}})
		return err
	}},
	{"ListResourceTags", mrk.OpListResourceTags, func(c *sim.Client, id *string) error {
		_, err := c.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: id})
		return err
	}},
	{"GetKeyPolicy", mrk.OpGetKeyPolicy, func(c *sim.Client, id *string) error {
		_, err := c.GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: id})
		return err
	}},
	{"PutKeyPolicy", mrk.OpPutKeyPolicy, func(c *sim.Client, id *string) error {
		_, err := c.PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: id, Policy: aws.String(tgPolicy)})
		return err
	}},
	{"ListKeyPolicies", mrk.OpListKeyPolicies, func(c *sim.Client, id *string) error {
		_, err := c.ListKeyPolicies(tgCtx, &kms.ListKeyPoliciesInput{KeyId: id})
		return err
	}},
}

// ---------------------------------------------------------------------------
// Recorded behaviour

// TestTagsRecorded replays the tag and policy calls of
// multi_region.json: a primary in us-east-1, its replica in us-west-2, the
// primary moved to us-west-2, then both scheduled for deletion.
func TestTagsRecorded(t *testing.T) {
	o := tgNew(t)
	id := o.set(tgE1, tgW2)

	// replica_tags: {"Tags": [], "Truncated": false}
	out, err := o.c(tgW2).ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: aws.String(id)})
	o.must("ListResourceTags", err)
	if out.Tags == nil || len(out.Tags) != 0 || out.Truncated || out.NextMarker != nil {
		t.Errorf("A37.3.3 multi_region.json:replica_tags: %+v", out)
	}
	// replica_policy: the replica's own default policy, PolicyName default.
	gp, err := o.c(tgW2).GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: aws.String(id)})
	o.must("GetKeyPolicy", err)
	if aws.ToString(gp.Policy) != tgRec(tgRecordedDefault, id) || aws.ToString(gp.PolicyName) != "default" {
		t.Errorf("R4.4.3 A27.3.4 multi_region.json:replica_policy: %q, %q", aws.ToString(gp.Policy), aws.ToString(gp.PolicyName))
	}

	o.promote(tgE1, id, tgW2)
	o.clk.Add(tgUpdating)
	o.schedule(tgE1, id) // now a replica: PendingDeletion
	o.schedule(tgW2, id) // the primary with a replica: PendingReplicaDeletion
	east, west := o.c(tgE1), o.c(tgW2)
	pd := tgRec("arn:aws:kms:us-east-1:111111111111:key/mrk-00000000000000000000000000000001 is pending deletion.", id)
	prd := tgRec("arn:aws:kms:us-west-2:111111111111:key/mrk-00000000000000000000000000000001 is pending replica deletion.", id)
	cases := []struct {
		rule string
		op   string
		want otWant
		call func() error
	}{
		{"A47.3.4 R3.6.5 multi_region.json:tag_deleting_us-east-1", "TagResource", otErr("KMSInvalidStateException", pd), func() error {
			_, err := east.TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: tgTags("k", "v")})
			return err
		}},
		{"A47.3.4 R3.6.5 O-19 multi_region.json:tag_deleting_us-west-2", "TagResource", otErr("KMSInvalidStateException", prd), func() error {
			_, err := west.TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: tgTags("k", "v")})
			return err
		}},
		{"A48.3.3 multi_region.json:untag_deleting_us-east-1", "UntagResource", otErr("KMSInvalidStateException", pd), func() error {
			_, err := east.UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{"k"}})
			return err
		}},
		{"A48.3.3 multi_region.json:untag_deleting_us-west-2", "UntagResource", otErr("KMSInvalidStateException", prd), func() error {
			_, err := west.UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{"k"}})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) { o.fails(t, c.op, c.want, c.call) })
	}
	// deleting_policy_us-east-1 / us-west-2: GetKeyPolicy works while deleting.
	for _, r := range []string{tgE1, tgW2} {
		if got := o.policy(r, id); got != tgRec(tgRecordedDefault, id) {
			t.Errorf("A27.3.2 multi_region.json:deleting_policy_%s: %q", r, got)
		}
	}
	// put_deleting_policy_us-east-1 / us-west-2: PutKeyPolicy works, output {}.
	for _, r := range []string{tgE1, tgW2} {
		_, err := o.c(r).PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), Policy: aws.String(tgPolicy), PolicyName: aws.String("default")})
		if err != nil {
			t.Errorf("A39.3.3 multi_region.json:put_deleting_policy_%s: %v", r, err)
		}
		if got := o.policy(r, id); got != tgPolicy {
			t.Errorf("A0.19.6 policy after PutKeyPolicy in %s: %q", r, got)
		}
	}
}

// ---------------------------------------------------------------------------
// P1 model constraints (A0.10)

func TestTagsValidation(t *testing.T) {
	o := tgNew(t)
	id := o.set(tgE1)
	c := o.c(tgE1)
	key := aws.String(id)
	long129 := strings.Repeat("k", 129)
	long257 := strings.Repeat("v", 257)
	cases := []struct {
		rule string
		op   string
		want otWant
		call func() error
	}{
		{"A47.3.1 Tags absent", "TagResource",
			otVals("Value null at 'tags' failed to satisfy constraint: Member must not be null"),
			func() error { _, err := c.TagResource(tgCtx, &kms.TagResourceInput{KeyId: key}); return err }},
		{"A47.3.1 KeyId and Tags absent, in member order", "TagResource",
			otVals("Value null at 'keyId' failed to satisfy constraint: Member must not be null", "Value null at 'tags' failed to satisfy constraint: Member must not be null"),
			func() error { _, err := c.TagResource(tgCtx, &kms.TagResourceInput{}); return err }},
		{"A0.17.1 empty TagKey", "TagResource",
			otVals("Value '' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			func() error {
				_, err := c.TagResource(tgCtx, &kms.TagResourceInput{KeyId: key, Tags: tgTags("", "v")})
				return err
			}},
		{"A0.17.1 (msg✓ LS too_long_key) TagKey of 129 characters", "TagResource",
			otVals("Value '" + long129 + "' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128"),
			func() error {
				_, err := c.TagResource(tgCtx, &kms.TagResourceInput{KeyId: key, Tags: tgTags("ok", "v", long129, "v")})
				return err
			}},
		{"A0.17.1 (msg✓ LS long_tag_value) TagValue of 257 characters", "TagResource",
			otVals("Value '" + long257 + "' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256"),
			func() error {
				_, err := c.TagResource(tgCtx, &kms.TagResourceInput{KeyId: key, Tags: tgTags("k", long257)})
				return err
			}},
		{"A0.17.1 TagKey and TagValue absent", "TagResource",
			otVals("Value null at 'tags.1.member.tagKey' failed to satisfy constraint: Member must not be null", "Value null at 'tags.1.member.tagValue' failed to satisfy constraint: Member must not be null"),
			func() error {
				_, err := c.TagResource(tgCtx, &kms.TagResourceInput{KeyId: key, Tags: []types.Tag{{}}})
				return err
			}},
		{"A0.11.1 P1 before the P2 aws: rule", "TagResource",
			otVals("Value '" + long257 + "' at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256"),
			func() error {
				_, err := c.TagResource(tgCtx, &kms.TagResourceInput{KeyId: key, Tags: tgTags("aws:x", "v", "k", long257)})
				return err
			}},
		{"A48.3.1 TagKeys absent", "UntagResource",
			otVals("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"),
			func() error { _, err := c.UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: key}); return err }},
		{"A48.3.1 empty tag key", "UntagResource",
			otVals("Value '' at 'tagKeys.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			func() error {
				_, err := c.UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: key, TagKeys: []string{"a", ""}})
				return err
			}},
		{"A48.3.1 tag key of 129 characters, before the P2 aws: rule", "UntagResource",
			otVals("Value 'aws:" + long129[4:] + "' at 'tagKeys.1.member' failed to satisfy constraint: Member must have length less than or equal to 128"),
			func() error {
				_, err := c.UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: key, TagKeys: []string{"aws:" + long129[4:]}})
				return err
			}},
		{"A37.3.1 A0.20.2 Limit 0", "ListResourceTags",
			otVals("Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"),
			func() error {
				_, err := c.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: key, Limit: aws.Int32(0)})
				return err
			}},
		{"A37.3.1 A0.20.2 Limit 1001 (model range)", "ListResourceTags",
			otVals("Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"),
			func() error {
				_, err := c.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: key, Limit: aws.Int32(1001)})
				return err
			}},
		{"A0.20.3 O32 Limit 51, above the documented 50 (P2)", "ListResourceTags",
			otVals("Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50"),
			func() error {
				_, err := c.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: key, Limit: aws.Int32(51)})
				return err
			}},
		{"A0.11.1 O32 the P2 Limit check before P3 resolution", "ListResourceTags",
			otVals("Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50"),
			func() error {
				_, err := c.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: aws.String("alias/x"), Limit: aws.Int32(51)})
				return err
			}},
		{"A0.20.5 empty Marker", "ListResourceTags",
			otVals("Value '' at 'marker' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			func() error {
				_, err := c.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: key, Marker: aws.String("")})
				return err
			}},
		{"A0.20.5 Marker outside [\\u0020-\\u00FF]", "ListResourceTags",
			otVals("Value 'a\u0100' at 'marker' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\u00FF]*"),
			func() error {
				_, err := c.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: key, Marker: aws.String("a\u0100")})
				return err
			}},
		{"A27.3.1 A0.19.7 empty PolicyName", "GetKeyPolicy",
			otVals("Value '' at 'policyName' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			func() error {
				_, err := c.GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: key, PolicyName: aws.String("")})
				return err
			}},
		{"A27.3.1 A0.19.7 PolicyName of 129 characters", "GetKeyPolicy",
			otVals("Value '" + long129 + "' at 'policyName' failed to satisfy constraint: Member must have length less than or equal to 128"),
			func() error {
				_, err := c.GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: key, PolicyName: aws.String(long129)})
				return err
			}},
		{"A27.3.1 A0.19.7 PolicyName outside [\\w]+", "GetKeyPolicy",
			otVals("Value 'my-policy' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+"),
			func() error {
				_, err := c.GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: key, PolicyName: aws.String("my-policy")})
				return err
			}},
		{"A39.3.1 Policy absent", "PutKeyPolicy",
			otVals("Value null at 'policy' failed to satisfy constraint: Member must not be null"),
			func() error { _, err := c.PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: key}); return err }},
		{"A39.3.1 A0.19.1 empty Policy", "PutKeyPolicy",
			otVals("Value '' at 'policy' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			func() error {
				_, err := c.PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: key, Policy: aws.String("")})
				return err
			}},
		{"A0.19.1 Policy outside the pattern (a control character)", "PutKeyPolicy",
			otVals("Value '{\x01}' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"),
			func() error {
				_, err := c.PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: key, Policy: aws.String("{\x01}")})
				return err
			}},
		{"A0.10.3 A39.1 every member wrong, in member order", "PutKeyPolicy",
			otVals("Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
				"Value 'a b' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+",
				"Value null at 'policy' failed to satisfy constraint: Member must not be null"),
			func() error {
				_, err := c.PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: aws.String(""), PolicyName: aws.String("a b")})
				return err
			}},
		{"A34.3.1 Limit 1001", "ListKeyPolicies",
			otVals("Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"),
			func() error {
				_, err := c.ListKeyPolicies(tgCtx, &kms.ListKeyPoliciesInput{KeyId: key, Limit: aws.Int32(1001)})
				return err
			}},
	}
	for _, op := range tgOps {
		cases = append(cases, struct {
			rule string
			op   string
			want otWant
			call func() error
		}{"A0.10.2 KeyId absent", op.name, otVals("Value null at 'keyId' failed to satisfy constraint: Member must not be null"),
			func() error { return op.call(c, nil) }})
		cases = append(cases, struct {
			rule string
			op   string
			want otWant
			call func() error
		}{"A0.10.2 KeyId of 2049 characters", op.name, otVals("Value '" + strings.Repeat("k", 2049) + "' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048"),
			func() error { return op.call(c, aws.String(strings.Repeat("k", 2049))) }})
	}
	for _, tc := range cases {
		t.Run(tc.op+" "+tc.rule, func(t *testing.T) { o.fails(t, tc.op, tc.want, tc.call) })
	}
	// The model range edges pass P1.
	for _, n := range []int32{1, 50} {
		o.reads(t, "ListResourceTags", func() error {
			_, err := c.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: key, Limit: aws.Int32(n)})
			return err
		})
	}
	for _, n := range []int32{1, 1000} {
		o.reads(t, "ListKeyPolicies", func() error {
			_, err := c.ListKeyPolicies(tgCtx, &kms.ListKeyPoliciesInput{KeyId: key, Limit: aws.Int32(n)})
			return err
		})
	}
	o.reads(t, "GetKeyPolicy with a 128-character word PolicyName fails only at P6", func() error {
		_, err := c.GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: key, PolicyName: aws.String(strings.Repeat("w", 128))})
		var nf *types.NotFoundException
		if errors.As(err, &nf) {
			return nil
		}
		return fmt.Errorf("want NotFoundException, got %v", err)
	})
}

// ---------------------------------------------------------------------------
// P2 and P6 errors of each operation

func TestTagsTagResourceErrors(t *testing.T) {
	cases := []struct {
		rule string
		have []types.Tag
		tags []types.Tag
		want otWant
	}{
		{"A0.17.2(1) duplicate keys (msg✓ LS)", nil, tgTags("a", "1", "a", "2"), otErr("TagException", "Duplicate tag keys")},
		{"A0.17.2(2) 51 tags in one request (msg✓ LS)", nil, tgMany(51), otErr("TagException", "Too many tags")},
		{"A0.17.2(3) aws: prefix (msg✓ LS)", nil, tgTags("aws:team", "x"), otErr("TagException", tgAwsMsg)},
		{"A0.17.2(3) AWS: prefix (msg✓ LS uppercase_prefix)", nil, tgTags("AWS:team", "x"), otErr("TagException", tgAwsMsg)},
		{"A0.17.2(3) aWs: prefix", nil, tgTags("ok", "1", "aWs:team", "x"), otErr("TagException", tgAwsMsg)},
		{"A0.17.2 order: duplicates before too many", nil, append(tgMany(50), tgTags("k00", "x")...), otErr("TagException", "Duplicate tag keys")},
		{"A0.17.2 order: too many before aws:", nil, append(tgMany(50), tgTags("aws:x", "1")...), otErr("TagException", "Too many tags")},
		{"A0.17.3 A47.3.5 O22 a full key gets a new key", tgMany(50), tgTags("new", "1"), otErrCode("LimitExceededException")},
		{"A0.17.3 A47.3.5 O22 49 tags and two new keys", tgMany(49), tgTags("k00", "r", "n1", "1", "n2", "2"), otErrCode("LimitExceededException")},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			o := tgNew(t)
			id := o.set(tgE1)
			if c.have != nil {
				o.tag(tgE1, id, c.have...)
			}
			o.fails(t, "TagResource", c.want, func() error {
				_, err := o.c(tgE1).TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: c.tags})
				return err
			})
		})
	}
	t.Run("A0.11.1 P2 TagException before P3 resolution", func(t *testing.T) {
		o := tgNew(t)
		o.fails(t, "TagResource", otErr("TagException", tgAwsMsg), func() error {
			_, err := o.c(tgE1).TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String("alias/x"), Tags: tgTags("aws:x", "1")})
			return err
		})
	})
	t.Run("A0.11.1 the P4 state before the P6 quota", func(t *testing.T) {
		o := tgNew(t)
		id := o.set(tgE1)
		o.tag(tgE1, id, tgMany(50)...)
		o.schedule(tgE1, id)
		o.fails(t, "TagResource", otErr("KMSInvalidStateException", tgARN(tgE1, tgAcct, id)+" is pending deletion."), func() error {
			_, err := o.c(tgE1).TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: tgTags("new", "1")})
			return err
		})
	})
}

// TestTagsTagResourceEffects: merge and replace (A0.17.4, A47.3.6), the
// 50-tag quota counted after the call (A0.17.3), an empty list (O96).
func TestTagsTagResourceEffects(t *testing.T) {
	o := tgNew(t)
	id := o.set(tgE1)
	o.tag(tgE1, id, tgTags("b", "1", "a", "1")...)
	o.tag(tgE1, id, tgTags("a", "2", "A", "")...)
	if got, want := o.list(tgE1, id), []string{"A=", "a=2", "b=1"}; !slices.Equal(got, want) {
		t.Errorf("A0.17.4 A0.20.7 tags %v, want %v", got, want)
	}
	o.reads(t, "TagResource with an empty list (O96)", func() error {
		_, err := o.c(tgE1).TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: []types.Tag{}})
		return err
	})
	full := o.set(tgE1)
	o.tag(tgE1, full, tgMany(49)...)
	o.tag(tgE1, full, tgTags("k00", "replaced", "last", "1")...) // A0.17.3: exactly 50
	o.tag(tgE1, full, tgMany(50)[:49]...)                        // only replacements on a full key
	if got := o.list(tgE1, full); len(got) != 50 || got[0] != "k00=0" || got[49] != "last=1" {
		t.Errorf("A0.17.3 a full key lists %v", got)
	}
	// Every TagResource on the SDK-shaped client answers an empty output.
	out, err := o.c(tgE1).TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(tgARN(tgE1, tgAcct, id)), Tags: tgTags("by", "arn")})
	if err != nil || out == nil {
		t.Fatalf("A0.12.1 TagResource by key ARN: %v", err)
	}
}

func TestTagsUntagResource(t *testing.T) {
	o := tgNew(t)
	id := o.set(tgE1)
	o.tag(tgE1, id, tgTags("a", "1", "b", "2", "c", "3")...)
	_, err := o.c(tgE1).UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{"b", "absent", "C"}})
	o.must("UntagResource", err)
	if got, want := o.list(tgE1, id), []string{"a=1", "c=3"}; !slices.Equal(got, want) {
		t.Errorf("A48.3.4 tags %v, want %v", got, want)
	}
	o.reads(t, "UntagResource of absent keys (A48.3.4)", func() error {
		_, err := o.c(tgE1).UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{"absent"}})
		return err
	})
	for _, keys := range [][]string{{"aws:a"}, {"a", "AWS:b"}} {
		o.fails(t, "UntagResource", otErr("TagException", tgAwsMsg), func() error {
			_, err := o.c(tgE1).UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: keys})
			return err
		})
	}
	t.Run("A0.11.1 A48.3.2 O97 P2 before P3", func(t *testing.T) {
		o.fails(t, "UntagResource", otErr("TagException", tgAwsMsg), func() error {
			_, err := o.c(tgE1).UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: aws.String("fake-key-id"), TagKeys: []string{"aws:a"}})
			return err
		})
	})
	_, err = o.c(tgE1).UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{"a", "c"}})
	o.must("UntagResource", err)
	if snapTags := tgSnapshotKey(o, tgE1, id).Tags; snapTags != nil {
		t.Errorf("A48.3.4: a key without tags holds %#v in the snapshot", snapTags)
	}
}

func tgSnapshotKey(o *tgWorld, region, id string) sim.KeySnapshot {
	for _, k := range o.w.Snapshot().Keys {
		if k.Account == tgAcct && k.Region == region && k.KeyID == id {
			return k
		}
	}
	o.t.Fatalf("no key %s in %s", id, region)
	return sim.KeySnapshot{}
}

func TestTagsListResourceTagsPaging(t *testing.T) {
	o := tgNew(t)
	id := o.set(tgE1, tgW2)
	other := o.set(tgE1)
	in := tgTags("zeta", "1", "Alpha", "2", "alpha", "3", "beta", "", "mid", "m")
	o.tag(tgE1, id, in...)
	o.tag(tgW2, id, in...)
	o.tag(tgE1, other, in...)
	want := []string{"Alpha=2", "alpha=3", "beta=", "mid=m", "zeta=1"}
	if got := o.list(tgE1, id); !slices.Equal(got, want) {
		t.Errorf("A0.20.7 O34 %v, want %v", got, want)
	}
	// A0.20.4: pages of Limit items; Truncated and NextMarker together.
	var first *kms.ListResourceTagsOutput
	for _, limit := range []int32{1, 2, 3, 5, 50} {
		var got []string
		var marker *string
		for {
			out, err := o.c(tgE1).ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: aws.String(id), Limit: aws.Int32(limit), Marker: marker})
			o.must("ListResourceTags", err)
			if first == nil {
				first = out
			}
			got = append(got, tgPairs(out.Tags)...)
			if out.Truncated != (out.NextMarker != nil) {
				t.Fatalf("A0.20.4 Truncated %v with NextMarker %v", out.Truncated, out.NextMarker)
			}
			if !out.Truncated {
				break
			}
			if len(out.Tags) != int(limit) {
				t.Errorf("A0.20.4 a truncated page of Limit %d holds %d tags", limit, len(out.Tags))
			}
			marker = out.NextMarker
		}
		if !slices.Equal(got, want) {
			t.Errorf("A0.20.4 Limit %d: %v, want %v", limit, got, want)
		}
	}
	marker := first.NextMarker // after "Alpha"
	cases := []struct {
		rule   string
		region string
		id     string
		marker *string
		want   otWant
	}{
		{"A0.20.5 a made-up marker (msg✓ rotation.json:invalid_marker: empty message)", tgE1, id, aws.String("not-a-marker"), otErr("InvalidMarkerException", "")},
		{"A0.20.5 another key's marker", tgE1, other, marker, otErr("InvalidMarkerException", "")},
		{"A0.20.5 R2.4.1 the related key's marker, in the replica's Region", tgW2, id, marker, otErr("InvalidMarkerException", "")},
		{"A0.11.1 P3 resolution before the marker", tgE1, "fake-key-id", aws.String("not-a-marker"), otErr("NotFoundException", "Invalid keyId 'fake-key-id'")},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			o.fails(t, "ListResourceTags", c.want, func() error {
				_, err := o.c(c.region).ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: aws.String(c.id), Marker: c.marker})
				return err
			})
		})
	}
	// A0.20.6: the marker survives changes; a removed last item resumes at the next.
	_, err := o.c(tgE1).UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{"Alpha"}})
	o.must("UntagResource", err)
	out, err := o.c(tgE1).ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: aws.String(tgARN(tgE1, tgAcct, id)), Marker: marker})
	o.must("ListResourceTags after the marker's item went", err)
	if got := tgPairs(out.Tags); !slices.Equal(got, want[1:]) || out.Truncated {
		t.Errorf("A0.20.6 resumed listing %v, want %v", got, want[1:])
	}
}

func TestTagsKeyPolicies(t *testing.T) {
	o := tgNew(t)
	id := o.set(tgE1, tgW2)
	c := o.c(tgE1)
	// A34.3.3: ["default"], never truncated.
	lp, err := c.ListKeyPolicies(tgCtx, &kms.ListKeyPoliciesInput{KeyId: aws.String(id), Limit: aws.Int32(1)})
	o.must("ListKeyPolicies", err)
	if !slices.Equal(lp.PolicyNames, []string{"default"}) || lp.Truncated || lp.NextMarker != nil {
		t.Errorf("A34.3.3 %+v", lp)
	}
	// A0.19.6: stored byte for byte; Bypass accepted without effect (A0.19.4, O29).
	latin1 := strings.Replace(tgPolicy, "kms:*", "kms:*\u00e9", 1)
	for _, p := range []string{tgPolicy, latin1} {
		_, err := c.PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), Policy: aws.String(p), BypassPolicyLockoutSafetyCheck: true})
		o.must("PutKeyPolicy", err)
		if got := o.policy(tgE1, id); got != p {
			t.Errorf("A0.19.6 O31 GetKeyPolicy %q, want %q", got, p)
		}
		if snap := tgSnapshotKey(o, tgE1, id).Policy; snap != p {
			t.Errorf("A0.19.6 the snapshot holds %q", snap)
		}
	}
	pad := func(n int) string {
		base := `{"Statement":{"Effect":"Allow","Principal":"*","Sid":""}}`
		return strings.Replace(base, `"Sid":""`, `"Sid":"`+strings.Repeat("x", n-len(base))+`"`, 1)
	}
	_, err = c.PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), Policy: aws.String(pad(32768)), PolicyName: aws.String("default")})
	o.must("A0.19.2 PutKeyPolicy of exactly 32768 bytes", err)

	put := func(keyID, name, doc string) func() error {
		return func() error {
			in := &kms.PutKeyPolicyInput{KeyId: aws.String(keyID), Policy: aws.String(doc)}
			if name != "" {
				in.PolicyName = aws.String(name)
			}
			_, err := c.PutKeyPolicy(tgCtx, in)
			return err
		}
	}
	get := func(keyID, name string) func() error {
		return func() error {
			_, err := c.GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: aws.String(keyID), PolicyName: aws.String(name)})
			return err
		}
	}
	cases := []struct {
		rule string
		op   string
		want otWant
		call func() error
	}{
		{"A0.19.2 O27 32769 bytes", "PutKeyPolicy", otErrCode("LimitExceededException"), put(id, "", pad(32769))},
		{"A0.19.2 O27 16385 two-byte characters are 32770 bytes", "PutKeyPolicy", otErrCode("LimitExceededException"),
			put(id, "", `{"Statement":{"Effect":"Allow","Principal":"*","Sid":"`+strings.Repeat("é", 16385)+`"}}`)},
		{"A0.19.3 O28 not JSON", "PutKeyPolicy", otErrCode("MalformedPolicyDocumentException"), put(id, "", "{")},
		{"A0.19.3 no Statement", "PutKeyPolicy", otErrCode("MalformedPolicyDocumentException"), put(id, "", `{"Version":"2012-10-17"}`)},
		{"A0.19.3 Effect neither Allow nor Deny", "PutKeyPolicy", otErrCode("MalformedPolicyDocumentException"), put(id, "", `{"Statement":[{"Effect":"Permit","Principal":"*"}]}`)},
		{"A0.19.3 neither Principal nor NotPrincipal", "PutKeyPolicy", otErrCode("MalformedPolicyDocumentException"), put(id, "", `{"Statement":[{"Effect":"Allow"}]}`)},
		{"A39.3.2 A6.3.9 a principal ARN that is not IAM", "PutKeyPolicy", otErrCode("InvalidArnException"), put(id, "", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:kms:us-east-1:111122223333:key/x"}}]}`)},
		{"A39.3.4 O63 PolicyName other than default", "PutKeyPolicy", otErr("NotFoundException", "No such policy exists"), put(id, "other", tgPolicy)},
		{"A39.3.4 PolicyName is case-sensitive", "PutKeyPolicy", otErr("NotFoundException", "No such policy exists"), put(id, "Default", tgPolicy)},
		{"A0.11.1 P2 policy checks before P3 resolution", "PutKeyPolicy", otErrCode("MalformedPolicyDocumentException"), put("alias/x", "other", "{")},
		{"A39.3.3 P3 resolution before the A39.3.4 name", "PutKeyPolicy", otErr("InvalidArnException", tgAliasMsg), put("alias/x", "other", tgPolicy)},
		{"A27.3.3 O63 PolicyName other than default", "GetKeyPolicy", otErr("NotFoundException", "No such policy exists"), get(id, "other")},
		{"A27.3.3 PolicyName is case-sensitive", "GetKeyPolicy", otErr("NotFoundException", "No such policy exists"), get(id, "DEFAULT")},
		{"A27.3.2 P3 resolution before the A27.3.3 name", "GetKeyPolicy", otErr("NotFoundException", "Invalid keyId 'fake-key-id'"), get("fake-key-id", "other")},
		{"A34.3.3 O33 any marker is foreign", "ListKeyPolicies", otErr("InvalidMarkerException", ""), func() error {
			_, err := c.ListKeyPolicies(tgCtx, &kms.ListKeyPoliciesInput{KeyId: aws.String(id), Marker: aws.String("x")})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.op+" "+tc.rule, func(t *testing.T) { o.fails(t, tc.op, tc.want, tc.call) })
	}
}

// ---------------------------------------------------------------------------
// Identifiers (A0.12) and the key-state matrix (R3.6.1)

func TestTagsIdentifiers(t *testing.T) {
	const missing = "0badc0de-1111-4222-8333-444455556666"
	for _, op := range tgOps {
		t.Run(op.name, func(t *testing.T) {
			o := tgNew(t)
			id := o.set(tgE1, tgW2)
			other := o.createIn(tgOther, tgE1, nil)
			cases := []struct {
				rule   string
				region string
				keyID  string
				want   otWant
			}{
				{"A0.12.3 R1.4.4 alias name (msg✓ multi_region.json:alias_replicate-key)", tgE1, "alias/my-key", otErr("InvalidArnException", tgAliasMsg)},
				{"A0.12.3 R1.4.4 alias ARN", tgE1, "arn:aws:kms:us-east-1:" + tgAcct + ":alias/my-key", otErr("InvalidArnException", tgAliasMsg)},
				{"A0.12.4 O-6 ARN of another service", tgE1, "arn:aws:s3:us-east-1:" + tgAcct + ":key/" + id, otErrCode("InvalidArnException")},
				{"A0.12.7 (msg✓ LS) malformed key ID", tgE1, "fake-key-id", otErr("NotFoundException", "Invalid keyId 'fake-key-id'")},
				{"A0.12.8 (msg✓ LS) no such key", tgE1, missing, otErr("NotFoundException", "Key '"+tgARN(tgE1, tgAcct, missing)+"' does not exist")},
				{"A0.12.8 R1.5.1 the set has no member in the called Region", tgEU, id, otErr("NotFoundException", "Key '"+tgARN(tgEU, tgAcct, id)+"' does not exist")},
				{"A0.12.5 (msg✓ LS) the related replica's ARN", tgE1, tgARN(tgW2, tgAcct, id), otErr("NotFoundException", "Invalid arn us-west-2")},
				{"A0.12.6 O-7 another account's key ARN", tgE1, tgARN(tgE1, tgOther, other), otErrCode("AccessDeniedException")},
			}
			for _, c := range cases {
				t.Run(c.rule, func(t *testing.T) {
					o.fails(t, op.name, c.want, func() error { return op.call(o.c(c.region), aws.String(c.keyID)) })
				})
			}
			for _, k := range []tgKey{{tgE1, id}, {tgW2, id}} {
				for _, v := range []string{k.id, k.arn()} {
					if err := op.call(o.c(k.region), aws.String(v)); err != nil {
						t.Errorf("A0.12.1 %s in %s with %s: %v", op.name, k.region, v, err)
					}
				}
			}
		})
	}
}

func TestTagsKeyStates(t *testing.T) {
	for _, op := range tgOps {
		for _, st := range tgStates {
			t.Run(fmt.Sprintf("R3.6.1 %s on %s", op.name, st), func(t *testing.T) {
				o := tgNew(t)
				k := o.keyIn(st)
				s, _ := mrk.ParseState(string(st))
				if e := mrk.Gate(op.op, s).Err(k.arn()); e != nil {
					o.fails(t, op.name, otErr(string(e.Code), e.Message), func() error { return op.call(o.c(k.region), aws.String(k.id)) })
					return
				}
				if err := op.call(o.c(k.region), aws.String(k.id)); err != nil {
					t.Fatalf("%s on a %s key: %v", op.name, st, err)
				}
				if got := o.state(k.region, k.id); got != st {
					t.Errorf("R3.6.1: %s moved the key from %s to %s", op.name, st, got)
				}
			})
		}
	}
	// The cells spelled out (R3.6.1, R3.6.5): only the tag writers are gated.
	for _, op := range tgOps {
		pd, prd := mrk.Gate(op.op, mrk.PendingDeletion), mrk.Gate(op.op, mrk.PendingReplicaDeletion)
		writes := op.op == mrk.OpTagResource || op.op == mrk.OpUntagResource
		if writes != (pd == mrk.EPD) || writes != (prd == mrk.EPRD) {
			t.Errorf("R3.6.1 %s: PendingDeletion %s, PendingReplicaDeletion %s", op.name, pd, prd)
		}
	}
}

// ---------------------------------------------------------------------------
// Independence across a multi-Region set (R2.4.1–R2.4.3, A0.17.6, A0.19.8)

func TestTagsPerMember(t *testing.T) {
	o := tgNew(t)
	id := o.set(tgE1, tgW2)
	o.tag(tgE1, id, tgTags("team", "core")...)
	_, err := o.c(tgE1).PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), Policy: aws.String(tgPolicy)})
	o.must("PutKeyPolicy", err)
	if got := o.list(tgW2, id); len(got) != 0 {
		t.Errorf("A47.5.1 A0.17.6: tagging the primary tagged the replica: %v", got)
	}
	if got := o.policy(tgW2, id); got != tgDefault(tgW2, tgAcct) {
		t.Errorf("A39.5.1 A0.19.8: the replica's policy is %q", got)
	}
	// R2.4.3: a replica made after the primary was tagged starts bare.
	_, err = o.c(tgE1).ReplicateKey(tgCtx, &kms.ReplicateKeyInput{KeyId: aws.String(id), ReplicaRegion: aws.String(tgEU)})
	o.must("ReplicateKey", err)
	if got := o.list(tgEU, id); len(got) != 0 {
		t.Errorf("R2.4.3 the new replica has tags %v", got)
	}
	if got := o.policy(tgEU, id); got != tgDefault(tgEU, tgAcct) {
		t.Errorf("R2.4.3 the new replica's policy is %q", got)
	}
	// The other way round: changes to the replica stay there.
	o.tag(tgW2, id, tgTags("team", "edge", "only", "west")...)
	_, err = o.c(tgW2).UntagResource(tgCtx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{"team"}})
	o.must("UntagResource", err)
	if got := o.list(tgE1, id); !slices.Equal(got, []string{"team=core"}) {
		t.Errorf("R2.4.2 the primary's tags became %v", got)
	}
	if got := o.list(tgW2, id); !slices.Equal(got, []string{"only=west"}) {
		t.Errorf("R2.4.2 the replica's tags are %v", got)
	}
	if got := o.policy(tgE1, id); got != tgPolicy {
		t.Errorf("R2.4.2 the primary's policy became %q", got)
	}
	// R2.4.1: tags and policies stay with their keys across a primary change.
	o.promote(tgE1, id, tgW2)
	o.clk.Add(tgUpdating)
	if got := o.list(tgE1, id); !slices.Equal(got, []string{"team=core"}) {
		t.Errorf("R2.4.1 the former primary's tags became %v", got)
	}
	if got := o.list(tgW2, id); !slices.Equal(got, []string{"only=west"}) {
		t.Errorf("R2.4.1 the new primary's tags became %v", got)
	}
	if got := o.policy(tgW2, id); got != tgDefault(tgW2, tgAcct) {
		t.Errorf("R2.4.1 the new primary's policy became %q", got)
	}
}

// TestTagsDefaultPolicyOwner: every member's default policy names the root
// of the account that owns it, in its Region's partition (R4.4.3, A0.19.5).
func TestTagsDefaultPolicyOwner(t *testing.T) {
	o := tgNew(t)
	for _, c := range []struct {
		rule, account, primary, replica string
	}{
		{"R4.4.3 the default account", tgAcct, tgE1, tgW2},
		{"R4.4.3 A0.4.1 another account", tgOther, tgE1, tgW2},
		{"R4.4.3 R1.2.2 aws-cn", tgOther, tgCN, tgCNW},
	} {
		id := o.setIn(c.account, c.primary, c.replica)
		for _, r := range []string{c.primary, c.replica} {
			out, err := o.w.ClientFor(c.account, r).GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: aws.String(id)})
			o.must("GetKeyPolicy", err)
			if want := tgDefault(r, c.account); aws.ToString(out.Policy) != want {
				t.Errorf("%s: %s's policy in %s is %q, want %q", c.rule, c.account, r, aws.ToString(out.Policy), want)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// The wire (A0.6) and the real SDK client

// TestTagsWire: the recorded response shapes over the KMS JSON protocol,
// and the real aws-sdk-go-v2 client decoding them and the typed errors.
func TestTagsWire(t *testing.T) {
	o := tgNew(t)
	id := o.set(tgE1, tgW2)
	h := o.w.Handler(nil)
	raw := func(region, op, body string) (int, string) {
		req := httptest.NewRequest("POST", "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "TrentService."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/"+region+"/kms/aws4_request, SignedHeaders=host, Signature=00")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		b, _ := io.ReadAll(rec.Result().Body)
		return rec.Code, string(b)
	}
	keyBody := `{"KeyId":"` + id + `"}`
	// multi_region.json:replica_tags: {"Tags": [], "Truncated": false}
	if code, body := raw(tgW2, "ListResourceTags", keyBody); code != 200 || body != `{"Tags":[],"Truncated":false}` {
		t.Errorf("A37.3.3 A0.6.2 ListResourceTags: %d %s", code, body)
	}
	// multi_region.json:replica_policy
	code, body := raw(tgW2, "GetKeyPolicy", keyBody)
	var gp map[string]string
	if err := json.Unmarshal([]byte(body), &gp); code != 200 || err != nil ||
		!cmp.Equal(gp, map[string]string{"Policy": tgRec(tgRecordedDefault, id), "PolicyName": "default"}) {
		t.Errorf("A27.3.4 GetKeyPolicy: %d %s", code, body)
	}
	// A0.6.5: the output-less operations answer an empty body.
	for _, c := range []struct{ op, body string }{
		{"TagResource", `{"KeyId":"` + id + `","Tags":[{"TagKey":"a","TagValue":"1"}]}`},
		{"UntagResource", `{"KeyId":"` + id + `","TagKeys":["a"]}`},
		{"PutKeyPolicy", `{"KeyId":"` + id + `","Policy":` + strings.TrimSpace(tgJSON(t, tgPolicy)) + `,"BypassPolicyLockoutSafetyCheck":true}`},
	} {
		if code, body := raw(tgE1, c.op, c.body); code != 200 || body != "" {
			t.Errorf("A0.6.5 %s: %d %q", c.op, code, body)
		}
	}
	if code, body := raw(tgE1, "ListKeyPolicies", keyBody); code != 200 || body != `{"PolicyNames":["default"],"Truncated":false}` {
		t.Errorf("A34.3.3 ListKeyPolicies: %d %s", code, body)
	}
	if got := o.policy(tgE1, id); got != tgPolicy {
		t.Errorf("A0.19.6 the policy sent over the wire came back as %q", got)
	}

	// The real client, in process.
	real := kms.New(kms.Options{Region: tgE1, Credentials: tgCreds, HTTPClient: o.w.HTTPClient(),
		BaseEndpoint: aws.String("http://mrksim.invalid"), RetryMaxAttempts: 1})
	_, err := real.TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: tgMany(50)})
	o.must("TagResource over the wire", err)
	lt, err := real.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: aws.String(id), Limit: aws.Int32(20)})
	if err != nil || len(lt.Tags) != 20 || !lt.Truncated || lt.NextMarker == nil {
		t.Fatalf("A0.20.4 ListResourceTags over the wire: %+v, %v", lt, err)
	}
	lt2, err := real.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: aws.String(id), Limit: aws.Int32(50), Marker: lt.NextMarker})
	if err != nil || len(lt2.Tags) != 30 || lt2.Truncated || lt2.NextMarker != nil {
		t.Fatalf("A0.20.4 second page over the wire: %+v, %v", lt2, err)
	}
	for _, c := range []struct {
		rule string
		op   string
		want otWant
		call func() error
	}{
		{"A0.17.3 O22", "TagResource", otErrCode("LimitExceededException"), func() error {
			_, err := real.TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: tgTags("one", "more")})
			return err
		}},
		{"A0.17.2(3)", "TagResource", otErr("TagException", tgAwsMsg), func() error {
			_, err := real.TagResource(tgCtx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: tgTags("aws:x", "1")})
			return err
		}},
		{"A0.19.3", "PutKeyPolicy", otErrCode("MalformedPolicyDocumentException"), func() error {
			_, err := real.PutKeyPolicy(tgCtx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), Policy: aws.String("{")})
			return err
		}},
		{"A0.20.5", "ListResourceTags", otErr("InvalidMarkerException", ""), func() error {
			_, err := real.ListResourceTags(tgCtx, &kms.ListResourceTagsInput{KeyId: aws.String(id), Marker: aws.String("x")})
			return err
		}},
		{"A27.3.3", "GetKeyPolicy", otErr("NotFoundException", "No such policy exists"), func() error {
			_, err := real.GetKeyPolicy(tgCtx, &kms.GetKeyPolicyInput{KeyId: aws.String(id), PolicyName: aws.String("other")})
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
}

func tgJSON(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
