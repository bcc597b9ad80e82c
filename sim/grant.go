package sim

// GrantSnapshot is one grant in a Snapshot.
type GrantSnapshot struct{}

// snapshotGrants lists every grant of the world; the caller holds w.mu.
func (w *World) snapshotGrants() []GrantSnapshot { return nil }
