// Package sim is the mrk simulator: a deterministic world of AWS accounts
// and Regions holding KMS keys and multi-Region key sets, driven by an
// injectable clock and one seeded random stream.
//
// A [World] owns the pure model of package mrk, the clock, the seed and the
// schedule of timed transitions (a replica leaving Creating, keys leaving
// Updating, the end of a deletion waiting period, automatic rotation).
// Transitions never depend on wall time: whenever the world is used it first
// runs every transition that is due at the clock's current time, in order of
// due time, so a test that steps a mock clock sees the transition at once,
// and advancing the clock in one step or many gives the same result.
//
// [World.Client] returns a [Client] for one Region whose methods have the
// signatures of aws-sdk-go-v2's *kms.Client: they take and return the
// service/kms input and output types and fail with the SDK's own typed
// errors, so a user's interface over *kms.Client is satisfied unchanged and
// errors.As works as it does against AWS:
//
//	clk := clock.NewMock()
//	w := sim.New(sim.Options{Seed: 7, Clock: clk})
//	use := w.Client("us-east-1")
//	out, _ := use.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
//	rep, _ := use.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: out.KeyMetadata.KeyId, ReplicaRegion: aws.String("eu-west-1")})
//	// rep.ReplicaKeyMetadata.KeyState == types.KeyStateCreating
//	clk.Add(time.Minute) // the replica is now Enabled
//
// Two worlds built with the same Options and given the same calls return
// identical outputs: key IDs, key material, dates and request IDs. A World
// is safe for concurrent use.
package sim

//go:generate go run ./internal/docgen
