package sim

import (
	"container/heap"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/mrksim/mrk/mrk"
)

// DefaultAccount is the account of a world whose Options name none.
const DefaultAccount = "111122223333"

// DefaultStart is where the mock clock of a world built without a Clock starts.
var DefaultStart = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// Options configure a World. The zero value is a valid configuration.
type Options struct {
	// Seed fixes every random choice of the world: key IDs, key material
	// and request IDs.
	Seed uint64
	// Clock is the world's time. Nil means a new mock clock set to DefaultStart.
	Clock clock.Clock
	// Account is the default account; empty means DefaultAccount.
	Account string
	// Regions are the world's Regions; nil means mrk.DefaultRegions.
	Regions []string
	// RegionsWithoutMRK refuse multi-Region keys (SPEC O-9).
	RegionsWithoutMRK []string
	// RegionsWithoutHMAC refuse HMAC replicas; nil means the China Regions (R1.6.4).
	RegionsWithoutHMAC []string
	// ReplicaCreatingDuration, PrimaryUpdatingDuration and DeletionSlack set
	// the timing of SPEC §11; zero means the default (5 s, 10 s, 0).
	ReplicaCreatingDuration time.Duration
	PrimaryUpdatingDuration time.Duration
	DeletionSlack           time.Duration
	// KeysPerRegion is the key quota per account and Region; zero means 100,000.
	KeysPerRegion int
	// OnDemandRotationDuration is how long RotateKeyOnDemand takes to
	// complete; zero means the default, 2 min (SPEC §11, O-42).
	OnDemandRotationDuration time.Duration
	// AutoRotationConflictWindow: RotateKeyOnDemand fails with
	// ConflictException when an automatic rotation is due within it; zero
	// means the default, 20 min, and a negative value turns the check off
	// (R8.2.3).
	AutoRotationConflictWindow time.Duration
	// OnDemandRotationsPerKey is the number of on-demand rotations a key
	// set may have; zero means 25 (R8.2.2, O-34).
	OnDemandRotationsPerKey int
	// ReadStaleness makes the world eventually consistent (SPEC R11.5):
	// for this long after a key is created its reads answer
	// NotFoundException, and after an operation changes a key's state its
	// reads (the Describe, Get, List and cryptographic operations) see the
	// state before. Zero, the default, means every read sees every earlier
	// call.
	ReadStaleness time.Duration
	// NoEventLog turns the event log off (World.Events then returns
	// nothing). Request IDs then differ from a logging world's, whose event
	// IDs come from the same stream.
	NoEventLog bool
	// AccessKeys maps access key IDs to the callers of requests that arrive
	// over HTTP: an account ID (its root user), or the ARN of an IAM
	// identity as World.ClientAs takes, which acts in its own account. Any
	// other access key acts as the default account's root user.
	AccessKeys map[string]string
}

// World is a simulated AWS: accounts, Regions, KMS keys and a clock.
type World struct {
	mu       sync.Mutex
	opts     Options
	clk      clock.Clock
	store    *mrk.Store
	rng      *rand.ChaCha8
	reqRNG   *rand.ChaCha8
	sched    timerHeap
	seq      uint64
	history  []mrk.Transition
	events   eventLog
	usage    map[keyRef]keyUsage // GetKeyLastUsage's tracking, per member
	cur      *callEvent          // the event of the call in progress
	curBuf   callEvent
	scratch  []byte // buffers the event log renders requests into
	scratch2 []byte
	start    time.Time
}

// New returns a world configured by opts.
func New(opts Options) *World {
	if opts.Clock == nil {
		m := clock.NewMock()
		m.Set(DefaultStart)
		opts.Clock = m
	}
	if opts.Account == "" {
		opts.Account = DefaultAccount
	}
	w := &World{opts: opts, clk: opts.Clock, start: opts.Clock.Now()}
	w.init()
	return w
}

// init builds the world's state from its options: an empty store and the
// seeded streams at their start.
func (w *World) init() {
	opts := w.opts
	cfg := mrk.DefaultConfig()
	if opts.Regions != nil {
		cfg.Regions = opts.Regions
	}
	cfg.RegionsWithoutMRK = opts.RegionsWithoutMRK
	if opts.RegionsWithoutHMAC != nil {
		cfg.RegionsWithoutHMAC = opts.RegionsWithoutHMAC
	}
	if opts.ReplicaCreatingDuration > 0 {
		cfg.ReplicaCreatingDuration = opts.ReplicaCreatingDuration
	}
	if opts.PrimaryUpdatingDuration > 0 {
		cfg.PrimaryUpdatingDuration = opts.PrimaryUpdatingDuration
	}
	cfg.DeletionSlack = opts.DeletionSlack
	cfg.ReadStaleness = opts.ReadStaleness
	if opts.KeysPerRegion > 0 {
		cfg.KeysPerRegion = opts.KeysPerRegion
	}
	if opts.OnDemandRotationDuration > 0 {
		cfg.OnDemandRotationDuration = opts.OnDemandRotationDuration
	}
	if opts.AutoRotationConflictWindow != 0 {
		cfg.AutoRotationConflictWindow = opts.AutoRotationConflictWindow
	}
	if opts.OnDemandRotationsPerKey > 0 {
		cfg.OnDemandRotationLimit = opts.OnDemandRotationsPerKey
	}
	w.store = mrk.NewStore(cfg)
	w.rng, w.reqRNG = newStream(opts.Seed, "mrk/keys"), newStream(opts.Seed, "mrk/requests")
	w.sched, w.seq, w.history, w.events = nil, 0, nil, eventLog{}
	w.usage = map[keyRef]keyUsage{}
}

// Reset returns the world to its seeded start: no keys, the random streams
// rewound, and a mock clock set back to the time the world was made.
func (w *World) Reset() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if m, ok := w.clk.(*clock.Mock); ok {
		m.Set(w.start)
	}
	w.init()
	return nil
}

// Advancer is a clock that can be moved forward, such as *clock.Mock.
type Advancer interface {
	clock.Clock
	Add(time.Duration)
}

// Advance moves the world's clock forward by d and runs every transition
// due by then; it returns the new time. It fails when the clock is not an
// Advancer (a real clock's time is not ours to move).
func (w *World) Advance(d time.Duration) (time.Time, error) {
	m, ok := w.clk.(Advancer)
	if !ok {
		return time.Time{}, errors.New("the world's clock cannot be advanced: it is not a mock clock")
	}
	m.Add(d)
	return w.Now(), nil
}

// newStream derives an independent ChaCha8 stream from the seed and a label.
func newStream(seed uint64, label string) *rand.ChaCha8 {
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:8], seed)
	copy(s[8:], label)
	return rand.NewChaCha8(s)
}

// Clock returns the world's clock.
func (w *World) Clock() clock.Clock { return w.clk }

// Account returns the world's default account.
func (w *World) Account() string { return w.opts.Account }

// Now returns the world's current time after running every due transition.
func (w *World) Now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.catchUp()
}

// catchUp runs every scheduled transition due at the clock's time, in order
// of due time then scheduling order (R11.1), and returns that time. The
// caller holds w.mu.
func (w *World) catchUp() time.Time {
	now := w.clk.Now()
	for len(w.sched) > 0 && !w.sched[0].t.Due.After(now) {
		it := heap.Pop(&w.sched).(schedItem)
		trs, ts := w.store.Fire(it.t, w.rng)
		w.history = append(w.history, trs...)
		for _, tr := range trs {
			w.logService(tr)
			if tr.Cause == mrk.TimerDelete && tr.To == 0 {
				delete(w.usage, keyRef{tr.Account, tr.Region, tr.KeyID})
			}
		}
		w.schedule(ts)
	}
	return now
}

func (w *World) schedule(ts []mrk.Timer) {
	for _, t := range ts {
		w.seq++
		heap.Push(&w.sched, schedItem{t, w.seq})
	}
}

// Transitions returns every timed transition the world has run so far, in
// the order it ran them.
func (w *World) Transitions() []mrk.Transition {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.catchUp()
	return append([]mrk.Transition(nil), w.history...)
}

type schedItem struct {
	t   mrk.Timer
	seq uint64
}

type timerHeap []schedItem

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if c := h[i].t.Due.Compare(h[j].t.Due); c != 0 {
		return c < 0
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(schedItem)) }
func (h *timerHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = schedItem{} // drop the popped timer's strings for the GC
	*h = old[:len(old)-1]
	if len(*h) == 0 && cap(*h) > 1024 {
		*h = nil // release a backing array grown by a burst of timers
	}
	return it
}

// eventID draws the next event ID from the world's request stream.
func (w *World) eventID() [16]byte {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], w.reqRNG.Uint64())
	binary.LittleEndian.PutUint64(b[8:], w.reqRNG.Uint64())
	return b
}

// requestID draws the next request ID from the world's request stream.
func (w *World) requestID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], w.reqRNG.Uint64())
	binary.LittleEndian.PutUint64(b[8:], w.reqRNG.Uint64())
	return mrk.NewKeyID(b, false)
}
