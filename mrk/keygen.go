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

// rsaCache keeps the RSA keys made, so that a key used again (a member
// signing twice, an import token's wrapping key) is not generated anew.
var rsaCache = newBoundedCache[rsaCacheKey, *rsa.PrivateKey](rsaCacheSize)

// rsaCacheSize bounds rsaCache: a long-running mrksim that issues import
// parameters all day must not grow without limit. 512 keys of 4096 bits
// hold about 3.8 MiB.
const rsaCacheSize = 512

// boundedCache is a map safe for concurrent use that holds at most max
// entries: when full, it forgets an arbitrary half. Everything it holds can
// be derived again, so forgetting costs only time.
type boundedCache[K comparable, V any] struct {
	mu  sync.Mutex
	m   map[K]V
	max int
}

func newBoundedCache[K comparable, V any](max int) *boundedCache[K, V] {
	return &boundedCache[K, V]{m: map[K]V{}, max: max}
}

func (c *boundedCache[K, V]) load(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

// loadOrStore returns the value held for k, storing v when there is none.
func (c *boundedCache[K, V]) loadOrStore(k K, v V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok {
		return old
	}
	if len(c.m) >= c.max {
		n := 0
		for key := range c.m {
			if n >= c.max/2 {
				break
			}
			delete(c.m, key)
			n++
		}
	}
	c.m[k] = v
	return v
}

func (c *boundedCache[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

type rsaCacheKey struct {
	bits int
	seed [32]byte
}

// RSAKey returns the RSA key pair of the given size derived from seed:
// primes drawn from Stream(seed, "mrk rsa"), e = 65537. The same seed and
// size always give the same key. Generating a key costs about 0.25 s at
// 2048 bits and over a second at 4096, so keys are kept once made (at most
// rsaCacheSize of them).
func RSAKey(bits int, seed [32]byte) *rsa.PrivateKey {
	ck := rsaCacheKey{bits, seed}
	if k, ok := rsaCache.load(ck); ok {
		return k
	}
	return rsaCache.loadOrStore(ck, deriveRSA(bits, Stream(seed[:], "mrk rsa")))
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
		// d = e⁻¹ mod λ(n) = lcm(p-1, q-1), as FIPS 186-5 A.1.1 requires
		// of an approved key (KMS's HSMs are FIPS 140-3 validated).
		pm1, qm1 := new(big.Int).Sub(p, one), new(big.Int).Sub(q, one)
		lambda := new(big.Int).Mul(pm1, qm1)
		lambda.Quo(lambda, new(big.Int).GCD(nil, nil, pm1, qm1))
		d := new(big.Int).ModInverse(bigE, lambda)
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
