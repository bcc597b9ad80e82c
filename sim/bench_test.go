package sim_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/benbjohnson/clock"
	"github.com/mrksim/mrk/sim"
)

var benchRegions = []string{"us-east-1", "us-west-2", "eu-west-1"}

// BenchmarkLifecycle is moto_bench.py's "lifecycle" workload: CreateKey
// (multi-Region) in us-east-1, ReplicateKey to us-west-2 and eu-west-1,
// DescribeKey in each of the 3 Regions twice: 9 calls per iteration,
// through the SDK-shaped methods.
func BenchmarkLifecycle(b *testing.B) {
	w := sim.New(sim.Options{Seed: 1, KeysPerRegion: 1 << 30})
	clients := map[string]lifecycleAPI{}
	for _, r := range benchRegions {
		clients[r] = w.Client(r)
	}
	lifecycle9(b, clients)
}

// BenchmarkLifecycleNoLog is BenchmarkLifecycle with the event log off:
// the two together measure what logging costs.
func BenchmarkLifecycleNoLog(b *testing.B) {
	w := sim.New(sim.Options{Seed: 1, KeysPerRegion: 1 << 30, NoEventLog: true})
	clients := map[string]lifecycleAPI{}
	for _, r := range benchRegions {
		clients[r] = w.Client(r)
	}
	lifecycle9(b, clients)
}

// lifecycleAPI is what the workload calls: *sim.Client and *kms.Client both
// satisfy it.
type lifecycleAPI interface {
	CreateKey(context.Context, *kms.CreateKeyInput, ...func(*kms.Options)) (*kms.CreateKeyOutput, error)
	ReplicateKey(context.Context, *kms.ReplicateKeyInput, ...func(*kms.Options)) (*kms.ReplicateKeyOutput, error)
	DescribeKey(context.Context, *kms.DescribeKeyInput, ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
}

// lifecycle9 runs the 9-call workload b.N times and reports calls/s.
func lifecycle9(b *testing.B, clients map[string]lifecycleAPI) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := clients["us-east-1"].CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
		if err != nil {
			b.Fatal(err)
		}
		id := out.KeyMetadata.KeyId
		for _, r := range benchRegions[1:] {
			if _, err := clients["us-east-1"].ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String(r)}); err != nil {
				b.Fatal(err)
			}
		}
		for j := 0; j < 2; j++ {
			for _, r := range benchRegions {
				if _, err := clients[r].DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.ReportMetric(float64(9*b.N)/b.Elapsed().Seconds(), "calls/s")
}

// populated builds (once per size) a world holding n key members: sets of a
// primary in us-east-1 with replicas in us-west-2 and eu-west-1, settled.
var populated = struct {
	sync.Mutex
	worlds map[int]*populatedWorld
}{worlds: map[int]*populatedWorld{}}

type populatedWorld struct {
	w         *sim.World
	ids       []string
	heapBytes uint64
}

func populate(b *testing.B, n int) *populatedWorld {
	populated.Lock()
	defer populated.Unlock()
	if p := populated.worlds[n]; p != nil {
		return p
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ctx := context.Background()
	clk := clock.NewMock()
	// The event log is off: heap-MiB measures the world's keys, not the
	// history of the million calls that built them.
	w := sim.New(sim.Options{Seed: 1, Clock: clk, KeysPerRegion: 1 << 30, NoEventLog: true})
	east := w.Client("us-east-1")
	p := &populatedWorld{w: w}
	for made := 0; made < n; {
		out, err := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
		if err != nil {
			b.Fatal(err)
		}
		made++
		p.ids = append(p.ids, *out.KeyMetadata.KeyId)
		for _, r := range benchRegions[1:] {
			if made == n {
				break
			}
			if _, err := east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: out.KeyMetadata.KeyId, ReplicaRegion: aws.String(r)}); err != nil {
				b.Fatal(err)
			}
			made++
		}
	}
	clk.Add(time.Minute)
	w.Now()
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	p.heapBytes = after.HeapAlloc - before.HeapAlloc
	populated.worlds[n] = p
	return p
}

// BenchmarkDescribeKey measures DescribeKey in worlds of 1,000 and
// 1,000,000 key members: its cost must stay flat as the world grows. The
// heap-MiB metric is the heap the populated world holds.
func BenchmarkDescribeKey(b *testing.B) {
	for _, n := range []int{1000, 1000000} {
		b.Run(sizeName(n), func(b *testing.B) {
			p := populate(b, n)
			ctx := context.Background()
			c := map[string]*sim.Client{}
			for _, r := range benchRegions {
				c[r] = p.w.Client(r)
			}
			in := make([]*kms.DescribeKeyInput, 1024)
			for i := range in {
				in[i] = &kms.DescribeKeyInput{KeyId: aws.String(p.ids[(i*7919)%len(p.ids)])}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c["us-east-1"].DescribeKey(ctx, in[i%len(in)]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(p.heapBytes)/(1<<20), "heap-MiB")
		})
	}
}

func sizeName(n int) string {
	if n >= 1000000 {
		return "keys=1M"
	}
	return "keys=1k"
}

// BenchmarkLifecycleInProcessHTTP: the lifecycle workload through the real
// *kms.Client with w.HTTPClient() (the whole SDK stack, no sockets).
func BenchmarkLifecycleInProcessHTTP(b *testing.B) {
	w := sim.New(sim.Options{Seed: 1, KeysPerRegion: 1 << 30})
	clients := map[string]lifecycleAPI{}
	for _, r := range benchRegions {
		clients[r] = realClient(r, "http://mrksim.invalid", w.HTTPClient())
	}
	lifecycle9(b, clients)
}

// BenchmarkLifecycleHTTP: the lifecycle workload through the real
// *kms.Client over loopback HTTP to the world's handler.
func BenchmarkLifecycleHTTP(b *testing.B) {
	w := sim.New(sim.Options{Seed: 1, KeysPerRegion: 1 << 30})
	url := serveLoopback(b, w)
	clients := map[string]lifecycleAPI{}
	for _, r := range benchRegions {
		clients[r] = realClient(r, url, nil)
	}
	lifecycle9(b, clients)
}
