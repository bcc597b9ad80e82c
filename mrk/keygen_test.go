package mrk

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"math/big"
	"testing"
)

// TestRSAKeyDeterministic: the same seed gives the same key pair, another
// seed another, and the key works with crypto/rsa.
func TestRSAKeyDeterministic(t *testing.T) {
	var s1, s2 [32]byte
	s1[0], s2[0] = 1, 2
	for _, bits := range []int{2048, 3072} {
		a := deriveRSA(bits, Stream(s1[:], "mrk rsa"))
		b := deriveRSA(bits, Stream(s1[:], "mrk rsa"))
		c := deriveRSA(bits, Stream(s2[:], "mrk rsa"))
		if a.N.Cmp(b.N) != 0 || a.D.Cmp(b.D) != 0 {
			t.Fatalf("%d: same seed, different keys", bits)
		}
		if a.N.Cmp(c.N) == 0 {
			t.Fatalf("%d: different seeds, same key", bits)
		}
		if a.N.BitLen() != bits {
			t.Fatalf("modulus has %d bits, want %d", a.N.BitLen(), bits)
		}
		h := sha256.Sum256([]byte("hello"))
		sig, err := rsa.SignPKCS1v15(nil, a, crypto.SHA256, h[:])
		if err != nil {
			t.Fatal(err)
		}
		if err := rsa.VerifyPKCS1v15(&b.PublicKey, crypto.SHA256, h[:], sig); err != nil {
			t.Fatalf("%d: signature does not verify: %v", bits, err)
		}
		ct, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, &a.PublicKey, []byte("x"), nil)
		if err != nil {
			t.Fatal(err)
		}
		pt, err := rsa.DecryptOAEP(sha256.New(), nil, b, ct, nil)
		if err != nil || !bytes.Equal(pt, []byte("x")) {
			t.Fatalf("%d: OAEP round trip: %v", bits, err)
		}
	}
	if RSAKey(2048, s1) != RSAKey(2048, s1) {
		t.Fatal("RSAKey does not keep the key it made")
	}
}

func TestStreamLabels(t *testing.T) {
	seed := []byte("seed")
	if bytes.Equal(SubKey(seed, "a", 32), SubKey(seed, "b", 32)) {
		t.Fatal("labels a and b give the same bytes")
	}
	if !bytes.Equal(SubKey(seed, "a", 32), SubKey(seed, "a", 32)) {
		t.Fatal("the same label gives different bytes")
	}
}

// TestBoundedCache: the cache never holds more than its bound, and keeps
// answering what it holds.
func TestBoundedCache(t *testing.T) {
	c := newBoundedCache[int, int](8)
	for i := range 100 {
		if got := c.loadOrStore(i, i*i); got != i*i {
			t.Fatalf("loadOrStore(%d) = %d", i, got)
		}
		if c.len() > 8 {
			t.Fatalf("cache holds %d entries, bound 8", c.len())
		}
		if v, ok := c.load(i); !ok || v != i*i {
			t.Fatalf("load(%d) = %d, %v right after storing it", i, v, ok)
		}
	}
	if got := c.loadOrStore(99, -1); got != 99*99 {
		t.Fatalf("loadOrStore kept %d over the held %d", got, 99*99)
	}
}

// TestRSAExponentModLambda: a derived RSA key's private exponent is
// e⁻¹ mod λ(n) = lcm(p-1, q-1), as FIPS 186-5 A.1.1 requires, so that
// exported private keys have AWS's shape (rsa.json:data_key_pair). For
// some of these seeds e⁻¹ mod φ(n) differs, so the test tells them apart.
func TestRSAExponentModLambda(t *testing.T) {
	one := big.NewInt(1)
	differs := 0
	for seed := range byte(4) {
		k := RSAKey(2048, [32]byte{9, seed})
		p1, q1 := new(big.Int).Sub(k.Primes[0], one), new(big.Int).Sub(k.Primes[1], one)
		phi := new(big.Int).Mul(p1, q1)
		lambda := new(big.Int).Quo(phi, new(big.Int).GCD(nil, nil, p1, q1))
		e := big.NewInt(int64(k.E))
		if want := new(big.Int).ModInverse(e, lambda); k.D.Cmp(want) != 0 {
			t.Errorf("seed %d: d is not e⁻¹ mod λ(n)", seed)
		}
		if new(big.Int).ModInverse(e, phi).Cmp(k.D) != 0 {
			differs++
		}
	}
	if differs == 0 {
		t.Error("e⁻¹ mod φ(n) equals e⁻¹ mod λ(n) for every seed: the test proves nothing")
	}
}
