package mrk

import (
	"encoding/base64"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Grants (SPEC-API §A5, §A33, §A38, §A42, §A43). A grant belongs to one
// key: one member of a set, in one Region. Members never share grants
// (SPEC R2.4.1, A5.5.1), a new replica has none (R2.4.3), and a member's
// grants are deleted with it (R6.11). Grants authorise nothing: the
// simulator evaluates no authorization of customer managed keys (O-1),
// and an AWS managed key's fixed policy (authorize) takes no grant into
// account either.

// The error codes of the grant operations that no other operation uses.
const (
	CodeInvalidGrantID    Code = "InvalidGrantIdException"
	CodeInvalidGrantToken Code = "InvalidGrantTokenException"
)

// GrantsPerKey is the grant quota of one key (A0.22.1).
const GrantsPerKey = 50000

// The documented Limit range of ListGrants and ListRetirableGrants, and
// the page size when Limit is absent (A0.20.2).
const (
	MaxGrantListLimit     = 100
	DefaultGrantListLimit = 50
)

// GrantOperations is the model's GrantOperation enum, in the model's order
// (A0.25.1).
var GrantOperations = []string{"Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
	"ReEncryptFrom", "ReEncryptTo", "Sign", "Verify", "GetPublicKey", "CreateGrant", "RetireGrant",
	"DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac",
	"DeriveSharedSecret"}

// GrantConstraints are a grant's encryption context constraints (A0.26,
// A0.16.5). A nil map is an absent member.
type GrantConstraints struct {
	EncryptionContextSubset map[string]string
	EncryptionContextEquals map[string]string
}

// Grant is one grant of one key (A5.3.8). The store owns it: callers must
// not modify it.
type Grant struct {
	// ID is the GrantId: 64 lower-case hex digits drawn from the entropy.
	ID string
	// Account, Region and KeyID name the key the grant belongs to.
	Account, Region, KeyID string
	// Name is "" when the request gave none.
	Name string
	// Created is the creation time, in whole seconds as AWS lists it
	// ([OBS-AWS grants.json:session_list]).
	Created time.Time
	// GranteePrincipal and RetiringPrincipal are stored as given
	// (A5.3.10); RetiringPrincipal is "" when absent.
	GranteePrincipal  string
	RetiringPrincipal string
	// IssuingAccount is arn:<partition>:iam::<caller account>:root.
	IssuingAccount string
	// Operations are the granted operations in request order, each once.
	Operations []string
	// Constraints is nil when the grant has none.
	Constraints *GrantConstraints
	// pos is the grant's place in listing order (A0.20.7) as a string that
	// sorts the same way: creation time, grant ID, then the key.
	pos string
}

// KeyARN returns the ARN of the grant's key: the KeyId of its listing
// entry (A33.3.4).
func (g *Grant) KeyARN() string { return KeyARN(g.Region, g.Account, g.KeyID) }

// IsGrantID reports whether s is a well-formed grant ID: 64 lower-case hex
// digits (A33.3.2, A42.3.2, A43.3.1; lower case only, as for key IDs, O16).
func IsGrantID(s string) bool { return len(s) == 64 && isLowerHex(s) }

type grantKeyRef struct{ account, region, keyID string }

type grantRef struct {
	key grantKeyRef
	id  string
}

type retiringRef struct{ region, principal string }

// keyGrants are the grants of one key.
type keyGrants struct {
	byID   map[string]*Grant
	byName map[string][]*Grant
	// sorted is byID in listing order when !dirty.
	sorted []*Grant
	dirty  bool
}

// grantIndex holds the grants of every key, the grants of each retiring
// principal in each Region (ListRetirableGrants), and every grant token
// the world has issued (A0.15.2). Its zero value is empty.
type grantIndex struct {
	keys     map[grantKeyRef]*keyGrants
	retiring map[retiringRef]map[*Grant]struct{}
	tokens   map[string]grantRef
}

func grantKeyOf(k *Key) grantKeyRef { return grantKeyRef{k.Set.Account, k.Region, k.Set.ID} }

func (g *Grant) ref() grantKeyRef { return grantKeyRef{g.Account, g.Region, g.KeyID} }

// list returns the key's grants in listing order; the slice is the index's.
func (kg *keyGrants) list() []*Grant {
	if kg == nil {
		return nil
	}
	if kg.dirty {
		kg.sorted = slices.AppendSeq(kg.sorted[:0], maps.Values(kg.byID))
		clear(kg.sorted[len(kg.sorted):cap(kg.sorted)])
		slices.SortFunc(kg.sorted, func(a, b *Grant) int { return strings.Compare(a.pos, b.pos) })
		kg.dirty = false
	}
	return kg.sorted
}

func (ix *grantIndex) add(g *Grant) {
	if ix.keys == nil {
		ix.keys = map[grantKeyRef]*keyGrants{}
		ix.retiring = map[retiringRef]map[*Grant]struct{}{}
	}
	kg := ix.keys[g.ref()]
	if kg == nil {
		kg = &keyGrants{byID: map[string]*Grant{}, byName: map[string][]*Grant{}}
		ix.keys[g.ref()] = kg
	}
	kg.byID[g.ID] = g
	if g.Name != "" {
		kg.byName[g.Name] = append(kg.byName[g.Name], g)
	}
	kg.dirty = true
	if g.RetiringPrincipal != "" {
		rr := retiringRef{g.Region, g.RetiringPrincipal}
		set := ix.retiring[rr]
		if set == nil {
			set = map[*Grant]struct{}{}
			ix.retiring[rr] = set
		}
		set[g] = struct{}{}
	}
}

func (ix *grantIndex) unretire(g *Grant) {
	if g.RetiringPrincipal == "" {
		return
	}
	rr := retiringRef{g.Region, g.RetiringPrincipal}
	delete(ix.retiring[rr], g)
	if len(ix.retiring[rr]) == 0 {
		delete(ix.retiring, rr)
	}
}

// drop deletes one grant (RetireGrant, RevokeGrant). Its tokens stay
// issued (A0.15.2).
func (ix *grantIndex) drop(g *Grant) {
	kg := ix.keys[g.ref()]
	delete(kg.byID, g.ID)
	if g.Name != "" {
		named := slices.DeleteFunc(kg.byName[g.Name], func(x *Grant) bool { return x == g })
		if len(named) == 0 {
			delete(kg.byName, g.Name)
		} else {
			kg.byName[g.Name] = named
		}
	}
	kg.dirty = true
	ix.unretire(g)
	if len(kg.byID) == 0 {
		delete(ix.keys, g.ref())
	}
}

// find returns the grant ref names, or nil.
func (ix *grantIndex) find(r grantRef) *Grant {
	if kg := ix.keys[r.key]; kg != nil {
		return kg.byID[r.id]
	}
	return nil
}

// forgetGrants deletes every grant of k, which is being deleted (R6.11).
// The tokens issued for them stay valid grant tokens (A0.15.2).
func (s *Store) forgetGrants(k *Key) {
	ix := &s.grants
	kg := ix.keys[grantKeyOf(k)]
	if kg == nil {
		return
	}
	for _, g := range kg.byID {
		ix.unretire(g)
	}
	delete(ix.keys, grantKeyOf(k))
}

// CheckGrantTokens accepts a list of grant tokens when this world issued
// every one of them from CreateGrant, in any account or Region, even if
// the grant has since been retired, revoked or deleted with its key
// (A0.15.2, O18); any other token is an InvalidGrantTokenException.
func (s *Store) CheckGrantTokens(tokens []string) error {
	for _, t := range tokens {
		if _, ok := s.grants.tokens[t]; !ok {
			return errInvalidGrantToken()
		}
	}
	return nil
}

// GrantParams are CreateGrant's parameters after model validation (A5.1).
type GrantParams struct {
	KeyID             string
	GranteePrincipal  string
	RetiringPrincipal string // "" when absent
	Operations        []string
	// Constraints is nil when absent; a constraints value with neither map
	// is the same as none.
	Constraints *GrantConstraints
	GrantTokens []string
	Name        string // "" when absent
	DryRun      bool
}

func errInvalidGrantToken() *Error {
	return &Error{CodeInvalidGrantToken, "The grant token is invalid: this world issued no grant with that token."}
}

func errGrantDryRun() *Error {
	return &Error{"DryRunOperationException", "The request would have succeeded, but the DryRun option is set."}
}

func errGrantNotFound(format string, args ...any) *Error {
	return Errorf(CodeNotFound, format, args...)
}

func errInvalidGrantID(id string) *Error {
	return Errorf(CodeInvalidGrantID, "Invalid grantId '%s'", id)
}

// checkGrantListLimit is the P2 check of a grant listing's Limit against
// its documented maximum (A0.20.3, O32); 0 means absent.
func checkGrantListLimit(limit int) (int, error) {
	switch {
	case limit == 0:
		return DefaultGrantListLimit, nil
	case limit < 1:
		return 0, Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", limit)
	case limit > MaxGrantListLimit:
		return 0, Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to %d", limit, MaxGrantListLimit)
	}
	return limit, nil
}

// Grant constraint limits (A0.16.5).
const (
	maxConstraintPairs    = 8
	maxConstraintValueLen = 384
)

// normConstraints copies c, or returns nil when it constrains nothing.
func normConstraints(c *GrantConstraints) *GrantConstraints {
	if c == nil || c.EncryptionContextSubset == nil && c.EncryptionContextEquals == nil {
		return nil
	}
	return &GrantConstraints{maps.Clone(c.EncryptionContextSubset), maps.Clone(c.EncryptionContextEquals)}
}

// checkConstraints applies A0.16.5 (O21): at most 8 pairs in each map, each
// value at most 384 characters.
func checkConstraints(c *GrantConstraints) error {
	if c == nil {
		return nil
	}
	for _, m := range []struct {
		name string
		ctx  map[string]string
	}{{"EncryptionContextSubset", c.EncryptionContextSubset}, {"EncryptionContextEquals", c.EncryptionContextEquals}} {
		if len(m.ctx) > maxConstraintPairs {
			return Errorf(CodeValidation, "The grant constraint %s has %d pairs; it can have at most %d.", m.name, len(m.ctx), maxConstraintPairs)
		}
		for _, k := range slices.Sorted(maps.Keys(m.ctx)) {
			if n := utf8.RuneCountInString(m.ctx[k]); n > maxConstraintValueLen {
				return Errorf(CodeValidation, "The value of '%s' in the grant constraint %s has %d characters; it can have at most %d.", k, m.name, n, maxConstraintValueLen)
			}
		}
	}
	return nil
}

func constraintsEqual(a, b *GrantConstraints) bool {
	if a == nil || b == nil {
		return a == b
	}
	same := func(x, y map[string]string) bool { return (x == nil) == (y == nil) && maps.Equal(x, y) }
	return same(a.EncryptionContextSubset, b.EncryptionContextSubset) && same(a.EncryptionContextEquals, b.EncryptionContextEquals)
}

// grantCommonOps are valid in a grant for every key (A5.3.5), in the order
// of AWS's recorded list (hmac.json:encryption_grant).
var grantCommonOps = []string{"CreateGrant", "RetireGrant", "DescribeKey"}

// grantKeyOps returns the operations a grant on a key of the set's type may
// allow besides grantCommonOps, and whether AWS calls that key symmetric
// (A5.3.5).
func grantKeyOps(set *KeySet) ([]string, bool) {
	switch {
	case set.Spec == SpecSymmetricDefault:
		return []string{"Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
			"GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo"}, true
	case set.Spec.IsHMAC():
		return []string{"GenerateMac", "VerifyMac"}, true
	case set.Usage == UsageEncryptDecrypt:
		return []string{"Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"}, false
	case set.Usage == UsageSignVerify:
		return []string{"Sign", "Verify", "GetPublicKey"}, false
	case set.Usage == UsageKeyAgreement:
		return []string{"DeriveSharedSecret", "GetPublicKey"}, false
	case set.Usage == UsageEncapsulateDecapsulate:
		// The SDK's GrantOperation enum has Encapsulate and Decapsulate;
		// the KEY_AGREEMENT pattern is followed (the docs give no list).
		return []string{"Encapsulate", "Decapsulate", "GetPublicKey"}, false
	}
	return nil, false
}

// checkGrantOperations is A5.3.5's operation rule, in the recorded wording
// for an HMAC key (hmac.json:encryption_grant) and the same template for
// the other key types.
func checkGrantOperations(set *KeySet, ops []string) error {
	keyOps, symmetric := grantKeyOps(set)
	valid := append(slices.Clone(grantCommonOps), keyOps...)
	var bad []string
	for _, op := range ops {
		if !slices.Contains(valid, op) {
			bad = append(bad, op)
		}
	}
	if bad == nil {
		return nil
	}
	kind := "asymmetric"
	if symmetric {
		kind = "symmetric"
	}
	return Errorf(CodeValidation, "Operations [%s] are not supported when creating a grant for a %s KMS key with key usage %s. Valid operations are [%s]",
		strings.Join(bad, ", "), kind, set.Usage, strings.Join(valid, ", "))
}

// CreateGrant adds a grant to a key (§A5), in A5.3's order: operations
// present, grant tokens and constraint sizes (P2); resolution and the
// key-state gate (P3, P4); operations and constraints against the key's
// type and the per-key quota (P6); DryRun (P7). Then a grant with the same
// Name and parameters is reused (A5.3.7), else a new one is made with an ID
// drawn from ent; either way a new token is drawn from ent and issued.
func (s *Store) CreateGrant(now time.Time, ent Entropy, c Caller, p GrantParams) (*Grant, string, error) {
	if len(p.Operations) == 0 {
		return nil, "", &Error{CodeValidation, "1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1"}
	}
	if err := s.CheckGrantTokens(p.GrantTokens); err != nil {
		return nil, "", err
	}
	cons := normConstraints(p.Constraints)
	if err := checkConstraints(cons); err != nil {
		return nil, "", err
	}
	k, err := s.Get(c, OpCreateGrant, p.KeyID)
	if err != nil {
		return nil, "", err
	}
	for _, pr := range []string{p.GranteePrincipal, p.RetiringPrincipal} {
		if malformedAssumedRole(pr) {
			return nil, "", Errorf(CodeInvalidArn, "ARN is not valid: %s", pr)
		}
	}
	var ops []string
	for _, op := range p.Operations {
		if !slices.Contains(ops, op) {
			ops = append(ops, op)
		}
	}
	if err := checkGrantOperations(k.Set, ops); err != nil {
		return nil, "", err
	}
	if cons != nil && k.Set.Spec != SpecSymmetricDefault {
		return nil, "", &Error{CodeValidation, "EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key."}
	}
	kg := s.grants.keys[grantKeyOf(k)]
	if kg != nil && len(kg.byID) >= GrantsPerKey {
		return nil, "", &Error{CodeLimitExceeded, "The request was rejected because a quota was exceeded: grants per KMS key."}
	}
	if p.DryRun {
		return nil, "", errGrantDryRun()
	}
	var g *Grant
	if kg != nil && p.Name != "" {
		for _, x := range kg.byName[p.Name] {
			if x.GranteePrincipal == p.GranteePrincipal && x.RetiringPrincipal == p.RetiringPrincipal &&
				sameOpSet(x.Operations, ops) && constraintsEqual(x.Constraints, cons) {
				g = x
				break
			}
		}
	}
	if g == nil {
		g = &Grant{Account: k.Set.Account, Region: k.Region, KeyID: k.Set.ID, Name: p.Name,
			Created: now.Truncate(time.Second), GranteePrincipal: p.GranteePrincipal, RetiringPrincipal: p.RetiringPrincipal,
			IssuingAccount: "arn:" + Partition(c.Region) + ":iam::" + c.Account + ":root", Operations: ops, Constraints: cons}
		for {
			var b [32]byte
			mustRead(ent, b[:])
			g.ID = hex.EncodeToString(b[:])
			if kg == nil || kg.byID[g.ID] == nil {
				break
			}
		}
		g.pos = grantPos(g)
		s.grants.add(g)
	}
	return g, s.grants.issue(ent, g), nil
}

// malformedAssumedRole reports an STS assumed-role ARN whose resource is
// not assumed-role/<role name>/<session name>: a role's path never appears
// in it, and AWS refuses such a grantee as an invalid ARN whether or not the
// role exists [OBS-AWS grants.json:session_role_path].
func malformedAssumedRole(p string) bool {
	parts := strings.SplitN(p, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sts" {
		return false
	}
	res, ok := strings.CutPrefix(parts[5], "assumed-role/")
	if !ok {
		return false
	}
	f := strings.Split(res, "/")
	return len(f) != 2 || f[0] == "" || f[1] == ""
}

func sameOpSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// issue draws a new grant token for g and records it. A token is 32 random
// bytes followed by the grant's account, Region, key ID and grant ID,
// base64url-encoded: opaque to callers, decodable by the simulator, and
// unique per call (A5.3.9).
func (ix *grantIndex) issue(ent Entropy, g *Grant) string {
	var b [32]byte
	mustRead(ent, b[:])
	raw := append(b[:], g.Account+":"+g.Region+":"+g.KeyID+":"+g.ID...)
	tok := base64.RawURLEncoding.EncodeToString(raw)
	if ix.tokens == nil {
		ix.tokens = map[string]grantRef{}
	}
	ix.tokens[tok] = grantRef{g.ref(), g.ID}
	return tok
}

// grantPos is g's position in listing order: fixed-width creation time,
// grant ID, then the key, so that positions sort as A0.20.7 orders grants.
func grantPos(g *Grant) string {
	var b [16]byte
	u := uint64(g.Created.UnixNano()) ^ 1<<63
	for i := 15; i >= 0; i-- {
		b[i] = "0123456789abcdef"[u&15]
		u >>= 4
	}
	return string(b[:]) + "/" + g.ID + "/" + g.Account + "/" + g.KeyID
}

// grantPage returns the page of sorted (in listing order) that follows
// marker (A0.20.4–A0.20.6).
func grantPage(sorted []*Grant, scope string, limit int, marker string) (ListPage[*Grant], error) {
	start := 0
	if marker != "" {
		last, ok := DecodeMarker(scope, marker)
		if !ok {
			return ListPage[*Grant]{}, &Error{CodeInvalidMarker, ""}
		}
		// Resume after the last grant returned, even if it is gone (A0.20.6).
		start, _ = slices.BinarySearchFunc(sorted, last, func(g *Grant, p string) int { return strings.Compare(g.pos, p) })
		if start < len(sorted) && sorted[start].pos == last {
			start++
		}
	}
	end := min(start+limit, len(sorted))
	page := ListPage[*Grant]{Items: slices.Clone(sorted[start:end])}
	if end < len(sorted) {
		page.Truncated = true
		page.NextMarker = EncodeMarker(scope, sorted[end-1].pos)
	}
	return page, nil
}

// ListGrantsParams are ListGrants' parameters (A33.1); "" and 0 are absent.
type ListGrantsParams struct {
	KeyID            string
	GrantID          string
	GranteePrincipal string
	Limit            int
	Marker           string
}

// ListGrants pages the grants of one key (§A33): Limit's documented range
// and the GrantId filter's form (P2), resolution (P3, no state gate), then
// the marker, which must come from the same listing with the same filters
// by the same caller (A0.20.5). Items are the store's grants.
func (s *Store) ListGrants(c Caller, p ListGrantsParams) (ListPage[*Grant], error) {
	limit, err := checkGrantListLimit(p.Limit)
	if err != nil {
		return ListPage[*Grant]{}, err
	}
	if p.GrantID != "" && !IsGrantID(p.GrantID) {
		return ListPage[*Grant]{}, errInvalidGrantID(p.GrantID)
	}
	k, err := s.Get(c, OpListGrants, p.KeyID)
	if err != nil {
		return ListPage[*Grant]{}, err
	}
	all := s.grants.keys[grantKeyOf(k)].list()
	items := all
	if p.GrantID != "" || p.GranteePrincipal != "" {
		items = nil
		for _, g := range all {
			if (p.GrantID == "" || g.ID == p.GrantID) && (p.GranteePrincipal == "" || g.GranteePrincipal == p.GranteePrincipal) {
				items = append(items, g)
			}
		}
	}
	scope := strings.Join([]string{"ListGrants", c.Account, c.Region, k.Set.Account, k.Set.ID, p.GrantID, p.GranteePrincipal}, "\x00")
	return grantPage(items, scope, limit, p.Marker)
}

// ListRetirableGrants pages the grants whose RetiringPrincipal is exactly
// principal, on the keys of the called Region in every account of the
// world (§A38, A38.3.2), in listing order (A0.20.7).
func (s *Store) ListRetirableGrants(c Caller, principal string, limit int, marker string) (ListPage[*Grant], error) {
	limit, err := checkGrantListLimit(limit)
	if err != nil {
		return ListPage[*Grant]{}, err
	}
	set := s.grants.retiring[retiringRef{c.Region, principal}]
	items := make([]*Grant, 0, len(set))
	for g := range set {
		items = append(items, g)
	}
	slices.SortFunc(items, func(a, b *Grant) int { return strings.Compare(a.pos, b.pos) })
	scope := strings.Join([]string{"ListRetirableGrants", c.Account, c.Region, principal}, "\x00")
	return grantPage(items, scope, limit, marker)
}

// RetireParams are RetireGrant's parameters (A42.1); "" is absent.
type RetireParams struct {
	GrantToken string
	KeyID      string
	GrantID    string
	DryRun     bool
}

// RetireGrant deletes a grant named by its token, or by key and grant ID
// (§A42): the request must name the grant one way or the other, the token
// must be one this world issued and the grant ID well formed (P2); KeyId
// is resolved when given (P3, no state gate); the grant must exist in the
// called Region, on that key, and be the one GrantId names (P6, O87).
func (s *Store) RetireGrant(c Caller, p RetireParams) error {
	if p.GrantToken == "" && (p.KeyID == "" || p.GrantID == "") {
		return &Error{CodeValidation, "Grant token OR (grant ID, key ID) must be specified"}
	}
	var ref grantRef
	if p.GrantToken != "" {
		r, ok := s.grants.tokens[p.GrantToken]
		if !ok {
			return errInvalidGrantToken()
		}
		ref = r
	}
	if p.GrantID != "" && !IsGrantID(p.GrantID) {
		return errInvalidGrantID(p.GrantID)
	}
	var k *Key
	if p.KeyID != "" {
		var err error
		if k, err = s.Get(c, OpRetireGrant, p.KeyID); err != nil {
			return err
		}
	}
	var g *Grant
	if p.GrantToken != "" {
		if ref.key.region == c.Region {
			g = s.grants.find(ref)
		}
		if g != nil && (k != nil && g.ref() != grantKeyOf(k) || p.GrantID != "" && g.ID != p.GrantID) {
			g = nil
		}
		if g == nil {
			return errGrantNotFound("The grant that the grant token names does not exist in %s", c.Region)
		}
	} else if g = s.grants.find(grantRef{grantKeyOf(k), p.GrantID}); g == nil {
		return errGrantNotFound("Grant %s does not exist on key '%s'", p.GrantID, k.ARN())
	}
	if p.DryRun {
		return errGrantDryRun()
	}
	s.grants.drop(g)
	return nil
}

// RevokeGrant deletes a grant named by key and grant ID (§A43): the grant
// ID's form (P2), resolution (P3, no state gate), the grant's existence on
// that key (P6, O88), DryRun (P7).
func (s *Store) RevokeGrant(c Caller, keyID, grantID string, dryRun bool) error {
	if !IsGrantID(grantID) {
		return errInvalidGrantID(grantID)
	}
	k, err := s.Get(c, OpRevokeGrant, keyID)
	if err != nil {
		return err
	}
	g := s.grants.find(grantRef{grantKeyOf(k), grantID})
	if g == nil {
		return errGrantNotFound("Grant %s does not exist on key '%s'", grantID, k.ARN())
	}
	if dryRun {
		return errGrantDryRun()
	}
	s.grants.drop(g)
	return nil
}

// AllGrants calls fn for every grant, ordered by account, Region, key ID,
// then listing order.
func (s *Store) AllGrants(fn func(*Grant)) {
	refs := slices.SortedFunc(maps.Keys(s.grants.keys), func(a, b grantKeyRef) int {
		if c := strings.Compare(a.account, b.account); c != 0 {
			return c
		}
		if c := strings.Compare(a.region, b.region); c != 0 {
			return c
		}
		return strings.Compare(a.keyID, b.keyID)
	})
	for _, r := range refs {
		for _, g := range s.grants.keys[r].list() {
			fn(g)
		}
	}
}
