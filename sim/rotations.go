package sim

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go/middleware"
)

// ListKeyRotations lists the key materials of a key's set, oldest first
// (§A35, SPEC R8.4): only those made current by a rotation unless
// IncludeKeyMaterial is ALL_KEY_MATERIAL.
func (c *Client) ListKeyRotations(ctx context.Context, in *kms.ListKeyRotationsInput, _ ...func(*kms.Options)) (*kms.ListKeyRotationsOutput, error) {
	if in == nil {
		in = &kms.ListKeyRotationsInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.enum("includeKeyMaterial", string(in.IncludeKeyMaterial), []string{"ALL_KEY_MATERIAL", "ROTATIONS_ONLY"})
	v.intRange("limit", in.Limit, 1, 1000)
	v.str("marker", in.Marker, false, 1, 1024)
	v.pattern("marker", in.Marker, markerChars, `[\u0020-\u00FF]*`)
	out := &kms.ListKeyRotationsOutput{}
	err := c.do(ctx, "ListKeyRotations", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		limit := limitOr(in.Limit, 100)
		k, page, err := c.w.store.ListKeyRotations(c.caller, *in.KeyId, in.IncludeKeyMaterial == types.IncludeKeyMaterialAllKeyMaterial,
			in.IncludeKeyMaterial != "", limit, deref(in.Marker))
		if err != nil {
			return nil, err
		}
		arn := k.ARN()
		out.Rotations = make([]types.RotationsListEntry, len(page.Items))
		for i, e := range page.Items {
			r := types.RotationsListEntry{KeyId: aws.String(arn), KeyMaterialId: aws.String(e.MaterialID),
				KeyMaterialState: types.KeyMaterialState(e.State)}
			if e.RotationType != "" {
				r.RotationDate, r.RotationType = timePtr(e.RotationDate), types.RotationType(e.RotationType)
			}
			if e.ImportState != "" { // R8.4.1: EXTERNAL keys
				r.ImportState = types.ImportState(e.ImportState)
				r.ExpirationModel = types.ExpirationModelType(e.ExpirationModel)
				if !e.ValidTo.IsZero() {
					r.ValidTo = timePtr(e.ValidTo)
				}
				if e.Description != "" {
					r.KeyMaterialDescription = aws.String(e.Description)
				}
			}
			out.Rotations[i] = r
		}
		out.Truncated = page.Truncated
		out.NextMarker = nextMarker(page.NextMarker)
		c.w.cur.res = refOf(k)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
