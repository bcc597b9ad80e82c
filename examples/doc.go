// Package examples holds programs as users of mrk write them, one directory
// each, to copy: run them all with go test ./examples/...
//
//   - swap: keep your *kms.Client and change one line, or depend on an
//     interface that *kms.Client and *sim.Client both satisfy;
//   - failover: replicate, step through Creating, UpdatePrimaryRegion, step
//     through Updating, decrypting in every Region throughout, and read the
//     event log;
//   - retry: retry on KMSInvalidStateException while a replica is Creating,
//     tested by stepping the clock;
//   - envelope: envelope encryption with GenerateDataKey, opened in any
//     Region of the set;
//   - property: a property test of your own key-management code with
//     fixtures' generators and harness, which catches a deliberately
//     buggy version;
//   - deletion: scheduled deletion of a whole set and the
//     PendingReplicaDeletion path;
//   - cli: mrksim from the aws CLI and boto3.
package examples
