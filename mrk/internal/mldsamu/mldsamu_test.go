package mldsamu

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/cloudflare/circl/sign/mldsa/mldsa44"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/cloudflare/circl/sign/mldsa/mldsa87"
)

// ref is one parameter set with circl's deterministic signing and
// verification of pure ML-DSA with an empty context, the reference the
// tests compare against.
type ref struct {
	p      *Params
	keygen func(seed *[32]byte) (pk, sk []byte)
	sign   func(sk, msg []byte) []byte
	verify func(pk, msg, sig []byte) bool
}

var refs = []ref{
	{MLDSA44,
		func(seed *[32]byte) ([]byte, []byte) {
			pk, sk := mldsa44.NewKeyFromSeed(seed)
			return pk.Bytes(), sk.Bytes()
		},
		func(sk, msg []byte) []byte {
			var k mldsa44.PrivateKey
			if err := k.UnmarshalBinary(sk); err != nil {
				panic(err)
			}
			sig := make([]byte, mldsa44.SignatureSize)
			if err := mldsa44.SignTo(&k, msg, nil, false, sig); err != nil {
				panic(err)
			}
			return sig
		},
		func(pk, msg, sig []byte) bool {
			var k mldsa44.PublicKey
			if err := k.UnmarshalBinary(pk); err != nil {
				panic(err)
			}
			return mldsa44.Verify(&k, msg, nil, sig)
		}},
	{MLDSA65,
		func(seed *[32]byte) ([]byte, []byte) {
			pk, sk := mldsa65.NewKeyFromSeed(seed)
			return pk.Bytes(), sk.Bytes()
		},
		func(sk, msg []byte) []byte {
			var k mldsa65.PrivateKey
			if err := k.UnmarshalBinary(sk); err != nil {
				panic(err)
			}
			sig := make([]byte, mldsa65.SignatureSize)
			if err := mldsa65.SignTo(&k, msg, nil, false, sig); err != nil {
				panic(err)
			}
			return sig
		},
		func(pk, msg, sig []byte) bool {
			var k mldsa65.PublicKey
			if err := k.UnmarshalBinary(pk); err != nil {
				panic(err)
			}
			return mldsa65.Verify(&k, msg, nil, sig)
		}},
	{MLDSA87,
		func(seed *[32]byte) ([]byte, []byte) {
			pk, sk := mldsa87.NewKeyFromSeed(seed)
			return pk.Bytes(), sk.Bytes()
		},
		func(sk, msg []byte) []byte {
			var k mldsa87.PrivateKey
			if err := k.UnmarshalBinary(sk); err != nil {
				panic(err)
			}
			sig := make([]byte, mldsa87.SignatureSize)
			if err := mldsa87.SignTo(&k, msg, nil, false, sig); err != nil {
				panic(err)
			}
			return sig
		},
		func(pk, msg, sig []byte) bool {
			var k mldsa87.PublicKey
			if err := k.UnmarshalBinary(pk); err != nil {
				panic(err)
			}
			return mldsa87.Verify(&k, msg, nil, sig)
		}},
}

func TestSizes(t *testing.T) {
	want := map[*Params][3]int{ // FIPS 204 Table 2: pk, sk, sig
		MLDSA44: {1312, 2560, 2420},
		MLDSA65: {1952, 4032, 3309},
		MLDSA87: {2592, 4896, 4627},
	}
	for p, w := range want {
		if got := [3]int{p.PublicKeySize(), p.PrivateKeySize(), p.SignatureSize()}; got != w {
			t.Errorf("%s: sizes %v, want %v", p.Name, got, w)
		}
	}
}

// TestSignMatchesCircl: for each parameter set, several keys and many
// messages, Sign(sk, μ) with μ = H(tr ‖ 0 ‖ 0 ‖ M) is byte-identical to
// circl's deterministic SignTo(sk, M), circl's Verify accepts it, and
// Verify(pk, μ) accepts it.
func TestSignMatchesCircl(t *testing.T) {
	for _, r := range refs {
		for ki := range 2 {
			seed := [32]byte{byte(ki), 0x5a}
			pk, sk := r.keygen(&seed)
			for mi := range 12 {
				msg := bytes.Repeat([]byte{byte(mi)}, mi*13)
				msg = append(msg, fmt.Sprintf("message %d of key %d", mi, ki)...)
				mu := Mu(pk, msg)
				got, err := Sign(r.p, sk, mu)
				if err != nil {
					t.Fatalf("%s: %v", r.p.Name, err)
				}
				if want := r.sign(sk, msg); !bytes.Equal(got, want) {
					t.Fatalf("%s key %d message %d: signature differs from circl's", r.p.Name, ki, mi)
				}
				if !r.verify(pk, msg, got) {
					t.Errorf("%s: circl rejects the signature", r.p.Name)
				}
				if !Verify(r.p, pk, mu, got) {
					t.Errorf("%s: Verify rejects the signature", r.p.Name)
				}
			}
		}
	}
}

// TestVerifyRejects: Verify accepts circl's signatures and rejects a
// flipped bit anywhere in the signature or μ, another key, and inputs of
// the wrong length.
func TestVerifyRejects(t *testing.T) {
	for _, r := range refs {
		seed := [32]byte{7}
		pk, sk := r.keygen(&seed)
		seed[0] = 8
		otherPK, _ := r.keygen(&seed)
		msg := []byte("verify me")
		mu := Mu(pk, msg)
		sig := r.sign(sk, msg)
		if !Verify(r.p, pk, mu, sig) {
			t.Fatalf("%s: Verify rejects circl's signature", r.p.Name)
		}
		for _, i := range []int{0, 5, r.p.ctildeSize(), len(sig) / 2, len(sig) - r.p.k - r.p.omega - 1, len(sig) - r.p.k - 1, len(sig) - 1} {
			bad := bytes.Clone(sig)
			bad[i] ^= 0x04
			if Verify(r.p, pk, mu, bad) {
				t.Errorf("%s: a flipped bit at signature byte %d verifies", r.p.Name, i)
			}
		}
		for _, i := range []int{0, 31, 63} {
			bad := bytes.Clone(mu)
			bad[i] ^= 1
			if Verify(r.p, pk, bad, sig) {
				t.Errorf("%s: a flipped bit at mu byte %d verifies", r.p.Name, i)
			}
		}
		if Verify(r.p, otherPK, mu, sig) {
			t.Errorf("%s: another key verifies", r.p.Name)
		}
		for _, c := range []struct {
			name        string
			pk, mu, sig []byte
		}{
			{"short sig", pk, mu, sig[:len(sig)-1]},
			{"long sig", pk, mu, append(bytes.Clone(sig), 0)},
			{"short mu", pk, mu[:63], sig},
			{"long mu", pk, append(bytes.Clone(mu), 0), sig},
			{"short pk", pk[:len(pk)-1], mu, sig},
			{"empty", nil, nil, nil},
		} {
			if Verify(r.p, c.pk, c.mu, c.sig) {
				t.Errorf("%s: %s verifies", r.p.Name, c.name)
			}
		}
		if _, err := Sign(r.p, sk, mu[:63]); err == nil {
			t.Errorf("%s: Sign takes a 63-byte mu", r.p.Name)
		}
		if _, err := Sign(r.p, sk[:len(sk)-1], mu); err == nil {
			t.Errorf("%s: Sign takes a short private key", r.p.Name)
		}
	}
}

// TestNTTRoundTrip: NTT^−1(NTT(w)) = w (FIPS 204 Algorithms 41, 42) and
// the NTT turns the negacyclic product into the pointwise one.
func TestNTTRoundTrip(t *testing.T) {
	var a, b poly
	for i := range a {
		a[i] = int32((i*7919 + 13) % q)
		b[i] = int32((i*i*31 + 5) % q)
	}
	if got := invNTT(ntt(a)); got != a {
		t.Fatal("NTT^-1(NTT(a)) != a")
	}
	// schoolbook product in Z_q[X]/(X^256+1)
	var want poly
	for i := range n {
		for j := range n {
			v := int64(a[i]) * int64(b[j]) % q
			if i+j >= n {
				want[i+j-n] = modq(int64(want[i+j-n]) - v)
			} else {
				want[i+j] = modq(int64(want[i+j]) + v)
			}
		}
	}
	na, nb := ntt(a), ntt(b)
	if got := invNTT(mulNTT(&na, &nb)); got != want {
		t.Fatal("NTT product differs from the schoolbook product")
	}
}
