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

// macAlgorithms is the MacAlgorithmSpec value set (A0.25).
var macAlgorithms = []string{"HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512"}

// GenerateMac returns the HMAC of a message under an HMAC key's member in
// the client's Region (§A24); every member of a set gives the same MAC
// (R9.11).
func (c *Client) GenerateMac(ctx context.Context, in *kms.GenerateMacInput, _ ...func(*kms.Options)) (*kms.GenerateMacOutput, error) {
	if in == nil {
		in = &kms.GenerateMacInput{}
	}
	var v validator
	v.blob("message", in.Message, true, 1, 4096)
	v.keyID(in.KeyId)
	v.required("macAlgorithm", in.MacAlgorithm != "")
	v.enum("macAlgorithm", string(in.MacAlgorithm), macAlgorithms)
	v.grantTokens(in.GrantTokens)
	out := &kms.GenerateMacOutput{}
	err := c.do(ctx, "GenerateMac", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.GenerateMac(c.caller, mrk.MacParams{KeyID: *in.KeyId, Message: in.Message,
			Algorithm: string(in.MacAlgorithm), GrantTokens: in.GrantTokens, DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(r.Key.ARN())
		out.Mac = r.Mac
		out.MacAlgorithm = types.MacAlgorithmSpec(r.Algorithm)
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// VerifyMac checks a MAC with an HMAC key's member in the client's Region
// (§A54); a MAC that does not match is a KMSInvalidMacException, never
// MacValid false.
func (c *Client) VerifyMac(ctx context.Context, in *kms.VerifyMacInput, _ ...func(*kms.Options)) (*kms.VerifyMacOutput, error) {
	if in == nil {
		in = &kms.VerifyMacInput{}
	}
	var v validator
	v.blob("message", in.Message, true, 1, 4096)
	v.keyID(in.KeyId)
	v.required("macAlgorithm", in.MacAlgorithm != "")
	v.enum("macAlgorithm", string(in.MacAlgorithm), macAlgorithms)
	v.blob("mac", in.Mac, true, 1, 6144)
	v.grantTokens(in.GrantTokens)
	out := &kms.VerifyMacOutput{}
	err := c.do(ctx, "VerifyMac", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.VerifyMac(c.caller, mrk.MacParams{KeyID: *in.KeyId, Message: in.Message,
			Algorithm: string(in.MacAlgorithm), Mac: in.Mac, GrantTokens: in.GrantTokens, DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(r.Key.ARN())
		out.MacValid = true
		out.MacAlgorithm = types.MacAlgorithmSpec(r.Algorithm)
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
