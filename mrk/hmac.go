package mrk

// HMAC (SPEC-API §A24 GenerateMac, §A54 VerifyMac; SPEC R9.11). Every
// member of an HMAC set derives the same key from the set's material
// (Material.HMACKey), so a MAC from one member verifies with any other.

import (
	"crypto"
	"crypto/hmac"
	"slices"
)

var macHashes = map[string]crypto.Hash{"HMAC_SHA_224": crypto.SHA224, "HMAC_SHA_256": crypto.SHA256,
	"HMAC_SHA_384": crypto.SHA384, "HMAC_SHA_512": crypto.SHA512}

// MacParams are the parameters of GenerateMac and VerifyMac after P1
// validation (A24.1, A54.1).
type MacParams struct {
	KeyID       string
	Message     []byte
	Algorithm   string
	Mac         []byte // VerifyMac only
	GrantTokens []string
	DryRun      bool
}

// Maced is the result of GenerateMac (A24.3.6) and VerifyMac (A54.3.5).
type Maced struct {
	Key       *Key
	Mac       []byte // GenerateMac only
	Algorithm string
}

// mac runs A24.3.2–A24.3.4 for op and computes the RFC 2104 HMAC of the
// message with the member's key.
func (s *Store) mac(c Caller, op Op, p MacParams) (*Key, []byte, error) {
	if err := s.CheckGrantTokens(p.GrantTokens); err != nil {
		return nil, nil, err
	}
	k, err := s.Get(c, op, p.KeyID)
	if err != nil {
		return nil, nil, err
	}
	set := k.Set
	if set.Usage != UsageGenerateVerifyMac {
		return nil, nil, Errorf(CodeInvalidKeyUsage, "%s key usage is %s which is not valid for %s.", k.ARN(), set.Usage, op)
	}
	if !slices.Contains(AlgorithmsFor(set.Spec, set.Usage).Mac, p.Algorithm) {
		return nil, nil, Errorf(CodeInvalidKeyUsage, "Algorithm %s is incompatible with key spec %s.", p.Algorithm, set.Spec)
	}
	m := set.CurrentMaterial()
	if m == nil {
		return nil, nil, EPI.Err(k.ARN())
	}
	h := hmac.New(macHashes[p.Algorithm].New, m.HMACKey(set.Spec))
	h.Write(p.Message)
	return k, h.Sum(nil), nil
}

// GenerateMac returns the HMAC of a message under the member in the called
// Region (§A24): grant tokens, the key and its gate, usage and algorithm,
// then DryRun. It draws no entropy: the same message gives the same MAC.
func (s *Store) GenerateMac(c Caller, p MacParams) (Maced, error) {
	k, sum, err := s.mac(c, OpGenerateMac, p)
	if err != nil {
		return Maced{}, err
	}
	if p.DryRun {
		return Maced{}, errDryRun()
	}
	return Maced{Key: k, Mac: sum, Algorithm: p.Algorithm}, nil
}

// VerifyMac checks a MAC (§A54): the checks of GenerateMac, then the MAC
// (KMSInvalidMacException with an empty message, also under DryRun,
// A54.3.3), then DryRun.
func (s *Store) VerifyMac(c Caller, p MacParams) (Maced, error) {
	k, sum, err := s.mac(c, OpVerifyMac, p)
	if err != nil {
		return Maced{}, err
	}
	if !hmac.Equal(sum, p.Mac) {
		return Maced{}, &Error{CodeInvalidMac, ""}
	}
	if p.DryRun {
		return Maced{}, errDryRun()
	}
	return Maced{Key: k, Algorithm: p.Algorithm}, nil
}
