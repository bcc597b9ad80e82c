package mrk

// The asymmetric operations (SPEC §9; SPEC-API §A11 DeriveSharedSecret,
// §A21 GenerateDataKeyPair, §A22 GenerateDataKeyPairWithoutPlaintext,
// §A30 GetPublicKey, §A46 Sign, §A53 Verify). Each call uses the member in
// the called Region and its state alone (R9.2); every member derives the
// same key pair from the set's material (R9.10, asym.go).
//
// Randomness: RSASSA-PSS salts are drawn from the world's entropy
// (A46.3.6), so its signatures differ between calls as AWS's do. ECDSA uses
// RFC 6979 nonces (crypto/ecdsa with a nil random source, and dcrd's
// secp256k1 ecdsa.Sign) and ML-DSA signs deterministically (FIPS 204 rnd =
// 0, circl's only reproducible mode), so their signatures repeat where
// AWS's differ (A46.3.7, mldsa.json:repeat_raw); RSASSA-PKCS1-v1_5 and
// Ed25519 are deterministic as on AWS.
//
// ML-DSA with MessageType EXTERNAL_MU signs and verifies the caller's μ
// through mrk/internal/mldsamu (FIPS 204 Sign_internal/Verify_internal
// taking μ; circl computes μ itself), also with rnd = 0, so a RAW
// signature of M and an EXTERNAL_MU signature of M's μ are the same bytes
// (mldsa.json:sign_mu, verify_raw_with_mu).

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	_ "crypto/sha1" // RSAES_OAEP_SHA_1
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"slices"

	"github.com/cloudflare/circl/sign"
	"github.com/cloudflare/circl/sign/mldsa/mldsa44"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/cloudflare/circl/sign/mldsa/mldsa87"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	secpecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"

	"github.com/mrksim/mrk/mrk/internal/mldsamu"
)

// The error codes of signature and MAC verification.
const (
	CodeInvalidSignature Code = "KMSInvalidSignatureException"
	CodeInvalidMac       Code = "KMSInvalidMacException"
)

// The message types of Sign and Verify (A0.25).
const (
	MessageRaw        = "RAW"
	MessageDigest     = "DIGEST"
	MessageExternalMu = "EXTERNAL_MU"
)

// Messages of the asymmetric operations, exact where recorded.
const (
	// msgDataKeyPairAsymmetric is A21.3.4's text (msg✓ rsa.json:data_key_pair_asymmetric_master).
	msgDataKeyPairAsymmetric = "You cannot generate a data key pair with an asymmetric CMK"
	// msgMuLength is A0.23.1's recorded ML-DSA text (msg✓ mldsa.json:mu_length_1).
	msgMuLength = "External Mu is invalid length for algorithm ML_DSA_SHAKE_256."
)

type sigKind uint8

const (
	sigPKCS1 sigKind = iota + 1
	sigPSS
	sigECDSA
	sigEd25519
	sigEd25519ph
	sigMLDSA
	sigMLDSAMu // ML_DSA_SHAKE_256 with MessageType EXTERNAL_MU: the message is μ
)

type sigAlg struct {
	kind sigKind
	hash crypto.Hash
}

var sigAlgs = map[string]sigAlg{
	"RSASSA_PKCS1_V1_5_SHA_256": {kind: sigPKCS1, hash: crypto.SHA256},
	"RSASSA_PKCS1_V1_5_SHA_384": {kind: sigPKCS1, hash: crypto.SHA384},
	"RSASSA_PKCS1_V1_5_SHA_512": {kind: sigPKCS1, hash: crypto.SHA512},
	"RSASSA_PSS_SHA_256":        {kind: sigPSS, hash: crypto.SHA256},
	"RSASSA_PSS_SHA_384":        {kind: sigPSS, hash: crypto.SHA384},
	"RSASSA_PSS_SHA_512":        {kind: sigPSS, hash: crypto.SHA512},
	"ECDSA_SHA_256":             {kind: sigECDSA, hash: crypto.SHA256},
	"ECDSA_SHA_384":             {kind: sigECDSA, hash: crypto.SHA384},
	"ECDSA_SHA_512":             {kind: sigECDSA, hash: crypto.SHA512},
	"ED25519_SHA_512":           {kind: sigEd25519, hash: crypto.SHA512},
	"ED25519_PH_SHA_512":        {kind: sigEd25519ph, hash: crypto.SHA512},
	"ML_DSA_SHAKE_256":          {kind: sigMLDSA, hash: 0},
}

// SignParams are the parameters of Sign and Verify after P1 validation
// (A46.1, A53.1).
type SignParams struct {
	KeyID       string
	Message     []byte
	MessageType string // "" when absent (RAW)
	Algorithm   string
	Signature   []byte // Verify only
	GrantTokens []string
	DryRun      bool
}

// Signed is the result of Sign (A46.3.7) and Verify (A53.3.5).
type Signed struct {
	Key       *Key
	Signature []byte // Sign only
	Algorithm string
}

// signer runs A46.3.2–A46.3.5 for op (Sign or Verify): SM2DSA, grant
// tokens, the key and its gate, usage (KU1), algorithm (KU2), then the
// message-type and digest- or μ-length rules (A0.23.1), all before DryRun
// and signature checks. It returns the key, its key pair,
// the algorithm and the digest to sign (the message itself for Ed25519
// and ML-DSA, which for EXTERNAL_MU is μ and the kind sigMLDSAMu).
func (s *Store) signer(c Caller, op Op, p SignParams) (*Key, *KeyPair, sigAlg, []byte, error) {
	fail := func(err error) (*Key, *KeyPair, sigAlg, []byte, error) { return nil, nil, sigAlg{}, nil, err }
	if p.Algorithm == "SM2DSA" {
		return fail(NotSupported("signing algorithm SM2DSA (SM2 keys exist only in the China Regions)"))
	}
	if err := s.CheckGrantTokens(p.GrantTokens); err != nil {
		return fail(err)
	}
	k, err := s.Get(c, op, p.KeyID)
	if err != nil {
		return fail(err)
	}
	set := k.Set
	if set.Usage != UsageSignVerify {
		return fail(Errorf(CodeInvalidKeyUsage, "%s key usage is %s which is not valid for %s.", k.ARN(), set.Usage, op))
	}
	if !slices.Contains(AlgorithmsFor(set.Spec, set.Usage).Signing, p.Algorithm) {
		return fail(Errorf(CodeInvalidKeyUsage, "Algorithm %s is incompatible with key spec %s.", p.Algorithm, set.Spec))
	}
	alg := sigAlgs[p.Algorithm]
	mt := p.MessageType
	if mt == "" {
		mt = MessageRaw
	}
	switch {
	case mt == MessageExternalMu && !set.Spec.IsMLDSA():
		return fail(Errorf(CodeValidation, "Message type EXTERNAL_MU is incompatible with key spec %s.", set.Spec))
	case mt == MessageDigest && set.Spec.IsMLDSA():
		return fail(Errorf(CodeValidation, "Message type DIGEST is incompatible with key spec %s.", set.Spec))
	case mt == MessageDigest && alg.kind == sigEd25519, mt == MessageRaw && alg.kind == sigEd25519ph:
		return fail(Errorf(CodeValidation, "Message type %s is incompatible with algorithm %s.", mt, p.Algorithm))
	case mt == MessageDigest && len(p.Message) != alg.hash.Size():
		return fail(Errorf(CodeValidation, "Digest is invalid length for algorithm %s.", p.Algorithm))
	case mt == MessageExternalMu && len(p.Message) != mldsamu.MuSize:
		return fail(&Error{CodeValidation, msgMuLength})
	case mt == MessageExternalMu:
		// A 64-byte μ for an ML-DSA key, signed and verified as AWS does
		// (mldsa.json:sign_mu, verify_raw_with_mu).
		alg.kind = sigMLDSAMu
	}
	kp, err := asymmetricKey(k)
	if err != nil {
		return fail(err)
	}
	digest := p.Message
	if mt == MessageRaw && alg.kind != sigEd25519 && alg.kind != sigMLDSA {
		h := alg.hash.New()
		h.Write(p.Message)
		digest = h.Sum(nil)
	}
	return k, kp, alg, digest, nil
}

// Sign signs a message or digest with the member in the called Region
// (§A46). Only RSASSA-PSS (its salt) draws from ent.
func (s *Store) Sign(ent Entropy, c Caller, p SignParams) (Signed, error) {
	k, kp, alg, digest, err := s.signer(c, OpSign, p)
	if err != nil {
		return Signed{}, err
	}
	if p.DryRun {
		return Signed{}, errDryRun()
	}
	sig, err := kp.sign(ent, alg, digest)
	if err != nil {
		return Signed{}, &Error{CodeInternal, err.Error()}
	}
	return Signed{Key: k, Signature: sig, Algorithm: p.Algorithm}, nil
}

// Verify checks a signature with the member in the called Region (§A53):
// the checks of Sign, then the signature (KMSInvalidSignatureException,
// also under DryRun, A53.3.3), then DryRun. It draws no entropy.
func (s *Store) Verify(c Caller, p SignParams) (Signed, error) {
	k, kp, alg, digest, err := s.signer(c, OpVerify, p)
	if err != nil {
		return Signed{}, err
	}
	if !kp.verify(alg, digest, p.Signature) {
		return Signed{}, &Error{CodeInvalidSignature, ""}
	}
	if p.DryRun {
		return Signed{}, errDryRun()
	}
	return Signed{Key: k, Algorithm: p.Algorithm}, nil
}

func (kp *KeyPair) sign(ent Entropy, alg sigAlg, digest []byte) ([]byte, error) {
	switch k := kp.Private.(type) {
	case *rsa.PrivateKey:
		if alg.kind == sigPSS {
			return signPSS(ent, k, alg.hash, digest), nil
		}
		return rsa.SignPKCS1v15(nil, k, alg.hash, digest)
	case *ecdsa.PrivateKey:
		return k.Sign(nil, digest, alg.hash) // RFC 6979
	case *secp256k1.PrivateKey:
		return secpecdsa.Sign(k, digest).Serialize(), nil // RFC 6979
	case ed25519.PrivateKey:
		if alg.kind == sigEd25519ph {
			return k.Sign(nil, digest, &ed25519.Options{Hash: crypto.SHA512})
		}
		return ed25519.Sign(k, digest), nil
	case sign.PrivateKey:
		if alg.kind == sigMLDSAMu {
			return mldsamu.Sign(mldsaParams(k), mldsaPrivateBytes(k), digest)
		}
		return signMLDSA(k, digest)
	}
	return nil, errNoKeyPair
}

// signMLDSA is FIPS 204 ML-DSA.Sign of msg, pure with an empty context, in
// its deterministic variant: circl's SignTo with randomized false (rnd =
// 0); its hedged variant would draw from crypto/rand.
func signMLDSA(sk sign.PrivateKey, msg []byte) ([]byte, error) {
	var sig []byte
	var err error
	switch k := sk.(type) {
	case *mldsa44.PrivateKey:
		sig = make([]byte, mldsa44.SignatureSize)
		err = mldsa44.SignTo(k, msg, nil, false, sig)
	case *mldsa65.PrivateKey:
		sig = make([]byte, mldsa65.SignatureSize)
		err = mldsa65.SignTo(k, msg, nil, false, sig)
	case *mldsa87.PrivateKey:
		sig = make([]byte, mldsa87.SignatureSize)
		err = mldsa87.SignTo(k, msg, nil, false, sig)
	default:
		return nil, errNoKeyPair
	}
	if err != nil {
		return nil, err
	}
	return sig, nil
}

// mldsaParams is the FIPS 204 parameter set of circl's ML-DSA key (nil
// for another key, which mldsamu refuses).
func mldsaParams(sk sign.PrivateKey) *mldsamu.Params {
	switch sk.(type) {
	case *mldsa44.PrivateKey:
		return mldsamu.MLDSA44
	case *mldsa65.PrivateKey:
		return mldsamu.MLDSA65
	case *mldsa87.PrivateKey:
		return mldsamu.MLDSA87
	}
	return nil
}

// mldsaPrivateBytes is skEncode(sk) (FIPS 204 Algorithm 24), circl's
// MarshalBinary of an ML-DSA private key.
func mldsaPrivateBytes(sk sign.PrivateKey) []byte {
	b, _ := sk.MarshalBinary() // never fails for circl's ML-DSA keys
	return b
}

func (kp *KeyPair) verify(alg sigAlg, digest, sig []byte) bool {
	switch k := kp.Private.(type) {
	case *rsa.PrivateKey:
		if alg.kind == sigPSS {
			return rsa.VerifyPSS(&k.PublicKey, alg.hash, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil
		}
		return rsa.VerifyPKCS1v15(&k.PublicKey, alg.hash, digest, sig) == nil
	case *ecdsa.PrivateKey:
		return ecdsa.VerifyASN1(&k.PublicKey, digest, sig)
	case *secp256k1.PrivateKey:
		parsed, err := secpecdsa.ParseDERSignature(sig)
		return err == nil && parsed.Verify(digest, k.PubKey())
	case ed25519.PrivateKey:
		pub := k.Public().(ed25519.PublicKey)
		if alg.kind == sigEd25519ph {
			return ed25519.VerifyWithOptions(pub, digest, sig, &ed25519.Options{Hash: crypto.SHA512}) == nil
		}
		return ed25519.Verify(pub, digest, sig)
	case sign.PrivateKey: // ML-DSA, pure, empty context
		pub := k.Public().(sign.PublicKey)
		if alg.kind == sigMLDSAMu {
			b, err := pub.MarshalBinary()
			return err == nil && mldsamu.Verify(mldsaParams(k), b, digest, sig)
		}
		return k.Scheme().Verify(pub, digest, sig, nil)
	}
	return false
}

// asymmetricKey returns the key pair of a member whose material must be
// present (a key without it is PendingImport and fails the gate first).
func asymmetricKey(k *Key) (*KeyPair, error) {
	m := k.Set.CurrentMaterial()
	if m == nil {
		return nil, EPI.Err(k.ARN())
	}
	kp, err := m.KeyPair(k.Set.Spec)
	if err != nil {
		return nil, &Error{CodeInternal, "the key material of " + k.ARN() + " is not a usable key pair"}
	}
	return kp, nil
}

// GetPublicKey returns the member in the called Region and the DER
// SubjectPublicKeyInfo of its set's key pair (§A30): grant tokens, the
// key and its gate (a Disabled key is served, A30.3.2), then a symmetric
// or HMAC key → UnsupportedOperationException with an empty message
// (A30.3.3).
func (s *Store) GetPublicKey(c Caller, keyID string, grantTokens []string) (*Key, []byte, error) {
	if err := s.CheckGrantTokens(grantTokens); err != nil {
		return nil, nil, err
	}
	k, err := s.Get(c, OpGetPublicKey, keyID)
	if err != nil {
		return nil, nil, err
	}
	if k.Set.Spec == SpecSymmetricDefault || k.Set.Spec.IsHMAC() {
		return nil, nil, &Error{CodeUnsupportedOperation, ""}
	}
	kp, err := asymmetricKey(k)
	if err != nil {
		return nil, nil, err
	}
	// A copy: the key pair is shared by every world through pairCache.
	return k, bytes.Clone(kp.Public), nil
}

// SharedSecretParams are DeriveSharedSecret's parameters after P1
// validation (A11.1).
type SharedSecretParams struct {
	KeyID       string
	PublicKey   []byte
	GrantTokens []string
	Recipient   bool
	DryRun      bool
}

// DeriveSharedSecret computes ECDH between the set's private key and a
// peer's DER SubjectPublicKeyInfo (§A11): Recipient and grant tokens (P2),
// the key and its gate, usage KEY_AGREEMENT (KU1), the peer key (a
// ValidationException with an empty message unless an EC key on the key's
// curve, A11.3.6), then DryRun. The secret is the raw x-coordinate.
func (s *Store) DeriveSharedSecret(c Caller, p SharedSecretParams) (*Key, []byte, error) {
	if p.Recipient {
		return nil, nil, errRecipient()
	}
	if err := s.CheckGrantTokens(p.GrantTokens); err != nil {
		return nil, nil, err
	}
	k, err := s.Get(c, OpDeriveSharedSecret, p.KeyID)
	if err != nil {
		return nil, nil, err
	}
	if u := k.Set.Usage; u != UsageKeyAgreement {
		return nil, nil, Errorf(CodeInvalidKeyUsage, "%s key usage is %s which is not valid for %s.", k.ARN(), u, OpDeriveSharedSecret)
	}
	kp, err := asymmetricKey(k)
	if err != nil {
		return nil, nil, err
	}
	priv, ok := kp.Private.(*ecdsa.PrivateKey)
	if !ok {
		return nil, nil, &Error{CodeInternal, "key agreement needs a NIST curve key"}
	}
	peer, err := x509.ParsePKIXPublicKey(p.PublicKey)
	pub, isEC := peer.(*ecdsa.PublicKey)
	if err != nil || !isEC || pub.Curve != priv.Curve {
		return nil, nil, &Error{CodeValidation, ""}
	}
	ep, err1 := pub.ECDH()
	ek, err2 := priv.ECDH()
	if err1 != nil || err2 != nil {
		return nil, nil, &Error{CodeValidation, ""}
	}
	secret, err := ek.ECDH(ep)
	if err != nil {
		return nil, nil, &Error{CodeValidation, ""}
	}
	if p.DryRun {
		return nil, nil, errDryRun()
	}
	return k, secret, nil
}

// DataKeyPairSpecs lists the data key pair specs of the API model (A0.25).
var DataKeyPairSpecs = []KeySpec{SpecRSA2048, SpecRSA3072, SpecRSA4096, SpecECCNISTP256, SpecECCNISTP384,
	SpecECCNISTP521, SpecECCSECGP256K1, SpecSM2, SpecECCEd25519}

// DataKeyPairParams are the parameters of GenerateDataKeyPair and
// GenerateDataKeyPairWithoutPlaintext after P1 validation (A21.1, A22.1).
type DataKeyPairParams struct {
	KeyID       string
	KeyPairSpec KeySpec
	Context     map[string]string
	GrantTokens []string
	Recipient   bool
	DryRun      bool
}

// DataKeyPair is a fresh key pair with its private key in plaintext (PKCS
// #8; an ML-KEM key in seed format, mlkemPKCS8) and encrypted under the KMS
// key (A21.3.6).
type DataKeyPair struct {
	Key        *Key
	Private    []byte // PKCS #8 DER
	Ciphertext []byte // Private encrypted like Encrypt's blob
	Public     []byte // SubjectPublicKeyInfo DER
	MaterialID string
}

// GenerateDataKeyPair makes a key pair of KeyPairSpec and encrypts its
// private key under a symmetric encryption key (§A21; §A22 when op is
// OpGenerateDataKeyPairWithoutPlaintext, whose caller drops the plaintext):
// SM2 (only in the China Regions), ML-KEM (not in them) and Recipient, grant tokens and context
// (P2), the key and its gate, usage (KU1) and a symmetric key (A21.3.4),
// DryRun, then the pair's 32-byte seed and the blob's nonce drawn from
// ent, in that order.
func (s *Store) GenerateDataKeyPair(ent Entropy, c Caller, op Op, p DataKeyPairParams) (DataKeyPair, error) {
	switch {
	case p.KeyPairSpec == SpecSM2 && Partition(c.Region) != "aws-cn":
		return DataKeyPair{}, Errorf(CodeUnsupportedOperation, "KeyPairSpec SM2 is not supported in Region %s.", c.Region)
	case p.KeyPairSpec == SpecSM2:
		return DataKeyPair{}, NotSupported("data key pair spec SM2")
	case p.KeyPairSpec.IsMLKEM() && Partition(c.Region) == "aws-cn":
		// "The ML-KEM key specs are not available in China Regions"
		// (aws-sdk-go-v2 v1.62.5 GenerateDataKeyPairInput.KeyPairSpec); in
		// SM2's wording.
		return DataKeyPair{}, Errorf(CodeUnsupportedOperation, "KeyPairSpec %s is not supported in Region %s.", p.KeyPairSpec, c.Region)
	case p.Recipient:
		return DataKeyPair{}, errRecipient()
	}
	if err := s.p2(p.GrantTokens, p.Context); err != nil {
		return DataKeyPair{}, err
	}
	k, err := s.Get(c, op, p.KeyID)
	if err != nil {
		return DataKeyPair{}, err
	}
	if err := checkUsage(k, op); err != nil {
		return DataKeyPair{}, err
	}
	if k.Set.Spec != SpecSymmetricDefault {
		return DataKeyPair{}, &Error{CodeInvalidKeyUsage, msgDataKeyPairAsymmetric}
	}
	m := k.Set.CurrentMaterial()
	if m == nil {
		return DataKeyPair{}, EPI.Err(k.ARN())
	}
	if p.DryRun {
		return DataKeyPair{}, errDryRun()
	}
	var seed [32]byte
	mustRead(ent, seed[:])
	kp, err := NewKeyPair(p.KeyPairSpec, seed)
	if err != nil {
		return DataKeyPair{}, &Error{CodeInternal, err.Error()}
	}
	der, err := kp.PKCS8()
	if err != nil {
		return DataKeyPair{}, &Error{CodeInternal, err.Error()}
	}
	return DataKeyPair{Key: k, Private: der, Ciphertext: sealBlob(ent, k.Set, m, der, p.Context), Public: kp.Public,
		MaterialID: m.ID}, nil
}
