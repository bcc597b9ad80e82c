package mrk

// Deterministic derivation of key bytes and key pairs from a material.
//
// Go's crypto ignores a caller's random source for key generation and
// randomized padding, so the simulator derives everything that must be
// reproducible from Material.Seed itself: a labelled ChaCha8 stream per
// purpose (Stream), and RSA key pairs drawn from such a stream (RSAKey).
// The same seed always gives the same bytes and the same keys.

import (
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"io"
	"math/big"
	"math/rand/v2"
	"sync"
)

// Stream returns a deterministic byte stream for one purpose of a seed:
// ChaCha8 keyed with HMAC-SHA256(seed, label). Distinct labels give
// independent streams.
func Stream(seed []byte, label string) io.Reader {
	mac := hmac.New(sha256.New, seed)
	mac.Write([]byte(label))
	var k [32]byte
	copy(k[:], mac.Sum(nil))
	return rand.NewChaCha8(k)
}

// SubKey returns n bytes of Stream(seed, label).
func SubKey(seed []byte, label string, n int) []byte {
	b := make([]byte, n)
	mustRead(Stream(seed, label), b)
	return b
}

var rsaCache sync.Map // rsaCacheKey -> *rsa.PrivateKey

type rsaCacheKey struct {
	bits int
	seed [32]byte
}

// RSAKey returns the RSA key pair of the given size derived from seed:
// primes drawn from Stream(seed, "mrk rsa"), e = 65537. The same seed and
// size always give the same key. Generating a 4096-bit key costs tens of
// milliseconds, so keys are kept once made.
func RSAKey(bits int, seed [32]byte) *rsa.PrivateKey {
	ck := rsaCacheKey{bits, seed}
	if k, ok := rsaCache.Load(ck); ok {
		return k.(*rsa.PrivateKey)
	}
	k := deriveRSA(bits, Stream(seed[:], "mrk rsa"))
	actual, _ := rsaCache.LoadOrStore(ck, k)
	return actual.(*rsa.PrivateKey)
}

// deriveRSA draws two primes of bits/2 bits each, their two top bits set
// so that the modulus has exactly bits bits (FIPS 186-5 B.3.1's bound),
// each coprime to e-1's complement (gcd(e, p-1) = 1) and distinct.
func deriveRSA(bits int, r io.Reader) *rsa.PrivateKey {
	const e = 65537
	one := big.NewInt(1)
	bigE := big.NewInt(e)
	prime := func() *big.Int {
		buf := make([]byte, bits/16)
		p := new(big.Int)
		pm1 := new(big.Int)
		g := new(big.Int)
		for {
			mustRead(r, buf)
			buf[0] |= 0xC0
			buf[len(buf)-1] |= 1
			p.SetBytes(buf)
			if !p.ProbablyPrime(20) {
				continue
			}
			pm1.Sub(p, one)
			if g.GCD(nil, nil, bigE, pm1).Cmp(one) != 0 {
				continue
			}
			return p
		}
	}
	for {
		p, q := prime(), prime()
		if p.Cmp(q) == 0 {
			continue
		}
		n := new(big.Int).Mul(p, q)
		if n.BitLen() != bits {
			continue
		}
		phi := new(big.Int).Mul(new(big.Int).Sub(p, one), new(big.Int).Sub(q, one))
		d := new(big.Int).ModInverse(bigE, phi)
		if d == nil {
			continue
		}
		k := &rsa.PrivateKey{
			PublicKey: rsa.PublicKey{N: n, E: e},
			D:         d,
			Primes:    []*big.Int{p, q},
		}
		k.Precompute()
		if k.Validate() != nil {
			continue
		}
		return k
	}
}
