package sim

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"
)

// Client calls the world's KMS in one Region of one account. Its methods
// have the signatures of aws-sdk-go-v2's *kms.Client; the optFns are
// accepted and ignored, as there is no transport to configure.
type Client struct {
	w      *World
	caller mrk.Caller
	who    *identity
}

// Client returns a client for a Region of the world's default account.
func (w *World) Client(region string) *Client { return w.ClientFor(w.opts.Account, region) }

// ClientFor returns a client for a Region of the given account.
func (w *World) ClientFor(account, region string) *Client {
	return &Client{w: w, caller: mrk.Caller{Account: account, Region: region}, who: inProcessIdentity}
}

// ClientAs returns a client for a Region that calls as the IAM identity
// with this ARN, in its account: an account's root user
// (arn:aws:iam::<account>:root), an IAM user, an STS assumed-role session
// or a federated user (see mrk.ParsePrincipal). The simulator evaluates no
// IAM policy, so the identity shows only in AccessDeniedException messages
// and in the event log's userIdentity.
func (w *World) ClientAs(principal, region string) (*Client, error) {
	p, ok := mrk.ParsePrincipal(principal)
	if !ok {
		return nil, fmt.Errorf("sim: %q is not the ARN of a root user, IAM user, assumed-role session or federated user", principal)
	}
	c := w.ClientFor(p.Account, region)
	c.caller.Principal = p.ARN
	c.who = &identity{agent: inProcessIdentity.agent, ip: inProcessIdentity.ip, principal: p.ARN}
	return c, nil
}

// Via returns a copy of the client whose calls an AWS service makes on its
// behalf: endpoint is the service's endpoint prefix ("sqs", "s3", "ec2" for
// EBS), and the calls carry kms:ViaService <endpoint>.<region>.amazonaws.com
// (amazonaws.com.cn in the China Regions). Requests over HTTP cannot ask
// for it.
// Only AWS managed keys look at it: their key policies let the account use
// them in cryptographic operations only through their service.
func (c *Client) Via(endpoint string) *Client {
	d := *c
	d.caller.Via = mrk.ViaService(endpoint, c.caller.Region)
	who := *c.who
	who.invokedBy = endpoint + ".amazonaws.com"
	d.who = &who
	return &d
}

// Region returns the client's Region.
func (c *Client) Region() string { return c.caller.Region }

// Account returns the client's account.
func (c *Client) Account() string { return c.caller.Account }

// do runs one operation: P1 validation (v), then fn under the world's lock
// at the world's time, with every due transition run first. It draws the
// request ID, returns failures as the SDK does, stamps the request ID into
// the output's metadata, and writes the call's event (with in and out, the
// request and response) to the world's log.
func (c *Client) do(ctx context.Context, op string, in, out any, v *validator, fn func(now time.Time) (*middleware.Metadata, error)) error {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return &smithy.OperationError{ServiceID: "KMS", OperationName: op, Err: err}
		}
	}
	w := c.w
	w.mu.Lock()
	defer w.mu.Unlock()
	id := w.requestID()
	now := w.catchUp()
	w.store.At(now)
	w.curBuf = callEvent{extra: w.curBuf.extra[:0]} // keep the extras' array
	ev := &w.curBuf
	w.cur = ev
	err := v.err()
	var md *middleware.Metadata
	if err == nil {
		md, err = fn(now)
	}
	w.cur = nil
	if err != nil {
		err = operationError(op, id, err)
		w.logCall(c, op, now, id, in, nil, ev, err)
		return err
	}
	awsmiddleware.SetRequestIDMetadata(md, id)
	eventID := w.logCall(c, op, now, id, in, out, ev, nil)
	if trackedOps[op] {
		for _, r := range []keyRef{ev.res, ev.res2} {
			if r.id != "" {
				w.usage[r] = keyUsage{op: op, at: now, requestID: id, eventID: eventID, logged: !w.opts.NoEventLog}
			}
		}
	}
	return nil
}

// CreateKey creates a single-Region key or a multi-Region primary key
// (SPEC-API §A6).
func (c *Client) CreateKey(ctx context.Context, in *kms.CreateKeyInput, _ ...func(*kms.Options)) (*kms.CreateKeyOutput, error) {
	if in == nil {
		in = &kms.CreateKeyInput{}
	}
	var v validator
	v.policy(in.Policy)
	v.str("description", in.Description, false, 0, 8192)
	v.enum("keyUsage", string(in.KeyUsage), strs(mrk.KeyUsages), "ENCAPSULATE_DECAPSULATE")
	v.enum("customerMasterKeySpec", string(in.CustomerMasterKeySpec), cmkSpecs)
	v.enum("keySpec", string(in.KeySpec), strs(mrk.KeySpecs), "ML_KEM_512", "ML_KEM_768", "ML_KEM_1024")
	v.enum("origin", string(in.Origin), []string{"AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"})
	v.str("customKeyStoreId", in.CustomKeyStoreId, false, 1, 64)
	v.tags(in.Tags)
	v.str("xksKeyId", in.XksKeyId, false, 1, 128)
	v.pattern("xksKeyId", in.XksKeyId, xksKeyIDChars, `^[a-zA-Z0-9-_.]+$`)
	out := &kms.CreateKeyOutput{}
	err := c.do(ctx, "CreateKey", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		k, err := c.w.store.CreateKey(now, c.w.rng, c.caller, mrk.KeyParams{
			KeySpec: mrk.KeySpec(in.KeySpec), CustomerMasterKeySpec: mrk.KeySpec(in.CustomerMasterKeySpec),
			KeyUsage: mrk.KeyUsage(in.KeyUsage), Origin: mrk.Origin(in.Origin), MultiRegion: aws.ToBool(in.MultiRegion),
			Policy: in.Policy, Description: deref(in.Description), Tags: toTags(in.Tags),
			CustomKeyStoreID: in.CustomKeyStoreId, XksKeyID: in.XksKeyId,
			BypassPolicyLockoutSafetyCheck: in.BypassPolicyLockoutSafetyCheck,
		})
		if err != nil {
			return nil, err
		}
		out.KeyMetadata = metadata(k)
		c.w.cur.res = refOf(k)
		if !c.w.opts.NoEventLog {
			c.w.cur.response = answerFor("keyMetadata", k)
		}
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

var cmkSpecs = []string{"RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
	"ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2"}

func xksKeyIDChars(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// DescribeKey returns a key's metadata; every KeyId form is accepted (§A13).
func (c *Client) DescribeKey(ctx context.Context, in *kms.DescribeKeyInput, _ ...func(*kms.Options)) (*kms.DescribeKeyOutput, error) {
	if in == nil {
		in = &kms.DescribeKeyInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.grantTokens(in.GrantTokens)
	out := &kms.DescribeKeyOutput{}
	err := c.do(ctx, "DescribeKey", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		if err := c.w.checkGrantTokens(in.GrantTokens); err != nil {
			return nil, err
		}
		k, err := c.w.store.DescribeKey(now, c.w.rng, c.caller, *in.KeyId)
		if err != nil {
			return nil, err
		}
		// With ReadStaleness, the key as it was before its last change.
		out.KeyMetadata = metadata(c.w.store.Visible(mrk.OpDescribeKey, k))
		c.w.cur.res = refOf(k)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkGrantTokens accepts only tokens this world issued from CreateGrant,
// in any account or Region, even after their grant was retired, revoked or
// deleted with its key; any other token is an InvalidGrantTokenException
// (A0.15.2). The caller holds w.mu.
func (w *World) checkGrantTokens(toks []string) error {
	return w.store.CheckGrantTokens(toks)
}

// ListKeys pages the keys of the client's account and Region (§A36).
func (c *Client) ListKeys(ctx context.Context, in *kms.ListKeysInput, _ ...func(*kms.Options)) (*kms.ListKeysOutput, error) {
	if in == nil {
		in = &kms.ListKeysInput{}
	}
	var v validator
	v.intRange("limit", in.Limit, 1, 1000)
	v.str("marker", in.Marker, false, 1, 1024)
	v.pattern("marker", in.Marker, markerChars, `[\u0020-\u00FF]*`)
	out := &kms.ListKeysOutput{}
	err := c.do(ctx, "ListKeys", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		limit := limitOr(in.Limit, 100)
		page, err := c.w.store.ListKeys(c.caller, limit, aws.ToString(in.Marker))
		if err != nil {
			return nil, err
		}
		out.Keys = make([]types.KeyListEntry, len(page.Items))
		for i, k := range page.Items {
			out.Keys[i] = types.KeyListEntry{KeyId: aws.String(k.ID()), KeyArn: aws.String(k.ARN())}
		}
		out.Truncated = page.Truncated
		out.NextMarker = nextMarker(page.NextMarker)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// keyOnly validates an input whose only member is a required KeyId.
func keyOnly(keyID *string) *validator {
	var v validator
	v.keyID(keyID)
	return &v
}

// EnableKey sets a key's state to Enabled (§A17).
func (c *Client) EnableKey(ctx context.Context, in *kms.EnableKeyInput, _ ...func(*kms.Options)) (*kms.EnableKeyOutput, error) {
	if in == nil {
		in = &kms.EnableKeyInput{}
	}
	out := &kms.EnableKeyOutput{}
	err := c.do(ctx, "EnableKey", in, out, keyOnly(in.KeyId), func(now time.Time) (*middleware.Metadata, error) {
		ts, err := c.w.store.EnableKey(now, c.w.rng, c.caller, *in.KeyId)
		if len(ts) > 0 { // the primary rotated on re-enable (R8.1.6)
			c.w.logRotation(now, c.caller.Account, *in.KeyId)
		}
		c.w.schedule(ts)
		return &out.ResultMetadata, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DisableKey sets a key's state to Disabled (§A14).
func (c *Client) DisableKey(ctx context.Context, in *kms.DisableKeyInput, _ ...func(*kms.Options)) (*kms.DisableKeyOutput, error) {
	if in == nil {
		in = &kms.DisableKeyInput{}
	}
	out := &kms.DisableKeyOutput{}
	err := c.do(ctx, "DisableKey", in, out, keyOnly(in.KeyId), func(time.Time) (*middleware.Metadata, error) {
		return &out.ResultMetadata, c.w.store.DisableKey(c.caller, *in.KeyId)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateKeyDescription replaces one key's description (§A51).
func (c *Client) UpdateKeyDescription(ctx context.Context, in *kms.UpdateKeyDescriptionInput, _ ...func(*kms.Options)) (*kms.UpdateKeyDescriptionOutput, error) {
	if in == nil {
		in = &kms.UpdateKeyDescriptionInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.str("description", in.Description, true, 0, 8192)
	out := &kms.UpdateKeyDescriptionOutput{}
	err := c.do(ctx, "UpdateKeyDescription", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		return &out.ResultMetadata, c.w.store.UpdateKeyDescription(c.caller, *in.KeyId, *in.Description)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReplicateKey creates a replica of a multi-Region primary key in another
// Region (§A41, SPEC §4). The replica is Creating until the world's clock
// passes ReplicaCreatingDuration.
func (c *Client) ReplicateKey(ctx context.Context, in *kms.ReplicateKeyInput, _ ...func(*kms.Options)) (*kms.ReplicateKeyOutput, error) {
	if in == nil {
		in = &kms.ReplicateKeyInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.region("replicaRegion", in.ReplicaRegion)
	v.policy(in.Policy)
	v.str("description", in.Description, false, 0, 8192)
	v.tags(in.Tags)
	out := &kms.ReplicateKeyOutput{}
	err := c.do(ctx, "ReplicateKey", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		r, ts, err := c.w.store.ReplicateKey(now, c.caller, *in.KeyId, *in.ReplicaRegion, mrk.MemberParams{
			Policy: in.Policy, Description: deref(in.Description), Tags: toTags(in.Tags),
			BypassPolicyLockoutSafetyCheck: in.BypassPolicyLockoutSafetyCheck})
		if err != nil {
			return nil, err
		}
		c.w.schedule(ts)
		out.ReplicaKeyMetadata = metadata(r)
		out.ReplicaPolicy = aws.String(r.PolicyText())
		if len(r.Tags) > 0 {
			out.ReplicaTags = fromTags(r.Tags)
		}
		c.w.cur.res = keyRef{r.Set.Account, c.caller.Region, r.Set.ID} // the primary
		c.w.logReplication(c, in, r, out)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func fromTags(tags []mrk.Tag) []types.Tag {
	out := make([]types.Tag, len(tags))
	for i, t := range tags {
		out[i] = types.Tag{TagKey: aws.String(t.Key), TagValue: aws.String(t.Value)}
	}
	return out
}

// UpdatePrimaryRegion makes the replica in PrimaryRegion the primary of its
// set (§A52, SPEC §5). Both keys are Updating until the world's clock passes
// PrimaryUpdatingDuration.
func (c *Client) UpdatePrimaryRegion(ctx context.Context, in *kms.UpdatePrimaryRegionInput, _ ...func(*kms.Options)) (*kms.UpdatePrimaryRegionOutput, error) {
	if in == nil {
		in = &kms.UpdatePrimaryRegionInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.region("primaryRegion", in.PrimaryRegion)
	out := &kms.UpdatePrimaryRegionOutput{}
	err := c.do(ctx, "UpdatePrimaryRegion", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		ts, err := c.w.store.UpdatePrimaryRegion(now, c.caller, *in.KeyId, *in.PrimaryRegion)
		if len(ts) > 0 {
			c.w.logPrimaryChange(c, *in.KeyId, *in.PrimaryRegion)
		}
		c.w.schedule(ts)
		return &out.ResultMetadata, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ScheduleKeyDeletion starts a key's deletion waiting period (§A45, SPEC §6).
func (c *Client) ScheduleKeyDeletion(ctx context.Context, in *kms.ScheduleKeyDeletionInput, _ ...func(*kms.Options)) (*kms.ScheduleKeyDeletionOutput, error) {
	if in == nil {
		in = &kms.ScheduleKeyDeletionInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.intRange("pendingWindowInDays", in.PendingWindowInDays, 1, 365)
	out := &kms.ScheduleKeyDeletionOutput{}
	err := c.do(ctx, "ScheduleKeyDeletion", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		var days *int
		if in.PendingWindowInDays != nil {
			d := int(*in.PendingWindowInDays)
			days = &d
		}
		k, ts, err := c.w.store.ScheduleKeyDeletion(now, c.caller, *in.KeyId, days)
		if err != nil {
			return nil, err
		}
		c.w.schedule(ts)
		out.KeyId = aws.String(k.ARN())
		out.KeyState = types.KeyState(k.State.String())
		out.PendingWindowInDays = aws.Int32(int32(k.PendingWindowDays))
		logged := &kms.ScheduleKeyDeletionOutput{KeyId: out.KeyId, KeyState: out.KeyState}
		if k.State == mrk.PendingDeletion {
			out.DeletionDate = timePtr(k.DeletionDate)
			logged.DeletionDate = out.DeletionDate
		} else {
			logged.PendingWindowInDays = out.PendingWindowInDays
		}
		c.w.cur.response = logged // R10.6.2
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CancelKeyDeletion ends a key's deletion waiting period (§A1).
func (c *Client) CancelKeyDeletion(ctx context.Context, in *kms.CancelKeyDeletionInput, _ ...func(*kms.Options)) (*kms.CancelKeyDeletionOutput, error) {
	if in == nil {
		in = &kms.CancelKeyDeletionInput{}
	}
	out := &kms.CancelKeyDeletionOutput{}
	err := c.do(ctx, "CancelKeyDeletion", in, out, keyOnly(in.KeyId), func(time.Time) (*middleware.Metadata, error) {
		k, err := c.w.store.CancelKeyDeletion(c.caller, *in.KeyId)
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(k.ARN())
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EnableKeyRotation turns on automatic rotation of a set, through its
// primary (§A18, SPEC §8.1).
func (c *Client) EnableKeyRotation(ctx context.Context, in *kms.EnableKeyRotationInput, _ ...func(*kms.Options)) (*kms.EnableKeyRotationOutput, error) {
	if in == nil {
		in = &kms.EnableKeyRotationInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.intRange("rotationPeriodInDays", in.RotationPeriodInDays, 90, 2560)
	out := &kms.EnableKeyRotationOutput{}
	err := c.do(ctx, "EnableKeyRotation", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		var period *int
		if in.RotationPeriodInDays != nil {
			p := int(*in.RotationPeriodInDays)
			period = &p
		}
		ts, err := c.w.store.EnableKeyRotation(now, c.caller, *in.KeyId, period)
		if len(ts) > 0 {
			c.w.logSync(c.caller.Account, *in.KeyId, c.caller.Region)
		}
		c.w.schedule(ts)
		return &out.ResultMetadata, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DisableKeyRotation turns off automatic rotation of a set (§A15).
func (c *Client) DisableKeyRotation(ctx context.Context, in *kms.DisableKeyRotationInput, _ ...func(*kms.Options)) (*kms.DisableKeyRotationOutput, error) {
	if in == nil {
		in = &kms.DisableKeyRotationInput{}
	}
	out := &kms.DisableKeyRotationOutput{}
	err := c.do(ctx, "DisableKeyRotation", in, out, keyOnly(in.KeyId), func(time.Time) (*middleware.Metadata, error) {
		if err := c.w.store.DisableKeyRotation(c.caller, *in.KeyId); err != nil {
			return nil, err
		}
		c.w.logSync(c.caller.Account, *in.KeyId, c.caller.Region)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetKeyRotationStatus reports the automatic rotation of a key's set as
// that key sees it, and an on-demand rotation in progress (§A28).
func (c *Client) GetKeyRotationStatus(ctx context.Context, in *kms.GetKeyRotationStatusInput, _ ...func(*kms.Options)) (*kms.GetKeyRotationStatusOutput, error) {
	if in == nil {
		in = &kms.GetKeyRotationStatusInput{}
	}
	out := &kms.GetKeyRotationStatusOutput{}
	err := c.do(ctx, "GetKeyRotationStatus", in, out, keyOnly(in.KeyId), func(time.Time) (*middleware.Metadata, error) {
		st, err := c.w.store.GetKeyRotationStatus(c.caller, *in.KeyId)
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(st.Key.ARN())
		out.KeyRotationEnabled = st.Enabled
		if st.Enabled {
			out.RotationPeriodInDays = aws.Int32(int32(st.PeriodDays))
			out.NextRotationDate = timePtr(st.Next)
		}
		if !st.OnDemandStart.IsZero() { // R8.2.4
			out.OnDemandRotationStartDate = timePtr(st.OnDemandStart)
		}
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
