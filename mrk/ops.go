package mrk

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// KeyParams are CreateKey's parameters after model validation (A6.1).
type KeyParams struct {
	KeySpec               KeySpec // "" when absent
	CustomerMasterKeySpec KeySpec // "" when absent
	KeyUsage              KeyUsage
	Origin                Origin
	MultiRegion           bool
	Policy                *string
	Description           string
	Tags                  []Tag
	CustomKeyStoreID      *string
	XksKeyID              *string
	// BypassPolicyLockoutSafetyCheck skips checkLockout (A0.19.4).
	BypassPolicyLockoutSafetyCheck bool
}

// MemberParams are the independent properties given to ReplicateKey (A41.1).
type MemberParams struct {
	Policy      *string
	Description string
	Tags        []Tag
	// BypassPolicyLockoutSafetyCheck skips checkLockout (A0.19.4).
	BypassPolicyLockoutSafetyCheck bool
}

// checkCreate runs CreateKey's request checks (P2, A6.3.2–A6.3.9) and
// returns the effective spec, usage and origin.
func (s *Store) checkCreate(c Caller, p KeyParams) (KeySpec, KeyUsage, Origin, error) {
	spec := p.KeySpec
	if spec == "" {
		spec = p.CustomerMasterKeySpec
	} else if p.CustomerMasterKeySpec != "" && p.CustomerMasterKeySpec != spec {
		return "", "", "", &Error{CodeValidation, "KeySpec and CustomerMasterKeySpec cannot both be specified with different values."}
	}
	if spec == "" {
		spec = SpecSymmetricDefault
	}
	origin := p.Origin
	if origin == "" {
		origin = OriginAWSKMS
	}
	// ML-KEM keys take no imported material either: the import docs list
	// symmetric, HMAC, RSA, ECC and SM2 material only; ML-DSA's recorded
	// refusal is followed for them.
	if (spec.IsMLDSA() || spec.IsMLKEM()) && origin == OriginExternal {
		return "", "", "", Errorf(CodeValidation, "KeySpec %s is not supported for Origin EXTERNAL", spec)
	}
	switch {
	case p.CustomKeyStoreID != nil:
		return "", "", "", NotSupported("custom key stores (CustomKeyStoreId)")
	case p.XksKeyID != nil:
		return "", "", "", NotSupported("external key stores (XksKeyId)")
	case origin == OriginCloudHSM || origin == OriginExternalKeyStore:
		return "", "", "", NotSupported("custom key stores (Origin " + string(origin) + ")")
	case Usages(spec) == nil:
		return "", "", "", NotSupported("key spec " + string(spec))
	case spec == SpecSM2 && Partition(c.Region) != "aws-cn":
		// SM2 exists only in the China Regions (SPEC-API A0.23.1).
		return "", "", "", Errorf(CodeUnsupportedOperation, "KeySpec SM2 is not supported in Region %s.", c.Region)
	case spec == SpecSM2:
		return "", "", "", NotSupported("key spec SM2")
	case spec.IsMLKEM() && Partition(c.Region) == "aws-cn":
		// "The ML-KEM key specs are not available in China Regions"
		// (aws-sdk-go-v2 v1.62.5 CreateKeyInput.KeySpec); in SM2's wording.
		return "", "", "", Errorf(CodeUnsupportedOperation, "KeySpec %s is not supported in Region %s.", spec, c.Region)
	}
	usage := p.KeyUsage
	if usage == "" {
		if spec != SpecSymmetricDefault {
			return "", "", "", &Error{CodeValidation, msgUsageRequired}
		}
		usage = UsageEncryptDecrypt
	}
	if !slices.Contains(KeyUsages, usage) && usage != UsageEncapsulateDecapsulate {
		return "", "", "", NotSupported("key usage " + string(usage))
	}
	if !Compatible(spec, usage) {
		return "", "", "", Errorf(CodeValidation, "KeyUsage %s is not compatible with KeySpec %s", usage, spec)
	}
	if p.MultiRegion && s.noMRK[c.Region] {
		return "", "", "", errRegionInvalid(c.Region)
	}
	if err := checkMember(p.Tags, p.Policy); err != nil {
		return "", "", "", err
	}
	probe := Key{Set: &KeySet{Account: c.Account}, Region: c.Region} // the key to be
	if err := checkLockout(c, &probe, p.Policy, p.BypassPolicyLockoutSafetyCheck); err != nil {
		return "", "", "", err
	}
	if s.quotaFull(c.Account, c.Region) {
		return "", "", "", errQuota()
	}
	return spec, usage, origin, nil
}

func checkMember(tags []Tag, policy *string) error {
	if err := CheckTags(tags); err != nil {
		return err
	}
	if policy != nil {
		if err := CheckPolicy(*policy); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) quotaFull(account, r string) bool {
	reg := s.region(account, r, false)
	return reg != nil && len(reg.keys)-reg.managed >= s.cfg.KeysPerRegion
}

func errQuota() *Error {
	return &Error{CodeLimitExceeded, "The request was rejected because a quota was exceeded: customer managed keys per Region."}
}

func errRegionInvalid(r string) *Error {
	return Errorf(CodeValidation, "Region %s is not a valid Region or multi-Region keys are not supported in Region %s.", r, r)
}

// CreateKey creates a single-Region key or a multi-Region primary (A6.3,
// T1, T2). Its key ID and, for origin AWS_KMS, its first material are drawn
// from ent.
func (s *Store) CreateKey(now time.Time, ent Entropy, c Caller, p KeyParams) (*Key, error) {
	spec, usage, origin, err := s.checkCreate(c, p)
	if err != nil {
		return nil, err
	}
	set := s.setSlab.alloc()
	*set = KeySet{ID: s.newKeyID(ent, p.MultiRegion), Account: c.Account, Spec: spec, Usage: usage, Origin: origin,
		MultiRegion: p.MultiRegion, Primary: c.Region}
	set.Replicas = set.replicaBuf[:0]
	state := PendingImport
	if origin == OriginAWSKMS {
		set.Materials = append(set.materialBuf[:0], newMaterial(ent, now))
		state = Enabled
	}
	k := s.keySlab.alloc()
	*k = Key{Set: set, Region: c.Region, Created: now, Description: p.Description, State: state,
		Tags: slices.Clone(p.Tags)}
	if p.Policy != nil {
		k.setPolicy(*p.Policy)
	}
	s.sets[set.ID] = set
	s.insert(k)
	return k, nil
}

// newKeyID draws a key ID no key set has.
func (s *Store) newKeyID(ent Entropy, multiRegion bool) string {
	for {
		var b [16]byte
		mustRead(ent, b[:])
		if id := NewKeyID(b, multiRegion); s.sets[id] == nil {
			return id
		}
	}
}

// Get resolves a KeyId for op and applies op's key-state gate.
func (s *Store) Get(c Caller, op Op, keyID string) (*Key, error) {
	k, err := s.Resolve(c, op, keyID)
	if err != nil {
		return nil, err
	}
	if o := Gate(op, s.VisibleState(op, k)); o != OK {
		return nil, o.Err(k.ARN())
	}
	return k, nil
}

// EnableKey enables a Disabled key (T7). A primary whose automatic rotation
// fell due while it was disabled rotates at once (R8.1.6).
func (s *Store) EnableKey(now time.Time, ent Entropy, c Caller, keyID string) ([]Timer, error) {
	k, err := s.Get(c, OpEnableKey, keyID)
	if err != nil {
		return nil, err
	}
	s.changing(k, Enabled)
	k.State = Enabled
	return s.catchUpRotation(k, now, ent), nil
}

func (s *Store) catchUpRotation(k *Key, now time.Time, ent Entropy) []Timer {
	set := k.Set
	if !set.Rotation.Enabled || set.Primary != k.Region || now.Before(set.Rotation.Next) {
		return nil
	}
	return []Timer{s.rotate(set, now, ent, "AUTOMATIC")}
}

// DisableKey disables an Enabled key (T6).
func (s *Store) DisableKey(c Caller, keyID string) error {
	k, err := s.Get(c, OpDisableKey, keyID)
	if err != nil {
		return err
	}
	s.changing(k, Disabled)
	k.State = Disabled
	return nil
}

// UpdateKeyDescription replaces one key's description (A51).
func (s *Store) UpdateKeyDescription(c Caller, keyID, desc string) error {
	k, err := s.Get(c, OpUpdateKeyDescription, keyID)
	if err != nil {
		return err
	}
	k.Description = desc
	return nil
}

// ReplicateKey creates a replica of a multi-Region primary in another Region
// of its partition (§4, A41.3), in state Creating, and returns it with the
// timer that ends Creating.
func (s *Store) ReplicateKey(now time.Time, c Caller, keyID, replicaRegion string, p MemberParams) (*Key, []Timer, error) {
	if err := checkMember(p.Tags, p.Policy); err != nil {
		return nil, nil, err
	}
	k, err := s.Resolve(c, OpReplicateKey, keyID)
	if err != nil {
		return nil, nil, err
	}
	if !k.IsPrimary() {
		return nil, nil, Errorf(CodeUnsupportedOperation, "%s is not a multi-region primary key.", k.ARN())
	}
	if err := Gate(OpReplicateKey, k.State).Err(k.ARN()); err != nil {
		return nil, nil, err
	}
	set := k.Set
	switch {
	case replicaRegion == k.Region:
		return nil, nil, Errorf(CodeValidation, "%s cannot have a replica because it contains the primary.", replicaRegion)
	case Partition(replicaRegion) != Partition(k.Region):
		return nil, nil, &Error{CodeValidation, msgPartition}
	case !s.known[replicaRegion] || s.noMRK[replicaRegion]:
		return nil, nil, errRegionInvalid(replicaRegion)
	case s.Lookup(set.Account, replicaRegion, set.ID) != nil:
		return nil, nil, &Error{CodeAlreadyExists, msgReplicaExists}
	case set.Spec.IsHMAC() && s.noHMAC[replicaRegion]:
		return nil, nil, Errorf(CodeUnsupportedOperation, "HMAC keys are not supported in Region %s.", replicaRegion)
	case s.quotaFull(set.Account, replicaRegion):
		return nil, nil, errQuota()
	}
	if err := checkLockout(c, &Key{Set: set, Region: replicaRegion}, p.Policy, p.BypassPolicyLockoutSafetyCheck); err != nil {
		return nil, nil, err
	}
	replicaRegion = s.canonical[replicaRegion] // share one string per Region
	r := s.keySlab.alloc()
	*r = Key{Set: set, Region: replicaRegion, Created: now, Description: p.Description, State: Creating,
		Tags: slices.Clone(p.Tags), epoch: s.nextEpoch()}
	if p.Policy != nil {
		r.setPolicy(*p.Policy)
	}
	if set.Origin == OriginExternal {
		r.inheritModel, _ = k.ExpirationModel() // A41: the primary's model, no ValidTo
	}
	set.Replicas = append(set.Replicas, replicaRegion)
	s.insert(r)
	t := Timer{TimerCreated, now.Add(s.cfg.ReplicaCreatingDuration), set.Account, replicaRegion, set.ID, r.epoch}
	return r, []Timer{t}, nil
}

// UpdatePrimaryRegion makes the replica in region the primary (§5, A52.3).
// Roles swap at once; both keys are Updating until their timers fire.
func (s *Store) UpdatePrimaryRegion(now time.Time, c Caller, keyID, region string) ([]Timer, error) {
	k, err := s.Resolve(c, OpUpdatePrimaryRegion, keyID)
	if err != nil {
		return nil, err
	}
	if !k.Set.MultiRegion {
		return nil, Errorf(CodeUnsupportedOperation, "%s is not a multi-Region key.", k.ARN())
	}
	if !k.IsPrimary() {
		return nil, Errorf(CodeInvalidState, "%s is not a multi-Region primary key.", k.ARN())
	}
	if err := Gate(OpUpdatePrimaryRegion, k.State).Err(k.ARN()); err != nil {
		return nil, err
	}
	if region == k.Region {
		return nil, nil // R5.2.3: success, no effect
	}
	set := k.Set
	target := s.Lookup(set.Account, region, set.ID)
	if target == nil {
		return nil, Errorf(CodeValidation, "%s does not have a replica key in the specified Region.", set.ID)
	}
	if err := Gate(OpUpdatePrimaryRegion, target.State).Err(target.ARN()); err != nil {
		return nil, err
	}
	i := indexOf(set.Replicas, region)
	set.Replicas = append(append(set.Replicas[:i:i], set.Replicas[i+1:]...), k.Region)
	set.Primary = region
	var ts []Timer
	for _, m := range []*Key{k, target} {
		if m.State != Updating {
			m.prev = m.State
			s.changing(m, Updating)
			m.State = Updating
		}
		m.epoch = s.nextEpoch()
		ts = append(ts, Timer{TimerUpdated, now.Add(s.cfg.PrimaryUpdatingDuration), set.Account, m.Region, set.ID, m.epoch})
	}
	return ts, nil
}

// ScheduleKeyDeletion starts a key's waiting period (§6, A45.3). A primary
// with replicas waits in PendingReplicaDeletion instead (T9).
func (s *Store) ScheduleKeyDeletion(now time.Time, c Caller, keyID string, days *int) (*Key, []Timer, error) {
	n := 30
	if days != nil {
		n = *days
		if n < 7 || n > 30 {
			return nil, nil, &Error{CodeValidation, "PendingWindowInDays must be between 7 and 30"}
		}
	}
	k, err := s.Get(c, OpScheduleKeyDeletion, keyID)
	if err != nil {
		return nil, nil, err
	}
	k.PendingWindowDays = n
	k.epoch = s.nextEpoch()
	if k.IsPrimary() && len(k.Set.Replicas) > 0 {
		s.changing(k, PendingReplicaDeletion)
		k.State = PendingReplicaDeletion
		return k, nil, nil
	}
	s.changing(k, PendingDeletion)
	k.State = PendingDeletion
	k.DeletionDate = now.Add(time.Duration(n) * Day)
	return k, []Timer{s.deletionTimer(k)}, nil
}

// CancelKeyDeletion ends a waiting period (T11, R6.9): the key becomes
// Disabled, or PendingImport when it lacks its material.
func (s *Store) CancelKeyDeletion(c Caller, keyID string) (*Key, error) {
	k, err := s.Get(c, OpCancelKeyDeletion, keyID)
	if err != nil {
		return nil, err
	}
	to := Disabled
	if !k.HasMaterial() {
		to = PendingImport
	}
	s.changing(k, to)
	k.State = to
	k.DeletionDate = time.Time{}
	k.PendingWindowDays = 0
	k.epoch = s.nextEpoch()
	return k, nil
}

// checkRotationTarget runs the role and type rules of the rotation
// operations (R3.6.2, R3.7.2, R3.8.1 steps 3–4) and then the state gate.
func (s *Store) checkRotationTarget(c Caller, op Op, keyID string) (*Key, bool, error) {
	k, err := s.Resolve(c, op, keyID)
	if err != nil {
		return nil, false, err
	}
	arn := k.ARN()
	if k.IsReplica() {
		return nil, false, Errorf(CodeUnsupportedOperation, "%s is a multi-region replica key which is not valid for %s.", arn, op)
	}
	if k.Set.Origin == OriginExternal {
		return nil, false, TEXT.Err(arn)
	}
	rotatable := k.Set.CanRotateAutomatically()
	if !rotatable && op == OpEnableKeyRotation {
		return nil, false, TROT.Err(arn)
	}
	if err := Gate(op, s.VisibleState(op, k)).Err(arn); err != nil {
		return nil, false, err
	}
	return k, rotatable, nil
}

// EnableKeyRotation turns automatic rotation on for a set, or changes its
// period (R8.1.3, A18.3.5). period is nil when absent.
func (s *Store) EnableKeyRotation(now time.Time, c Caller, keyID string, period *int) ([]Timer, error) {
	// kms:RotationPeriodInDays is the period asked for, 365 when the
	// request has none, even on a key already rotating every 90 days
	// (rotation.json:condition_null_omitted, condition_numeric_omitted,
	// condition_numeric_omitted_when_90).
	days := 365
	if period != nil {
		days = *period
	}
	c.Keys = map[string]string{"kms:RotationPeriodInDays": strconv.Itoa(days)}
	k, _, err := s.checkRotationTarget(c, OpEnableKeyRotation, keyID)
	if err != nil {
		return nil, err
	}
	rot := &k.Set.Rotation
	if rot.Enabled && (period == nil || *period == rot.PeriodDays) {
		return nil, nil
	}
	rot.Enabled = true
	rot.PeriodDays = 365
	if period != nil {
		rot.PeriodDays = *period
	}
	return []Timer{s.scheduleRotation(k.Set, now)}, nil
}

// DisableKeyRotation turns automatic rotation off for a set (A15.3); on a
// key that cannot rotate it succeeds and changes nothing (O-45).
func (s *Store) DisableKeyRotation(c Caller, keyID string) error {
	k, rotatable, err := s.checkRotationTarget(c, OpDisableKeyRotation, keyID)
	if err != nil || !rotatable {
		return err
	}
	k.Set.Rotation.Enabled = false
	k.Set.Rotation.epoch = s.nextEpoch()
	return nil
}

// RotationStatus is GetKeyRotationStatus's answer for one member (A28.3.4).
type RotationStatus struct {
	Key        *Key
	Enabled    bool
	PeriodDays int
	Next       time.Time
	// OnDemandStart is when the set's on-demand rotation in progress was
	// requested; zero when none is (R8.2.4).
	OnDemandStart time.Time
}

// GetKeyRotationStatus reports the set's rotation as seen by one member
// (R8.1.4): false for keys that cannot rotate and for a member in
// PendingDeletion. An on-demand rotation in progress is reported whatever
// the automatic status says (R8.2.4), by every member of the set.
func (s *Store) GetKeyRotationStatus(c Caller, keyID string) (RotationStatus, error) {
	k, err := s.Get(c, OpGetKeyRotationStatus, keyID)
	if err != nil {
		return RotationStatus{}, err
	}
	rot := k.Set.Rotation
	st := RotationStatus{Key: k, OnDemandStart: k.Set.OnDemand.Start}
	if rot.Enabled && k.Set.CanRotateAutomatically() && k.State != PendingDeletion {
		st.Enabled, st.PeriodDays, st.Next = true, rot.PeriodDays, rot.Next
	}
	return st, nil
}

// ListPage is one page of a listing.
type ListPage[T any] struct {
	Items      []T
	NextMarker string
	Truncated  bool
}

// ListKeys pages the keys of the caller's account and Region in listing
// order (A36, A0.20). marker is "" for the first page.
func (s *Store) ListKeys(c Caller, limit int, marker string) (ListPage[*Key], error) {
	keys := s.Keys(c.Account, c.Region)
	scope := "ListKeys\x00" + c.Account + "\x00" + c.Region
	start := 0
	if marker != "" {
		pos, ok := DecodeMarker(scope, marker)
		if !ok {
			return ListPage[*Key]{}, &Error{CodeInvalidMarker, ""}
		}
		start, _ = slices.BinarySearchFunc(keys, pos, func(k *Key, p string) int {
			return strings.Compare(keyPos(k), p)
		})
		if start < len(keys) && keyPos(keys[start]) == pos {
			start++
		}
	}
	end := min(start+limit, len(keys))
	page := ListPage[*Key]{Items: keys[start:end:end]}
	if end < len(keys) {
		page.Truncated = true
		page.NextMarker = EncodeMarker(scope, keyPos(keys[end-1]))
	}
	return page, nil
}

// keyPos is a key's position in listing order as a string that sorts the
// same way: fixed-width creation time, then key ID.
func keyPos(k *Key) string {
	var b [20]byte
	ns := k.Created.UnixNano()
	u := uint64(ns) ^ 1<<63
	for i := 15; i >= 0; i-- {
		b[i] = "0123456789abcdef"[u&15]
		u >>= 4
	}
	return string(b[:16]) + "/" + k.Set.ID
}
