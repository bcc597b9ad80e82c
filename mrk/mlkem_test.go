package mrk

// Model tests of mlkem.go: ML-KEM key pairs (FIPS 203) derived from a
// material, their SubjectPublicKeyInfo and seed-format PKCS #8, checked
// against Go's own crypto/mlkem (an implementation independent of circl),
// and the store's Encapsulate and Decapsulate across the members of a
// multi-Region set (R9.10) with their errors. The documentation each rule
// comes from is cited in mlkem.go ([sdk], [api]).

import (
	"bytes"
	"crypto/mlkem"
	"crypto/x509/pkix"
	"encoding/asn1"
	"slices"
	"testing"

	"github.com/cloudflare/circl/kem"
)

// mkSizes are FIPS 203's sizes per spec: encapsulation key and ciphertext
// ([sdk] EncapsulateOutput: 768, 1088 and 1568 bytes).
var mkSizes = []struct {
	spec    KeySpec
	oid     string
	pub, ct int
}{
	{SpecMLKEM512, "2.16.840.1.101.3.4.4.1", 800, 768},
	{SpecMLKEM768, "2.16.840.1.101.3.4.4.2", 1184, 1088},
	{SpecMLKEM1024, "2.16.840.1.101.3.4.4.3", 1568, 1568},
}

// TestMLKEMSpecs: ML-KEM specs allow only ENCAPSULATE_DECAPSULATE and list
// only the ML_KEM encapsulation algorithm ([sdk] CreateKey KeyUsage,
// KeyMetadata.EncapsulationAlgorithms); they stay out of KeySpecs, the API
// model's list (A0.25.1).
func TestMLKEMSpecs(t *testing.T) {
	for _, c := range mkSizes {
		if !c.spec.IsMLKEM() || c.spec.IsMLDSA() || slices.Contains(KeySpecs, c.spec) {
			t.Errorf("%s: IsMLKEM %v, IsMLDSA %v, in KeySpecs %v", c.spec, c.spec.IsMLKEM(), c.spec.IsMLDSA(), slices.Contains(KeySpecs, c.spec))
		}
		if u := Usages(c.spec); !slices.Equal(u, []KeyUsage{UsageEncapsulateDecapsulate}) {
			t.Errorf("%s: usages %v", c.spec, u)
		}
		if Compatible(c.spec, UsageSignVerify) || Compatible(SpecSymmetricDefault, UsageEncapsulateDecapsulate) {
			t.Errorf("%s: a usage other than ENCAPSULATE_DECAPSULATE is compatible", c.spec)
		}
		algs := AlgorithmsFor(c.spec, UsageEncapsulateDecapsulate)
		if !slices.Equal(algs.Encapsulation, []string{"ML_KEM"}) || algs.Encryption != nil || algs.Signing != nil ||
			algs.Mac != nil || algs.KeyAgreement != nil {
			t.Errorf("%s: algorithms %+v", c.spec, algs)
		}
		if MLKEMCiphertextSize(c.spec) != c.ct {
			t.Errorf("%s: ciphertext size %d, want %d", c.spec, MLKEMCiphertextSize(c.spec), c.ct)
		}
	}
	if SpecMLDSA65.IsMLKEM() || MLKEMCiphertextSize(SpecMLDSA65) != 0 {
		t.Errorf("ML_DSA_65 is taken for ML-KEM")
	}
}

// TestMLKEMKeyPair: the key pair of a material is FIPS 203 KeyGen(d, z)
// with d || z = SubKey(Seed, "mrk ml-kem", 64): Go's crypto/mlkem derives
// the same encapsulation key from that seed (768 and 1024; it has no 512).
// The SubjectPublicKeyInfo carries the NIST OID without parameters; the
// PKCS #8 is seed format, 86 bytes for every spec ([sdk]
// GenerateDataKeyPair: "the length of the private key is the same for all
// ML-KEM key pair specs"); the same seed gives the same pair (R9.10).
func TestMLKEMKeyPair(t *testing.T) {
	for _, c := range mkSizes {
		kp, err := (&Material{Seed: asSeed(3)}).KeyPair(c.spec)
		if err != nil {
			t.Fatalf("%s: %v", c.spec, err)
		}
		same, _ := NewKeyPair(c.spec, asSeed(3))
		other, _ := NewKeyPair(c.spec, asSeed(4))
		if !bytes.Equal(kp.Public, same.Public) || bytes.Equal(kp.Public, other.Public) {
			t.Errorf("%s: same seed, different keys, or different seeds, same key", c.spec)
		}
		var info struct {
			Algorithm pkix.AlgorithmIdentifier
			PublicKey asn1.BitString
		}
		if rest, err := asn1.Unmarshal(kp.Public, &info); err != nil || len(rest) != 0 {
			t.Fatalf("%s: Public is not a SubjectPublicKeyInfo: %v", c.spec, err)
		}
		if info.Algorithm.Algorithm.String() != c.oid || len(info.Algorithm.Parameters.FullBytes) != 0 || len(info.PublicKey.Bytes) != c.pub {
			t.Errorf("%s: algorithm %v, %d-byte key; want %s without parameters, %d bytes", c.spec, info.Algorithm, len(info.PublicKey.Bytes), c.oid, c.pub)
		}
		priv, ok := kp.Private.(*MLKEMPrivateKey)
		if !ok {
			t.Fatalf("%s: Private is %T", c.spec, kp.Private)
		}
		s3 := asSeed(3)
		seed := SubKey(s3[:], "mrk ml-kem", 64)
		if !bytes.Equal(priv.Seed[:], seed) {
			t.Errorf("%s: the seed is not SubKey(Seed, \"mrk ml-kem\", 64)", c.spec)
		}
		var stdPub []byte
		switch c.spec {
		case SpecMLKEM768:
			dk, err := mlkem.NewDecapsulationKey768(seed)
			if err != nil {
				t.Fatal(err)
			}
			stdPub = dk.EncapsulationKey().Bytes()
		case SpecMLKEM1024:
			dk, err := mlkem.NewDecapsulationKey1024(seed)
			if err != nil {
				t.Fatal(err)
			}
			stdPub = dk.EncapsulationKey().Bytes()
		}
		if stdPub != nil && !bytes.Equal(stdPub, info.PublicKey.Bytes) {
			t.Errorf("%s: crypto/mlkem derives another encapsulation key from the same seed", c.spec)
		}
		der, err := kp.PKCS8()
		if err != nil {
			t.Fatalf("%s: PKCS8: %v", c.spec, err)
		}
		var p8 struct {
			Version    int
			Algorithm  pkix.AlgorithmIdentifier
			PrivateKey []byte
		}
		if rest, err := asn1.Unmarshal(der, &p8); err != nil || len(rest) != 0 || len(der) != 86 {
			t.Fatalf("%s: %d-byte PKCS #8 (%v), want 86", c.spec, len(der), err)
		}
		if p8.Version != 0 || p8.Algorithm.Algorithm.String() != c.oid || !bytes.Equal(p8.PrivateKey, append([]byte{0x80, 64}, seed...)) {
			t.Errorf("%s: PKCS #8 %d %v %x: not the seed as [0] IMPLICIT OCTET STRING", c.spec, p8.Version, p8.Algorithm, p8.PrivateKey)
		}
	}
}

// mkSet makes a multi-Region ML-KEM primary in us-east-1 with Enabled
// replicas in us-west-2 and eu-west-1.
func (w *crWorld) mkSet(spec KeySpec) string {
	w.t.Helper()
	id := w.create(crE1, KeyParams{KeySpec: spec, KeyUsage: UsageEncapsulateDecapsulate, MultiRegion: true})
	for _, r := range []string{crW2, crEU} {
		_, ts, err := w.s.ReplicateKey(w.clk.Now(), crIn(crE1), id, r, MemberParams{})
		w.must("ReplicateKey", err)
		w.timers = append(w.timers, ts...)
	}
	w.advance(w.s.Config().ReplicaCreatingDuration)
	return id
}

// TestMLKEMAcrossMembers: what one member encapsulates every member
// decapsulates (R9.10), each answering with its own ARN (R1.5.4); the
// encapsulation draws exactly its 32-byte m from the entropy, and
// Decapsulate none; Go's crypto/mlkem, given GetPublicKey's key,
// encapsulates a secret the store decapsulates.
func TestMLKEMAcrossMembers(t *testing.T) {
	w := crNew(t)
	for _, c := range mkSizes {
		id := w.mkSet(c.spec)
		drawn := w.ent.n
		e, err := w.s.Encapsulate(w.ent, crIn(crW2), KEMParams{KeyID: id})
		w.must("Encapsulate", err)
		if w.ent.n-drawn != 32 || len(e.Ciphertext) != c.ct || len(e.SharedSecret) != 32 || e.Key.Region != crW2 {
			t.Errorf("%s: drew %d bytes, %d-byte ciphertext, %d-byte secret, member %s", c.spec, w.ent.n-drawn, len(e.Ciphertext), len(e.SharedSecret), e.Key.Region)
		}
		drawn = w.ent.n
		for _, r := range []string{crE1, crW2, crEU} {
			d, err := w.s.Decapsulate(crIn(r), KEMParams{KeyID: id, Ciphertext: e.Ciphertext})
			w.must("Decapsulate in "+r, err)
			if !bytes.Equal(d.SharedSecret, e.SharedSecret) || d.Key.Region != r {
				t.Errorf("%s: Decapsulate in %s gives another secret (or member %s)", c.spec, r, d.Key.Region)
			}
		}
		if w.ent.n != drawn {
			t.Errorf("%s: Decapsulate drew entropy", c.spec)
		}
		_, pub, err := w.s.GetPublicKey(crIn(crEU), id, nil)
		w.must("GetPublicKey", err)
		var info struct {
			Algorithm pkix.AlgorithmIdentifier
			PublicKey asn1.BitString
		}
		if _, err := asn1.Unmarshal(pub, &info); err != nil {
			t.Fatal(err)
		}
		var ct, ss []byte
		switch c.spec {
		case SpecMLKEM768:
			ek, err := mlkem.NewEncapsulationKey768(info.PublicKey.Bytes)
			w.must("crypto/mlkem", err)
			ss, ct = ek.Encapsulate()
		case SpecMLKEM1024:
			ek, err := mlkem.NewEncapsulationKey1024(info.PublicKey.Bytes)
			w.must("crypto/mlkem", err)
			ss, ct = ek.Encapsulate()
		default:
			continue
		}
		d, err := w.s.Decapsulate(crIn(crE1), KEMParams{KeyID: id, Ciphertext: ct})
		w.must("Decapsulate", err)
		if !bytes.Equal(d.SharedSecret, ss) {
			t.Errorf("%s: the store does not decapsulate crypto/mlkem's ciphertext", c.spec)
		}
	}
}

// TestMLKEMImplicitRejection: a ciphertext of the right length that was
// not made for the key still decapsulates, to a 32-byte secret other than
// the encapsulated one, the same in every member ([sdk] Decapsulate:
// "implicit rejection"); circl, given the private key, agrees.
func TestMLKEMImplicitRejection(t *testing.T) {
	w := crNew(t)
	id := w.mkSet(SpecMLKEM512)
	e, err := w.s.Encapsulate(w.ent, crIn(crE1), KEMParams{KeyID: id})
	w.must("Encapsulate", err)
	bad := slices.Clone(e.Ciphertext)
	bad[100] ^= 1
	a, err := w.s.Decapsulate(crIn(crW2), KEMParams{KeyID: id, Ciphertext: bad})
	w.must("Decapsulate", err)
	b, err := w.s.Decapsulate(crIn(crEU), KEMParams{KeyID: id, Ciphertext: bad})
	w.must("Decapsulate", err)
	if len(a.SharedSecret) != 32 || bytes.Equal(a.SharedSecret, e.SharedSecret) || !bytes.Equal(a.SharedSecret, b.SharedSecret) {
		t.Errorf("implicit rejection: %x vs %x (encapsulated %x)", a.SharedSecret, b.SharedSecret, e.SharedSecret)
	}
	kp, err := w.s.Set(id).CurrentMaterial().KeyPair(SpecMLKEM512)
	w.must("KeyPair", err)
	sk := kp.Private.(*MLKEMPrivateKey).Key
	var sch kem.Scheme = sk.Scheme()
	if want, _ := sch.Decapsulate(sk, bad); !bytes.Equal(want, a.SharedSecret) {
		t.Errorf("the store's rejection secret is not FIPS 203's")
	}
}

// TestMLKEMErrors: the model's refusals of Encapsulate and Decapsulate and
// of CreateKey and GenerateDataKeyPair with ML-KEM specs, each leaving the
// store, entropy and timers untouched (A0.11.3).
func TestMLKEMErrors(t *testing.T) {
	w := crNew(t)
	id := w.mkSet(SpecMLKEM768)
	sym := w.create(crE1, KeyParams{})
	off := w.create(crE1, KeyParams{KeySpec: SpecMLKEM1024, KeyUsage: UsageEncapsulateDecapsulate})
	w.must("DisableKey", w.s.DisableKey(crIn(crE1), off))
	arn := func(r, id string) string { return "arn:aws:kms:" + r + ":" + crAcct + ":key/" + id }
	e, err := w.s.Encapsulate(w.ent, crIn(crE1), KEMParams{KeyID: id})
	w.must("Encapsulate", err)
	short := e.Ciphertext[:767]
	cases := []struct {
		name string
		want crWant
		call func() error
	}{
		{"[sdk] Encapsulate not in the China Regions", crErr(CodeUnsupportedOperation, "Encapsulate is not supported in Region cn-north-1."),
			func() error { _, err := w.s.Encapsulate(w.ent, crIn("cn-north-1"), KEMParams{KeyID: id}); return err }},
		{"[sdk] Decapsulate not in the China Regions", crErr(CodeUnsupportedOperation, "Decapsulate is not supported in Region cn-north-1."),
			func() error {
				_, err := w.s.Decapsulate(crIn("cn-north-1"), KEMParams{KeyID: id, Ciphertext: e.Ciphertext})
				return err
			}},
		{"A0.15.2 grant token", crErr(CodeInvalidGrantToken, errInvalidGrantToken().Message),
			func() error {
				_, err := w.s.Encapsulate(w.ent, crIn(crE1), KEMParams{KeyID: id, GrantTokens: []string{"x"}})
				return err
			}},
		{"R3.6.1 Disabled", crErr(CodeDisabled, arn(crE1, off)+" is disabled."),
			func() error {
				_, err := w.s.Decapsulate(crIn(crE1), KEMParams{KeyID: off, Ciphertext: e.Ciphertext})
				return err
			}},
		{"KU1 symmetric key", crErr(CodeInvalidKeyUsage, arn(crE1, sym)+" key usage is ENCRYPT_DECRYPT which is not valid for Encapsulate."),
			func() error { _, err := w.s.Encapsulate(w.ent, crIn(crE1), KEMParams{KeyID: sym}); return err }},
		{"KU1 ML-KEM key for Encrypt", crErr(CodeInvalidKeyUsage, arn(crW2, id)+" key usage is ENCAPSULATE_DECAPSULATE which is not valid for Encrypt."),
			func() error {
				_, err := w.s.Encrypt(w.ent, crIn(crW2), EncryptParams{KeyID: id, Plaintext: []byte("x")})
				return err
			}},
		{"[sdk] wrong ciphertext length", crErr(CodeInvalidCiphertext, ""),
			func() error {
				_, err := w.s.Decapsulate(crIn(crEU), KEMParams{KeyID: id, Ciphertext: short})
				return err
			}},
		{"A0.14.3 the length before DryRun", crErr(CodeInvalidCiphertext, ""),
			func() error {
				_, err := w.s.Decapsulate(crIn(crEU), KEMParams{KeyID: id, Ciphertext: short, DryRun: true})
				return err
			}},
		{"A0.14.3 Encapsulate DryRun draws nothing", crErr(CodeDryRun, msgDryRun),
			func() error {
				_, err := w.s.Encapsulate(w.ent, crIn(crE1), KEMParams{KeyID: id, DryRun: true})
				return err
			}},
		{"A0.14.3 Decapsulate DryRun", crErr(CodeDryRun, msgDryRun),
			func() error {
				_, err := w.s.Decapsulate(crIn(crE1), KEMParams{KeyID: id, Ciphertext: e.Ciphertext, DryRun: true})
				return err
			}},
		{"A6.3.5 ML-KEM with SIGN_VERIFY", crErr(CodeValidation, "KeyUsage SIGN_VERIFY is not compatible with KeySpec ML_KEM_512"),
			func() error {
				_, err := w.s.CreateKey(w.clk.Now(), w.ent, crIn(crE1), KeyParams{KeySpec: SpecMLKEM512, KeyUsage: UsageSignVerify})
				return err
			}},
		{"A6 ML-KEM with Origin EXTERNAL, as ML-DSA", crErr(CodeValidation, "KeySpec ML_KEM_512 is not supported for Origin EXTERNAL"),
			func() error {
				_, err := w.s.CreateKey(w.clk.Now(), w.ent, crIn(crE1), KeyParams{KeySpec: SpecMLKEM512, KeyUsage: UsageEncapsulateDecapsulate, Origin: OriginExternal})
				return err
			}},
		{"[sdk] ML-KEM keys not in the China Regions", crErr(CodeUnsupportedOperation, "KeySpec ML_KEM_1024 is not supported in Region cn-north-1."),
			func() error {
				_, err := w.s.CreateKey(w.clk.Now(), w.ent, crIn("cn-north-1"), KeyParams{KeySpec: SpecMLKEM1024, KeyUsage: UsageEncapsulateDecapsulate})
				return err
			}},
		{"[sdk] ML-KEM data key pairs not in the China Regions", crErr(CodeUnsupportedOperation, "KeyPairSpec ML_KEM_768 is not supported in Region cn-north-1."),
			func() error {
				_, err := w.s.GenerateDataKeyPair(w.ent, crIn("cn-north-1"), OpGenerateDataKeyPair, DataKeyPairParams{KeyID: sym, KeyPairSpec: SpecMLKEM768})
				return err
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { w.fails(t, c.want, c.call) })
	}
}
