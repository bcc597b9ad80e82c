// Package mrk is the pure model of AWS KMS keys and multi-Region key sets
// that the mrk simulator drives.
//
// It holds identifiers (key IDs, ARNs, Regions and partitions), key sets and
// their members, shared and independent properties, the key states and the
// transitions between them, the key-state matrix that every operation
// consults, and the exact errors AWS gives. Rule numbers such as R3.6.1 refer
// to the project's SPEC.md; A-numbers such as A41.3.8 to SPEC-API.md.
//
// The package is deliberately pure, in the manner of etcd's raft: it does no
// I/O, starts no goroutines, never reads the wall clock and owns no source of
// randomness. The caller passes the current time and an [Entropy] source into
// every operation that needs them, and receives back the [Timer]s it must
// schedule; package sim is that caller. A [Store] is not safe for concurrent
// use: its driver serialises access.
//
// An operation either succeeds and changes the store, or fails with an
// [*Error] and leaves the store exactly as it was, without drawing from the
// entropy source (A0.11.3).
package mrk
