package sim

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go/middleware"
)

// RotateKeyOnDemand rotates a key's set now, through its primary (§A44,
// SPEC §8.2). The rotation completes when the world's clock passes
// OnDemandRotationDuration; until then GetKeyRotationStatus reports its
// OnDemandRotationStartDate, and a second call succeeds without starting
// another. The new material becomes current in every member and KMS logs a
// RotateKey service event (R10.6.1).
func (c *Client) RotateKeyOnDemand(ctx context.Context, in *kms.RotateKeyOnDemandInput, _ ...func(*kms.Options)) (*kms.RotateKeyOnDemandOutput, error) {
	if in == nil {
		in = &kms.RotateKeyOnDemandInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	out := &kms.RotateKeyOnDemandOutput{}
	err := c.do(ctx, "RotateKeyOnDemand", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		k, ts, err := c.w.store.RotateKeyOnDemand(now, c.caller, *in.KeyId)
		if err != nil {
			return nil, err
		}
		c.w.schedule(ts)
		out.KeyId = aws.String(k.ARN()) // A44.3.7
		c.w.cur.res = refOf(k)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
