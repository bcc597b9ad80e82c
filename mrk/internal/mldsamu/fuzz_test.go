package mldsamu

import (
	"bytes"
	"testing"
)

// FuzzVerify: Verify never panics on any μ and signature of any length,
// and accepts only the one signature circl made for the one μ (any other
// input would be a forgery, FIPS 204's SUF-CMA).
func FuzzVerify(f *testing.F) {
	type fixture struct {
		pk, mu, sig []byte
	}
	var fx []fixture
	for _, r := range refs {
		seed := [32]byte{9}
		pk, sk := r.keygen(&seed)
		msg := []byte("fuzz")
		fx = append(fx, fixture{pk, Mu(pk, msg), r.sign(sk, msg)})
	}
	for i, x := range fx {
		f.Add(uint8(i), x.mu, x.sig)
		f.Add(uint8(i), x.mu, x.sig[:len(x.sig)-1])
		f.Add(uint8(i), x.mu[:10], x.sig)
		bad := bytes.Clone(x.sig)
		bad[len(bad)-1] = 0xff // hint end index beyond ω
		f.Add(uint8(i), x.mu, bad)
		bad = bytes.Clone(x.sig)
		bad[len(bad)-refs[i].p.k-refs[i].p.omega] ^= 0xff // hint positions out of order
		f.Add(uint8(i), x.mu, bad)
	}
	f.Fuzz(func(t *testing.T, which uint8, mu, sig []byte) {
		i := int(which) % len(refs)
		x := fx[i]
		ok := Verify(refs[i].p, x.pk, mu, sig)
		if want := bytes.Equal(mu, x.mu) && bytes.Equal(sig, x.sig); ok != want {
			t.Fatalf("%s: Verify = %v, want %v", refs[i].p.Name, ok, want)
		}
	})
}
