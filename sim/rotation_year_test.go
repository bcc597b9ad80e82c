package sim_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/benbjohnson/clock"
	"github.com/mrksim/mrk/sim"
)

// TestRotationYear steps the clock a year through a 90-day automatic
// rotation of a set in three Regions, encrypting every week in a different
// Region, then decrypts every ciphertext in every Region (issue 6; R8.1.3,
// R8.1.5, R8.4.1, R9.1): old material keeps decrypting, each ciphertext
// carries the material current when it was made, on every member.
func TestRotationYear(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewMock()
	clk.Set(sim.DefaultStart)
	w := sim.New(sim.Options{Seed: 21, Clock: clk})
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-1"}
	east := w.Client(regions[0])
	ck, err := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	id := ck.KeyMetadata.KeyId
	for _, r := range regions[1:] {
		east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String(r)})
	}
	clk.Add(time.Minute)
	if _, err := east.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: id, RotationPeriodInDays: aws.Int32(90)}); err != nil {
		t.Fatal(err)
	}
	type made struct {
		blob, plain []byte
		material    string
	}
	var all []made
	for week := 0; week < 53; week++ {
		c := w.Client(regions[week%len(regions)])
		plain := []byte(fmt.Sprintf("week %d", week))
		out, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: plain})
		if err != nil {
			t.Fatalf("week %d: %v", week, err)
		}
		d, _ := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
		all = append(all, made{out.CiphertextBlob, plain, *d.KeyMetadata.CurrentKeyMaterialId})
		clk.Add(7 * 24 * time.Hour)
	}
	rot, _ := w.Client(regions[2]).ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: id})
	if len(rot.Rotations) != 4 {
		t.Fatalf("a year of a 90-day period made %d rotations, want 4: %+v", len(rot.Rotations), rot.Rotations)
	}
	materials := map[string]bool{}
	for _, m := range all {
		materials[m.material] = true
		for _, r := range regions {
			out, err := w.Client(r).Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: m.blob})
			if err != nil {
				t.Fatalf("%s: decrypting %q: %v", r, m.plain, err)
			}
			if !bytes.Equal(out.Plaintext, m.plain) || aws.ToString(out.KeyMaterialId) != m.material {
				t.Fatalf("%s: %q decrypted to %q with material %s, want %s", r, m.plain, out.Plaintext, aws.ToString(out.KeyMaterialId), m.material)
			}
		}
	}
	if len(materials) != 5 {
		t.Fatalf("ciphertexts used %d materials, want the first and four rotations", len(materials))
	}
}
