package sim

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"
)

// Grants (§A5, §A33, §A38, §A42, §A43). A grant belongs to the key in the
// client's Region alone: a grant on one member of a multi-Region set does
// not exist on another (SPEC R2.4.1, A5.5.1). Grants are recorded, listed
// and deleted; they authorise nothing (SPEC O-1), on AWS managed keys
// neither: only their service (Client.Via) may use those.

// GrantSnapshot is one grant in a Snapshot.
type GrantSnapshot struct {
	Account, Region, KeyID, GrantID string
	Name                            string
	Created                         time.Time
	GranteePrincipal                string
	RetiringPrincipal               string
	IssuingAccount                  string
	Operations                      []string
	// HasConstraints tells a grant without constraints from one whose
	// constraint maps are empty.
	HasConstraints          bool
	EncryptionContextSubset map[string]string
	EncryptionContextEquals map[string]string
}

// snapshotGrants lists every grant of the world; the caller holds w.mu.
func (w *World) snapshotGrants() []GrantSnapshot {
	var out []GrantSnapshot
	w.store.AllGrants(func(g *mrk.Grant) {
		gs := GrantSnapshot{Account: g.Account, Region: g.Region, KeyID: g.KeyID, GrantID: g.ID, Name: g.Name,
			Created: g.Created, GranteePrincipal: g.GranteePrincipal, RetiringPrincipal: g.RetiringPrincipal,
			IssuingAccount: g.IssuingAccount, Operations: slices.Clone(g.Operations)}
		if c := g.Constraints; c != nil {
			gs.HasConstraints = true
			gs.EncryptionContextSubset = maps.Clone(c.EncryptionContextSubset)
			gs.EncryptionContextEquals = maps.Clone(c.EncryptionContextEquals)
		}
		out = append(out, gs)
	})
	return out
}

// grantNotSupported names the members of aws-sdk-go-v2 that the API model
// of SPEC-API lacks (service principals and the SourceArn constraint): the
// simulator answers them as deliberate limitations (A0.23.1) rather than
// ignoring them.
func grantNotSupported(members ...*string) string {
	names := []string{"GranteeServicePrincipal", "RetiringServicePrincipal", "Constraints.SourceArn"}
	for i, m := range members {
		if m != nil {
			return "AWS service principals and the SourceArn grant constraint (" + names[i] + ")"
		}
	}
	return ""
}

// grantPrincipal checks a PrincipalIdType member: 1..256 characters matching
// ^[\w+=,.@:/-]+$ (A5.3.1).
func (v *validator) grantPrincipal(path string, s *string, req bool) {
	v.str(path, s, req, 1, 256)
	if s != nil && *s != "" && len([]rune(*s)) <= 256 {
		v.pattern(path, s, principalChars, `^[\w+=,.@:/-]+$`)
	}
}

func principalChars(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' ||
			r == '+' || r == '=' || r == ',' || r == '.' || r == '@' || r == ':' || r == '/' || r == '-') {
			return false
		}
	}
	return true
}

func grantNameChars(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ':' || r == '/' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func (v *validator) grantListPaging(limit *int32, marker *string) {
	v.intRange("limit", limit, 1, 1000)
	v.str("marker", marker, false, 1, 1024)
	v.pattern("marker", marker, markerChars, `[\u0020-\u00FF]*`)
}

// CreateGrant adds a grant to the key in the client's Region (§A5). The
// grant ID and the grant token are drawn from the world's seeded stream.
func (c *Client) CreateGrant(ctx context.Context, in *kms.CreateGrantInput, _ ...func(*kms.Options)) (*kms.CreateGrantOutput, error) {
	if in == nil {
		in = &kms.CreateGrantInput{}
	}
	var sourceARN *string
	if in.Constraints != nil {
		sourceARN = in.Constraints.SourceArn
	}
	unsupported := grantNotSupported(in.GranteeServicePrincipal, in.RetiringServicePrincipal, sourceARN)
	var v validator
	if unsupported == "" {
		v.keyID(in.KeyId)
		v.grantPrincipal("granteePrincipal", in.GranteePrincipal, true)
		v.grantPrincipal("retiringPrincipal", in.RetiringPrincipal, false)
		if v.required("operations", in.Operations != nil) {
			for i, op := range in.Operations {
				// Encapsulate and Decapsulate are known to the SDK, not to the
				// model (A0.25.1); ML-KEM keys allow them (A5.3.5, mrk.grantKeyOps).
				v.enum("operations."+strconv.Itoa(i+1)+".member", string(op), mrk.GrantOperations, "Encapsulate", "Decapsulate")
			}
		}
		v.grantTokens(in.GrantTokens)
		v.str("name", in.Name, false, 1, 256)
		if in.Name != nil && *in.Name != "" && len([]rune(*in.Name)) <= 256 {
			v.pattern("name", in.Name, grantNameChars, `^[a-zA-Z0-9:/_-]+$`)
		}
	}
	out := &kms.CreateGrantOutput{}
	logged := &kms.CreateGrantOutput{} // the event omits the grant token (R10.1.3)
	err := c.do(ctx, "CreateGrant", in, logged, &v, func(now time.Time) (*middleware.Metadata, error) {
		if unsupported != "" {
			return nil, mrk.NotSupported(unsupported)
		}
		p := mrk.GrantParams{KeyID: *in.KeyId, GranteePrincipal: *in.GranteePrincipal,
			RetiringPrincipal: deref(in.RetiringPrincipal), Operations: strs(in.Operations),
			GrantTokens: in.GrantTokens, Name: deref(in.Name), DryRun: aws.ToBool(in.DryRun)}
		if in.Constraints != nil {
			p.Constraints = &mrk.GrantConstraints{EncryptionContextSubset: in.Constraints.EncryptionContextSubset,
				EncryptionContextEquals: in.Constraints.EncryptionContextEquals}
		}
		g, token, err := c.w.store.CreateGrant(now, c.w.rng, c.caller, p)
		if err != nil {
			return nil, err
		}
		out.GrantId = aws.String(g.ID)
		out.GrantToken = aws.String(token)
		logged.GrantId = out.GrantId
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// grantEntry renders a grant as a GrantListEntry (A33.3.4): members in the
// recorded shape (grants.json:session_list), Name, RetiringPrincipal and
// Constraints only when set. It shares no memory with the store.
func grantEntry(g *mrk.Grant) types.GrantListEntry {
	e := types.GrantListEntry{KeyId: aws.String(g.KeyARN()), GrantId: aws.String(g.ID),
		CreationDate: timePtr(g.Created), GranteePrincipal: aws.String(g.GranteePrincipal),
		IssuingAccount: aws.String(g.IssuingAccount), Operations: enumList[types.GrantOperation](g.Operations)}
	if g.Name != "" {
		e.Name = aws.String(g.Name)
	}
	if g.RetiringPrincipal != "" {
		e.RetiringPrincipal = aws.String(g.RetiringPrincipal)
	}
	if c := g.Constraints; c != nil {
		e.Constraints = &types.GrantConstraints{EncryptionContextSubset: maps.Clone(c.EncryptionContextSubset),
			EncryptionContextEquals: maps.Clone(c.EncryptionContextEquals)}
	}
	return e
}

func grantEntries(gs []*mrk.Grant) []types.GrantListEntry {
	out := make([]types.GrantListEntry, len(gs))
	for i, g := range gs {
		out[i] = grantEntry(g)
	}
	return out
}

// ListGrants pages the grants of the key in the client's Region (§A33).
func (c *Client) ListGrants(ctx context.Context, in *kms.ListGrantsInput, _ ...func(*kms.Options)) (*kms.ListGrantsOutput, error) {
	if in == nil {
		in = &kms.ListGrantsInput{}
	}
	unsupported := grantNotSupported(in.GranteeServicePrincipal)
	var v validator
	if unsupported == "" {
		v.grantListPaging(in.Limit, in.Marker)
		v.keyID(in.KeyId)
		v.str("grantId", in.GrantId, false, 1, 128)
		v.grantPrincipal("granteePrincipal", in.GranteePrincipal, false)
	}
	out := &kms.ListGrantsOutput{}
	err := c.do(ctx, "ListGrants", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		if unsupported != "" {
			return nil, mrk.NotSupported(unsupported)
		}
		page, err := c.w.store.ListGrants(c.caller, mrk.ListGrantsParams{KeyID: *in.KeyId, GrantID: deref(in.GrantId),
			GranteePrincipal: deref(in.GranteePrincipal), Limit: limitOr(in.Limit, 0), Marker: deref(in.Marker)})
		if err != nil {
			return nil, err
		}
		out.Grants = grantEntries(page.Items)
		out.Truncated = page.Truncated
		out.NextMarker = nextMarker(page.NextMarker)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListRetirableGrants pages the grants, on keys of the client's Region in
// any account, whose retiring principal is RetiringPrincipal (§A38).
func (c *Client) ListRetirableGrants(ctx context.Context, in *kms.ListRetirableGrantsInput, _ ...func(*kms.Options)) (*kms.ListRetirableGrantsOutput, error) {
	if in == nil {
		in = &kms.ListRetirableGrantsInput{}
	}
	unsupported := grantNotSupported(nil, in.RetiringServicePrincipal)
	var v validator
	if unsupported == "" {
		v.grantListPaging(in.Limit, in.Marker)
		v.grantPrincipal("retiringPrincipal", in.RetiringPrincipal, true)
	}
	out := &kms.ListRetirableGrantsOutput{}
	err := c.do(ctx, "ListRetirableGrants", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		if unsupported != "" {
			return nil, mrk.NotSupported(unsupported)
		}
		page, err := c.w.store.ListRetirableGrants(c.caller, *in.RetiringPrincipal, limitOr(in.Limit, 0), deref(in.Marker))
		if err != nil {
			return nil, err
		}
		out.Grants = grantEntries(page.Items)
		out.Truncated = page.Truncated
		out.NextMarker = nextMarker(page.NextMarker)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RetireGrant deletes a grant named by its grant token, or by KeyId and
// GrantId (§A42).
func (c *Client) RetireGrant(ctx context.Context, in *kms.RetireGrantInput, _ ...func(*kms.Options)) (*kms.RetireGrantOutput, error) {
	if in == nil {
		in = &kms.RetireGrantInput{}
	}
	var v validator
	v.str("grantToken", in.GrantToken, false, 1, 8192)
	v.str("keyId", in.KeyId, false, 1, 2048)
	v.str("grantId", in.GrantId, false, 1, 128)
	out := &kms.RetireGrantOutput{}
	err := c.do(ctx, "RetireGrant", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		err := c.w.store.RetireGrant(c.caller, mrk.RetireParams{GrantToken: deref(in.GrantToken), KeyID: deref(in.KeyId),
			GrantID: deref(in.GrantId), DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeGrant deletes a grant named by KeyId and GrantId (§A43).
func (c *Client) RevokeGrant(ctx context.Context, in *kms.RevokeGrantInput, _ ...func(*kms.Options)) (*kms.RevokeGrantOutput, error) {
	if in == nil {
		in = &kms.RevokeGrantInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.str("grantId", in.GrantId, true, 1, 128)
	out := &kms.RevokeGrantOutput{}
	err := c.do(ctx, "RevokeGrant", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		if err := c.w.store.RevokeGrant(c.caller, *in.KeyId, *in.GrantId, aws.ToBool(in.DryRun)); err != nil {
			return nil, err
		}
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
