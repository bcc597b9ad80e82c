package mrk

import (
	"encoding/base64"
	"hash/fnv"
	"strings"
)

// EncodeMarker makes an opaque, deterministic, stateless pagination marker
// (A0.20.6) naming a position in a listing. scope names the listing and its
// filters; a marker is only valid for the same scope.
func EncodeMarker(scope, pos string) string {
	h := fnv.New64a()
	h.Write([]byte(scope))
	h.Write([]byte{0})
	h.Write([]byte(pos))
	var sum [8]byte
	v := h.Sum64()
	for i := range sum {
		sum[i] = byte(v >> (8 * i))
	}
	return base64.RawURLEncoding.EncodeToString(append(sum[:], pos...))
}

// DecodeMarker returns the position a marker names, or false when the
// marker was not made by EncodeMarker for this scope (A0.20.5).
func DecodeMarker(scope, marker string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(marker)
	if err != nil || len(b) < 8 {
		return "", false
	}
	pos := string(b[8:])
	if EncodeMarker(scope, pos) != marker || strings.ContainsRune(pos, 0) {
		return "", false
	}
	return pos, true
}
