package mrk

import (
	"io"
	"slices"
	"strings"
	"time"
)

// Entropy is the source of every random byte the model draws: key IDs and
// key material. The simulator passes its seeded stream; the model reads it
// only when an operation is about to succeed (A0.11.3).
type Entropy = io.Reader

// Day is the length of a day-based period (R11.4).
const Day = 24 * time.Hour

// Config holds the world settings the model consults.
type Config struct {
	// Regions are the Regions of the world (R1.6.1). Requests may name other
	// Regions (A0.3.5, O6); those are never valid replica Regions.
	Regions []string
	// RegionsWithoutMRK refuse multi-Region keys (O-9). Default none.
	RegionsWithoutMRK []string
	// RegionsWithoutHMAC refuse HMAC replicas (R1.6.4).
	RegionsWithoutHMAC []string
	// ReplicaCreatingDuration is how long a new replica stays Creating (R11.3).
	ReplicaCreatingDuration time.Duration
	// PrimaryUpdatingDuration is how long UpdatePrimaryRegion's keys stay Updating.
	PrimaryUpdatingDuration time.Duration
	// DeletionSlack is added after DeletionDate before a key is removed (O-27).
	DeletionSlack time.Duration
	// KeysPerRegion is the customer managed key quota per account and Region (A0.22).
	KeysPerRegion int
	// OnDemandRotationDuration is how long RotateKeyOnDemand takes to
	// complete (R11.3, O-42).
	OnDemandRotationDuration time.Duration
	// AutoRotationConflictWindow: RotateKeyOnDemand fails with
	// ConflictException when an automatic rotation is due within it
	// (R8.2.3, R11.3); zero or less turns the check off.
	AutoRotationConflictWindow time.Duration
	// OnDemandRotationLimit is the number of on-demand rotations a set may
	// have (R8.2.2, O-34).
	OnDemandRotationLimit int
	// ReadStaleness is how long reads may see the state before a change
	// (R11.5, see stale.go); zero means never. Reads compare it with the
	// time Store.At gave.
	ReadStaleness time.Duration
}

// DefaultConfig returns SPEC §11's defaults.
func DefaultConfig() Config {
	return Config{
		Regions:                 slices.Clone(DefaultRegions),
		RegionsWithoutHMAC:      []string{"cn-north-1", "cn-northwest-1"},
		ReplicaCreatingDuration: 5 * time.Second,
		PrimaryUpdatingDuration: 10 * time.Second,
		KeysPerRegion:           100000,

		OnDemandRotationDuration:   2 * time.Minute,
		AutoRotationConflictWindow: 20 * time.Minute,
		OnDemandRotationLimit:      25,
	}
}

// Caller is who sends a request and where: the caller account and the
// called Region (R0.4), the calling principal, and the AWS service the
// request comes through, if any.
type Caller struct {
	Account, Region string
	// Principal is the caller's IAM ARN; "" stands for the account's root
	// user. It only appears in AccessDeniedException messages.
	Principal string
	// Via is the kms:ViaService value of a request an AWS service makes on
	// the caller's behalf (such as "sqs.us-east-1.amazonaws.com"); "" for a
	// direct call. Only key policies look at it.
	Via string
	// Keys are the operation's own condition keys, such as
	// kms:RotationPeriodInDays, for the conditions of key policies' explicit
	// denies.
	Keys map[string]string
}

// PrincipalARN returns the caller's IAM ARN: Principal, or the account's
// root user.
func (c Caller) PrincipalARN() string {
	if c.Principal != "" {
		return c.Principal
	}
	return "arn:" + Partition(c.Region) + ":iam::" + c.Account + ":root"
}

// Material is one version of a key set's key material. Seed determines the
// key bytes (or key pair) of every member; ID is the KeyMaterialId.
type Material struct {
	// ID is the KeyMetadata's CurrentKeyMaterialId: 64 lower-case hex digits.
	ID   string
	Seed [32]byte
	// Raw is imported key material exactly as ImportKeyMaterial unwrapped
	// it, nil for material AWS KMS generated: the 32-byte AES key of a
	// SYMMETRIC_DEFAULT key, the HMAC key of an HMAC key, the PKCS #8 DER
	// private key of an asymmetric key. When Raw is set, keys come from Raw
	// and Seed only names the material.
	Raw     []byte
	Created time.Time
	// RotationType is "" for the first material, else AUTOMATIC or ON_DEMAND.
	RotationType string
	// Description is the KeyMaterialDescription given when the material was
	// imported into the primary (R7.10).
	Description string
}

// Rotation is the automatic rotation setting of a key set (shared, R2.3.1).
type Rotation struct {
	Enabled    bool
	PeriodDays int
	Next       time.Time
	epoch      uint64
}

// KeySet is what the members of a multi-Region key share (R2.3.1); a
// single-Region key is a set of one. The model stores shared properties
// once per set, so every member sees a change at once (R2.5.3).
type KeySet struct {
	ID          string
	Account     string
	Spec        KeySpec
	Usage       KeyUsage
	Origin      Origin
	MultiRegion bool
	// Primary is the Region of the primary (of the key, when single-Region).
	Primary string
	// Replicas are the Regions of the replicas in creation order, a former
	// primary appended at the end (O-12).
	Replicas  []string
	Materials []Material
	Rotation  Rotation
	// OnDemand is the set's on-demand rotation in progress and count (§8.2).
	OnDemand OnDemandRotation
	// Pending is the imported material waiting for an on-demand rotation to
	// make it current (R7.10, R7.11); nil when none. Materials holds only
	// the permanently associated ones.
	Pending *Material
	// Service is, for an AWS managed key (KeyManager AWS), the service its
	// alias/aws/ alias names, such as "sqs"; "" for a customer managed key.
	Service string
	// Small sets keep their lists inside the set (see slab).
	replicaBuf  [3]string
	materialBuf [1]Material
}

// Key is one key: a member of a set in one Region, with the properties that
// belong to it alone (R2.4.1).
type Key struct {
	Set         *KeySet
	Region      string
	Created     time.Time
	Description string
	// Policy is the key policy document; "" stands for the default policy.
	Policy string
	Tags   []Tag
	State  State
	// DeletionDate is set in PendingDeletion; PendingWindowDays is the window
	// asked for by ScheduleKeyDeletion (shown in PendingReplicaDeletion).
	DeletionDate      time.Time
	PendingWindowDays int
	// Imports are the materials imported into this member, for an EXTERNAL
	// key (R7.3, R7.6): whether the member holds each, and until when.
	Imports []MemberImport
	// prev is the state an Updating key returns to (T14).
	prev State
	// before is what reads see until ReadStaleness after changed (R11.5).
	before  staleView
	changed time.Time
	epoch   uint64
	// deny are the explicit Deny statements of Policy (deny.go).
	deny []denyRule
	// inheritModel is the ExpirationModel a Creating replica of an EXTERNAL
	// primary reports: the primary's at ReplicateKey.
	inheritModel string
}

// ID returns the key ID (shared by the set).
func (k *Key) ID() string { return k.Set.ID }

// Account returns the owning account.
func (k *Key) Account() string { return k.Set.Account }

// ARN returns the key's ARN in its own Region (R1.2.5).
func (k *Key) ARN() string { return KeyARN(k.Region, k.Set.Account, k.Set.ID) }

// IsPrimary reports whether the key is a multi-Region primary.
func (k *Key) IsPrimary() bool { return k.Set.MultiRegion && k.Set.Primary == k.Region }

// IsReplica reports whether the key is a multi-Region replica.
func (k *Key) IsReplica() bool { return k.Set.MultiRegion && k.Set.Primary != k.Region }

// PolicyText returns the key policy document, the default one if none was given.
func (k *Key) PolicyText() string {
	if k.Policy == "" {
		return DefaultPolicy(Partition(k.Region), k.Set.Account)
	}
	return k.Policy
}

// CurrentMaterial returns the set's current material, or nil.
func (s *KeySet) CurrentMaterial() *Material {
	if len(s.Materials) == 0 {
		return nil
	}
	return &s.Materials[len(s.Materials)-1]
}

// CanRotateAutomatically reports whether the set's type allows automatic
// rotation: symmetric encryption, origin AWS_KMS (R8.1.1).
func (s *KeySet) CanRotateAutomatically() bool {
	return s.Spec == SpecSymmetricDefault && s.Origin == OriginAWSKMS
}

// Members returns the Regions of every member, primary first.
func (s *KeySet) Members() []string {
	return append([]string{s.Primary}, s.Replicas...)
}

type regionKey struct{ account, region string }

type region struct {
	// managed counts the AWS managed keys among keys: they are never
	// deleted and do not count against the customer managed key quota.
	managed int
	keys    map[string]*Key
	sorted  []*Key
	dirty   bool
	dead    int
}

// Store is the whole modelled state: every key of every account and Region.
type Store struct {
	cfg Config
	// at is the time of the operation running (At), for ReadStaleness.
	at      time.Time
	regions map[regionKey]*region
	sets    map[string]*KeySet
	known   map[string]bool
	// canonical maps each world Region to one shared string.
	canonical map[string]string
	noMRK     map[string]bool
	noHMAC    map[string]bool
	epoch     uint64
	count     int
	aliases   aliasIndex
	grants    grantIndex
	keySlab   slab[Key]
	setSlab   slab[KeySet]
	// tokenKey seals import tokens; drawn from the entropy at the first
	// GetParametersForImport.
	tokenKey    [32]byte
	tokenKeySet bool
}

// NewStore returns an empty store with the given configuration.
func NewStore(cfg Config) *Store {
	s := &Store{cfg: cfg, regions: map[regionKey]*region{}, sets: map[string]*KeySet{},
		known: map[string]bool{}, canonical: map[string]string{}, noMRK: map[string]bool{}, noHMAC: map[string]bool{}}
	for _, r := range cfg.Regions {
		s.known[r] = true
		s.canonical[r] = r
	}
	for _, r := range cfg.RegionsWithoutMRK {
		s.noMRK[r] = true
	}
	for _, r := range cfg.RegionsWithoutHMAC {
		s.noHMAC[r] = true
	}
	return s
}

// Config returns the store's configuration.
func (s *Store) Config() Config { return s.cfg }

// KnownRegion reports whether r is a Region of the world.
func (s *Store) KnownRegion(r string) bool { return s.known[r] }

// Len returns the number of keys (members) in the store.
func (s *Store) Len() int { return s.count }

func (s *Store) region(account, r string, create bool) *region {
	rk := regionKey{account, r}
	reg := s.regions[rk]
	if reg == nil && create {
		reg = &region{keys: map[string]*Key{}}
		s.regions[rk] = reg
	}
	return reg
}

// Lookup returns the key with this ID in the account and Region, or nil.
func (s *Store) Lookup(account, r, id string) *Key {
	if reg := s.region(account, r, false); reg != nil {
		return reg.keys[id]
	}
	return nil
}

func (s *Store) insert(k *Key) {
	reg := s.region(k.Set.Account, k.Region, true)
	reg.keys[k.Set.ID] = k
	reg.sorted = append(reg.sorted, k)
	reg.dirty = true
	s.count++
}

// remove takes a key out of its Region. The key's memory is recycled when
// the Region's listing is next compacted; until then it is marked dead
// (state 0) and nothing uses it.
func (s *Store) remove(k *Key) {
	reg := s.region(k.Set.Account, k.Region, false)
	delete(reg.keys, k.Set.ID)
	k.State = 0
	reg.dead++
	reg.dirty = true
	s.count--
	if reg.dead > 1024 && reg.dead > len(reg.sorted)/2 {
		s.compact(reg)
	}
}

// compact drops dead keys from a Region's listing and recycles them.
func (s *Store) compact(reg *region) {
	live := reg.sorted[:0]
	for _, k := range reg.sorted {
		if k.State != 0 {
			live = append(live, k)
		} else {
			s.keySlab.release(k)
		}
	}
	clear(reg.sorted[len(live):])
	reg.sorted = live
	reg.dead = 0
}

// Keys returns the keys of an account and Region in listing order: creation
// time, then key ID (A0.20.7). The slice is the store's; do not modify it.
func (s *Store) Keys(account, r string) []*Key {
	reg := s.region(account, r, false)
	if reg == nil {
		return nil
	}
	if reg.dirty {
		s.compact(reg)
		slices.SortStableFunc(reg.sorted, func(a, b *Key) int {
			if c := a.Created.Compare(b.Created); c != 0 {
				return c
			}
			return strings.Compare(a.Set.ID, b.Set.ID)
		})
		reg.dirty = false
	}
	return reg.sorted
}

// All calls fn for every key, ordered by account, Region, then listing order.
func (s *Store) All(fn func(*Key)) {
	rks := make([]regionKey, 0, len(s.regions))
	for rk := range s.regions {
		rks = append(rks, rk)
	}
	slices.SortFunc(rks, func(a, b regionKey) int {
		if c := strings.Compare(a.account, b.account); c != 0 {
			return c
		}
		return strings.Compare(a.region, b.region)
	})
	for _, rk := range rks {
		for _, k := range s.Keys(rk.account, rk.region) {
			fn(k)
		}
	}
}

// Set returns the live key set with this ID, or nil.
func (s *Store) Set(id string) *KeySet { return s.sets[id] }

func (s *Store) nextEpoch() uint64 {
	s.epoch++
	return s.epoch
}
