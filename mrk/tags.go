package mrk

import (
	"encoding/hex"
	"slices"
	"strings"
)

// Tags and key policies are independent properties: each belongs to one
// member of a multi-Region set and is never copied or synchronised to the
// others (R2.4.1, R2.4.2, A0.17.6, A0.19.8). Every operation here acts on
// the key in the called Region only, and draws no randomness.

// DefaultPolicyName is the name of a key's only key policy (A0.19.7).
const DefaultPolicyName = "default"

// MaxTagsLimit is the documented maximum of ListResourceTags' Limit, and
// its default (A0.20.2).
const MaxTagsLimit = 50

func errTagLimit() *Error {
	return Errorf(CodeLimitExceeded, "The request was rejected because a quota was exceeded: a KMS key can have at most %d tags.", MaxTags)
}

func errNoSuchPolicy() *Error { return &Error{CodeNotFound, "No such policy exists"} }

// TagResource adds tags to one key or replaces the values of tag keys it
// already has (§A47): tag rules first (P2, A0.17.2), then resolution (key
// ID or key ARN) and the state gate (A47.3.4), then the 50-tag quota on the
// resulting set (A0.17.3, O22). An empty tags list changes nothing (O96).
func (s *Store) TagResource(c Caller, keyID string, tags []Tag) error {
	if err := CheckTags(tags); err != nil {
		return err
	}
	k, err := s.Get(c, OpTagResource, keyID)
	if err != nil {
		return err
	}
	if len(tags) == 0 {
		return nil
	}
	n := len(k.Tags)
	for _, t := range tags {
		if tagIndex(k.Tags, t.Key) < 0 {
			n++
		}
	}
	if n > MaxTags {
		return errTagLimit()
	}
	// A fresh slice: the old one may be shared with an earlier answer.
	out := make([]Tag, len(k.Tags), n)
	copy(out, k.Tags)
	for _, t := range tags {
		if i := tagIndex(out, t.Key); i >= 0 {
			out[i].Value = t.Value // A0.17.4: replace the value
		} else {
			out = append(out, t)
		}
	}
	k.Tags = out
	return nil
}

// UntagResource removes the named tag keys from one key (§A48). A key
// beginning aws: in any case is a TagException (A48.3.2, O97); keys the
// key does not have are ignored (A48.3.4).
func (s *Store) UntagResource(c Caller, keyID string, tagKeys []string) error {
	for _, tk := range tagKeys {
		if reservedTagKey(tk) {
			return &Error{CodeTag, "Tags beginning with aws: are reserved"}
		}
	}
	k, err := s.Get(c, OpUntagResource, keyID)
	if err != nil {
		return err
	}
	var out []Tag
	for _, t := range k.Tags {
		if !slices.Contains(tagKeys, t.Key) {
			out = append(out, t)
		}
	}
	if len(out) == len(k.Tags) {
		return nil // nothing to remove: keep the slice as it is
	}
	k.Tags = out // nil when no tag is left
	return nil
}

func reservedTagKey(k string) bool { return len(k) >= 4 && strings.EqualFold(k[:4], "aws:") }

func tagIndex(tags []Tag, key string) int {
	for i, t := range tags {
		if t.Key == key {
			return i
		}
	}
	return -1
}

// checkLimit is the P2 check of a listing's Limit against its documented
// range (A0.20.3, O32); the model range 1..1000 is checked by the caller.
func checkLimit(limit, max int) *Error {
	switch {
	case limit < 1:
		return Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", limit)
	case limit > max:
		return Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to %d", limit, max)
	}
	return nil
}

// listScope names the listing of op on one key for markers (A0.20.5): the
// account, the called Region and the key. A marker of one member's listing
// is foreign to every other member's.
func listScope(op Op, k *Key) string {
	return op.String() + "\x00" + k.Set.Account + "\x00" + k.Region + "\x00" + k.Set.ID
}

// page returns the page of sorted (strictly increasing by pos) that follows
// marker (A0.20.4–A0.20.6). Positions are hex-encoded in markers so that
// any bytes of a tag key survive the round trip.
func page[T any](sorted []T, pos func(T) string, scope string, limit int, marker string) (ListPage[T], error) {
	start := 0
	if marker != "" {
		enc, ok := DecodeMarker(scope, marker)
		if !ok {
			return ListPage[T]{}, &Error{CodeInvalidMarker, ""}
		}
		b, err := hex.DecodeString(enc)
		if err != nil {
			return ListPage[T]{}, &Error{CodeInvalidMarker, ""}
		}
		last := string(b)
		// Resume after the last item returned, even if it is gone (A0.20.6).
		for start < len(sorted) && pos(sorted[start]) <= last {
			start++
		}
	}
	end := min(start+limit, len(sorted))
	p := ListPage[T]{Items: sorted[start:end:end]}
	if end < len(sorted) {
		p.Truncated = true
		p.NextMarker = EncodeMarker(scope, hex.EncodeToString([]byte(pos(sorted[end-1]))))
	}
	return p, nil
}

// ListResourceTags pages one key's tags in tag-key order (§A37, A0.20.7):
// Limit's documented range 1..50 first (P2, A37.3.1), then resolution,
// then the marker, which must come from this listing of this key in this
// Region (A0.20.5). The items are a copy.
func (s *Store) ListResourceTags(c Caller, keyID string, limit int, marker string) (ListPage[Tag], error) {
	if err := checkLimit(limit, MaxTagsLimit); err != nil {
		return ListPage[Tag]{}, err
	}
	k, err := s.Get(c, OpListResourceTags, keyID)
	if err != nil {
		return ListPage[Tag]{}, err
	}
	sorted := slices.Clone(k.Tags)
	slices.SortFunc(sorted, func(a, b Tag) int { return strings.Compare(a.Key, b.Key) })
	return page(sorted, func(t Tag) string { return t.Key }, listScope(OpListResourceTags, k), limit, marker)
}

// GetKeyPolicy returns one key's key policy document, byte for byte as
// stored, or the default policy naming its own account (§A27, A0.19.5,
// A0.19.6). policyName "" stands for an absent PolicyName (default); any
// name but "default" is NotFoundException after resolution (A27.3.3, O63).
func (s *Store) GetKeyPolicy(c Caller, keyID, policyName string) (string, error) {
	k, err := s.Get(c, OpGetKeyPolicy, keyID)
	if err != nil {
		return "", err
	}
	if policyName != "" && policyName != DefaultPolicyName {
		return "", errNoSuchPolicy()
	}
	return k.PolicyText(), nil
}

// PutKeyPolicy replaces one key's key policy (§A39): the document's size,
// grammar and principal ARNs first (P2, A39.3.2), then resolution (every
// state allowed, A39.3.3), then the policy name (A39.3.4), then the
// lockout safety check as far as explicit denies go (checkLockout,
// A0.19.4). policyName "" stands for an absent PolicyName.
func (s *Store) PutKeyPolicy(c Caller, keyID, policyName, policy string, bypassLockoutCheck bool) error {
	if err := CheckPolicy(policy); err != nil {
		return err
	}
	k, err := s.Get(c, OpPutKeyPolicy, keyID)
	if err != nil {
		return err
	}
	if policyName != "" && policyName != DefaultPolicyName {
		return errNoSuchPolicy()
	}
	if err := checkLockout(c, k, &policy, bypassLockoutCheck); err != nil {
		return err
	}
	k.setPolicy(policy)
	return nil
}

// ListKeyPolicies pages the names of one key's key policies: always just
// "default" (§A34). Limit's range is the model's (A34.3.1); the marker is
// checked as ListResourceTags' (A0.20.5, O33).
func (s *Store) ListKeyPolicies(c Caller, keyID string, limit int, marker string) (ListPage[string], error) {
	if err := checkLimit(limit, 1000); err != nil {
		return ListPage[string]{}, err
	}
	k, err := s.Get(c, OpListKeyPolicies, keyID)
	if err != nil {
		return ListPage[string]{}, err
	}
	return page([]string{DefaultPolicyName}, func(n string) string { return n }, listScope(OpListKeyPolicies, k), limit, marker)
}
