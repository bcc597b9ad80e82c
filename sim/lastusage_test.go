package sim_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/benbjohnson/clock"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

// TestGetKeyLastUsage: the last successful counted call per member, joined
// to its request ID and event ID (A26.3.3, A26.3.4, A26.5.1, O62).
func TestGetKeyLastUsage(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewMock()
	clk.Set(sim.DefaultStart)
	w := sim.New(sim.Options{Seed: 12, Clock: clk})
	east, west := w.Client("us-east-1"), w.Client("us-west-2")
	ck, _ := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	id := ck.KeyMetadata.KeyId
	east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("us-west-2")})
	clk.Add(time.Minute)

	u, err := east.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: ck.KeyMetadata.Arn})
	if err != nil || *u.KeyId != *id || !u.KeyCreationDate.Equal(*ck.KeyMetadata.CreationDate) ||
		!u.TrackingStartDate.Equal(*ck.KeyMetadata.CreationDate) || u.KeyLastUsage == nil || u.KeyLastUsage.Operation != "" {
		t.Fatalf("unused key (O62: KeyId is the key ID, KeyLastUsage {}): %v %+v", err, u)
	}
	clk.Add(time.Hour)
	enc, err := east.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: []byte("secret")})
	if err != nil {
		t.Fatal(err)
	}
	reqID, _ := awsmiddleware.GetRequestIDMetadata(enc.ResultMetadata)
	u, _ = east.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: id})
	ev := w.Events(sim.EventFilter{EventName: "Encrypt"})
	if u.KeyLastUsage.Operation != types.KeyLastUsageTrackingOperationEncrypt || !u.KeyLastUsage.Timestamp.Equal(clk.Now()) ||
		aws.ToString(u.KeyLastUsage.KmsRequestId) != reqID || len(ev) != 1 || aws.ToString(u.KeyLastUsage.CloudTrailEventId) != ev[0].EventID {
		t.Fatalf("after Encrypt: %+v (request %s, events %+v)", u.KeyLastUsage, reqID, ev)
	}
	if r, _ := west.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: id}); r.KeyLastUsage.Operation != "" {
		t.Fatalf("A26.5.1: using the primary updated the replica: %+v", r.KeyLastUsage)
	}
	if _, err := west.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob}); err != nil {
		t.Fatal(err)
	}
	if r, _ := west.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: id}); r.KeyLastUsage.Operation != types.KeyLastUsageTrackingOperationDecrypt {
		t.Fatalf("replica after Decrypt: %+v", r.KeyLastUsage)
	}

	// A failed call does not count (A0.11.3).
	east.DisableKey(ctx, &kms.DisableKeyInput{KeyId: id})
	before := w.Snapshot()
	if _, err := east.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: []byte("x")}); err == nil {
		t.Fatal("Encrypt with a Disabled key succeeded")
	}
	if r, _ := east.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: id}); aws.ToString(r.KeyLastUsage.KmsRequestId) != reqID {
		t.Fatalf("a failed Encrypt counted: %+v", r.KeyLastUsage)
	}
	if d := cmp.Diff(before, w.Snapshot()); d != "" {
		t.Fatalf("a failed Encrypt changed the world:\n%s", d)
	}

	// ReEncrypt counts for both keys (A26.3.3).
	east.EnableKey(ctx, &kms.EnableKeyInput{KeyId: id})
	other, _ := east.CreateKey(ctx, &kms.CreateKeyInput{})
	if _, err := east.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: other.KeyMetadata.KeyId}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []*string{id, other.KeyMetadata.KeyId} {
		if r, _ := east.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: k}); r.KeyLastUsage.Operation != types.KeyLastUsageTrackingOperationReEncrypt {
			t.Fatalf("ReEncrypt did not count for %s: %+v", *k, r.KeyLastUsage)
		}
	}

	// Key ID or ARN only (A26.3.1); NotFound after the key is gone.
	_, err = east.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: aws.String("alias/x")})
	var iae *types.InvalidArnException
	if !errors.As(err, &iae) || iae.ErrorMessage() != "Key Aliases are not supported for this operation." {
		t.Fatalf("alias: %v", err)
	}
	east.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: other.KeyMetadata.KeyId, PendingWindowInDays: aws.Int32(7)})
	clk.Add(8 * 24 * time.Hour)
	_, err = east.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: other.KeyMetadata.KeyId})
	var nf *types.NotFoundException
	if !errors.As(err, &nf) || !strings.Contains(nf.ErrorMessage(), "does not exist") {
		t.Fatalf("deleted key: %v", err)
	}

	// Over the wire an unused key answers "KeyLastUsage":{}.
	status, _, body := rawCall(w, "POST", "TrentService.GetKeyLastUsage", "", testAuth, `{"KeyId":"`+*ck.KeyMetadata.KeyId+`"}`)
	if status != 200 || body["KeyLastUsage"] == nil {
		t.Fatalf("wire: %d %v", status, body)
	}
}

// TestCrossAccountUseIsTheOwnersKey: another account's Encrypt with the
// owner's key ARN (A0.12.6) counts as the owner's key's last use, and its
// CloudTrail record names the owner's key, in the owner's account.
func TestCrossAccountUseIsTheOwnersKey(t *testing.T) {
	ctx := context.Background()
	w := sim.New(sim.Options{Seed: 3})
	const other = "444455556666"
	owner := w.Client("us-east-1")
	ck, err := owner.CreateKey(ctx, &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(ck.KeyMetadata.Arn)
	if _, err := w.ClientFor(other, "us-east-1").Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(arn), Plaintext: []byte("x")}); err != nil {
		t.Fatalf("cross-account Encrypt: %v", err)
	}
	u, err := owner.GetKeyLastUsage(ctx, &kms.GetKeyLastUsageInput{KeyId: ck.KeyMetadata.KeyId})
	if err != nil {
		t.Fatal(err)
	}
	if u.KeyLastUsage == nil || u.KeyLastUsage.Operation != "Encrypt" {
		t.Errorf("GetKeyLastUsage after another account's Encrypt: %+v", u.KeyLastUsage)
	}
	evs := w.Events(sim.EventFilter{KeyID: arn, EventName: "Encrypt"})
	if len(evs) != 1 || len(evs[0].Resources) != 1 || evs[0].Resources[0].ARN != arn || evs[0].Resources[0].AccountID != sim.DefaultAccount {
		t.Fatalf("the Encrypt record does not name the owner's key %s: %+v", arn, evs)
	}
}
