package sim

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"
)

// Aliases (§A3, §A8, §A32, §A49; SPEC §1.3). An alias belongs to the
// client's account and Region and names a key there; the same name may
// name each Region's member of a multi-Region set, and nothing here
// touches another Region (SPEC R1.3.3). DescribeKey and the cryptographic
// operations accept alias names and alias ARNs (SPEC R1.4.2).

// AliasSnapshot is one alias in a Snapshot.
type AliasSnapshot struct {
	Account, Region string
	// Name is the alias name, alias/ included; ARN is the alias ARN.
	Name, ARN string
	// TargetKeyID is the target key's ID, in the alias's account and Region.
	TargetKeyID string
	Created     time.Time
	LastUpdated time.Time
}

// snapshotAliases lists every alias of the world; the caller holds w.mu.
func (w *World) snapshotAliases() []AliasSnapshot {
	var out []AliasSnapshot
	w.store.AllAliases(func(a *mrk.Alias) {
		out = append(out, AliasSnapshot{Account: a.Account, Region: a.Region, Name: a.Name, ARN: a.ARN(),
			TargetKeyID: a.KeyID, Created: a.Created, LastUpdated: a.Updated})
	})
	return out
}

// aliasName checks an AliasNameType member: required, 1..256 characters
// matching ^[a-zA-Z0-9:/_-]+$ (A0.18.1).
func (v *validator) aliasName(s *string) {
	v.str("aliasName", s, true, 1, 256)
	if s != nil && *s != "" && utf8.RuneCountInString(*s) <= 256 {
		v.pattern("aliasName", s, aliasNameChars, `^[a-zA-Z0-9:/_-]+$`)
	}
}

func aliasNameChars(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ':' || r == '/' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// CreateAlias creates an alias in the client's Region for a key there,
// named by TargetKeyId as a key ID or key ARN (§A3).
func (c *Client) CreateAlias(ctx context.Context, in *kms.CreateAliasInput, _ ...func(*kms.Options)) (*kms.CreateAliasOutput, error) {
	if in == nil {
		in = &kms.CreateAliasInput{}
	}
	var v validator
	v.aliasName(in.AliasName)
	v.str("targetKeyId", in.TargetKeyId, true, 1, 2048)
	out := &kms.CreateAliasOutput{}
	err := c.do(ctx, "CreateAlias", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		k, err := c.w.store.CreateAlias(now, c.caller, *in.AliasName, *in.TargetKeyId)
		if err != nil {
			return nil, err
		}
		c.w.cur.res = refOf(k)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateAlias points an alias of the client's Region at another key there
// of the same type and key usage (§A49).
func (c *Client) UpdateAlias(ctx context.Context, in *kms.UpdateAliasInput, _ ...func(*kms.Options)) (*kms.UpdateAliasOutput, error) {
	if in == nil {
		in = &kms.UpdateAliasInput{}
	}
	var v validator
	v.aliasName(in.AliasName)
	v.str("targetKeyId", in.TargetKeyId, true, 1, 2048)
	out := &kms.UpdateAliasOutput{}
	err := c.do(ctx, "UpdateAlias", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		k, err := c.w.store.UpdateAlias(now, c.caller, *in.AliasName, *in.TargetKeyId)
		if err != nil {
			return nil, err
		}
		c.w.cur.res = refOf(k)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteAlias deletes an alias of the client's Region (§A8); its key is
// not affected.
func (c *Client) DeleteAlias(ctx context.Context, in *kms.DeleteAliasInput, _ ...func(*kms.Options)) (*kms.DeleteAliasOutput, error) {
	if in == nil {
		in = &kms.DeleteAliasInput{}
	}
	var v validator
	v.aliasName(in.AliasName)
	out := &kms.DeleteAliasOutput{}
	err := c.do(ctx, "DeleteAlias", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		a, err := c.w.store.DeleteAlias(c.caller, *in.AliasName)
		if err != nil {
			return nil, err
		}
		c.w.cur.res = keyRef{a.Account, a.Region, a.KeyID}
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListAliases pages the aliases of the client's account and Region in
// alias-name order, or only those of the key KeyId names (§A32).
func (c *Client) ListAliases(ctx context.Context, in *kms.ListAliasesInput, _ ...func(*kms.Options)) (*kms.ListAliasesOutput, error) {
	if in == nil {
		in = &kms.ListAliasesInput{}
	}
	var v validator
	v.str("keyId", in.KeyId, false, 1, 2048)
	v.intRange("limit", in.Limit, 1, 1000)
	v.str("marker", in.Marker, false, 1, 1024)
	v.pattern("marker", in.Marker, markerChars, `[\u0020-\u00FF]*`)
	out := &kms.ListAliasesOutput{}
	err := c.do(ctx, "ListAliases", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		limit := limitOr(in.Limit, 0) // absent: the model's default (A32.3.4)
		page, err := c.w.store.ListAliases(c.caller, deref(in.KeyId), limit, deref(in.Marker))
		if err != nil {
			return nil, err
		}
		out.Aliases = make([]types.AliasListEntry, len(page.Items)) // never nil: {"Aliases":[]}
		for i, a := range page.Items {
			out.Aliases[i] = types.AliasListEntry{AliasName: aws.String(a.Name), AliasArn: aws.String(a.ARN()),
				TargetKeyId: aws.String(a.KeyID), CreationDate: timePtr(a.Created), LastUpdatedDate: timePtr(a.Updated)}
		}
		out.Truncated = page.Truncated
		out.NextMarker = nextMarker(page.NextMarker)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
