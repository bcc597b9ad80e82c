package sim_test

// Eventual consistency (SPEC R11.5): with Options.ReadStaleness, reads see
// a key as it was before a change for that long; writes never do.

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mrksim/mrk/sim"
)

const stLag = 2 * time.Second

// TestReadStalenessCreate: R11.5, right after CreateKey a read does not
// find the key (NotFoundException, A0.12.8's message), while a write
// does; at ReadStaleness after creation every read finds it.
func TestReadStalenessCreate(t *testing.T) {
	o := otNew(t, sim.Options{ReadStaleness: stLag})
	ctx := context.Background()
	c := o.c(otE1)
	out, err := c.CreateKey(ctx, &kms.CreateKeyInput{})
	o.must("CreateKey", err)
	id, arn := out.KeyMetadata.KeyId, aws.ToString(out.KeyMetadata.Arn)
	missing := otErr("NotFoundException", "Key '"+arn+"' does not exist")
	o.fails(t, "DescribeKey", missing, func() error { return otE(c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})) })
	o.fails(t, "Encrypt", missing, func() error {
		return otE(c.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: []byte("x")}))
	})
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: id})
	o.must("DisableKey (a write) right after CreateKey", err)
	o.add(stLag - time.Nanosecond)
	o.fails(t, "GetKeyPolicy", missing, func() error { return otE(c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: id})) })
	o.add(time.Nanosecond)
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
	o.must("DescribeKey at ReadStaleness after CreateKey", err)
	// The key was created and disabled within the same window: the read
	// after it sees the current state.
	if d.KeyMetadata.KeyState != types.KeyStateDisabled {
		t.Errorf("KeyState = %s, want Disabled", d.KeyMetadata.KeyState)
	}
}

// TestReadStalenessPendingDeletion: ecc.json:deleting_public_key recorded
// GetPublicKey succeeding right after ScheduleKeyDeletion for 2 of 16
// keys, and ecc.json:later_deleting_public_key the same call failing
// later. With ReadStaleness the world gives both answers: within the
// window the key reads as Enabled (DescribeKey too, without a
// DeletionDate), after it as PendingDeletion; a write in the window
// (a second ScheduleKeyDeletion) sees PendingDeletion at once.
func TestReadStalenessPendingDeletion(t *testing.T) {
	o := otNew(t, sim.Options{ReadStaleness: stLag})
	ctx := context.Background()
	c := o.c(otE1)
	out, err := c.CreateKey(ctx, &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistP521, KeyUsage: types.KeyUsageTypeKeyAgreement})
	o.must("CreateKey", err)
	id, arn := out.KeyMetadata.KeyId, aws.ToString(out.KeyMetadata.Arn)
	o.add(time.Minute)
	_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(7)})
	o.must("ScheduleKeyDeletion", err)
	pk, err := c.GetPublicKey(ctx, &kms.GetPublicKeyInput{KeyId: id})
	o.must("GetPublicKey right after ScheduleKeyDeletion (ecc.json:deleting_public_key, 2 of 16)", err)
	if len(pk.PublicKey) == 0 {
		t.Error("GetPublicKey returned no key")
	}
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
	o.must("DescribeKey", err)
	if d.KeyMetadata.KeyState != types.KeyStateEnabled || !d.KeyMetadata.Enabled || d.KeyMetadata.DeletionDate != nil || d.KeyMetadata.PendingDeletionWindowInDays != nil {
		t.Errorf("stale DescribeKey = %s Enabled=%v DeletionDate=%v, want the key before ScheduleKeyDeletion",
			d.KeyMetadata.KeyState, d.KeyMetadata.Enabled, d.KeyMetadata.DeletionDate)
	}
	o.fails(t, "ScheduleKeyDeletion", otState("KMSInvalidStateException", arn), func() error {
		return otE(c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id}))
	})
	o.add(stLag)
	o.fails(t, "GetPublicKey", otErr("KMSInvalidStateException", arn+" is pending deletion."), func() error {
		return otE(c.GetPublicKey(ctx, &kms.GetPublicKeyInput{KeyId: id}))
	})
	d, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
	o.must("DescribeKey", err)
	if d.KeyMetadata.KeyState != types.KeyStatePendingDeletion || d.KeyMetadata.DeletionDate == nil {
		t.Errorf("DescribeKey after the window = %s, DeletionDate %v", d.KeyMetadata.KeyState, d.KeyMetadata.DeletionDate)
	}
}

// TestReadStalenessDisable: after DisableKey, Encrypt still works for
// ReadStaleness; after EnableKey it is still DisabledException for as
// long. Two changes in one window read as the state before the first.
func TestReadStalenessDisable(t *testing.T) {
	o := otNew(t, sim.Options{ReadStaleness: stLag})
	ctx := context.Background()
	c := o.c(otE1)
	out, err := c.CreateKey(ctx, &kms.CreateKeyInput{})
	o.must("CreateKey", err)
	id, arn := out.KeyMetadata.KeyId, aws.ToString(out.KeyMetadata.Arn)
	o.add(time.Minute)
	enc := func() error { return otE(c.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: []byte("x")})) }
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: id})
	o.must("DisableKey", err)
	o.must("Encrypt right after DisableKey", enc())
	o.add(stLag)
	disabled := otErr("DisabledException", arn+" is disabled.")
	o.fails(t, "Encrypt", disabled, enc)
	_, err = c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: id})
	o.must("EnableKey", err)
	o.fails(t, "Encrypt", disabled, enc)
	o.add(stLag)
	o.must("Encrypt after the window", enc())

	// Enabled → PendingDeletion → Disabled within one window: reads see
	// Enabled, the state before the window's first change.
	_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id})
	o.must("ScheduleKeyDeletion", err)
	o.add(time.Second)
	_, err = c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: id})
	o.must("CancelKeyDeletion", err)
	o.must("Encrypt within the window of two changes", enc())
	o.add(stLag)
	o.fails(t, "Encrypt", disabled, enc)
}

// TestReadStalenessOff: by default every read sees every earlier call.
func TestReadStalenessOff(t *testing.T) {
	o := otNew(t)
	ctx := context.Background()
	c := o.c(otE1)
	out, err := c.CreateKey(ctx, &kms.CreateKeyInput{})
	o.must("CreateKey", err)
	_, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: out.KeyMetadata.KeyId})
	o.must("DescribeKey right after CreateKey", err)
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: out.KeyMetadata.KeyId})
	o.must("DisableKey", err)
	o.fails(t, "Encrypt", otErrCode("DisabledException"), func() error {
		return otE(c.Encrypt(ctx, &kms.EncryptInput{KeyId: out.KeyMetadata.KeyId, Plaintext: []byte("x")}))
	})
}

// TestReadStalenessEdges: R11.5 on the paths that do not go through a
// KeyId's resolution, and its window's bounds.
func TestReadStalenessEdges(t *testing.T) {
	o := otNew(t, sim.Options{ReadStaleness: stLag})
	ctx := context.Background()
	c := o.c(otE1)
	old, err := c.CreateKey(ctx, &kms.CreateKeyInput{})
	o.must("CreateKey", err)
	o.add(time.Minute)
	ct, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: old.KeyMetadata.KeyId, Plaintext: []byte("x")})
	o.must("Encrypt", err)
	fresh, err := c.CreateKey(ctx, &kms.CreateKeyInput{})
	o.must("CreateKey", err)
	missing := otErr("NotFoundException", "Key '"+aws.ToString(fresh.KeyMetadata.Arn)+"' does not exist")
	// ReEncrypt's destination is resolved apart from its source.
	o.fails(t, "ReEncrypt", missing, func() error {
		return otE(c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: ct.CiphertextBlob, DestinationKeyId: fresh.KeyMetadata.KeyId}))
	})
	// A change that leaves the state as it was opens no window: the
	// second DisableKey does not keep the key readable as Enabled.
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: old.KeyMetadata.KeyId})
	o.must("DisableKey", err)
	o.add(stLag - 100*time.Millisecond)
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: old.KeyMetadata.KeyId})
	o.must("DisableKey again", err)
	o.add(200 * time.Millisecond)
	o.fails(t, "Decrypt", otErrCode("DisabledException"), func() error {
		return otE(c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct.CiphertextBlob}))
	})

	// A stale read of a cancelled deletion shows the deletion as it was.
	_, err = c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: old.KeyMetadata.KeyId})
	o.must("EnableKey", err)
	o.add(stLag)
	_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: old.KeyMetadata.KeyId, PendingWindowInDays: aws.Int32(9)})
	o.must("ScheduleKeyDeletion", err)
	o.add(stLag)
	pending, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: old.KeyMetadata.KeyId})
	o.must("DescribeKey", err)
	_, err = c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: old.KeyMetadata.KeyId})
	o.must("CancelKeyDeletion", err)
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: old.KeyMetadata.KeyId})
	o.must("DescribeKey", err)
	if diff := cmp.Diff(pending.KeyMetadata, d.KeyMetadata, cmpopts.IgnoreUnexported(types.KeyMetadata{}, types.MultiRegionConfiguration{})); diff != "" || d.KeyMetadata.DeletionDate == nil {
		t.Errorf("stale DescribeKey after CancelKeyDeletion differs from the pending deletion's (-pending +stale):\n%s", diff)
	}
	o.add(stLag)
	d, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: old.KeyMetadata.KeyId})
	o.must("DescribeKey", err)
	if d.KeyMetadata.KeyState != types.KeyStateDisabled || d.KeyMetadata.DeletionDate != nil {
		t.Errorf("DescribeKey after the window = %s, DeletionDate %v", d.KeyMetadata.KeyState, d.KeyMetadata.DeletionDate)
	}
}

// TestReadStalenessManagedKey: DescribeKey on a predefined alias answers
// the AWS managed key it creates, with or without ReadStaleness.
func TestReadStalenessManagedKey(t *testing.T) {
	o := otNew(t, sim.Options{ReadStaleness: stLag})
	md := mgKey(t, o.c(otE1), "sqs")
	if md.KeyManager != types.KeyManagerTypeAws {
		t.Errorf("KeyManager = %s", md.KeyManager)
	}
	if n := len(o.snapshot().Keys); n != 1 {
		t.Errorf("%d keys after DescribeKey on alias/aws/sqs, want 1", n)
	}
}
