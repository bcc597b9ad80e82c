package mrk

// ML-KEM keys (FIPS 203) and the operations Encapsulate and Decapsulate.
//
// The API model this simulator was specified against predates them
// (A0.25.1); the rules here come from AWS's documentation, cited at each:
//
//   - [sdk] aws-sdk-go-v2 service/kms v1.62.5 doc comments:
//     api_op_Encapsulate.go, api_op_Decapsulate.go, api_op_CreateKey.go,
//     api_op_GenerateDataKeyPair.go, types/errors.go, types/types.go;
//   - [api] the API reference pages API_Encapsulate.html and
//     API_Decapsulate.html (docs.aws.amazon.com/kms/latest/APIReference/),
//     whose text is the same as [sdk]'s;
//   - [pq] the developer guide's "ML-KEM keys in KMS"
//     (docs.aws.amazon.com/kms/latest/developerguide/pqkeys.html#mlkem).
//
// SPEC-API predates this: A0.2.2, A0.23.1 (its ML_KEM_* and
// Encapsulate/Decapsulate entries), A0.25.1 and O3 answer ML-KEM with
// UnsupportedOperationException. The simulator now serves ML-KEM, as AWS
// does, and those entries no longer describe it.
//
// Where they are silent the operations follow DeriveSharedSecret, the
// other key-establishment operation (§A11), and Decrypt for a ciphertext
// that cannot be used (A7.3.5), and say so.
//
// Key pairs: a generated material derives the 64-byte FIPS 203 seed
// d || z as SubKey(Seed, "mrk ml-kem", 64) and the key pair from it
// (ML-KEM.KeyGen_internal, circl's DeriveKeyPair), so every member of a
// multi-Region set holds the same pair (R9.10) and what one Region
// encapsulates another decapsulates. Encapsulate draws its 32-byte FIPS 203
// message m from the world's entropy (circl's EncapsulateDeterministically),
// so the same seed and calls give the same bytes.

import (
	"crypto/x509/pkix"
	"encoding/asn1"

	"github.com/cloudflare/circl/kem"
	"github.com/cloudflare/circl/kem/mlkem/mlkem1024"
	"github.com/cloudflare/circl/kem/mlkem/mlkem512"
	"github.com/cloudflare/circl/kem/mlkem/mlkem768"
)

// AlgMLKEM is the only EncapsulationAlgorithmSpec ([sdk] types/enums.go:
// "The only valid value is ML_KEM").
const AlgMLKEM = "ML_KEM"

// MLKEMPrivateKey is the private key of an ML-KEM key pair: the 64-byte
// FIPS 203 seed d || z it is derived from and circl's decapsulation key.
type MLKEMPrivateKey struct {
	Seed [64]byte
	Key  kem.PrivateKey
}

// mlkemOIDs are the ML-KEM algorithm identifiers (NIST CSOR, FIPS 203):
// id-alg-ml-kem-512, -768 and -1024.
var mlkemOIDs = map[KeySpec]asn1.ObjectIdentifier{
	SpecMLKEM512:  {2, 16, 840, 1, 101, 3, 4, 4, 1},
	SpecMLKEM768:  {2, 16, 840, 1, 101, 3, 4, 4, 2},
	SpecMLKEM1024: {2, 16, 840, 1, 101, 3, 4, 4, 3},
}

// mlkemScheme is circl's scheme of an ML-KEM spec, nil for another spec.
func mlkemScheme(spec KeySpec) kem.Scheme {
	switch spec {
	case SpecMLKEM512:
		return mlkem512.Scheme()
	case SpecMLKEM768:
		return mlkem768.Scheme()
	case SpecMLKEM1024:
		return mlkem1024.Scheme()
	}
	return nil
}

// MLKEMCiphertextSize is the length of an encapsulated shared secret of an
// ML-KEM spec: 768, 1088 and 1568 bytes for ML_KEM_512, _768 and _1024
// ([sdk] EncapsulateOutput.SharedSecretCiphertextBlob), 0 for another spec.
func MLKEMCiphertextSize(spec KeySpec) int {
	if s := mlkemScheme(spec); s != nil {
		return s.CiphertextSize()
	}
	return 0
}

// newMLKEM is FIPS 203 ML-KEM.KeyGen_internal(d, z) of spec's parameter
// set, seed being d || z (64 bytes).
func newMLKEM(spec KeySpec, seed []byte) *MLKEMPrivateKey {
	k := &MLKEMPrivateKey{}
	copy(k.Seed[:], seed)
	_, k.Key = mlkemScheme(spec).DeriveKeyPair(k.Seed[:])
	return k
}

// mlkemSPKI is the DER SubjectPublicKeyInfo of an ML-KEM key: the spec's
// OID without parameters and the encapsulation key as the bit string
// (draft-ietf-lamps-kyber-certificates), as GetPublicKey returns it.
func mlkemSPKI(spec KeySpec, k *MLKEMPrivateKey) ([]byte, error) {
	pub, err := k.Key.Public().MarshalBinary()
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(spki{pkix.AlgorithmIdentifier{Algorithm: mlkemOIDs[spec]}, asn1.BitString{Bytes: pub, BitLength: len(pub) * 8}})
}

// mlkemPKCS8 is PKCS #8 PrivateKeyInfo with the private key in seed format,
// the 64-byte seed as [0] IMPLICIT OCTET STRING
// (draft-ietf-lamps-kyber-certificates): [sdk] GenerateDataKeyPair says
// "For ML-KEM data key pairs, the DER-encoded PKCS8 PrivateKeyInfo contains
// the private key in seed format. As a result, the length of the private
// key is the same for all ML-KEM key pair specs" (86 bytes here).
func mlkemPKCS8(spec KeySpec, k *MLKEMPrivateKey) ([]byte, error) {
	inner := append([]byte{0x80, 64}, k.Seed[:]...)
	return asn1.Marshal(pkcs8{Algorithm: pkix.AlgorithmIdentifier{Algorithm: mlkemOIDs[spec]}, PrivateKey: inner})
}

// KEMParams are the parameters of Encapsulate and Decapsulate after P1
// validation.
type KEMParams struct {
	KeyID       string
	Ciphertext  []byte // Decapsulate's SharedSecretCiphertextBlob
	GrantTokens []string
	DryRun      bool
}

// Encapsulated is the result of Encapsulate (Ciphertext set) and
// Decapsulate.
type Encapsulated struct {
	Key          *Key
	SharedSecret []byte // 32 bytes
	Ciphertext   []byte // Encapsulate only
}

// kemKey runs the checks Encapsulate and Decapsulate share: the China
// Regions ([sdk]: "The Encapsulate operation is not available in China
// Regions", the same for Decapsulate; UnsupportedOperationException in the
// wording of SM2's Region refusal, A0.23.1, as the docs give none), grant
// tokens (P2), the key and its gate (a matrix row like
// DeriveSharedSecret's), then usage ENCAPSULATE_DECAPSULATE in KU1's
// wording (A0.27.1; [sdk] InvalidKeyUsageException: "For encapsulating
// and decapsulating shared secrets, the KeyUsage must be
// ENCAPSULATE_DECAPSULATE").
func (s *Store) kemKey(c Caller, op Op, p KEMParams) (*Key, *MLKEMPrivateKey, error) {
	if Partition(c.Region) == "aws-cn" {
		return nil, nil, Errorf(CodeUnsupportedOperation, "%s is not supported in Region %s.", op, c.Region)
	}
	if err := s.CheckGrantTokens(p.GrantTokens); err != nil {
		return nil, nil, err
	}
	k, err := s.Get(c, op, p.KeyID)
	if err != nil {
		return nil, nil, err
	}
	if u := k.Set.Usage; u != UsageEncapsulateDecapsulate {
		return nil, nil, Errorf(CodeInvalidKeyUsage, "%s key usage is %s which is not valid for %s.", k.ARN(), u, op)
	}
	kp, err := asymmetricKey(k)
	if err != nil {
		return nil, nil, err
	}
	priv, ok := kp.Private.(*MLKEMPrivateKey)
	if !ok {
		return nil, nil, &Error{CodeInternal, "the key material of " + k.ARN() + " is not an ML-KEM key pair"}
	}
	return k, priv, nil
}

// Encapsulate makes a shared secret and its encapsulated form with the
// public key of the member in the called Region ([sdk] Encapsulate):
// kemKey's checks, then DryRun, then FIPS 203 ML-KEM.Encaps with a 32-byte
// m drawn from ent. The shared secret is 32 bytes.
func (s *Store) Encapsulate(ent Entropy, c Caller, p KEMParams) (Encapsulated, error) {
	k, priv, err := s.kemKey(c, OpEncapsulate, p)
	if err != nil {
		return Encapsulated{}, err
	}
	if p.DryRun {
		return Encapsulated{}, errDryRun()
	}
	sch := priv.Key.Scheme()
	m := make([]byte, sch.EncapsulationSeedSize())
	mustRead(ent, m)
	ct, ss, err := sch.EncapsulateDeterministically(priv.Key.Public(), m)
	if err != nil {
		return Encapsulated{}, &Error{CodeInternal, err.Error()}
	}
	return Encapsulated{Key: k, SharedSecret: ss, Ciphertext: ct}, nil
}

// Decapsulate recovers a shared secret with the private key of the member
// in the called Region ([sdk] Decapsulate): kemKey's checks, then a
// ciphertext whose length is not the spec's → InvalidCiphertextException
// ([sdk]: "Decapsulate returns an InvalidCiphertextException when the
// length of the SharedSecretCiphertextBlob is inconsistent with the ML-KEM
// key spec"; empty message like Decrypt's, A7.3.5, and checked before
// DryRun like Decrypt's ciphertext, A0.14.3), then DryRun, then FIPS 203
// ML-KEM.Decaps. Any other ciphertext gives a 32-byte secret: FIPS 203's
// implicit rejection ([sdk]: "In all other cases, Decapsulate returns a
// 32-byte pseudo-random value"). It draws no entropy.
func (s *Store) Decapsulate(c Caller, p KEMParams) (Encapsulated, error) {
	k, priv, err := s.kemKey(c, OpDecapsulate, p)
	if err != nil {
		return Encapsulated{}, err
	}
	sch := priv.Key.Scheme()
	if len(p.Ciphertext) != sch.CiphertextSize() {
		return Encapsulated{}, errInvalidCiphertext()
	}
	if p.DryRun {
		return Encapsulated{}, errDryRun()
	}
	ss, err := sch.Decapsulate(priv.Key, p.Ciphertext)
	if err != nil {
		return Encapsulated{}, &Error{CodeInternal, err.Error()}
	}
	return Encapsulated{Key: k, SharedSecret: ss}, nil
}
