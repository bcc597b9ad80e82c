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

// trackedOps are the operations GetKeyLastUsage counts
// (KeyLastUsageTrackingOperation, A26.3.3) that the simulator serves.
var trackedOps = map[string]bool{"Decrypt": true, "DeriveSharedSecret": true, "Encrypt": true, "GenerateDataKey": true,
	"GenerateDataKeyPair": true, "GenerateDataKeyPairWithoutPlaintext": true, "GenerateDataKeyWithoutPlaintext": true,
	"GenerateMac": true, "ReEncrypt": true, "Sign": true, "Verify": true, "VerifyMac": true,
	// The SDK's KeyLastUsageTrackingOperation enum lists these two as well.
	"Encapsulate": true, "Decapsulate": true}

// keyUsage is the last counted use of a member.
type keyUsage struct {
	op        string
	at        time.Time
	requestID string
	eventID   [16]byte
	logged    bool // eventID is set (the event log is on)
}

// GetKeyLastUsage reports the last successful cryptographic use of one key
// (§A26): each member of a multi-Region set tracks its own (A26.5.1).
// Tracking starts when the key is created.
func (c *Client) GetKeyLastUsage(ctx context.Context, in *kms.GetKeyLastUsageInput, _ ...func(*kms.Options)) (*kms.GetKeyLastUsageOutput, error) {
	if in == nil {
		in = &kms.GetKeyLastUsageInput{}
	}
	out := &kms.GetKeyLastUsageOutput{}
	err := c.do(ctx, "GetKeyLastUsage", in, out, keyOnly(in.KeyId), func(time.Time) (*middleware.Metadata, error) {
		k, err := c.w.store.Get(c.caller, mrk.OpGetKeyLastUsage, *in.KeyId)
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(k.ID())
		out.KeyCreationDate = timePtr(k.Created)
		out.TrackingStartDate = timePtr(k.Created)
		out.KeyLastUsage = &types.KeyLastUsageData{}
		if u, ok := c.w.usage[refOf(k)]; ok {
			out.KeyLastUsage.Operation = types.KeyLastUsageTrackingOperation(u.op)
			out.KeyLastUsage.Timestamp = timePtr(u.at)
			out.KeyLastUsage.KmsRequestId = aws.String(u.requestID)
			if u.logged {
				out.KeyLastUsage.CloudTrailEventId = aws.String(mrk.NewKeyID(u.eventID, false))
			}
		}
		c.w.cur.res = refOf(k)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
