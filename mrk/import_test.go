package mrk

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKeyWrapPadRFC5649: the two test vectors of RFC 5649 §6, both ways,
// and the integrity checks of §4.2 (wrong key, altered bytes, bad length).
func TestKeyWrapPadRFC5649(t *testing.T) {
	kek := unhex(t, "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8")
	for _, v := range []struct{ key, wrapped string }{
		{"c37b7e6492584340bed12207808941155068f738", "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"},
		{"466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f"},
	} {
		got, err := KeyWrapPad(kek, unhex(t, v.key))
		if err != nil || hex.EncodeToString(got) != v.wrapped {
			t.Errorf("wrap %s = %x, %v; want %s", v.key, got, err, v.wrapped)
		}
		pt, err := KeyUnwrapPad(kek, unhex(t, v.wrapped))
		if err != nil || hex.EncodeToString(pt) != v.key {
			t.Errorf("unwrap %s = %x, %v; want %s", v.wrapped, pt, err, v.key)
		}
		bad := unhex(t, v.wrapped)
		bad[3] ^= 1
		if _, err := KeyUnwrapPad(kek, bad); err == nil {
			t.Errorf("altered %s unwrapped", v.wrapped)
		}
		other := bytes.Clone(kek)
		other[0] ^= 1
		if _, err := KeyUnwrapPad(other, unhex(t, v.wrapped)); err == nil {
			t.Errorf("%s unwrapped under another key", v.wrapped)
		}
	}
	if _, err := KeyUnwrapPad(kek, make([]byte, 20)); err == nil {
		t.Error("a length that is not a multiple of 8 unwrapped")
	}
	// Every length from 1 to 80 bytes round-trips under an AES-256 key.
	k256 := bytes.Repeat([]byte{9}, 32)
	for n := 1; n <= 80; n++ {
		pt := bytes.Repeat([]byte{byte(n)}, n)
		w, err := KeyWrapPad(k256, pt)
		if err != nil || len(w) != 8+8*((n+7)/8) {
			t.Fatalf("n=%d: %d bytes, %v", n, len(w), err)
		}
		got, err := KeyUnwrapPad(k256, w)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("n=%d: round trip %x, %v", n, got, err)
		}
	}
}

// TestImportTokenSealed: a token opens only as issued; any altered byte,
// or bytes that are no token, fail (R7.4).
func TestImportTokenSealed(t *testing.T) {
	s := NewStore(DefaultConfig())
	ent := rand.NewChaCha8([32]byte{1})
	tok := importToken{account: "111122223333", region: "us-east-1", keyID: "k", alg: WrapRSAESOAEPSHA256, wspec: "RSA_2048",
		seed: [32]byte{5}, expiry: time.Unix(1_800_000_000, 123)}
	b := s.sealToken(ent, tok)
	got, ok := s.openToken(b)
	if !ok || got != tok {
		t.Fatalf("openToken = %+v, %v; want %+v", got, ok, tok)
	}
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0x80
		if _, ok := s.openToken(c); ok {
			t.Fatalf("a token altered at byte %d opened", i)
		}
	}
	if _, ok := s.openToken([]byte("mrkI\x01short")); ok {
		t.Error("a truncated token opened")
	}
	if _, ok := NewStore(DefaultConfig()).openToken(b); ok {
		t.Error("another store opened the token")
	}
}

// TestValidMaterial: A31.3.7(2)'s checks of unwrapped bytes per key spec.
func TestValidMaterial(t *testing.T) {
	rsaDER, _ := x509.MarshalPKCS8PrivateKey(RSAKey(2048, [32]byte{3}))
	cases := []struct {
		spec KeySpec
		raw  []byte
		ok   bool
	}{
		{SpecSymmetricDefault, make([]byte, 32), true},
		{SpecSymmetricDefault, make([]byte, 31), false},
		{SpecSymmetricDefault, make([]byte, 33), false},
		{SpecHMAC224, make([]byte, 27), false}, // imports_families.json:HMAC_224_length_27
		{SpecHMAC224, make([]byte, 28), true},
		{SpecHMAC256, make([]byte, 64), true},
		{SpecHMAC256, make([]byte, 65), false},
		{SpecHMAC512, make([]byte, 63), false},
		{SpecHMAC512, make([]byte, 128), true},
		{SpecRSA2048, rsaDER, true},
		{SpecRSA3072, rsaDER, false},
		{SpecECCNISTP256, rsaDER, false},
		{SpecECCSECGP256K1, rsaDER, false},
		{SpecRSA2048, []byte("not DER"), false},
	}
	for _, c := range cases {
		if got := validMaterial(c.spec, c.raw); got != c.ok {
			t.Errorf("%s with %d bytes: %v, want %v", c.spec, len(c.raw), got, c.ok)
		}
	}
}

// TestWrapCompatible: the recorded cells of A29.3.6 (O68).
func TestWrapCompatible(t *testing.T) {
	cases := []struct {
		alg, wspec string
		spec       KeySpec
		ok         bool
	}{
		{WrapRSAESPKCS1, "RSA_2048", SpecSymmetricDefault, false},       // imports.json:deprecated_wrapping
		{WrapRSAAESKeyWrap256, "RSA_2048", SpecSymmetricDefault, false}, // imports.json:symmetric_hybrid_wrapping
		{WrapRSAESOAEPSHA256, "RSA_2048", SpecSymmetricDefault, true},   // imports.json:parameters_first
		{WrapRSAESOAEPSHA1, "RSA_3072", SpecSymmetricDefault, true},     // imports.json:parameters_second
		{WrapRSAESOAEPSHA256, "RSA_2048", SpecHMAC224, true},
		{WrapRSAESOAEPSHA256, "RSA_2048", SpecRSA2048, false}, // imports_families.json:RSA_2048_direct_2048
		{WrapRSAAESKeyWrap256, "RSA_3072", SpecRSA2048, true},
		{WrapRSAAESKeyWrap256, "RSA_2048", SpecRSA2048, true}, // imports_data_plane.json:rsa_parameters
		{WrapRSAESOAEPSHA256, "RSA_2048", SpecECCNISTP256, true},
		{WrapRSAESOAEPSHA256, "RSA_2048", SpecECCNISTP521, false},
		{WrapRSAAESKeyWrap256, "RSA_3072", SpecECCNISTP521, true},
		{WrapRSAESOAEPSHA256, "RSA_2048", SpecECCEd25519, false},
		{WrapRSAESOAEPSHA256, "RSA_3072", SpecECCEd25519, true},
	}
	for _, c := range cases {
		if got := wrapCompatible(c.alg, c.wspec, c.spec); got != c.ok {
			t.Errorf("%s/%s for %s: %v, want %v", c.alg, c.wspec, c.spec, got, c.ok)
		}
	}
}

// imDriver imports material into a member through the model, wrapping it
// with OAEP-SHA-256 like a client would.
func imDriver(t *testing.T, w *driver[*rand.ChaCha8], c Caller, id string, m []byte, p ImportParams) (Imported, error) {
	t.Helper()
	params, err := w.s.GetParametersForImport(w.clk.Now(), w.ent, c, id, WrapRSAESOAEPSHA256, "RSA_2048")
	w.must("GetParametersForImport", err)
	pk, err := x509.ParsePKIXPublicKey(params.PublicKey)
	w.must("ParsePKIXPublicKey", err)
	wrapped, err := rsa.EncryptOAEP(sha256.New(), rand.NewChaCha8([32]byte{9}), pk.(*rsa.PublicKey), m, nil)
	w.must("EncryptOAEP", err)
	p.KeyID, p.Token, p.Wrapped = id, params.Token, wrapped
	if p.ExpirationModel == "" && p.ValidTo == nil {
		p.ExpirationModel = DoesNotExpireModel
	}
	res, ts, err := w.s.ImportKeyMaterial(w.clk.Now(), c, p)
	w.timers = append(w.timers, ts...)
	return res, err
}

// TestImportMemberStateModel: per-member material in the model: a replica
// is created without material (T5), holds it once imported (T15), loses it
// on its own expiry timer (T16, R7.6) while the primary keeps it, and every
// transition is an edge of R3.2.1.
func TestImportMemberStateModel(t *testing.T) {
	w := newDriver(t, DefaultConfig(), time.Date(2026, 9, 12, 10, 0, 0, 0, time.UTC), rand.NewChaCha8([32]byte{4}))
	east, west := Caller{Account: "111122223333", Region: "us-east-1"}, Caller{Account: "111122223333", Region: "us-west-2"}
	k, err := w.s.CreateKey(w.clk.Now(), w.ent, east, KeyParams{Origin: OriginExternal, MultiRegion: true})
	w.must("CreateKey", err)
	id := k.ID()
	mat := bytes.Repeat([]byte{7}, 32)
	res, err := imDriver(t, &w, east, id, mat, ImportParams{})
	w.must("import primary", err)
	want := sha256.Sum256(append([]byte(id), mat...))
	if res.MaterialID != hex.EncodeToString(want[:]) || k.State != Enabled {
		t.Fatalf("A31.3.8, T15: %s %s", res.MaterialID, k.State)
	}
	r, ts, err := w.s.ReplicateKey(w.clk.Now(), east, id, "us-west-2", MemberParams{})
	w.must("ReplicateKey", err)
	w.timers = append(w.timers, ts...)
	if m, _ := r.ExpirationModel(); m != DoesNotExpireModel || r.HasMaterial() {
		t.Errorf("a Creating replica: model %q, HasMaterial %v", m, r.HasMaterial())
	}
	w.advance(5 * time.Second)
	if r.State != PendingImport {
		t.Fatalf("T5: %s", r.State)
	}
	_, err = imDriver(t, &w, west, id, bytes.Repeat([]byte{8}, 32), ImportParams{})
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeIncorrectKeyMaterial {
		t.Errorf("R7.5: %v", err)
	}
	_, err = imDriver(t, &w, west, id, mat, ImportParams{ExpirationModel: ExpiresModel, ValidTo: ptr(w.clk.Now().Add(time.Hour))})
	w.must("import replica", err)
	if r.State != Enabled || !r.HasMaterial() {
		t.Fatalf("T15: %s", r.State)
	}
	w.advance(time.Hour)
	if r.State != PendingImport || k.State != Enabled || !k.HasMaterial() {
		t.Errorf("R7.6: replica %s, primary %s", r.State, k.State)
	}
	if len(r.Imports) != 1 || !r.Imports[0].Expired {
		t.Errorf("R7.6: replica's imports %+v", r.Imports)
	}
	var expiry int
	for _, tr := range w.trs {
		if _, ok := Edges[Edge{tr.From, tr.To}]; !ok && tr.From != tr.To {
			t.Errorf("transition %s -> %s (%s) is not an edge of R3.2.1", tr.From, tr.To, tr.Cause)
		}
		if tr.Cause == TimerMaterialExpiry {
			expiry++
			if tr.Region != "us-west-2" || tr.From != Enabled || tr.To != PendingImport {
				t.Errorf("T16: %+v", tr)
			}
		}
	}
	if expiry != 1 {
		t.Errorf("%d expiry transitions, want 1", expiry)
	}
}

func ptr[T any](v T) *T { return &v }

// TestCanonicalMaterial: an asymmetric key identifies its material by the
// private key, not by its encoding (imports_families.json:*_ber_reimport):
// an EC key with and without its optional public key is the same material.
func TestCanonicalMaterial(t *testing.T) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.NewChaCha8([32]byte{2}))
	if err != nil {
		t.Fatal(err)
	}
	full, _ := x509.MarshalPKCS8PrivateKey(k)
	// The same key without the optional publicKey of RFC 5915.
	var p8 struct {
		Version    int
		Algo       pkix.AlgorithmIdentifier
		PrivateKey []byte
	}
	if _, err := asn1.Unmarshal(full, &p8); err != nil {
		t.Fatal(err)
	}
	var ec ecPrivateKeyIn
	if _, err := asn1.Unmarshal(p8.PrivateKey, &ec); err != nil {
		t.Fatal(err)
	}
	ec.PublicKey = asn1.BitString{}
	p8.PrivateKey, _ = asn1.Marshal(ec)
	short, _ := asn1.Marshal(p8)
	if bytes.Equal(short, full) || !validMaterial(SpecECCNISTP256, short) {
		t.Fatal("the short encoding is not a distinct valid encoding")
	}
	a, _ := importedMaterialID("k", canonicalMaterial(SpecECCNISTP256, full))
	b, _ := importedMaterialID("k", canonicalMaterial(SpecECCNISTP256, short))
	if a != b {
		t.Errorf("two encodings of one key: IDs %s and %s", a, b)
	}
	k2, _ := ecdsa.GenerateKey(elliptic.P256(), rand.NewChaCha8([32]byte{3}))
	other, _ := x509.MarshalPKCS8PrivateKey(k2)
	if c, _ := importedMaterialID("k", canonicalMaterial(SpecECCNISTP256, other)); c == a {
		t.Error("two keys, one ID")
	}
	// Symmetric material is its bytes.
	if x, y := canonicalMaterial(SpecSymmetricDefault, []byte("abc")), []byte("abc"); !bytes.Equal(x, y) {
		t.Errorf("%q", x)
	}
}

// TestParseKeyPairBER: AWS takes a re-import of an RSA or EC key whose
// PKCS #8 lengths are BER, not DER (imports_families.json:RSA_2048_ber_reimport
// and the other *_ber_reimport cases, Success): such material reads as the
// same key pair and has the same material ID as its DER form. An Ed25519
// key in BER is refused
// (imports_families.json:ECC_NIST_EDWARDS25519_ber_reimport,
// InvalidCiphertextException).
func TestParseKeyPairBER(t *testing.T) {
	for _, spec := range asPairSpecs {
		kp, err := NewKeyPair(spec, asSeed(9))
		if err != nil {
			t.Fatal(err)
		}
		der, _ := kp.PKCS8()
		// The outer SEQUENCE's length in four bytes, more than needed.
		hdr := 2
		if der[1]&0x80 != 0 {
			hdr += int(der[1] & 0x7f)
		}
		n := len(der) - hdr
		ber := append([]byte{0x30, 0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, der[hdr:]...)
		if _, err := x509.ParsePKCS8PrivateKey(ber); err == nil {
			t.Fatalf("%s: crypto/x509 reads the BER form: not a test of BER", spec)
		}
		if spec == SpecECCEd25519 {
			if validMaterial(spec, ber) {
				t.Errorf("%s: BER form taken", spec)
			}
			continue
		}
		back, err := ParseKeyPair(spec, ber)
		if err != nil || !bytes.Equal(back.Public, kp.Public) {
			t.Errorf("%s: BER form: %v", spec, err)
		}
		if !validMaterial(spec, ber) {
			t.Errorf("%s: BER form is not valid material", spec)
		}
		a, _ := importedMaterialID("k", canonicalMaterial(spec, der))
		b, _ := importedMaterialID("k", canonicalMaterial(spec, ber))
		if a != b {
			t.Errorf("%s: DER and BER forms: IDs %s and %s", spec, a, b)
		}
	}
	// Not BER: left as it is, and refused.
	for _, bad := range [][]byte{nil, {0x30}, {0x30, 0x80, 0, 0}, {0x30, 0x85, 1, 2, 3, 4, 5}, {0x30, 0x03, 0x02}} {
		if got := berToDER(bad); !bytes.Equal(got, bad) {
			t.Errorf("berToDER(% x) = % x, want it unchanged", bad, got)
		}
		if _, err := ParseKeyPair(SpecECCNISTP256, bad); err == nil {
			t.Errorf("ParseKeyPair(% x): no error", bad)
		}
	}
}

// TestCanonicalMaterialRSAExponent: the same RSA key with its private
// exponent written as e⁻¹ mod φ(n) or as e⁻¹ mod λ(n) (tools differ; both
// are valid) is the same material, with one KeyMaterialId (R7.5, R7.9).
func TestCanonicalMaterialRSAExponent(t *testing.T) {
	var seed [32]byte
	seed[0] = 7
	k := deriveRSA(2048, Stream(seed[:], "test"))
	p1 := new(big.Int).Sub(k.Primes[0], big.NewInt(1))
	q1 := new(big.Int).Sub(k.Primes[1], big.NewInt(1))
	// deriveRSA writes d mod λ(n); k2 holds d mod φ(n).
	phi := new(big.Int).Mul(p1, q1)
	k2 := *k
	k2.D = new(big.Int).ModInverse(big.NewInt(int64(k.E)), phi)
	if k2.D.Cmp(k.D) == 0 {
		t.Fatal("the two exponents are equal: the test proves nothing")
	}
	a, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	b, err := x509.MarshalPKCS8PrivateKey(&k2)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Fatal("the two encodings are equal: the test proves nothing")
	}
	ida, _ := importedMaterialID("k", canonicalMaterial(SpecRSA2048, a))
	idb, _ := importedMaterialID("k", canonicalMaterial(SpecRSA2048, b))
	if ida != idb {
		t.Fatalf("the same RSA key got material IDs %s and %s", ida, idb)
	}
}
