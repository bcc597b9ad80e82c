// Package failover is a failover drill for a multi-Region key: replicate,
// wait out Creating, promote a replica with UpdatePrimaryRegion, wait out
// Updating, and keep decrypting in every Region throughout. Promote is the
// code under test; the test steps the simulator's clock instead of waiting.
package failover

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// KMS is the part of *kms.Client that Promote uses.
type KMS interface {
	DescribeKey(ctx context.Context, in *kms.DescribeKeyInput, optFns ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
	UpdatePrimaryRegion(ctx context.Context, in *kms.UpdatePrimaryRegionInput, optFns ...func(*kms.Options)) (*kms.UpdatePrimaryRegionOutput, error)
}

// Promote makes the replica in region the primary of keyID's set. It asks
// the replica for the set's current primary, refuses to promote a replica
// that is not Enabled, and calls UpdatePrimaryRegion in the current
// primary's Region, as AWS requires. clients holds a client per Region.
func Promote(ctx context.Context, clients map[string]KMS, keyID, region string) error {
	d, err := clients[region].DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(keyID)})
	if err != nil {
		return err
	}
	if st := d.KeyMetadata.KeyState; st != types.KeyStateEnabled {
		return fmt.Errorf("promote %s: the replica in %s is %s, not Enabled", keyID, region, st)
	}
	primary := aws.ToString(d.KeyMetadata.MultiRegionConfiguration.PrimaryKey.Region)
	if primary == region {
		return nil
	}
	_, err = clients[primary].UpdatePrimaryRegion(ctx, &kms.UpdatePrimaryRegionInput{KeyId: aws.String(keyID), PrimaryRegion: aws.String(region)})
	return err
}
