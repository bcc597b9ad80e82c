package sim_test

import (
	"errors"

	"context"
	"fmt"
	smithy "github.com/aws/smithy-go"
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

// A real aws-sdk-go-v2 *kms.Client talks to the world through
// w.HTTPClient(): the one line a user changes in existing code.
func ExampleWorld_HTTPClient() {
	ctx := context.Background()
	w := sim.New(sim.Options{Seed: 7})
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"}, nil
	})
	client := kms.New(kms.Options{Region: "eu-west-1", Credentials: creds, HTTPClient: w.HTTPClient()})

	out, err := client.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if err != nil {
		panic(err)
	}
	_, err = client.UpdatePrimaryRegion(ctx, &kms.UpdatePrimaryRegionInput{KeyId: out.KeyMetadata.KeyId, PrimaryRegion: aws.String("us-east-1")})
	var ve smithy.APIError
	if errors.As(err, &ve) {
		fmt.Println(ve.ErrorCode())
	}
	// The same world, through the SDK-shaped methods:
	d, _ := w.Client("eu-west-1").DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: out.KeyMetadata.KeyId})
	fmt.Println(*d.KeyMetadata.Arn == *out.KeyMetadata.Arn)
	// Output:
	// ValidationException
	// true
}

// An AWS managed key: DescribeKey on its predefined alias creates it, the
// service (Via) may encrypt with it, and the account itself may not.
func ExampleClient_Via() {
	ctx := context.Background()
	w := sim.New(sim.Options{Seed: 7})
	user, err := w.ClientAs("arn:aws:iam::111122223333:user/Delegated", "us-east-1")
	if err != nil {
		panic(err)
	}
	d, err := user.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/sqs")})
	if err != nil {
		panic(err)
	}
	fmt.Println(d.KeyMetadata.KeyManager, *d.KeyMetadata.Description)

	_, err = user.Via("sqs").Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/aws/sqs"), Plaintext: []byte("message")})
	fmt.Println("through SQS:", err)

	_, err = user.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/aws/sqs"), Plaintext: []byte("message")})
	var ae smithy.APIError
	if errors.As(err, &ae) {
		fmt.Println("directly:", ae.ErrorCode())
	}
	// Output:
	// AWS Default key that protects my SQS messages when no other key is defined
	// through SQS: <nil>
	// directly: AccessDeniedException
}
