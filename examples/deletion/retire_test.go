package deletion_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/examples/deletion"
	"github.com/mrksim/mrk/fixtures"
	"github.com/mrksim/mrk/sim"
)

const day = 24 * time.Hour

// TestRetire: replicas go to PendingDeletion with their own DeletionDate,
// the primary to PendingReplicaDeletion with its window and no date
// (SPEC R6.4, R2.7); when the replicas are deleted the primary's window
// starts (A45.3.6), and when it ends the set is gone: each deletion is a
// DeleteKey service event in the key's Region (§10.2, R10.6.1).
func TestRetire(t *testing.T) {
	s := fixtures.SettledSet(t)
	w, ctx := s.World, s.World.Ctx
	client := func(r string) deletion.KMS { return w.Client(r) }
	if err := deletion.Retire(ctx, client, "eu-west-1", s.KeyID, 7); err != nil {
		t.Fatal(err)
	}
	start := w.Now()
	for _, r := range s.Replicas {
		md := s.Describe(t, r)
		if md.KeyState != types.KeyStatePendingDeletion || !md.DeletionDate.Equal(start.Add(7*day)) {
			t.Errorf("replica %s: %s, deletion %v", r, md.KeyState, md.DeletionDate)
		}
	}
	md := s.Describe(t, s.Primary)
	if md.KeyState != types.KeyStatePendingReplicaDeletion || aws.ToInt32(md.PendingDeletionWindowInDays) != 7 || md.DeletionDate != nil {
		t.Fatalf("primary: %s, window %v, deletion %v", md.KeyState, md.PendingDeletionWindowInDays, md.DeletionDate)
	}

	w.Clock.Add(7 * day) // the replicas' windows end
	for _, r := range s.Replicas {
		_, err := s.Clients[r].DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &s.KeyID})
		var nf *types.NotFoundException
		if !errors.As(err, &nf) {
			t.Errorf("replica %s after its window: %v", r, err)
		}
	}
	md = s.Describe(t, s.Primary)
	if md.KeyState != types.KeyStatePendingDeletion || !md.DeletionDate.Equal(start.Add(14*day)) {
		t.Fatalf("primary after its replicas: %s, deletion %v", md.KeyState, md.DeletionDate)
	}
	if err := fixtures.CheckInvariants(w.World); err != nil {
		t.Fatal(err)
	}

	w.Clock.Add(7 * day)
	if n := len(w.Snapshot().Keys); n != 0 {
		t.Errorf("%d keys left", n)
	}
	var got []string
	for _, e := range w.Events(sim.EventFilter{EventName: "DeleteKey"}) {
		got = append(got, fmt.Sprintf("%s %s %s", e.EventTime, e.AWSRegion, e.EventType))
	}
	at := func(d time.Duration) string { return start.Add(d).UTC().Format(time.RFC3339) }
	want := []string{
		at(7*day) + " us-west-2 AwsServiceEvent",
		at(7*day) + " eu-west-1 AwsServiceEvent",
		at(14*day) + " us-east-1 AwsServiceEvent",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("DeleteKey events (-want +got):\n%s", d)
	}
}

// TestCancelWhileWaitingForReplicas: the primary scheduled first waits in
// PendingReplicaDeletion (R6.4); cancelling brings it back Disabled (T11),
// and its replicas were never touched (R2.4.2).
func TestCancelWhileWaitingForReplicas(t *testing.T) {
	s := fixtures.PendingReplicaDeletionSet(t)
	ctx := s.World.Ctx
	if st := s.State(t, s.Primary); st != types.KeyStatePendingReplicaDeletion {
		t.Fatalf("primary %s", st)
	}
	s.World.Clock.Add(60 * day) // no replica is deleted, so the primary waits on
	if st := s.State(t, s.Primary); st != types.KeyStatePendingReplicaDeletion {
		t.Fatalf("primary after 60 days %s", st)
	}
	if _, err := s.Clients[s.Primary].CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: &s.KeyID}); err != nil {
		t.Fatal(err)
	}
	want := map[string]types.KeyState{"us-east-1": types.KeyStateDisabled, "us-west-2": types.KeyStateEnabled, "eu-west-1": types.KeyStateEnabled}
	for r, st := range want {
		if got := s.State(t, r); got != st {
			t.Errorf("%s: %s, want %s", r, got, st)
		}
	}
}
