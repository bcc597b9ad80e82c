package mrk

import (
	"slices"
	"strings"
	"time"
)

// Aliases (SPEC §1.3; SPEC-API §A3, §A8, §A32, §A49, A0.18). An alias
// belongs to one account and Region and names one key there (R1.3.3). It
// is an independent property of a multi-Region member: the same name may
// exist in several Regions, each pointing at its own Region's member, and
// nothing done to an alias in one Region touches another (A3.5.1, A8.5.1,
// A49.5.1). Aliases are deleted with their key (R1.3.5). No operation here
// draws randomness, and a failing one changes nothing (A0.11.3).

// Alias is one alias. The store owns it: callers must not modify it.
type Alias struct {
	// Name is the full alias name, alias/ included (R1.3.1).
	Name string
	// Account and Region are the alias's; its target lives there too.
	Account, Region string
	// KeyID is the target key's ID (AliasListEntry.TargetKeyId, A0.12.11).
	KeyID string
	// Created and Updated are CreationDate and LastUpdatedDate (A3.3.6,
	// A49.3.6), from the world's clock (A0.24.1).
	Created, Updated time.Time
}

// ARN returns the alias ARN (R1.3.2, A0.18.7).
func (a *Alias) ARN() string { return AliasARN(a.Region, a.Account, a.Name) }

// KeyARN returns the ARN of the alias's target key.
func (a *Alias) KeyARN() string { return KeyARN(a.Region, a.Account, a.KeyID) }

// Alias quotas and ListAliases' Limit (A0.18.6, A0.22.1, A0.20.2).
const (
	AliasesPerKey         = 50
	MaxAliasListLimit     = 100
	DefaultAliasListLimit = 50
)

// Messages of the alias operations. Only msgAliasPrefix is recorded AWS
// text (A0.18.2 msg✓); the others are the spec's recommendations.
const (
	msgAliasPrefix = `Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html`
	msgAliasTarget = "Aliases must refer to keys. Not aliases" // A3.3.3, O40
	aliasPrefix    = "alias/"
	reservedPrefix = "alias/aws/"
)

type aliasRegion struct{ account, region string }

// regionAliases are the aliases of one account and Region.
type regionAliases struct {
	// sorted holds every alias in alias-name order (A0.20.7).
	sorted []*Alias
	// byKey holds each target key's aliases, in no particular order.
	byKey map[string][]*Alias
}

// aliasIndex holds the aliases of every account and Region (R1.3). Its
// zero value is empty.
type aliasIndex struct {
	regions map[aliasRegion]*regionAliases
}

func (ix *aliasIndex) region(account, region string) *regionAliases {
	return ix.regions[aliasRegion{account, region}]
}

// find returns the alias with this name in the account and Region, or nil.
func (ix *aliasIndex) find(account, region, name string) *Alias {
	ra := ix.region(account, region)
	if ra == nil {
		return nil
	}
	if i, ok := ra.search(name); ok {
		return ra.sorted[i]
	}
	return nil
}

func (ra *regionAliases) search(name string) (int, bool) {
	return slices.BinarySearchFunc(ra.sorted, name, func(a *Alias, n string) int { return strings.Compare(a.Name, n) })
}

func (ix *aliasIndex) add(a *Alias) {
	if ix.regions == nil {
		ix.regions = map[aliasRegion]*regionAliases{}
	}
	rk := aliasRegion{a.Account, a.Region}
	ra := ix.regions[rk]
	if ra == nil {
		ra = &regionAliases{byKey: map[string][]*Alias{}}
		ix.regions[rk] = ra
	}
	i, _ := ra.search(a.Name)
	ra.sorted = slices.Insert(ra.sorted, i, a)
	ra.byKey[a.KeyID] = append(ra.byKey[a.KeyID], a)
}

// unlink takes a out of its target key's list.
func (ra *regionAliases) unlink(a *Alias) {
	rest := slices.DeleteFunc(ra.byKey[a.KeyID], func(x *Alias) bool { return x == a })
	if len(rest) == 0 {
		delete(ra.byKey, a.KeyID)
	} else {
		ra.byKey[a.KeyID] = rest
	}
}

func (ix *aliasIndex) drop(a *Alias) {
	rk := aliasRegion{a.Account, a.Region}
	ra := ix.regions[rk]
	if i, ok := ra.search(a.Name); ok {
		ra.sorted = slices.Delete(ra.sorted, i, i+1)
	}
	ra.unlink(a)
	if len(ra.sorted) == 0 {
		delete(ix.regions, rk)
	}
}

// retarget points a at keyID.
func (ix *aliasIndex) retarget(a *Alias, keyID string) {
	ra := ix.region(a.Account, a.Region)
	ra.unlink(a)
	a.KeyID = keyID
	ra.byKey[keyID] = append(ra.byKey[keyID], a)
}

// count returns how many aliases point at the key with this ID.
func (ix *aliasIndex) count(account, region, keyID string) int {
	if ra := ix.region(account, region); ra != nil {
		return len(ra.byKey[keyID])
	}
	return 0
}

// forgetAliases deletes every alias pointing at k, which is being deleted
// (R1.3.5, R6.11). Aliases of the other members of its set stay.
func (s *Store) forgetAliases(k *Key) {
	ra := s.aliases.region(k.Set.Account, k.Region)
	if ra == nil {
		return
	}
	for _, a := range slices.Clone(ra.byKey[k.Set.ID]) {
		s.aliases.drop(a)
	}
}

// LookupAlias returns the alias with this name in the account and Region,
// or nil.
func (s *Store) LookupAlias(account, region, name string) *Alias {
	return s.aliases.find(account, region, name)
}

// AllAliases calls fn for every alias, ordered by account, Region, then
// alias name.
func (s *Store) AllAliases(fn func(*Alias)) {
	rks := make([]aliasRegion, 0, len(s.aliases.regions))
	for rk := range s.aliases.regions {
		rks = append(rks, rk)
	}
	slices.SortFunc(rks, func(a, b aliasRegion) int {
		if c := strings.Compare(a.account, b.account); c != 0 {
			return c
		}
		return strings.Compare(a.region, b.region)
	})
	for _, rk := range rks {
		for _, a := range s.aliases.regions[rk].sorted {
			fn(a)
		}
	}
}

// checkAliasPrefix is the P2 prefix rule of CreateAlias, UpdateAlias and
// DeleteAlias (A0.18.2 msg✓, O24).
func checkAliasPrefix(name string) error {
	if !strings.HasPrefix(name, aliasPrefix) {
		return &Error{CodeValidation, msgAliasPrefix}
	}
	return nil
}

// checkNewAliasName runs CreateAlias' P2 name rules (A3.3.2): the prefix
// (A0.18.2), the reserved alias/aws/ names (A0.18.3, O25), then an empty
// name or a ':' (A0.18.4, O26). Other characters and the length are P1
// model constraints, checked before the model is called.
func checkNewAliasName(name string) error {
	if err := checkAliasPrefix(name); err != nil {
		return err
	}
	switch {
	case strings.HasPrefix(name, reservedPrefix):
		return Errorf(CodeInvalidAliasName, "Alias names starting with %s are reserved for AWS managed keys: %s", reservedPrefix, name)
	case name == aliasPrefix:
		return Errorf(CodeInvalidAliasName, "%s has no name after the prefix %s", name, aliasPrefix)
	case strings.Contains(name, ":"):
		return Errorf(CodeInvalidAliasName, "%s contains invalid characters for an alias", name)
	}
	return nil
}

func errAliasNotFound(c Caller, name string) *Error {
	return Errorf(CodeNotFound, "Alias %s is not found.", AliasARN(c.Region, c.Account, name))
}

func errAliasLimit() *Error {
	return Errorf(CodeLimitExceeded, "The request was rejected because a quota was exceeded: a KMS key can have at most %d aliases.", AliasesPerKey)
}

// CreateAlias creates an alias in the caller's account and called Region
// for the key TargetKeyId names there (§A3): the name rules (P2), the
// target's resolution (P3) and state (P4: E-PD, E-PRD), then the name's
// uniqueness in the account and Region and the target's 50-alias quota
// (P6). It returns the target key.
func (s *Store) CreateAlias(now time.Time, c Caller, name, targetKeyID string) (*Key, error) {
	if err := checkNewAliasName(name); err != nil {
		return nil, err
	}
	// TargetKeyId: key ID or key ARN in the caller's account and called
	// Region, an alias form being a ValidationException (A3.3.3, O40, see
	// resolveAlias); then the state gate (A3.3.4).
	k, err := s.Get(c, OpCreateAlias, targetKeyID)
	if err != nil {
		return nil, err
	}
	if s.aliases.find(c.Account, c.Region, name) != nil {
		return nil, Errorf(CodeAlreadyExists, "An alias with the name %s already exists", AliasARN(c.Region, c.Account, name))
	}
	if s.aliases.count(c.Account, c.Region, k.Set.ID) >= AliasesPerKey {
		return nil, errAliasLimit()
	}
	s.aliases.add(&Alias{Name: name, Account: k.Set.Account, Region: k.Region, KeyID: k.Set.ID, Created: now, Updated: now})
	return k, nil
}

// keyClass is the type UpdateAlias keeps: symmetric encryption,
// asymmetric or HMAC (R1.3.4).
func keyClass(spec KeySpec) string {
	switch {
	case spec == SpecSymmetricDefault:
		return "symmetric"
	case spec.IsHMAC():
		return "HMAC"
	}
	return "asymmetric"
}

// UpdateAlias points an existing alias of the caller's account and called
// Region at another key there (§A49): the prefix rule (P2), the alias's
// existence (P3, A49.3.2: an alias/aws/ name only once its AWS managed
// key exists, and then kms:UpdateAlias is denied on that key), the new target's
// resolution (P3) and state (P4, R3.6.3: the current target's state does
// not matter), then the same key usage and type as the current target
// (R1.3.4, O98) and the new target's 50-alias quota (P6). LastUpdatedDate
// becomes now, also when the target does not change. It returns the new
// target key.
func (s *Store) UpdateAlias(now time.Time, c Caller, name, targetKeyID string) (*Key, error) {
	if err := checkAliasPrefix(name); err != nil {
		return nil, err
	}
	a := s.aliases.find(c.Account, c.Region, name)
	if a == nil {
		return nil, errAliasNotFound(c, name)
	}
	if err := s.authorizeTarget(c, OpUpdateAlias, a); err != nil {
		return nil, err
	}
	k, err := s.Get(c, OpUpdateAlias, targetKeyID) // A49.3.3, A49.3.4
	if err != nil {
		return nil, err
	}
	if cur := s.Lookup(a.Account, a.Region, a.KeyID); cur != nil {
		if err := checkRetarget(name, cur.Set, k.Set); err != nil {
			return nil, err
		}
	}
	if k.Set.ID != a.KeyID && s.aliases.count(c.Account, c.Region, k.Set.ID) >= AliasesPerKey {
		return nil, errAliasLimit()
	}
	if k.Set.ID != a.KeyID {
		s.aliases.retarget(a, k.Set.ID)
	}
	a.Updated = now
	return k, nil
}

// checkRetarget is R1.3.4 (A49.3.5, O98): the new target must have the
// current target's key usage and be of its type.
func checkRetarget(name string, from, to *KeySet) error {
	if from.Usage != to.Usage {
		return Errorf(CodeValidation, "Alias %s cannot be changed from a CMK with key usage %s to a CMK with key usage %s. The key usage of the current CMK and the new CMK must be the same.",
			name, from.Usage, to.Usage)
	}
	if fc, tc := keyClass(from.Spec), keyClass(to.Spec); fc != tc {
		return Errorf(CodeValidation, "Alias %s cannot be changed from a %s CMK to a %s CMK. The current CMK and the new CMK must be of the same type: symmetric, asymmetric or HMAC.",
			name, fc, tc)
	}
	return nil
}

// DeleteAlias deletes an alias of the caller's account and called Region
// (§A8): the prefix rule (P2), then its existence (P3). The target key's
// state does not matter (A8.3.3). It returns the deleted alias.
func (s *Store) DeleteAlias(c Caller, name string) (Alias, error) {
	if err := checkAliasPrefix(name); err != nil {
		return Alias{}, err
	}
	a := s.aliases.find(c.Account, c.Region, name)
	if a == nil {
		return Alias{}, errAliasNotFound(c, name)
	}
	if err := s.authorizeTarget(c, OpDeleteAlias, a); err != nil {
		return Alias{}, err
	}
	s.aliases.drop(a)
	return *a, nil
}

// authorizeTarget authorizes op on the key an alias points at: an AWS
// managed key's policy allows neither DeleteAlias nor UpdateAlias, so its
// alias/aws/ alias stays (see authorize).
func (s *Store) authorizeTarget(c Caller, op Op, a *Alias) error {
	if k := s.Lookup(a.Account, a.Region, a.KeyID); k != nil {
		return authorize(c, action(op), k)
	}
	return nil
}

// ListAliases pages the aliases of the caller's account and called Region
// in alias-name order (§A32, A0.20.7), only those pointing at KeyId's key
// when keyID is not "": Limit's documented range 1..100 (P2, A32.3.1; 0
// stands for an absent Limit, which means 50), KeyId's resolution (P3: key
// ID or key ARN, no state gate), then the marker, which must come from
// this listing with the same KeyId in the same account and Region (A0.20.5).
// The items are copies.
func (s *Store) ListAliases(c Caller, keyID string, limit int, marker string) (ListPage[Alias], error) {
	limit, err := aliasListLimit(limit)
	if err != nil {
		return ListPage[Alias]{}, err
	}
	scope := "ListAliases\x00" + c.Account + "\x00" + c.Region + "\x00"
	var items []*Alias
	if keyID != "" {
		k, err := s.Get(c, OpListAliases, keyID)
		if err != nil {
			return ListPage[Alias]{}, err
		}
		scope += k.Set.ID
		if ra := s.aliases.region(c.Account, c.Region); ra != nil {
			items = slices.Clone(ra.byKey[k.Set.ID])
			slices.SortFunc(items, func(a, b *Alias) int { return strings.Compare(a.Name, b.Name) })
		}
	} else if ra := s.aliases.region(c.Account, c.Region); ra != nil {
		items = ra.sorted
	}
	return aliasPage(items, scope, limit, marker)
}

// aliasListLimit is the P2 check of ListAliases' Limit against its
// documented range (A0.20.3, O32); 0 means absent.
func aliasListLimit(limit int) (int, error) {
	switch {
	case limit == 0:
		return DefaultAliasListLimit, nil
	case limit < 1:
		return 0, Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", limit)
	case limit > MaxAliasListLimit:
		return 0, Errorf(CodeValidation, "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to %d", limit, MaxAliasListLimit)
	}
	return limit, nil
}

// aliasPage returns the page of sorted (in alias-name order) that follows
// marker (A0.20.4–A0.20.6). A marker names the last alias returned; the
// listing resumes after that name even if the alias is gone.
func aliasPage(sorted []*Alias, scope string, limit int, marker string) (ListPage[Alias], error) {
	start := 0
	if marker != "" {
		last, ok := DecodeMarker(scope, marker)
		if !ok {
			return ListPage[Alias]{}, &Error{CodeInvalidMarker, ""}
		}
		start, _ = slices.BinarySearchFunc(sorted, last, func(a *Alias, n string) int { return strings.Compare(a.Name, n) })
		if start < len(sorted) && sorted[start].Name == last {
			start++
		}
	}
	end := min(start+limit, len(sorted))
	p := ListPage[Alias]{Items: make([]Alias, 0, end-start)}
	for _, a := range sorted[start:end] {
		p.Items = append(p.Items, *a)
	}
	if end < len(sorted) {
		p.Truncated = true
		p.NextMarker = EncodeMarker(scope, sorted[end-1].Name)
	}
	return p, nil
}
