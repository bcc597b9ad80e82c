package sim

// AliasSnapshot is one alias in a Snapshot.
type AliasSnapshot struct{}

// snapshotAliases lists every alias of the world; the caller holds w.mu.
func (w *World) snapshotAliases() []AliasSnapshot { return nil }
