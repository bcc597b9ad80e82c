package mrk

// grantIndex holds the grants of every key. Grants are not modelled yet.
type grantIndex struct{}

// forgetGrants deletes every grant of k, which is being deleted (R6.11).
func (s *Store) forgetGrants(k *Key) {}
