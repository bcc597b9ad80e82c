// Package mldsamu is FIPS 204 ML-DSA.Sign_internal and ML-DSA.Verify_internal
// (Algorithms 7 and 8) taking the message representative μ directly, for
// the simulator's MessageType EXTERNAL_MU: the caller has already computed
// μ = H(tr ‖ M′, 64), so line 6 of Algorithm 7 and line 7 of Algorithm 8
// are left out.
//
// It reads the keys in FIPS 204's encodings (pkEncode and skEncode,
// Algorithms 22 and 24, which is what circl's PublicKey.Bytes and
// PrivateKey.Bytes give)
// and writes and reads signatures in sigEncode's (Algorithm 26), so its
// signatures are interchangeable with any FIPS 204 implementation's. It is
// written from the standard's pseudocode for clarity, not speed: plain
// int64 arithmetic mod q, no assembly.
package mldsamu

import (
	"crypto/sha3"
	"crypto/subtle"
	"errors"
)

const (
	n = 256     // polynomial degree
	q = 8380417 // the modulus, 2^23 − 2^13 + 1
	d = 13      // dropped bits of t (FIPS 204 Table 1)
)

// Params is one ML-DSA parameter set (FIPS 204 Table 1).
type Params struct {
	Name   string
	k, l   int   // dimensions of A
	eta    int   // private key range
	tau    int   // ±1 coefficients of c
	beta   int32 // tau·eta
	gamma1 int32 // y coefficient range
	gamma2 int32 // low-order rounding range
	omega  int   // maximum number of 1s in the hint
	lambda int   // collision strength; c̃ is lambda/4 bytes
}

// The three parameter sets of FIPS 204 Table 1.
var (
	MLDSA44 = &Params{Name: "ML-DSA-44", k: 4, l: 4, eta: 2, tau: 39, beta: 78, gamma1: 1 << 17, gamma2: (q - 1) / 88, omega: 80, lambda: 128}
	MLDSA65 = &Params{Name: "ML-DSA-65", k: 6, l: 5, eta: 4, tau: 49, beta: 196, gamma1: 1 << 19, gamma2: (q - 1) / 32, omega: 55, lambda: 192}
	MLDSA87 = &Params{Name: "ML-DSA-87", k: 8, l: 7, eta: 2, tau: 60, beta: 120, gamma1: 1 << 19, gamma2: (q - 1) / 32, omega: 75, lambda: 256}
)

// MuSize is the length of μ in bytes (FIPS 204 Algorithm 7 line 6).
const MuSize = 64

// bitlen is FIPS 204's bitlen: the number of bits of x > 0.
func bitlen(x int) int {
	b := 0
	for ; x > 0; x >>= 1 {
		b++
	}
	return b
}

func (p *Params) etaBits() int    { return bitlen(2 * p.eta) }
func (p *Params) gamma1Bits() int { return 1 + bitlen(int(p.gamma1)-1) }
func (p *Params) w1Bits() int     { return bitlen(int((q-1)/(2*p.gamma2)) - 1) }
func (p *Params) ctildeSize() int { return p.lambda / 4 }

// PublicKeySize is the length of pkEncode's output (FIPS 204 Table 2).
func (p *Params) PublicKeySize() int { return 32 + 32*p.k*(bitlen(q-1)-d) }

// PrivateKeySize is the length of skEncode's output (FIPS 204 Table 2).
func (p *Params) PrivateKeySize() int {
	return 32 + 32 + 64 + 32*(p.l+p.k)*p.etaBits() + 32*p.k*d
}

// SignatureSize is the length of sigEncode's output (FIPS 204 Table 2).
func (p *Params) SignatureSize() int {
	return p.ctildeSize() + 32*p.l*p.gamma1Bits() + p.omega + p.k
}

// poly is a polynomial of R_q, coefficients in [0, q) unless said.
type poly [n]int32

// shake256 is FIPS 204's H: SHAKE256 of the concatenated inputs, outLen bytes.
func shake256(outLen int, in ...[]byte) []byte {
	h := sha3.NewSHAKE256()
	for _, b := range in {
		h.Write(b)
	}
	out := make([]byte, outLen)
	h.Read(out)
	return out
}

// modq reduces any int64 into [0, q).
func modq(x int64) int32 {
	r := x % q
	if r < 0 {
		r += q
	}
	return int32(r)
}

// modpm is x mod± m for even m: the representative in (−m/2, m/2].
func modpm(x, m int32) int32 {
	r := x % m
	if r < 0 {
		r += m
	}
	if r > m/2 {
		r -= m
	}
	return r
}

// centered is x ∈ [0, q) as x mod± q.
func centered(x int32) int32 {
	if x > (q-1)/2 {
		return x - q
	}
	return x
}

// normGE reports whether ‖v‖∞ ≥ bound for a vector of polys in [0, q).
func normGE(v []poly, bound int32) bool {
	ge := false
	for i := range v {
		for _, c := range v[i] {
			a := centered(c)
			if a < 0 {
				a = -a
			}
			ge = ge || a >= bound
		}
	}
	return ge
}

// --- NTT (FIPS 204 Algorithms 41, 42 and 45) ---

// zetas[m] = ζ^BitRev8(m) mod q with ζ = 1753 (FIPS 204 Appendix B).
var zetas = func() [n]int32 {
	var z [n]int32
	for m := range n {
		br := 0
		for b := range 8 {
			if m&(1<<b) != 0 {
				br |= 1 << (7 - b)
			}
		}
		v := int64(1)
		for range br {
			v = v * 1753 % q
		}
		z[m] = int32(v)
	}
	return z
}()

// ntt is Algorithm 41, NTT(w).
func ntt(w poly) poly {
	m := 0
	for ln := 128; ln >= 1; ln /= 2 {
		for start := 0; start < n; start += 2 * ln {
			m++
			z := int64(zetas[m])
			for j := start; j < start+ln; j++ {
				t := z * int64(w[j+ln]) % q
				w[j+ln] = modq(int64(w[j]) - t)
				w[j] = modq(int64(w[j]) + t)
			}
		}
	}
	return w
}

// invNTT is Algorithm 42, NTT^−1(ŵ).
func invNTT(w poly) poly {
	m := n
	for ln := 1; ln < n; ln *= 2 {
		for start := 0; start < n; start += 2 * ln {
			m--
			z := int64(q - zetas[m])
			for j := start; j < start+ln; j++ {
				t := int64(w[j])
				w[j] = modq(t + int64(w[j+ln]))
				w[j+ln] = modq(z * (t - int64(w[j+ln]) + q) % q)
			}
		}
	}
	const f = 8347681 // 256^−1 mod q
	for j := range w {
		w[j] = modq(int64(w[j]) * f)
	}
	return w
}

// mulNTT is Algorithm 45, the pointwise product of two NTT representations.
func mulNTT(a, b *poly) poly {
	var c poly
	for i := range c {
		c[i] = modq(int64(a[i]) * int64(b[i]))
	}
	return c
}

func add(a, b *poly) poly {
	var c poly
	for i := range c {
		c[i] = modq(int64(a[i]) + int64(b[i]))
	}
	return c
}

func sub(a, b *poly) poly {
	var c poly
	for i := range c {
		c[i] = modq(int64(a[i]) - int64(b[i]))
	}
	return c
}

// mulAccNTT is Â ∘ v̂ for a k×l matrix and a length-l vector (Algorithm 48).
func mulAccNTT(a [][]poly, v []poly) []poly {
	out := make([]poly, len(a))
	for i := range a {
		for j := range v {
			p := mulNTT(&a[i][j], &v[j])
			out[i] = add(&out[i], &p)
		}
	}
	return out
}

// --- Sampling (FIPS 204 Algorithms 29, 30, 32, 34) ---

// sampleInBall is Algorithm 29: the polynomial with tau coefficients ±1
// and the rest 0 chosen by ρ = c̃.
func sampleInBall(p *Params, rho []byte) poly {
	var c poly
	h := sha3.NewSHAKE256()
	h.Write(rho)
	var s [8]byte
	h.Read(s[:])
	var b [1]byte
	for i := n - p.tau; i < n; i++ {
		h.Read(b[:])
		for int(b[0]) > i {
			h.Read(b[:])
		}
		j := int(b[0])
		c[i] = c[j]
		bit := i + p.tau - n // index into the 64 sign bits of s
		if (s[bit/8]>>(bit%8))&1 == 1 {
			c[j] = q - 1
		} else {
			c[j] = 1
		}
	}
	return c
}

// rejNTTPoly is Algorithm 30: a polynomial of T_q sampled uniformly from
// SHAKE128(ρ) by rejection (CoeffFromThreeBytes, Algorithm 14).
func rejNTTPoly(rho []byte) poly {
	var a poly
	h := sha3.NewSHAKE128()
	h.Write(rho)
	var b [3]byte
	for j := 0; j < n; {
		h.Read(b[:])
		z := int32(b[2]&0x7f)<<16 | int32(b[1])<<8 | int32(b[0])
		if z < q {
			a[j] = z
			j++
		}
	}
	return a
}

// expandA is Algorithm 32: Â ∈ T_q^{k×l} from ρ.
func expandA(p *Params, rho []byte) [][]poly {
	a := make([][]poly, p.k)
	for r := range p.k {
		a[r] = make([]poly, p.l)
		for s := range p.l {
			a[r][s] = rejNTTPoly(append(append([]byte{}, rho...), byte(s), byte(r)))
		}
	}
	return a
}

// expandMask is Algorithm 34: y ∈ R^l with coefficients in (−γ1, γ1],
// returned reduced into [0, q).
func expandMask(p *Params, rho []byte, mu int) []poly {
	c := p.gamma1Bits()
	y := make([]poly, p.l)
	for r := range p.l {
		v := shake256(32*c, rho, []byte{byte(mu + r), byte((mu + r) >> 8)})
		y[r] = bitUnpack(v, p.gamma1-1, p.gamma1, c)
	}
	return y
}

// --- Bit packing (FIPS 204 Algorithms 16–21) ---

// packBits writes 256 values of `bits` bits each, least significant bit
// first (BitsToBytes of the concatenated IntegerToBits).
func packBits(vals *[n]uint32, bits int) []byte {
	out := make([]byte, 32*bits)
	pos := 0
	for _, v := range vals {
		for b := range bits {
			if v>>b&1 == 1 {
				out[pos/8] |= 1 << (pos % 8)
			}
			pos++
		}
	}
	return out
}

// unpackBits is packBits' inverse; buf holds exactly 32·bits bytes.
func unpackBits(buf []byte, bits int) [n]uint32 {
	var vals [n]uint32
	pos := 0
	for i := range vals {
		for b := range bits {
			vals[i] |= uint32(buf[pos/8]>>(pos%8)&1) << b
			pos++
		}
	}
	return vals
}

// simpleBitPack is Algorithm 16 for coefficients in [0, b].
func simpleBitPack(w *poly, bits int) []byte {
	var v [n]uint32
	for i, c := range w {
		v[i] = uint32(c)
	}
	return packBits(&v, bits)
}

// bitPack is Algorithm 17 for coefficients in [−a, b] (given in [0, q)):
// each is stored as b − w.
func bitPack(w *poly, b int32, bits int) []byte {
	var v [n]uint32
	for i, c := range w {
		v[i] = uint32(b - centered(c))
	}
	return packBits(&v, bits)
}

// bitUnpack is Algorithm 19: coefficients b − v, returned in [0, q).
func bitUnpack(buf []byte, a, b int32, bits int) poly {
	_ = a // the range [−a, b] only fixes bits; a malformed v yields < −a
	v := unpackBits(buf, bits)
	var w poly
	for i := range w {
		w[i] = modq(int64(b) - int64(v[i]))
	}
	return w
}

// hintBitPack is Algorithm 20.
func hintBitPack(p *Params, h []poly) []byte {
	y := make([]byte, p.omega+p.k)
	idx := 0
	for i := range p.k {
		for j := range n {
			if h[i][j] != 0 {
				y[idx] = byte(j)
				idx++
			}
		}
		y[p.omega+i] = byte(idx)
	}
	return y
}

// hintBitUnpack is Algorithm 21; it returns nil (⊥) for a malformed hint.
func hintBitUnpack(p *Params, y []byte) []poly {
	h := make([]poly, p.k)
	idx := 0
	for i := range p.k {
		end := int(y[p.omega+i])
		if end < idx || end > p.omega {
			return nil
		}
		first := idx
		for idx < end {
			if idx > first && y[idx-1] >= y[idx] {
				return nil
			}
			h[i][y[idx]] = 1
			idx++
		}
	}
	for i := idx; i < p.omega; i++ {
		if y[i] != 0 {
			return nil
		}
	}
	return h
}

// --- Encodings (FIPS 204 Algorithms 24–28) ---

type privateKey struct {
	rho, key, tr []byte
	s1, s2, t0   []poly
}

// skDecode is Algorithm 25.
func skDecode(p *Params, sk []byte) (*privateKey, error) {
	if len(sk) != p.PrivateKeySize() {
		return nil, errors.New("mldsamu: private key of the wrong length for " + p.Name)
	}
	k := &privateKey{rho: sk[:32], key: sk[32:64], tr: sk[64:128]}
	off := 128
	eb := 32 * p.etaBits()
	next := func(size int, dec func([]byte) poly) poly {
		w := dec(sk[off : off+size])
		off += size
		return w
	}
	etaDec := func(b []byte) poly { return bitUnpack(b, int32(p.eta), int32(p.eta), p.etaBits()) }
	t0Dec := func(b []byte) poly { return bitUnpack(b, 1<<(d-1)-1, 1<<(d-1), d) }
	for range p.l {
		k.s1 = append(k.s1, next(eb, etaDec))
	}
	for range p.k {
		k.s2 = append(k.s2, next(eb, etaDec))
	}
	for range p.k {
		k.t0 = append(k.t0, next(32*d, t0Dec))
	}
	return k, nil
}

// pkDecode is Algorithm 23: ρ and t1 (10-bit coefficients).
func pkDecode(p *Params, pk []byte) ([]byte, []poly) {
	bits := bitlen(q-1) - d
	t1 := make([]poly, p.k)
	for i := range p.k {
		v := unpackBits(pk[32+32*bits*i:32+32*bits*(i+1)], bits)
		for j := range n {
			t1[i][j] = int32(v[j])
		}
	}
	return pk[:32], t1
}

// sigEncode is Algorithm 26.
func sigEncode(p *Params, ctilde []byte, z, h []poly) []byte {
	sig := append([]byte{}, ctilde...)
	for i := range p.l {
		sig = append(sig, bitPack(&z[i], p.gamma1, p.gamma1Bits())...)
	}
	return append(sig, hintBitPack(p, h)...)
}

// sigDecode is Algorithm 27; h is nil (⊥) for a malformed hint.
func sigDecode(p *Params, sig []byte) (ctilde []byte, z, h []poly) {
	cs := p.ctildeSize()
	zb := 32 * p.gamma1Bits()
	ctilde = sig[:cs]
	for i := range p.l {
		z = append(z, bitUnpack(sig[cs+zb*i:cs+zb*(i+1)], p.gamma1-1, p.gamma1, p.gamma1Bits()))
	}
	return ctilde, z, hintBitUnpack(p, sig[cs+zb*p.l:])
}

// w1Encode is Algorithm 28.
func w1Encode(p *Params, w1 []poly) []byte {
	var out []byte
	for i := range w1 {
		out = append(out, simpleBitPack(&w1[i], p.w1Bits())...)
	}
	return out
}

// --- Rounding (FIPS 204 Algorithms 36–40) ---

// decompose is Algorithm 36: r ≡ r1·2γ2 + r0 with r0 ∈ (−γ2, γ2]
// (except the r+ − r0 = q − 1 corner), r in [0, q).
func decompose(p *Params, r int32) (r1, r0 int32) {
	r0 = modpm(r, 2*p.gamma2)
	if r-r0 == q-1 {
		return 0, r0 - 1
	}
	return (r - r0) / (2 * p.gamma2), r0
}

// highBits is Algorithm 37 on a vector.
func highBits(p *Params, v []poly) []poly {
	out := make([]poly, len(v))
	for i := range v {
		for j, c := range v[i] {
			out[i][j], _ = decompose(p, c)
		}
	}
	return out
}

// lowBits is Algorithm 38 on a vector, the results in [0, q).
func lowBits(p *Params, v []poly) []poly {
	out := make([]poly, len(v))
	for i := range v {
		for j, c := range v[i] {
			_, r0 := decompose(p, c)
			out[i][j] = modq(int64(r0))
		}
	}
	return out
}

// makeHint is Algorithm 39: whether adding z to r changes its high bits.
func makeHint(p *Params, z, r int32) int32 {
	r1, _ := decompose(p, r)
	v1, _ := decompose(p, modq(int64(r)+int64(z)))
	if r1 != v1 {
		return 1
	}
	return 0
}

// useHint is Algorithm 40.
func useHint(p *Params, h, r int32) int32 {
	m := (q - 1) / (2 * p.gamma2)
	r1, r0 := decompose(p, r)
	switch {
	case h == 1 && r0 > 0:
		return (r1 + 1) % m
	case h == 1:
		return (r1 - 1 + m) % m
	}
	return r1
}

func nttVec(v []poly) []poly {
	out := make([]poly, len(v))
	for i := range v {
		out[i] = ntt(v[i])
	}
	return out
}

// mulScalarInv is NTT^−1(ĉ ∘ v̂) for each poly of v̂.
func mulScalarInv(c *poly, v []poly) []poly {
	out := make([]poly, len(v))
	for i := range v {
		out[i] = invNTT(mulNTT(c, &v[i]))
	}
	return out
}

// --- Sign and Verify (FIPS 204 Algorithms 7 and 8) ---

// Sign is ML-DSA.Sign_internal (FIPS 204 Algorithm 7) with μ given instead
// of M′ (line 6 removed) and rnd = 0^32, the deterministic variant
// (Algorithm 2's rnd = {0}^32 option): the same key and μ always give the
// same signature. sk is skEncode's output (Algorithm 24, read by skDecode,
// Algorithm 25), mu 64 bytes; a nil p, a key or μ of the wrong length is
// an error.
func Sign(p *Params, sk, mu []byte) ([]byte, error) {
	if p == nil {
		return nil, errors.New("mldsamu: no parameter set")
	}
	if len(mu) != MuSize {
		return nil, errors.New("mldsamu: mu is not 64 bytes")
	}
	key, err := skDecode(p, sk) // line 1
	if err != nil {
		return nil, err
	}
	s1 := nttVec(key.s1) // lines 2–4
	s2 := nttVec(key.s2)
	t0 := nttVec(key.t0)
	a := expandA(p, key.rho) // line 5
	var rnd [32]byte
	rhoPP := shake256(64, key.key, rnd[:], mu)      // line 7
	for kappa := 0; kappa <= 0xffff; kappa += p.l { // lines 8–32
		y := expandMask(p, rhoPP, kappa)                        // line 11
		w := invVec(mulAccNTT(a, nttVec(y)))                    // line 12
		w1 := highBits(p, w)                                    // line 13
		ctilde := shake256(p.ctildeSize(), mu, w1Encode(p, w1)) // line 15
		c := ntt(sampleInBall(p, ctilde))                       // lines 16–17
		cs1 := mulScalarInv(&c, s1)                             // line 18
		cs2 := mulScalarInv(&c, s2)                             // line 19
		z := make([]poly, p.l)                                  // line 20
		for i := range z {
			z[i] = add(&y[i], &cs1[i])
		}
		wcs2 := make([]poly, p.k)
		for i := range wcs2 {
			wcs2[i] = sub(&w[i], &cs2[i])
		}
		r0 := lowBits(p, wcs2)                                         // line 21
		if normGE(z, p.gamma1-p.beta) || normGE(r0, p.gamma2-p.beta) { // line 23
			continue
		}
		ct0 := mulScalarInv(&c, t0) // line 25
		h := make([]poly, p.k)      // line 26: MakeHint(−ct0, w − cs2 + ct0)
		ones := 0
		for i := range h {
			for j := range n {
				r := modq(int64(wcs2[i][j]) + int64(ct0[i][j]))
				h[i][j] = makeHint(p, modq(-int64(ct0[i][j])), r)
				ones += int(h[i][j])
			}
		}
		if normGE(ct0, p.gamma2) || ones > p.omega { // line 28
			continue
		}
		return sigEncode(p, ctilde, z, h), nil // line 33
	}
	return nil, errors.New("mldsamu: no signature within 2^16 attempts")
}

func invVec(v []poly) []poly {
	out := make([]poly, len(v))
	for i := range v {
		out[i] = invNTT(v[i])
	}
	return out
}

// Verify is ML-DSA.Verify_internal (FIPS 204 Algorithm 8) with μ given
// instead of M′ (lines 6–7 removed). pk is pkEncode's output (Algorithm
// 22); a nil p, inputs of the wrong length or a malformed hint give false.
func Verify(p *Params, pk, mu, sig []byte) bool {
	if p == nil || len(pk) != p.PublicKeySize() || len(mu) != MuSize || len(sig) != p.SignatureSize() {
		return false
	}
	rho, t1 := pkDecode(p, pk)        // line 1
	ctilde, z, h := sigDecode(p, sig) // line 2
	if h == nil {                     // lines 3–4
		return false
	}
	a := expandA(p, rho)              // line 5
	c := ntt(sampleInBall(p, ctilde)) // line 8
	// line 9: w′approx = NTT^−1(Â ∘ NTT(z) − NTT(c) ∘ NTT(t1·2^d))
	az := mulAccNTT(a, nttVec(z))
	w := make([]poly, p.k)
	for i := range w {
		var t poly
		for j := range n {
			t[j] = modq(int64(t1[i][j]) << d)
		}
		t = ntt(t)
		ct := mulNTT(&c, &t)
		w[i] = invNTT(sub(&az[i], &ct))
	}
	w1 := make([]poly, p.k) // line 10
	for i := range w1 {
		for j := range n {
			w1[i][j] = useHint(p, h[i][j], w[i][j])
		}
	}
	ct2 := shake256(p.ctildeSize(), mu, w1Encode(p, w1))                               // line 12
	return !normGE(z, p.gamma1-p.beta) && subtle.ConstantTimeCompare(ctilde, ct2) == 1 // line 13
}

// Mu is FIPS 204's μ for pure ML-DSA with an empty context (Algorithm 2's
// M′ hashed as in Algorithm 7 line 6): H(H(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64).
func Mu(pk, msg []byte) []byte {
	tr := shake256(64, pk)
	return shake256(64, tr, []byte{0, 0}, msg)
}
