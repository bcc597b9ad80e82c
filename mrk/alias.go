package mrk

// aliasIndex holds the aliases of every account and Region (R1.3).
// Aliases are not modelled yet.
type aliasIndex struct{}

// forgetAliases deletes every alias pointing at k, which is being deleted (R1.3.5).
func (s *Store) forgetAliases(k *Key) {}
