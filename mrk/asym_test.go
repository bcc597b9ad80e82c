package mrk

// Model tests of asym.go: the one place where a material becomes a key.
// Generated and imported (Material.Raw) material, RSASSA-PSS and RSAES-OAEP
// written here checked against crypto/rsa, and the store's operations on a
// key whose material was imported by hand (SPEC R9.10, R9.11, §7).

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"testing"

	"github.com/cloudflare/circl/sign"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/mrksim/mrk/mrk/internal/mldsamu"
)

var asPairSpecs = []KeySpec{SpecRSA2048, SpecECCNISTP256, SpecECCNISTP384, SpecECCNISTP521, SpecECCSECGP256K1, SpecECCEd25519}

func asSeed(b byte) [32]byte {
	var s [32]byte
	for i := range s {
		s[i] = b + byte(i)
	}
	return s
}

// TestKeyPairDerivation: the same seed gives the same key pair, another
// seed another; the public key is the SubjectPublicKeyInfo of the private
// key (R9.10, A30.3.4).
func TestKeyPairDerivation(t *testing.T) {
	for _, spec := range append(asPairSpecs, SpecMLDSA44, SpecMLDSA65, SpecMLDSA87) {
		a, err := (&Material{Seed: asSeed(1)}).KeyPair(spec)
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		b, _ := NewKeyPair(spec, asSeed(1))
		c, _ := NewKeyPair(spec, asSeed(2))
		if !bytes.Equal(a.Public, b.Public) || bytes.Equal(a.Public, c.Public) {
			t.Errorf("%s: same seed, different keys, or different seeds, same key", spec)
		}
		var pub crypto.PublicKey
		switch k := a.Private.(type) {
		case *rsa.PrivateKey:
			pub = &k.PublicKey
		case *ecdsa.PrivateKey:
			pub = &k.PublicKey
		case ed25519.PrivateKey:
			pub = k.Public()
		default:
			continue // secp256k1 and ML-DSA: checked through PKCS8 and sim's tests
		}
		want, _ := x509.MarshalPKIXPublicKey(pub)
		if !bytes.Equal(want, a.Public) {
			t.Errorf("%s: Public is not the private key's SubjectPublicKeyInfo", spec)
		}
	}
	if _, err := NewKeyPair(SpecHMAC256, asSeed(1)); err == nil {
		t.Errorf("an HMAC spec has a key pair")
	}
}

// TestMLDSAKnownAnswer: ML-DSA key pairs are FIPS 204 KeyGen(ξ) with ξ =
// SubKey(Seed, "mrk ml-dsa", 32), and Sign is FIPS 204's deterministic
// variant (rnd = 0, pure, empty context). The SHA-256 values below were
// computed with Go 1.26's crypto/internal/fips140/mldsa (its
// NewPrivateKey44/65/87 and SignDeterministic), the implementation the
// simulator used before circl, so public keys did not change with the
// library and the signatures are the standard's, not circl's alone. The
// signature does not depend on the entropy (A46.3.6: only PSS draws), and
// the SubjectPublicKeyInfo is the key under its NIST OID with no
// parameters (A30.3.4).
func TestMLDSAKnownAnswer(t *testing.T) {
	msg := []byte("mrk ML-DSA known answer")
	for _, c := range []struct {
		seed     byte
		spec     KeySpec
		oid      string
		pub, sig string
	}{
		{0, SpecMLDSA44, "2.16.840.1.101.3.4.3.17", "eaef1e16a51f84b15ee99310210b9030a75c61a769f5ec50349aa7c66c2cd02f", "d7d815cab2689e2001edac8e126e7c30763e74428cc013fd022ed99c28b87c36"},
		{0, SpecMLDSA65, "2.16.840.1.101.3.4.3.18", "cf01b8873b18ed93865ff08c3712995cbca25d26cd6b07fcc7592f49b1ba4b55", "28d6c4c8ae1fcd931acd2009290e5a7a1b7bfcd24f18ac0e57d7612c067652ed"},
		{0, SpecMLDSA87, "2.16.840.1.101.3.4.3.19", "107fec9a5a004af09d8b0aa7481cd2f400496c37ef3e78fbf991d88584e8e2c0", "e687fd8933a1b62d149b25b27cad3e0007e582ccf9c1220c24aca83c84a78845"},
		{7, SpecMLDSA44, "2.16.840.1.101.3.4.3.17", "688a337f870e698ec801878fdfae41f52589244f60c72c13ba5365f7c33f40dd", "8555328eca9c38b52888a8c6a4b6222a10bcd8b4ae3730802ac4aad966d17964"},
		{7, SpecMLDSA65, "2.16.840.1.101.3.4.3.18", "932542bbe03802fb20c75e2af6f6e5c0c75f44fe3f39449d8faa4e554599f700", "605736f719b5f5fd3cb60eb20f5048bf1a3a0d98072c6a048f1a6ad71ec1c144"},
		{7, SpecMLDSA87, "2.16.840.1.101.3.4.3.19", "bad68e674065d8a021430d19b33b0966d70f34235535701ed72af48c145633f2", "64ef9e9eecbd50c28cffb7083e72b129ec33f12ea427a847e7dd933e2ae15c08"},
	} {
		kp, err := NewKeyPair(c.spec, asSeed(c.seed))
		if err != nil {
			t.Fatalf("%s: %v", c.spec, err)
		}
		var info struct {
			Algorithm pkix.AlgorithmIdentifier
			PublicKey asn1.BitString
		}
		if rest, err := asn1.Unmarshal(kp.Public, &info); err != nil || len(rest) != 0 {
			t.Fatalf("%s: Public is not a SubjectPublicKeyInfo: %v", c.spec, err)
		}
		if info.Algorithm.Algorithm.String() != c.oid || len(info.Algorithm.Parameters.FullBytes) != 0 {
			t.Errorf("%s: AlgorithmIdentifier %v, want %s without parameters", c.spec, info.Algorithm, c.oid)
		}
		if h := sha256.Sum256(info.PublicKey.Bytes); hex.EncodeToString(h[:]) != c.pub {
			t.Errorf("%s seed %d: public key SHA-256 %x, want %s (FIPS 204 KeyGen)", c.spec, c.seed, h, c.pub)
		}
		sk, ok := kp.Private.(sign.PrivateKey)
		if !ok {
			t.Fatalf("%s: Private is %T", c.spec, kp.Private)
		}
		if pub, _ := sk.Public().(sign.PublicKey).MarshalBinary(); !bytes.Equal(pub, info.PublicKey.Bytes) {
			t.Errorf("%s: the SubjectPublicKeyInfo is not the private key's public key", c.spec)
		}
		alg := sigAlgs["ML_DSA_SHAKE_256"]
		sig, err := kp.sign(countingEntropy(131), alg, msg)
		if err != nil {
			t.Fatalf("%s: sign: %v", c.spec, err)
		}
		if h := sha256.Sum256(sig); hex.EncodeToString(h[:]) != c.sig {
			t.Errorf("%s seed %d: signature SHA-256 %x, want %s (FIPS 204 deterministic)", c.spec, c.seed, h, c.sig)
		}
		if again, _ := kp.sign(&testEntropy{mul: 131, n: 99}, alg, msg); !bytes.Equal(again, sig) {
			t.Errorf("%s: the signature depends on the entropy", c.spec)
		}
		if !kp.verify(alg, msg, sig) || kp.verify(alg, msg[1:], sig) || kp.verify(alg, msg, sig[:len(sig)-1]) {
			t.Errorf("%s: verify accepts a wrong message or a short signature, or refuses the signature", c.spec)
		}
		if _, err := kp.PKCS8(); err == nil {
			t.Errorf("%s: a PKCS #8 encoding (ML-DSA import is refused, A6)", c.spec)
		}
	}
}

// TestKeyPairFromRaw: imported material (Raw, PKCS #8) is the key pair
// itself, whatever the seed; a private key of another spec is refused.
func TestKeyPairFromRaw(t *testing.T) {
	for _, spec := range asPairSpecs {
		kp, _ := NewKeyPair(spec, asSeed(3))
		der, err := kp.PKCS8()
		if err != nil {
			t.Fatalf("%s: PKCS8: %v", spec, err)
		}
		m := Material{Seed: asSeed(9), Raw: der}
		got, err := m.KeyPair(spec)
		if err != nil {
			t.Fatalf("%s: KeyPair from Raw: %v", spec, err)
		}
		fromSeed, _ := (&Material{Seed: asSeed(9)}).KeyPair(spec)
		if !bytes.Equal(got.Public, kp.Public) || bytes.Equal(got.Public, fromSeed.Public) {
			t.Errorf("%s: Raw does not decide the key pair", spec)
		}
		if spec == SpecECCSECGP256K1 {
			if got.Private.(*secp256k1.PrivateKey).Key != kp.Private.(*secp256k1.PrivateKey).Key {
				t.Errorf("secp256k1: another scalar after PKCS #8")
			}
		} else if _, err := x509.ParsePKCS8PrivateKey(der); err != nil {
			t.Errorf("%s: crypto/x509 cannot read PKCS8: %v", spec, err)
		}
	}
	p256, _ := NewKeyPair(SpecECCNISTP256, asSeed(4))
	der, _ := p256.PKCS8()
	for _, spec := range []KeySpec{SpecECCNISTP384, SpecRSA2048, SpecECCEd25519, SpecECCSECGP256K1} {
		if _, err := ParseKeyPair(spec, der); err == nil {
			t.Errorf("a P-256 private key parses as %s", spec)
		}
	}
}

// TestHMACKeyMaterial: an HMAC key is Raw when imported, else derived from
// the seed with the spec's size; GenerateMac is crypto/hmac with it, in
// every member (R9.11).
func TestHMACKeyMaterial(t *testing.T) {
	w := crNew(t)
	id := w.create(crE1, KeyParams{KeySpec: SpecHMAC256, KeyUsage: UsageGenerateVerifyMac, MultiRegion: true})
	_, ts, err := w.s.ReplicateKey(w.clk.Now(), crIn(crE1), id, crW2, MemberParams{})
	w.must("ReplicateKey", err)
	w.timers = append(w.timers, ts...)
	w.advance(w.s.Config().ReplicaCreatingDuration)
	set := w.s.Set(id)
	key := set.Materials[0].HMACKey(SpecHMAC256)
	if len(key) != 32 || len((&Material{Seed: asSeed(1)}).HMACKey(SpecHMAC512)) != 64 {
		t.Fatalf("HMAC key sizes")
	}
	mac := func(region string) []byte {
		r, err := w.s.GenerateMac(crIn(region), MacParams{KeyID: id, Message: []byte("m"), Algorithm: "HMAC_SHA_256"})
		w.must("GenerateMac", err)
		return r.Mac
	}
	want := hmac.New(sha256.New, key)
	want.Write([]byte("m"))
	if !bytes.Equal(mac(crE1), want.Sum(nil)) || !bytes.Equal(mac(crW2), want.Sum(nil)) {
		t.Errorf("R9.11: GenerateMac is not HMAC-SHA256 with the material's key in every member")
	}
	imported := bytes.Repeat([]byte{0x5a}, 32)
	set.Materials[0].Raw = imported // as ImportKeyMaterial will
	want = hmac.New(sha256.New, imported)
	want.Write([]byte("m"))
	if !bytes.Equal(mac(crW2), want.Sum(nil)) {
		t.Errorf("§7: GenerateMac does not use the imported key")
	}
	if _, err := w.s.VerifyMac(crIn(crE1), MacParams{KeyID: id, Message: []byte("m"), Algorithm: "HMAC_SHA_256", Mac: want.Sum(nil)}); err != nil {
		t.Errorf("VerifyMac with imported material: %v", err)
	}
}

// TestSignWithImportedMaterial: a signing key whose material is an
// imported PKCS #8 key signs with it (checked with crypto/ecdsa and the
// imported key's public half) and GetPublicKey answers it.
func TestSignWithImportedMaterial(t *testing.T) {
	w := crNew(t)
	id := w.create(crE1, KeyParams{KeySpec: SpecECCNISTP384, KeyUsage: UsageSignVerify})
	kp, _ := NewKeyPair(SpecECCNISTP384, asSeed(7))
	der, _ := kp.PKCS8()
	w.s.Set(id).Materials[0].Raw = der
	_, pub, err := w.s.GetPublicKey(crIn(crE1), id, nil)
	w.must("GetPublicKey", err)
	if !bytes.Equal(pub, kp.Public) {
		t.Fatalf("GetPublicKey does not answer the imported key")
	}
	r, err := w.s.Sign(w.ent, crIn(crE1), SignParams{KeyID: id, Message: []byte("m"), Algorithm: "ECDSA_SHA_384"})
	w.must("Sign", err)
	h := crypto.SHA384.New()
	h.Write([]byte("m"))
	if !ecdsa.VerifyASN1(&kp.Private.(*ecdsa.PrivateKey).PublicKey, h.Sum(nil), r.Signature) {
		t.Errorf("the signature does not verify with the imported key")
	}
	// A Raw that is not a key of the spec is an internal error, not a panic.
	w.s.Set(id).Materials[0].Raw = []byte("junk")
	if _, err := w.s.Sign(w.ent, crIn(crE1), SignParams{KeyID: id, Message: []byte("m"), Algorithm: "ECDSA_SHA_384"}); err == nil ||
		err.(*Error).Code != CodeInternal {
		t.Errorf("unusable imported material: %v", err)
	}
}

// TestPSSAndOAEPAgainstCryptoRSA: the EMSA-PSS and EME-OAEP encodings
// written here (so that salts and seeds come from the world's entropy)
// are what crypto/rsa verifies and decrypts, for every hash and size
// limit; the same entropy gives the same bytes.
func TestPSSAndOAEPAgainstCryptoRSA(t *testing.T) {
	for _, bits := range []int{2048, 3072} {
		k := RSAKey(bits, asSeed(byte(bits/1024)))
		for _, h := range []crypto.Hash{crypto.SHA256, crypto.SHA384, crypto.SHA512} {
			d := h.New()
			d.Write([]byte("message"))
			digest := d.Sum(nil)
			sig := signPSS(countingEntropy(131), k, h, digest)
			if err := rsa.VerifyPSS(&k.PublicKey, h, digest, sig, &rsa.PSSOptions{SaltLength: h.Size()}); err != nil {
				t.Errorf("%d %v: crypto/rsa rejects the PSS signature: %v", bits, h, err)
			}
			if again := signPSS(countingEntropy(131), k, h, digest); !bytes.Equal(again, sig) {
				t.Errorf("%d %v: same entropy, different PSS signatures", bits, h)
			}
			if other := signPSS(&testEntropy{mul: 131, n: 7}, k, h, digest); bytes.Equal(other, sig) {
				t.Errorf("%d %v: the salt does not come from the entropy", bits, h)
			}
		}
		for _, h := range []crypto.Hash{crypto.SHA1, crypto.SHA256} {
			max := oaepMax(k.N.BitLen(), h)
			if bits == 2048 && (h == crypto.SHA1 && max != 214 || h == crypto.SHA256 && max != 190) {
				t.Errorf("rsa.json:encrypt_too_large: OAEP maximum %d for %v", max, h)
			}
			for _, n := range []int{0, 1, max / 2, max} {
				msg := bytes.Repeat([]byte{byte(n + 1)}, n)
				ct := encryptOAEP(countingEntropy(131), &k.PublicKey, h, msg)
				pt, err := rsa.DecryptOAEP(h.New(), nil, k, ct, nil)
				if err != nil || !bytes.Equal(pt, msg) {
					t.Errorf("%d %v %d bytes: crypto/rsa cannot decrypt: %v", bits, h, n, err)
				}
			}
		}
	}
}

// TestPKCS8ECParameters: an EC private key's PKCS #8 carries the curve in
// its ECPrivateKey (RFC 5915) as well as its public key, and so has the
// lengths AWS's GenerateDataKeyPair returned (ecc.json:data_key_pair:
// PrivateKeyPlaintextBytes 150, 194, 250, 144); crypto/x509 reads it back
// as the same key.
func TestPKCS8ECParameters(t *testing.T) {
	for spec, want := range map[KeySpec]int{SpecECCNISTP256: 150, SpecECCNISTP384: 194, SpecECCNISTP521: 250,
		SpecECCSECGP256K1: 144} {
		kp, err := NewKeyPair(spec, asSeed(7))
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		der, err := kp.PKCS8()
		if err != nil {
			t.Fatalf("%s: PKCS8: %v", spec, err)
		}
		if len(der) != want {
			t.Errorf("%s: PKCS8 is %d bytes, AWS's %d", spec, len(der), want)
		}
		var p8 pkcs8
		var ec ecPrivateKeyIn
		if _, err := asn1.Unmarshal(der, &p8); err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		if _, err := asn1.Unmarshal(p8.PrivateKey, &ec); err != nil {
			t.Fatalf("%s: ECPrivateKey: %v", spec, err)
		}
		var curve asn1.ObjectIdentifier
		asn1.Unmarshal(p8.Algorithm.Parameters.FullBytes, &curve)
		if len(ec.Params) == 0 || !ec.Params.Equal(curve) || len(ec.PublicKey.Bytes) == 0 {
			t.Errorf("%s: ECPrivateKey parameters %v (algorithm's %v), public key %d bytes", spec, ec.Params, curve,
				len(ec.PublicKey.Bytes))
		}
		back, err := ParseKeyPair(spec, der)
		if err != nil || !bytes.Equal(back.Public, kp.Public) {
			t.Errorf("%s: read back: %v", spec, err)
		}
		if spec == SpecECCSECGP256K1 {
			continue
		}
		k, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil || !k.(*ecdsa.PrivateKey).Equal(kp.Private) {
			t.Errorf("%s: crypto/x509 reads another key: %v", spec, err)
		}
	}
}

// TestMLDSAExternalMu: a Sign with MessageType EXTERNAL_MU of μ =
// H(H(pk) ‖ 0 ‖ 0 ‖ M) (FIPS 204 Algorithm 2's M′ under Algorithm 7
// line 6, pure ML-DSA, empty context) is the RAW signature of M byte for byte (both rnd = 0), circl
// verifies it, Verify with EXTERNAL_MU accepts the RAW signature
// (mldsa.json:sign_mu, verify_raw_with_mu, A0.23.1) and rejects another μ
// or a changed signature with KMSInvalidSignatureException; a μ not of 64
// bytes is the recorded ValidationException (mldsa.json:mu_length_*).
func TestMLDSAExternalMu(t *testing.T) {
	w := crNew(t)
	for _, spec := range []KeySpec{SpecMLDSA44, SpecMLDSA65, SpecMLDSA87} {
		id := w.create(crE1, KeyParams{KeySpec: spec, KeyUsage: UsageSignVerify})
		_, spki, err := w.s.GetPublicKey(crIn(crE1), id, nil)
		w.must("GetPublicKey", err)
		var info struct {
			Algorithm pkix.AlgorithmIdentifier
			PublicKey asn1.BitString
		}
		if _, err := asn1.Unmarshal(spki, &info); err != nil {
			t.Fatal(err)
		}
		kp, err := w.s.Set(id).CurrentMaterial().KeyPair(spec)
		w.must("KeyPair", err)
		pub := kp.Private.(sign.PrivateKey).Public().(sign.PublicKey)
		for i := range 4 {
			msg := bytes.Repeat([]byte{byte(i), 'm'}, i*40)
			mu := mldsamu.Mu(info.PublicKey.Bytes, msg)
			raw, err := w.s.Sign(w.ent, crIn(crE1), SignParams{KeyID: id, Message: msg, Algorithm: "ML_DSA_SHAKE_256"})
			w.must("Sign RAW", err)
			ext, err := w.s.Sign(w.ent, crIn(crE1), SignParams{KeyID: id, Message: mu, MessageType: MessageExternalMu, Algorithm: "ML_DSA_SHAKE_256"})
			w.must("Sign EXTERNAL_MU", err)
			if !bytes.Equal(raw.Signature, ext.Signature) {
				t.Errorf("%s message %d: the EXTERNAL_MU signature differs from the RAW one", spec, i)
			}
			if !pub.Scheme().Verify(pub, msg, ext.Signature, nil) {
				t.Errorf("%s message %d: circl rejects the EXTERNAL_MU signature", spec, i)
			}
			if _, err := w.s.Verify(crIn(crE1), SignParams{KeyID: id, Message: mu, MessageType: MessageExternalMu, Algorithm: "ML_DSA_SHAKE_256", Signature: raw.Signature}); err != nil {
				t.Errorf("%s message %d: Verify EXTERNAL_MU rejects the RAW signature: %v", spec, i, err)
			}
			bad := bytes.Clone(mu)
			bad[i] ^= 1
			if _, err := w.s.Verify(crIn(crE1), SignParams{KeyID: id, Message: bad, MessageType: MessageExternalMu, Algorithm: "ML_DSA_SHAKE_256", Signature: raw.Signature}); err == nil || err.(*Error).Code != CodeInvalidSignature {
				t.Errorf("%s message %d: another mu: %v, want %s", spec, i, err, CodeInvalidSignature)
			}
			badSig := bytes.Clone(raw.Signature)
			badSig[len(badSig)/2] ^= 1
			if _, err := w.s.Verify(crIn(crE1), SignParams{KeyID: id, Message: mu, MessageType: MessageExternalMu, Algorithm: "ML_DSA_SHAKE_256", Signature: badSig}); err == nil || err.(*Error).Code != CodeInvalidSignature {
				t.Errorf("%s message %d: a changed signature: %v, want %s", spec, i, err, CodeInvalidSignature)
			}
		}
		for _, size := range []int{0, 1, 63, 65} {
			_, err := w.s.Sign(w.ent, crIn(crE1), SignParams{KeyID: id, Message: make([]byte, size), MessageType: MessageExternalMu, Algorithm: "ML_DSA_SHAKE_256"})
			if e, ok := err.(*Error); !ok || e.Code != CodeValidation || e.Message != msgMuLength {
				t.Errorf("%s: a %d-byte mu: %v, want %s %q", spec, size, err, CodeValidation, msgMuLength)
			}
		}
	}
}
