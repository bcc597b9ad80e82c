package mldsa

import (
	"bytes"
	"crypto/sha3"
	"testing"

	"github.com/cloudflare/circl/sign"
	"github.com/cloudflare/circl/sign/mldsa/mldsa44"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/cloudflare/circl/sign/mldsa/mldsa87"
)

// TestAgainstCircl checks the copy against an independent implementation
// (circl's FIPS 204): the same seed gives the same public key, the
// deterministic variant the same signature, and circl verifies hedged and
// external-μ signatures of the message; a changed byte is refused by both.
func TestAgainstCircl(t *testing.T) {
	for _, c := range []struct {
		name   string
		newKey func([]byte) (*PrivateKey, error)
		scheme sign.Scheme
	}{{"ML-DSA-44", NewPrivateKey44, mldsa44.Scheme()}, {"ML-DSA-65", NewPrivateKey65, mldsa65.Scheme()}, {"ML-DSA-87", NewPrivateKey87, mldsa87.Scheme()}} {
		seed := bytes.Repeat([]byte{0x42}, 32)
		priv, err := c.newKey(seed)
		if err != nil {
			t.Fatal(err)
		}
		cpk, csk := c.scheme.DeriveKey(seed)
		want, _ := cpk.MarshalBinary()
		if !bytes.Equal(priv.PublicKey().Bytes(), want) || priv.PublicKey().Parameters() != c.name {
			t.Fatalf("%s: another public key than circl's for the same seed", c.name)
		}
		msg := []byte("message")
		det, err := SignDeterministic(priv, msg, "")
		if err != nil || !bytes.Equal(det, c.scheme.Sign(csk, msg, nil)) {
			t.Errorf("%s: deterministic signature differs from circl's: %v", c.name, err)
		}
		hedged, err := SignWithRandom(priv, msg, "", bytes.Repeat([]byte{1}, 32))
		if err != nil || bytes.Equal(hedged, det) || !c.scheme.Verify(cpk, msg, hedged, nil) {
			t.Errorf("%s: hedged signature: %v", c.name, err)
		}
		tr := make([]byte, 64)
		h := sha3.NewSHAKE256()
		h.Write(priv.PublicKey().Bytes())
		h.Read(tr)
		mu := make([]byte, 64)
		h = sha3.NewSHAKE256()
		h.Write(tr)
		h.Write([]byte{0, 0})
		h.Write(msg)
		h.Read(mu)
		ext, err := SignExternalMuWithRandom(priv, mu, bytes.Repeat([]byte{2}, 32))
		if err != nil || !c.scheme.Verify(cpk, msg, ext, nil) {
			t.Errorf("%s: circl rejects the external-μ signature: %v", c.name, err)
		}
		if VerifyExternalMu(priv.PublicKey(), mu, hedged) != nil || Verify(priv.PublicKey(), msg, ext, "") != nil {
			t.Errorf("%s: μ and message verification disagree", c.name)
		}
		bad := bytes.Clone(ext)
		bad[100] ^= 1
		if Verify(priv.PublicKey(), msg, bad, "") == nil || c.scheme.Verify(cpk, msg, bad, nil) {
			t.Errorf("%s: a changed signature verifies", c.name)
		}
		if _, err := SignExternalMuWithRandom(priv, mu[:63], make([]byte, 32)); err == nil {
			t.Errorf("%s: a 63-byte μ was signed", c.name)
		}
	}
}
