package sim

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"
)

// Tags and key policies (§A27, §A34, §A37, §A39, §A47, §A48). They belong
// to the key in the client's Region alone: nothing here touches another
// member of a multi-Region set (SPEC R2.4.1, A0.17.6, A0.19.8).

// TagResource adds tags to a key or replaces the values of tag keys it
// already has (§A47).
func (c *Client) TagResource(ctx context.Context, in *kms.TagResourceInput, _ ...func(*kms.Options)) (*kms.TagResourceOutput, error) {
	if in == nil {
		in = &kms.TagResourceInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.required("tags", in.Tags != nil)
	v.tags(in.Tags)
	out := &kms.TagResourceOutput{}
	err := c.do(ctx, "TagResource", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		return &out.ResultMetadata, c.w.store.TagResource(c.caller, *in.KeyId, toTags(in.Tags))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UntagResource removes tags from a key by tag key (§A48).
func (c *Client) UntagResource(ctx context.Context, in *kms.UntagResourceInput, _ ...func(*kms.Options)) (*kms.UntagResourceOutput, error) {
	if in == nil {
		in = &kms.UntagResourceInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	if v.required("tagKeys", in.TagKeys != nil) {
		for i, k := range in.TagKeys {
			v.length("tagKeys."+strconv.Itoa(i+1)+".member", k, 1, 128) // A48.3.1
		}
	}
	out := &kms.UntagResourceOutput{}
	err := c.do(ctx, "UntagResource", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		return &out.ResultMetadata, c.w.store.UntagResource(c.caller, *in.KeyId, in.TagKeys)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListResourceTags pages a key's tags in tag-key order (§A37).
func (c *Client) ListResourceTags(ctx context.Context, in *kms.ListResourceTagsInput, _ ...func(*kms.Options)) (*kms.ListResourceTagsOutput, error) {
	if in == nil {
		in = &kms.ListResourceTagsInput{}
	}
	v := listValidator(in.KeyId, in.Limit, in.Marker)
	out := &kms.ListResourceTagsOutput{}
	err := c.do(ctx, "ListResourceTags", in, out, v, func(time.Time) (*middleware.Metadata, error) {
		page, err := c.w.store.ListResourceTags(c.caller, *in.KeyId, limitOr(in.Limit, mrk.MaxTagsLimit), aws.ToString(in.Marker))
		if err != nil {
			return nil, err
		}
		out.Tags = fromTags(page.Items) // never nil: {"Tags":[]} (A37.3.3)
		out.Truncated = page.Truncated
		out.NextMarker = nextMarker(page.NextMarker)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetKeyPolicy returns a key's key policy document (§A27).
func (c *Client) GetKeyPolicy(ctx context.Context, in *kms.GetKeyPolicyInput, _ ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error) {
	if in == nil {
		in = &kms.GetKeyPolicyInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	validatePolicyName(&v, in.PolicyName)
	out := &kms.GetKeyPolicyOutput{}
	err := c.do(ctx, "GetKeyPolicy", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		doc, err := c.w.store.GetKeyPolicy(c.caller, *in.KeyId, aws.ToString(in.PolicyName))
		if err != nil {
			return nil, err
		}
		out.Policy = aws.String(doc)
		out.PolicyName = aws.String(mrk.DefaultPolicyName)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PutKeyPolicy replaces a key's key policy (§A39). The lockout safety check
// refuses a policy whose explicit Deny would refuse the caller
// kms:PutKeyPolicy, unless BypassPolicyLockoutSafetyCheck (A0.19.4; Allows
// depend on IAM, which is not modelled).
func (c *Client) PutKeyPolicy(ctx context.Context, in *kms.PutKeyPolicyInput, _ ...func(*kms.Options)) (*kms.PutKeyPolicyOutput, error) {
	if in == nil {
		in = &kms.PutKeyPolicyInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	validatePolicyName(&v, in.PolicyName)
	if v.required("policy", in.Policy != nil) {
		v.policy(in.Policy)
	}
	out := &kms.PutKeyPolicyOutput{}
	err := c.do(ctx, "PutKeyPolicy", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		return &out.ResultMetadata, c.w.store.PutKeyPolicy(c.caller, *in.KeyId, aws.ToString(in.PolicyName), *in.Policy, in.BypassPolicyLockoutSafetyCheck)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListKeyPolicies pages the names of a key's key policies: always just
// "default" (§A34).
func (c *Client) ListKeyPolicies(ctx context.Context, in *kms.ListKeyPoliciesInput, _ ...func(*kms.Options)) (*kms.ListKeyPoliciesOutput, error) {
	if in == nil {
		in = &kms.ListKeyPoliciesInput{}
	}
	v := listValidator(in.KeyId, in.Limit, in.Marker)
	out := &kms.ListKeyPoliciesOutput{}
	err := c.do(ctx, "ListKeyPolicies", in, out, v, func(time.Time) (*middleware.Metadata, error) {
		page, err := c.w.store.ListKeyPolicies(c.caller, *in.KeyId, limitOr(in.Limit, 100), aws.ToString(in.Marker))
		if err != nil {
			return nil, err
		}
		out.PolicyNames = append([]string{}, page.Items...)
		out.Truncated = page.Truncated
		out.NextMarker = nextMarker(page.NextMarker)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// listValidator checks the members of a per-key listing: KeyId, Limit
// (model range 1..1000) and Marker (A0.20.2, A0.20.5).
func listValidator(keyID *string, limit *int32, marker *string) *validator {
	var v validator
	v.keyID(keyID)
	v.intRange("limit", limit, 1, 1000)
	v.str("marker", marker, false, 1, 1024)
	v.pattern("marker", marker, markerChars, `[\u0020-\u00FF]*`)
	return &v
}

// validatePolicyName checks PolicyName against the model: 1..128
// characters of pattern [\w]+ (A0.19.7, A27.3.1).
func validatePolicyName(v *validator, s *string) {
	v.str("policyName", s, false, 1, 128)
	if s != nil && *s != "" && utf8.RuneCountInString(*s) <= 128 {
		v.pattern("policyName", s, policyNameChars, `[\w]+`)
	}
}

func policyNameChars(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
