// Package deletion retires a whole multi-Region key set. A primary cannot
// be deleted while it has replicas: scheduled first, it waits in
// PendingReplicaDeletion, and its own waiting period starts only when the
// last replica is gone. Retire schedules every member, replicas first; the
// test steps the clock through the waiting periods and reads the DeleteKey
// service events.
package deletion

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// KMS is the part of *kms.Client that Retire uses.
type KMS interface {
	DescribeKey(ctx context.Context, in *kms.DescribeKeyInput, optFns ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
	ScheduleKeyDeletion(ctx context.Context, in *kms.ScheduleKeyDeletionInput, optFns ...func(*kms.Options)) (*kms.ScheduleKeyDeletionOutput, error)
}

// Retire schedules the deletion of every member of keyID's set with a
// waiting period of days: the replicas, each in its own Region, then the
// primary. client returns a client for a Region; home is any Region
// holding a member.
func Retire(ctx context.Context, client func(region string) KMS, home, keyID string, days int32) error {
	d, err := client(home).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(keyID)})
	if err != nil {
		return err
	}
	cfg := d.KeyMetadata.MultiRegionConfiguration
	regions := []string{}
	for _, r := range cfg.ReplicaKeys {
		regions = append(regions, aws.ToString(r.Region))
	}
	regions = append(regions, aws.ToString(cfg.PrimaryKey.Region))
	for _, r := range regions {
		if _, err := client(r).ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(keyID), PendingWindowInDays: aws.Int32(days)}); err != nil {
			return err
		}
	}
	return nil
}
