package sim_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/benbjohnson/clock"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

// TestClientMatchesSDK: every operation method of *kms.Client exists on
// *sim.Client with the identical signature, so any interface a user wrote
// over *kms.Client is satisfied by the simulator's client.
func TestClientMatchesSDK(t *testing.T) {
	ct, st := reflect.TypeOf(&kms.Client{}), reflect.TypeOf(&sim.Client{})
	n := 0
	for i := 0; i < ct.NumMethod(); i++ {
		m := ct.Method(i)
		if m.Type.NumIn() != 4 || m.Type.In(1) != reflect.TypeOf((*context.Context)(nil)).Elem() {
			continue
		}
		n++
		sm, ok := st.MethodByName(m.Name)
		if !ok {
			t.Errorf("sim.Client lacks %s", m.Name)
			continue
		}
		for j := 1; j < m.Type.NumIn(); j++ {
			if sm.Type.In(j) != m.Type.In(j) {
				t.Errorf("%s: parameter %d is %v, want %v", m.Name, j, sm.Type.In(j), m.Type.In(j))
			}
		}
		for j := 0; j < m.Type.NumOut(); j++ {
			if sm.Type.NumOut() != m.Type.NumOut() || sm.Type.Out(j) != m.Type.Out(j) {
				t.Errorf("%s: results differ", m.Name)
			}
		}
	}
	if n < 54 {
		t.Fatalf("found only %d operations on *kms.Client", n)
	}
	// The interface a user would declare compiles against our client.
	type keyAPI interface {
		CreateKey(context.Context, *kms.CreateKeyInput, ...func(*kms.Options)) (*kms.CreateKeyOutput, error)
		ReplicateKey(context.Context, *kms.ReplicateKeyInput, ...func(*kms.Options)) (*kms.ReplicateKeyOutput, error)
		UpdatePrimaryRegion(context.Context, *kms.UpdatePrimaryRegionInput, ...func(*kms.Options)) (*kms.UpdatePrimaryRegionOutput, error)
	}
	var _ keyAPI = &kms.Client{}
	var _ keyAPI = &sim.Client{}
}

// TestUnimplementedIsTyped: an operation of a later issue fails with a
// typed UnsupportedOperationException that says so, never a silent success.
func TestUnimplementedIsTyped(t *testing.T) {
	w := sim.New(sim.Options{})
	c := w.Client("us-east-1")
	_, err := c.CreateCustomKeyStore(context.Background(), &kms.CreateCustomKeyStoreInput{})
	var uoe *types.UnsupportedOperationException
	if !errors.As(err, &uoe) || uoe.ErrorMessage() != "Not supported by the mrk simulator: custom key stores (CreateCustomKeyStore)" {
		t.Fatalf("CreateCustomKeyStore: %v", err)
	}
}

// lifecycle runs a fixed sequence of calls and returns every output and
// error, for the determinism test.
func lifecycle(t *testing.T, seed uint64) []any {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewMock()
	w := sim.New(sim.Options{Seed: seed, Clock: clk})
	east, west := w.Client("us-east-1"), w.Client("us-west-2")
	var got []any
	rec := func(out any, err error) {
		if err != nil {
			got = append(got, err.Error())
			return
		}
		got = append(got, out)
	}
	ck, err := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true), Description: aws.String("p")})
	if err != nil {
		t.Fatal(err)
	}
	rec(ck, nil)
	id := ck.KeyMetadata.KeyId
	rec(east.CreateKey(ctx, &kms.CreateKeyInput{KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify}))
	rec(east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("us-west-2")}))
	rec(east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("us-west-2")}))
	rec(east.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: id, RotationPeriodInDays: aws.Int32(90)}))
	clk.Add(time.Minute)
	rec(west.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id}))
	rec(east.UpdatePrimaryRegion(ctx, &kms.UpdatePrimaryRegionInput{KeyId: id, PrimaryRegion: aws.String("us-west-2")}))
	rec(east.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id}))
	clk.Add(100 * 24 * time.Hour)
	rec(west.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: id}))
	rec(east.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(7)}))
	rec(west.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(7)}))
	rec(west.ListKeys(ctx, &kms.ListKeysInput{}))
	clk.Add(30 * 24 * time.Hour)
	rec(west.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id}))
	got = append(got, w.Snapshot(), w.Transitions())
	return got
}

// TestDeterminism: two worlds with the same seed given the same calls give
// identical outputs (key IDs, material, dates, request IDs, errors, final
// state); another seed gives other IDs (issue 3, R1.1.4).
func TestDeterminism(t *testing.T) {
	a, b := lifecycle(t, 7), lifecycle(t, 7)
	opt := cmp.Exporter(func(reflect.Type) bool { return true })
	if d := cmp.Diff(a, b, opt); d != "" {
		t.Fatalf("same seed, different results (-a +b):\n%s", d)
	}
	ida := a[0].(*kms.CreateKeyOutput).KeyMetadata.KeyId
	reqA, _ := awsmiddleware.GetRequestIDMetadata(a[0].(*kms.CreateKeyOutput).ResultMetadata)
	c := lifecycle(t, 8)
	idc := c[0].(*kms.CreateKeyOutput).KeyMetadata.KeyId
	reqC, _ := awsmiddleware.GetRequestIDMetadata(c[0].(*kms.CreateKeyOutput).ResultMetadata)
	if *ida == *idc || reqA == reqC || reqA == "" {
		t.Fatalf("seeds 7 and 8 gave key IDs %s, %s and request IDs %q, %q", *ida, *idc, reqA, reqC)
	}
	if len(*ida) != 36 || (*ida)[:4] != "mrk-" {
		t.Fatalf("multi-Region key ID %q is not mrk- + 32 hex (R1.1.2)", *ida)
	}
}

// TestConcurrentUse: many goroutines share one world (run with -race).
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewMock()
	w := sim.New(sim.Options{Seed: 1, Clock: clk})
	regions := []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			c := w.Client(regions[g%len(regions)])
			for i := 0; i < 50; i++ {
				ck, err := c.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
				if err != nil {
					errs <- err
					return
				}
				dst := regions[(g+1)%len(regions)]
				if _, err := c.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: ck.KeyMetadata.KeyId, ReplicaRegion: &dst}); err != nil {
					errs <- err
					return
				}
				if g%4 == 0 {
					clk.Add(time.Second)
				}
				if _, err := w.Client(dst).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: ck.KeyMetadata.KeyId}); err != nil {
					errs <- err
					return
				}
				_ = w.Snapshot
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	s := w.Snapshot()
	if len(s.Keys) != 16*50*2 {
		t.Fatalf("%d keys, want %d", len(s.Keys), 16*50*2)
	}
	for _, k := range s.Keys {
		if k.State != "Enabled" {
			t.Fatalf("%s in %s is %s after the creating delay", k.KeyID, k.Region, k.State)
		}
	}
}

// TestStepInvariance: advancing the clock in one step or in many gives the
// same world (issue 3, R11.1).
func TestStepInvariance(t *testing.T) {
	run := func(steps []time.Duration) sim.Snapshot {
		ctx := context.Background()
		clk := clock.NewMock()
		w := sim.New(sim.Options{Seed: 3, Clock: clk})
		east := w.Client("us-east-1")
		ck, _ := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
		id := ck.KeyMetadata.KeyId
		for _, r := range []string{"us-west-2", "eu-west-1", "ap-southeast-1"} {
			if _, err := east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String(r)}); err != nil {
				t.Fatal(err)
			}
		}
		east.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: id, RotationPeriodInDays: aws.Int32(90)})
		east.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(7)})
		w.Client("us-west-2").ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(7)})
		w.Client("eu-west-1").ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(30)})
		w.Client("ap-southeast-1").ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(10)})
		for _, d := range steps {
			clk.Add(d)
		}
		return w.Snapshot()
	}
	day := 24 * time.Hour
	one := run([]time.Duration{200 * day})
	var many []time.Duration
	for i := 0; i < 400; i++ {
		many = append(many, day/2)
	}
	if d := cmp.Diff(one, run(many)); d != "" {
		t.Fatalf("one step vs many steps (-one +many):\n%s", d)
	}
	mid := run([]time.Duration{20 * day})
	if len(mid.Keys) != 2 {
		t.Fatalf("after 20 days want the primary (PendingReplicaDeletion) and the 30-day replica, got %+v", mid.Keys)
	}
	if len(one.Keys) != 0 {
		t.Fatalf("after 200 days every member is deleted (R6.6: 30 + 7 days), got %d keys", len(one.Keys))
	}
}

func ExampleWorld_Snapshot() {
	w := sim.New(sim.Options{Seed: 1})
	w.Client("us-east-1").CreateKey(context.Background(), &kms.CreateKeyInput{Description: aws.String("demo")})
	for _, k := range w.Snapshot().Keys {
		fmt.Println(k.Region, k.State, k.Description, len(k.KeyID))
	}
	// Output: us-east-1 Enabled demo 36
}
