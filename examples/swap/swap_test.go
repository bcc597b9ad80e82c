package swap_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/mrksim/mrk/examples/swap"
	"github.com/mrksim/mrk/fixtures"
	"github.com/mrksim/mrk/sim"
)

// Both clients satisfy the interface the code depends on.
var (
	_ swap.KMS = (*kms.Client)(nil)
	_ swap.KMS = (*sim.Client)(nil)
)

// newRealClient is what production code does, with the one changed line
// marked: the real SDK client sends its requests to the world, in process.
func newRealClient(w *sim.World, region string) *kms.Client {
	cfg := aws.Config{Region: region, Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}, nil
	})}
	return kms.NewFromConfig(cfg, func(o *kms.Options) {
		o.HTTPClient = w.HTTPClient() // the one line: no sockets, no endpoint to configure
	})
}

// TestRealClient: the real *kms.Client, through w.HTTPClient(), seals and
// opens, and the SDK's typed errors come back as from AWS.
func TestRealClient(t *testing.T) {
	s := fixtures.SettledSet(t)
	v := &swap.Vault{KMS: newRealClient(s.World.World, "us-east-1"), KeyID: s.KeyID}
	sealed, err := v.Seal(s.World.Ctx, []byte("p4ssw0rd"))
	if err != nil {
		t.Fatal(err)
	}
	// The replica in eu-west-1 opens it too, through another real client (SPEC R9.1).
	west := &swap.Vault{KMS: newRealClient(s.World.World, "eu-west-1")}
	if got, err := west.Open(s.World.Ctx, sealed); err != nil || string(got) != "p4ssw0rd" {
		t.Fatalf("Open in eu-west-1: %q, %v", got, err)
	}
	if _, err := s.Clients["eu-west-1"].DisableKey(s.World.Ctx, &kms.DisableKeyInput{KeyId: &s.KeyID}); err != nil {
		t.Fatal(err)
	}
	_, err = west.Open(s.World.Ctx, sealed)
	var disabled *types.DisabledException
	if !errors.As(err, &disabled) {
		t.Fatalf("Open with the eu-west-1 member disabled: %v, want *types.DisabledException", err)
	}
}

// TestInterface: the same code against the SDK-shaped *sim.Client, with
// no HTTP at all.
func TestInterface(t *testing.T) {
	s := fixtures.SettledSet(t)
	v := &swap.Vault{KMS: s.Clients["us-west-2"], KeyID: s.ARNs["us-west-2"]}
	sealed, err := v.Seal(s.World.Ctx, []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.Open(s.World.Ctx, sealed); err != nil || string(got) != "secret" {
		t.Fatalf("Open: %q, %v", got, err)
	}
	_, err = v.Open(s.World.Ctx, append(sealed[:len(sealed)-1:len(sealed)-1], sealed[len(sealed)-1]^1))
	var bad *types.InvalidCiphertextException
	if !errors.As(err, &bad) {
		t.Fatalf("Open of a tampered ciphertext: %v, want *types.InvalidCiphertextException", err)
	}
}

// The real client and the simulator's client see one world.
func Example() {
	ctx := context.Background()
	w := sim.New(sim.Options{Seed: 7})
	real := newRealClient(w, "us-east-1")
	out, err := real.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("made over HTTP")})
	if err != nil {
		panic(err)
	}
	d, _ := w.Client("us-east-1").DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: out.KeyMetadata.KeyId})
	fmt.Println(*d.KeyMetadata.Description, d.KeyMetadata.KeyState)
	// Output:
	// made over HTTP Enabled
}
