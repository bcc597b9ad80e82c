package sim_test

// TestStateMachine drives random sequences of every implemented operation,
// across six Regions (two of them in aws-cn), two accounts and the clock, and
// checks the invariants of SPEC §2, §3, §4, §5, §6, §8.1 and §11 after every
// step.
//
// Actions: CreateKey, CreateMultiRegionSet (CreateKey + ReplicateKey ×1-3),
// DescribeKey, ListKeys (paged), EnableKey, DisableKey, UpdateKeyDescription,
// ReplicateKey, UpdatePrimaryRegion, ScheduleKeyDeletion, ScheduleSetDeletion
// (every member of a set, R6.7), CancelKeyDeletion, EnableKeyRotation,
// DisableKeyRotation, GetKeyRotationStatus, AdvanceSeconds, AdvanceDays, and
// the surface actions of machine_surface_test.go (CreateAlias, UpdateAlias,
// DeleteAlias, ListAliases, TagResource, UntagResource, PutKeyPolicy,
// CreateGrant, RevokeGrant, RetireGrant, ListGrants, ListKeyRotations,
// RotateKeyOnDemand) with
// their no-leak invariant. Keys
// are named in every form (key ID, key ARN, ARN of another Region or account,
// alias name and ARN, malformed IDs and ARNs, ""); parameters are valid or
// not. Each action predicts its own outcome (success or the exact error
// code) from the previous state, following the order of checks of SPEC
// R3.8.1 and SPEC-API A0.11, and checks the effect of a success.
//
// Invariants (check): every failed call leaves w.Snapshot() unchanged; at
// most one member per set and Region; members agree on shared properties and
// DescribeKey in each member's Region names the same primary and replicas,
// exactly one PRIMARY, the primary never among the replicas; state changes
// follow mrk.Edges (timed chains checked against w.Transitions(), deletion
// only from PendingDeletion) and timers fire at their due time; deleted sets
// never come back, deleted replicas only through ReplicateKey as newer keys;
// Enabled, DeletionDate and PendingDeletionWindowInDays match the state in
// every KeyMetadata; rotation follows its schedule; ListKeys lists every key;
// operations change only what they address.
//
// Every identifier at package level starts with "sm" so that the file can
// sit next to other tests of package sim_test.

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	smithy "github.com/aws/smithy-go"
	"github.com/benbjohnson/clock"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mrksim/mrk/mrk"
	"github.com/mrksim/mrk/sim"
	"pgregory.net/rapid"
)

const (
	smAccount      = sim.DefaultAccount
	smOtherAccount = "444455556666"
	smDay          = 24 * time.Hour
	smCreatingFor  = 5 * time.Second  // ReplicaCreatingDuration default (R11.3)
	smUpdatingFor  = 10 * time.Second // PrimaryUpdatingDuration default (R11.3)

	smInvalid    = "KMSInvalidStateException"
	smDisabled   = "DisabledException"
	smNotFound   = "NotFoundException"
	smInvalidArn = "InvalidArnException"
	smValidation = "ValidationException"
	smUnsupp     = "UnsupportedOperationException"
	smAnyError   = "(any error)"
)

var (
	// The Regions the machine works in: four of partition aws and the two of
	// aws-cn (partition errors, HMAC restrictions).
	smRegions    = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"}
	smAllRegions = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1", "cn-north-1", "cn-northwest-1"}
	smAccounts   = []string{smAccount, smOtherAccount}
)

// smGate is the part of the key-state matrix (SPEC R3.6.1) that this test
// drives: per operation and key state, the error code ("" = allowed). It is
// written from SPEC, not taken from mrk.Matrix, so the two check each other.
var smGate = map[string]map[string]string{
	"CancelKeyDeletion": {"Enabled": smInvalid, "Disabled": smInvalid, "PendingDeletion": "", "PendingReplicaDeletion": "",
		"PendingImport": smInvalid, "Creating": smInvalid, "Updating": smInvalid},
	"DisableKey": {"Enabled": "", "Disabled": "", "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": smInvalid, "Creating": smInvalid, "Updating": smInvalid},
	"EnableKey": {"Enabled": "", "Disabled": "", "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": smInvalid, "Creating": smInvalid, "Updating": smInvalid},
	"UpdateKeyDescription": {"Enabled": "", "Disabled": "", "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": "", "Creating": "", "Updating": ""},
	"ScheduleKeyDeletion": {"Enabled": "", "Disabled": "", "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": "", "Creating": "", "Updating": smInvalid},
	"EnableKeyRotation": {"Enabled": "", "Disabled": smDisabled, "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": smInvalid, "Creating": smInvalid, "Updating": ""},
	"DisableKeyRotation": {"Enabled": "", "Disabled": smDisabled, "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": smInvalid, "Creating": smInvalid, "Updating": ""},
	"ReplicateKey": {"Enabled": "", "Disabled": smDisabled, "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": smInvalid, "Creating": smInvalid, "Updating": smInvalid},
	"UpdatePrimaryRegion": {"Enabled": "", "Disabled": smDisabled, "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": smInvalid, "Creating": smInvalid, "Updating": ""},
	"CreateAlias": {"Enabled": "", "Disabled": "", "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": "", "Creating": "", "Updating": ""},
	// UpdateAlias: the new target's state (R3.6.3).
	"UpdateAlias": {"Enabled": "", "Disabled": "", "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": "", "Creating": "", "Updating": ""},
	"TagResource": {"Enabled": "", "Disabled": "", "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": "", "Creating": "", "Updating": ""},
	"UntagResource": {"Enabled": "", "Disabled": "", "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": "", "Creating": "", "Updating": ""},
	"RotateKeyOnDemand": {"Enabled": "", "Disabled": smDisabled, "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": smInvalid, "Creating": smInvalid, "Updating": ""},
	"CreateGrant": {"Enabled": "", "Disabled": smDisabled, "PendingDeletion": smInvalid, "PendingReplicaDeletion": smInvalid,
		"PendingImport": smInvalid, "Creating": smInvalid, "Updating": ""},
}

// smIgnoreSDK lets go-cmp compare SDK output shapes.
var smIgnoreSDK = cmpopts.IgnoreUnexported(types.KeyMetadata{}, types.MultiRegionConfiguration{}, types.MultiRegionKey{})

// smMember names one key: a member of a set in one account and Region.
type smMember struct{ Account, Region, KeyID string }

func (m smMember) String() string {
	if m.Account == smAccount {
		return m.Region + "/" + m.KeyID
	}
	return m.Account + ":" + m.Region + "/" + m.KeyID
}

func smOf(k sim.KeySnapshot) smMember { return smMember{k.Account, k.Region, k.KeyID} }

// smSetKey names a set (or a single-Region key): account and key ID.
type smSetKey struct{ Account, KeyID string }

func smPartition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func smARN(region, account, id string) string {
	return "arn:" + smPartition(region) + ":kms:" + region + ":" + account + ":key/" + id
}

// smDefaultPolicy is R4.4.3's default key policy, byte for byte.
func smDefaultPolicy(region, account string) string {
	return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n" +
		"    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n" +
		"      \"AWS\" : \"arn:" + smPartition(region) + ":iam::" + account + ":root\"\n    },\n" +
		"    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}"
}

func smCode(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return "untyped error " + err.Error()
}

func smShow(code string) string {
	if code == "" {
		return "success"
	}
	return code
}

func smFind(s sim.Snapshot, m smMember) *sim.KeySnapshot {
	for i := range s.Keys {
		if k := &s.Keys[i]; k.Account == m.Account && k.Region == m.Region && k.KeyID == m.KeyID {
			return k
		}
	}
	return nil
}

func smIsPrimary(k *sim.KeySnapshot) bool { return k.MultiRegion && k.Primary == k.Region }
func smIsReplica(k *sim.KeySnapshot) bool { return k.MultiRegion && k.Primary != k.Region }

// smRotatable: automatic rotation exists only for symmetric AWS_KMS keys (R8.1.1).
func smRotatable(k *sim.KeySnapshot) bool {
	return k.Spec == "SYMMETRIC_DEFAULT" && k.Origin == "AWS_KMS"
}

func smState(t *rapid.T, s string) mrk.State {
	if s == "" {
		return 0
	}
	st, ok := mrk.ParseState(s)
	if !ok {
		t.Fatalf("unknown key state %q (R3.1.1)", s)
	}
	return st
}

func smStateName(s mrk.State) string {
	if s == 0 {
		return "(none)"
	}
	return s.String()
}

// smStats counts what the runs reached, for the -v coverage summary.
type smStats struct {
	mu sync.Mutex
	n  map[string]int
}

func (s *smStats) add(key string) {
	s.mu.Lock()
	s.n[key]++
	s.mu.Unlock()
}

// smInfo is what the machine remembers of every key it created.
type smInfo struct {
	account, region, id string
	multi               bool
}

// smMachine is the world under test and the machine's light model of it.
type smMachine struct {
	ctx   context.Context
	clk   *clock.Mock
	w     *sim.World
	stats *smStats

	prev    sim.Snapshot     // the world after the last check
	history []mrk.Transition // w.Transitions() at the last check
	ids     []smInfo         // every key created, in order
	seen    map[string]bool  // every key ID ever returned by CreateKey
	// goneSets are sets (and single-Region keys) whose primary was deleted:
	// they never come back (R2.1.8, R6.11).
	goneSets map[smSetKey]bool
	// goneMembers are deleted members with their CreationDate: a replica may
	// come back only through ReplicateKey, as a newer key (R2.1.9).
	goneMembers map[smMember]time.Time
	// updating records when each member's current Updating period began.
	updating map[smMember]time.Time

	// Set by the current action, reset by the check.
	clockMoved bool                // the action advanced the clock (and called nothing)
	created    map[smMember]string // members the action created, with the action
	touched    map[smMember]bool   // members a successful call of the action addressed
	// sharedOp is the operation of the action's successful calls that may
	// change shared properties of the sets it addressed.
	sharedOp string

	// The surface actions' record (machine_surface_test.go): the grants
	// made, and the places and members whose aliases or grants the
	// current action changed.
	grants []smxGrant
	// onDemand is when each set's on-demand rotation in progress
	// completes; onDemandCount how many each set has started (§8.2).
	onDemand      map[smSetKey]time.Time
	onDemandCount map[smSetKey]int
	aliasTouched  map[smxPlace]bool
	grantTouched  map[smMember]bool
}

func (m *smMachine) client(account, region string) *sim.Client { return m.w.ClientFor(account, region) }

func (m *smMachine) touch(ks ...*sim.KeySnapshot) {
	for _, k := range ks {
		if k != nil {
			m.touched[smOf(*k)] = true
		}
	}
}

// do runs one API call and checks it against the expected outcome: "" for
// success, an error code, or smAnyError. A failed call must leave the world
// exactly as it was (SPEC-API A0.11.3, "a failure never changes the store").
func (m *smMachine) do(t *rapid.T, op, what, want string, call func() error) error {
	before := m.w.Snapshot()
	err := call()
	got := smCode(err)
	if err != nil {
		if d := cmp.Diff(before, m.w.Snapshot()); d != "" {
			t.Fatalf("%s failed with %v but changed the world (A0.11.3) (-before +after):\n%s", what, err, d)
		}
	}
	t.Logf("%s → %s", what, smShow(got))
	switch op {
	case "ReplicateKey", "UpdatePrimaryRegion", "EnableKey", "EnableKeyRotation", "DisableKeyRotation":
		if err == nil {
			m.sharedOp = op
		}
	}
	m.stats.add("call " + op + " → " + smShow(got))
	switch {
	case want == smAnyError && err != nil:
	case got == want:
	default:
		t.Fatalf("%s: got %s, want %s (error: %v)", what, smShow(got), smShow(want), err)
	}
	return err
}

// ---------------------------------------------------------------------------
// Drawing targets and KeyId values

func (m *smMachine) drawRegion(t *rapid.T, label string) string {
	i := rapid.IntRange(0, 11).Draw(t, label)
	if i < 10 {
		return smRegions[i%4]
	}
	return smAllRegions[i-6]
}

func (m *smMachine) drawAccount(t *rapid.T) string {
	if rapid.IntRange(0, 9).Draw(t, "otherAccount") == 9 {
		return smOtherAccount
	}
	return smAccount
}

func (m *smMachine) unknownID(t *rapid.T) string {
	a := rapid.Uint64().Draw(t, "unknownIdHigh")
	b := rapid.Uint64().Draw(t, "unknownIdLow")
	if a%2 == 0 {
		return fmt.Sprintf("mrk-%016x%016x", a, b)
	}
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0xfff, uint16(b>>48)&0xfff, b&0xffffffffffff)
}

// pickTarget chooses the key an action aims at: usually a live member,
// preferring (in this order) members that the prefer functions like, so that
// deep paths are reached often; sometimes a key that may be gone; sometimes
// one that never existed.
func (m *smMachine) pickTarget(t *rapid.T, prefer ...func(*sim.KeySnapshot) bool) smMember {
	n := rapid.IntRange(0, 99).Draw(t, "targetKind")
	if n < 92 && len(m.prev.Keys) > 0 {
		var pool []sim.KeySnapshot
		if n < 75 {
			// Start at tier n/25 (the last tier for the rest), fall back
			// to later tiers, then to every key.
			for i := min(n/25, len(prefer)-1); i >= 0 && i < len(prefer) && len(pool) == 0; i++ {
				for j := range m.prev.Keys {
					if prefer[i](&m.prev.Keys[j]) {
						pool = append(pool, m.prev.Keys[j])
					}
				}
			}
		}
		if len(pool) == 0 {
			pool = m.prev.Keys
		}
		return smOf(pool[rapid.IntRange(0, len(pool)-1).Draw(t, "target")])
	}
	if n < 97 && len(m.ids) > 0 {
		info := m.ids[rapid.IntRange(0, len(m.ids)-1).Draw(t, "pastKey")]
		return smMember{info.account, m.drawRegion(t, "pastKeyRegion"), info.id}
	}
	return smMember{smAccount, m.drawRegion(t, "region"), m.unknownID(t)}
}

// goneRegions are the Regions where k's set had a member that was deleted
// and has none now.
func (m *smMachine) goneRegions(k *sim.KeySnapshot) []string {
	var out []string
	for _, r := range smAllRegions {
		mem := smMember{k.Account, r, k.KeyID}
		if _, ok := m.goneMembers[mem]; ok && smFind(m.prev, mem) == nil {
			out = append(out, r)
		}
	}
	return out
}

// primaryState reports the state of k's primary in the last snapshot.
func (m *smMachine) primaryState(k *sim.KeySnapshot) string {
	if p := smFind(m.prev, smMember{k.Account, k.Primary, k.KeyID}); p != nil {
		return p.State
	}
	return ""
}

type smForm int

const (
	smFormID             smForm = iota // bare key ID, called in the target's Region
	smFormARN                          // key ARN, called in the target's Region
	smFormIDElsewhere                  // bare key ID, called in some Region
	smFormARNOtherRegion               // key ARN of another Region than the called one
	smFormARNOtherAcct                 // key ARN called from the other account
	smFormAliasName                    // alias/...
	smFormAliasARN                     // arn:...:alias/...
	smFormMalformedID                  // not a key ID
	smFormMalformedARN                 // starts arn: but is no KMS ARN
	smFormBadKeyInARN                  // KMS key ARN whose resource is no key ID
	smFormEmpty                        // ""
)

// smRef is a KeyId value and the client (account, Region) that sends it.
type smRef struct {
	account, region string // caller
	value           string
	form            smForm
	owner           string // the account the value names (smFormARNOtherAcct)
	id              string // the key ID the value names, if any
}

func (r smRef) String() string {
	s := fmt.Sprintf("%q in %s", r.value, r.region)
	if r.account != smAccount {
		s += " as " + r.account
	}
	return s
}

func (m *smMachine) drawRef(t *rapid.T, tgt smMember) smRef {
	r := smRef{account: tgt.Account, region: tgt.Region, id: tgt.KeyID, owner: tgt.Account}
	n := rapid.IntRange(0, 99).Draw(t, "keyIdForm")
	switch {
	case n < 45:
		r.form, r.value = smFormID, tgt.KeyID
	case n < 70:
		r.form, r.value = smFormARN, smARN(tgt.Region, tgt.Account, tgt.KeyID)
	case n < 78:
		r.form, r.value = smFormIDElsewhere, tgt.KeyID
		r.region = m.drawRegion(t, "calledRegion")
	case n < 82:
		r.form = smFormARNOtherRegion
		other := m.drawRegion(t, "arnRegion")
		if other == r.region {
			other = smAllRegions[(slices.Index(smAllRegions, other)+1)%len(smAllRegions)]
		}
		r.value = smARN(other, tgt.Account, tgt.KeyID)
	case n < 85:
		r.form, r.value = smFormARNOtherAcct, smARN(tgt.Region, tgt.Account, tgt.KeyID)
		r.account = smOtherAccount
		if tgt.Account == smOtherAccount {
			r.account = smAccount
		}
	case n < 87:
		r.form, r.value = smFormAliasName, rapid.SampledFrom(smxAliasNames).Draw(t, "alias")
	case n < 88:
		r.form = smFormAliasARN
		r.value = "arn:" + smPartition(r.region) + ":kms:" + r.region + ":" + r.account + ":" + rapid.SampledFrom(smxAliasNames).Draw(t, "alias")
	case n < 92:
		r.form = smFormMalformedID
		bad := []string{"fake-key-id", "mrk-fake-key-id", strings.ToUpper(tgt.KeyID), tgt.KeyID + "0",
			tgt.KeyID[:len(tgt.KeyID)-1], strings.ReplaceAll(strings.TrimPrefix(tgt.KeyID, "mrk-"), "-", "")}
		r.value = bad[rapid.IntRange(0, len(bad)-1).Draw(t, "malformedId")]
		if r.value == tgt.KeyID || len(r.value) == 0 { // an ID with no letters is its own upper case
			r.value = "fake-key-id"
		}
	case n < 95:
		r.form = smFormMalformedARN
		p := smPartition(r.region)
		bad := []string{
			"arn:" + p + ":kms:" + r.region + ":1234:key/" + tgt.KeyID,               // account not 12 digits
			"arn:aws:s3:::my-bucket",                                                 // not KMS
			"arn:aws-us-gov:kms:" + r.region + ":" + r.account + ":key/" + tgt.KeyID, // partition does not match
			"arn:" + p + ":kms:" + r.region + ":" + r.account + ":key/",              // empty resource
			"arn:" + p + ":kms:" + r.region + ":" + r.account + ":grant/" + tgt.KeyID,
		}
		r.value = bad[rapid.IntRange(0, len(bad)-1).Draw(t, "malformedArn")]
	case n < 98:
		r.form, r.value = smFormBadKeyInARN, smARN(r.region, r.account, "not-a-key")
	default:
		r.form, r.value = smFormEmpty, ""
	}
	return r
}

// resolve predicts key resolution (SPEC §1.5, SPEC-API A0.12) in snapshot s:
// the error it ends with, or the key it names.
func smResolve(s sim.Snapshot, r smRef, aliases, crossAccount bool) (string, *sim.KeySnapshot) {
	switch r.form {
	case smFormEmpty:
		return smValidation, nil // P1: KeyId length 1..2048
	case smFormAliasName, smFormAliasARN:
		if aliases {
			// The alias of the caller's account and called Region names
			// its target there (R1.3.3); else R1.3.6.
			name := r.value
			if r.form == smFormAliasARN {
				name = name[strings.LastIndex(name, ":")+1:]
			}
			if a := smxFindAlias(s, smxPlace{r.account, r.region}, name); a != nil {
				if k := smFind(s, smMember{r.account, r.region, a.TargetKeyID}); k != nil {
					return "", k
				}
			}
			return smNotFound, nil
		}
		return smInvalidArn, nil // R1.4.4
	case smFormMalformedID, smFormBadKeyInARN, smFormARNOtherRegion:
		return smNotFound, nil // R1.1.5, R1.5.3 steps 1 and 2
	case smFormMalformedARN:
		return smInvalidArn, nil // O-6
	case smFormARNOtherAcct:
		if !crossAccount {
			return "AccessDeniedException", nil // O-7
		}
		if k := smFind(s, smMember{r.owner, r.region, r.id}); k != nil {
			return "", k
		}
		return smNotFound, nil
	}
	if k := smFind(s, smMember{r.account, r.region, r.id}); k != nil {
		return "", k
	}
	return smNotFound, nil // R1.1.6, R1.5.1
}

// ---------------------------------------------------------------------------
// Actions

type smKeyType struct {
	spec, usage string
	valid       bool
}

var smKeyTypes = []smKeyType{
	{"", "", true},
	{"SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", true},
	{"HMAC_256", "GENERATE_VERIFY_MAC", true},
	{"RSA_2048", "ENCRYPT_DECRYPT", true},
	{"ECC_NIST_P256", "SIGN_VERIFY", true},
	{"HMAC_256", "", false},                    // usage required (A6)
	{"RSA_2048", "GENERATE_VERIFY_MAC", false}, // incompatible usage
}

func (m *smMachine) drawKeyType(t *rapid.T) smKeyType {
	n := rapid.IntRange(0, 99).Draw(t, "keyType")
	switch {
	case n < 55:
		return smKeyTypes[0]
	case n < 63:
		return smKeyTypes[1]
	case n < 73:
		return smKeyTypes[2]
	case n < 80:
		return smKeyTypes[3]
	case n < 87:
		return smKeyTypes[4]
	case n < 94:
		return smKeyTypes[5]
	}
	return smKeyTypes[6]
}

func (m *smMachine) CreateKey(t *rapid.T) {
	account, region := m.drawAccount(t), m.drawRegion(t, "region")
	kt := m.drawKeyType(t)
	in := &kms.CreateKeyInput{KeySpec: types.KeySpec(kt.spec), KeyUsage: types.KeyUsageType(kt.usage)}
	switch rapid.IntRange(0, 2).Draw(t, "multiRegion") {
	case 0:
		in.MultiRegion = aws.Bool(true)
	case 1:
		in.MultiRegion = aws.Bool(false)
	}
	origin := "AWS_KMS"
	switch n := rapid.IntRange(0, 99).Draw(t, "origin"); {
	case n < 50:
	case n < 85:
		in.Origin = types.OriginTypeAwsKms
	case n < 95:
		in.Origin, origin = types.OriginTypeExternal, "EXTERNAL"
	case n < 98:
		in.Origin, origin = types.OriginTypeAwsCloudhsm, "AWS_CLOUDHSM"
	default:
		in.Origin, origin = "BOGUS", "BOGUS"
	}
	if rapid.Bool().Draw(t, "withDescription") {
		in.Description = aws.String(rapid.StringMatching(`[a-z ]{0,10}`).Draw(t, "description"))
	}
	badTag := false
	if n := rapid.IntRange(0, 9).Draw(t, "tags"); n == 8 {
		in.Tags = []types.Tag{{TagKey: aws.String("team"), TagValue: aws.String("mrk")}}
	} else if n == 9 {
		in.Tags = []types.Tag{{TagKey: aws.String("aws:reserved"), TagValue: aws.String("x")}}
		badTag = true
	}
	// Expected outcome: P1 enum, then the request-only checks; when several
	// fail at once the test does not pin their order.
	var fails []string
	if !kt.valid {
		fails = append(fails, smValidation)
	}
	if origin == "AWS_CLOUDHSM" {
		fails = append(fails, smUnsupp) // custom key stores are out of scope (R0.5)
	}
	if badTag {
		fails = append(fails, "TagException")
	}
	want := ""
	switch {
	case origin == "BOGUS":
		want = smValidation
	case len(fails) == 1:
		want = fails[0]
	case len(fails) > 1:
		want = smAnyError
	}
	multi := aws.ToBool(in.MultiRegion)
	what := fmt.Sprintf("CreateKey(%s%s, spec=%q usage=%q origin=%s multiRegion=%v)", region,
		map[bool]string{true: " as " + account, false: ""}[account != smAccount], kt.spec, kt.usage, origin, multi)
	var out *kms.CreateKeyOutput
	err := m.do(t, "CreateKey", what, want, func() (err error) {
		out, err = m.client(account, region).CreateKey(m.ctx, in)
		return err
	})
	if err != nil {
		return
	}
	id := aws.ToString(out.KeyMetadata.KeyId)
	// R1.1.2, R1.1.3: mrk- IDs exactly for multi-Region keys; R1.1.4: unique.
	if multi != strings.HasPrefix(id, "mrk-") || !mrk.IsKeyID(id) {
		t.Fatalf("CreateKey(multiRegion=%v) returned key ID %q (R1.1.1-R1.1.3)", multi, id)
	}
	if m.seen[id] {
		t.Fatalf("CreateKey returned key ID %s a second time (R1.1.4)", id)
	}
	m.seen[id] = true
	m.ids = append(m.ids, smInfo{account, region, id, multi})
	mem := smMember{account, region, id}
	state := "Enabled" // T1
	if origin == "EXTERNAL" {
		state = "PendingImport" // T2
	}
	m.created[mem] = "CreateKey"
	k := smFind(m.w.Snapshot(), mem)
	if k == nil || k.State != state {
		t.Fatalf("CreateKey: new key %s is %v, want state %s (T1, T2)", mem, k, state)
	}
	m.checkMetadata(t, "CreateKey output", out.KeyMetadata, k)
	t.Logf("  created %s (%s)", mem, state)
}

// CreateMultiRegionSet creates a multi-Region primary and replicates it into
// one to three other Regions of its partition: the shortest way to the
// interesting states.
func (m *smMachine) CreateMultiRegionSet(t *rapid.T) {
	account := m.drawAccount(t)
	region := smRegions[rapid.IntRange(0, 3).Draw(t, "primaryRegion")]
	kt := smKeyTypes[rapid.SampledFrom([]int{0, 0, 0, 2, 3, 4}).Draw(t, "keyType")]
	var out *kms.CreateKeyOutput
	what := fmt.Sprintf("CreateKey(%s, spec=%q, multiRegion=true) for a set", region, kt.spec)
	m.do(t, "CreateKey", what, "", func() (err error) {
		out, err = m.client(account, region).CreateKey(m.ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true),
			KeySpec: types.KeySpec(kt.spec), KeyUsage: types.KeyUsageType(kt.usage)})
		return err
	})
	id := aws.ToString(out.KeyMetadata.KeyId)
	if m.seen[id] || !strings.HasPrefix(id, "mrk-") {
		t.Fatalf("CreateKey(multiRegion=true) returned key ID %q (R1.1.2, R1.1.4)", id)
	}
	m.seen[id] = true
	m.ids = append(m.ids, smInfo{account, region, id, true})
	m.created[smMember{account, region, id}] = "CreateKey"
	var others []string
	for _, r := range smRegions {
		if r != region {
			others = append(others, r)
		}
	}
	others = rapid.Permutation(others).Draw(t, "replicaRegions")
	others = others[:rapid.IntRange(1, 3).Draw(t, "replicas")]
	for _, r := range others {
		what := fmt.Sprintf("ReplicateKey(%q in %s, ReplicaRegion=%s)", id, region, r)
		m.do(t, "ReplicateKey", what, "", func() error {
			_, err := m.client(account, region).ReplicateKey(m.ctx, &kms.ReplicateKeyInput{KeyId: aws.String(id), ReplicaRegion: aws.String(r)})
			return err
		})
		m.created[smMember{account, r, id}] = "ReplicateKey"
	}
	t.Logf("  created set %s with replicas in %v", smMember{account, region, id}, others)
}

func (m *smMachine) DescribeKey(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t))
	before := m.w.Snapshot()
	want, k := smResolve(before, r, true, true)
	var out *kms.DescribeKeyOutput
	err := m.do(t, "DescribeKey", "DescribeKey("+r.String()+")", want, func() (err error) {
		out, err = m.client(r.account, r.region).DescribeKey(m.ctx, &kms.DescribeKeyInput{KeyId: aws.String(r.value)})
		return err
	})
	if err == nil {
		m.checkMetadata(t, "DescribeKey output", out.KeyMetadata, k)
	}
}

func (m *smMachine) ListKeys(t *rapid.T) {
	account, region := m.drawAccount(t), m.drawRegion(t, "region")
	in := &kms.ListKeysInput{}
	want := ""
	limit := 100
	switch n := rapid.IntRange(0, 99).Draw(t, "limitKind"); {
	case n < 70:
		limit = rapid.IntRange(1, 4).Draw(t, "limit")
		in.Limit = aws.Int32(int32(limit))
	case n < 85:
	case n < 90:
		in.Limit, want = aws.Int32(0), smValidation
	case n < 95:
		in.Limit, want = aws.Int32(1001), smValidation
	default:
		in.Marker, want = aws.String("bogus-marker"), "InvalidMarkerException"
	}
	var listed []types.KeyListEntry
	for page := 1; ; page++ {
		var out *kms.ListKeysOutput
		what := fmt.Sprintf("ListKeys(%s as %s, limit=%v, page %d)", region, account, aws.ToInt32(in.Limit), page)
		err := m.do(t, "ListKeys", what, want, func() (err error) {
			out, err = m.client(account, region).ListKeys(m.ctx, in)
			return err
		})
		if err != nil {
			return
		}
		if out.Truncated != (out.NextMarker != nil) || out.Truncated && len(out.Keys) != limit {
			t.Fatalf("%s: %d keys, Truncated=%v, NextMarker=%v (A0.20.4)", what, len(out.Keys), out.Truncated, out.NextMarker)
		}
		listed = append(listed, out.Keys...)
		if !out.Truncated {
			break
		}
		if page > 1000 {
			t.Fatalf("ListKeys does not end")
		}
		in.Marker = out.NextMarker
	}
	m.checkListing(t, account, region, m.w.Snapshot(), listed)
}

// checkListing: ListKeys lists every member of the account and Region in
// every state, in creation order then key ID (A36.3.2, A0.20.7).
func (m *smMachine) checkListing(t *rapid.T, account, region string, s sim.Snapshot, listed []types.KeyListEntry) {
	var want, got []string
	for _, k := range s.Keys {
		if k.Account == account && k.Region == region {
			want = append(want, k.KeyID+" "+k.ARN)
		}
	}
	for _, e := range listed {
		got = append(got, aws.ToString(e.KeyId)+" "+aws.ToString(e.KeyArn))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("ListKeys in %s as %s does not list the Region's keys in order (-want +got):\n%s", region, account, d)
	}
}

func (m *smMachine) EnableKey(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t,
		func(k *sim.KeySnapshot) bool { // an overdue rotation waits for it (R8.1.6)
			return k.State == "Disabled" && !smIsReplica(k) && k.RotationEnabled && !k.NextRotation.After(m.prev.Time)
		},
		func(k *sim.KeySnapshot) bool { return k.State == "Disabled" }))
	want, k := smResolve(m.w.Snapshot(), r, false, false)
	if k != nil {
		want = smGate["EnableKey"][k.State]
	}
	err := m.do(t, "EnableKey", "EnableKey("+r.String()+")", want, func() error {
		_, err := m.client(r.account, r.region).EnableKey(m.ctx, &kms.EnableKeyInput{KeyId: aws.String(r.value)})
		return err
	})
	if err == nil {
		m.touch(k)
		m.expectState(t, "EnableKey", smOf(*k), "Enabled") // T7
	}
}

func (m *smMachine) DisableKey(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t,
		func(k *sim.KeySnapshot) bool { return k.State == "Enabled" && !smIsReplica(k) && k.RotationEnabled },
		func(k *sim.KeySnapshot) bool { return k.State == "Enabled" }))
	want, k := smResolve(m.w.Snapshot(), r, false, false)
	if k != nil {
		want = smGate["DisableKey"][k.State]
	}
	err := m.do(t, "DisableKey", "DisableKey("+r.String()+")", want, func() error {
		_, err := m.client(r.account, r.region).DisableKey(m.ctx, &kms.DisableKeyInput{KeyId: aws.String(r.value)})
		return err
	})
	if err == nil {
		m.touch(k)
		m.expectState(t, "DisableKey", smOf(*k), "Disabled") // T6
	}
}

func (m *smMachine) expectState(t *rapid.T, op string, mem smMember, state string) *sim.KeySnapshot {
	k := smFind(m.w.Snapshot(), mem)
	if k == nil || k.State != state {
		t.Fatalf("after %s, %s is %v; want state %s", op, mem, k, state)
	}
	return k
}

func (m *smMachine) UpdateKeyDescription(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t))
	var desc *string
	invalid := false
	switch n := rapid.IntRange(0, 99).Draw(t, "descriptionKind"); {
	case n < 90:
		desc = aws.String(rapid.StringMatching(`[a-z ]{0,12}`).Draw(t, "description"))
	case n < 95:
		invalid = true // required member missing
	default:
		desc, invalid = aws.String(strings.Repeat("x", 8193)), true
	}
	want, k := smResolve(m.w.Snapshot(), r, false, false)
	switch {
	case invalid:
		want = smValidation
	case k != nil:
		want = smGate["UpdateKeyDescription"][k.State]
	}
	what := fmt.Sprintf("UpdateKeyDescription(%s, %q)", r, aws.ToString(desc))
	if len(aws.ToString(desc)) > 20 {
		what = fmt.Sprintf("UpdateKeyDescription(%s, %d characters)", r, len(*desc))
	}
	err := m.do(t, "UpdateKeyDescription", what, want, func() error {
		_, err := m.client(r.account, r.region).UpdateKeyDescription(m.ctx, &kms.UpdateKeyDescriptionInput{KeyId: aws.String(r.value), Description: desc})
		return err
	})
	if err == nil {
		m.touch(k)
		if got := smFind(m.w.Snapshot(), smOf(*k)); got.Description != *desc {
			t.Fatalf("after UpdateKeyDescription, %s has description %q", smOf(*k), got.Description)
		}
	}
}

func (m *smMachine) ReplicateKey(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t,
		func(k *sim.KeySnapshot) bool {
			return smIsPrimary(k) && k.State == "Enabled" && len(m.goneRegions(k)) > 0
		},
		func(k *sim.KeySnapshot) bool { return smIsPrimary(k) && k.State == "Enabled" }))
	var region string
	badRegion := false
	var missing []string // Regions of the target's partition where its set has no member
	if k := smFind(m.prev, smMember{r.account, r.region, r.id}); k != nil {
		for _, x := range smAllRegions {
			if smPartition(x) == smPartition(k.Region) && smFind(m.prev, smMember{k.Account, x, k.KeyID}) == nil {
				missing = append(missing, x)
			}
		}
	}
	var gone []string // of those, Regions where a member was deleted
	if k := smFind(m.prev, smMember{r.account, r.region, r.id}); k != nil {
		gone = m.goneRegions(k)
	}
	switch n := rapid.IntRange(0, 99).Draw(t, "replicaRegionKind"); {
	case n < 40 && len(gone) > 0:
		region = gone[rapid.IntRange(0, len(gone)-1).Draw(t, "goneRegion")]
	case n < 55 && len(missing) > 0:
		region = missing[rapid.IntRange(0, len(missing)-1).Draw(t, "missingRegion")]
	case n < 80:
		region = smRegions[n%4]
	case n < 86:
		region = smAllRegions[4+n%2]
	case n < 90:
		region = "us-invalid-1" // not a Region of the world
	case n < 93:
		region = "us-gov-west-1" // another partition
	case n < 96:
		region, badRegion = "US-EAST-1", true
	case n < 97:
		region, badRegion = "", true
	default:
		region, badRegion = "us-east-1-but-far-too-long-for-it", true
	}
	in := &kms.ReplicateKeyInput{KeyId: aws.String(r.value), ReplicaRegion: aws.String(region)}
	if rapid.Bool().Draw(t, "withDescription") {
		in.Description = aws.String(rapid.StringMatching(`[a-z ]{0,10}`).Draw(t, "description"))
	}
	badTag, badPolicy := false, false
	switch rapid.IntRange(0, 19).Draw(t, "extras") {
	case 16:
		in.Tags = []types.Tag{{TagKey: aws.String("team"), TagValue: aws.String("mrk")}}
	case 17:
		in.Tags, badTag = []types.Tag{{TagKey: aws.String("aws:reserved"), TagValue: aws.String("x")}}, true
	case 18:
		in.Policy = aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`)
	case 19:
		in.Policy, badPolicy = aws.String("{"), true
	}
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, false)
	switch {
	case badRegion || r.form == smFormEmpty:
		want = smValidation // P1 (A41.3.1)
	case badTag:
		want = "TagException" // P2 (A41.3.2)
	case badPolicy:
		want = "MalformedPolicyDocumentException" // P2 (A41.3.2)
	case k == nil:
	case !smIsPrimary(k):
		want = smUnsupp // R4.2.1, O-21
	case smGate["ReplicateKey"][k.State] != "":
		want = smGate["ReplicateKey"][k.State] // R4.2.2
	case region == k.Region:
		want = smValidation // R4.2.3a
	case smPartition(region) != smPartition(k.Region) || region == "us-invalid-1":
		want = smValidation // R1.6.3
	case smFind(before, smMember{k.Account, region, k.KeyID}) != nil:
		want = "AlreadyExistsException" // R4.2.4
	case strings.HasPrefix(k.Spec, "HMAC_") && strings.HasPrefix(region, "cn-"):
		want = smUnsupp // R1.6.4
	default:
		want = ""
	}
	what := fmt.Sprintf("ReplicateKey(%s, ReplicaRegion=%q)", r, region)
	var out *kms.ReplicateKeyOutput
	err := m.do(t, "ReplicateKey", what, want, func() (err error) {
		out, err = m.client(r.account, r.region).ReplicateKey(m.ctx, in)
		return err
	})
	if err != nil {
		return
	}
	m.touch(k)
	mem := smMember{k.Account, region, k.KeyID}
	m.created[mem] = "ReplicateKey"
	after := m.w.Snapshot()
	rk := smFind(after, mem)
	if rk == nil || rk.State != "Creating" || !rk.Created.Equal(after.Time) { // T3, R4.3.1
		t.Fatalf("after %s the replica is %+v; want a new key in state Creating created now", what, rk)
	}
	if rk.Description != aws.ToString(in.Description) { // R4.3.2
		t.Fatalf("replica description %q, want %q (R4.3.2)", rk.Description, aws.ToString(in.Description))
	}
	m.checkMetadata(t, "ReplicateKey output", out.ReplicaKeyMetadata, rk)
	policy := smDefaultPolicy(region, k.Account) // R4.4.3
	if in.Policy != nil {
		policy = *in.Policy
	}
	if aws.ToString(out.ReplicaPolicy) != policy || rk.Policy != policy || len(out.ReplicaTags) != len(in.Tags) ||
		(out.ReplicaTags == nil) != (len(in.Tags) == 0) || len(rk.Tags) != len(in.Tags) {
		t.Fatalf("%s: ReplicaPolicy %q, ReplicaTags %v, replica policy %q and tags %v; want %q and %d tags (R4.3.2, R4.4.2-R4.4.4)",
			what, aws.ToString(out.ReplicaPolicy), out.ReplicaTags, rk.Policy, rk.Tags, policy, len(in.Tags))
	}
	if g := smFind(after, smOf(*k)); !slices.Contains(g.Replicas, region) { // R4.3.4
		t.Fatalf("after %s the primary's replicas are %v (R4.3.4)", what, g.Replicas)
	}
	if gm, ok := m.goneMembers[mem]; ok {
		m.stats.add("event: deleted replica re-created by ReplicateKey")
		t.Logf("  %s re-created (the former replica was created %v)", mem, gm)
	}
}

func (m *smMachine) UpdatePrimaryRegion(t *rapid.T) {
	tgt := m.pickTarget(t, func(k *sim.KeySnapshot) bool {
		return smIsPrimary(k) && len(k.Replicas) > 0 && (k.State == "Enabled" || k.State == "Updating")
	})
	r := m.drawRef(t, tgt)
	before := m.w.Snapshot()
	var region string
	badRegion := false
	n := rapid.IntRange(0, 99).Draw(t, "primaryRegionKind")
	if tk := smFind(before, tgt); n < 75 && tk != nil {
		regions := append([]string{tk.Primary}, tk.Replicas...)
		region = regions[rapid.IntRange(0, len(regions)-1).Draw(t, "primaryRegion")]
	} else if n < 96 {
		region = m.drawRegion(t, "primaryRegion")
	} else {
		region, badRegion = "EU-WEST-1", true
	}
	want, k := smResolve(before, r, false, false)
	var target *sim.KeySnapshot
	switch {
	case badRegion || r.form == smFormEmpty:
		want = smValidation // P1 (A52.3.1)
	case k == nil:
	case !k.MultiRegion:
		want = smUnsupp // O-21
	case smIsReplica(k):
		want = smInvalid // R5.2.1
	case smGate["UpdatePrimaryRegion"][k.State] != "":
		want = smGate["UpdatePrimaryRegion"][k.State] // R5.2.2
	case region == k.Region:
		want = "" // R5.2.3: success, no effect
	default:
		target = smFind(before, smMember{k.Account, region, k.KeyID})
		if target == nil {
			want = smValidation // R5.2.3
		} else {
			want = smGate["UpdatePrimaryRegion"][target.State] // R5.2.4
		}
	}
	what := fmt.Sprintf("UpdatePrimaryRegion(%s, PrimaryRegion=%q)", r, region)
	err := m.do(t, "UpdatePrimaryRegion", what, want, func() error {
		_, err := m.client(r.account, r.region).UpdatePrimaryRegion(m.ctx, &kms.UpdatePrimaryRegionInput{KeyId: aws.String(r.value), PrimaryRegion: aws.String(region)})
		return err
	})
	if err != nil {
		return
	}
	after := m.w.Snapshot()
	if target == nil { // same Region: nothing changes (R5.2.3, O-24)
		if d := cmp.Diff(before, after); d != "" {
			t.Fatalf("%s (its own Region) changed the world (R5.2.3) (-before +after):\n%s", what, d)
		}
		return
	}
	m.touch(k, target)
	m.stats.add("event: primary Region changed")
	for _, mem := range []smMember{smOf(*k), smOf(*target)} {
		got := smFind(after, mem)
		if got == nil || got.State != "Updating" || got.Primary != region { // T13, R5.3.1
			t.Fatalf("after %s, %s is %+v; want Updating with primary %s (T13, R5.3.1)", what, mem, got, region)
		}
		m.updating[mem] = after.Time
	}
	wantReplicas := []string{k.Region}
	for _, x := range k.Replicas {
		if x != region {
			wantReplicas = append(wantReplicas, x)
		}
	}
	got := slices.Clone(smFind(after, smOf(*k)).Replicas)
	slices.Sort(wantReplicas)
	slices.Sort(got)
	if !slices.Equal(got, wantReplicas) { // R2.6.8
		t.Fatalf("after %s the replicas are %v, want %v (R2.6.8)", what, got, wantReplicas)
	}
}

func (m *smMachine) ScheduleKeyDeletion(t *rapid.T) {
	notPending := func(k *sim.KeySnapshot) bool {
		return k.State != "PendingDeletion" && k.State != "PendingReplicaDeletion"
	}
	r := m.drawRef(t, m.pickTarget(t,
		func(k *sim.KeySnapshot) bool {
			return notPending(k) && smIsReplica(k) && m.primaryState(k) == "PendingReplicaDeletion"
		},
		func(k *sim.KeySnapshot) bool { return notPending(k) && smIsReplica(k) },
		func(k *sim.KeySnapshot) bool { return notPending(k) && smIsPrimary(k) && len(k.Replicas) > 0 },
		notPending))
	var days *int32
	badDays := false
	switch n := rapid.IntRange(0, 99).Draw(t, "windowKind"); {
	case n < 45:
		days = aws.Int32(7)
	case n < 70:
		days = aws.Int32(int32(rapid.IntRange(7, 30).Draw(t, "window")))
	case n < 85:
	case n < 90:
		days, badDays = aws.Int32(int32(rapid.IntRange(1, 6).Draw(t, "window"))), true
	case n < 95:
		days, badDays = aws.Int32(int32(rapid.IntRange(31, 365).Draw(t, "window"))), true
	default:
		days, badDays = aws.Int32(int32(rapid.SampledFrom([]int{-1, 0, 366}).Draw(t, "window"))), true
	}
	m.scheduleDeletion(t, r, days, badDays)
}

// ScheduleSetDeletion schedules every member of a multi-Region set, replicas
// and primary in a random order, as a user retiring the set would (R6.7).
func (m *smMachine) ScheduleSetDeletion(t *rapid.T) {
	tgt := m.pickTarget(t, func(k *sim.KeySnapshot) bool { return smIsPrimary(k) && len(k.Replicas) > 0 })
	var regions []string
	if k := smFind(m.prev, tgt); k != nil && k.MultiRegion {
		regions = append([]string{k.Primary}, k.Replicas...)
	} else {
		regions = []string{tgt.Region}
	}
	regions = rapid.Permutation(regions).Draw(t, "order")
	days := aws.Int32(int32(rapid.SampledFrom([]int{7, 7, 8, 30}).Draw(t, "window")))
	for _, region := range regions {
		m.scheduleDeletion(t, smRef{account: tgt.Account, region: region, value: tgt.KeyID, form: smFormID, owner: tgt.Account, id: tgt.KeyID}, days, false)
	}
}

func (m *smMachine) scheduleDeletion(t *rapid.T, r smRef, days *int32, badDays bool) {
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, false)
	switch {
	case badDays:
		want = smValidation // R6.1, A45.3.1-2
	case k != nil:
		want = smGate["ScheduleKeyDeletion"][k.State]
	}
	what := fmt.Sprintf("ScheduleKeyDeletion(%s, PendingWindowInDays=%v)", r, aws.ToInt32(days))
	var out *kms.ScheduleKeyDeletionOutput
	err := m.do(t, "ScheduleKeyDeletion", what, want, func() (err error) {
		out, err = m.client(r.account, r.region).ScheduleKeyDeletion(m.ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(r.value), PendingWindowInDays: days})
		return err
	})
	if err != nil {
		return
	}
	m.touch(k)
	n := int32(30)
	if days != nil {
		n = *days
	}
	state, deletion := "PendingDeletion", before.Time.Add(time.Duration(n)*smDay) // T8, R6.2, R6.3
	if smIsPrimary(k) && len(k.Replicas) > 0 {
		state, deletion = "PendingReplicaDeletion", time.Time{} // T9, R6.4
	}
	got := m.expectState(t, what, smOf(*k), state)
	if aws.ToString(out.KeyId) != k.ARN || string(out.KeyState) != state || aws.ToInt32(out.PendingWindowInDays) != n ||
		(out.DeletionDate == nil) != deletion.IsZero() || out.DeletionDate != nil && !out.DeletionDate.Equal(deletion) {
		t.Fatalf("%s answered KeyId=%v KeyState=%v PendingWindowInDays=%v DeletionDate=%v; want %s, %s, %d, %v (R6.2, R6.4)",
			what, aws.ToString(out.KeyId), out.KeyState, aws.ToInt32(out.PendingWindowInDays), out.DeletionDate, k.ARN, state, n, deletion)
	}
	if !got.DeletionDate.Equal(deletion) || got.PendingWindowDays != int(n) {
		t.Fatalf("after %s: DeletionDate %v, window %d; want %v, %d", what, got.DeletionDate, got.PendingWindowDays, deletion, n)
	}
}

func (m *smMachine) CancelKeyDeletion(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t, func(k *sim.KeySnapshot) bool {
		return k.State == "PendingDeletion" || k.State == "PendingReplicaDeletion"
	}))
	want, k := smResolve(m.w.Snapshot(), r, false, false)
	if k != nil {
		want = smGate["CancelKeyDeletion"][k.State]
	}
	var out *kms.CancelKeyDeletionOutput
	err := m.do(t, "CancelKeyDeletion", "CancelKeyDeletion("+r.String()+")", want, func() (err error) {
		out, err = m.client(r.account, r.region).CancelKeyDeletion(m.ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String(r.value)})
		return err
	})
	if err != nil {
		return
	}
	m.touch(k)
	state := "Disabled" // T11
	if k.Origin == "EXTERNAL" {
		state = "PendingImport" // T11, O-14: no material
	}
	got := m.expectState(t, "CancelKeyDeletion", smOf(*k), state)
	if aws.ToString(out.KeyId) != k.ARN || !got.DeletionDate.IsZero() || got.PendingWindowDays != 0 {
		t.Fatalf("CancelKeyDeletion: KeyId %v (want %s), DeletionDate %v, window %d (R6.9)", aws.ToString(out.KeyId), k.ARN, got.DeletionDate, got.PendingWindowDays)
	}
}

// rotationWant predicts EnableKeyRotation / DisableKeyRotation: role, then
// type, then state (R3.8.1, A18.3, A15.3).
func smRotationWant(op string, k *sim.KeySnapshot) string {
	switch {
	case smIsReplica(k):
		return smUnsupp // R-REP (R8.1.2)
	case k.Origin == "EXTERNAL":
		return smUnsupp // T-EXT
	case op == "EnableKeyRotation" && k.Spec != "SYMMETRIC_DEFAULT":
		return smUnsupp // T-ROT
	}
	return smGate[op][k.State]
}

func (m *smMachine) EnableKeyRotation(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t, func(k *sim.KeySnapshot) bool { return !smIsReplica(k) && smRotatable(k) }))
	var period *int32
	bad := false
	switch n := rapid.IntRange(0, 99).Draw(t, "periodKind"); {
	case n < 50:
		period = aws.Int32(90)
	case n < 65:
	case n < 85:
		period = aws.Int32(int32(rapid.IntRange(90, 400).Draw(t, "period")))
	case n < 93:
		period = aws.Int32(int32(rapid.IntRange(401, 2560).Draw(t, "period")))
	case n < 97:
		period, bad = aws.Int32(int32(rapid.IntRange(1, 89).Draw(t, "period"))), true
	default:
		period, bad = aws.Int32(2561), true
	}
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, false)
	switch {
	case bad:
		want = smValidation // R8.1.3
	case k != nil:
		want = smRotationWant("EnableKeyRotation", k)
	}
	what := fmt.Sprintf("EnableKeyRotation(%s, RotationPeriodInDays=%v)", r, aws.ToInt32(period))
	err := m.do(t, "EnableKeyRotation", what, want, func() error {
		_, err := m.client(r.account, r.region).EnableKeyRotation(m.ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(r.value), RotationPeriodInDays: period})
		return err
	})
	if err != nil {
		return
	}
	m.touch(k)
	got := smFind(m.w.Snapshot(), smOf(*k))
	wantPeriod, wantNext := k.RotationPeriodDays, k.NextRotation
	if !k.RotationEnabled || period != nil && int(*period) != k.RotationPeriodDays {
		wantPeriod = 365
		if period != nil {
			wantPeriod = int(*period)
		}
		wantNext = before.Time.Add(time.Duration(wantPeriod) * smDay)
	}
	if !got.RotationEnabled || got.RotationPeriodDays != wantPeriod || !got.NextRotation.Equal(wantNext) { // R8.1.3
		t.Fatalf("after %s: rotation %v every %d days, next %v; want on, %d, %v (R8.1.3)", what,
			got.RotationEnabled, got.RotationPeriodDays, got.NextRotation, wantPeriod, wantNext)
	}
}

func (m *smMachine) DisableKeyRotation(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t, func(k *sim.KeySnapshot) bool { return k.RotationEnabled }))
	before := m.w.Snapshot()
	want, k := smResolve(before, r, false, false)
	if k != nil {
		want = smRotationWant("DisableKeyRotation", k)
	}
	err := m.do(t, "DisableKeyRotation", "DisableKeyRotation("+r.String()+")", want, func() error {
		_, err := m.client(r.account, r.region).DisableKeyRotation(m.ctx, &kms.DisableKeyRotationInput{KeyId: aws.String(r.value)})
		return err
	})
	if err != nil {
		return
	}
	m.touch(k)
	after := m.w.Snapshot()
	if !smRotatable(k) { // O-45: success, no effect
		if d := cmp.Diff(before, after); d != "" {
			t.Fatalf("DisableKeyRotation on a key that cannot rotate changed the world (O-45):\n%s", d)
		}
		return
	}
	if smFind(after, smOf(*k)).RotationEnabled {
		t.Fatalf("rotation still on after DisableKeyRotation(%s)", r)
	}
}

func (m *smMachine) GetKeyRotationStatus(t *rapid.T) {
	r := m.drawRef(t, m.pickTarget(t))
	want, k := smResolve(m.w.Snapshot(), r, false, true)
	var out *kms.GetKeyRotationStatusOutput
	err := m.do(t, "GetKeyRotationStatus", "GetKeyRotationStatus("+r.String()+")", want, func() (err error) {
		out, err = m.client(r.account, r.region).GetKeyRotationStatus(m.ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(r.value)})
		return err
	})
	if err == nil {
		m.checkRotationStatus(t, "GetKeyRotationStatus output", out, k)
	}
}

// checkRotationStatus: the set's shared status, period and date, reported
// false in PendingDeletion and for keys that cannot rotate (R8.1.4, R6.10).
func (m *smMachine) checkRotationStatus(t *rapid.T, where string, out *kms.GetKeyRotationStatusOutput, k *sim.KeySnapshot) {
	on := k.RotationEnabled && smRotatable(k) && k.State != "PendingDeletion"
	ok := aws.ToString(out.KeyId) == k.ARN && out.KeyRotationEnabled == on
	if on {
		ok = ok && aws.ToInt32(out.RotationPeriodInDays) == int32(k.RotationPeriodDays) &&
			out.NextRotationDate != nil && out.NextRotationDate.Equal(k.NextRotation)
	} else {
		ok = ok && out.RotationPeriodInDays == nil && out.NextRotationDate == nil
	}
	if !ok {
		t.Fatalf("%s for %s (%s, rotation %v/%d/%v): KeyId=%v enabled=%v period=%v next=%v (R8.1.4, R6.10)", where, smOf(*k), k.State,
			k.RotationEnabled, k.RotationPeriodDays, k.NextRotation, aws.ToString(out.KeyId), out.KeyRotationEnabled,
			aws.ToInt32(out.RotationPeriodInDays), out.NextRotationDate)
	}
}

func (m *smMachine) AdvanceSeconds(t *rapid.T) {
	d := time.Duration(rapid.IntRange(1, 12).Draw(t, "seconds")) * time.Second
	m.clk.Add(d)
	m.clockMoved = true
	t.Logf("clock +%v → %v", d, m.clk.Now().Format(time.RFC3339))
}

func (m *smMachine) AdvanceDays(t *rapid.T) {
	days := rapid.IntRange(1, 31).Draw(t, "days")
	if rapid.IntRange(0, 2).Draw(t, "longStep") == 2 {
		days = rapid.IntRange(32, 200).Draw(t, "days")
	}
	d := time.Duration(days)*smDay + time.Duration(rapid.IntRange(0, 23).Draw(t, "hours"))*time.Hour
	m.clk.Add(d)
	m.clockMoved = true
	t.Logf("clock +%v → %v", d, m.clk.Now().Format(time.RFC3339))
}

// ---------------------------------------------------------------------------
// Invariants

// checkMetadata compares a KeyMetadata answer with the key it describes
// (R2.6, R2.7, R3.1.2).
func (m *smMachine) checkMetadata(t *rapid.T, where string, md *types.KeyMetadata, k *sim.KeySnapshot) {
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s for %s (%s): %s", where, smOf(*k), k.State, fmt.Sprintf(format, args...))
	}
	if md == nil {
		fail("no KeyMetadata")
	}
	if aws.ToString(md.KeyId) != k.KeyID || aws.ToString(md.Arn) != smARN(k.Region, k.Account, k.KeyID) || aws.ToString(md.AWSAccountId) != k.Account {
		fail("KeyId %v, Arn %v, account %v (R1.2.5)", aws.ToString(md.KeyId), aws.ToString(md.Arn), aws.ToString(md.AWSAccountId))
	}
	if string(md.KeyState) != k.State {
		fail("KeyState %s, but the world says %s", md.KeyState, k.State)
	}
	if md.Enabled != (md.KeyState == types.KeyStateEnabled) {
		fail("Enabled=%v with KeyState %s (R3.1.2)", md.Enabled, md.KeyState)
	}
	if (md.DeletionDate != nil) != (md.KeyState == types.KeyStatePendingDeletion) ||
		md.DeletionDate != nil && !md.DeletionDate.Equal(k.DeletionDate) {
		fail("DeletionDate %v in state %s (R2.7: only in PendingDeletion; world says %v)", md.DeletionDate, md.KeyState, k.DeletionDate)
	}
	if (md.PendingDeletionWindowInDays != nil) != (md.KeyState == types.KeyStatePendingReplicaDeletion) ||
		md.PendingDeletionWindowInDays != nil && int(*md.PendingDeletionWindowInDays) != k.PendingWindowDays {
		fail("PendingDeletionWindowInDays %v in state %s (R2.7, R6.4: only in PendingReplicaDeletion)", aws.ToInt32(md.PendingDeletionWindowInDays), md.KeyState)
	}
	if md.CreationDate == nil || !md.CreationDate.Equal(k.Created) || aws.ToString(md.Description) != k.Description {
		fail("CreationDate %v, Description %q; world says %v, %q (R2.4.1)", md.CreationDate, aws.ToString(md.Description), k.Created, k.Description)
	}
	if string(md.KeySpec) != k.Spec || string(md.CustomerMasterKeySpec) != k.Spec || string(md.KeyUsage) != k.Usage ||
		string(md.Origin) != k.Origin || md.KeyManager != types.KeyManagerTypeCustomer {
		fail("KeySpec %s/%s, KeyUsage %s, Origin %s, KeyManager %s; world says %s, %s, %s (R2.3.1)", md.KeySpec,
			md.CustomerMasterKeySpec, md.KeyUsage, md.Origin, md.KeyManager, k.Spec, k.Usage, k.Origin)
	}
	// CurrentKeyMaterialId: symmetric keys only, the set's current material,
	// absent while Creating and before any material exists (R2.7).
	wantMat := ""
	if k.Spec == "SYMMETRIC_DEFAULT" && k.State != "Creating" && len(k.Materials) > 0 {
		wantMat = k.Materials[len(k.Materials)-1]
	}
	if aws.ToString(md.CurrentKeyMaterialId) != wantMat {
		fail("CurrentKeyMaterialId %q, want %q (R2.7)", aws.ToString(md.CurrentKeyMaterialId), wantMat)
	}
	if aws.ToBool(md.MultiRegion) != k.MultiRegion || (md.MultiRegionConfiguration != nil) != k.MultiRegion {
		fail("MultiRegion %v with configuration %v (R2.6.1)", aws.ToBool(md.MultiRegion), md.MultiRegionConfiguration != nil)
	}
	if !k.MultiRegion {
		return
	}
	c := md.MultiRegionConfiguration
	role := types.MultiRegionKeyTypeReplica
	if k.Region == k.Primary {
		role = types.MultiRegionKeyTypePrimary
	}
	if c.MultiRegionKeyType != role || c.PrimaryKey == nil || aws.ToString(c.PrimaryKey.Region) != k.Primary ||
		aws.ToString(c.PrimaryKey.Arn) != smARN(k.Primary, k.Account, k.KeyID) {
		fail("role %s, primary %+v; want %s with primary %s (R2.6.2, R2.6.3)", c.MultiRegionKeyType, c.PrimaryKey, role, k.Primary)
	}
	var regions []string
	for _, rk := range c.ReplicaKeys {
		r := aws.ToString(rk.Region)
		if aws.ToString(rk.Arn) != smARN(r, k.Account, k.KeyID) || r == k.Primary {
			fail("replica entry %v / %v (R2.6.4; the primary is never its own replica)", aws.ToString(rk.Arn), r)
		}
		regions = append(regions, r)
	}
	want := slices.Clone(k.Replicas)
	slices.Sort(regions)
	slices.Sort(want)
	if !slices.Equal(regions, want) {
		fail("ReplicaKeys %v, world says %v (R2.6.4)", regions, want)
	}
}

// smShared is what every member of a set must agree on (R2.3.1).
type smShared struct {
	Spec, Usage, Origin string
	MultiRegion         bool
	Primary             string
	Replicas, Materials []string
	RotationEnabled     bool
	RotationPeriodDays  int
	NextRotation        time.Time
}

func smSharedOf(k *sim.KeySnapshot) smShared {
	return smShared{k.Spec, k.Usage, k.Origin, k.MultiRegion, k.Primary, k.Replicas, k.Materials,
		k.RotationEnabled, k.RotationPeriodDays, k.NextRotation}
}

// smIndependent is what belongs to one member (R2.4.1).
type smIndependent struct {
	State, Description, Policy string
	Tags                       []mrk.Tag
	Created, DeletionDate      time.Time
	PendingWindowDays          int
}

func smIndependentOf(k *sim.KeySnapshot) smIndependent {
	return smIndependent{k.State, k.Description, k.Policy, k.Tags, k.Created, k.DeletionDate, k.PendingWindowDays}
}

func (m *smMachine) check(t *rapid.T) {
	cur := m.w.Snapshot()
	hist := m.w.Transitions()
	prev := m.prev
	now := cur.Time

	// The clock moves only in clock actions, forward; the transition log
	// only grows, and timers fire only when the clock moves.
	if cur.Time.Before(prev.Time) || !m.clockMoved && !cur.Time.Equal(prev.Time) {
		t.Fatalf("world time went from %v to %v", prev.Time, cur.Time)
	}
	if len(hist) < len(m.history) || !cmp.Equal(hist[:len(m.history)], m.history, cmpopts.EquateEmpty()) {
		t.Fatalf("w.Transitions() rewrote its history")
	}
	newTr := hist[len(m.history):]
	if !m.clockMoved && len(newTr) > 0 {
		t.Fatalf("timed transitions %v ran although the clock did not move", newTr)
	}

	prevKeys := map[smMember]*sim.KeySnapshot{}
	for i := range prev.Keys {
		prevKeys[smOf(prev.Keys[i])] = &prev.Keys[i]
	}
	curKeys := map[smMember]*sim.KeySnapshot{}
	sets := map[smSetKey][]*sim.KeySnapshot{}
	for i := range cur.Keys {
		k := &cur.Keys[i]
		mem := smOf(*k)
		// At most one member of a set per Region and account (R2.1.3).
		if curKeys[mem] != nil {
			t.Fatalf("two keys %s in one Region (R2.1.3)", mem)
		}
		curKeys[mem] = k
		sk := smSetKey{k.Account, k.KeyID}
		sets[sk] = append(sets[sk], k)
	}

	// Timed transitions: each one an edge of mrk.Edges (deletion only from
	// PendingDeletion, T12), in the step's time window, chained per member.
	chains := map[smMember][]mrk.Transition{}
	for _, tr := range newTr {
		if !tr.At.After(prev.Time) || tr.At.After(now) {
			t.Fatalf("transition %+v at %v is outside the step (%v, %v]", tr, tr.At, prev.Time, now)
		}
		if tr.Cause == mrk.TimerRotate {
			// A rotation record: the set rotated; its primary's state stays
			// Enabled or Updating (R8.1.6), but for an on-demand rotation,
			// which completes in any state (R8.1.6, last sentence).
			due, onDemand := m.onDemand[smSetKey{tr.Account, tr.KeyID}]
			onDemand = onDemand && due.Equal(tr.At)
			if tr.From != tr.To || !onDemand && tr.From != mrk.Enabled && tr.From != mrk.Updating {
				t.Fatalf("rotation record %s → %s of %s: a rotation changes no state and needs an Enabled or Updating primary (R8.1.6)",
					smStateName(tr.From), smStateName(tr.To), tr.Region+"/"+tr.KeyID)
			}
		} else if tr.To == 0 && tr.From != mrk.PendingDeletion {
			t.Fatalf("key %s deleted from state %s: deletion is allowed only from PendingDeletion (T12)", tr.Region+"/"+tr.KeyID, tr.From)
		} else if _, ok := mrk.Edges[mrk.Edge{From: tr.From, To: tr.To}]; tr.To != 0 && !ok {
			t.Fatalf("timed transition %s → %s of %s is not an edge of mrk.Edges", tr.From, tr.To, tr.Region+"/"+tr.KeyID)
		}
		mem := smMember{tr.Account, tr.Region, tr.KeyID}
		chains[mem] = append(chains[mem], tr)
		m.stats.add(fmt.Sprintf("timer %s: %s → %s", tr.Cause, smStateName(tr.From), smStateName(tr.To)))
	}
	all := map[smMember]bool{}
	for mem := range prevKeys {
		all[mem] = true
	}
	for mem := range curKeys {
		all[mem] = true
	}
	for mem := range chains {
		all[mem] = true
	}
	for mem := range all {
		var s0, s1 mrk.State
		if k := prevKeys[mem]; k != nil {
			s0 = smState(t, k.State)
		}
		if k := curKeys[mem]; k != nil {
			s1 = smState(t, k.State)
		}
		s := s0
		p := prevKeys[mem]
		var deletion time.Time // when this member's waiting period ends
		if p != nil {
			deletion = p.DeletionDate
		}
		for _, tr := range chains[mem] {
			if tr.From != s || p == nil {
				t.Fatalf("transition log moves %s from %s, but it was %s", mem, smStateName(tr.From), smStateName(s))
			}
			if tr.Cause == mrk.TimerRotate {
				if p.Primary != p.Region {
					t.Fatalf("rotation recorded on %s, which is not its set's primary (R8.1.2)", mem)
				}
				continue // its time is checked with the set's schedule
			}
			// Each timer fires at its time (R11.1, R11.3, O-27 with DeletionSlack 0).
			var due time.Time
			switch tr.From {
			case mrk.Creating:
				due = p.Created.Add(smCreatingFor) // R4.3.5
			case mrk.Updating:
				due = m.updating[mem].Add(smUpdatingFor) // R5.3.2
			case mrk.PendingReplicaDeletion:
				due = tr.At // T10 happens when the last replica goes
				deletion = tr.At.Add(time.Duration(p.PendingWindowDays) * smDay)
			case mrk.PendingDeletion:
				due = deletion // T12
			}
			if !tr.At.Equal(due) {
				t.Fatalf("%s: timed transition %s → %s ran at %v, want %v", mem, smStateName(tr.From), smStateName(tr.To), tr.At, due)
			}
			s = tr.To
		}
		if s1 != s {
			// Only an operation changes a state without a timer, by one edge.
			if _, ok := mrk.Edges[mrk.Edge{From: s, To: s1}]; !ok || m.clockMoved || s1 == 0 {
				t.Fatalf("%s went from %s to %s, which is not an edge of mrk.Edges (R3.2.1)", mem, smStateName(s), smStateName(s1))
			}
		}
		if s0 != s1 {
			m.stats.add(fmt.Sprintf("state %s → %s", smStateName(s0), smStateName(s1)))
		}
	}

	// Deletions: a deleted primary or single-Region key ends its set for
	// good; a deleted replica comes back only through ReplicateKey.
	for mem, k := range prevKeys {
		if curKeys[mem] != nil {
			continue
		}
		m.goneMembers[mem] = k.Created
		if !smIsReplica(k) {
			sk := smSetKey{mem.Account, mem.KeyID}
			if len(sets[sk]) > 0 {
				t.Fatalf("primary %s was deleted while its set still has members %v (R2.1.8)", mem, sets[sk])
			}
			m.goneSets[sk] = true
			m.stats.add("event: set or single-Region key deleted")
		} else {
			m.stats.add("event: replica deleted")
		}
	}
	for mem, k := range curKeys {
		if prevKeys[mem] != nil {
			continue
		}
		how, ok := m.created[mem]
		if !ok {
			t.Fatalf("%s (%s) appeared without a successful CreateKey or ReplicateKey creating it", mem, k.State)
		}
		if m.goneSets[smSetKey{mem.Account, mem.KeyID}] {
			t.Fatalf("%s appeared, but its set was deleted (R2.1.8)", mem)
		}
		if gone, ok := m.goneMembers[mem]; ok && (how != "ReplicateKey" || k.State != "Creating" || !k.Created.After(gone)) {
			t.Fatalf("deleted %s came back through %s as %s created %v (former created %v); only ReplicateKey may recreate it (R2.1.9)",
				mem, how, k.State, k.Created, gone)
		}
	}
	for mem := range m.created {
		if curKeys[mem] == nil {
			t.Fatalf("%s was created by %s but does not exist", mem, m.created[mem])
		}
	}

	// Frame: an operation changes only the members it addressed (R2.4.2,
	// R3.2.3); a clock step changes only states (and a T10 DeletionDate).
	for mem, k := range curKeys {
		p := prevKeys[mem]
		if p == nil {
			continue
		}
		pi, ci := smIndependentOf(p), smIndependentOf(k)
		if m.clockMoved {
			pi.State, ci.State = "", ""
			if p.State == "PendingReplicaDeletion" {
				pi.DeletionDate, ci.DeletionDate = time.Time{}, time.Time{}
			}
		}
		if !m.touched[mem] || m.clockMoved {
			if d := cmp.Diff(pi, ci); d != "" {
				t.Fatalf("%s changed although no call addressed it (R2.4.2, R3.2.3) (-before +after):\n%s", mem, d)
			}
		}
	}
	for sk, members := range sets {
		var p *sim.KeySnapshot
		touched := false
		for _, k := range members {
			if q := prevKeys[smOf(*k)]; q != nil {
				p = q
			}
			touched = touched || m.touched[smOf(*k)] || m.created[smOf(*k)] != ""
		}
		if p == nil {
			continue
		}
		ps, cs := smSharedOf(p), smSharedOf(members[0])
		if ps.Spec != cs.Spec || ps.Usage != cs.Usage || ps.Origin != cs.Origin || ps.MultiRegion != cs.MultiRegion {
			t.Fatalf("set %v changed KeySpec/KeyUsage/Origin/MultiRegion: %+v → %+v (R2.1.5, R2.3.1)", sk, ps, cs)
		}
		if len(cs.Materials) < len(ps.Materials) || !slices.Equal(cs.Materials[:len(ps.Materials)], ps.Materials) {
			t.Fatalf("set %v lost or changed key material: %v → %v (R8.1.5)", sk, ps.Materials, cs.Materials)
		}
		if len(cs.Materials) > len(ps.Materials) {
			m.stats.add("event: set rotated")
		}
		if m.clockMoved {
			// Timers never change roles or settings; deleted replicas leave
			// ReplicaKeys, in order (R6.11).
			var left []string
			for _, r := range ps.Replicas {
				if curKeys[smMember{sk.Account, r, sk.KeyID}] != nil {
					left = append(left, r)
				}
			}
			// Automatic rotation: a primary that is Enabled or Updating rotates
			// at every due date; one that is not is never rotated (R8.1.3,
			// R8.1.5, R8.1.6). No timer changes the primary's Region.
			pp := prevKeys[smMember{sk.Account, ps.Primary, sk.KeyID}]
			rotations, next := 0, ps.NextRotation
			var dues []time.Time
			if ps.RotationEnabled && (pp.State == "Enabled" || pp.State == "Updating") {
				for !next.After(now) {
					rotations++
					dues = append(dues, next)
					next = next.Add(time.Duration(ps.RotationPeriodDays) * smDay)
				}
			}
			// An on-demand rotation completes at its time, whatever the
			// primary's state (R8.2.4, R8.1.6), and leaves the schedule alone.
			if due, ok := m.onDemand[sk]; ok && !due.After(now) {
				rotations++
				dues = append(dues, due)
				slices.SortStableFunc(dues, time.Time.Compare)
				delete(m.onDemand, sk)
			}
			// w.Transitions() records each rotation at its due time.
			var logged []time.Time
			for _, tr := range chains[smMember{sk.Account, ps.Primary, sk.KeyID}] {
				if tr.Cause == mrk.TimerRotate {
					logged = append(logged, tr.At)
				}
			}
			if !cmp.Equal(logged, dues, cmpopts.EquateEmpty()) {
				t.Fatalf("set %v: rotations recorded at %v, due at %v (R8.1.3)", sk, logged, dues)
			}
			if len(cs.Materials)-len(ps.Materials) != rotations || !cs.NextRotation.Equal(next) {
				t.Fatalf("set %v (primary %s, rotation %v every %d days due %v): %d rotations and next date %v in the step to %v; want %d and %v (R8.1.3, R8.1.6)",
					sk, pp.State, ps.RotationEnabled, ps.RotationPeriodDays, ps.NextRotation, len(cs.Materials)-len(ps.Materials), cs.NextRotation, now, rotations, next)
			}
			if !slices.Equal(left, cs.Replicas) {
				t.Fatalf("set %v lists replicas %v after the clock step; want %v, the former list without deleted members (R6.11)", sk, cs.Replicas, left)
			}
			if ps.Primary != cs.Primary || ps.RotationEnabled != cs.RotationEnabled ||
				ps.RotationPeriodDays != cs.RotationPeriodDays || cs.NextRotation.Before(ps.NextRotation) {
				t.Fatalf("clock step changed set %v: %+v → %+v (R8.1.3)", sk, ps, cs)
			}
		} else {
			// An operation changes only what it is about: ReplicateKey the
			// membership (R4.3.4), UpdatePrimaryRegion the roles (R5.3.1,
			// R5.3.3), EnableKey a rotation that fell due while the primary
			// was disabled (R8.1.6), Enable/DisableKeyRotation the rotation
			// settings (R8.1.3). Anything else changes no shared property.
			pm, cm := ps, cs
			op := ""
			if touched {
				op = m.sharedOp
			}
			switch op {
			case "ReplicateKey":
				var added []string
				for mem, how := range m.created {
					if how == "ReplicateKey" && mem.Account == sk.Account && mem.KeyID == sk.KeyID {
						added = append(added, mem.Region)
					}
				}
				want := append(slices.Clone(ps.Replicas), added...)
				got := slices.Clone(cs.Replicas)
				slices.Sort(want)
				slices.Sort(got)
				if !slices.Equal(want, got) {
					t.Fatalf("set %v: replicas %v after ReplicateKey, want %v (R4.3.4)", sk, cs.Replicas, want)
				}
				pm.Replicas, cm.Replicas = nil, nil
			case "UpdatePrimaryRegion":
				pm.Primary, cm.Primary, pm.Replicas, cm.Replicas = "", "", nil, nil
			case "EnableKey":
				pk := prevKeys[smMember{sk.Account, ps.Primary, sk.KeyID}]
				due := ps.RotationEnabled && !ps.NextRotation.After(now) && pk.State == "Disabled" && m.touched[smOf(*pk)]
				rotated := len(cs.Materials) - len(ps.Materials)
				if due != (rotated == 1) || rotated > 1 || due && !cs.NextRotation.Equal(now.Add(time.Duration(ps.RotationPeriodDays)*smDay)) {
					t.Fatalf("set %v: EnableKey on %s rotated %d times, next rotation %v; the rotation due %v (on: %v) was overdue: %v (R8.1.6)",
						sk, pk.State, rotated, cs.NextRotation, ps.NextRotation, ps.RotationEnabled, due)
				}
				pm.Materials, cm.Materials, pm.NextRotation, cm.NextRotation = nil, nil, time.Time{}, time.Time{}
			case "EnableKeyRotation", "DisableKeyRotation":
				pm.RotationEnabled, cm.RotationEnabled = false, false
				pm.RotationPeriodDays, cm.RotationPeriodDays = 0, 0
				pm.NextRotation, cm.NextRotation = time.Time{}, time.Time{}
			}
			if d := cmp.Diff(pm, cm); d != "" {
				t.Fatalf("%s changed shared properties of set %v it may not change (-before +after):\n%s", smShow(op), sk, d)
			}
		}
	}

	// Structure of every set and per-state rules, from the world's snapshot.
	for sk, members := range sets {
		sh := smSharedOf(members[0])
		for _, k := range members[1:] {
			if d := cmp.Diff(sh, smSharedOf(k)); d != "" {
				t.Fatalf("members of set %v disagree on shared properties (R2.3.1) (-%s +%s):\n%s", sk, members[0].Region, k.Region, d)
			}
		}
		regions := map[string]bool{}
		for _, k := range members {
			regions[k.Region] = true
			if smPartition(k.Region) != smPartition(sh.Primary) {
				t.Fatalf("set %v spans partitions: %s and %s (R2.1.1)", sk, k.Region, sh.Primary)
			}
		}
		if !sh.MultiRegion {
			if len(members) != 1 || members[0].Region != sh.Primary || len(sh.Replicas) > 0 || strings.HasPrefix(sk.KeyID, "mrk-") {
				t.Fatalf("single-Region key %v has members %d, primary %s, replicas %v (R2.1.5)", sk, len(members), sh.Primary, sh.Replicas)
			}
		} else {
			want := map[string]bool{sh.Primary: true}
			for _, r := range sh.Replicas {
				if want[r] {
					t.Fatalf("set %v lists Region %s twice (primary %s, replicas %v) (R2.1.3)", sk, r, sh.Primary, sh.Replicas)
				}
				want[r] = true
			}
			if !cmp.Equal(want, regions) {
				t.Fatalf("set %v: members in %v, but primary %s and replicas %v (R2.1.2, R2.6.6)", sk, slices.Sorted(maps.Keys(regions)), sh.Primary, sh.Replicas)
			}
		}
		if sh.Origin == "AWS_KMS" && len(sh.Materials) == 0 || sh.Origin == "EXTERNAL" && len(sh.Materials) > 0 {
			t.Fatalf("set %v of origin %s holds %d materials", sk, sh.Origin, len(sh.Materials))
		}
		if sh.RotationEnabled {
			if !smRotatable(members[0]) || sh.RotationPeriodDays < 90 || sh.RotationPeriodDays > 2560 {
				t.Fatalf("set %v rotates (%s, %s) every %d days (R8.1.1, R8.1.3)", sk, sh.Spec, sh.Origin, sh.RotationPeriodDays)
			}
			// A primary that can rotate is never behind its schedule (R8.1.3, R8.1.6).
			p := curKeys[smMember{sk.Account, sh.Primary, sk.KeyID}]
			if (p.State == "Enabled" || p.State == "Updating") && !sh.NextRotation.After(now) {
				t.Fatalf("set %v: rotation due %v but not done at %v with the primary %s (R8.1.3, R8.1.6)", sk, sh.NextRotation, now, p.State)
			}
		}
	}
	for mem, k := range curKeys {
		state := smState(t, k.State)
		switch {
		case state == mrk.Creating && (!smIsReplica(k) || !now.Before(k.Created.Add(smCreatingFor))):
			t.Fatalf("%s Creating at %v (created %v): only a replica, for %v (R3.1.3, R4.3.5)", mem, now, k.Created, smCreatingFor)
		case state == mrk.Updating && !k.MultiRegion:
			t.Fatalf("single-Region key %s is Updating (R3.1.3)", mem)
		case state == mrk.PendingReplicaDeletion && (!smIsPrimary(k) || len(k.Replicas) == 0):
			t.Fatalf("%s is PendingReplicaDeletion with role primary=%v and replicas %v (R3.1.3, R6.6)", mem, smIsPrimary(k), k.Replicas)
		case state == mrk.PendingImport && k.Origin != "EXTERNAL":
			t.Fatalf("%s of origin %s is PendingImport (R3.1.3)", mem, k.Origin)
		case state == mrk.PendingDeletion && (!k.DeletionDate.After(now) || k.DeletionDate.After(now.Add(30*smDay))):
			t.Fatalf("%s is PendingDeletion at %v with DeletionDate %v (R6.1, R6.11)", mem, now, k.DeletionDate)
		case state != mrk.PendingDeletion && !k.DeletionDate.IsZero():
			t.Fatalf("%s has DeletionDate %v in state %s", mem, k.DeletionDate, k.State)
		case (state == mrk.PendingDeletion || state == mrk.PendingReplicaDeletion) != (k.PendingWindowDays != 0),
			k.PendingWindowDays != 0 && (k.PendingWindowDays < 7 || k.PendingWindowDays > 30):
			t.Fatalf("%s has waiting period %d in state %s (R6.1)", mem, k.PendingWindowDays, k.State)
		case k.Created.After(now):
			t.Fatalf("%s created in the future (%v)", mem, k.Created)
		}
		// T14 after PrimaryUpdatingDuration, not before (R5.3.2).
		if since, ok := m.updating[mem]; ok {
			if (state == mrk.Updating) != now.Before(since.Add(smUpdatingFor)) {
				t.Fatalf("%s is %s at %v; its update began at %v and lasts %v (R5.3.2)", mem, k.State, now, since, smUpdatingFor)
			}
			if state != mrk.Updating {
				delete(m.updating, mem)
			}
		} else if state == mrk.Updating {
			t.Fatalf("%s is Updating without an UpdatePrimaryRegion", mem)
		}
		// T10: the primary's window starts when its last replica is deleted (R6.6).
		if c := chains[mem]; len(c) > 0 && state == mrk.PendingDeletion {
			if last := c[len(c)-1]; last.From == mrk.PendingReplicaDeletion && !k.DeletionDate.Equal(last.At.Add(time.Duration(k.PendingWindowDays)*smDay)) {
				t.Fatalf("%s released at %v with window %d days has DeletionDate %v (R6.6)", mem, last.At, k.PendingWindowDays, k.DeletionDate)
			}
		}
	}

	// The same through the API, from every Region: DescribeKey answers
	// exactly where a member lives, all members agree on the set (R2.6.5).
	for sk, members := range sets {
		byRegion := map[string]*sim.KeySnapshot{}
		for _, k := range members {
			byRegion[k.Region] = k
		}
		var cfgs []*types.KeyMetadata
		for _, region := range smAllRegions {
			c := m.client(sk.Account, region)
			out, err := c.DescribeKey(m.ctx, &kms.DescribeKeyInput{KeyId: aws.String(sk.KeyID)})
			k := byRegion[region]
			if k == nil {
				if smCode(err) != smNotFound {
					t.Fatalf("DescribeKey(%s) in %s, where the set has no member: %v, want NotFoundException (R1.5.1)", sk.KeyID, region, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("DescribeKey(%s) in %s: %v", sk.KeyID, region, err)
			}
			m.checkMetadata(t, "DescribeKey by key ID", out.KeyMetadata, k)
			byARN, err := c.DescribeKey(m.ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.ARN)})
			if err != nil || !cmp.Equal(byARN.KeyMetadata, out.KeyMetadata, smIgnoreSDK) {
				t.Fatalf("DescribeKey by ARN %s differs from by key ID: %v", k.ARN, err)
			}
			rot, err := c.GetKeyRotationStatus(m.ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(sk.KeyID)})
			if err != nil {
				t.Fatalf("GetKeyRotationStatus(%s) in %s: %v (R3.6.1: allowed in every state)", sk.KeyID, region, err)
			}
			m.checkRotationStatus(t, "GetKeyRotationStatus", rot, k)
			cfgs = append(cfgs, out.KeyMetadata)
		}
		m.checkAgreement(t, sk, cfgs)
	}
	// Deleted sets stay deleted everywhere (R6.11).
	for sk := range m.goneSets {
		if len(sets[sk]) > 0 {
			t.Fatalf("deleted set %v is back: %v", sk, sets[sk])
		}
		for _, region := range smAllRegions {
			_, err := m.client(sk.Account, region).DescribeKey(m.ctx, &kms.DescribeKeyInput{KeyId: aws.String(sk.KeyID)})
			if smCode(err) != smNotFound {
				t.Fatalf("DescribeKey(%s) in %s after the set was deleted: %v, want NotFoundException (R6.11)", sk.KeyID, region, err)
			}
		}
	}
	for _, account := range smAccounts {
		for _, region := range smAllRegions {
			out, err := m.client(account, region).ListKeys(m.ctx, &kms.ListKeysInput{Limit: aws.Int32(1000)})
			if err != nil || out.Truncated {
				t.Fatalf("ListKeys in %s: %v", region, err)
			}
			m.checkListing(t, account, region, cur, out.Keys)
		}
	}
	// Reading changes nothing.
	if d := cmp.Diff(cur, m.w.Snapshot()); d != "" {
		t.Fatalf("the invariant checks' reads changed the world (-before +after):\n%s", d)
	}

	m.checkSurface(t, prev, cur)
	for sk := range m.onDemand {
		if sets[sk] == nil {
			delete(m.onDemand, sk) // the set is gone: nothing completes
		}
	}
	m.prev, m.history = cur, hist
	m.clockMoved, m.sharedOp = false, ""
	m.created = map[smMember]string{}
	m.touched = map[smMember]bool{}
}

// checkAgreement: DescribeKey in every member's Region names the same
// primary and replicas, exactly one member says PRIMARY, and the shared
// properties agree (R2.1.2, R2.3.1, R2.6.5, R5.3.1).
func (m *smMachine) checkAgreement(t *rapid.T, sk smSetKey, mds []*types.KeyMetadata) {
	type view struct {
		Spec, CMKSpec, Usage, Origin string
		Algorithms                   string
		Primary                      string
		Replicas                     []string
	}
	var first *view
	var material string
	primaries := 0
	for _, md := range mds {
		v := view{Spec: string(md.KeySpec), CMKSpec: string(md.CustomerMasterKeySpec), Usage: string(md.KeyUsage), Origin: string(md.Origin),
			Algorithms: fmt.Sprint(md.EncryptionAlgorithms, md.SigningAlgorithms, md.MacAlgorithms, md.KeyAgreementAlgorithms)}
		if c := md.MultiRegionConfiguration; c != nil {
			v.Primary = aws.ToString(c.PrimaryKey.Region)
			for _, r := range c.ReplicaKeys {
				v.Replicas = append(v.Replicas, aws.ToString(r.Region))
			}
			slices.Sort(v.Replicas)
			if c.MultiRegionKeyType == types.MultiRegionKeyTypePrimary {
				primaries++
			}
		}
		if id := aws.ToString(md.CurrentKeyMaterialId); id != "" {
			if material != "" && id != material {
				t.Fatalf("members of %v report CurrentKeyMaterialId %s and %s (R2.3.1)", sk, material, id)
			}
			material = id
		}
		if first == nil {
			first = &v
		} else if d := cmp.Diff(*first, v); d != "" {
			t.Fatalf("DescribeKey in %s disagrees with another member of %v (R2.6.5, R2.3.1) (-first +this):\n%s", aws.ToString(md.Arn), sk, d)
		}
	}
	if first == nil {
		t.Fatalf("set %v has no member that DescribeKey finds", sk)
	}
	if first.Primary == "" {
		return
	}
	if primaries != 1 || slices.Contains(first.Replicas, first.Primary) {
		t.Fatalf("set %v: %d members say PRIMARY; primary %s, replicas %v (R2.1.2, R5.3.1)", sk, primaries, first.Primary, first.Replicas)
	}
	if len(first.Replicas)+1 != len(mds) {
		t.Fatalf("set %v: DescribeKey finds %d members, but they name primary %s and replicas %v (R2.6.6)", sk, len(mds), first.Primary, first.Replicas)
	}
}

// TestStateMachine: random sequences of every implemented operation and of
// clock steps keep every invariant of the model (see the file comment).
func TestStateMachine(t *testing.T) {
	stats := &smStats{n: map[string]int{}}
	rapid.Check(t, func(t *rapid.T) {
		clk := clock.NewMock()
		clk.Set(sim.DefaultStart)
		m := &smMachine{
			ctx:   context.Background(),
			clk:   clk,
			w:     sim.New(sim.Options{Seed: rapid.Uint64().Draw(t, "seed"), Clock: clk}),
			stats: stats,
			seen:  map[string]bool{}, goneSets: map[smSetKey]bool{}, goneMembers: map[smMember]time.Time{},
			updating: map[smMember]time.Time{}, created: map[smMember]string{}, touched: map[smMember]bool{},
			aliasTouched: map[smxPlace]bool{}, grantTouched: map[smMember]bool{},
			onDemand: map[smSetKey]time.Time{}, onDemandCount: map[smSetKey]int{},
		}
		m.prev = m.w.Snapshot()
		// A populated world to start from, so that the steps reach deep
		// paths; what it creates is checked like any action's result.
		for range rapid.IntRange(0, 3).Draw(t, "initialSets") {
			m.CreateMultiRegionSet(t)
		}
		t.Repeat(map[string]func(*rapid.T){
			"AdvanceDays":          m.AdvanceDays,
			"AdvanceSeconds":       m.AdvanceSeconds,
			"CancelKeyDeletion":    m.CancelKeyDeletion,
			"CreateAlias":          m.CreateAlias,
			"CreateGrant":          m.CreateGrant,
			"DeleteAlias":          m.DeleteAlias,
			"ListAliases":          m.ListAliases,
			"ListGrants":           m.ListGrants,
			"ListKeyRotations":     m.ListKeyRotations,
			"PutKeyPolicy":         m.PutKeyPolicy,
			"RetireGrant":          m.RetireGrant,
			"RotateKeyOnDemand":    m.RotateKeyOnDemand,
			"RevokeGrant":          m.RevokeGrant,
			"TagResource":          m.TagResource,
			"UntagResource":        m.UntagResource,
			"UpdateAlias":          m.UpdateAlias,
			"CreateKey":            m.CreateKey,
			"CreateMultiRegionSet": m.CreateMultiRegionSet,
			"DescribeKey":          m.DescribeKey,
			"DisableKey":           m.DisableKey,
			"DisableKeyRotation":   m.DisableKeyRotation,
			"EnableKey":            m.EnableKey,
			"EnableKeyRotation":    m.EnableKeyRotation,
			"GetKeyRotationStatus": m.GetKeyRotationStatus,
			"ListKeys":             m.ListKeys,
			"ReplicateKey":         m.ReplicateKey,
			"ScheduleKeyDeletion":  m.ScheduleKeyDeletion,
			"ScheduleSetDeletion":  m.ScheduleSetDeletion,
			"UpdateKeyDescription": m.UpdateKeyDescription,
			"UpdatePrimaryRegion":  m.UpdatePrimaryRegion,
			"":                     m.check,
		})
	})
	if testing.Verbose() {
		keys := slices.Collect(maps.Keys(stats.n))
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%6d  %s", stats.n[k], k)
		}
	}
}
