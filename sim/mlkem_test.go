package sim_test

// Tests of ML-KEM keys through the SDK-shaped client: CreateKey with the
// ML_KEM_* specs, GetPublicKey, Encapsulate and Decapsulate across the
// members of multi-Region sets (R9.10) and after UpdatePrimaryRegion,
// against circl's own ML-KEM given GetPublicKey's key, GenerateDataKeyPair
// with ML_KEM_* (seed-format PKCS #8), the errors, the wire, the event log
// and GetKeyLastUsage.
//
// The operations postdate SPEC and the recordings; the rules come from the
// aws-sdk-go-v2 service/kms v1.62.5 doc comments ("[sdk]", whose text is
// the API reference's: API_Encapsulate.html, API_Decapsulate.html) and are
// cited in mrk/mlkem.go. Where the docs are silent the simulator follows
// DeriveSharedSecret (§A11) and Decrypt (A7.3.5), and the test says so.
// SPEC-API A0.2.2, A0.23.1, A0.25.1 and O3 (ML-KEM answered with
// UnsupportedOperationException) predate this and are superseded: AWS
// serves ML-KEM and so does the simulator.
// Package-level identifiers start with "mk"; the world and error helpers
// are crypto_test.go's (cr…), asym_test.go's (as…).

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/cloudflare/circl/kem"
	"github.com/cloudflare/circl/kem/mlkem/mlkem1024"
	"github.com/cloudflare/circl/kem/mlkem/mlkem512"
	"github.com/cloudflare/circl/kem/mlkem/mlkem768"
	"github.com/mrksim/mrk/sim"
	"pgregory.net/rapid"
)

// mkSpecs are the ML-KEM key specs with circl's scheme, their NIST OID
// and the ciphertext length [sdk] gives (768, 1088, 1568 bytes).
var mkSpecs = []struct {
	spec types.KeySpec
	sch  kem.Scheme
	oid  string
	ct   int
}{
	{types.KeySpecMlKem512, mlkem512.Scheme(), "2.16.840.1.101.3.4.4.1", 768},
	{types.KeySpecMlKem768, mlkem768.Scheme(), "2.16.840.1.101.3.4.4.2", 1088},
	{types.KeySpecMlKem1024, mlkem1024.Scheme(), "2.16.840.1.101.3.4.4.3", 1568},
}

const mkUsage = types.KeyUsageTypeEncapsulateDecapsulate

func (o *crWorld) mkEncap(region, id string) *kms.EncapsulateOutput {
	o.t.Helper()
	out, err := o.c(region).Encapsulate(crCtx, &kms.EncapsulateInput{KeyId: &id, EncapsulationAlgorithm: types.EncapsulationAlgorithmSpecMlKem})
	o.must("Encapsulate in "+region, err)
	return out
}

func (o *crWorld) mkDecap(region, id string, ct []byte) (*kms.DecapsulateOutput, error) {
	return o.c(region).Decapsulate(crCtx, &kms.DecapsulateInput{KeyId: &id, SharedSecretCiphertextBlob: ct,
		EncapsulationAlgorithm: types.EncapsulationAlgorithmSpecMlKem})
}

// mkPublic parses GetPublicKey's SubjectPublicKeyInfo into circl's key,
// checking the OID.
func mkPublic(t *testing.T, sch kem.Scheme, oid string, der []byte) kem.PublicKey {
	t.Helper()
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) != 0 {
		t.Fatalf("the public key is not a SubjectPublicKeyInfo: %v", err)
	}
	if info.Algorithm.Algorithm.String() != oid || len(info.Algorithm.Parameters.FullBytes) != 0 {
		t.Fatalf("algorithm %v, want %s without parameters", info.Algorithm, oid)
	}
	pk, err := sch.UnmarshalBinaryPublicKey(info.PublicKey.Bytes)
	if err != nil {
		t.Fatalf("circl refuses the public key: %v", err)
	}
	return pk
}

// TestMLKEMAcrossRegions: for every ML-KEM spec a multi-Region key is made
// (R2; the docs restrict ML-KEM to no Region but China's) with metadata and
// GetPublicKey naming ENCAPSULATE_DECAPSULATE and only the ML_KEM
// algorithm ([sdk] KeyMetadata.EncapsulationAlgorithms,
// GetPublicKeyOutput.EncapsulationAlgorithms); every member answers the
// same public key (A30.5.1); what one Region encapsulates the two others
// decapsulate to the same 32-byte secret, each naming its own member
// (R9.10, R1.5.4); and circl, encapsulating client-side with GetPublicKey's
// key, gets the secret KMS decapsulates.
func TestMLKEMAcrossRegions(t *testing.T) {
	o := crNew(t, 81)
	for _, s := range mkSpecs {
		id := o.asSet(s.spec, mkUsage)
		d, err := o.c(crEU).DescribeKey(crCtx, &kms.DescribeKeyInput{KeyId: &id})
		o.must("DescribeKey", err)
		m := d.KeyMetadata
		if m.KeySpec != s.spec || m.KeyUsage != mkUsage || !slices.Equal(m.EncapsulationAlgorithms, []types.EncapsulationAlgorithmSpec{"ML_KEM"}) ||
			m.EncryptionAlgorithms != nil || m.SigningAlgorithms != nil || m.KeyAgreementAlgorithms != nil || m.MacAlgorithms != nil {
			t.Errorf("%s: metadata %s %s %v %v %v %v %v", s.spec, m.KeySpec, m.KeyUsage, m.EncapsulationAlgorithms,
				m.EncryptionAlgorithms, m.SigningAlgorithms, m.KeyAgreementAlgorithms, m.MacAlgorithms)
		}
		pub := o.asPublic(crE1, id)
		if pub.KeyUsage != mkUsage || pub.KeySpec != s.spec || !slices.Equal(pub.EncapsulationAlgorithms, []types.EncapsulationAlgorithmSpec{"ML_KEM"}) ||
			pub.KeyAgreementAlgorithms != nil || pub.SigningAlgorithms != nil {
			t.Errorf("%s: GetPublicKey %s %s %v", s.spec, pub.KeySpec, pub.KeyUsage, pub.EncapsulationAlgorithms)
		}
		for _, r := range []string{crW2, crEU} {
			if !bytes.Equal(o.asPublic(r, id).PublicKey, pub.PublicKey) {
				t.Errorf("%s A30.5.1: %s answers another public key", s.spec, r)
			}
		}
		pk := mkPublic(t, s.sch, s.oid, pub.PublicKey)
		e := o.mkEncap(crE1, id)
		if len(e.SharedSecretCiphertextBlob) != s.ct || len(e.SharedSecret) != 32 || e.EncapsulationAlgorithm != "ML_KEM" ||
			aws.ToString(e.KeyId) != crARN(crE1, id) {
			t.Errorf("%s: Encapsulate %d-byte ciphertext, %d-byte secret, %s, %s", s.spec, len(e.SharedSecretCiphertextBlob),
				len(e.SharedSecret), e.EncapsulationAlgorithm, aws.ToString(e.KeyId))
		}
		for _, r := range []string{crW2, crEU} {
			out, err := o.mkDecap(r, id, e.SharedSecretCiphertextBlob)
			o.must("Decapsulate in "+r, err)
			if !bytes.Equal(out.SharedSecret, e.SharedSecret) || aws.ToString(out.KeyId) != crARN(r, id) || out.EncapsulationAlgorithm != "ML_KEM" {
				t.Errorf("%s R9.10: encapsulated in %s, Decapsulate in %s gives another secret (%s)", s.spec, crE1, r, aws.ToString(out.KeyId))
			}
		}
		ct, ss, err := s.sch.Encapsulate(pk)
		o.must("circl Encapsulate", err)
		out, err := o.mkDecap(crW2, id, ct)
		o.must("Decapsulate of circl's ciphertext", err)
		if !bytes.Equal(out.SharedSecret, ss) {
			t.Errorf("%s: KMS decapsulates circl's ciphertext to another secret", s.spec)
		}
		// Two encapsulations differ: m is drawn each call, as AWS's
		// "cryptographically random" secret ([sdk] EncapsulateOutput).
		if again := o.mkEncap(crE1, id); bytes.Equal(again.SharedSecret, e.SharedSecret) || bytes.Equal(again.SharedSecretCiphertextBlob, e.SharedSecretCiphertextBlob) {
			t.Errorf("%s: two Encapsulate calls give the same secret or ciphertext", s.spec)
		}
	}
}

// TestMLKEMAliasAndGrant: Encapsulate and Decapsulate take an alias name
// ([sdk] KeyId: "key ID, key ARN, alias name, or alias ARN"), and a grant
// on an ML-KEM key may allow them, not Sign (A5.3.5 in its recorded
// template; the SDK's GrantOperation enum has both).
func TestMLKEMAliasAndGrant(t *testing.T) {
	o := crNew(t, 82)
	id := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecMlKem768, KeyUsage: mkUsage})
	_, err := o.c(crE1).CreateAlias(crCtx, &kms.CreateAliasInput{AliasName: aws.String("alias/kem"), TargetKeyId: &id})
	o.must("CreateAlias", err)
	e := o.mkEncap(crE1, "alias/kem")
	d, err := o.mkDecap(crE1, "arn:aws:kms:us-east-1:"+sim.DefaultAccount+":alias/kem", e.SharedSecretCiphertextBlob)
	o.must("Decapsulate by alias ARN", err)
	if !bytes.Equal(d.SharedSecret, e.SharedSecret) || aws.ToString(e.KeyId) != crARN(crE1, id) {
		t.Errorf("R1.4.2: through the alias, another secret or key %s", aws.ToString(e.KeyId))
	}
	grantee := "arn:aws:iam::" + sim.DefaultAccount + ":role/kem"
	_, err = o.c(crE1).CreateGrant(crCtx, &kms.CreateGrantInput{KeyId: &id, GranteePrincipal: &grantee,
		Operations: []types.GrantOperation{"Encapsulate", "Decapsulate", "GetPublicKey"}})
	o.must("CreateGrant", err)
	o.fails(t, "CreateGrant", otErr(crVE, "Operations [Sign] are not supported when creating a grant for a asymmetric KMS key with key usage ENCAPSULATE_DECAPSULATE. "+
		"Valid operations are [CreateGrant, RetireGrant, DescribeKey, Encapsulate, Decapsulate, GetPublicKey]"),
		func() error {
			return crE(o.c(crE1).CreateGrant(crCtx, &kms.CreateGrantInput{KeyId: &id, GranteePrincipal: &grantee,
				Operations: []types.GrantOperation{"Sign"}}))
		})
}

// TestMLKEMAfterUpdatePrimaryRegion: while the members are Updating and
// after the primary moved, a ciphertext encapsulated in one Region
// decapsulates in the others, and one made before the move still does
// (R9.2, A0.13.5 Updating ✓ as DeriveSharedSecret's row).
func TestMLKEMAfterUpdatePrimaryRegion(t *testing.T) {
	o := crNew(t, 83)
	id := o.asSet(types.KeySpecMlKem768, mkUsage)
	before := o.mkEncap(crEU, id)
	roundTrip := func(when string) {
		t.Helper()
		for _, a := range []string{crE1, crW2} {
			e := o.mkEncap(a, id)
			for _, b := range []string{crE1, crW2, crEU} {
				for _, c := range []*kms.EncapsulateOutput{e, before} {
					d, err := o.mkDecap(b, id, c.SharedSecretCiphertextBlob)
					if err != nil || !bytes.Equal(d.SharedSecret, c.SharedSecret) {
						t.Errorf("%s: encapsulated in %s, Decapsulate in %s: %v", when, a, b, err)
					}
				}
			}
		}
	}
	_, err := o.c(crE1).UpdatePrimaryRegion(crCtx, &kms.UpdatePrimaryRegionInput{KeyId: &id, PrimaryRegion: aws.String(crW2)})
	o.must("UpdatePrimaryRegion", err)
	d, err := o.c(crE1).DescribeKey(crCtx, &kms.DescribeKeyInput{KeyId: &id})
	o.must("DescribeKey", err)
	if d.KeyMetadata.KeyState != types.KeyStateUpdating {
		t.Fatalf("the old primary is %s, want Updating", d.KeyMetadata.KeyState)
	}
	roundTrip("Updating")
	o.clk.Add(time.Hour)
	d, err = o.c(crW2).DescribeKey(crCtx, &kms.DescribeKeyInput{KeyId: &id})
	o.must("DescribeKey", err)
	if d.KeyMetadata.MultiRegionConfiguration.MultiRegionKeyType != types.MultiRegionKeyTypePrimary || d.KeyMetadata.KeyState != types.KeyStateEnabled {
		t.Fatalf("us-west-2 is %s %s, want the Enabled primary", d.KeyMetadata.MultiRegionConfiguration.MultiRegionKeyType, d.KeyMetadata.KeyState)
	}
	roundTrip("after the move")
}

// mkRun is one seeded sequence of ML-KEM calls; it returns every output's
// bytes, for the determinism test.
func mkRun(t *testing.T, seed uint64) [][]byte {
	o := crNew(t, seed)
	id := o.asSet(types.KeySpecMlKem512, mkUsage)
	e1, e2 := o.mkEncap(crE1, id), o.mkEncap(crW2, id)
	sym := o.set(crW2)
	dk, err := o.c(crW2).GenerateDataKeyPair(crCtx, &kms.GenerateDataKeyPairInput{KeyId: &sym, KeyPairSpec: types.DataKeyPairSpecMlKem1024})
	o.must("GenerateDataKeyPair", err)
	return [][]byte{o.asPublic(crEU, id).PublicKey, e1.SharedSecret, e1.SharedSecretCiphertextBlob, e2.SharedSecret,
		e2.SharedSecretCiphertextBlob, dk.PrivateKeyPlaintext, dk.PublicKey, dk.PrivateKeyCiphertextBlob}
}

// TestMLKEMDeterministic: the same seed and calls give byte-identical
// public keys, ciphertexts, secrets and data key pairs; another seed gives
// other bytes for each (R9.13, A0.11.3).
func TestMLKEMDeterministic(t *testing.T) {
	a, b, c := mkRun(t, 7), mkRun(t, 7), mkRun(t, 8)
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Errorf("R9.13: output %d differs under the same seed", i)
		}
		if bytes.Equal(a[i], c[i]) {
			t.Errorf("R9.13: output %d is the same under another seed", i)
		}
	}
}

// TestMLKEMDataKeyPair: GenerateDataKeyPair and its WithoutPlaintext form
// serve ML_KEM_* ([sdk] DataKeyPairSpec; "the DER-encoded PKCS8
// PrivateKeyInfo contains the private key in seed format. As a result, the
// length of the private key is the same for all ML-KEM key pair specs"):
// an 86-byte PKCS #8 whose 64-byte seed gives, through circl, the public
// key answered; the encrypted copy decrypts in another member (R9.9).
func TestMLKEMDataKeyPair(t *testing.T) {
	o := crNew(t, 84)
	sym := o.set(crW2)
	for _, s := range mkSpecs {
		dk, err := o.c(crE1).GenerateDataKeyPair(crCtx, &kms.GenerateDataKeyPairInput{KeyId: &sym, KeyPairSpec: types.DataKeyPairSpec(s.spec)})
		o.must("GenerateDataKeyPair "+string(s.spec), err)
		if dk.KeyPairSpec != types.DataKeyPairSpec(s.spec) || len(dk.PrivateKeyPlaintext) != 86 {
			t.Errorf("%s: spec %s, %d-byte private key, want 86", s.spec, dk.KeyPairSpec, len(dk.PrivateKeyPlaintext))
		}
		var p8 struct {
			Version    int
			Algorithm  pkix.AlgorithmIdentifier
			PrivateKey []byte
		}
		if rest, err := asn1.Unmarshal(dk.PrivateKeyPlaintext, &p8); err != nil || len(rest) != 0 {
			t.Fatalf("%s: not PKCS #8: %v", s.spec, err)
		}
		if p8.Algorithm.Algorithm.String() != s.oid || len(p8.PrivateKey) != 66 || p8.PrivateKey[0] != 0x80 || p8.PrivateKey[1] != 64 {
			t.Fatalf("%s: PKCS #8 algorithm %v, private key %x: not seed format", s.spec, p8.Algorithm, p8.PrivateKey)
		}
		pk, _ := s.sch.DeriveKeyPair(p8.PrivateKey[2:])
		raw, _ := pk.MarshalBinary()
		if got := mkPublic(t, s.sch, s.oid, dk.PublicKey); !got.Equal(pk) {
			t.Errorf("%s: the seed's public key (%d bytes) is not the PublicKey answered", s.spec, len(raw))
		}
		pt := o.decrypt(crW2, &kms.DecryptInput{CiphertextBlob: dk.PrivateKeyCiphertextBlob})
		if !bytes.Equal(pt.Plaintext, dk.PrivateKeyPlaintext) {
			t.Errorf("%s R9.9: the encrypted private key decrypts to another value in us-west-2", s.spec)
		}
		np, err := o.c(crW2).GenerateDataKeyPairWithoutPlaintext(crCtx, &kms.GenerateDataKeyPairWithoutPlaintextInput{KeyId: &sym,
			KeyPairSpec: types.DataKeyPairSpec(s.spec)})
		o.must("GenerateDataKeyPairWithoutPlaintext", err)
		priv := o.decrypt(crE1, &kms.DecryptInput{CiphertextBlob: np.PrivateKeyCiphertextBlob}).Plaintext
		if len(priv) != 86 {
			t.Fatalf("%s: WithoutPlaintext's private key is %d bytes", s.spec, len(priv))
		}
		pk2, _ := s.sch.DeriveKeyPair(priv[len(priv)-64:])
		if got := mkPublic(t, s.sch, s.oid, np.PublicKey); !got.Equal(pk2) || got.Equal(pk) {
			t.Errorf("%s: WithoutPlaintext's key pair does not match, or repeats the previous pair", s.spec)
		}
	}
}

// TestMLKEMErrors: every error of Encapsulate and Decapsulate through the
// client, in the order of A0.11, with its code and message, each leaving
// the world, the seeded stream included, unchanged (A0.11.3). Messages
// follow the recorded templates of the closest operations, the docs giving
// none: KU1's (A0.27.1), the key-state gate's (R3.7.1), Decrypt's empty
// InvalidCiphertextException (A7.3.5).
func TestMLKEMErrors(t *testing.T) {
	o := crNew(t, 85)
	kem := o.asSet(types.KeySpecMlKem768, mkUsage)
	sym := o.key(crE1, nil)
	ka := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeKeyAgreement})
	off := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecMlKem512, KeyUsage: mkUsage})
	_, err := o.c(crE1).DisableKey(crCtx, &kms.DisableKeyInput{KeyId: &off})
	o.must("DisableKey", err)
	gone := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecMlKem512, KeyUsage: mkUsage})
	_, err = o.c(crE1).ScheduleKeyDeletion(crCtx, &kms.ScheduleKeyDeletionInput{KeyId: &gone, PendingWindowInDays: aws.Int32(7)})
	o.must("ScheduleKeyDeletion", err)
	cnSym := o.key("cn-north-1", nil)
	e := o.mkEncap(crE1, kem)
	ct := e.SharedSecretCiphertextBlob
	arn := func(id string) string { return crARN(crE1, id) }
	encap := func(in kms.EncapsulateInput) func() error {
		if in.EncapsulationAlgorithm == "" {
			in.EncapsulationAlgorithm = "ML_KEM"
		}
		return func() error { return crE(o.c(crE1).Encapsulate(crCtx, &in)) }
	}
	decap := func(in kms.DecapsulateInput) func() error {
		if in.EncapsulationAlgorithm == "" {
			in.EncapsulationAlgorithm = "ML_KEM"
		}
		return func() error { return crE(o.c(crE1).Decapsulate(crCtx, &in)) }
	}
	cases := []struct {
		op, rule string
		want     otWant
		call     func() error
	}{
		// P1 (A0.10): the SDK's members; SharedSecretCiphertextBlob is a
		// CiphertextType (1 to 6144 bytes) like Decrypt's CiphertextBlob.
		{"Encapsulate", "A0.10.1 EncapsulationAlgorithm required", otVal("Value null at 'encapsulationAlgorithm' failed to satisfy constraint: Member must not be null"),
			func() error {
				return crE(o.c(crE1).Encapsulate(crCtx, &kms.EncapsulateInput{KeyId: &kem}))
			}},
		{"Encapsulate", "A0.10.2 EncapsulationAlgorithm enum", otVal("Value 'ML_KEM_768' at 'encapsulationAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ML_KEM]"),
			encap(kms.EncapsulateInput{KeyId: &kem, EncapsulationAlgorithm: "ML_KEM_768"})},
		{"Decapsulate", "A0.10.1 SharedSecretCiphertextBlob required", otVal("Value null at 'sharedSecretCiphertextBlob' failed to satisfy constraint: Member must not be null"),
			decap(kms.DecapsulateInput{KeyId: &kem})},
		{"Decapsulate", "A0.10.5 empty SharedSecretCiphertextBlob", otVal("Value at 'sharedSecretCiphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			decap(kms.DecapsulateInput{KeyId: &kem, SharedSecretCiphertextBlob: []byte{}})},
		{"Decapsulate", "A0.10.5 SharedSecretCiphertextBlob over 6144 bytes", otVal("Value at 'sharedSecretCiphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144"),
			decap(kms.DecapsulateInput{KeyId: &kem, SharedSecretCiphertextBlob: make([]byte, 6145)})},
		{"Decapsulate", "A0.10.1 KeyId required", otVal("Value null at 'keyId' failed to satisfy constraint: Member must not be null"),
			decap(kms.DecapsulateInput{SharedSecretCiphertextBlob: ct})},
		// [sdk] "not available in China Regions"
		{"Encapsulate", "[sdk] China Regions", otErr("UnsupportedOperationException", "Encapsulate is not supported in Region cn-north-1."),
			func() error {
				return crE(o.c("cn-north-1").Encapsulate(crCtx, &kms.EncapsulateInput{KeyId: &kem, EncapsulationAlgorithm: "ML_KEM"}))
			}},
		{"GenerateDataKeyPair", "[sdk] ML-KEM data key pairs not in China Regions", otErr("UnsupportedOperationException", "KeyPairSpec ML_KEM_512 is not supported in Region cn-north-1."),
			func() error {
				return crE(o.c("cn-north-1").GenerateDataKeyPair(crCtx, &kms.GenerateDataKeyPairInput{KeyId: &cnSym, KeyPairSpec: "ML_KEM_512"}))
			}},
		{"CreateKey", "[sdk] ML-KEM keys not in China Regions", otErr("UnsupportedOperationException", "KeySpec ML_KEM_768 is not supported in Region cn-north-1."),
			func() error {
				return crE(o.c("cn-north-1").CreateKey(crCtx, &kms.CreateKeyInput{KeySpec: types.KeySpecMlKem768, KeyUsage: mkUsage}))
			}},
		// P2
		{"Decapsulate", "A0.15.2 grant token", otErrCode("InvalidGrantTokenException"),
			decap(kms.DecapsulateInput{KeyId: &kem, SharedSecretCiphertextBlob: ct, GrantTokens: []string{"bogus"}})},
		{"CreateKey", "A6.3.5 ML-KEM with SIGN_VERIFY", otErr(crVE, "KeyUsage SIGN_VERIFY is not compatible with KeySpec ML_KEM_1024"),
			func() error {
				return crE(o.c(crE1).CreateKey(crCtx, &kms.CreateKeyInput{KeySpec: types.KeySpecMlKem1024, KeyUsage: types.KeyUsageTypeSignVerify}))
			}},
		{"CreateKey", "A6 ML-KEM with Origin EXTERNAL (ML-DSA's refusal; the import docs list no ML-KEM material)",
			otErr(crVE, "KeySpec ML_KEM_512 is not supported for Origin EXTERNAL"),
			func() error {
				return crE(o.c(crE1).CreateKey(crCtx, &kms.CreateKeyInput{KeySpec: types.KeySpecMlKem512, KeyUsage: mkUsage, Origin: types.OriginTypeExternal}))
			}},
		// P3, P4 (the gate rows are DeriveSharedSecret's, O-17)
		{"Encapsulate", "R1.5 unknown key", otErrCode("NotFoundException"),
			encap(kms.EncapsulateInput{KeyId: aws.String("11111111-2222-3333-4444-555555555555")})},
		{"Encapsulate", "R3.7.1 Disabled", otErr("DisabledException", arn(off)+" is disabled."),
			encap(kms.EncapsulateInput{KeyId: &off})},
		{"Decapsulate", "R3.7.1 PendingDeletion", otErr("KMSInvalidStateException", arn(gone)+" is pending deletion."),
			decap(kms.DecapsulateInput{KeyId: &gone, SharedSecretCiphertextBlob: make([]byte, 768)})},
		// P5: KU1 in both directions
		{"Encapsulate", "KU1 symmetric key", otErr("InvalidKeyUsageException", arn(sym)+" key usage is ENCRYPT_DECRYPT which is not valid for Encapsulate."),
			encap(kms.EncapsulateInput{KeyId: &sym})},
		{"Decapsulate", "KU1 KEY_AGREEMENT key", otErr("InvalidKeyUsageException", arn(ka)+" key usage is KEY_AGREEMENT which is not valid for Decapsulate."),
			decap(kms.DecapsulateInput{KeyId: &ka, SharedSecretCiphertextBlob: ct})},
		{"Sign", "KU1 ML-KEM key", otErr("InvalidKeyUsageException", arn(kem)+" key usage is ENCAPSULATE_DECAPSULATE which is not valid for Sign."),
			func() error {
				return crE(o.c(crE1).Sign(crCtx, &kms.SignInput{KeyId: &kem, Message: asMsg, SigningAlgorithm: "ML_DSA_SHAKE_256"}))
			}},
		{"DeriveSharedSecret", "A11.3.5 KU1 ML-KEM key", otErr("InvalidKeyUsageException", arn(kem)+" key usage is ENCAPSULATE_DECAPSULATE which is not valid for DeriveSharedSecret."),
			func() error {
				return crE(o.c(crE1).DeriveSharedSecret(crCtx, &kms.DeriveSharedSecretInput{KeyId: &kem, KeyAgreementAlgorithm: "ECDH", PublicKey: []byte{1}}))
			}},
		{"Encrypt", "KU1 ML-KEM key", otErr("InvalidKeyUsageException", arn(kem)+" key usage is ENCAPSULATE_DECAPSULATE which is not valid for Encrypt."),
			func() error {
				return crE(o.c(crE1).Encrypt(crCtx, &kms.EncryptInput{KeyId: &kem, Plaintext: []byte("x")}))
			}},
		{"GenerateDataKeyPair", "A21.3.4 ML-KEM key as the wrapping key", otErr("InvalidKeyUsageException", arn(kem)+" key usage is ENCAPSULATE_DECAPSULATE which is not valid for GenerateDataKeyPair."),
			func() error {
				return crE(o.c(crE1).GenerateDataKeyPair(crCtx, &kms.GenerateDataKeyPairInput{KeyId: &kem, KeyPairSpec: "ML_KEM_768"}))
			}},
		// [sdk] "InvalidCiphertextException when the length of the
		// SharedSecretCiphertextBlob is inconsistent with the ML-KEM key
		// spec": a 768-byte (ML_KEM_512) ciphertext for an ML_KEM_768 key;
		// checked before DryRun like Decrypt's ciphertext (A0.14.3).
		{"Decapsulate", "[sdk] length of another spec", otErr("InvalidCiphertextException", ""),
			decap(kms.DecapsulateInput{KeyId: &kem, SharedSecretCiphertextBlob: make([]byte, 768)})},
		{"Decapsulate", "[sdk] one byte short", otErr("InvalidCiphertextException", ""),
			decap(kms.DecapsulateInput{KeyId: &kem, SharedSecretCiphertextBlob: ct[1:]})},
		{"Decapsulate", "A0.14.3 the length before DryRun", otErr("InvalidCiphertextException", ""),
			decap(kms.DecapsulateInput{KeyId: &kem, SharedSecretCiphertextBlob: append(bytes.Clone(ct), 0), DryRun: aws.Bool(true)})},
		// P7
		{"Encapsulate", "A0.14.3 DryRun (nothing drawn)", otErr("DryRunOperationException", crDryRun),
			encap(kms.EncapsulateInput{KeyId: &kem, DryRun: aws.Bool(true)})},
		{"Decapsulate", "A0.14.3 DryRun", otErr("DryRunOperationException", crDryRun),
			decap(kms.DecapsulateInput{KeyId: &kem, SharedSecretCiphertextBlob: ct, DryRun: aws.Bool(true)})},
	}
	for _, c := range cases {
		t.Run(c.op+" "+c.rule, func(t *testing.T) { o.fails(t, c.op, c.want, c.call) })
	}
}

// TestMLKEMOverHTTP: the real aws-sdk-go-v2 client through the world's
// HTTP client creates an ML-KEM key, reads its metadata and public key,
// encapsulates in one Region and decapsulates in another, and receives a
// wrong-length ciphertext's error as the typed InvalidCiphertextException
// (A0.5, A0.7, A0.8.1).
func TestMLKEMOverHTTP(t *testing.T) {
	o := crNew(t, 86)
	east, west := realClient(crE1, "http://mrksim.invalid", o.w.HTTPClient()), realClient(crW2, "http://mrksim.invalid", o.w.HTTPClient())
	ck, err := east.CreateKey(crCtx, &kms.CreateKeyInput{KeySpec: types.KeySpecMlKem1024, KeyUsage: mkUsage, MultiRegion: aws.Bool(true)})
	o.must("CreateKey over HTTP", err)
	id := *ck.KeyMetadata.KeyId
	if !slices.Equal(ck.KeyMetadata.EncapsulationAlgorithms, []types.EncapsulationAlgorithmSpec{"ML_KEM"}) || ck.KeyMetadata.KeyUsage != mkUsage {
		t.Errorf("CreateKey over HTTP: %v %s", ck.KeyMetadata.EncapsulationAlgorithms, ck.KeyMetadata.KeyUsage)
	}
	_, err = east.ReplicateKey(crCtx, &kms.ReplicateKeyInput{KeyId: &id, ReplicaRegion: aws.String(crW2)})
	o.must("ReplicateKey over HTTP", err)
	o.clk.Add(time.Minute)
	pub, err := west.GetPublicKey(crCtx, &kms.GetPublicKeyInput{KeyId: &id})
	o.must("GetPublicKey over HTTP", err)
	if !slices.Equal(pub.EncapsulationAlgorithms, []types.EncapsulationAlgorithmSpec{"ML_KEM"}) {
		t.Errorf("GetPublicKey over HTTP: EncapsulationAlgorithms %v", pub.EncapsulationAlgorithms)
	}
	pk := mkPublic(t, mlkem1024.Scheme(), "2.16.840.1.101.3.4.4.3", pub.PublicKey)
	e, err := east.Encapsulate(crCtx, &kms.EncapsulateInput{KeyId: &id, EncapsulationAlgorithm: "ML_KEM"})
	o.must("Encapsulate over HTTP", err)
	d, err := west.Decapsulate(crCtx, &kms.DecapsulateInput{KeyId: &id, SharedSecretCiphertextBlob: e.SharedSecretCiphertextBlob, EncapsulationAlgorithm: "ML_KEM"})
	o.must("Decapsulate over HTTP", err)
	if !bytes.Equal(d.SharedSecret, e.SharedSecret) || len(d.SharedSecret) != 32 || aws.ToString(d.KeyId) != crARN(crW2, id) || d.EncapsulationAlgorithm != "ML_KEM" {
		t.Errorf("over HTTP: Decapsulate in us-west-2 gives another secret or %s", aws.ToString(d.KeyId))
	}
	ct, ss, err := mlkem1024.Scheme().Encapsulate(pk)
	o.must("circl Encapsulate", err)
	d, err = east.Decapsulate(crCtx, &kms.DecapsulateInput{KeyId: &id, SharedSecretCiphertextBlob: ct, EncapsulationAlgorithm: "ML_KEM"})
	o.must("Decapsulate of circl's ciphertext over HTTP", err)
	if !bytes.Equal(d.SharedSecret, ss) {
		t.Errorf("over HTTP: KMS decapsulates circl's ciphertext to another secret")
	}
	_, err = west.Decapsulate(crCtx, &kms.DecapsulateInput{KeyId: &id, SharedSecretCiphertextBlob: ct[:100], EncapsulationAlgorithm: "ML_KEM"})
	var ice *types.InvalidCiphertextException
	if !errors.As(err, &ice) {
		t.Errorf("over HTTP: a short ciphertext gives %v, want InvalidCiphertextException", err)
	}
}

// TestMLKEMEventsAndUsage: the records of Encapsulate and Decapsulate hold
// no secret or ciphertext (R10.1.3), are read-only and name the member
// used (§10.2); GetKeyLastUsage counts both (the SDK's
// KeyLastUsageTrackingOperation lists them, A26) but not GetPublicKey.
func TestMLKEMEventsAndUsage(t *testing.T) {
	o := crNew(t, 87)
	id := o.asSet(types.KeySpecMlKem512, mkUsage)
	e := o.mkEncap(crE1, id)
	d, err := o.mkDecap(crW2, id, e.SharedSecretCiphertextBlob)
	o.must("Decapsulate", err)
	pub := o.asPublic(crEU, id)
	all, err := json.Marshal(o.w.Events(sim.EventFilter{}))
	o.must("json", err)
	for name, b := range map[string][]byte{"shared secret": e.SharedSecret, "ciphertext": e.SharedSecretCiphertextBlob,
		"decapsulated secret": d.SharedSecret, "public key": pub.PublicKey} {
		if strings.Contains(string(all), string(b)) || strings.Contains(string(all), base64.StdEncoding.EncodeToString(b)) {
			t.Errorf("R10.1.3: the event log holds the %s", name)
		}
	}
	for op, r := range map[string]string{"Encapsulate": crE1, "Decapsulate": crW2} {
		evs := o.w.Events(sim.EventFilter{EventName: op})
		if len(evs) != 1 {
			t.Fatalf("%d %s events", len(evs), op)
		}
		var params map[string]any
		o.must("params", json.Unmarshal(evs[0].RequestParameters, &params))
		if params["encapsulationAlgorithm"] != "ML_KEM" || params["keyId"] != id || evs[0].AWSRegion != r || !evs[0].ReadOnly ||
			len(evs[0].Resources) != 1 || evs[0].Resources[0].ARN != crARN(r, id) {
			t.Errorf("§10.2 %s record: %v %v %s", op, params, evs[0].Resources, evs[0].AWSRegion)
		}
		u, err := o.c(r).GetKeyLastUsage(crCtx, &kms.GetKeyLastUsageInput{KeyId: &id})
		o.must("GetKeyLastUsage", err)
		if u.KeyLastUsage == nil || string(u.KeyLastUsage.Operation) != op {
			t.Errorf("A26 %s: last usage %+v, want %s", r, u.KeyLastUsage, op)
		}
	}
	u, err := o.c(crEU).GetKeyLastUsage(crCtx, &kms.GetKeyLastUsageInput{KeyId: &id})
	o.must("GetKeyLastUsage", err)
	if u.KeyLastUsage != nil && u.KeyLastUsage.Operation != "" {
		t.Errorf("A30.3.5: GetPublicKey counted as usage: %+v", u.KeyLastUsage)
	}
}

// TestMLKEMProperty: for any spec and pair of Regions, what one encapsulates
// the other decapsulates to the same secret; a ciphertext with one bit
// changed still decapsulates ([sdk]: "In all other cases, Decapsulate
// returns a 32-byte pseudo-random value ... even when the
// SharedSecretCiphertextBlob was ... altered", implicit rejection) to a
// secret other than the encapsulated one, the same in every Region; a
// ciphertext one byte longer or shorter is an InvalidCiphertextException.
func TestMLKEMProperty(t *testing.T) {
	o := crNew(t, 88)
	regions := []string{crE1, crW2, crEU}
	keys := make([]string, len(mkSpecs))
	for i, s := range mkSpecs {
		keys[i] = o.asSet(s.spec, mkUsage)
	}
	rapid.Check(t, func(rt *rapid.T) {
		i := rapid.IntRange(0, len(mkSpecs)-1).Draw(rt, "spec")
		from := rapid.SampledFrom(regions).Draw(rt, "from")
		to := rapid.SampledFrom(regions).Draw(rt, "to")
		other := rapid.SampledFrom(regions).Draw(rt, "other")
		id := keys[i]
		e, err := o.c(from).Encapsulate(crCtx, &kms.EncapsulateInput{KeyId: &id, EncapsulationAlgorithm: "ML_KEM"})
		if err != nil {
			rt.Fatalf("Encapsulate: %v", err)
		}
		d, err := o.mkDecap(to, id, e.SharedSecretCiphertextBlob)
		if err != nil || !bytes.Equal(d.SharedSecret, e.SharedSecret) {
			rt.Fatalf("%s: encapsulated in %s, Decapsulate in %s: %v", mkSpecs[i].spec, from, to, err)
		}
		bit := rapid.IntRange(0, 8*mkSpecs[i].ct-1).Draw(rt, "bit")
		bad := bytes.Clone(e.SharedSecretCiphertextBlob)
		bad[bit/8] ^= 1 << (bit % 8)
		a, err := o.mkDecap(to, id, bad)
		if err != nil {
			rt.Fatalf("%s: a changed bit was refused: %v", mkSpecs[i].spec, err)
		}
		b, err := o.mkDecap(other, id, bad)
		if err != nil || len(a.SharedSecret) != 32 || bytes.Equal(a.SharedSecret, e.SharedSecret) || !bytes.Equal(a.SharedSecret, b.SharedSecret) {
			rt.Fatalf("%s: bit %d changed: secrets %x and %x (encapsulated %x), %v", mkSpecs[i].spec, bit, a.SharedSecret, b.SharedSecret, e.SharedSecret, err)
		}
		var wrong []byte
		if rapid.Bool().Draw(rt, "longer") {
			wrong = append(bytes.Clone(e.SharedSecretCiphertextBlob), rapid.Byte().Draw(rt, "extra"))
		} else {
			wrong = e.SharedSecretCiphertextBlob[:mkSpecs[i].ct-1]
		}
		if _, err := o.mkDecap(to, id, wrong); !asIsCode(err, "InvalidCiphertextException") {
			rt.Fatalf("%s: a %d-byte ciphertext: %v", mkSpecs[i].spec, len(wrong), err)
		}
	})
}
