package sim

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/mrksim/mrk/mrk"
)

// metadata renders a key's KeyMetadata member by member as SPEC §2.7 and
// SPEC-API A0.21.1 prescribe.
func metadata(k *mrk.Key) *types.KeyMetadata {
	set := k.Set
	created := k.Created
	m := &types.KeyMetadata{
		AWSAccountId:          aws.String(set.Account),
		KeyId:                 aws.String(set.ID),
		Arn:                   aws.String(k.ARN()),
		CreationDate:          &created,
		Enabled:               k.State == mrk.Enabled,
		Description:           aws.String(k.Description),
		KeyUsage:              types.KeyUsageType(set.Usage),
		KeyState:              types.KeyState(k.State.String()),
		Origin:                types.OriginType(set.Origin),
		KeyManager:            types.KeyManagerTypeCustomer,
		CustomerMasterKeySpec: types.CustomerMasterKeySpec(set.Spec),
		KeySpec:               types.KeySpec(set.Spec),
		MultiRegion:           aws.Bool(set.MultiRegion),
	}
	algs := mrk.AlgorithmsFor(set.Spec, set.Usage)
	m.EncryptionAlgorithms = enumList[types.EncryptionAlgorithmSpec](algs.Encryption)
	m.SigningAlgorithms = enumList[types.SigningAlgorithmSpec](algs.Signing)
	m.MacAlgorithms = enumList[types.MacAlgorithmSpec](algs.Mac)
	m.KeyAgreementAlgorithms = enumList[types.KeyAgreementAlgorithmSpec](algs.KeyAgreement)
	switch k.State {
	case mrk.PendingDeletion:
		d := k.DeletionDate
		m.DeletionDate = &d
	case mrk.PendingReplicaDeletion:
		m.PendingDeletionWindowInDays = aws.Int32(int32(k.PendingWindowDays))
	}
	if set.Spec == mrk.SpecSymmetricDefault && k.State != mrk.Creating {
		if cur := set.CurrentMaterial(); cur != nil {
			m.CurrentKeyMaterialId = aws.String(cur.IDString())
		}
	}
	if set.MultiRegion {
		m.MultiRegionConfiguration = multiRegionConfiguration(k)
	}
	return m
}

func multiRegionConfiguration(k *mrk.Key) *types.MultiRegionConfiguration {
	set := k.Set
	role := types.MultiRegionKeyTypeReplica
	if k.IsPrimary() {
		role = types.MultiRegionKeyTypePrimary
	}
	cfg := &types.MultiRegionConfiguration{
		MultiRegionKeyType: role,
		PrimaryKey:         &types.MultiRegionKey{Arn: aws.String(mrk.KeyARN(set.Primary, set.Account, set.ID)), Region: aws.String(set.Primary)},
		ReplicaKeys:        make([]types.MultiRegionKey, len(set.Replicas)),
	}
	for i, r := range set.Replicas {
		cfg.ReplicaKeys[i] = types.MultiRegionKey{Arn: aws.String(mrk.KeyARN(r, set.Account, set.ID)), Region: aws.String(r)}
	}
	return cfg
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
