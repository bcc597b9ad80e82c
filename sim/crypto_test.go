package sim_test

// Tests of the symmetric cryptographic operations through the SDK-shaped
// client (and once through the real aws-sdk-go-v2 client): Encrypt,
// Decrypt, ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext and
// GenerateRandom (SPEC §9; SPEC-API §A7, §A19, §A20, §A23, §A25, §A40).
//
// Every case names its rule: R… and O-… are SPEC.md, A… and On are
// SPEC-API.md, and "file.json:case" is the observation of
// shared/aws-observed whose code, message or shape the case
// reproduces (with the recording's account, key ID and material IDs
// replaced by the world's). Messages are asserted exactly where SPEC marks
// them msg✓ or a recording holds them. After every failing call the
// world's Snapshot must be unchanged, the seeded stream included (A0.11.3).
//
// Package-level identifiers of this file start with "cr" (or TestCrypto).

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

const (
	crE1 = "us-east-1"
	crW2 = "us-west-2"
	crEU = "eu-west-1"
	crAP = "ap-south-1"

	// crText is the plaintext of the multi_region.json recordings
	// ("bXVsdGktUmVnaW9uIHBsYWludGV4dA==").
	crText = "multi-Region plaintext"
	// The recording's normalised identifiers.
	crRecAcct = "111111111111"
	crRecKey  = "mrk-00000000000000000000000000000001"
	crRecMat  = "abd2e8b9f48861c5eacd48659c8afb8429454e4d350e0ef030319aaa288867ef"

	crVE = "ValidationException"
	crAD = "AccessDeniedException"

	// crNS begins every answer to a deliberate limitation (A0.23.1).
	crNS = "Not supported by the mrk simulator: "
	// crIncorrect is R9.4's text (msg✓ multi_region.json:decrypt_replica_primary_arn).
	crIncorrect = "The key ID in the request does not identify a CMK that can perform this operation."
	// crNoKey is O-37 / O50's text.
	crNoKey = "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access."
	// crDryRun is A0.14.3's text (msg✓).
	crDryRun = "The request would have succeeded, but the DryRun option is set."
)

var (
	crCtx   = context.Background()
	crStart = time.Date(2026, 9, 12, 9, 0, 0, 0, time.UTC)
)

// crWorld is a world on a mock clock.
type crWorld struct{ testWorld }

func crNew(t *testing.T, seed uint64) *crWorld {
	return &crWorld{newTestWorld(t, crStart, sim.Options{Seed: seed})}
}

func crARN(region, id string) string {
	return "arn:aws:kms:" + region + ":" + sim.DefaultAccount + ":key/" + id
}

func (o *crWorld) key(region string, in *kms.CreateKeyInput) string {
	o.t.Helper()
	if in == nil {
		in = &kms.CreateKeyInput{}
	}
	out, err := o.c(region).CreateKey(crCtx, in)
	o.must("CreateKey", err)
	return *out.KeyMetadata.KeyId
}

// set creates a multi-Region primary in us-east-1 with replicas in rs and
// moves the clock until they are Enabled.
func (o *crWorld) set(rs ...string) string {
	o.t.Helper()
	id := o.key(crE1, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	for _, r := range rs {
		_, err := o.c(crE1).ReplicateKey(crCtx, &kms.ReplicateKeyInput{KeyId: &id, ReplicaRegion: aws.String(r)})
		o.must("ReplicateKey", err)
	}
	o.clk.Add(time.Minute)
	return id
}

func (o *crWorld) material(region, id string) string {
	o.t.Helper()
	d, err := o.c(region).DescribeKey(crCtx, &kms.DescribeKeyInput{KeyId: &id})
	o.must("DescribeKey", err)
	return aws.ToString(d.KeyMetadata.CurrentKeyMaterialId)
}

func (o *crWorld) encrypt(region, keyID, text string, ec map[string]string) []byte {
	o.t.Helper()
	out, err := o.c(region).Encrypt(crCtx, &kms.EncryptInput{KeyId: &keyID, Plaintext: []byte(text), EncryptionContext: ec})
	o.must("Encrypt", err)
	return out.CiphertextBlob
}

func (o *crWorld) decrypt(region string, in *kms.DecryptInput) *kms.DecryptOutput {
	o.t.Helper()
	out, err := o.c(region).Decrypt(crCtx, in)
	o.must("Decrypt in "+region, err)
	return out
}

func crE[T any](_ T, err error) error { return err }

// crObs is one recorded observation.
type crObs struct {
	Case   string         `json:"case"`
	Code   string         `json:"code"`
	Region string         `json:"region"`
	Output map[string]any `json:"output"`
	Error  struct {
		Message string `json:"Message"`
		Code    string `json:"Code"`
	} `json:"error"`
}

// crRecorded returns the first observation of file with this case.
func crRecorded(t *testing.T, file, c string) crObs {
	t.Helper()
	b, err := os.ReadFile("testdata/aws-observed/" + file)
	if err != nil {
		t.Fatalf("recording: %v", err)
	}
	var doc struct {
		Observations []crObs `json:"observations"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for _, o := range doc.Observations {
		if o.Case == c {
			return o
		}
	}
	t.Fatalf("%s has no observation %s", file, c)
	return crObs{}
}

// crShape renders an SDK output as the CLI prints it: members present,
// blobs in base64, ResultMetadata left out.
func crShape(t *testing.T, out any) map[string]any {
	t.Helper()
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "ResultMetadata")
	for k, v := range m {
		if v == nil || v == "" {
			delete(m, k)
		}
	}
	return m
}

// crMatches compares an output with a recorded one after replacing the
// recording's identifiers with the world's (repl: recorded → ours). A
// CiphertextBlob is random: only its presence is compared.
func crMatches(t *testing.T, rule string, out any, rec crObs, repl map[string]string) {
	t.Helper()
	got := crShape(t, out)
	want := map[string]any{}
	for k, v := range rec.Output {
		if s, ok := v.(string); ok {
			for from, to := range repl {
				s = strings.ReplaceAll(s, from, to)
			}
			v = s
		}
		want[k] = v
	}
	if _, ok := want["CiphertextBlob"]; ok {
		if _, ok := got["CiphertextBlob"]; ok {
			got["CiphertextBlob"], want["CiphertextBlob"] = "(present)", "(present)"
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s: output differs from %s (-recorded +got):\n%s", rule, rec.Case, d)
	}
}

// TestCryptoMultiRegionRecorded replays multi_region.json's cryptographic
// steps on a world: encrypt in the primary, decrypt in the replica by every
// KeyId form, re-encrypt there, decrypt while the primary is disabled,
// after the materials rotated, after the primary moved, and while the new
// primary waits for deletion (R9.1–R9.8).
func TestCryptoMultiRegionRecorded(t *testing.T) {
	o := crNew(t, 1)
	id := o.set()
	_, err := o.c(crE1).EnableKeyRotation(crCtx, &kms.EnableKeyRotationInput{KeyId: &id, RotationPeriodInDays: aws.Int32(90)})
	o.must("EnableKeyRotation", err)
	mat := o.material(crE1, id)
	repl := map[string]string{crRecAcct: sim.DefaultAccount, crRecKey: id, crRecMat: mat}
	rec := func(c string) crObs { return crRecorded(t, "multi_region.json", c) }

	// R9.13: encrypt_primary_before, before the replica exists.
	enc, err := o.c(crE1).Encrypt(crCtx, &kms.EncryptInput{KeyId: &id, Plaintext: []byte(crText)})
	o.must("Encrypt", err)
	crMatches(t, "A19.3.8", enc, rec("encrypt_primary_before"), repl)
	blob := enc.CiphertextBlob
	_, err = o.c(crE1).ReplicateKey(crCtx, &kms.ReplicateKeyInput{KeyId: &id, ReplicaRegion: aws.String(crW2)})
	o.must("ReplicateKey", err)
	o.clk.Add(time.Minute)

	crMatches(t, "R9.1 R9.5", o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: blob}), rec("decrypt_replica_implicit"), repl)
	crMatches(t, "R9.4 R1.5.1", o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: blob, KeyId: &id}), rec("decrypt_replica_id"), repl)
	crMatches(t, "R9.4", o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: blob, KeyId: aws.String(crARN(crW2, id))}),
		rec("decrypt_replica_replica_arn"), repl)
	r := rec("decrypt_replica_primary_arn")
	o.fails(t, "Decrypt", otErr(r.Code, r.Error.Message), func() error {
		return crE(o.c(crW2).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: blob, KeyId: aws.String(crARN(crE1, id))}))
	})
	re, err := o.c(crW2).ReEncrypt(crCtx, &kms.ReEncryptInput{CiphertextBlob: blob, DestinationKeyId: &id})
	o.must("ReEncrypt", err)
	crMatches(t, "R9.8 A40.3.7", re, rec("replica_reencrypt_same"), repl)

	_, err = o.c(crE1).DisableKey(crCtx, &kms.DisableKeyInput{KeyId: &id})
	o.must("DisableKey", err)
	crMatches(t, "R9.2", o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: blob}), rec("decrypt_replica_primary_disabled"), repl)
	_, err = o.c(crE1).EnableKey(crCtx, &kms.EnableKeyInput{KeyId: &id})
	o.must("EnableKey", err)

	// The recording rotated on demand; here the 90-day period passes.
	o.clk.Add(91 * 24 * time.Hour)
	if o.material(crW2, id) == mat {
		t.Fatal("R8.1.3: the set did not rotate")
	}
	crMatches(t, "R9.7", o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: blob}), rec("replica_decrypt_old_material"), repl)

	_, err = o.c(crE1).UpdatePrimaryRegion(crCtx, &kms.UpdatePrimaryRegionInput{KeyId: &id, PrimaryRegion: aws.String(crW2)})
	o.must("UpdatePrimaryRegion", err)
	crMatches(t, "A0.13.5 Updating allows", o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: blob}), rec("new_primary_decrypt_old"), repl)
	o.clk.Add(time.Minute)
	crMatches(t, "R9.7", o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: blob}), rec("new_primary_decrypt_old"), repl)

	_, err = o.c(crW2).ScheduleKeyDeletion(crCtx, &kms.ScheduleKeyDeletionInput{KeyId: &id, PendingWindowInDays: aws.Int32(7)})
	o.must("ScheduleKeyDeletion", err)
	crMatches(t, "R9.2", o.decrypt(crE1, &kms.DecryptInput{CiphertextBlob: blob}), rec("replica_with_deleting_primary"), repl)
	o.fails(t, "Decrypt", otErr("KMSInvalidStateException", crARN(crW2, id)+" is pending replica deletion."), func() error {
		return crE(o.c(crW2).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: blob}))
	})
}

// TestCryptoThreeRegions: a set replicated to three Regions. Every
// member's ciphertext decrypts with every member, which reports its own
// ARN and the material (R9.1, R9.5); after UpdatePrimaryRegion; after an
// automatic rotation old ciphertexts still decrypt with the old material
// and new ones carry the new material in every member (R9.7, R8.1.5).
func TestCryptoThreeRegions(t *testing.T) {
	o := crNew(t, 3)
	regions := []string{crE1, crW2, crEU}
	id := o.set(crW2, crEU)
	_, err := o.c(crEU).CreateAlias(crCtx, &kms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: &id})
	o.must("CreateAlias", err)
	first := o.material(crE1, id)
	type sealed struct {
		from, text string
		blob       []byte
		material   string
	}
	var blobs []sealed
	encryptAll := func(material, tag string) {
		for _, r := range regions {
			text := tag + " from " + r
			blobs = append(blobs, sealed{r, text, o.encrypt(r, id, text, map[string]string{"tag": tag}), material})
		}
	}
	decryptAll := func(rule string) {
		t.Helper()
		for _, b := range blobs {
			for _, at := range regions {
				forms := []*string{nil, &id, aws.String(crARN(at, id))}
				if at == crEU {
					forms = append(forms, aws.String("alias/app"))
				}
				for _, f := range forms {
					out := o.decrypt(at, &kms.DecryptInput{CiphertextBlob: b.blob, KeyId: f,
						EncryptionContext: map[string]string{"tag": strings.Fields(b.text)[0]}})
					if aws.ToString(out.KeyId) != crARN(at, id) || string(out.Plaintext) != b.text ||
						aws.ToString(out.KeyMaterialId) != b.material || out.EncryptionAlgorithm != types.EncryptionAlgorithmSpecSymmetricDefault {
						t.Errorf("%s: %q (from %s) at %s with KeyId %v: %s %q %s %s", rule, b.text, b.from, at,
							aws.ToString(f), aws.ToString(out.KeyId), out.Plaintext, aws.ToString(out.KeyMaterialId), out.EncryptionAlgorithm)
					}
				}
			}
		}
	}
	encryptAll(first, "before")
	decryptAll("R9.1 R9.5")

	_, err = o.c(crE1).UpdatePrimaryRegion(crCtx, &kms.UpdatePrimaryRegionInput{KeyId: &id, PrimaryRegion: aws.String(crEU)})
	o.must("UpdatePrimaryRegion", err)
	decryptAll("A0.13.5 Updating keys decrypt")
	o.clk.Add(time.Minute)
	encryptAll(first, "moved")
	decryptAll("R9.7 after UpdatePrimaryRegion")

	_, err = o.c(crEU).EnableKeyRotation(crCtx, &kms.EnableKeyRotationInput{KeyId: &id, RotationPeriodInDays: aws.Int32(90)})
	o.must("EnableKeyRotation", err)
	o.clk.Add(91 * 24 * time.Hour)
	second := o.material(crE1, id)
	if second == first {
		t.Fatal("R8.1.3: no rotation after 91 days of a 90-day period")
	}
	for _, r := range regions {
		if got := o.material(r, id); got != second {
			t.Errorf("R8.1.5: %s's CurrentKeyMaterialId is %s, want %s", r, got, second)
		}
	}
	encryptAll(second, "rotated")
	decryptAll("R9.7 R8.1.5 after rotation")

	// Every member re-encrypts any member's ciphertext under the new
	// material (R9.8).
	for _, at := range regions {
		out, err := o.c(at).ReEncrypt(crCtx, &kms.ReEncryptInput{CiphertextBlob: blobs[0].blob, DestinationKeyId: &id,
			SourceEncryptionContext: map[string]string{"tag": "before"}})
		o.must("ReEncrypt", err)
		if aws.ToString(out.SourceKeyId) != crARN(at, id) || aws.ToString(out.KeyId) != crARN(at, id) ||
			aws.ToString(out.SourceKeyMaterialId) != first || aws.ToString(out.DestinationKeyMaterialId) != second {
			t.Errorf("R9.8 at %s: %s %s %s %s", at, aws.ToString(out.SourceKeyId), aws.ToString(out.KeyId),
				aws.ToString(out.SourceKeyMaterialId), aws.ToString(out.DestinationKeyMaterialId))
		}
		d := o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: out.CiphertextBlob})
		if string(d.Plaintext) != blobs[0].text || aws.ToString(d.KeyMaterialId) != second {
			t.Errorf("R9.8: re-encrypted at %s decrypts to %q with %s", at, d.Plaintext, aws.ToString(d.KeyMaterialId))
		}
	}
}

// TestCryptoNoMemberHere: Decrypt without a member of the set in the
// called Region (A7.3.3(2), A7.5.2, O-37, O50) and a single-Region key's
// ciphertext in another Region (R9.3); and another account's ciphertext,
// by its blob alone or its short key ID (R9.3, A0.12.6).
func TestCryptoNoMemberHere(t *testing.T) {
	o := crNew(t, 5)
	id := o.set(crW2)
	single := o.key(crE1, nil)
	mrkBlob := o.encrypt(crW2, id, "m", nil)
	singleBlob := o.encrypt(crE1, single, "s", nil)
	for _, c := range []struct {
		rule   string
		region string
		blob   []byte
	}{
		{"O-37 A7.5.2 multi-Region key without a member here", crEU, mrkBlob},
		{"O-37 R9.3 single-Region key of another Region", crW2, singleBlob},
	} {
		t.Run(c.rule, func(t *testing.T) {
			o.fails(t, "Decrypt", otErr(crAD, crNoKey), func() error {
				return crE(o.c(c.region).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: c.blob}))
			})
		})
	}
	t.Run("A0.12.8 a key ID with no key here", func(t *testing.T) {
		o.fails(t, "Decrypt", otErr("NotFoundException", "Key '"+crARN(crEU, id)+"' does not exist"), func() error {
			return crE(o.c(crEU).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: mrkBlob, KeyId: &id}))
		})
	})
	t.Run("R9.4 O-43 a single-Region key's ARN from another Region", func(t *testing.T) {
		o.fails(t, "Decrypt", otErr("IncorrectKeyException", crIncorrect), func() error {
			return crE(o.c(crW2).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: singleBlob, KeyId: aws.String(crARN(crE1, single))}))
		})
	})
	// R9.3: another account's ciphertext names its account.
	const other = "444455556666"
	theirs := o.w.ClientFor(other, crE1)
	ck, err := theirs.CreateKey(crCtx, &kms.CreateKeyInput{})
	o.must("CreateKey", err)
	tid := *ck.KeyMetadata.KeyId
	tb, err := theirs.Encrypt(crCtx, &kms.EncryptInput{KeyId: &tid, Plaintext: []byte("theirs")})
	o.must("Encrypt", err)
	for _, keyID := range []*string{nil, &tid, ck.KeyMetadata.Arn} {
		out := o.decrypt(crE1, &kms.DecryptInput{CiphertextBlob: tb.CiphertextBlob, KeyId: keyID})
		if string(out.Plaintext) != "theirs" || aws.ToString(out.KeyId) != aws.ToString(ck.KeyMetadata.Arn) {
			t.Errorf("R9.3 A0.12.6 with KeyId %v: %q %s", aws.ToString(keyID), out.Plaintext, aws.ToString(out.KeyId))
		}
	}
}

// TestCryptoDataKeys: a data key from GenerateDataKey works with
// crypto/aes and its encrypted copy decrypts to it with any member;
// GenerateDataKeyWithoutPlaintext's copy decrypts to a key of the asked
// size (A20.3.6, A20.3.7, A23.3.1, R9.9).
func TestCryptoDataKeys(t *testing.T) {
	o := crNew(t, 9)
	id := o.set(crW2)
	mat := o.material(crE1, id)
	ec := map[string]string{"bucket": "b1"}
	dk, err := o.c(crE1).GenerateDataKey(crCtx, &kms.GenerateDataKeyInput{KeyId: &id, KeySpec: types.DataKeySpecAes256, EncryptionContext: ec})
	o.must("GenerateDataKey", err)
	if len(dk.Plaintext) != 32 || aws.ToString(dk.KeyId) != crARN(crE1, id) || aws.ToString(dk.KeyMaterialId) != mat {
		t.Fatalf("A20.3.7: %d-byte key, KeyId %s, material %s", len(dk.Plaintext), aws.ToString(dk.KeyId), aws.ToString(dk.KeyMaterialId))
	}
	if got := crShape(t, dk); len(got) != 4 {
		t.Errorf("A20.3.7: members %v, want CiphertextBlob, Plaintext, KeyId, KeyMaterialId", slices.Sorted(mapsKeys(got)))
	}
	// The data key is an AES-256 key the caller can use.
	block, err := aes.NewCipher(dk.Plaintext)
	o.must("aes.NewCipher", err)
	gcm, err := cipher.NewGCM(block)
	o.must("cipher.NewGCM", err)
	nonce := make([]byte, gcm.NonceSize())
	sealed := gcm.Seal(nil, nonce, []byte("envelope payload"), nil)
	// Any member recovers the same key from the encrypted copy (R9.9).
	for _, r := range []string{crE1, crW2} {
		d := o.decrypt(r, &kms.DecryptInput{CiphertextBlob: dk.CiphertextBlob, EncryptionContext: ec})
		if !bytes.Equal(d.Plaintext, dk.Plaintext) {
			t.Fatalf("R9.9: the encrypted data key decrypts in %s to another key", r)
		}
		b, _ := aes.NewCipher(d.Plaintext)
		g, _ := cipher.NewGCM(b)
		if pt, err := g.Open(nil, nonce, sealed, nil); err != nil || string(pt) != "envelope payload" {
			t.Errorf("R9.9: the recovered key does not open the payload: %v", err)
		}
	}
	o.fails(t, "Decrypt", otErr("InvalidCiphertextException", ""), func() error {
		return crE(o.c(crE1).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: dk.CiphertextBlob}))
	})
	for _, c := range []struct {
		rule string
		in   kms.GenerateDataKeyWithoutPlaintextInput
		n    int
	}{
		{"A23.3.1 AES_128", kms.GenerateDataKeyWithoutPlaintextInput{KeySpec: types.DataKeySpecAes128}, 16},
		{"A23.3.1 NumberOfBytes 1", kms.GenerateDataKeyWithoutPlaintextInput{NumberOfBytes: aws.Int32(1)}, 1},
		{"A23.3.1 NumberOfBytes 1024", kms.GenerateDataKeyWithoutPlaintextInput{NumberOfBytes: aws.Int32(1024)}, 1024},
	} {
		t.Run(c.rule, func(t *testing.T) {
			in := c.in
			in.KeyId = &id
			out, err := o.c(crW2).GenerateDataKeyWithoutPlaintext(crCtx, &in)
			o.must("GenerateDataKeyWithoutPlaintext", err)
			got := crShape(t, out)
			if len(got) != 3 || aws.ToString(out.KeyId) != crARN(crW2, id) || aws.ToString(out.KeyMaterialId) != mat {
				t.Errorf("rotation.json:data_key_rotated shape: %v", got)
			}
			if d := o.decrypt(crE1, &kms.DecryptInput{CiphertextBlob: out.CiphertextBlob}); len(d.Plaintext) != c.n {
				t.Errorf("%s: data key of %d bytes, want %d", c.rule, len(d.Plaintext), c.n)
			}
		})
	}
	// rotation.json:data_key_rotated: after a rotation, the new material.
	_, err = o.c(crE1).EnableKeyRotation(crCtx, &kms.EnableKeyRotationInput{KeyId: &id, RotationPeriodInDays: aws.Int32(90)})
	o.must("EnableKeyRotation", err)
	o.clk.Add(91 * 24 * time.Hour)
	out, err := o.c(crW2).GenerateDataKeyWithoutPlaintext(crCtx, &kms.GenerateDataKeyWithoutPlaintextInput{KeyId: &id, KeySpec: types.DataKeySpecAes256})
	o.must("GenerateDataKeyWithoutPlaintext", err)
	if got := aws.ToString(out.KeyMaterialId); got == mat || got != o.material(crW2, id) {
		t.Errorf("A23.3.1 rotation.json:data_key_rotated: KeyMaterialId %s, want the new current material", got)
	}
}

func mapsKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestCryptoGenerateRandom: NumberOfBytes bytes from the seeded stream
// (A25.3.3, A25.3.4).
func TestCryptoGenerateRandom(t *testing.T) {
	o := crNew(t, 13)
	for _, n := range []int32{1, 32, 1024} {
		out, err := o.c(crE1).GenerateRandom(crCtx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(n)})
		o.must("GenerateRandom", err)
		if len(out.Plaintext) != int(n) || out.CiphertextForRecipient != nil {
			t.Errorf("A25.3.4: %d bytes asked, %d given", n, len(out.Plaintext))
		}
	}
	a, _ := o.c(crE1).GenerateRandom(crCtx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(64)})
	b, _ := o.c(crE1).GenerateRandom(crCtx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(64)})
	if bytes.Equal(a.Plaintext, b.Plaintext) {
		t.Error("A25.3.3: two draws gave the same bytes")
	}
}

// crRun is one seeded sequence of cryptographic calls; it returns every
// output's bytes, for the determinism test.
func crRun(t *testing.T, seed uint64) [][]byte {
	o := crNew(t, seed)
	id := o.set(crW2)
	var got [][]byte
	got = append(got, o.encrypt(crE1, id, crText, nil), o.encrypt(crW2, id, crText, map[string]string{"a": "b"}))
	dk, err := o.c(crW2).GenerateDataKey(crCtx, &kms.GenerateDataKeyInput{KeyId: &id, NumberOfBytes: aws.Int32(24)})
	o.must("GenerateDataKey", err)
	got = append(got, dk.Plaintext, dk.CiphertextBlob)
	re, err := o.c(crE1).ReEncrypt(crCtx, &kms.ReEncryptInput{CiphertextBlob: got[0], DestinationKeyId: &id})
	o.must("ReEncrypt", err)
	rnd, err := o.c(crE1).GenerateRandom(crCtx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(16)})
	o.must("GenerateRandom", err)
	return append(got, re.CiphertextBlob, rnd.Plaintext)
}

// TestCryptoDeterministic: the same seed and calls give byte-identical
// ciphertexts, data keys and random bytes; another seed does not (R9.13,
// A0.11.3).
func TestCryptoDeterministic(t *testing.T) {
	a, b, c := crRun(t, 42), crRun(t, 42), crRun(t, 43)
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("R9.13: same seed, different bytes (-first +second):\n%s", d)
	}
	for i := range a {
		if bytes.Equal(a[i], c[i]) {
			t.Errorf("R9.13: output %d is the same under another seed", i)
		}
	}
}

// TestCryptoErrors: every error of the six operations through the client,
// in the order of A0.11 (P1 model constraints, P2 request checks, P3
// resolution, P4 gate, P5 usage, P6 authentication, P7 DryRun); each
// leaves the world unchanged.
func TestCryptoErrors(t *testing.T) {
	o := crNew(t, 17)
	id := o.set(crW2)
	blob := o.encrypt(crE1, id, "p", map[string]string{"k": "v"})
	other := o.key(crE1, nil)
	hmac := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	rsa := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeEncryptDecrypt})
	off := o.key(crE1, nil)
	_, err := o.c(crE1).DisableKey(crCtx, &kms.DisableKeyInput{KeyId: &off})
	o.must("DisableKey", err)
	ext := o.key(crE1, &kms.CreateKeyInput{Origin: types.OriginTypeExternal})
	big := bytes.Repeat([]byte("x"), 4097)
	tampered := slices.Clone(blob)
	tampered[len(tampered)-1] ^= 1
	ec := map[string]string{"k": "v"}
	c := o.c(crE1)
	enc := func(in kms.EncryptInput) func() error {
		return func() error {
			if in.KeyId == nil {
				in.KeyId = &id
			}
			if in.Plaintext == nil {
				in.Plaintext = []byte("p")
			}
			return crE(c.Encrypt(crCtx, &in))
		}
	}
	dec := func(in kms.DecryptInput) func() error {
		return func() error { return crE(c.Decrypt(crCtx, &in)) }
	}
	gdk := func(in kms.GenerateDataKeyInput) func() error {
		return func() error {
			if in.KeyId == nil {
				in.KeyId = &id
			}
			return crE(c.GenerateDataKey(crCtx, &in))
		}
	}
	gdkwp := func(in kms.GenerateDataKeyWithoutPlaintextInput) func() error {
		return func() error {
			if in.KeyId == nil {
				in.KeyId = &id
			}
			return crE(c.GenerateDataKeyWithoutPlaintext(crCtx, &in))
		}
	}
	reenc := func(in kms.ReEncryptInput) func() error {
		return func() error {
			if in.DestinationKeyId == nil {
				in.DestinationKeyId = &id
			}
			return crE(c.ReEncrypt(crCtx, &in))
		}
	}
	rnd := func(in kms.GenerateRandomInput) func() error {
		return func() error { return crE(c.GenerateRandom(crCtx, &in)) }
	}
	cases := []struct {
		op, rule string
		want     otWant
		call     func() error
	}{
		// P1 (A0.10)
		{"Encrypt", "A19.3.1 LS:test_plaintext_size_for_encrypt", otVal("Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"),
			enc(kms.EncryptInput{Plaintext: big})},
		{"Encrypt", "A0.10.5 empty plaintext", otVal("Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			enc(kms.EncryptInput{Plaintext: []byte{}})},
		{"Encrypt", "A0.10.3 two violations in member order", otErr(crVE, "2 validation errors detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			enc(kms.EncryptInput{KeyId: aws.String(""), Plaintext: []byte{}})},
		{"Encrypt", "A0.10.2 encryption algorithm enum", otErrPrefix(crVE, "1 validation error detected: Value 'AES' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: ["),
			enc(kms.EncryptInput{EncryptionAlgorithm: "AES"})},
		{"Decrypt", "A7.3.1 CiphertextBlob required", otVal("Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null"),
			dec(kms.DecryptInput{})},
		{"Decrypt", "A7.3.1 IGNORE_CIPHERTEXT without DryRun still needs the blob", otVal("Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null"),
			dec(kms.DecryptInput{KeyId: &id, DryRunModifiers: []types.DryRunModifierType{types.DryRunModifierTypeIgnoreCiphertext}})},
		{"Decrypt", "A7.1 CiphertextBlob over 6144 bytes", otVal("Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144"),
			dec(kms.DecryptInput{CiphertextBlob: make([]byte, 6145)})},
		{"Decrypt", "A7.1 DryRunModifiers enum", otVal("Value 'IGNORE' at 'dryRunModifiers.1.member' failed to satisfy constraint: Member must satisfy enum value set: [IGNORE_CIPHERTEXT]"),
			dec(kms.DecryptInput{CiphertextBlob: blob, DryRunModifiers: []types.DryRunModifierType{"IGNORE"}})},
		{"Decrypt", "A0.15.1 more than 10 grant tokens", otErrPrefix(crVE, "1 validation error detected: Value '["),
			dec(kms.DecryptInput{CiphertextBlob: blob, GrantTokens: slices.Repeat([]string{"t"}, 11)})},
		{"ReEncrypt", "A40.3.1 DestinationKeyId required", otVal("Value null at 'destinationKeyId' failed to satisfy constraint: Member must not be null"),
			func() error { return crE(c.ReEncrypt(crCtx, &kms.ReEncryptInput{CiphertextBlob: blob})) }},
		{"GenerateDataKey", "A20.3.1 NumberOfBytes 1025", otVal("Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"),
			gdk(kms.GenerateDataKeyInput{NumberOfBytes: aws.Int32(1025)})},
		{"GenerateDataKey", "A20.3.1 KeySpec enum", otVal("Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]"),
			gdk(kms.GenerateDataKeyInput{KeySpec: "AES_512"})},
		{"GenerateRandom", "A25.3.1 LS:test_generate_random_invalid_number_of_bytes[0]", otVal("Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1"),
			rnd(kms.GenerateRandomInput{NumberOfBytes: aws.Int32(0)})},
		{"GenerateRandom", "A25.3.1 LS:test_generate_random_invalid_number_of_bytes[1025]", otVal("Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"),
			rnd(kms.GenerateRandomInput{NumberOfBytes: aws.Int32(1025)})},
		// P2
		{"GenerateRandom", "A25.3.2 LS:test_generate_random_invalid_number_of_bytes[None]", otErr(crVE, "NumberOfBytes is required."),
			rnd(kms.GenerateRandomInput{})},
		{"GenerateRandom", "A25.3.2 A0.23.1 CustomKeyStoreId", otErrPrefix("UnsupportedOperationException", crNS+"custom key stores"),
			rnd(kms.GenerateRandomInput{NumberOfBytes: aws.Int32(8), CustomKeyStoreId: aws.String("cks-1")})},
		{"GenerateRandom", "A25.3.2 A0.23.1 Recipient", otErrPrefix("UnsupportedOperationException", crNS),
			rnd(kms.GenerateRandomInput{NumberOfBytes: aws.Int32(8), Recipient: &types.RecipientInfo{}})},
		{"Decrypt", "A7.3.2 A0.23.1 Recipient", otErrPrefix("UnsupportedOperationException", crNS),
			dec(kms.DecryptInput{CiphertextBlob: blob, Recipient: &types.RecipientInfo{}})},
		{"GenerateDataKey", "A20.3.2 A0.23.1 Recipient", otErrPrefix("UnsupportedOperationException", crNS),
			gdk(kms.GenerateDataKeyInput{KeySpec: types.DataKeySpecAes256, Recipient: &types.RecipientInfo{}})},
		{"GenerateDataKey", "A20.3.2 neither KeySpec nor NumberOfBytes", otErr(crVE, "Please specify either number of bytes or key spec."),
			gdk(kms.GenerateDataKeyInput{})},
		{"GenerateDataKeyWithoutPlaintext", "A23.3.1 A20.3.2 both", otErr(crVE, "Please specify either number of bytes or key spec."),
			gdkwp(kms.GenerateDataKeyWithoutPlaintextInput{KeySpec: types.DataKeySpecAes128, NumberOfBytes: aws.Int32(16)})},
		{"Encrypt", "A0.15.2 O18 a token the world never issued", otErrCode("InvalidGrantTokenException"),
			enc(kms.EncryptInput{GrantTokens: []string{"not-a-token"}})},
		{"Encrypt", "A0.16.3 O20 empty context value", otErr(crVE, "Invalid EncryptionContext"),
			enc(kms.EncryptInput{EncryptionContext: map[string]string{"k": ""}})},
		{"ReEncrypt", "A40.3.2 A0.16.3 destination context", otErr(crVE, "Invalid EncryptionContext"),
			reenc(kms.ReEncryptInput{CiphertextBlob: blob, DestinationEncryptionContext: map[string]string{"": "v"}})},
		{"Encrypt", "A19.3.2 A0.23.1 SM2PKE", otErrPrefix("UnsupportedOperationException", crNS),
			enc(kms.EncryptInput{EncryptionAlgorithm: types.EncryptionAlgorithmSpecSm2pke})},
		{"Decrypt", "A7.3.2 rsa.json:decrypt_no_key", otErr(crVE, "KeyId must not be null"),
			dec(kms.DecryptInput{CiphertextBlob: blob, EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha256})},
		{"Decrypt", "A0.14.4 IGNORE_CIPHERTEXT without KeyId", otErrPrefix(crVE, "KeyId must not be null"),
			dec(kms.DecryptInput{DryRun: aws.Bool(true), DryRunModifiers: []types.DryRunModifierType{types.DryRunModifierTypeIgnoreCiphertext}})},
		{"ReEncrypt", "A40.3.2 A0.14.4 IGNORE_CIPHERTEXT without SourceKeyId", otErrPrefix(crVE, "SourceKeyId must not be null"),
			reenc(kms.ReEncryptInput{DryRun: aws.Bool(true), DryRunModifiers: []types.DryRunModifierType{types.DryRunModifierTypeIgnoreCiphertext}})},
		// P3
		{"Encrypt", "A0.12.8 no such key", otErr("NotFoundException", "Key '"+crARN(crE1, "mrk-00000000000000000000000000000000")+"' does not exist"),
			enc(kms.EncryptInput{KeyId: aws.String("mrk-00000000000000000000000000000000")})},
		{"Encrypt", "A0.12.9 no such alias", otErr("NotFoundException", "Alias arn:aws:kms:us-east-1:"+sim.DefaultAccount+":alias/none is not found."),
			enc(kms.EncryptInput{KeyId: aws.String("alias/none")})},
		{"GenerateDataKey", "A0.12.5 another Region's ARN", otErr("NotFoundException", "Invalid arn us-west-2"),
			gdk(kms.GenerateDataKeyInput{KeyId: aws.String(crARN(crW2, id)), KeySpec: types.DataKeySpecAes256})},
		{"Encrypt", "A0.12.4 O14 malformed ARN", otErr("NotFoundException", "Invalid keyId 'arn:aws:kms:us-east-1:12:key/x'"),
			enc(kms.EncryptInput{KeyId: aws.String("arn:aws:kms:us-east-1:12:key/x")})},
		{"Decrypt", "A7.3.3(2) not a ciphertext of the simulator", otErr("InvalidCiphertextException", ""),
			dec(kms.DecryptInput{CiphertextBlob: []byte("AQICAHir0ui59IhhxerNSGWcivuEKUVOTTUODvAwMZqqKIhn7wFu")})},
		{"Decrypt", "R9.4 O-43 multi_region.json:decrypt_replica_primary_arn", otErr("IncorrectKeyException", crIncorrect),
			func() error {
				return crE(o.c(crW2).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: blob, EncryptionContext: ec, KeyId: aws.String(crARN(crE1, id))}))
			}},
		{"ReEncrypt", "A40.3.3 O-43 SourceKeyId of another Region", otErr("IncorrectKeyException", crIncorrect),
			reenc(kms.ReEncryptInput{CiphertextBlob: blob, SourceEncryptionContext: ec, SourceKeyId: aws.String(crARN(crW2, id))})},
		// P4
		{"Encrypt", "A0.13.5 KS1 Disabled", otErr("DisabledException", crARN(crE1, off)+" is disabled."),
			enc(kms.EncryptInput{KeyId: &off})},
		{"Encrypt", "A19.3.4 imports.json:missing_noncurrent_encrypt", otErr("KMSInvalidStateException", crARN(crE1, ext)+" is pending import."),
			enc(kms.EncryptInput{KeyId: &ext})},
		{"ReEncrypt", "R3.8.1 A40.3.4 destination gate", otErr("DisabledException", crARN(crE1, off)+" is disabled."),
			reenc(kms.ReEncryptInput{CiphertextBlob: blob, SourceEncryptionContext: ec, DestinationKeyId: &off})},
		{"Encrypt", "R3.8.1 O-20 state before usage", otErr("DisabledException", crARN(crE1, off)+" is disabled."),
			enc(kms.EncryptInput{KeyId: &off, EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha1})},
		// P5
		{"Decrypt", "A7.3.5(1) LS:test_error_messaging_for_invalid_keys", otErr("IncorrectKeyException", crIncorrect),
			dec(kms.DecryptInput{CiphertextBlob: blob, EncryptionContext: ec, KeyId: &other})},
		{"ReEncrypt", "A40.3.3 LS:test_re_encrypt_incorrect_source_key", otErr("IncorrectKeyException", crIncorrect),
			reenc(kms.ReEncryptInput{CiphertextBlob: blob, SourceEncryptionContext: ec, SourceKeyId: &other})},
		{"Encrypt", "A19.3.5 hmac.json:encrypt_with_hmac", otErr("InvalidKeyUsageException", crARN(crE1, hmac)+" key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt."),
			enc(kms.EncryptInput{KeyId: &hmac})},
		{"GenerateDataKey", "A20.3.5 KU1", otErr("InvalidKeyUsageException", crARN(crE1, hmac)+" key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey."),
			gdk(kms.GenerateDataKeyInput{KeyId: &hmac, KeySpec: types.DataKeySpecAes256})},
		{"ReEncrypt", "A40.3.4 KU1 destination", otErr("InvalidKeyUsageException", crARN(crE1, hmac)+" key usage is GENERATE_VERIFY_MAC which is not valid for ReEncrypt."),
			reenc(kms.ReEncryptInput{CiphertextBlob: blob, SourceEncryptionContext: ec, DestinationKeyId: &hmac})},
		{"Encrypt", "A19.3.5 rsa.json:encrypt_default_algorithm", otErr("InvalidKeyUsageException", "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048."),
			enc(kms.EncryptInput{KeyId: &rsa})},
		{"GenerateDataKeyWithoutPlaintext", "A20.3.5 O60 asymmetric key", otErr("InvalidKeyUsageException", "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048."),
			gdkwp(kms.GenerateDataKeyWithoutPlaintextInput{KeyId: &rsa, KeySpec: types.DataKeySpecAes256})},
		{"Decrypt", "A7.3.5(3) rsa.json:decrypt_default_algorithm", otErr("InvalidCiphertextException", ""),
			dec(kms.DecryptInput{CiphertextBlob: []byte("an RSA ciphertext"), KeyId: &rsa})},
		{"Encrypt", "A0.27.2 KU2 RSA algorithm with a symmetric key", otErr("InvalidKeyUsageException", "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT."),
			enc(kms.EncryptInput{EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha256})},
		// P6
		{"Encrypt", "A0.16.2 rsa.json:encryption_context", otErr(crVE, "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs."),
			enc(kms.EncryptInput{KeyId: &rsa, EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha1, EncryptionContext: ec})},
		{"Encrypt", "A19.3.6 rsa.json:encrypt_too_large", otErr(crVE, "Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes."),
			enc(kms.EncryptInput{KeyId: &rsa, EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha1, Plaintext: make([]byte, 215)})},
		{"Decrypt", "R9.6 not an RSA ciphertext of the key", otErr("InvalidCiphertextException", ""),
			dec(kms.DecryptInput{CiphertextBlob: []byte("an RSA ciphertext"), KeyId: &rsa, EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha256})},
		{"Decrypt", "R9.6 A0.16.4 wrong context", otErr("InvalidCiphertextException", ""),
			dec(kms.DecryptInput{CiphertextBlob: blob, EncryptionContext: map[string]string{"k": "V"}})},
		{"Decrypt", "R9.6 A0.16.4 context missing", otErr("InvalidCiphertextException", ""),
			dec(kms.DecryptInput{CiphertextBlob: blob})},
		{"Decrypt", "R9.6 tampered ciphertext", otErr("InvalidCiphertextException", ""),
			dec(kms.DecryptInput{CiphertextBlob: tampered, EncryptionContext: ec, KeyId: &id})},
		{"ReEncrypt", "A40.3.3 A7.3.6 source context", otErr("InvalidCiphertextException", ""),
			reenc(kms.ReEncryptInput{CiphertextBlob: blob})},
		{"ReEncrypt", "A40.3.5 O83 source before destination", otErr("InvalidCiphertextException", ""),
			reenc(kms.ReEncryptInput{CiphertextBlob: tampered, SourceEncryptionContext: ec, DestinationKeyId: aws.String("alias/none")})},
		// P7 (A0.14)
		{"Encrypt", "A0.14.3 DryRun", otErr("DryRunOperationException", crDryRun), enc(kms.EncryptInput{DryRun: aws.Bool(true)})},
		{"Decrypt", "A0.14.3 DryRun", otErr("DryRunOperationException", crDryRun),
			dec(kms.DecryptInput{CiphertextBlob: blob, EncryptionContext: ec, DryRun: aws.Bool(true)})},
		{"Decrypt", "A0.14.3 rsa.json:dry_invalid_ciphertext", otErr("InvalidCiphertextException", ""),
			dec(kms.DecryptInput{CiphertextBlob: tampered, EncryptionContext: ec, DryRun: aws.Bool(true)})},
		{"Decrypt", "A0.14.4 IGNORE_CIPHERTEXT skips the blob", otErr("DryRunOperationException", crDryRun),
			dec(kms.DecryptInput{KeyId: &id, DryRun: aws.Bool(true), DryRunModifiers: []types.DryRunModifierType{types.DryRunModifierTypeIgnoreCiphertext}})},
		{"Decrypt", "A0.14.4 IGNORE_CIPHERTEXT ignores a tampered blob", otErr("DryRunOperationException", crDryRun),
			dec(kms.DecryptInput{CiphertextBlob: tampered, KeyId: &id, DryRun: aws.Bool(true), DryRunModifiers: []types.DryRunModifierType{types.DryRunModifierTypeIgnoreCiphertext}})},
		{"Decrypt", "A0.14.3 the gate still applies with IGNORE_CIPHERTEXT", otErr("DisabledException", crARN(crE1, off)+" is disabled."),
			dec(kms.DecryptInput{KeyId: &off, DryRun: aws.Bool(true), DryRunModifiers: []types.DryRunModifierType{types.DryRunModifierTypeIgnoreCiphertext}})},
		{"ReEncrypt", "A0.14.3 DryRun", otErr("DryRunOperationException", crDryRun),
			reenc(kms.ReEncryptInput{CiphertextBlob: blob, SourceEncryptionContext: ec, DryRun: aws.Bool(true)})},
		{"ReEncrypt", "A0.14.4 IGNORE_CIPHERTEXT", otErr("DryRunOperationException", crDryRun),
			reenc(kms.ReEncryptInput{SourceKeyId: &id, DryRun: aws.Bool(true), DryRunModifiers: []types.DryRunModifierType{types.DryRunModifierTypeIgnoreCiphertext}})},
		{"GenerateDataKey", "A0.14.3 DryRun", otErr("DryRunOperationException", crDryRun),
			gdk(kms.GenerateDataKeyInput{KeySpec: types.DataKeySpecAes256, DryRun: aws.Bool(true)})},
		{"GenerateDataKeyWithoutPlaintext", "A0.14.3 DryRun", otErr("DryRunOperationException", crDryRun),
			gdkwp(kms.GenerateDataKeyWithoutPlaintextInput{NumberOfBytes: aws.Int32(8), DryRun: aws.Bool(true)})},
	}
	seen := map[string]bool{}
	for _, k := range cases {
		name := k.op + " " + k.rule
		if k.rule == "" || seen[name] || !strings.ContainsAny(k.rule[:1], "ARO") {
			t.Fatalf("case %q: every case needs a unique name that starts with its rule", name)
		}
		seen[name] = true
		t.Run(name, func(t *testing.T) { o.fails(t, k.op, k.want, k.call) })
	}
}

// TestCryptoEventsHoldNoSecrets: the event log records the cryptographic
// calls, always with Decrypt's algorithm, never a plaintext, ciphertext or
// data key (R10.1.3); the record names the member used (§10.2).
func TestCryptoEventsHoldNoSecrets(t *testing.T) {
	o := crNew(t, 21)
	id := o.set(crW2)
	secret := "top secret plaintext"
	blob := o.encrypt(crE1, id, secret, map[string]string{"k": "v"})
	d := o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: blob, EncryptionContext: map[string]string{"k": "v"}})
	dk, err := o.c(crE1).GenerateDataKey(crCtx, &kms.GenerateDataKeyInput{KeyId: &id, NumberOfBytes: aws.Int32(32)})
	o.must("GenerateDataKey", err)
	rnd, err := o.c(crE1).GenerateRandom(crCtx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(32)})
	o.must("GenerateRandom", err)
	all, err := json.Marshal(o.w.Events(sim.EventFilter{}))
	o.must("json", err)
	for name, b := range map[string][]byte{"plaintext": []byte(secret), "decrypted": d.Plaintext, "ciphertext": blob,
		"data key": dk.Plaintext, "encrypted data key": dk.CiphertextBlob, "random bytes": rnd.Plaintext} {
		for _, form := range []string{string(b), base64.StdEncoding.EncodeToString(b)} {
			if strings.Contains(string(all), form) {
				t.Errorf("R10.1.3: the event log holds the %s", name)
			}
		}
	}
	evs := o.w.Events(sim.EventFilter{EventName: "Decrypt"})
	if len(evs) != 1 {
		t.Fatalf("%d Decrypt events, want 1", len(evs))
	}
	ev := evs[0]
	var params map[string]any
	o.must("params", json.Unmarshal(ev.RequestParameters, &params))
	if params["encryptionAlgorithm"] != "SYMMETRIC_DEFAULT" || ev.AWSRegion != crW2 || len(ev.Resources) != 1 ||
		ev.Resources[0].ARN != crARN(crW2, id) || !ev.ReadOnly {
		t.Errorf("R10.1.3 §10.2: Decrypt record %s params %v resources %v", ev.AWSRegion, params, ev.Resources)
	}
}

// TestCryptoOverHTTP: the real aws-sdk-go-v2 client through the world's
// HTTP client: blobs travel as base64 and an empty error message arrives
// as the typed error (A0.5, A0.7, R9.6).
func TestCryptoOverHTTP(t *testing.T) {
	o := crNew(t, 23)
	id := o.set(crW2)
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"}, nil
	})
	client := func(region string) *kms.Client {
		return kms.New(kms.Options{Region: region, Credentials: creds, HTTPClient: o.w.HTTPClient()})
	}
	enc, err := client(crE1).Encrypt(crCtx, &kms.EncryptInput{KeyId: &id, Plaintext: []byte(crText), EncryptionContext: map[string]string{"a": "b"}})
	o.must("Encrypt over HTTP", err)
	dec, err := client(crW2).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: map[string]string{"a": "b"}})
	o.must("Decrypt over HTTP", err)
	if string(dec.Plaintext) != crText || aws.ToString(dec.KeyId) != crARN(crW2, id) || aws.ToString(dec.KeyMaterialId) != o.material(crW2, id) {
		t.Errorf("R9.5 over HTTP: %q %s %s", dec.Plaintext, aws.ToString(dec.KeyId), aws.ToString(dec.KeyMaterialId))
	}
	_, err = client(crW2).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	var ice *types.InvalidCiphertextException
	if !errors.As(err, &ice) || ice.ErrorMessage() != "" {
		t.Errorf("R9.6 over HTTP: %v", err)
	}
	rnd, err := client(crEU).GenerateRandom(crCtx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(100)})
	o.must("GenerateRandom over HTTP", err)
	if len(rnd.Plaintext) != 100 {
		t.Errorf("A25.3.4 over HTTP: %d bytes", len(rnd.Plaintext))
	}
}
