package mrk

// slabChunk is how many values one slab chunk holds.
const slabChunk = 1024

// slab allocates values of T in chunks and recycles released ones. A world
// of a million keys then holds a few thousand large objects instead of
// millions of small ones, which keeps the garbage collector's marking work,
// and with it the cost of every call, flat as the world grows.
type slab[T any] struct {
	chunks [][]T
	used   int
	free   []*T
}

func (s *slab[T]) alloc() *T {
	if n := len(s.free); n > 0 {
		p := s.free[n-1]
		s.free = s.free[:n-1]
		return p
	}
	if len(s.chunks) == 0 || s.used == slabChunk {
		s.chunks = append(s.chunks, make([]T, slabChunk))
		s.used = 0
	}
	p := &s.chunks[len(s.chunks)-1][s.used]
	s.used++
	return p
}

// release zeroes p and makes it available again; nothing may use p after.
func (s *slab[T]) release(p *T) {
	var zero T
	*p = zero
	s.free = append(s.free, p)
}
