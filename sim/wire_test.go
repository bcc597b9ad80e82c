package sim_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	smithy "github.com/aws/smithy-go"
	"github.com/benbjohnson/clock"
	"github.com/mrksim/mrk/sim"
)

// testCreds are static credentials for the real SDK client; the simulator
// reads only the access key and the Region of the signature's scope.
var testCreds = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", Source: "test"}, nil
})

// realClient returns an aws-sdk-go-v2 *kms.Client for a Region that talks to
// the world through hc (in process) or at url (loopback).
func realClient(region, url string, hc kms.HTTPClient) *kms.Client {
	return kms.New(kms.Options{Region: region, Credentials: testCreds, HTTPClient: hc,
		BaseEndpoint: aws.String(url), RetryMaxAttempts: 1})
}

// serveLoopback starts the world's handler on a free loopback port.
func serveLoopback(t testing.TB, w *sim.World) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: w.Handler(nil)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// TestRealClientLifecycle runs the multi-Region lifecycle through the real
// *kms.Client, in process and over loopback HTTP (issue 4).
func TestRealClientLifecycle(t *testing.T) {
	for _, mode := range []string{"in-process", "loopback"} {
		t.Run(mode, func(t *testing.T) {
			ctx := context.Background()
			clk := clock.NewMock()
			w := sim.New(sim.Options{Seed: 5, Clock: clk})
			url, hc := "http://mrksim.invalid", kms.HTTPClient(w.HTTPClient())
			if mode == "loopback" {
				url, hc = serveLoopback(t, w), http.DefaultClient
			}
			east, west := realClient("us-east-1", url, hc), realClient("us-west-2", url, hc)
			ck, err := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true), Description: aws.String("p"),
				Tags: []types.Tag{{TagKey: aws.String("team"), TagValue: aws.String("core")}}})
			if err != nil {
				t.Fatal(err)
			}
			id := ck.KeyMetadata.KeyId
			md := ck.KeyMetadata
			if !md.Enabled || md.MultiRegionConfiguration == nil || md.MultiRegionConfiguration.ReplicaKeys == nil ||
				len(md.MultiRegionConfiguration.ReplicaKeys) != 0 || md.CurrentKeyMaterialId == nil {
				t.Fatalf("CreateKey metadata over the wire: %+v", md)
			}
			rep, err := east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("us-west-2")})
			if err != nil {
				t.Fatal(err)
			}
			if rep.ReplicaKeyMetadata.KeyState != types.KeyStateCreating || rep.ReplicaTags != nil || *rep.ReplicaPolicy == "" {
				t.Fatalf("ReplicateKey: %+v", rep)
			}
			_, err = west.EnableKey(ctx, &kms.EnableKeyInput{KeyId: id})
			var ise *types.KMSInvalidStateException
			if !errors.As(err, &ise) || ise.ErrorMessage() != *rep.ReplicaKeyMetadata.Arn+" is creating." {
				t.Fatalf("EnableKey on a Creating replica: %v", err)
			}
			if _, err := w.Advance(5 * time.Second); err != nil {
				t.Fatal(err)
			}
			d, err := west.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
			if err != nil || d.KeyMetadata.KeyState != types.KeyStateEnabled || !d.KeyMetadata.Enabled {
				t.Fatalf("replica after the creating delay: %v %+v", err, d)
			}
			if !d.KeyMetadata.CreationDate.Equal(clk.Now().Add(-5 * time.Second)) {
				t.Fatalf("CreationDate %v", d.KeyMetadata.CreationDate)
			}
			if _, err := east.UpdatePrimaryRegion(ctx, &kms.UpdatePrimaryRegionInput{KeyId: id, PrimaryRegion: aws.String("us-west-2")}); err != nil {
				t.Fatal(err)
			}
			d, _ = east.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
			if d.KeyMetadata.KeyState != types.KeyStateUpdating || d.KeyMetadata.MultiRegionConfiguration.MultiRegionKeyType != types.MultiRegionKeyTypeReplica {
				t.Fatalf("former primary while Updating: %+v", d.KeyMetadata)
			}
			clk.Add(10 * time.Second)
			sk, err := east.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(7)})
			if err != nil || sk.KeyState != types.KeyStatePendingDeletion || sk.DeletionDate == nil {
				t.Fatalf("ScheduleKeyDeletion replica: %v %+v", err, sk)
			}
			sp, err := west.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(7)})
			if err != nil || sp.KeyState != types.KeyStatePendingReplicaDeletion || sp.DeletionDate != nil || aws.ToInt32(sp.PendingWindowInDays) != 7 {
				t.Fatalf("ScheduleKeyDeletion primary: %v %+v", err, sp)
			}
			clk.Add(14 * 24 * time.Hour)
			_, err = west.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
			var nf *types.NotFoundException
			if !errors.As(err, &nf) {
				t.Fatalf("after 14 days the set is gone (R6.7): %v", err)
			}
			_, err = east.UpdateKeyDescription(ctx, &kms.UpdateKeyDescriptionInput{KeyId: aws.String("alias/x"), Description: aws.String("")})
			var iae *types.InvalidArnException
			if !errors.As(err, &iae) {
				t.Fatalf("alias on UpdateKeyDescription: %v", err)
			}
			_, err = east.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String("mrk-00000000000000000000000000000001"), PendingWindowInDays: aws.Int32(3)})
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationException" {
				t.Fatalf("window 3: %v", err)
			}
		})
	}
}
