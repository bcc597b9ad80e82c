// Package sim is the mrk simulator: a deterministic world of AWS accounts
// and Regions holding KMS keys and multi-Region key sets, driven by an
// injectable clock and one seeded random stream.
//
// # A world
//
// [New] makes a [World] from [Options]: the seed, the clock (a
// *clock.Mock from github.com/benbjohnson/clock for tests; the wall clock
// if none), the default account and the timings of SPEC §11 (how long a
// replica is Creating, a primary change is Updating, an on-demand rotation
// takes). The world owns the pure model of package mrk and the schedule of
// timed transitions: a replica leaving Creating, keys leaving Updating, the
// end of a deletion waiting period, automatic and on-demand rotation,
// imported material expiring (import tokens expire on the same clock).
// Transitions never depend on wall time: whenever the world is used it
// first runs every transition due at the clock's current time, in order, so
// a test that steps the clock sees the transition at once, and one step or
// many give the same result. [World.Advance] moves a mock clock; [World.Reset] goes
// back to the seeded start.
//
// # Calling KMS
//
// Three ways, one behaviour:
//
//   - [World.Client] (or [World.ClientFor] for another account) returns a
//     [Client] for one Region whose methods have the signatures of
//     aws-sdk-go-v2's *kms.Client: they take and return the service/kms
//     input and output types and fail with the SDK's own typed errors, so
//     a user's interface over *kms.Client is satisfied unchanged and
//     errors.As works as it does against AWS.
//   - [World.HTTPClient] is an http.Client that serves the KMS JSON
//     protocol in process: give it to a real *kms.Client
//     (o.HTTPClient = w.HTTPClient()) and keep the rest of the code as it
//     is; the Region is the one the client signs for.
//   - [World.Handler] serves the same protocol over a socket; the mrksim
//     command (sim/cmd/mrksim) runs it for the aws CLI, boto3 and every
//     SDK, with control endpoints under /_mrksim/ to read and move the
//     clock and read the event log.
//
// Every operation of the KMS API is served except the custom key store
// operations, which answer a typed UnsupportedOperationException saying so
// (the README lists them, generated from the code).
//
//	w := sim.New(sim.Options{Seed: 7, Clock: clk}) // clk := clock.NewMock(); clk.Set(sim.DefaultStart)
//	use := w.Client("us-east-1")
//	out, _ := use.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
//	rep, _ := use.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: out.KeyMetadata.KeyId, ReplicaRegion: aws.String("eu-west-1")})
//	// rep.ReplicaKeyMetadata.KeyState == types.KeyStateCreating
//	clk.Add(time.Minute) // the replica is now Enabled
//
// # Callers and AWS managed keys
//
// A client calls as its account's root user; World.ClientAs calls as an
// IAM user or role session instead, which AccessDeniedException messages
// and the event log name. DescribeKey on a predefined alias such as
// alias/aws/sqs creates that service's AWS managed key, whose fixed key
// policy the world enforces: the account may describe, get and list it,
// and only a client made with Client.Via, acting through the service, may
// use it to encrypt, decrypt or create grants. A customer managed key's
// policy is enforced only for its explicit Deny statements, which refuse
// a call whatever IAM allows.
//
// # Looking inside
//
// [World.Snapshot] returns the whole state as plain values for go-cmp (see
// package fixtures for comparison options); [World.Events] returns the
// CloudTrail records every call and every timed transition wrote;
// [World.Transitions] lists the timed transitions run so far.
//
// Two worlds built with the same Options and given the same calls return
// identical outputs, byte for byte: key IDs, key material, ciphertexts,
// signatures, request IDs, event IDs and the event log. A World is safe for
// concurrent use. Package fixtures (github.com/mrksim/mrk/fixtures) builds
// ready worlds, presets and rapid generators on top of this package.
package sim

//go:generate go run ./internal/docgen
