package sim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/benbjohnson/clock"
	"github.com/mrksim/mrk/sim"
)

// Create a multi-Region key, replicate it, and step the clock through the
// replica's Creating state: no sleeping.
func Example() {
	ctx := context.Background()
	clk := clock.NewMock()
	w := sim.New(sim.Options{Seed: 7, Clock: clk})
	use := w.Client("us-east-1")

	out, err := use.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if err != nil {
		panic(err)
	}
	rep, err := use.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: out.KeyMetadata.KeyId, ReplicaRegion: aws.String("eu-west-1")})
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.ReplicaKeyMetadata.KeyState, rep.ReplicaKeyMetadata.MultiRegionConfiguration.MultiRegionKeyType)

	clk.Add(time.Minute)
	d, err := w.Client("eu-west-1").DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: out.KeyMetadata.KeyId})
	if err != nil {
		panic(err)
	}
	fmt.Println(d.KeyMetadata.KeyState, d.KeyMetadata.Enabled)
	// Output:
	// Creating REPLICA
	// Enabled true
}
