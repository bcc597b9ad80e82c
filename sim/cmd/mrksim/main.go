// Command mrksim serves a simulated AWS KMS, multi-Region keys included,
// over the KMS JSON 1.1 protocol, for the aws CLI, boto3 and every SDK.
//
// Usage:
//
//	go run ./sim/cmd/mrksim [flags]
//
// It serves an in-memory world on 127.0.0.1:4599 by default. Point a client
// at it with an endpoint override (aws --endpoint-url http://127.0.0.1:4599
// kms ...); the Region of each request is the one the client signs for.
// Under /_mrksim/ it serves control endpoints: GET /_mrksim/clock,
// POST /_mrksim/clock/advance?by=<duration>, POST /_mrksim/reset.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/mrksim/mrk/sim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "mrksim:", err)
		os.Exit(1)
	}
}

// run parses flags, serves until ctx ends (SIGINT or SIGTERM in main), then
// shuts down cleanly; it reports the address it listens on through ready.
func run(ctx context.Context, args []string, stderr io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("mrksim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:4599", "address to listen on (host:port; port 0 picks a free one)")
	seed := fs.Uint64("seed", 1, "seed of the world's random stream: key IDs, key material, request IDs")
	account := fs.String("account", sim.DefaultAccount, "default account: every access key acts in it")
	creating := fs.Duration("creating", 5*time.Second, "how long a new replica stays Creating")
	updating := fs.Duration("updating", 10*time.Second, "how long UpdatePrimaryRegion's keys stay Updating")
	slack := fs.Duration("deletion-slack", 0, "extra time after a key's DeletionDate before it is removed")
	stale := fs.Duration("read-staleness", 0, "how long reads may see a key's state before a change (eventual consistency); 0 is off")
	clockMode := fs.String("clock", "wall", "wall: simulated time follows the wall clock, plus any advance;\nmanual: time starts at "+sim.DefaultStart.Format(time.RFC3339)+" and moves only by /_mrksim/clock/advance (fully reproducible)")
	level := fs.String("log-level", "info", "debug, info (one line per request), warn or error")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "mrksim serves a simulated AWS KMS with multi-Region keys over the KMS JSON 1.1 protocol.\n\n"+
			"Usage: mrksim [flags]\n\nClients sign requests as for AWS; the Region of the signature picks the Region.\n"+
			"Control endpoints: GET /_mrksim/clock, POST /_mrksim/clock/advance?by=90s, POST /_mrksim/reset.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return fmt.Errorf("-log-level: %v", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lv}))
	var clk clock.Clock
	switch *clockMode {
	case "wall":
		clk = &wallClock{Clock: clock.New()}
	case "manual":
		m := clock.NewMock()
		m.Set(sim.DefaultStart)
		clk = m
	default:
		return fmt.Errorf("-clock must be wall or manual, not %q", *clockMode)
	}
	w := sim.New(sim.Options{Seed: *seed, Clock: clk, Account: *account, ReplicaCreatingDuration: *creating,
		PrimaryUpdatingDuration: *updating, DeletionSlack: *slack, ReadStaleness: *stale})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: w.Handler(log), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("mrksim serving", "addr", ln.Addr().String(), "seed", *seed, "account", *account, "clock", *clockMode)
	if ready != nil {
		ready <- ln.Addr().String()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("mrksim shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// wallClock follows the wall clock, moved ahead by every Add: the server's
// time runs as real time does, and tests can still skip ahead.
type wallClock struct {
	clock.Clock
	offset atomic.Int64
}

func (c *wallClock) Now() time.Time                  { return c.Clock.Now().Add(time.Duration(c.offset.Load())) }
func (c *wallClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }
func (c *wallClock) Until(t time.Time) time.Duration { return t.Sub(c.Now()) }

// Add moves the clock forward by d.
func (c *wallClock) Add(d time.Duration) { c.offset.Add(int64(d)) }
