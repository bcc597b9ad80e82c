package retry_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/mrksim/mrk/examples/retry"
	"github.com/mrksim/mrk/fixtures"
	"github.com/mrksim/mrk/sim"
)

// newReplicaCreating returns a world whose key was just replicated to
// eu-west-1 (Creating for creating), and a ciphertext made in us-east-1.
func newReplicaCreating(t *testing.T, creating time.Duration) (*fixtures.World, []byte) {
	w := fixtures.NewWorld(t, func(o *sim.Options) { o.ReplicaCreatingDuration = creating })
	east := w.Client("us-east-1")
	ck, err := east.CreateKey(w.Ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	enc, err := east.Encrypt(w.Ctx, &kms.EncryptInput{KeyId: ck.KeyMetadata.KeyId, Plaintext: []byte("order 66")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := east.ReplicateKey(w.Ctx, &kms.ReplicateKeyInput{KeyId: ck.KeyMetadata.KeyId, ReplicaRegion: aws.String("eu-west-1")}); err != nil {
		t.Fatal(err)
	}
	return w, enc.CiphertextBlob
}

// stepClock is the policy's wait in tests: the mock clock moves, nobody sleeps.
func stepClock(w *fixtures.World) retry.Policy {
	p := retry.Default
	p.Wait = func(d time.Duration) { w.Clock.Add(d) }
	return p
}

// TestRetriesWhileCreating: the replica is Creating for 5 s (SPEC §11), so
// the attempts at 0, 0.5, 1.5 and 3.5 s fail with KMSInvalidStateException
// (R3.6.1) and the one at 7.5 s succeeds.
func TestRetriesWhileCreating(t *testing.T) {
	w, blob := newReplicaCreating(t, 5*time.Second)
	start := w.Now()
	out, n, err := retry.Decrypt(w.Ctx, w.Client("eu-west-1"), stepClock(w), blob)
	if err != nil || string(out.Plaintext) != "order 66" {
		t.Fatalf("Decrypt: %v", err)
	}
	if n != 5 || w.Now().Sub(start) != 7500*time.Millisecond {
		t.Errorf("%d attempts over %v, want 5 over 7.5s", n, w.Now().Sub(start))
	}
	refused := 0
	for _, e := range w.Events(sim.EventFilter{Region: "eu-west-1", EventName: "Decrypt"}) {
		if e.ErrorCode == "KMSInvalidStateException" {
			refused++
		}
	}
	if refused != 4 {
		t.Errorf("the event log shows %d refused Decrypts in eu-west-1, want 4", refused)
	}
}

// TestGivesUp: a replica that stays Creating longer than the policy waits
// exhausts the attempts and returns the last KMSInvalidStateException.
func TestGivesUp(t *testing.T) {
	w, blob := newReplicaCreating(t, time.Hour)
	_, n, err := retry.Decrypt(w.Ctx, w.Client("eu-west-1"), stepClock(w), blob)
	var notReady *types.KMSInvalidStateException
	if !errors.As(err, &notReady) || n != retry.Default.Attempts {
		t.Fatalf("after %d attempts: %v", n, err)
	}
}

// TestNoRetryOnOtherErrors: a ciphertext no key of the Region can decrypt
// is not retried (InvalidCiphertextException).
func TestNoRetryOnOtherErrors(t *testing.T) {
	w, blob := newReplicaCreating(t, 5*time.Second)
	blob[len(blob)-1] ^= 1
	_, n, err := retry.Decrypt(w.Ctx, w.Client("us-east-1"), stepClock(w), blob)
	var bad *types.InvalidCiphertextException
	if !errors.As(err, &bad) || n != 1 {
		t.Fatalf("after %d attempts: %v", n, err)
	}
}

// TestNonPositiveAttempts: a Policy with Attempts 0 or less makes one
// call and does not retry (it used to retry forever, as n == Attempts was
// never true). The wait fails the test rather than letting it loop.
func TestNonPositiveAttempts(t *testing.T) {
	for _, attempts := range []int{0, -3} {
		w, blob := newReplicaCreating(t, time.Hour)
		p := retry.Policy{Attempts: attempts, First: time.Second, Wait: func(time.Duration) {
			t.Fatalf("Attempts %d: waited to retry", attempts)
		}}
		_, n, err := retry.Decrypt(w.Ctx, w.Client("eu-west-1"), p, blob)
		var notReady *types.KMSInvalidStateException
		if !errors.As(err, &notReady) || n != 1 {
			t.Errorf("Attempts %d: %d attempts, %v", attempts, n, err)
		}
	}
}
