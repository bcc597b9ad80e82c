package mrk

import (
	"fmt"
	"slices"
	"time"
)

// RotationEntry is one key material of a set as ListKeyRotations lists it
// (R8.4.1): its ID and state, and for a material made current by a
// rotation, when and how.
type RotationEntry struct {
	MaterialID   string
	State        string // CURRENT, NON_CURRENT, PENDING_ROTATION or PENDING_MULTI_REGION_IMPORT_AND_ROTATION
	RotationDate time.Time
	RotationType string // "" for the first material
	// For EXTERNAL keys (R8.4.1): this member's ImportState (IMPORTED or
	// PENDING_IMPORT), its ExpirationModel while IMPORTED ("" otherwise),
	// ValidTo for an expiring material, and the material's description.
	ImportState     string
	ExpirationModel string
	ValidTo         time.Time
	Description     string
}

// ListKeyRotations pages a key's materials, oldest first (R8.4.1, A35.3).
// all is IncludeKeyMaterial=ALL_KEY_MATERIAL; given is whether
// IncludeKeyMaterial was sent at all. A replica lists its set's history
// (R8.4.3); a key that cannot rotate lists nothing, and refuses
// IncludeKeyMaterial when it is not a symmetric encryption key (R3.7.2).
func (s *Store) ListKeyRotations(c Caller, keyID string, all, given bool, limit int, marker string) (*Key, ListPage[RotationEntry], error) {
	var page ListPage[RotationEntry]
	k, err := s.Get(c, OpListKeyRotations, keyID)
	if err != nil {
		return nil, page, err
	}
	set := k.Set
	if set.Spec != SpecSymmetricDefault {
		if given {
			return nil, page, &Error{CodeValidation, "Input parameter includeKeyMaterial can only be used with symmetric keys."}
		}
		if marker != "" {
			// Its listing is empty and never returns a marker, so any
			// marker is foreign (A0.20.5).
			return nil, page, &Error{CodeInvalidMarker, ""}
		}
		return k, page, nil
	}
	var entries []RotationEntry
	for i, m := range set.Materials {
		if i == 0 && !all {
			continue
		}
		e := RotationEntry{MaterialID: m.ID, State: "NON_CURRENT"}
		if i == len(set.Materials)-1 {
			e.State = "CURRENT"
		}
		if i > 0 {
			e.RotationDate, e.RotationType = m.Created, m.RotationType
		}
		entries = append(entries, e)
	}
	if set.Origin == OriginExternal {
		if all && set.Pending != nil { // R7.10 step 3
			entries = append(entries, RotationEntry{MaterialID: set.Pending.ID, State: s.pendingState(set)})
		}
		for i := range entries {
			e := &entries[i]
			e.ImportState = "PENDING_IMPORT"
			if imp := k.imported(e.MaterialID); imp != nil {
				e.ImportState, e.ExpirationModel, e.ValidTo = "IMPORTED", imp.Model(), imp.ValidTo
			}
			if set.Pending != nil && set.Pending.ID == e.MaterialID {
				e.Description = set.Pending.Description
			} else if j := slices.IndexFunc(set.Materials, func(m Material) bool { return m.ID == e.MaterialID }); j >= 0 {
				e.Description = set.Materials[j].Description
			}
		}
	}
	scope := fmt.Sprintf("ListKeyRotations\x00%s\x00%s\x00%s\x00%t", c.Account, c.Region, set.ID, all)
	start := 0
	if marker != "" {
		pos, ok := DecodeMarker(scope, marker)
		var n int
		if _, err := fmt.Sscanf(pos, "%08d", &n); !ok || err != nil || n < 0 || n > len(entries) {
			return nil, page, &Error{CodeInvalidMarker, ""}
		}
		start = n
	}
	end := min(start+limit, len(entries))
	page.Items = entries[start:end:end]
	if end < len(entries) {
		page.Truncated = true
		page.NextMarker = EncodeMarker(scope, fmt.Sprintf("%08d", end))
	}
	return k, page, nil
}
