package sim

import (
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/mrksim/mrk/mrk"
)

// mdBuf backs one KeyMetadata answer: the pointers of the SDK struct point
// into it, so an answer costs a few allocations however many members it
// names, and no two answers share memory a caller could modify.
type mdBuf struct {
	md                     types.KeyMetadata
	account, id, arn, desc string
	material               string
	created, deletion      time.Time
	validTo                time.Time
	multi                  bool
	window                 int32
	mrc                    types.MultiRegionConfiguration
	primary                types.MultiRegionKey
}

// metadata renders a key's KeyMetadata member by member as SPEC §2.7 and
// SPEC-API A0.21.1 prescribe.
func metadata(k *mrk.Key) *types.KeyMetadata {
	set := k.Set
	b := &mdBuf{account: set.Account, id: set.ID, desc: k.Description, created: k.Created, multi: set.MultiRegion}
	m := &b.md
	m.AWSAccountId, m.KeyId, m.Description, m.CreationDate = &b.account, &b.id, &b.desc, &b.created
	m.Enabled = k.State == mrk.Enabled
	m.KeyUsage = types.KeyUsageType(set.Usage)
	m.KeyState = types.KeyState(k.State.String())
	m.Origin = types.OriginType(set.Origin)
	m.KeyManager = types.KeyManagerTypeCustomer
	if set.Service != "" {
		m.KeyManager = types.KeyManagerTypeAws
	}
	m.CustomerMasterKeySpec = types.CustomerMasterKeySpec(set.Spec)
	m.KeySpec = types.KeySpec(set.Spec)
	m.MultiRegion = &b.multi
	algs := mrk.AlgorithmsFor(set.Spec, set.Usage)
	m.EncryptionAlgorithms = enumList[types.EncryptionAlgorithmSpec](algs.Encryption)
	m.SigningAlgorithms = enumList[types.SigningAlgorithmSpec](algs.Signing)
	m.MacAlgorithms = enumList[types.MacAlgorithmSpec](algs.Mac)
	m.KeyAgreementAlgorithms = enumList[types.KeyAgreementAlgorithmSpec](algs.KeyAgreement)
	m.EncapsulationAlgorithms = enumList[types.EncapsulationAlgorithmSpec](algs.Encapsulation)
	switch k.State {
	case mrk.PendingDeletion:
		b.deletion = k.DeletionDate
		m.DeletionDate = &b.deletion
	case mrk.PendingReplicaDeletion:
		b.window = int32(k.PendingWindowDays)
		m.PendingDeletionWindowInDays = &b.window
	}
	if model, validTo := k.ExpirationModel(); model != "" { // A0.21: this member's import
		m.ExpirationModel = types.ExpirationModelType(model)
		if !validTo.IsZero() {
			b.validTo = validTo
			m.ValidTo = &b.validTo
		}
	}
	if set.Spec == mrk.SpecSymmetricDefault && k.State != mrk.Creating {
		if cur := set.CurrentMaterial(); cur != nil {
			b.material = cur.ID
			m.CurrentKeyMaterialId = &b.material
		}
	}
	if !set.MultiRegion {
		b.arn = k.ARN()
		m.Arn = &b.arn
		return m
	}
	// One string holds every member's ARN; the answer's ARNs are slices of it.
	regions := set.Members()
	var sb strings.Builder
	var endsBuf [8]int
	ends := endsBuf[:0]
	size := 0
	for _, r := range regions {
		size += len("arn::kms:::key/") + len(mrk.Partition(r)) + len(r) + len(set.Account) + len(set.ID)
	}
	sb.Grow(size)
	for _, r := range regions {
		sb.WriteString("arn:")
		sb.WriteString(mrk.Partition(r))
		sb.WriteString(":kms:")
		sb.WriteString(r)
		sb.WriteString(":")
		sb.WriteString(set.Account)
		sb.WriteString(":key/")
		sb.WriteString(set.ID)
		ends = append(ends, sb.Len())
	}
	all := sb.String()
	strs := make([]string, 2*len(regions))
	off := 0
	for i, r := range regions {
		strs[2*i], strs[2*i+1] = all[off:ends[i]], r
		off = ends[i]
		if r == k.Region {
			m.Arn = &strs[2*i]
		}
	}
	b.mrc.MultiRegionKeyType = types.MultiRegionKeyTypeReplica
	if k.IsPrimary() {
		b.mrc.MultiRegionKeyType = types.MultiRegionKeyTypePrimary
	}
	b.primary = types.MultiRegionKey{Arn: &strs[0], Region: &strs[1]}
	b.mrc.PrimaryKey = &b.primary
	b.mrc.ReplicaKeys = make([]types.MultiRegionKey, len(regions)-1)
	for i := range b.mrc.ReplicaKeys {
		b.mrc.ReplicaKeys[i] = types.MultiRegionKey{Arn: &strs[2*i+2], Region: &strs[2*i+3]}
	}
	m.MultiRegionConfiguration = &b.mrc
	return m
}

func enumList[T ~string](xs []string) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = T(x)
	}
	return out
}

func timePtr(t time.Time) *time.Time { return &t }
