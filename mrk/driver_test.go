package mrk

import (
	"slices"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
)

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
