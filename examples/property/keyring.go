// Package property is a property test of a user's own key-management code
// run against the simulator with the fixtures package's harness. Keyring
// keeps one multi-Region key replicated into the Regions it is told to;
// the harness meanwhile fails the key over between Regions and moves the
// clock, and checks the simulator's invariants after every step. A flaw
// that hand-written tests easily miss (assuming the primary stays where
// the key was created) is kept behind a flag, and a test shows that the
// property finds it and that rapid shrinks it to a handful of steps.
package property

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// KMS is the part of *kms.Client that Keyring uses.
type KMS interface {
	CreateKey(ctx context.Context, in *kms.CreateKeyInput, optFns ...func(*kms.Options)) (*kms.CreateKeyOutput, error)
	DescribeKey(ctx context.Context, in *kms.DescribeKeyInput, optFns ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
	ReplicateKey(ctx context.Context, in *kms.ReplicateKeyInput, optFns ...func(*kms.Options)) (*kms.ReplicateKeyOutput, error)
}

// Keyring keeps a multi-Region key with a member in Home and in every
// Region of Want.
type Keyring struct {
	// Client returns a client for a Region.
	Client func(region string) KMS
	Home   string
	Want   []string
	// KeyID is the key, once Ensure has created it.
	KeyID string
	// AssumeHomeIsPrimary is the deliberate bug: replicate from Home
	// instead of from the set's current primary.
	AssumeHomeIsPrimary bool
}

// Ensure creates the key in Home if there is none yet, then replicates it
// into every Region of Want that has no member. ReplicateKey must be called
// in the primary's Region, which a failover may have moved.
func (k *Keyring) Ensure(ctx context.Context) error {
	if k.KeyID == "" {
		out, err := k.Client(k.Home).CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
		if err != nil {
			return err
		}
		k.KeyID = aws.ToString(out.KeyMetadata.KeyId)
	}
	d, err := k.Client(k.Home).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.KeyID)})
	if err != nil {
		return err
	}
	cfg := d.KeyMetadata.MultiRegionConfiguration
	primary := aws.ToString(cfg.PrimaryKey.Region)
	have := []string{primary}
	for _, r := range cfg.ReplicaKeys {
		have = append(have, aws.ToString(r.Region))
	}
	from := primary
	if k.AssumeHomeIsPrimary {
		from = k.Home
	}
	for _, r := range k.Want {
		if slices.Contains(have, r) {
			continue
		}
		if _, err := k.Client(from).ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: aws.String(k.KeyID), ReplicaRegion: aws.String(r)}); err != nil {
			return err
		}
	}
	return nil
}
