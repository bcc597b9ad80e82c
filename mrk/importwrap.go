package mrk

// The cryptography of imports: wrapping key pairs, import tokens,
// unwrapping, and the check of unwrapped material against the key spec.

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"strings"
	"time"
)

// The wrapping algorithms of GetParametersForImport (AlgorithmSpec, A29.1).
const (
	WrapRSAESPKCS1        = "RSAES_PKCS1_V1_5"
	WrapRSAESOAEPSHA1     = "RSAES_OAEP_SHA_1"
	WrapRSAESOAEPSHA256   = "RSAES_OAEP_SHA_256"
	WrapRSAAESKeyWrapSHA1 = "RSA_AES_KEY_WRAP_SHA_1"
	WrapRSAAESKeyWrap256  = "RSA_AES_KEY_WRAP_SHA_256"
	WrapSM2PKE            = "SM2PKE"
)

// WrappingAlgorithms are the values of AlgorithmSpec, in model order.
var WrappingAlgorithms = []string{WrapRSAESPKCS1, WrapRSAESOAEPSHA1, WrapRSAESOAEPSHA256, WrapRSAAESKeyWrapSHA1,
	WrapRSAAESKeyWrap256, WrapSM2PKE}

// WrappingKeySpecs are the values of WrappingKeySpec, in model order.
var WrappingKeySpecs = []string{"RSA_2048", "RSA_3072", "RSA_4096", "SM2"}

// ImportTokenLifetime is how long an import token is valid (R7.4, A29.3.7).
const ImportTokenLifetime = 24 * time.Hour

func wrappingBits(spec string) int { return rsaBits(KeySpec(spec)) }

// wrapCompatible is A29.3.6's table: the recorded refusals and accepted
// pairs, and for the unrecorded ones the recommendation of O68.
func wrapCompatible(alg, wspec string, spec KeySpec) bool {
	oaep := alg == WrapRSAESOAEPSHA1 || alg == WrapRSAESOAEPSHA256
	switch {
	case alg == WrapRSAESPKCS1: // retired by AWS in 2023 (O67)
		return false
	case spec == SpecRSA2048 || spec == SpecRSA3072 || spec == SpecRSA4096:
		return !oaep // an RSA private key does not fit in one OAEP block
	case spec == SpecECCNISTP521 || spec == SpecECCEd25519:
		return !(oaep && wspec == "RSA_2048")
	case spec == SpecSymmetricDefault:
		return oaep || wspec != "RSA_2048"
	}
	return true
}

// importToken is what an import token binds (R7.4, A29.3.7).
type importToken struct {
	account, region, keyID string
	alg, wspec             string
	seed                   [32]byte // of the wrapping key pair
	expiry                 time.Time
}

const tokenMagic = "mrkI\x01"

// tokenAEAD returns the cipher that seals the store's import tokens, its
// key drawn from ent the first time a token is issued.
func (s *Store) tokenAEAD(ent Entropy) cipher.AEAD {
	if !s.tokenKeySet {
		mustRead(ent, s.tokenKey[:])
		s.tokenKeySet = true
	}
	block, _ := aes.NewCipher(s.tokenKey[:])
	g, _ := cipher.NewGCM(block)
	return g
}

// sealToken encrypts and authenticates a token with a nonce drawn from ent.
func (s *Store) sealToken(ent Entropy, t importToken) []byte {
	g := s.tokenAEAD(ent)
	var p []byte
	p = binary.BigEndian.AppendUint64(p, uint64(t.expiry.UnixNano()))
	p = append(p, t.seed[:]...)
	p = append(p, strings.Join([]string{t.account, t.region, t.keyID, t.alg, t.wspec}, "\x00")...)
	out := append([]byte(tokenMagic), make([]byte, g.NonceSize())...)
	mustRead(ent, out[len(tokenMagic):])
	return g.Seal(out, out[len(tokenMagic):], p, []byte(tokenMagic))
}

// openToken authenticates a token; ok is false for anything this store did
// not issue or anything altered since.
func (s *Store) openToken(b []byte) (importToken, bool) {
	var t importToken
	if !s.tokenKeySet || !bytes.HasPrefix(b, []byte(tokenMagic)) {
		return t, false
	}
	block, _ := aes.NewCipher(s.tokenKey[:])
	g, _ := cipher.NewGCM(block)
	rest := b[len(tokenMagic):]
	if len(rest) < g.NonceSize() {
		return t, false
	}
	p, err := g.Open(nil, rest[:g.NonceSize()], rest[g.NonceSize():], []byte(tokenMagic))
	if err != nil || len(p) < 40 {
		return t, false
	}
	t.expiry = time.Unix(0, int64(binary.BigEndian.Uint64(p)))
	copy(t.seed[:], p[8:40])
	f := strings.Split(string(p[40:]), "\x00")
	if len(f) != 5 {
		return t, false
	}
	t.account, t.region, t.keyID, t.alg, t.wspec = f[0], f[1], f[2], f[3], f[4]
	return t, true
}

// unwrap decrypts EncryptedKeyMaterial with the token's wrapping private key
// and algorithm (A31.3.7(1)). RSA_AES_KEY_WRAP_SHA_* is an RSA-OAEP block
// holding an ephemeral AES-256 key, then RFC 5649 wrapping of the material
// under that key.
func unwrap(t importToken, wrapped []byte) ([]byte, bool) {
	priv := RSAKey(wrappingBits(t.wspec), t.seed)
	var h func() hash.Hash
	kw := false
	switch t.alg {
	case WrapRSAESOAEPSHA1:
		h = sha1.New
	case WrapRSAESOAEPSHA256:
		h = sha256.New
	case WrapRSAAESKeyWrapSHA1:
		h, kw = sha1.New, true
	case WrapRSAAESKeyWrap256:
		h, kw = sha256.New, true
	default:
		return nil, false
	}
	if !kw {
		pt, err := rsa.DecryptOAEP(h(), nil, priv, wrapped, nil)
		return pt, err == nil
	}
	n := priv.Size()
	if len(wrapped) <= n {
		return nil, false
	}
	aesKey, err := rsa.DecryptOAEP(h(), nil, priv, wrapped[:n], nil)
	if err != nil || len(aesKey) != 32 {
		return nil, false
	}
	pt, err := KeyUnwrapPad(aesKey, wrapped[n:])
	return pt, err == nil
}

// hmacLengths are the accepted key lengths of imported HMAC material
// (A31.3.7(2): recorded minimums, LocalStack's maximums).
var hmacLengths = map[KeySpec][2]int{
	SpecHMAC224: {28, 64}, SpecHMAC256: {32, 64}, SpecHMAC384: {48, 128}, SpecHMAC512: {64, 128},
}

// validMaterial reports whether unwrapped bytes are key material for spec
// (A31.3.7(2)): 32 bytes for SYMMETRIC_DEFAULT, a length in range for HMAC,
// a PKCS #8 private key of the spec's type and size for asymmetric specs.
func validMaterial(spec KeySpec, raw []byte) bool {
	switch {
	case spec == SpecSymmetricDefault:
		return len(raw) == 32
	case spec.IsHMAC():
		r := hmacLengths[spec]
		return len(raw) >= r[0] && len(raw) <= r[1]
	}
	// Asymmetric: a PKCS #8 private key of the spec's type and size, read
	// exactly as signing will read it.
	_, err := ParseKeyPair(spec, raw)
	return err == nil
}

// canonicalMaterial is what identifies imported material: the bytes
// themselves for symmetric and HMAC keys; for asymmetric keys the private
// key, whatever its encoding (AWS takes a re-import of the same key in
// another encoding, imports_families.json:RSA_2048_ber_reimport): the DER
// crypto/x509 writes for it, or for secp256k1 the private scalar.
func canonicalMaterial(spec KeySpec, raw []byte) []byte {
	if spec == SpecSymmetricDefault || spec.IsHMAC() {
		return raw
	}
	// An asymmetric key is its public key: the same key in any encoding
	// (BER, or d as e⁻¹ mod φ(n) or mod λ(n)) is the same material.
	if kp, err := ParseKeyPair(spec, raw); err == nil {
		return kp.Public
	}
	return raw
}

// importedMaterialID is the KeyMaterialId of imported material: SHA-256 of the key
// ID and the material (A31.3.8), so every member of a set computes the same
// ID for the same bytes (R7.13).
func importedMaterialID(keyID string, raw []byte) (string, [32]byte) {
	h := sha256.New()
	h.Write([]byte(keyID))
	h.Write(raw)
	var sum [32]byte
	h.Sum(sum[:0])
	return hex.EncodeToString(sum[:]), sum
}

// wrappingPublicKey returns the DER SubjectPublicKeyInfo of a wrapping key.
func wrappingPublicKey(priv *rsa.PrivateKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		panic("mrk: " + err.Error())
	}
	return der
}
