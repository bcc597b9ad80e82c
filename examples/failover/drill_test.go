package failover_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/examples/failover"
	"github.com/mrksim/mrk/fixtures"
	"github.com/mrksim/mrk/sim"
)

// TestFailoverDrill: replicate us-east-1's key to eu-west-1, step through
// Creating a second at a time, promote eu-west-1, step through Updating,
// and decrypt the same ciphertext in every Region at every step. The
// replica refuses while Creating (SPEC R3.6.1); both keys keep decrypting
// while Updating (SPEC-API A52.5.1). Then the event log tells the story
// (SPEC §10.2).
func TestFailoverDrill(t *testing.T) {
	w := fixtures.NewWorld(t)
	ctx, east, west := w.Ctx, w.Client("us-east-1"), w.Client("eu-west-1")
	clients := map[string]failover.KMS{"us-east-1": east, "eu-west-1": west}

	ck, err := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	id := ck.KeyMetadata.KeyId
	enc, err := east.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: []byte("ledger")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("eu-west-1")}); err != nil {
		t.Fatal(err)
	}

	// decryptEverywhere says, per Region, "ok" or the error code.
	decryptEverywhere := func() string {
		var s string
		for _, r := range []string{"us-east-1", "eu-west-1"} {
			out, err := w.Client(r).Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
			switch {
			case err == nil && string(out.Plaintext) == "ledger":
				s += r + " ok "
			case err == nil:
				s += r + " wrong plaintext "
			default:
				s += r + " " + fixtures.ErrorCode(err) + " "
			}
		}
		return s
	}
	creating := "us-east-1 ok eu-west-1 KMSInvalidStateException "
	for i := 0; i < 4; i++ { // 0 s to 4 s: the replica is Creating
		if got := decryptEverywhere(); got != creating {
			t.Fatalf("at +%ds of Creating: %s", i, got)
		}
		if err := failover.Promote(ctx, clients, *id, "eu-west-1"); err == nil {
			t.Fatalf("Promote succeeded while the replica is Creating")
		}
		w.Clock.Add(time.Second)
	}
	w.Clock.Add(time.Second) // 5 s: Creating is over
	if got := decryptEverywhere(); got != "us-east-1 ok eu-west-1 ok " {
		t.Fatalf("after Creating: %s", got)
	}

	if err := failover.Promote(ctx, clients, *id, "eu-west-1"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ { // Updating lasts 10 s; decryption goes on
		if got := decryptEverywhere(); got != "us-east-1 ok eu-west-1 ok " {
			t.Fatalf("at +%ds of Updating: %s", i, got)
		}
		if a, b := state(t, w, "us-east-1", *id), state(t, w, "eu-west-1", *id); a != types.KeyStateUpdating || b != types.KeyStateUpdating {
			t.Fatalf("at +%ds of Updating: %s and %s", i, a, b)
		}
		w.Clock.Add(time.Second)
	}
	d, err := west.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
	if err != nil || d.KeyMetadata.KeyState != types.KeyStateEnabled || d.KeyMetadata.MultiRegionConfiguration.MultiRegionKeyType != types.MultiRegionKeyTypePrimary {
		t.Fatalf("eu-west-1 after Updating: %v %+v", err, d)
	}
	// The former primary now refuses to replicate (SPEC-API A52.5.3, A41.3.5).
	_, err = east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("ap-south-1")})
	var unsupported *types.UnsupportedOperationException
	if !errors.As(err, &unsupported) {
		t.Fatalf("ReplicateKey from the former primary: %v", err)
	}

	// The event log of the drill's management events (§10.2): CreateKey,
	// ReplicateKey in the primary's Region and CreateKey in the replica's,
	// a synchronization when the replica is ready, UpdatePrimaryRegion in
	// both Regions, and a synchronization from the new primary when the
	// update ends. The world holds only this key; the new primary's
	// UpdatePrimaryRegion record names no resource (§10.4), so a filter on
	// the key would miss it.
	var got []string
	for _, e := range w.Events(sim.EventFilter{}) {
		if e.EventName != "Decrypt" && e.EventName != "Encrypt" && e.EventName != "DescribeKey" {
			got = append(got, strings.TrimSpace(fmt.Sprintf("%s %s %s %s", e.EventTime, e.AWSRegion, e.EventName, e.ErrorCode)))
		}
	}
	want := []string{
		"2026-01-01T00:00:00Z us-east-1 CreateKey",
		"2026-01-01T00:00:00Z us-east-1 ReplicateKey",
		"2026-01-01T00:00:00Z eu-west-1 CreateKey",
		"2026-01-01T00:00:05Z us-east-1 SynchronizeMultiRegionKey",
		"2026-01-01T00:00:05Z us-east-1 UpdatePrimaryRegion",
		"2026-01-01T00:00:05Z eu-west-1 UpdatePrimaryRegion",
		"2026-01-01T00:00:15Z eu-west-1 SynchronizeMultiRegionKey",
		"2026-01-01T00:00:15Z us-east-1 ReplicateKey UnsupportedOperationException", // failed calls are logged too (§10.1)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("event log (-want +got):\n%s", d)
	}
	if err := fixtures.CheckInvariants(w.World); err != nil {
		t.Fatal(err)
	}
}

// state is the key state of id's member in region.
func state(t *testing.T, w *fixtures.World, region, id string) types.KeyState {
	t.Helper()
	d, err := w.Client(region).DescribeKey(w.Ctx, &kms.DescribeKeyInput{KeyId: &id})
	if err != nil {
		t.Fatal(err)
	}
	return d.KeyMetadata.KeyState
}
