package envelope_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/mrksim/mrk/examples/envelope"
	"github.com/mrksim/mrk/fixtures"
)

// TestAcrossRegions: data sealed in us-east-1 opens in every Region of the
// set (SPEC R9.1); disabling one member stops only that Region (R2.4.2).
func TestAcrossRegions(t *testing.T) {
	s := fixtures.SettledSet(t)
	data := bytes.Repeat([]byte("a large document "), 10000) // far over Encrypt's 4 KiB
	env, err := envelope.Seal(s.World.Ctx, s.Clients["us-east-1"], s.KeyID, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Regions() {
		if got, err := envelope.Open(s.World.Ctx, s.Clients[r], env); err != nil || !bytes.Equal(got, data) {
			t.Errorf("Open in %s: %v", r, err)
		}
	}
	if _, err := s.Clients["us-east-1"].DisableKey(s.World.Ctx, &kms.DisableKeyInput{KeyId: &s.KeyID}); err != nil {
		t.Fatal(err)
	}
	_, err = envelope.Open(s.World.Ctx, s.Clients["us-east-1"], env)
	var disabled *types.DisabledException
	if !errors.As(err, &disabled) {
		t.Errorf("Open in us-east-1 with its member disabled: %v", err)
	}
	if _, err := envelope.Open(s.World.Ctx, s.Clients["eu-west-1"], env); err != nil {
		t.Errorf("Open in eu-west-1 with the primary disabled: %v", err)
	}
}

// TestTampering: an altered envelope does not open, whichever part is
// altered.
func TestTampering(t *testing.T) {
	s := fixtures.SettledSet(t)
	env, err := envelope.Seal(s.World.Ctx, s.Clients["us-west-2"], s.ARNs["us-west-2"], []byte("payroll"))
	if err != nil {
		t.Fatal(err)
	}
	badKey := *env
	badKey.EncryptedKey = append([]byte(nil), env.EncryptedKey...)
	badKey.EncryptedKey[len(badKey.EncryptedKey)-1] ^= 1
	var invalid *types.InvalidCiphertextException
	if _, err := envelope.Open(s.World.Ctx, s.Clients["us-west-2"], &badKey); !errors.As(err, &invalid) {
		t.Errorf("altered data key: %v", err)
	}
	badData := *env
	badData.Sealed = append([]byte(nil), env.Sealed...)
	badData.Sealed[0] ^= 1
	if _, err := envelope.Open(s.World.Ctx, s.Clients["us-west-2"], &badData); err == nil {
		t.Error("altered data opened")
	}
}
