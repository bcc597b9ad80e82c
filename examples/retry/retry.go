// Package retry retries a KMS call while the key is not ready yet: a
// replica answers KMSInvalidStateException while it is Creating. The code
// takes its wait function as a parameter, so production passes time.Sleep
// and the test passes a step of the simulator's mock clock: the test never
// sleeps, and it runs in microseconds.
package retry

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// Decrypter is the part of *kms.Client that Decrypt uses.
type Decrypter interface {
	Decrypt(ctx context.Context, in *kms.DecryptInput, optFns ...func(*kms.Options)) (*kms.DecryptOutput, error)
}

// Policy says how to retry: at most Attempts calls, waiting First before
// the second and twice as long before each next one, through Wait. An
// Attempts of 0 or less means 1: one call, no retry.
type Policy struct {
	Attempts int
	First    time.Duration
	Wait     func(time.Duration)
}

// Default is the production policy: 6 attempts from 500 ms, 15.5 s of
// waiting in all, with time.Sleep.
var Default = Policy{Attempts: 6, First: 500 * time.Millisecond, Wait: time.Sleep}

// Decrypt decrypts blob, retrying while KMS answers
// KMSInvalidStateException (a replica still Creating, a key Updating); any
// other error is returned at once. It returns the number of attempts made.
func Decrypt(ctx context.Context, c Decrypter, p Policy, blob []byte) (*kms.DecryptOutput, int, error) {
	wait := p.First
	for n := 1; ; n++ {
		out, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: blob})
		var notReady *types.KMSInvalidStateException
		if err == nil || !errors.As(err, &notReady) || n >= p.Attempts {
			return out, n, err
		}
		p.Wait(wait)
		wait *= 2
	}
}
