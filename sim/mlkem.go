package sim

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"
)

// Encapsulate and Decapsulate, the operations of ML-KEM keys (FIPS 203).
// The model does the work ([mrk.Store.Encapsulate], [mrk.Store.Decapsulate];
// mrk/mlkem.go cites the documentation each rule comes from); these methods
// validate the request (P1), translate it and render the answer. Their
// members are the SDK's (aws-sdk-go-v2 service/kms v1.62.5): neither has a
// Recipient. Shared secrets and ciphertexts are []byte members, which the
// event log never records (R10.1.3).

// encapsulationAlgorithms is the EncapsulationAlgorithmSpec enum ("The only
// valid value is ML_KEM", EncapsulateInput.EncapsulationAlgorithm).
var encapsulationAlgorithms = []string{mrk.AlgMLKEM}

// Encapsulate makes a shared secret and its encapsulated form with the
// public key of an ML-KEM key in the client's Region. Every member of a
// multi-Region set holds the same key pair (R9.10), so any member
// decapsulates what one encapsulates. The encapsulation randomness comes
// from the world's seeded stream.
func (c *Client) Encapsulate(ctx context.Context, in *kms.EncapsulateInput, _ ...func(*kms.Options)) (*kms.EncapsulateOutput, error) {
	if in == nil {
		in = &kms.EncapsulateInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.required("encapsulationAlgorithm", in.EncapsulationAlgorithm != "")
	v.enum("encapsulationAlgorithm", string(in.EncapsulationAlgorithm), encapsulationAlgorithms)
	v.grantTokens(in.GrantTokens)
	out := &kms.EncapsulateOutput{}
	err := c.do(ctx, "Encapsulate", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.Encapsulate(c.w.rng, c.caller, mrk.KEMParams{KeyID: *in.KeyId, GrantTokens: in.GrantTokens,
			DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(r.Key.ARN())
		out.SharedSecret = r.SharedSecret
		out.SharedSecretCiphertextBlob = r.Ciphertext
		out.EncapsulationAlgorithm = types.EncapsulationAlgorithmSpecMlKem
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Decapsulate recovers a shared secret with the private key of an ML-KEM
// key in the client's Region. A ciphertext of the wrong length for the key
// spec is an InvalidCiphertextException; any other gives a 32-byte secret,
// a pseudo-random one for a ciphertext that was not made for this key pair
// (FIPS 203 implicit rejection).
func (c *Client) Decapsulate(ctx context.Context, in *kms.DecapsulateInput, _ ...func(*kms.Options)) (*kms.DecapsulateOutput, error) {
	if in == nil {
		in = &kms.DecapsulateInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	// SharedSecretCiphertextBlob is a CiphertextType like Decrypt's
	// CiphertextBlob (the SDK's schemas.DecapsulateRequest), 1 to 6144 bytes.
	v.blob("sharedSecretCiphertextBlob", in.SharedSecretCiphertextBlob, true, 1, 6144)
	v.required("encapsulationAlgorithm", in.EncapsulationAlgorithm != "")
	v.enum("encapsulationAlgorithm", string(in.EncapsulationAlgorithm), encapsulationAlgorithms)
	v.grantTokens(in.GrantTokens)
	out := &kms.DecapsulateOutput{}
	err := c.do(ctx, "Decapsulate", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.Decapsulate(c.caller, mrk.KEMParams{KeyID: *in.KeyId, Ciphertext: in.SharedSecretCiphertextBlob,
			GrantTokens: in.GrantTokens, DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(r.Key.ARN())
		out.SharedSecret = r.SharedSecret
		out.EncapsulationAlgorithm = types.EncapsulationAlgorithmSpecMlKem
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
