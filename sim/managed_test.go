package sim_test

// AWS managed keys: created by DescribeKey on a predefined alias (KMS API
// Reference, DescribeKey; against SPEC-API A0.12.10, O17), with their fixed
// key policy enforced (rotation.json:managed_sqs_*).

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

const mgOther = "222222222222"

// mgKey creates alias/aws/<svc>'s key with DescribeKey and returns its
// metadata.
func mgKey(t *testing.T, c *sim.Client, svc string) *types.KeyMetadata {
	t.Helper()
	out, err := c.DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/" + svc)})
	if err != nil {
		t.Fatalf("DescribeKey alias/aws/%s: %v", svc, err)
	}
	return out.KeyMetadata
}

// TestManagedKeyCreatedByDescribeKey: DescribeKey on a predefined alias
// with no key creates the AWS managed key and its alias, once; the
// metadata is rotation.json:managed_key's (the conformance replay compares
// it field by field).
func TestManagedKeyCreatedByDescribeKey(t *testing.T) {
	o := otNew(t)
	ctx := context.Background()
	c := o.c(otE1)
	md := mgKey(t, c, "sqs")
	if md.KeyManager != types.KeyManagerTypeAws || aws.ToString(md.Description) != "Default key that protects my SQS messages when no other key is defined" ||
		md.KeyState != types.KeyStateEnabled || !md.Enabled || aws.ToBool(md.MultiRegion) || md.KeySpec != types.KeySpecSymmetricDefault ||
		md.Origin != types.OriginTypeAwsKms || md.CurrentKeyMaterialId == nil {
		t.Errorf("AWS managed key metadata = %+v", md)
	}
	again := mgKey(t, c, "sqs")
	if aws.ToString(again.KeyId) != aws.ToString(md.KeyId) {
		t.Errorf("a second DescribeKey made another key: %s, then %s", aws.ToString(md.KeyId), aws.ToString(again.KeyId))
	}
	byARN, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("arn:aws:kms:us-east-1:" + otAcct + ":alias/aws/sqs")})
	o.must("DescribeKey by alias ARN", err)
	if aws.ToString(byARN.KeyMetadata.KeyId) != aws.ToString(md.KeyId) {
		t.Errorf("the alias ARN names %s, not %s", aws.ToString(byARN.KeyMetadata.KeyId), aws.ToString(md.KeyId))
	}
	al, err := c.ListAliases(ctx, &kms.ListAliasesInput{})
	o.must("ListAliases", err)
	if len(al.Aliases) != 1 || aws.ToString(al.Aliases[0].AliasName) != "alias/aws/sqs" || aws.ToString(al.Aliases[0].TargetKeyId) != aws.ToString(md.KeyId) {
		t.Errorf("ListAliases = %+v, want alias/aws/sqs → %s", al.Aliases, aws.ToString(md.KeyId))
	}
	// One per account and Region: us-west-2 gets its own.
	west := mgKey(t, o.c(otW2), "sqs")
	if aws.ToString(west.KeyId) == aws.ToString(md.KeyId) {
		t.Error("us-west-2's AWS managed key is us-east-1's")
	}
	// Each service gets its own key, with its own policy.
	s3 := mgKey(t, c, "s3")
	if aws.ToString(s3.KeyId) == aws.ToString(md.KeyId) || aws.ToString(s3.Description) != "Default key that protects my S3 objects when no other key is defined" {
		t.Errorf("alias/aws/s3's key = %+v", s3)
	}
}

// TestManagedKeyPolicies: the key policies are AWS's texts. sqs is
// rotation.json:managed_sqs_policy; s3 (whose condition lists
// kms:CallerAccount first and whose second statement lacks
// kms:RevokeGrant) is the policy published from a real account in
// github.com/FogSecurity/aws-managed-kms-keys reference_key_policies/s3.json.
func TestManagedKeyPolicies(t *testing.T) {
	o := otNew(t)
	c := o.c(otE1)
	want := map[string]string{
		"sqs": `{"Version":"2012-10-17","Id":"auto-sqs-1","Statement":[{"Sid":"Allow access through Simple Queue Service (SQS) for all principals in the account that are authorized to use SQS","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"sqs.us-east-1.amazonaws.com","kms:CallerAccount":"ACCT"}}},{"Sid":"Allow direct access to key metadata to the account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::ACCT:root"},"Action":["kms:Describe*","kms:Get*","kms:List*","kms:RevokeGrant"],"Resource":"*"}]}`,
		"s3":  `{"Version":"2012-10-17","Id":"auto-s3-2","Statement":[{"Sid":"Allow access through S3 for all principals in the account that are authorized to use S3","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"ACCT","kms:ViaService":"s3.us-east-1.amazonaws.com"}}},{"Sid":"Allow direct access to key metadata to the account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::ACCT:root"},"Action":["kms:Describe*","kms:Get*","kms:List*"],"Resource":"*"}]}`,
	}
	for svc, compact := range want {
		md := mgKey(t, c, svc)
		out, err := c.GetKeyPolicy(context.Background(), &kms.GetKeyPolicyInput{KeyId: md.KeyId})
		o.must("GetKeyPolicy", err)
		got := aws.ToString(out.Policy)
		// AWS's layout: two-space indents, " : ", arrays on one line.
		if !strings.Contains(got, "\n  \"Statement\" : [ {\n") || !strings.Contains(got, "\"Action\" : [ \"kms:") {
			t.Errorf("%s: policy not in AWS's layout:\n%s", svc, got)
		}
		// Key order matters (kms:CallerAccount before kms:ViaService for
		// s3): compare the compacted text, not the decoded maps.
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(got)); err != nil {
			t.Fatalf("%s: policy is not JSON: %v", svc, err)
		}
		compacted := buf.String()
		if w := strings.ReplaceAll(compact, "ACCT", otAcct); compacted != w {
			t.Errorf("%s policy:\n got %s\nwant %s", svc, compacted, w)
		}
	}
}

// TestManagedKeyUnknownAlias: a predefined-looking alias of a service the
// simulator does not know, and any other operation on a predefined alias
// whose key does not exist yet, stay A0.12.9's missing alias, leaving the
// world unchanged.
func TestManagedKeyUnknownAlias(t *testing.T) {
	o := otNew(t)
	ctx := context.Background()
	c := o.c(otE1)
	miss := func(name string) otWant {
		return otErr("NotFoundException", "Alias arn:aws:kms:us-east-1:"+otAcct+":alias/"+name+" is not found.")
	}
	o.fails(t, "DescribeKey", miss("aws/nosuch"), func() error {
		return otE(c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/nosuch")}))
	})
	o.fails(t, "Encrypt", miss("aws/sqs"), func() error {
		return otE(c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/aws/sqs"), Plaintext: []byte("x")}))
	})
	o.fails(t, "DescribeKey", otErrCode("NotFoundException"), func() error {
		return otE(c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("arn:aws:kms:us-east-1:" + mgOther + ":alias/aws/sqs")}))
	})
	k, err := c.CreateKey(ctx, &kms.CreateKeyInput{})
	o.must("CreateKey", err)
	o.fails(t, "CreateAlias", otErrCode("InvalidAliasNameException"), func() error {
		return otE(c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/aws/sqs"), TargetKeyId: k.KeyMetadata.KeyId}))
	})
}

// TestManagedKeyPolicyEnforced: what the fixed policy does not allow is
// AccessDeniedException in rotation.json:managed_sqs_enable-key-rotation's
// wording, naming the IAM action (kms:ReEncryptTo for ReEncrypt's
// destination), and changes nothing; what it allows works.
func TestManagedKeyPolicyEnforced(t *testing.T) {
	o := otNew(t)
	ctx := context.Background()
	user, err := o.w.ClientAs("arn:aws:iam::"+otAcct+":user/Delegated", otE1)
	o.must("ClientAs", err)
	md := mgKey(t, user, "sqs")
	id, arn := aws.ToString(md.KeyId), aws.ToString(md.Arn)
	sqs := user.Via("sqs")
	ct, err := sqs.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/aws/sqs"), Plaintext: []byte("queued message")})
	o.must("Encrypt through SQS", err)
	custom, err := user.CreateKey(ctx, &kms.CreateKeyInput{})
	o.must("CreateKey", err)
	own, err := user.Encrypt(ctx, &kms.EncryptInput{KeyId: custom.KeyMetadata.KeyId, Plaintext: []byte("mine")})
	o.must("Encrypt", err)
	grant, err := sqs.CreateGrant(ctx, &kms.CreateGrantInput{KeyId: md.KeyId, GranteePrincipal: aws.String("arn:aws:iam::" + otAcct + ":role/worker"),
		Operations: []types.GrantOperation{types.GrantOperationDecrypt}})
	o.must("CreateGrant through SQS", err)

	denied := func(caller, act string) otWant {
		return otErr("AccessDeniedException", "User: "+caller+" is not authorized to perform: kms:"+act+" on resource: "+arn+
			" because no resource-based policy allows the kms:"+act+" action")
	}
	const who = "arn:aws:iam::" + otAcct + ":user/Delegated"
	for _, tc := range []struct {
		op   string
		c    *sim.Client
		call func(c *sim.Client) error
		who  string
	}{
		{"EnableKeyRotation", user, func(c *sim.Client) error {
			return otE(c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: &id}))
		}, who},
		{"DisableKeyRotation", user, func(c *sim.Client) error {
			return otE(c.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: &id}))
		}, who},
		{"RotateKeyOnDemand", user, func(c *sim.Client) error {
			return otE(c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: &id}))
		}, who},
		{"DisableKey", user, func(c *sim.Client) error { return otE(c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: &id})) }, who},
		{"EnableKey", user, func(c *sim.Client) error { return otE(c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: &id})) }, who},
		{"ScheduleKeyDeletion", user, func(c *sim.Client) error {
			return otE(c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: &id}))
		}, who},
		{"PutKeyPolicy", user, func(c *sim.Client) error {
			return otE(c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: &id, Policy: aws.String(otDefaultPolicy(otE1, otAcct))}))
		}, who},
		{"TagResource", user, func(c *sim.Client) error {
			return otE(c.TagResource(ctx, &kms.TagResourceInput{KeyId: &id, Tags: []types.Tag{{TagKey: aws.String("k"), TagValue: aws.String("v")}}}))
		}, who},
		{"UpdateKeyDescription", user, func(c *sim.Client) error {
			return otE(c.UpdateKeyDescription(ctx, &kms.UpdateKeyDescriptionInput{KeyId: &id, Description: aws.String("mine")}))
		}, who},
		{"CreateAlias", user, func(c *sim.Client) error {
			return otE(c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/mine"), TargetKeyId: &id}))
		}, who},
		{"DeleteAlias", user, func(c *sim.Client) error {
			return otE(c.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String("alias/aws/sqs")}))
		}, who},
		{"UpdateAlias", user, func(c *sim.Client) error {
			return otE(c.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: aws.String("alias/aws/sqs"), TargetKeyId: custom.KeyMetadata.KeyId}))
		}, who},
		// Cryptographic use outside the service.
		{"Encrypt", user, func(c *sim.Client) error {
			return otE(c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/aws/sqs"), Plaintext: []byte("x")}))
		}, who},
		{"GenerateDataKey", user, func(c *sim.Client) error {
			return otE(c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: &id, KeySpec: types.DataKeySpecAes256}))
		}, who},
		{"Decrypt", user, func(c *sim.Client) error {
			return otE(c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct.CiphertextBlob}))
		}, who},
		{"ReEncryptFrom", user, func(c *sim.Client) error {
			return otE(c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: ct.CiphertextBlob, DestinationKeyId: custom.KeyMetadata.KeyId}))
		}, who},
		{"ReEncryptTo", user, func(c *sim.Client) error {
			return otE(c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: own.CiphertextBlob, DestinationKeyId: &id}))
		}, who},
		{"CreateGrant", user, func(c *sim.Client) error {
			return otE(c.CreateGrant(ctx, &kms.CreateGrantInput{KeyId: &id, GranteePrincipal: aws.String("arn:aws:iam::" + otAcct + ":role/worker"),
				Operations: []types.GrantOperation{types.GrantOperationDecrypt}}))
		}, who},
		// Through another service.
		{"Encrypt", user.Via("s3"), func(c *sim.Client) error {
			return otE(c.Encrypt(ctx, &kms.EncryptInput{KeyId: &id, Plaintext: []byte("x")}))
		}, who},
		// Another account, even through SQS: kms:CallerAccount.
		{"Decrypt", o.as(mgOther, otE1).Via("sqs"), func(c *sim.Client) error {
			return otE(c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct.CiphertextBlob, KeyId: &arn}))
		}, "arn:aws:iam::" + mgOther + ":root"},
	} {
		op := tc.op // the IAM action; ReEncrypt's two sides have their own
		if strings.HasPrefix(op, "ReEncrypt") {
			op = "ReEncrypt"
		}
		o.fails(t, op, denied(tc.who, tc.op), func() error { return tc.call(tc.c) })
	}

	// Allowed: the service's cryptographic calls, and the account's
	// Describe*, Get*, List* and RevokeGrant.
	dec, err := sqs.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct.CiphertextBlob})
	o.must("Decrypt through SQS", err)
	if string(dec.Plaintext) != "queued message" {
		t.Errorf("Decrypt through SQS = %q", dec.Plaintext)
	}
	_, err = sqs.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: own.CiphertextBlob, DestinationKeyId: &id})
	o.must("ReEncrypt to it through SQS", err)
	_, err = sqs.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: &id, KeySpec: types.DataKeySpecAes256})
	o.must("GenerateDataKey through SQS", err)
	st, err := user.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: &id})
	o.must("GetKeyRotationStatus", err)
	if st.KeyRotationEnabled {
		t.Error("KeyRotationEnabled = true; rotation.json:managed_sqs_status records false")
	}
	_, err = user.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: &id})
	o.must("ListResourceTags", err)
	_, err = user.ListKeyPolicies(ctx, &kms.ListKeyPoliciesInput{KeyId: &id})
	o.must("ListKeyPolicies", err)
	lg, err := user.ListGrants(ctx, &kms.ListGrantsInput{KeyId: &id})
	o.must("ListGrants", err)
	if len(lg.Grants) != 1 {
		t.Errorf("ListGrants = %d grants, want the one SQS made", len(lg.Grants))
	}
	_, err = user.RevokeGrant(ctx, &kms.RevokeGrantInput{KeyId: &id, GrantId: grant.GrantId})
	o.must("RevokeGrant", err)
}

// TestManagedKeyIdentity: ClientAs refuses what cannot call, and the event
// log shows the IAM user and the service a call came through.
func TestManagedKeyIdentity(t *testing.T) {
	o := otNew(t)
	for _, bad := range []string{"", otAcct, "arn:aws:iam::" + otAcct + ":role/r", "arn:aws:iam::1:user/u"} {
		if c, err := o.w.ClientAs(bad, otE1); err == nil || c != nil {
			t.Errorf("ClientAs(%q) = %v, %v; want an error", bad, c, err)
		}
	}
	user, err := o.w.ClientAs("arn:aws:iam::"+mgOther+":user/ops/alice", otE1)
	o.must("ClientAs", err)
	if user.Account() != mgOther {
		t.Errorf("ClientAs acts in %s, want the user's account %s", user.Account(), mgOther)
	}
	mgKey(t, user.Via("sqs"), "sqs")
	evs := o.w.Events(sim.EventFilter{EventName: "DescribeKey"})
	if len(evs) != 1 {
		t.Fatalf("%d DescribeKey events, want 1", len(evs))
	}
	want := sim.UserIdentity{Type: "IAMUser", ARN: "arn:aws:iam::" + mgOther + ":user/ops/alice", AccountID: mgOther, UserName: "alice", InvokedBy: "sqs.amazonaws.com"}
	if d := cmp.Diff(want, evs[0].UserIdentity); d != "" {
		t.Errorf("userIdentity (-want +got):\n%s", d)
	}
	if evs[0].SourceIPAddress != "sqs.amazonaws.com" {
		t.Errorf("sourceIPAddress = %q, want the service", evs[0].SourceIPAddress)
	}
}

// TestManagedKeyQuota: AWS managed keys do not count against the customer
// managed key quota.
func TestManagedKeyQuota(t *testing.T) {
	o := otNew(t, sim.Options{KeysPerRegion: 1})
	ctx := context.Background()
	c := o.c(otE1)
	mgKey(t, c, "sqs")
	mgKey(t, c, "s3")
	_, err := c.CreateKey(ctx, &kms.CreateKeyInput{})
	o.must("CreateKey beside two AWS managed keys with a quota of 1", err)
	o.fails(t, "CreateKey", otErrCode("LimitExceededException"), func() error {
		return otE(c.CreateKey(ctx, &kms.CreateKeyInput{}))
	})
}

// TestManagedKeyDeterministic: a world replays its AWS managed keys byte
// for byte.
func TestManagedKeyDeterministic(t *testing.T) {
	run := func() (string, string) {
		o := otNew(t, sim.Options{Seed: 7})
		md := mgKey(t, o.c(otE1), "ebs")
		return aws.ToString(md.KeyId), aws.ToString(md.CurrentKeyMaterialId)
	}
	id1, m1 := run()
	id2, m2 := run()
	if id1 != id2 || m1 != m2 {
		t.Errorf("same seed, same calls: key %s/%s, then %s/%s", id1, m1, id2, m2)
	}
}

// TestAccessKeyCallers: over HTTP an access key maps to an account (its
// root user) or to an IAM identity, whose ARN AccessDeniedException names;
// a value that is neither is credentials AWS does not know.
func TestAccessKeyCallers(t *testing.T) {
	w := sim.New(sim.Options{Seed: 1, AccessKeys: map[string]string{
		"AKIDUSER": "arn:aws:iam::" + mgOther + ":user/Delegated", "AKIDACCT": mgOther, "AKIDBAD": "arn:aws:iam::" + mgOther + ":role/r"}})
	auth := func(ak string) string {
		return "AWS4-HMAC-SHA256 Credential=" + ak + "/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00"
	}
	const target, ctype = "TrentService.DescribeKey", "application/x-amz-json-1.1"
	status, _, body := rawCall(w, "POST", target, ctype, auth("AKIDUSER"), `{"KeyId":"alias/aws/sqs"}`)
	if status != 200 {
		t.Fatalf("DescribeKey alias/aws/sqs as the user: %d %v", status, body)
	}
	md := body["KeyMetadata"].(map[string]any)
	if md["AWSAccountId"] != mgOther || md["KeyManager"] != "AWS" {
		t.Errorf("the user's AWS managed key: %v", md)
	}
	arn := md["Arn"].(string)
	for ak, who := range map[string]string{"AKIDUSER": "arn:aws:iam::" + mgOther + ":user/Delegated", "AKIDACCT": "arn:aws:iam::" + mgOther + ":root"} {
		before := w.Snapshot()
		status, _, body = rawCall(w, "POST", "TrentService.DisableKey", ctype, auth(ak), `{"KeyId":"`+arn+`"}`)
		want := "User: " + who + " is not authorized to perform: kms:DisableKey on resource: " + arn + " because no resource-based policy allows the kms:DisableKey action"
		if status != 400 || body["__type"] != "AccessDeniedException" || body["message"] != want {
			t.Errorf("DisableKey as %s: %d %v, want AccessDeniedException %q", ak, status, body, want)
		}
		if d := cmp.Diff(before, w.Snapshot()); d != "" {
			t.Errorf("a denied call changed the world:\n%s", d)
		}
	}
	before := w.Snapshot()
	status, _, body = rawCall(w, "POST", target, ctype, auth("AKIDBAD"), `{"KeyId":"alias/aws/sqs"}`)
	if status != 400 || body["__type"] != "UnrecognizedClientException" {
		t.Errorf("a role's ARN as the caller: %d %v, want UnrecognizedClientException", status, body)
	}
	if d := cmp.Diff(before, w.Snapshot()); d != "" {
		t.Errorf("an unrecognized caller changed the world:\n%s", d)
	}
}

// TestExplicitDenyEnforced: an explicit Deny in a customer managed key's
// policy refuses the calls it matches with rotation.json:
// condition_numeric_omitted's AccessDeniedException, changing nothing;
// other calls, and the policy's Allows, are not judged. A Deny of
// PutKeyPolicy locks the policy, as in AWS.
func TestExplicitDenyEnforced(t *testing.T) {
	o := otNew(t)
	ctx := context.Background()
	user, err := o.w.ClientAs("arn:aws:iam::"+otAcct+":user/Delegated", otE1)
	o.must("ClientAs", err)
	k, err := user.CreateKey(ctx, &kms.CreateKeyInput{})
	o.must("CreateKey", err)
	id, arn := k.KeyMetadata.KeyId, aws.ToString(k.KeyMetadata.Arn)
	policy := func(actions string) *string {
		return aws.String(`{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + otAcct + `:root"},"Action":"kms:*","Resource":"*"},` +
			`{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::` + otAcct + `:user/Delegated"},"Action":` + actions + `,"Resource":"*"}]}`)
	}
	explicit := func(act string) otWant {
		return otErr("AccessDeniedException", "User: arn:aws:iam::"+otAcct+":user/Delegated is not authorized to perform: kms:"+act+
			" on resource: "+arn+" with an explicit deny in a resource-based policy")
	}
	_, err = user.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: id, Policy: policy(`["kms:ScheduleKeyDeletion","kms:Decrypt"]`)})
	o.must("PutKeyPolicy", err)
	o.fails(t, "ScheduleKeyDeletion", explicit("ScheduleKeyDeletion"), func() error {
		return otE(user.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id}))
	})
	ct, err := user.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: []byte("x")})
	o.must("Encrypt (not denied)", err)
	o.fails(t, "Decrypt", explicit("Decrypt"), func() error {
		return otE(user.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct.CiphertextBlob}))
	})
	// The root user is not the denied principal.
	_, err = o.c(otE1).Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct.CiphertextBlob})
	o.must("Decrypt as the root user", err)
	// The lockout safety check refuses a policy denying the caller
	// PutKeyPolicy; bypassed, the policy locks itself for that principal.
	o.fails(t, "PutKeyPolicy", otErr("MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future."), func() error {
		return otE(user.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: id, Policy: policy(`"kms:PutKeyPolicy"`)}))
	})
	o.fails(t, "CreateKey", otErrCode("MalformedPolicyDocumentException"), func() error {
		return otE(user.CreateKey(ctx, &kms.CreateKeyInput{Policy: policy(`"kms:*"`)}))
	})
	_, err = user.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: id, Policy: policy(`"kms:PutKeyPolicy"`), BypassPolicyLockoutSafetyCheck: true})
	o.must("PutKeyPolicy bypassing the lockout check", err)
	o.fails(t, "PutKeyPolicy", explicit("PutKeyPolicy"), func() error {
		return otE(user.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: id, Policy: aws.String(otDefaultPolicy(otE1, otAcct))}))
	})
	_, err = user.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id})
	o.must("ScheduleKeyDeletion once the policy no longer denies it", err)
}
