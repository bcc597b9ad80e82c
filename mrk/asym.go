package mrk

// Asymmetric and HMAC key material: the one place where a Material becomes
// a usable key (SPEC §9, R9.10, R9.11).
//
// Every member of a set holds the same materials (R2.3.1), so every member
// derives the same key pair or HMAC key from the same material, and what
// one member signs, MACs or encrypts the others verify or decrypt.
//
// Generated material (Material.Raw == nil) derives its key from Seed:
//
//   - RSA: RSAKey(bits, Seed) (primes drawn from Stream(Seed, "mrk rsa"));
//   - NIST curves and secp256k1: a private scalar drawn from
//     Stream(Seed, "mrk ec <spec>"), redrawn while zero or not below the
//     group order;
//   - Ed25519: the 32-byte RFC 8032 seed SubKey(Seed, "mrk ed25519", 32);
//   - ML-DSA: the 32-byte FIPS 204 seed SubKey(Seed, "mrk ml-dsa", 32);
//   - ML-KEM: the 64-byte FIPS 203 seed d || z SubKey(Seed, "mrk ml-kem", 64)
//     (mlkem.go);
//   - HMAC: SubKey(Seed, "mrk hmac", n), n the spec's size in bytes.
//
// Imported material (Material.Raw != nil) is the key itself: the HMAC key,
// or a PKCS #8 DER private key for an asymmetric spec.
//
// Key pairs are derived on first use and kept (CreateKey stays cheap).

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/cloudflare/circl/sign"
	"github.com/cloudflare/circl/sign/mldsa/mldsa44"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/cloudflare/circl/sign/mldsa/mldsa87"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

// KeyPair is the asymmetric key pair of one material for one key spec.
type KeyPair struct {
	Spec KeySpec
	// Private is *rsa.PrivateKey (RSA), *ecdsa.PrivateKey (NIST curves),
	// *secp256k1.PrivateKey (ECC_SECG_P256K1), ed25519.PrivateKey
	// (ECC_NIST_EDWARDS25519) or circl's *mldsa44.PrivateKey,
	// *mldsa65.PrivateKey or *mldsa87.PrivateKey (ML-DSA; a sign.PrivateKey
	// of github.com/cloudflare/circl) or *MLKEMPrivateKey (ML-KEM).
	Private crypto.PrivateKey
	// Public is the DER SubjectPublicKeyInfo (RFC 5280) of the public key.
	Public []byte
}

type pairKey struct {
	spec KeySpec
	seed [32]byte
	raw  string
}

// pairCache keeps the key pairs derived, at most pairCacheSize of them, so
// that a world with many asymmetric keys or imports does not grow without
// limit; a forgotten pair is derived again (an RSA-4096 pair in about a
// second, the others in well under a millisecond). The largest pairs in
// memory are ML-DSA-87's, about 107 KB with circl's expanded matrix: 256 of
// them hold about 27 MiB.
var pairCache = newBoundedCache[pairKey, *KeyPair](pairCacheSize)

const pairCacheSize = 256

// KeyPair returns the key pair of the material for spec, derived from Raw
// when set (PKCS #8) and else from Seed. It fails for a spec without a key
// pair or a Raw that is not a private key of that spec.
func (m *Material) KeyPair(spec KeySpec) (*KeyPair, error) {
	ck := pairKey{spec: spec, seed: m.Seed, raw: string(m.Raw)}
	if kp, ok := pairCache.load(ck); ok {
		return kp, nil
	}
	var kp *KeyPair
	var err error
	if m.Raw != nil {
		kp, err = ParseKeyPair(spec, m.Raw)
	} else {
		kp, err = deriveKeyPair(spec, m.Seed)
	}
	if err != nil {
		return nil, err
	}
	return pairCache.loadOrStore(ck, kp), nil
}

// NewKeyPair derives the key pair of spec from a 32-byte seed exactly as a
// generated material does. Specs: RSA, NIST curves, secp256k1, Ed25519,
// ML-DSA, ML-KEM.
func NewKeyPair(spec KeySpec, seed [32]byte) (*KeyPair, error) {
	return deriveKeyPair(spec, seed)
}

func rsaBits(spec KeySpec) int {
	switch spec {
	case SpecRSA2048:
		return 2048
	case SpecRSA3072:
		return 3072
	case SpecRSA4096:
		return 4096
	}
	return 0
}

func nistCurve(spec KeySpec) elliptic.Curve {
	switch spec {
	case SpecECCNISTP256:
		return elliptic.P256()
	case SpecECCNISTP384:
		return elliptic.P384()
	case SpecECCNISTP521:
		return elliptic.P521()
	}
	return nil
}

// mldsaOIDs are the ML-DSA algorithm identifiers (FIPS 204, NIST CSOR).
var mldsaOIDs = map[KeySpec]asn1.ObjectIdentifier{
	SpecMLDSA44: {2, 16, 840, 1, 101, 3, 4, 3, 17},
	SpecMLDSA65: {2, 16, 840, 1, 101, 3, 4, 3, 18},
	SpecMLDSA87: {2, 16, 840, 1, 101, 3, 4, 3, 19},
}

// newMLDSA is FIPS 204 ML-DSA.KeyGen_internal(ξ = seed) of spec's
// parameter set, through circl's NewKeyFromSeed.
func newMLDSA(spec KeySpec, seed *[32]byte) sign.PrivateKey {
	switch spec {
	case SpecMLDSA44:
		_, sk := mldsa44.NewKeyFromSeed(seed)
		return sk
	case SpecMLDSA65:
		_, sk := mldsa65.NewKeyFromSeed(seed)
		return sk
	}
	_, sk := mldsa87.NewKeyFromSeed(seed)
	return sk
}

var errNoKeyPair = errors.New("mrk: key spec has no key pair")

// deriveKeyPair makes spec's key pair from seed. A material's pair is kept
// in pairCache by Material.KeyPair; RSAKey's cache is left to the import
// wrapping keys, so that the two do not push each other out.
func deriveKeyPair(spec KeySpec, seed [32]byte) (*KeyPair, error) {
	var priv crypto.PrivateKey
	switch {
	case rsaBits(spec) != 0:
		priv = deriveRSA(rsaBits(spec), Stream(seed[:], "mrk rsa"))
	case nistCurve(spec) != nil:
		c := nistCurve(spec)
		n := c.Params().N
		size := (n.BitLen() + 7) / 8
		r := Stream(seed[:], "mrk ec "+string(spec))
		b := make([]byte, size)
		for {
			mustRead(r, b)
			if excess := size*8 - n.BitLen(); excess > 0 {
				b[0] &= 0xff >> excess
			}
			k, err := ecdsa.ParseRawPrivateKey(c, b)
			if err == nil {
				priv = k
				break
			}
		}
	case spec == SpecECCSECGP256K1:
		r := Stream(seed[:], "mrk ec "+string(spec))
		b := make([]byte, 32)
		for {
			mustRead(r, b)
			var s secp256k1.ModNScalar
			if overflow := s.SetByteSlice(b); !overflow && !s.IsZero() {
				priv = secp256k1.NewPrivateKey(&s)
				break
			}
		}
	case spec == SpecECCEd25519:
		priv = ed25519.NewKeyFromSeed(SubKey(seed[:], "mrk ed25519", ed25519.SeedSize))
	case spec.IsMLDSA():
		priv = newMLDSA(spec, (*[32]byte)(SubKey(seed[:], "mrk ml-dsa", 32)))
	case spec.IsMLKEM():
		priv = newMLKEM(spec, SubKey(seed[:], "mrk ml-kem", 64))
	default:
		return nil, errNoKeyPair
	}
	return newPair(spec, priv)
}

func newPair(spec KeySpec, priv crypto.PrivateKey) (*KeyPair, error) {
	kp := &KeyPair{Spec: spec, Private: priv}
	var err error
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		kp.Public, err = x509.MarshalPKIXPublicKey(&k.PublicKey)
	case *ecdsa.PrivateKey:
		kp.Public, err = x509.MarshalPKIXPublicKey(&k.PublicKey)
	case ed25519.PrivateKey:
		kp.Public, err = x509.MarshalPKIXPublicKey(k.Public())
	case *secp256k1.PrivateKey:
		kp.Public, err = asn1.Marshal(spki{ecAlgorithm(), asn1.BitString{Bytes: k.PubKey().SerializeUncompressed(), BitLength: 65 * 8}})
	case sign.PrivateKey: // ML-DSA
		var pub []byte
		pub, err = k.Public().(sign.PublicKey).MarshalBinary()
		if err != nil {
			return nil, err
		}
		kp.Public, err = asn1.Marshal(spki{pkix.AlgorithmIdentifier{Algorithm: mldsaOIDs[spec]}, asn1.BitString{Bytes: pub, BitLength: len(pub) * 8}})
	case *MLKEMPrivateKey:
		kp.Public, err = mlkemSPKI(spec, k)
	default:
		return nil, errNoKeyPair
	}
	if err != nil {
		return nil, err
	}
	return kp, nil
}

// The OIDs of RFC 5480 and SEC 2.
var (
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidSecp256k1   = asn1.ObjectIdentifier{1, 3, 132, 0, 10}
)

type spki struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

func ecAlgorithm() pkix.AlgorithmIdentifier {
	param, _ := asn1.Marshal(oidSecp256k1)
	return pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: param}}
}

type pkcs8 struct {
	Version    int
	Algorithm  pkix.AlgorithmIdentifier
	PrivateKey []byte
}

// nistCurveOIDs are the named curves of RFC 5480.
var nistCurveOIDs = map[elliptic.Curve]asn1.ObjectIdentifier{
	elliptic.P256(): {1, 2, 840, 10045, 3, 1, 7},
	elliptic.P384(): {1, 3, 132, 0, 34},
	elliptic.P521(): {1, 3, 132, 0, 35},
}

// ecPKCS8 is PKCS #8 for an EC private key d with public point pub
// (uncompressed) on the named curve oid, the curve in both the algorithm
// and the ECPrivateKey's parameters.
func ecPKCS8(oid asn1.ObjectIdentifier, d, pub []byte) ([]byte, error) {
	inner, err := asn1.Marshal(ecPrivateKeyIn{Version: 1, PrivateKey: d, Params: oid,
		PublicKey: asn1.BitString{Bytes: pub, BitLength: len(pub) * 8}})
	if err != nil {
		return nil, err
	}
	param, err := asn1.Marshal(oid)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(pkcs8{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey,
		Parameters: asn1.RawValue{FullBytes: param}}, PrivateKey: inner})
}

type ecPrivateKeyIn struct {
	Version    int
	PrivateKey []byte
	Params     asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
	PublicKey  asn1.BitString        `asn1:"optional,explicit,tag:1"`
}

// PKCS8 returns the private key as DER PKCS #8 PrivateKeyInfo (RFC 5958).
// An EC key's ECPrivateKey (RFC 5915) carries its curve as parameters as
// well as its public key, as AWS's do: GenerateDataKeyPair's
// PrivateKeyPlaintext is 150, 194, 250 and 144 bytes for ECC_NIST_P256,
// _P384, _P521 and ECC_SECG_P256K1 (ecc.json:data_key_pair), 12 or 9
// bytes more than crypto/x509 writes. ML-DSA keys have none here (their
// import is refused, A6). ML-KEM keys are in seed format (mlkemPKCS8).
func (kp *KeyPair) PKCS8() ([]byte, error) {
	switch k := kp.Private.(type) {
	case *secp256k1.PrivateKey:
		return ecPKCS8(oidSecp256k1, k.Serialize(), k.PubKey().SerializeUncompressed())
	case *ecdsa.PrivateKey:
		oid, ok := nistCurveOIDs[k.Curve]
		if !ok {
			return nil, errNoKeyPair
		}
		d, err := k.Bytes()
		if err != nil {
			return nil, err
		}
		pub, err := k.PublicKey.Bytes()
		if err != nil {
			return nil, err
		}
		return ecPKCS8(oid, d, pub)
	case sign.PrivateKey: // ML-DSA
		return nil, errNoKeyPair
	case *MLKEMPrivateKey:
		return mlkemPKCS8(kp.Spec, k)
	}
	return x509.MarshalPKCS8PrivateKey(kp.Private)
}

// ParseKeyPair reads a DER PKCS #8 private key of spec (imported
// material); for RSA and EC specs also definite-length BER.
func ParseKeyPair(spec KeySpec, der []byte) (*KeyPair, error) {
	if spec != SpecECCEd25519 {
		// AWS takes BER lengths for RSA and EC keys but refuses them for
		// Ed25519 (imports_families.json:*_ber_reimport).
		der = berToDER(der)
	}
	if spec == SpecECCSECGP256K1 {
		var p pkcs8
		if rest, err := asn1.Unmarshal(der, &p); err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("mrk: not a PKCS #8 private key")
		}
		var curve asn1.ObjectIdentifier
		if !p.Algorithm.Algorithm.Equal(oidECPublicKey) {
			return nil, fmt.Errorf("mrk: not an EC private key")
		}
		if _, err := asn1.Unmarshal(p.Algorithm.Parameters.FullBytes, &curve); err != nil || !curve.Equal(oidSecp256k1) {
			return nil, fmt.Errorf("mrk: not a secp256k1 private key")
		}
		var ek ecPrivateKeyIn
		if _, err := asn1.Unmarshal(p.PrivateKey, &ek); err != nil || len(ek.PrivateKey) != 32 {
			return nil, fmt.Errorf("mrk: malformed EC private key")
		}
		var s secp256k1.ModNScalar
		if overflow := s.SetByteSlice(ek.PrivateKey); overflow || s.IsZero() {
			return nil, fmt.Errorf("mrk: secp256k1 scalar out of range")
		}
		return newPair(spec, secp256k1.NewPrivateKey(&s))
	}
	priv, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	ok := false
	switch k := priv.(type) {
	case *rsa.PrivateKey:
		ok = rsaBits(spec) != 0 && k.N.BitLen() == rsaBits(spec)
		k.Precompute()
	case *ecdsa.PrivateKey:
		ok = nistCurve(spec) != nil && k.Curve == nistCurve(spec)
	case ed25519.PrivateKey:
		ok = spec == SpecECCEd25519
	}
	if !ok {
		return nil, fmt.Errorf("mrk: the private key is not of key spec %s", spec)
	}
	return newPair(spec, priv)
}

// hmacSize is the key size in bytes of an HMAC spec.
func hmacSize(spec KeySpec) int {
	switch spec {
	case SpecHMAC224:
		return 28
	case SpecHMAC256:
		return 32
	case SpecHMAC384:
		return 48
	case SpecHMAC512:
		return 64
	}
	return 0
}

// HMACKey returns the HMAC key of the material for an HMAC spec: Raw when
// set, else SubKey(Seed, "mrk hmac", n) with n the spec's size (28, 32, 48
// or 64 bytes).
func (m *Material) HMACKey(spec KeySpec) []byte {
	if m.Raw != nil {
		return m.Raw
	}
	return SubKey(m.Seed[:], "mrk hmac", hmacSize(spec))
}

// rsaPrivateOp is RSADP/RSASP1 (RFC 8017 5.1.2) with the CRT values.
func rsaPrivateOp(k *rsa.PrivateKey, c *big.Int) *big.Int {
	if len(k.Primes) != 2 || k.Precomputed.Dp == nil || k.Precomputed.Dq == nil || k.Precomputed.Qinv == nil {
		return new(big.Int).Exp(c, k.D, k.N)
	}
	p, q := k.Primes[0], k.Primes[1]
	m1 := new(big.Int).Exp(c, k.Precomputed.Dp, p)
	m2 := new(big.Int).Exp(c, k.Precomputed.Dq, q)
	m1.Sub(m1, m2)
	m1.Mul(m1, k.Precomputed.Qinv)
	m1.Mod(m1, p)
	m1.Mul(m1, q)
	return m1.Add(m1, m2)
}

// mgf1XOR xors out with MGF1(seed) of hash h (RFC 8017 B.2.1).
func mgf1XOR(out []byte, h crypto.Hash, seed []byte) {
	var counter [4]byte
	done := 0
	for done < len(out) {
		d := h.New()
		d.Write(seed)
		d.Write(counter[:])
		for _, b := range d.Sum(nil) {
			if done == len(out) {
				break
			}
			out[done] ^= b
			done++
		}
		for i := 3; i >= 0; i-- {
			counter[i]++
			if counter[i] != 0 {
				break
			}
		}
	}
}

// signPSS is RSASSA-PSS (RFC 8017 8.1.1) with MGF1 of the same hash and a
// salt as long as the hash, drawn from ent.
func signPSS(ent io.Reader, k *rsa.PrivateKey, h crypto.Hash, digest []byte) []byte {
	hLen := h.Size()
	emBits := k.N.BitLen() - 1
	emLen := (emBits + 7) / 8
	salt := make([]byte, hLen)
	mustRead(ent, salt)
	d := h.New()
	d.Write(make([]byte, 8))
	d.Write(digest)
	d.Write(salt)
	H := d.Sum(nil)
	em := make([]byte, emLen)
	db := em[:emLen-hLen-1]
	db[len(db)-hLen-1] = 1
	copy(db[len(db)-hLen:], salt)
	mgf1XOR(db, h, H)
	db[0] &= 0xff >> (8*emLen - emBits)
	copy(em[emLen-hLen-1:], H)
	em[emLen-1] = 0xbc
	s := rsaPrivateOp(k, new(big.Int).SetBytes(em))
	return s.FillBytes(make([]byte, k.Size()))
}

// encryptOAEP is RSAES-OAEP (RFC 8017 7.1.1) with an empty label, MGF1 of
// the same hash and a seed drawn from ent. The caller checks the length.
func encryptOAEP(ent io.Reader, pub *rsa.PublicKey, h crypto.Hash, msg []byte) []byte {
	k := pub.Size()
	hLen := h.Size()
	em := make([]byte, k)
	seed := em[1 : 1+hLen]
	db := em[1+hLen:]
	lh := h.New()
	copy(db, lh.Sum(nil))
	db[len(db)-len(msg)-1] = 1
	copy(db[len(db)-len(msg):], msg)
	mustRead(ent, seed)
	mgf1XOR(db, h, seed)
	mgf1XOR(seed, h, db)
	c := new(big.Int).Exp(new(big.Int).SetBytes(em), big.NewInt(int64(pub.E)), pub.N)
	return c.FillBytes(make([]byte, k))
}

// oaepMax is the longest plaintext OAEP with hash h takes under a key of
// the given size in bits (RFC 8017 7.1.1: k - 2hLen - 2).
func oaepMax(bits int, h crypto.Hash) int { return bits/8 - 2*h.Size() - 2 }
