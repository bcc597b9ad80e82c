package mrk

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
)

// testEntropy is the model tests' entropy: a seeded ChaCha8 stream when r
// is set, else bytes counted out by a simple formula with multiplier mul.
// n counts the bytes given, so a test can tell what an operation drew.
type testEntropy struct {
	r   *rand.ChaCha8
	mul int
	n   int
}

// countingEntropy gives byte i the value i*mul + i>>8.
func countingEntropy(mul int) *testEntropy { return &testEntropy{mul: mul} }

// seededEntropy is a ChaCha8 stream seeded with seed.
func seededEntropy(seed byte) *testEntropy {
	return &testEntropy{r: rand.NewChaCha8([32]byte{seed})}
}

func (e *testEntropy) Read(p []byte) (int, error) {
	if e.r != nil {
		e.n += len(p)
		return e.r.Read(p)
	}
	for i := range p {
		e.n++
		p[i] = byte(e.n*e.mul + e.n>>8)
	}
	return len(p), nil
}

// driver is what package sim's World does, in miniature, for the model's
// tests: a store on a mock clock, the timers its operations hand back, and
// the transitions those timers made. E is the test's entropy source.
type driver[E Entropy] struct {
	t      *testing.T
	s      *Store
	clk    *clock.Mock
	ent    E
	timers []Timer
	trs    []Transition
}

func newDriver[E Entropy](t *testing.T, cfg Config, start time.Time, ent E) driver[E] {
	clk := clock.NewMock()
	clk.Set(start)
	return driver[E]{t: t, s: NewStore(cfg), clk: clk, ent: ent}
}

func (w *driver[E]) must(what string, err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatalf("%s: %v", what, err)
	}
}

// advance moves the clock and fires every timer due by then, in due order.
func (w *driver[E]) advance(d time.Duration) {
	w.clk.Add(d)
	now := w.clk.Now()
	for {
		slices.SortStableFunc(w.timers, func(a, b Timer) int { return a.Due.Compare(b.Due) })
		if len(w.timers) == 0 || w.timers[0].Due.After(now) {
			return
		}
		t := w.timers[0]
		w.timers = w.timers[1:]
		trs, ts := w.s.Fire(t, w.ent)
		w.trs = append(w.trs, trs...)
		w.timers = append(w.timers, ts...)
	}
}
