package sim_test

// Tests of the asymmetric operations through the SDK-shaped client: Sign,
// Verify, GetPublicKey, DeriveSharedSecret, GenerateDataKeyPair(+Without
// Plaintext) and RSA Encrypt/Decrypt/ReEncrypt, across the members of
// multi-Region sets (SPEC §9, R9.1, R9.2, R9.9, R9.10), each output checked
// with the standard library (or dcrd's secp256k1 and circl's ML-DSA).
//
// Rules cited: R… SPEC.md, A… SPEC-API.md, "file.json:case" the recording
// of shared/aws-observed reproduced. Package-level identifiers start with
// "as"; the world and error helpers are crypto_test.go's (cr…).

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/x509"
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
	"github.com/cloudflare/circl/sign"
	"github.com/cloudflare/circl/sign/mldsa/mldsa44"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/cloudflare/circl/sign/mldsa/mldsa87"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	secpecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"github.com/mrksim/mrk/sim"
)

var asMsg = []byte("a message signed in one Region and verified in another")

// asSignSpecs are the SIGN_VERIFY key specs with their algorithms (A0.21.2).
var asSignSpecs = []struct {
	spec types.KeySpec
	algs []types.SigningAlgorithmSpec
}{
	{types.KeySpecRsa2048, []types.SigningAlgorithmSpec{"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384",
		"RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512"}},
	{types.KeySpecEccNistP256, []types.SigningAlgorithmSpec{"ECDSA_SHA_256"}},
	{types.KeySpecEccNistP384, []types.SigningAlgorithmSpec{"ECDSA_SHA_384"}},
	{types.KeySpecEccNistP521, []types.SigningAlgorithmSpec{"ECDSA_SHA_512"}},
	{types.KeySpecEccSecgP256k1, []types.SigningAlgorithmSpec{"ECDSA_SHA_256"}},
	{types.KeySpecEccNistEdwards25519, []types.SigningAlgorithmSpec{"ED25519_SHA_512", "ED25519_PH_SHA_512"}},
	{types.KeySpecMlDsa44, []types.SigningAlgorithmSpec{"ML_DSA_SHAKE_256"}},
	{types.KeySpecMlDsa65, []types.SigningAlgorithmSpec{"ML_DSA_SHAKE_256"}},
	{types.KeySpecMlDsa87, []types.SigningAlgorithmSpec{"ML_DSA_SHAKE_256"}},
}

// asHash is the hash of a signing algorithm (0 for ML-DSA).
func asHash(alg types.SigningAlgorithmSpec) crypto.Hash {
	switch {
	case strings.HasSuffix(string(alg), "_256"):
		return crypto.SHA256
	case strings.HasSuffix(string(alg), "_384"):
		return crypto.SHA384
	case strings.HasSuffix(string(alg), "_512"):
		return crypto.SHA512
	}
	return 0
}

// asMessageTypes are the message types an algorithm takes (A46.3.5).
func asMessageTypes(alg types.SigningAlgorithmSpec) []types.MessageType {
	switch alg {
	case "ED25519_SHA_512", "ML_DSA_SHAKE_256":
		return []types.MessageType{types.MessageTypeRaw}
	case "ED25519_PH_SHA_512":
		return []types.MessageType{types.MessageTypeDigest}
	}
	return []types.MessageType{types.MessageTypeRaw, types.MessageTypeDigest}
}

// asMessage is the Message member for a message type: msg, or its digest.
func asMessage(alg types.SigningAlgorithmSpec, mt types.MessageType, msg []byte) []byte {
	if mt != types.MessageTypeDigest {
		return msg
	}
	h := asHash(alg).New()
	h.Write(msg)
	return h.Sum(nil)
}

// asSet creates a multi-Region primary of spec and usage in us-east-1 with
// replicas in us-west-2 and eu-west-1, and moves the clock until they are
// Enabled.
func (o *crWorld) asSet(spec types.KeySpec, usage types.KeyUsageType) string {
	o.t.Helper()
	id := o.key(crE1, &kms.CreateKeyInput{KeySpec: spec, KeyUsage: usage, MultiRegion: aws.Bool(true)})
	for _, r := range []string{crW2, crEU} {
		_, err := o.c(crE1).ReplicateKey(crCtx, &kms.ReplicateKeyInput{KeyId: &id, ReplicaRegion: aws.String(r)})
		o.must("ReplicateKey", err)
	}
	o.clk.Add(time.Minute)
	return id
}

func (o *crWorld) asPublic(region, id string) *kms.GetPublicKeyOutput {
	o.t.Helper()
	out, err := o.c(region).GetPublicKey(crCtx, &kms.GetPublicKeyInput{KeyId: &id})
	o.must("GetPublicKey in "+region, err)
	return out
}

func (o *crWorld) asSign(region, id string, alg types.SigningAlgorithmSpec, mt types.MessageType, msg []byte) []byte {
	o.t.Helper()
	out, err := o.c(region).Sign(crCtx, &kms.SignInput{KeyId: &id, Message: msg, MessageType: mt, SigningAlgorithm: alg})
	o.must("Sign in "+region, err)
	if aws.ToString(out.KeyId) != crARN(region, id) || out.SigningAlgorithm != alg {
		o.t.Errorf("A46.3.7: Sign answered %s %s", aws.ToString(out.KeyId), out.SigningAlgorithm)
	}
	return out.Signature
}

func (o *crWorld) asVerify(region, id string, alg types.SigningAlgorithmSpec, mt types.MessageType, msg, sig []byte) error {
	out, err := o.c(region).Verify(crCtx, &kms.VerifyInput{KeyId: &id, Message: msg, MessageType: mt, Signature: sig, SigningAlgorithm: alg})
	if err == nil && (!out.SignatureValid || aws.ToString(out.KeyId) != crARN(region, id) || out.SigningAlgorithm != alg) {
		o.t.Errorf("A53.3.5: Verify answered %v %s %s", out.SignatureValid, aws.ToString(out.KeyId), out.SigningAlgorithm)
	}
	return err
}

// The OIDs of the SubjectPublicKeyInfo forms the standard library does not parse.
var (
	asOIDEC        = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	asOIDSecp256k1 = asn1.ObjectIdentifier{1, 3, 132, 0, 10}
	asOIDMLDSA     = map[string]sign.Scheme{"2.16.840.1.101.3.4.3.17": mldsa44.Scheme(),
		"2.16.840.1.101.3.4.3.18": mldsa65.Scheme(), "2.16.840.1.101.3.4.3.19": mldsa87.Scheme()}
)

// asParsePublic reads a DER SubjectPublicKeyInfo with the standard
// library, or for secp256k1 and ML-DSA with encoding/asn1 and their
// libraries (A30.3.4).
func asParsePublic(t *testing.T, der []byte) any {
	t.Helper()
	if pub, err := x509.ParsePKIXPublicKey(der); err == nil {
		return pub
	}
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) != 0 {
		t.Fatalf("A30.3.4: public key is not DER SubjectPublicKeyInfo: %v", err)
	}
	if s, ok := asOIDMLDSA[info.Algorithm.Algorithm.String()]; ok {
		if len(info.Algorithm.Parameters.FullBytes) != 0 {
			t.Errorf("A30.3.4: ML-DSA AlgorithmIdentifier has parameters")
		}
		pub, err := s.UnmarshalBinaryPublicKey(info.PublicKey.Bytes)
		if err != nil {
			t.Fatalf("ML-DSA public key: %v", err)
		}
		return pub
	}
	var curve asn1.ObjectIdentifier
	if !info.Algorithm.Algorithm.Equal(asOIDEC) {
		t.Fatalf("A30.3.4: unknown algorithm %v", info.Algorithm.Algorithm)
	}
	if _, err := asn1.Unmarshal(info.Algorithm.Parameters.FullBytes, &curve); err != nil || !curve.Equal(asOIDSecp256k1) {
		t.Fatalf("A30.3.4: EC key on curve %v, want secp256k1 (1.3.132.0.10)", curve)
	}
	pub, err := secp256k1.ParsePubKey(info.PublicKey.Bytes)
	if err != nil {
		t.Fatalf("secp256k1 public key: %v", err)
	}
	return pub
}

// asStdVerify checks a signature the way a client holding the public key
// would, with no simulator code.
func asStdVerify(pub any, alg types.SigningAlgorithmSpec, mt types.MessageType, msg, sig []byte) bool {
	m := asMessage(alg, mt, msg)
	digest := m
	if mt != types.MessageTypeDigest && asHash(alg) != 0 {
		h := asHash(alg).New()
		h.Write(msg)
		digest = h.Sum(nil)
	}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if strings.HasPrefix(string(alg), "RSASSA_PSS") {
			return rsa.VerifyPSS(k, asHash(alg), digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil
		}
		return rsa.VerifyPKCS1v15(k, asHash(alg), digest, sig) == nil
	case *ecdsa.PublicKey:
		return ecdsa.VerifyASN1(k, digest, sig)
	case *secp256k1.PublicKey:
		s, err := secpecdsa.ParseDERSignature(sig)
		return err == nil && s.Verify(digest, k)
	case ed25519.PublicKey:
		if alg == "ED25519_PH_SHA_512" {
			return ed25519.VerifyWithOptions(k, digest, sig, &ed25519.Options{Hash: crypto.SHA512}) == nil
		}
		return ed25519.Verify(k, msg, sig)
	case sign.PublicKey:
		return k.Scheme().Verify(k, msg, sig, nil)
	}
	return false
}

func asFlip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i%len(c)] ^= 0x01
	return c
}

func asIsCode(err error, code string) bool {
	return err != nil && otTyped(err, code)
}

// TestAsymSignAcrossRegions: for every SIGN_VERIFY spec, algorithm and
// message type, what each member signs every member verifies, in its own
// Region, and the standard library verifies with GetPublicKey's key from
// any member; a changed message or signature is refused
// (R9.1, R9.10, A30.5.1, A46.5.1, A53.3.3).
func TestAsymSignAcrossRegions(t *testing.T) {
	o := crNew(t, 31)
	regions := []string{crE1, crW2, crEU}
	for _, s := range asSignSpecs {
		id := o.asSet(s.spec, types.KeyUsageTypeSignVerify)
		pk := o.asPublic(crE1, id)
		for _, r := range regions[1:] {
			if other := o.asPublic(r, id); !bytes.Equal(other.PublicKey, pk.PublicKey) || aws.ToString(other.KeyId) != crARN(r, id) {
				t.Errorf("R9.10 A30.5.1 %s: %s answers another public key or ARN", s.spec, r)
			}
		}
		pub := asParsePublic(t, pk.PublicKey)
		if pk.KeySpec != s.spec || pk.KeyUsage != types.KeyUsageTypeSignVerify || !slices.Equal(pk.SigningAlgorithms, s.algs) &&
			!(s.spec == types.KeySpecEccNistEdwards25519) || pk.EncryptionAlgorithms != nil || pk.KeyAgreementAlgorithms != nil {
			t.Errorf("A30.3.4 %s: %+v", s.spec, pk)
		}
		for _, alg := range s.algs {
			for _, mt := range asMessageTypes(alg) {
				msg := asMessage(alg, mt, asMsg)
				for i, signer := range regions {
					sig := o.asSign(signer, id, alg, mt, msg)
					if !asStdVerify(pub, alg, mt, asMsg, sig) {
						t.Errorf("%s %s %s: the standard library rejects %s's signature", s.spec, alg, mt, signer)
					}
					for _, verifier := range regions {
						if err := o.asVerify(verifier, id, alg, mt, msg, sig); err != nil {
							t.Errorf("R9.1 %s %s %s: signed in %s, Verify in %s: %v", s.spec, alg, mt, signer, verifier, err)
						}
					}
					if i > 0 {
						continue
					}
					v := regions[(i+1)%3]
					if err := o.asVerify(v, id, alg, mt, asFlip(msg, 3), sig); !asIsCode(err, "KMSInvalidSignatureException") {
						t.Errorf("A53.3.3 %s %s %s: changed message: %v", s.spec, alg, mt, err)
					}
					if err := o.asVerify(v, id, alg, mt, msg, asFlip(sig, len(sig)/2)); !asIsCode(err, "KMSInvalidSignatureException") {
						t.Errorf("A53.3.3 %s %s %s: changed signature: %v", s.spec, alg, mt, err)
					}
				}
			}
		}
	}
}

// TestAsymSignRecordedShapes: outputs have exactly the members AWS
// answered (ecc.json:public_key, ecc.json:sign, ecc.json:verify,
// rsa.json:public_key), and the ED25519 key lists both algorithms in AWS's
// order (ecc.json keys).
func TestAsymSignRecordedShapes(t *testing.T) {
	o := crNew(t, 32)
	id := o.asSet(types.KeySpecEccNistP256, types.KeyUsageTypeSignVerify)
	keysOf := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	check := func(file, c string, out any) {
		t.Helper()
		rec := crRecorded(t, file, c)
		if got, want := keysOf(crShape(t, out)), keysOf(rec.Output); !slices.Equal(got, want) {
			t.Errorf("%s:%s members %v, recorded %v", file, c, got, want)
		}
	}
	check("ecc.json", "public_key", o.asPublic(crW2, id))
	sig, err := o.c(crW2).Sign(crCtx, &kms.SignInput{KeyId: &id, Message: asMsg, SigningAlgorithm: "ECDSA_SHA_256"})
	o.must("Sign", err)
	check("ecc.json", "sign", sig)
	ver, err := o.c(crEU).Verify(crCtx, &kms.VerifyInput{KeyId: &id, Message: asMsg, Signature: sig.Signature, SigningAlgorithm: "ECDSA_SHA_256"})
	o.must("Verify", err)
	check("ecc.json", "verify", ver)
	rsaKey := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeEncryptDecrypt})
	pk := o.asPublic(crE1, rsaKey)
	check("rsa.json", "public_key", pk)
	if !slices.Equal(pk.EncryptionAlgorithms, []types.EncryptionAlgorithmSpec{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"}) {
		t.Errorf("A30.3.4 rsa.json:public_key EncryptionAlgorithms %v", pk.EncryptionAlgorithms)
	}
	ed := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistEdwards25519, KeyUsage: types.KeyUsageTypeSignVerify})
	if got := o.asPublic(crE1, ed).SigningAlgorithms; !slices.Equal(got, []types.SigningAlgorithmSpec{"ED25519_PH_SHA_512", "ED25519_SHA_512"}) {
		t.Errorf("A0.21.2 ecc.json: Ed25519 algorithms %v", got)
	}
	// A46.3.7 rsa.json:sign_digest: PKCS #1 v1.5 over the DIGEST equals the RAW signature.
	rs := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeSignVerify})
	raw := o.asSign(crE1, rs, "RSASSA_PKCS1_V1_5_SHA_256", "", asMsg)
	d := sha256.Sum256(asMsg)
	if dig := o.asSign(crE1, rs, "RSASSA_PKCS1_V1_5_SHA_256", types.MessageTypeDigest, d[:]); !bytes.Equal(raw, dig) {
		t.Errorf("A46.3.7 rsa.json:sign_digest: DIGEST and RAW signatures differ")
	}
	// A53.3.3 rsa.json:verify_digest: MessageType need not match the signing one.
	if err := o.asVerify(crE1, rs, "RSASSA_PKCS1_V1_5_SHA_256", types.MessageTypeDigest, d[:], raw); err != nil {
		t.Errorf("A53.3.3: a RAW signature does not verify as DIGEST: %v", err)
	}
	edSig := o.asSign(crE1, ed, "ED25519_PH_SHA_512", types.MessageTypeDigest, asMessage("ED25519_PH_SHA_512", types.MessageTypeDigest, asMsg))
	if err := o.asVerify(crE1, ed, "ED25519_SHA_512", "", asMsg, edSig); !asIsCode(err, "KMSInvalidSignatureException") {
		t.Errorf("Ed25519ph and Ed25519 signatures are not interchangeable: %v", err)
	}
	// A46.3.7: PSS draws a salt, so two signatures differ.
	if a, b := o.asSign(crE1, rs, "RSASSA_PSS_SHA_256", "", asMsg), o.asSign(crE1, rs, "RSASSA_PSS_SHA_256", "", asMsg); bytes.Equal(a, b) {
		t.Errorf("A46.3.6: two PSS signatures are equal")
	}
}

// TestAsymAfterUpdatePrimaryRegion: while the members are Updating and
// after the primary moved, every usage still works across Regions (R9.2,
// A0.13.5 Updating ✓): signatures, RSA ciphertexts and shared secrets.
func TestAsymAfterUpdatePrimaryRegion(t *testing.T) {
	o := crNew(t, 33)
	signer := o.asSet(types.KeySpecEccNistP256, types.KeyUsageTypeSignVerify)
	enc := o.asSet(types.KeySpecRsa2048, types.KeyUsageTypeEncryptDecrypt)
	ka := o.asSet(types.KeySpecEccNistP384, types.KeyUsageTypeKeyAgreement)
	peer, err := ecdh.P384().NewPrivateKey(bytes.Repeat([]byte{7}, 48))
	o.must("peer key", err)
	peerDER, err := x509.MarshalPKIXPublicKey(peer.PublicKey())
	o.must("peer DER", err)
	roundTrip := func(when, a, b string) {
		t.Helper()
		sig := o.asSign(a, signer, "ECDSA_SHA_256", "", asMsg)
		if err := o.asVerify(b, signer, "ECDSA_SHA_256", "", asMsg, sig); err != nil {
			t.Errorf("%s: signed in %s, Verify in %s: %v", when, a, b, err)
		}
		ct, err := o.c(a).Encrypt(crCtx, &kms.EncryptInput{KeyId: &enc, Plaintext: []byte(crText), EncryptionAlgorithm: "RSAES_OAEP_SHA_256"})
		o.must(when+" Encrypt", err)
		pt, err := o.c(b).Decrypt(crCtx, &kms.DecryptInput{KeyId: &enc, CiphertextBlob: ct.CiphertextBlob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256"})
		if err != nil || string(pt.Plaintext) != crText {
			t.Errorf("%s: encrypted in %s, Decrypt in %s: %v", when, a, b, err)
		}
		var secrets [][]byte
		for _, r := range []string{a, b} {
			out, err := o.c(r).DeriveSharedSecret(crCtx, &kms.DeriveSharedSecretInput{KeyId: &ka, KeyAgreementAlgorithm: "ECDH", PublicKey: peerDER})
			o.must(when+" DeriveSharedSecret in "+r, err)
			secrets = append(secrets, out.SharedSecret)
		}
		if !bytes.Equal(secrets[0], secrets[1]) {
			t.Errorf("%s A11.5.1: %s and %s derive different secrets", when, a, b)
		}
	}
	for _, id := range []string{signer, enc, ka} {
		_, err := o.c(crE1).UpdatePrimaryRegion(crCtx, &kms.UpdatePrimaryRegionInput{KeyId: &id, PrimaryRegion: aws.String(crW2)})
		o.must("UpdatePrimaryRegion", err)
	}
	d, err := o.c(crE1).DescribeKey(crCtx, &kms.DescribeKeyInput{KeyId: &signer})
	o.must("DescribeKey", err)
	if d.KeyMetadata.KeyState != types.KeyStateUpdating {
		t.Fatalf("the old primary is %s, want Updating", d.KeyMetadata.KeyState)
	}
	roundTrip("Updating", crE1, crW2)
	o.clk.Add(time.Minute)
	d, err = o.c(crW2).DescribeKey(crCtx, &kms.DescribeKeyInput{KeyId: &signer})
	o.must("DescribeKey", err)
	if d.KeyMetadata.MultiRegionConfiguration.MultiRegionKeyType != types.MultiRegionKeyTypePrimary || d.KeyMetadata.KeyState != types.KeyStateEnabled {
		t.Fatalf("us-west-2 is not the Enabled primary: %+v", d.KeyMetadata)
	}
	roundTrip("new primary", crW2, crEU)
	roundTrip("former primary", crE1, crW2)
}

// TestAsymEncryptDecryptAcrossRegions: RSA OAEP ciphertexts made by any
// member, or by crypto/rsa with GetPublicKey's key, decrypt with any member
// (R9.10, rsa.json:openssl_decrypt); ReEncrypt between RSA and symmetric
// keys answers the members AWS answered (rsa.json:reencrypt_to_symmetric,
// rsa.json:reencrypt_from_symmetric, R9.8).
func TestAsymEncryptDecryptAcrossRegions(t *testing.T) {
	o := crNew(t, 34)
	id := o.asSet(types.KeySpecRsa2048, types.KeyUsageTypeEncryptDecrypt)
	pub := asParsePublic(t, o.asPublic(crEU, id).PublicKey).(*rsa.PublicKey)
	for _, alg := range []types.EncryptionAlgorithmSpec{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"} {
		h := crypto.SHA1
		if alg == "RSAES_OAEP_SHA_256" {
			h = crypto.SHA256
		}
		max := pub.Size() - 2*h.Size() - 2
		for _, n := range []int{1, max} {
			pt := bytes.Repeat([]byte{byte(n)}, n)
			for _, from := range []string{crE1, crW2, crEU} {
				ct, err := o.c(from).Encrypt(crCtx, &kms.EncryptInput{KeyId: &id, Plaintext: pt, EncryptionAlgorithm: alg})
				o.must("Encrypt", err)
				if len(ct.CiphertextBlob) != pub.Size() || ct.EncryptionAlgorithm != alg || aws.ToString(ct.KeyId) != crARN(from, id) {
					t.Errorf("A19.3.8 %s: %d-byte ciphertext, %s, %s", alg, len(ct.CiphertextBlob), ct.EncryptionAlgorithm, aws.ToString(ct.KeyId))
				}
				for _, to := range []string{crE1, crW2, crEU} {
					d, err := o.c(to).Decrypt(crCtx, &kms.DecryptInput{KeyId: aws.String(crARN(to, id)), CiphertextBlob: ct.CiphertextBlob, EncryptionAlgorithm: alg})
					if err != nil || !bytes.Equal(d.Plaintext, pt) || d.KeyMaterialId != nil || aws.ToString(d.KeyId) != crARN(to, id) {
						t.Errorf("R9.10 %s: encrypted in %s, Decrypt in %s: %v", alg, from, to, err)
					}
				}
			}
			// Encrypted offline with crypto/rsa, decrypted by a replica.
			ct, err := rsa.EncryptOAEP(h.New(), rand.Reader, pub, pt, nil)
			o.must("EncryptOAEP", err)
			d, err := o.c(crW2).Decrypt(crCtx, &kms.DecryptInput{KeyId: &id, CiphertextBlob: ct, EncryptionAlgorithm: alg})
			if err != nil || !bytes.Equal(d.Plaintext, pt) {
				t.Errorf("rsa.json:openssl_decrypt %s: %v", alg, err)
			}
			// The other algorithm does not open it (R9.6).
			other := types.EncryptionAlgorithmSpec("RSAES_OAEP_SHA_256")
			if alg == other {
				other = "RSAES_OAEP_SHA_1"
			}
			_, err = o.c(crEU).Decrypt(crCtx, &kms.DecryptInput{KeyId: &id, CiphertextBlob: ct, EncryptionAlgorithm: other})
			if !asIsCode(err, "InvalidCiphertextException") {
				t.Errorf("R9.6 %s ciphertext with %s: %v", alg, other, err)
			}
		}
	}
	sym := o.set(crW2)
	ct, err := o.c(crE1).Encrypt(crCtx, &kms.EncryptInput{KeyId: &id, Plaintext: []byte(crText), EncryptionAlgorithm: "RSAES_OAEP_SHA_1"})
	o.must("Encrypt", err)
	to, err := o.c(crW2).ReEncrypt(crCtx, &kms.ReEncryptInput{CiphertextBlob: ct.CiphertextBlob, SourceKeyId: &id,
		SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_1", DestinationKeyId: &sym})
	o.must("ReEncrypt to symmetric", err)
	if to.SourceKeyMaterialId != nil || aws.ToString(to.DestinationKeyMaterialId) != o.material(crW2, sym) || aws.ToString(to.SourceKeyId) != crARN(crW2, id) {
		t.Errorf("R9.8 rsa.json:reencrypt_to_symmetric: %+v", to)
	}
	from, err := o.c(crE1).ReEncrypt(crCtx, &kms.ReEncryptInput{CiphertextBlob: o.encrypt(crE1, sym, crText, nil),
		DestinationKeyId: &id, DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_256"})
	o.must("ReEncrypt from symmetric", err)
	if from.DestinationKeyMaterialId != nil || from.SourceKeyMaterialId == nil {
		t.Errorf("R9.8 rsa.json:reencrypt_from_symmetric: %+v", from)
	}
	d, err := o.c(crEU).Decrypt(crCtx, &kms.DecryptInput{KeyId: &id, CiphertextBlob: from.CiphertextBlob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256"})
	if err != nil || string(d.Plaintext) != crText {
		t.Errorf("rsa.json:decrypt_reencrypted: %v", err)
	}
	// An empty context is accepted (rsa.json:encryption_empty_context, decryption_empty_context).
	e, err := o.c(crE1).Encrypt(crCtx, &kms.EncryptInput{KeyId: &id, Plaintext: []byte("x"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256", EncryptionContext: map[string]string{}})
	o.must("A0.16.2 empty context on Encrypt", err)
	_, err = o.c(crW2).Decrypt(crCtx, &kms.DecryptInput{KeyId: &id, CiphertextBlob: e.CiphertextBlob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256", EncryptionContext: map[string]string{}})
	o.must("A0.16.2 empty context on Decrypt", err)
}

// TestAsymKeyAgreementAcrossRegions: every member of a KEY_AGREEMENT set
// derives crypto/ecdh's secret between the peer's private key and
// GetPublicKey's key (A11.3.8, A11.5.1, ecc.json:derive).
func TestAsymKeyAgreementAcrossRegions(t *testing.T) {
	o := crNew(t, 35)
	for _, c := range []struct {
		spec  types.KeySpec
		curve ecdh.Curve
		size  int
	}{{types.KeySpecEccNistP256, ecdh.P256(), 32}, {types.KeySpecEccNistP384, ecdh.P384(), 48}, {types.KeySpecEccNistP521, ecdh.P521(), 66}} {
		id := o.asSet(c.spec, types.KeyUsageTypeKeyAgreement)
		pk := o.asPublic(crW2, id)
		if !slices.Equal(pk.KeyAgreementAlgorithms, []types.KeyAgreementAlgorithmSpec{"ECDH"}) || pk.SigningAlgorithms != nil {
			t.Errorf("A30.3.4 ecc.json:public_key KEY_AGREEMENT: %+v", pk)
		}
		kmsPub, err := asParsePublic(t, pk.PublicKey).(*ecdsa.PublicKey).ECDH()
		o.must("ECDH public key", err)
		seed := bytes.Repeat([]byte{9}, c.size)
		if c.size == 66 {
			seed[0] = 1
		}
		peer, err := c.curve.NewPrivateKey(seed)
		o.must("peer", err)
		want, err := peer.ECDH(kmsPub)
		o.must("crypto/ecdh", err)
		der, err := x509.MarshalPKIXPublicKey(peer.PublicKey())
		o.must("peer DER", err)
		for _, r := range []string{crE1, crW2, crEU} {
			out, err := o.c(r).DeriveSharedSecret(crCtx, &kms.DeriveSharedSecretInput{KeyId: &id, KeyAgreementAlgorithm: "ECDH", PublicKey: der})
			o.must("DeriveSharedSecret", err)
			if !bytes.Equal(out.SharedSecret, want) || len(out.SharedSecret) != c.size || aws.ToString(out.KeyId) != crARN(r, id) ||
				out.KeyOrigin != types.OriginTypeAwsKms || out.KeyAgreementAlgorithm != "ECDH" {
				t.Errorf("A11.3.8 %s in %s: %+v", c.spec, r, out)
			}
		}
	}
}

// asPKCS8 reads a data key pair's private key and returns its public key's
// SubjectPublicKeyInfo.
func asPKCS8Public(t *testing.T, der []byte) []byte {
	t.Helper()
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		pub, err := x509.MarshalPKIXPublicKey(k.(crypto.Signer).Public())
		if err != nil {
			t.Fatal(err)
		}
		return pub
	}
	// secp256k1: PrivateKeyInfo{0, {id-ecPublicKey, secp256k1}, ECPrivateKey}.
	var p struct {
		Version    int
		Algorithm  pkix.AlgorithmIdentifier
		PrivateKey []byte
	}
	var ek struct {
		Version    int
		PrivateKey []byte
		PublicKey  asn1.BitString `asn1:"optional,explicit,tag:1"`
	}
	if _, err := asn1.Unmarshal(der, &p); err != nil || !p.Algorithm.Algorithm.Equal(asOIDEC) {
		t.Fatalf("A21.3.5: private key is not PKCS #8: %v", err)
	}
	if _, err := asn1.Unmarshal(p.PrivateKey, &ek); err != nil {
		t.Fatalf("A21.3.5: not an ECPrivateKey: %v", err)
	}
	priv := secp256k1.PrivKeyFromBytes(ek.PrivateKey)
	pub, _ := asn1.Marshal(struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}{p.Algorithm, asn1.BitString{Bytes: priv.PubKey().SerializeUncompressed(), BitLength: 520}})
	return pub
}

// TestAsymDataKeyPairs: every data key pair spec AWS serves gives a PKCS #8
// private key matching the SubjectPublicKeyInfo public key, and its
// encrypted copy decrypts to it with every member, bound to the context
// (A21.3.5, A21.3.6, A22.3.1, R9.9, ecc.json:data_key_pair, rsa.json:data_key_pair).
func TestAsymDataKeyPairs(t *testing.T) {
	o := crNew(t, 36)
	id := o.asSet("", "")
	ec := map[string]string{"purpose": "data key pair"}
	mat := o.material(crE1, id)
	for _, spec := range []types.DataKeyPairSpec{"RSA_2048", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519"} {
		out, err := o.c(crE1).GenerateDataKeyPair(crCtx, &kms.GenerateDataKeyPairInput{KeyId: &id, KeyPairSpec: spec, EncryptionContext: ec})
		o.must("GenerateDataKeyPair "+string(spec), err)
		if got := asPKCS8Public(t, out.PrivateKeyPlaintext); !bytes.Equal(got, out.PublicKey) {
			t.Errorf("A21.3.5 %s: the private key does not match the public key", spec)
		}
		asParsePublic(t, out.PublicKey)
		if out.KeyPairSpec != spec || aws.ToString(out.KeyId) != crARN(crE1, id) || aws.ToString(out.KeyMaterialId) != mat {
			t.Errorf("A21.3.6 %s: %s %s %s", spec, out.KeyPairSpec, aws.ToString(out.KeyId), aws.ToString(out.KeyMaterialId))
		}
		for _, r := range []string{crW2, crEU} {
			d := o.decrypt(r, &kms.DecryptInput{CiphertextBlob: out.PrivateKeyCiphertextBlob, EncryptionContext: ec})
			if !bytes.Equal(d.Plaintext, out.PrivateKeyPlaintext) {
				t.Errorf("R9.9 %s: Decrypt in %s gives another private key", spec, r)
			}
		}
		_, err = o.c(crW2).Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: out.PrivateKeyCiphertextBlob})
		if !asIsCode(err, "InvalidCiphertextException") {
			t.Errorf("A0.16.4 %s: the encrypted private key opens without its context: %v", spec, err)
		}
		wp, err := o.c(crW2).GenerateDataKeyPairWithoutPlaintext(crCtx, &kms.GenerateDataKeyPairWithoutPlaintextInput{KeyId: &id, KeyPairSpec: spec})
		o.must("GenerateDataKeyPairWithoutPlaintext", err)
		d := o.decrypt(crEU, &kms.DecryptInput{CiphertextBlob: wp.PrivateKeyCiphertextBlob})
		if got := asPKCS8Public(t, d.Plaintext); !bytes.Equal(got, wp.PublicKey) || bytes.Equal(wp.PublicKey, out.PublicKey) ||
			wp.KeyPairSpec != spec || aws.ToString(wp.KeyId) != crARN(crW2, id) || aws.ToString(wp.KeyMaterialId) != mat {
			t.Errorf("A22.3.1 %s: %+v", spec, wp)
		}
	}
}

// TestAsymErrors: every error the asymmetric operations produce, with
// AWS's code and, where recorded, message; a failing call leaves the
// world unchanged (A0.11.3).
func TestAsymErrors(t *testing.T) {
	o := crNew(t, 37)
	p256 := o.asSet(types.KeySpecEccNistP256, types.KeyUsageTypeSignVerify)
	ed := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistEdwards25519, KeyUsage: types.KeyUsageTypeSignVerify})
	ml := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecMlDsa44, KeyUsage: types.KeyUsageTypeSignVerify})
	hm := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	rsaEnc := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeEncryptDecrypt})
	ka := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeKeyAgreement})
	sym := o.key(crE1, nil)
	off := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecMlDsa65, KeyUsage: types.KeyUsageTypeSignVerify})
	_, err := o.c(crE1).DisableKey(crCtx, &kms.DisableKeyInput{KeyId: &off})
	o.must("DisableKey", err)
	offKA := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeKeyAgreement})
	_, err = o.c(crE1).DisableKey(crCtx, &kms.DisableKeyInput{KeyId: &offKA})
	o.must("DisableKey", err)
	gone := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify})
	_, err = o.c(crE1).ScheduleKeyDeletion(crCtx, &kms.ScheduleKeyDeletionInput{KeyId: &gone, PendingWindowInDays: aws.Int32(7)})
	o.must("ScheduleKeyDeletion", err)
	_, err = o.c(crE1).ReplicateKey(crCtx, &kms.ReplicateKeyInput{KeyId: &p256, ReplicaRegion: aws.String(crAP)})
	o.must("ReplicateKey", err) // Creating in ap-south-1 until the clock moves
	ext := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecRsa2048, KeyUsage: types.KeyUsageTypeSignVerify, Origin: types.OriginTypeExternal})
	sig := o.asSign(crE1, p256, "ECDSA_SHA_256", "", asMsg)
	mlSig := o.asSign(crE1, ml, "ML_DSA_SHAKE_256", "", asMsg)
	peer, _ := ecdh.P256().NewPrivateKey(bytes.Repeat([]byte{5}, 32))
	peerDER, _ := x509.MarshalPKIXPublicKey(peer.PublicKey())
	peer384, _ := ecdh.P384().NewPrivateKey(bytes.Repeat([]byte{5}, 48))
	peer384DER, _ := x509.MarshalPKIXPublicKey(peer384.PublicKey())
	edPub, _, _ := ed25519.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{1}, 32)))
	edDER, _ := x509.MarshalPKIXPublicKey(edPub)
	digest := sha256.Sum256(asMsg)

	signIn := func(in kms.SignInput) func() error {
		return func() error { return crE(o.c(crE1).Sign(crCtx, &in)) }
	}
	verifyIn := func(in kms.VerifyInput) func() error {
		return func() error { return crE(o.c(crE1).Verify(crCtx, &in)) }
	}
	pubIn := func(id string) func() error {
		return func() error { return crE(o.c(crE1).GetPublicKey(crCtx, &kms.GetPublicKeyInput{KeyId: &id})) }
	}
	derive := func(in kms.DeriveSharedSecretInput) func() error {
		if in.KeyAgreementAlgorithm == "" {
			in.KeyAgreementAlgorithm = "ECDH"
		}
		return func() error { return crE(o.c(crE1).DeriveSharedSecret(crCtx, &in)) }
	}
	dkp := func(in kms.GenerateDataKeyPairInput) func() error {
		if in.KeyId == nil {
			in.KeyId = &sym
		}
		if in.KeyPairSpec == "" {
			in.KeyPairSpec = "ECC_NIST_P256"
		}
		return func() error { return crE(o.c(crE1).GenerateDataKeyPair(crCtx, &in)) }
	}
	enc := func(in kms.EncryptInput) func() error {
		in.KeyId = &rsaEnc
		return func() error { return crE(o.c(crE1).Encrypt(crCtx, &in)) }
	}
	arn := func(id string) string { return crARN(crE1, id) }
	tooLong := make([]byte, 4097)
	cases := []struct {
		op, rule string
		want     otWant
		call     func() error
	}{
		// P1 (A0.10)
		{"Sign", "A0.10.5 mldsa.json:empty_raw", otVal("Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			signIn(kms.SignInput{KeyId: &p256, Message: []byte{}, SigningAlgorithm: "ECDSA_SHA_256"})},
		{"Sign", "A46.3.1 message over 4096 bytes", otVal("Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096"),
			signIn(kms.SignInput{KeyId: &p256, Message: tooLong, SigningAlgorithm: "ECDSA_SHA_256"})},
		{"Verify", "A53.3.1 message over 4096 bytes", otVal("Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096"),
			verifyIn(kms.VerifyInput{KeyId: &p256, Message: tooLong, Signature: sig, SigningAlgorithm: "ECDSA_SHA_256"})},
		{"Sign", "A46.3.1 SigningAlgorithm enum", otErrPrefix(crVE, "1 validation error detected: Value 'ECDSA_SHA_1' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: ["),
			signIn(kms.SignInput{KeyId: &p256, Message: asMsg, SigningAlgorithm: "ECDSA_SHA_1"})},
		{"Sign", "A46.3.1 MessageType enum", otErrPrefix(crVE, "1 validation error detected: Value 'HASH' at 'messageType' failed to satisfy constraint: Member must satisfy enum value set: ["),
			signIn(kms.SignInput{KeyId: &p256, Message: asMsg, MessageType: "HASH", SigningAlgorithm: "ECDSA_SHA_256"})},
		{"DeriveSharedSecret", "A11.3.1 KeyAgreementAlgorithm enum", otVal("Value 'ECDHE' at 'keyAgreementAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ECDH]"),
			derive(kms.DeriveSharedSecretInput{KeyId: &ka, KeyAgreementAlgorithm: "ECDHE", PublicKey: peerDER})},
		{"GenerateDataKeyPair", "A21.3.1 KeyPairSpec enum", otErrPrefix(crVE, "1 validation error detected: Value 'RSA_1024' at 'keyPairSpec' failed to satisfy constraint: Member must satisfy enum value set: ["),
			dkp(kms.GenerateDataKeyPairInput{KeyPairSpec: "RSA_1024"})},
		// P2
		{"Sign", "A46.3.2 SM2DSA (SM2 only in the China Regions)", otErrPrefix("UnsupportedOperationException", crNS),
			signIn(kms.SignInput{KeyId: &p256, Message: asMsg, SigningAlgorithm: "SM2DSA"})},
		{"Sign", "A0.15.2 grant token", otErrCode("InvalidGrantTokenException"),
			signIn(kms.SignInput{KeyId: &p256, Message: asMsg, SigningAlgorithm: "ECDSA_SHA_256", GrantTokens: []string{"bogus"}})},
		{"GetPublicKey", "A0.15.2 grant token", otErrCode("InvalidGrantTokenException"),
			func() error {
				return crE(o.c(crE1).GetPublicKey(crCtx, &kms.GetPublicKeyInput{KeyId: &p256, GrantTokens: []string{"bogus"}}))
			}},
		{"DeriveSharedSecret", "A11.3.2 Recipient", otErrPrefix("UnsupportedOperationException", crNS),
			derive(kms.DeriveSharedSecretInput{KeyId: &ka, PublicKey: peerDER, Recipient: &types.RecipientInfo{KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256"}})},
		{"GenerateDataKeyPair", "A21.3.2 SM2 outside the China Regions", otErr("UnsupportedOperationException", "KeyPairSpec SM2 is not supported in Region us-east-1."),
			dkp(kms.GenerateDataKeyPairInput{KeyPairSpec: "SM2"})},
		{"GenerateDataKeyPair", "A21.3.2 Recipient", otErrPrefix("UnsupportedOperationException", crNS),
			dkp(kms.GenerateDataKeyPairInput{Recipient: &types.RecipientInfo{KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256"}})},
		{"GenerateDataKeyPair", "A0.16.3 context syntax", otErr(crVE, "Invalid EncryptionContext"),
			dkp(kms.GenerateDataKeyPairInput{EncryptionContext: map[string]string{"k": ""}})},
		// P3
		{"Sign", "A0.12.8 no such key", otErr("NotFoundException", "Key '"+arn("mrk-00000000000000000000000000000000")+"' does not exist"),
			signIn(kms.SignInput{KeyId: aws.String("mrk-00000000000000000000000000000000"), Message: asMsg, SigningAlgorithm: "ECDSA_SHA_256"})},
		{"GetPublicKey", "A0.12.9 no such alias", otErr("NotFoundException", "Alias arn:aws:kms:us-east-1:"+sim.DefaultAccount+":alias/none is not found."),
			pubIn("alias/none")},
		// P4 (A0.13.5)
		{"Sign", "A0.13.5 KS1 mldsa.json:disabled_sign", otErr("DisabledException", arn(off)+" is disabled."),
			signIn(kms.SignInput{KeyId: &off, Message: asMsg, SigningAlgorithm: "ML_DSA_SHAKE_256"})},
		{"Verify", "A0.13.5 KS1 mldsa.json:disabled_verify", otErr("DisabledException", arn(off)+" is disabled."),
			verifyIn(kms.VerifyInput{KeyId: &off, Message: asMsg, Signature: mlSig, SigningAlgorithm: "ML_DSA_SHAKE_256"})},
		{"DeriveSharedSecret", "A11.3.4 KS1 ecc.json:disabled_derive", otErr("DisabledException", arn(offKA)+" is disabled."),
			derive(kms.DeriveSharedSecretInput{KeyId: &offKA, PublicKey: peerDER})},
		{"GetPublicKey", "A30.3.2 KS5 imports_families.json:RSA_2048_public_missing", otErr("KMSInvalidStateException", arn(ext)+" is pending import."),
			pubIn(ext)},
		{"Sign", "A0.13.5 KS5 PendingImport", otErr("KMSInvalidStateException", arn(ext)+" is pending import."),
			signIn(kms.SignInput{KeyId: &ext, Message: asMsg, SigningAlgorithm: "RSASSA_PSS_SHA_256"})},
		{"GetPublicKey", "A30.3.2 KS3 ecc.json:deleting_public_key", otErr("KMSInvalidStateException", arn(gone)+" is pending deletion."),
			pubIn(gone)},
		{"Sign", "A0.13.5 KS3 pending deletion", otErr("KMSInvalidStateException", arn(gone)+" is pending deletion."),
			signIn(kms.SignInput{KeyId: &gone, Message: asMsg, SigningAlgorithm: "ECDSA_SHA_256"})},
		{"Sign", "A0.13.5 KS14 R9.2 a Creating replica", otErr("KMSInvalidStateException", crARN(crAP, p256)+" is creating."),
			func() error {
				return crE(o.c(crAP).Sign(crCtx, &kms.SignInput{KeyId: &p256, Message: asMsg, SigningAlgorithm: "ECDSA_SHA_256"}))
			}},
		{"GenerateDataKeyPairWithoutPlaintext", "A0.13.5 KS1", otErr("DisabledException", arn(off)+" is disabled."),
			func() error {
				return crE(o.c(crE1).GenerateDataKeyPairWithoutPlaintext(crCtx, &kms.GenerateDataKeyPairWithoutPlaintextInput{KeyId: &off, KeyPairSpec: "RSA_2048"}))
			}},
		// P5
		{"Sign", "A46.3.4 KU1", otErr("InvalidKeyUsageException", arn(hm)+" key usage is GENERATE_VERIFY_MAC which is not valid for Sign."),
			signIn(kms.SignInput{KeyId: &hm, Message: asMsg, SigningAlgorithm: "ECDSA_SHA_256"})},
		{"Verify", "A53.3.2 KU1", otErr("InvalidKeyUsageException", arn(rsaEnc)+" key usage is ENCRYPT_DECRYPT which is not valid for Verify."),
			verifyIn(kms.VerifyInput{KeyId: &rsaEnc, Message: asMsg, Signature: sig, SigningAlgorithm: "RSASSA_PSS_SHA_256"})},
		{"Sign", "A46.3.4 KU2 ecc.json:wrong_algorithm", otErr("InvalidKeyUsageException", "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256."),
			signIn(kms.SignInput{KeyId: &p256, Message: asMsg, SigningAlgorithm: "RSASSA_PSS_SHA_256"})},
		{"Sign", "A46.3.4 KU2 mldsa.json:wrong_algorithm", otErr("InvalidKeyUsageException", "Algorithm ECDSA_SHA_256 is incompatible with key spec ML_DSA_44."),
			signIn(kms.SignInput{KeyId: &ml, Message: asMsg, SigningAlgorithm: "ECDSA_SHA_256"})},
		{"GetPublicKey", "A30.3.3 rsa.json:symmetric_public_key", otErr("UnsupportedOperationException", ""), pubIn(sym)},
		{"GetPublicKey", "A30.3.3 HMAC key by analogy", otErr("UnsupportedOperationException", ""), pubIn(hm)},
		{"DeriveSharedSecret", "A11.3.5 KU1", otErr("InvalidKeyUsageException", arn(p256)+" key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret."),
			derive(kms.DeriveSharedSecretInput{KeyId: &p256, PublicKey: peerDER})},
		{"GenerateDataKeyPair", "A21.3.4 rsa.json:data_key_pair_asymmetric_master", otErr("InvalidKeyUsageException", "You cannot generate a data key pair with an asymmetric CMK"),
			dkp(kms.GenerateDataKeyPairInput{KeyId: &rsaEnc})},
		{"GenerateDataKeyPair", "A21.3.4 KU1", otErr("InvalidKeyUsageException", arn(hm)+" key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKeyPair."),
			dkp(kms.GenerateDataKeyPairInput{KeyId: &hm})},
		// P6
		{"Sign", "A46.3.5 ecc.json:sign EXTERNAL_MU", otErr(crVE, "Message type EXTERNAL_MU is incompatible with key spec ECC_NIST_P256."),
			signIn(kms.SignInput{KeyId: &p256, Message: asMsg, MessageType: "EXTERNAL_MU", SigningAlgorithm: "ECDSA_SHA_256"})},
		{"Sign", "A46.3.5 ecc.json:sign ED25519_PH_SHA_512 RAW", otErr(crVE, "Message type RAW is incompatible with algorithm ED25519_PH_SHA_512."),
			signIn(kms.SignInput{KeyId: &ed, Message: asMsg, SigningAlgorithm: "ED25519_PH_SHA_512"})},
		{"Sign", "A46.3.5 ecc.json:sign ED25519_SHA_512 DIGEST (before the digest length)", otErr(crVE, "Message type DIGEST is incompatible with algorithm ED25519_SHA_512."),
			signIn(kms.SignInput{KeyId: &ed, Message: asMsg, MessageType: "DIGEST", SigningAlgorithm: "ED25519_SHA_512"})},
		{"Sign", "A46.3.5 ecc.json:short_digest", otErr(crVE, "Digest is invalid length for algorithm ECDSA_SHA_256."),
			signIn(kms.SignInput{KeyId: &p256, Message: digest[:31], MessageType: "DIGEST", SigningAlgorithm: "ECDSA_SHA_256"})},
		{"Verify", "A53.3.3 digest length on Verify", otErr(crVE, "Digest is invalid length for algorithm ED25519_PH_SHA_512."),
			verifyIn(kms.VerifyInput{KeyId: &ed, Message: digest[:], MessageType: "DIGEST", Signature: sig, SigningAlgorithm: "ED25519_PH_SHA_512"})},
		{"Sign", "A0.23.1 mldsa.json:sign_digest", otErr(crVE, "Message type DIGEST is incompatible with key spec ML_DSA_44."),
			signIn(kms.SignInput{KeyId: &ml, Message: digest[:], MessageType: "DIGEST", SigningAlgorithm: "ML_DSA_SHAKE_256"})},
		{"Sign", "A0.23.1 mldsa.json:mu_length_63", otErr(crVE, "External Mu is invalid length for algorithm ML_DSA_SHAKE_256."),
			signIn(kms.SignInput{KeyId: &ml, Message: make([]byte, 63), MessageType: "EXTERNAL_MU", SigningAlgorithm: "ML_DSA_SHAKE_256"})},
		{"Verify", "A0.23.1 mldsa.json:mu_length_65 on Verify", otErr(crVE, "External Mu is invalid length for algorithm ML_DSA_SHAKE_256."),
			verifyIn(kms.VerifyInput{KeyId: &ml, Message: make([]byte, 65), MessageType: "EXTERNAL_MU", Signature: mlSig, SigningAlgorithm: "ML_DSA_SHAKE_256"})},
		// A0.23.1: a well-formed EXTERNAL_MU is signed and verified
		// (mldsa.json:sign_mu, verify_raw_with_mu, TestAsymMLDSAExternalMu);
		// the key state and algorithm are checked before it, and a μ that
		// is not the signature's is KMSInvalidSignatureException, before
		// DryRun (A53.3.3).
		{"Verify", "A53.3.3 another EXTERNAL_MU than the signature's", otErr("KMSInvalidSignatureException", ""),
			verifyIn(kms.VerifyInput{KeyId: &ml, Message: make([]byte, 64), MessageType: "EXTERNAL_MU", Signature: mlSig, SigningAlgorithm: "ML_DSA_SHAKE_256"})},
		{"Verify", "A53.3.3 another EXTERNAL_MU than the signature's, before DryRun", otErr("KMSInvalidSignatureException", ""),
			verifyIn(kms.VerifyInput{KeyId: &ml, Message: make([]byte, 64), MessageType: "EXTERNAL_MU", Signature: mlSig, SigningAlgorithm: "ML_DSA_SHAKE_256", DryRun: aws.Bool(true)})},
		{"Verify", "A0.23.1 mu length before the signature check", otErr(crVE, "External Mu is invalid length for algorithm ML_DSA_SHAKE_256."),
			verifyIn(kms.VerifyInput{KeyId: &ml, Message: make([]byte, 1), MessageType: "EXTERNAL_MU", Signature: mlSig[:10], SigningAlgorithm: "ML_DSA_SHAKE_256", DryRun: aws.Bool(true)})},
		{"Sign", "A0.23.1 mldsa.json:mu_length_1 before DryRun", otErr(crVE, "External Mu is invalid length for algorithm ML_DSA_SHAKE_256."),
			signIn(kms.SignInput{KeyId: &ml, Message: make([]byte, 1), MessageType: "EXTERNAL_MU", SigningAlgorithm: "ML_DSA_SHAKE_256", DryRun: aws.Bool(true)})},
		{"Sign", "A0.13.5 KS1 before the EXTERNAL_MU", otErr("DisabledException", arn(off)+" is disabled."),
			signIn(kms.SignInput{KeyId: &off, Message: make([]byte, 64), MessageType: "EXTERNAL_MU", SigningAlgorithm: "ML_DSA_SHAKE_256"})},
		{"Verify", "A46.3.4 KU2 before the EXTERNAL_MU", otErr("InvalidKeyUsageException", "Algorithm ECDSA_SHA_256 is incompatible with key spec ML_DSA_44."),
			verifyIn(kms.VerifyInput{KeyId: &ml, Message: make([]byte, 64), MessageType: "EXTERNAL_MU", Signature: mlSig, SigningAlgorithm: "ECDSA_SHA_256"})},
		{"Verify", "A53.3.3 ecc.json:invalid_signature", otErr("KMSInvalidSignatureException", ""),
			verifyIn(kms.VerifyInput{KeyId: &p256, Message: []byte("another message"), Signature: sig, SigningAlgorithm: "ECDSA_SHA_256"})},
		{"Verify", "A53.3.3 ecc.json:dry_invalid_signature", otErr("KMSInvalidSignatureException", ""),
			verifyIn(kms.VerifyInput{KeyId: &p256, Message: []byte("another message"), Signature: sig, SigningAlgorithm: "ECDSA_SHA_256", DryRun: aws.Bool(true)})},
		{"Verify", "A53.3.3 mldsa.json:short_signature", otErr("KMSInvalidSignatureException", ""),
			verifyIn(kms.VerifyInput{KeyId: &ml, Message: asMsg, Signature: mlSig[:100], SigningAlgorithm: "ML_DSA_SHAKE_256"})},
		{"DeriveSharedSecret", "A11.3.6 ecc.json:invalid_public_key", otErr(crVE, ""),
			derive(kms.DeriveSharedSecretInput{KeyId: &ka, PublicKey: []byte("not a public key")})},
		{"DeriveSharedSecret", "A11.3.6 ecc.json:dry_invalid_public_key", otErr(crVE, ""),
			derive(kms.DeriveSharedSecretInput{KeyId: &ka, PublicKey: []byte("not a public key"), DryRun: aws.Bool(true)})},
		{"DeriveSharedSecret", "A11.3.6 ecc.json:wrong_curve", otErr(crVE, ""),
			derive(kms.DeriveSharedSecretInput{KeyId: &ka, PublicKey: peer384DER})},
		{"DeriveSharedSecret", "A11.3.6 not an EC key", otErr(crVE, ""),
			derive(kms.DeriveSharedSecretInput{KeyId: &ka, PublicKey: edDER})},
		{"Encrypt", "A19.3.6 rsa.json:encrypt_too_large SHA_256", otErr(crVE, "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes."),
			enc(kms.EncryptInput{Plaintext: make([]byte, 191), EncryptionAlgorithm: "RSAES_OAEP_SHA_256"})},
		{"Decrypt", "A0.16.2 rsa.json:decrypt_nonempty_context", otErr(crVE, "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs."),
			func() error {
				return crE(o.c(crE1).Decrypt(crCtx, &kms.DecryptInput{KeyId: &rsaEnc, CiphertextBlob: make([]byte, 256),
					EncryptionAlgorithm: "RSAES_OAEP_SHA_256", EncryptionContext: map[string]string{"k": "v"}}))
			}},
		// P7 (A0.14.3)
		{"Sign", "A0.14.3 ecc.json:dry_sign", otErr("DryRunOperationException", crDryRun),
			signIn(kms.SignInput{KeyId: &p256, Message: asMsg, SigningAlgorithm: "ECDSA_SHA_256", DryRun: aws.Bool(true)})},
		{"Verify", "A0.14.3 mldsa.json:dry_verify", otErr("DryRunOperationException", crDryRun),
			verifyIn(kms.VerifyInput{KeyId: &ml, Message: asMsg, Signature: mlSig, SigningAlgorithm: "ML_DSA_SHAKE_256", DryRun: aws.Bool(true)})},
		{"Sign", "A0.14.3 mldsa.json:dry_sign with EXTERNAL_MU", otErr("DryRunOperationException", crDryRun),
			signIn(kms.SignInput{KeyId: &ml, Message: make([]byte, 64), MessageType: "EXTERNAL_MU", SigningAlgorithm: "ML_DSA_SHAKE_256", DryRun: aws.Bool(true)})},
		{"DeriveSharedSecret", "A0.14.3 ecc.json:dry_derive", otErr("DryRunOperationException", crDryRun),
			derive(kms.DeriveSharedSecretInput{KeyId: &ka, PublicKey: peerDER, DryRun: aws.Bool(true)})},
		{"GenerateDataKeyPair", "A0.14.3 rsa.json:data_key_pair_dry_run", otErr("DryRunOperationException", crDryRun),
			dkp(kms.GenerateDataKeyPairInput{KeyPairSpec: "RSA_2048", DryRun: aws.Bool(true)})},
		{"Encrypt", "A0.14.3 rsa.json:encryption_dry_run", otErr("DryRunOperationException", crDryRun),
			enc(kms.EncryptInput{Plaintext: []byte("x"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256", DryRun: aws.Bool(true)})},
	}
	for _, c := range cases {
		t.Run(c.op+" "+c.rule, func(t *testing.T) { o.fails(t, c.op, c.want, c.call) })
	}
	// A30.3.2 ecc.json:disabled_public_key: a Disabled key still answers.
	if pk := o.asPublic(crE1, off); len(pk.PublicKey) == 0 {
		t.Errorf("A30.3.2: no public key for a Disabled key")
	}
}

// TestAsymOverHTTP: the real aws-sdk-go-v2 client through the world's HTTP
// client signs, verifies, derives and generates data key pairs, and a
// failed Verify arrives as the typed KMSInvalidSignatureException (A0.5,
// A0.7).
func TestAsymOverHTTP(t *testing.T) {
	o := crNew(t, 38)
	id := o.asSet(types.KeySpecEccSecgP256k1, types.KeyUsageTypeSignVerify)
	east, west := realClient(crE1, "http://mrksim.invalid", o.w.HTTPClient()), realClient(crW2, "http://mrksim.invalid", o.w.HTTPClient())
	s, err := east.Sign(crCtx, &kms.SignInput{KeyId: &id, Message: asMsg, SigningAlgorithm: "ECDSA_SHA_256"})
	o.must("Sign over HTTP", err)
	v, err := west.Verify(crCtx, &kms.VerifyInput{KeyId: &id, Message: asMsg, Signature: s.Signature, SigningAlgorithm: "ECDSA_SHA_256"})
	if err != nil || !v.SignatureValid || aws.ToString(v.KeyId) != crARN(crW2, id) {
		t.Errorf("Verify over HTTP: %v", err)
	}
	pk, err := west.GetPublicKey(crCtx, &kms.GetPublicKeyInput{KeyId: &id})
	o.must("GetPublicKey over HTTP", err)
	if !asStdVerify(asParsePublic(t, pk.PublicKey), "ECDSA_SHA_256", "", asMsg, s.Signature) || pk.KeySpec != types.KeySpecEccSecgP256k1 {
		t.Errorf("secp256k1 over HTTP: the signature does not verify with dcrd")
	}
	_, err = west.Verify(crCtx, &kms.VerifyInput{KeyId: &id, Message: asMsg, Signature: asFlip(s.Signature, 10), SigningAlgorithm: "ECDSA_SHA_256"})
	var ise *types.KMSInvalidSignatureException
	if !errors.As(err, &ise) {
		t.Errorf("A53.3.3 over HTTP: %v", err)
	}
	ka := o.asSet(types.KeySpecEccNistP256, types.KeyUsageTypeKeyAgreement)
	peer, _ := ecdh.P256().NewPrivateKey(bytes.Repeat([]byte{3}, 32))
	der, _ := x509.MarshalPKIXPublicKey(peer.PublicKey())
	ss, err := west.DeriveSharedSecret(crCtx, &kms.DeriveSharedSecretInput{KeyId: &ka, KeyAgreementAlgorithm: "ECDH", PublicKey: der})
	o.must("DeriveSharedSecret over HTTP", err)
	kp, _ := asParsePublic(t, o.asPublic(crE1, ka).PublicKey).(*ecdsa.PublicKey).ECDH()
	if want, _ := peer.ECDH(kp); !bytes.Equal(ss.SharedSecret, want) {
		t.Errorf("A11.3.8 over HTTP: another secret")
	}
	sym := o.set(crW2)
	dk, err := east.GenerateDataKeyPair(crCtx, &kms.GenerateDataKeyPairInput{KeyId: &sym, KeyPairSpec: "ECC_NIST_EDWARDS25519"})
	o.must("GenerateDataKeyPair over HTTP", err)
	d, err := west.Decrypt(crCtx, &kms.DecryptInput{CiphertextBlob: dk.PrivateKeyCiphertextBlob})
	if err != nil || !bytes.Equal(d.Plaintext, dk.PrivateKeyPlaintext) || !bytes.Equal(asPKCS8Public(t, d.Plaintext), dk.PublicKey) {
		t.Errorf("R9.9 over HTTP: %v", err)
	}
}

// TestAsymEventsAndUsage: the records of the new operations hold no
// message, signature, MAC, public key or secret (R10.1.3), name the member
// used (§10.2) and the message type; GetKeyLastUsage counts Sign and
// Verify but not GetPublicKey (A26, A30.3.5).
func TestAsymEventsAndUsage(t *testing.T) {
	o := crNew(t, 39)
	id := o.asSet(types.KeySpecEccNistEdwards25519, types.KeyUsageTypeSignVerify)
	secret := []byte("a secret message to sign")
	sig := o.asSign(crE1, id, "ED25519_SHA_512", "", secret)
	if err := o.asVerify(crW2, id, "ED25519_SHA_512", "", secret, sig); err != nil {
		t.Fatal(err)
	}
	pk := o.asPublic(crEU, id)
	sym := o.set(crW2)
	dk, err := o.c(crE1).GenerateDataKeyPair(crCtx, &kms.GenerateDataKeyPairInput{KeyId: &sym, KeyPairSpec: "ECC_NIST_P256"})
	o.must("GenerateDataKeyPair", err)
	hm := o.asSet(types.KeySpecHmac256, types.KeyUsageTypeGenerateVerifyMac)
	mac := o.hmMac(crE1, hm, "HMAC_SHA_256", secret)
	ka := o.asSet(types.KeySpecEccNistP256, types.KeyUsageTypeKeyAgreement)
	peer, _ := ecdh.P256().NewPrivateKey(bytes.Repeat([]byte{8}, 32))
	peerDER, _ := x509.MarshalPKIXPublicKey(peer.PublicKey())
	ss, err := o.c(crW2).DeriveSharedSecret(crCtx, &kms.DeriveSharedSecretInput{KeyId: &ka, KeyAgreementAlgorithm: "ECDH", PublicKey: peerDER})
	o.must("DeriveSharedSecret", err)
	all, err := json.Marshal(o.w.Events(sim.EventFilter{}))
	o.must("json", err)
	for name, b := range map[string][]byte{"message": secret, "signature": sig, "public key": pk.PublicKey,
		"private key": dk.PrivateKeyPlaintext, "encrypted private key": dk.PrivateKeyCiphertextBlob, "data public key": dk.PublicKey,
		"MAC": mac, "peer public key": peerDER, "shared secret": ss.SharedSecret} {
		if strings.Contains(string(all), string(b)) || strings.Contains(string(all), base64.StdEncoding.EncodeToString(b)) {
			t.Errorf("R10.1.3: the event log holds the %s", name)
		}
	}
	evs := o.w.Events(sim.EventFilter{EventName: "Sign"})
	if len(evs) != 1 {
		t.Fatalf("%d Sign events", len(evs))
	}
	var params map[string]any
	o.must("params", json.Unmarshal(evs[0].RequestParameters, &params))
	if params["messageType"] != "RAW" || params["signingAlgorithm"] != "ED25519_SHA_512" || evs[0].AWSRegion != crE1 ||
		len(evs[0].Resources) != 1 || evs[0].Resources[0].ARN != crARN(crE1, id) || !evs[0].ReadOnly {
		t.Errorf("§10.2 Sign record: %v %v", params, evs[0].Resources)
	}
	for r, op := range map[string]string{crE1: "Sign", crW2: "Verify"} {
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

// asMu is FIPS 204's μ of a pure ML-DSA signature with an empty context:
// SHAKE256(SHAKE256(pk, 64) || 0 || 0 || msg, 64), pk the raw public key
// inside the SubjectPublicKeyInfo.
func asMu(t *testing.T, spki, msg []byte) []byte {
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(spki, &info); err != nil {
		t.Fatal(err)
	}
	tr := make([]byte, 64)
	h := sha3.NewSHAKE256()
	h.Write(info.PublicKey.Bytes)
	h.Read(tr)
	mu := make([]byte, 64)
	h = sha3.NewSHAKE256()
	h.Write(tr)
	h.Write([]byte{0, 0})
	h.Write(msg)
	h.Read(mu)
	return mu
}

// TestAsymMLDSAExternalMu: AWS signs a 64-byte external μ with an ML-DSA
// key and verifies a RAW signature given as μ (mldsa.json:sign_mu,
// verify_raw_with_mu, A0.23.1). For every ML-DSA spec and member: Sign
// with EXTERNAL_MU of a message's μ, computed from GetPublicKey's key in
// another Region, is the RAW signature of the message (both FIPS 204's
// deterministic variant); it verifies as RAW in every other member, as
// EXTERNAL_MU, and with circl; a RAW signature verifies as EXTERNAL_MU
// everywhere; another μ is KMSInvalidSignatureException with the world
// unchanged. The answers have the recorded members (mldsa.json:sign_mu,
// verify_raw_with_mu).
func TestAsymMLDSAExternalMu(t *testing.T) {
	o := crNew(t, 44)
	regions := []string{crE1, crW2, crEU}
	for _, spec := range []types.KeySpec{types.KeySpecMlDsa44, types.KeySpecMlDsa65, types.KeySpecMlDsa87} {
		id := o.asSet(spec, types.KeyUsageTypeSignVerify)
		pk := o.asPublic(crEU, id)
		pub := asParsePublic(t, pk.PublicKey)
		for i, r := range regions {
			msg := append(bytes.Clone(asMsg), byte(i))
			mu := asMu(t, pk.PublicKey, msg)
			out, err := o.c(r).Sign(crCtx, &kms.SignInput{KeyId: &id, Message: mu, MessageType: types.MessageTypeExternalMu, SigningAlgorithm: "ML_DSA_SHAKE_256"})
			o.must("Sign EXTERNAL_MU in "+r, err)
			if aws.ToString(out.KeyId) != crARN(r, id) || out.SigningAlgorithm != "ML_DSA_SHAKE_256" {
				t.Errorf("A46.3.7: Sign answered %s %s", aws.ToString(out.KeyId), out.SigningAlgorithm)
			}
			if spec == types.KeySpecMlDsa44 && i == 0 {
				rec := crRecorded(t, "mldsa.json", "sign_mu")
				got := crShape(t, out)
				for k := range rec.Output {
					if _, ok := got[k]; !ok {
						t.Errorf("mldsa.json:sign_mu: member %s missing", k)
					}
				}
			}
			if raw := o.asSign(r, id, "ML_DSA_SHAKE_256", "", msg); !bytes.Equal(raw, out.Signature) {
				t.Errorf("%s %s: the EXTERNAL_MU signature differs from the RAW one", spec, r)
			}
			if !asStdVerify(pub, "ML_DSA_SHAKE_256", "", msg, out.Signature) {
				t.Errorf("%s %s: circl rejects the EXTERNAL_MU signature", spec, r)
			}
			other := regions[(i+1)%len(regions)]
			if err := o.asVerify(other, id, "ML_DSA_SHAKE_256", "", msg, out.Signature); err != nil {
				t.Errorf("%s: signed with EXTERNAL_MU in %s, RAW Verify in %s: %v", spec, r, other, err)
			}
			if err := o.asVerify(other, id, "ML_DSA_SHAKE_256", types.MessageTypeExternalMu, mu, out.Signature); err != nil {
				t.Errorf("%s: signed with EXTERNAL_MU in %s, EXTERNAL_MU Verify in %s: %v", spec, r, other, err)
			}
		}
		raw := o.asSign(crW2, id, "ML_DSA_SHAKE_256", "", asMsg)
		mu := asMu(t, pk.PublicKey, asMsg)
		for _, r := range regions {
			out, err := o.c(r).Verify(crCtx, &kms.VerifyInput{KeyId: &id, Message: mu, MessageType: types.MessageTypeExternalMu, Signature: raw, SigningAlgorithm: "ML_DSA_SHAKE_256"})
			if err != nil || !out.SignatureValid {
				t.Errorf("%s: a RAW signature from %s does not verify as EXTERNAL_MU in %s: %v", spec, crW2, r, err)
				continue
			}
			if spec == types.KeySpecMlDsa44 && r == crE1 {
				rec := crRecorded(t, "mldsa.json", "verify_raw_with_mu")
				got := crShape(t, out)
				for k := range rec.Output {
					if _, ok := got[k]; !ok {
						t.Errorf("mldsa.json:verify_raw_with_mu: member %s missing", k)
					}
				}
			}
			o.fails(t, "Verify", otErr("KMSInvalidSignatureException", ""), func() error {
				return crE(o.c(r).Verify(crCtx, &kms.VerifyInput{KeyId: &id, Message: asFlip(mu, 7), MessageType: types.MessageTypeExternalMu, Signature: raw, SigningAlgorithm: "ML_DSA_SHAKE_256"}))
			})
			o.fails(t, "Verify", otErr("KMSInvalidSignatureException", ""), func() error {
				return crE(o.c(r).Verify(crCtx, &kms.VerifyInput{KeyId: &id, Message: mu, MessageType: types.MessageTypeExternalMu, Signature: asFlip(raw, 100), SigningAlgorithm: "ML_DSA_SHAKE_256"}))
			})
			for _, n := range []int{1, 63, 65} { // mldsa.json:mu_length_*
				o.fails(t, "Sign", otErr(crVE, "External Mu is invalid length for algorithm ML_DSA_SHAKE_256."), func() error {
					return crE(o.c(r).Sign(crCtx, &kms.SignInput{KeyId: &id, Message: make([]byte, n), MessageType: types.MessageTypeExternalMu, SigningAlgorithm: "ML_DSA_SHAKE_256"}))
				})
			}
		}
	}
}

// TestAsymMLDSADeterministic: ML-DSA signatures are FIPS 204's
// deterministic variant, so the same message signs to the same bytes in
// every member and in two worlds of the same seed, and circl verifies
// them. This deliberately differs from AWS, whose two signatures of one
// message differ (mldsa.json:repeat_raw, A46.3.7): circl hedges only with
// crypto/rand, which would break "same seed and calls, same outputs"
// (SPEC R9.13, A46.3.6). The outputs have the recorded members
// (mldsa.json:public_key, sign_raw).
func TestAsymMLDSADeterministic(t *testing.T) {
	run := func() [][]byte {
		o := crNew(t, 46)
		var out [][]byte
		for _, spec := range []types.KeySpec{types.KeySpecMlDsa44, types.KeySpecMlDsa65, types.KeySpecMlDsa87} {
			id := o.asSet(spec, types.KeyUsageTypeSignVerify)
			pk := o.asPublic(crE1, id)
			pub := asParsePublic(t, pk.PublicKey)
			first, err := o.c(crE1).Sign(crCtx, &kms.SignInput{KeyId: &id, Message: asMsg, SigningAlgorithm: "ML_DSA_SHAKE_256"})
			o.must("Sign", err)
			for _, r := range []string{crE1, crW2, crEU} {
				if sig := o.asSign(r, id, "ML_DSA_SHAKE_256", "", asMsg); !bytes.Equal(sig, first.Signature) {
					t.Errorf("%s: the signature in %s differs from the first (deterministic signing)", spec, r)
				}
			}
			if !asStdVerify(pub, "ML_DSA_SHAKE_256", "", asMsg, first.Signature) {
				t.Errorf("%s: circl rejects the signature", spec)
			}
			other := o.asSign(crE1, id, "ML_DSA_SHAKE_256", "", asFlip(asMsg, 0))
			if bytes.Equal(other, first.Signature) || !asStdVerify(pub, "ML_DSA_SHAKE_256", "", asFlip(asMsg, 0), other) {
				t.Errorf("%s: another message signs to the same bytes, or circl rejects its signature", spec)
			}
			if spec == types.KeySpecMlDsa44 {
				for c, v := range map[string]any{"public_key": pk, "sign_raw": first} {
					rec := crRecorded(t, "mldsa.json", c)
					got := crShape(t, v)
					for k := range rec.Output {
						if _, ok := got[k]; !ok {
							t.Errorf("mldsa.json:%s: member %s missing", c, k)
						}
					}
					if len(got) != len(rec.Output) {
						t.Errorf("mldsa.json:%s: members %v, recorded %v", c, got, rec.Output)
					}
				}
			}
			out = append(out, pk.PublicKey, first.Signature, other)
		}
		return out
	}
	a, b := run(), run()
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Errorf("output %d differs between two worlds of the same seed", i)
		}
	}
}

// TestAsymMemberState: each member's own state decides (R9.2): with the
// us-west-2 replica Disabled, the primary signs, the replica refuses to
// verify, and eu-west-1 verifies; enabled again, the replica verifies.
func TestAsymMemberState(t *testing.T) {
	o := crNew(t, 45)
	id := o.asSet(types.KeySpecEccNistEdwards25519, types.KeyUsageTypeSignVerify)
	_, err := o.c(crW2).DisableKey(crCtx, &kms.DisableKeyInput{KeyId: &id})
	o.must("DisableKey", err)
	sig := o.asSign(crE1, id, "ED25519_SHA_512", "", asMsg)
	o.fails(t, "Verify", otErr("DisabledException", crARN(crW2, id)+" is disabled."), func() error {
		return o.asVerify(crW2, id, "ED25519_SHA_512", "", asMsg, sig)
	})
	if err := o.asVerify(crEU, id, "ED25519_SHA_512", "", asMsg, sig); err != nil {
		t.Errorf("R9.2: eu-west-1 refuses while us-west-2 is disabled: %v", err)
	}
	_, err = o.c(crW2).EnableKey(crCtx, &kms.EnableKeyInput{KeyId: &id})
	o.must("EnableKey", err)
	if err := o.asVerify(crW2, id, "ED25519_SHA_512", "", asMsg, sig); err != nil {
		t.Errorf("R9.2: enabled again, us-west-2 refuses: %v", err)
	}
}
