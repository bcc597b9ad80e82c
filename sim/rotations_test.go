package sim_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	smithy "github.com/aws/smithy-go"
	"github.com/benbjohnson/clock"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

// TestListKeyRotations: the set's materials, oldest first, with the
// called member's ARN (R8.4.1, R8.4.3, A35.3), recorded shapes of
// rotation.json (initial_list, initial_all, page_first, invalid_marker,
// hmac_list-key-rotations, alias_list-key-rotations) and
// imports_families.json:HMAC_224_history.
func TestListKeyRotations(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewMock()
	w := sim.New(sim.Options{Seed: 8, Clock: clk})
	east, west := w.Client("us-east-1"), w.Client("us-west-2")
	ck, _ := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	id := ck.KeyMetadata.KeyId
	first := *ck.KeyMetadata.CurrentKeyMaterialId
	east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("us-west-2")})

	only, err := east.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: id})
	if err != nil || only.Rotations == nil || len(only.Rotations) != 0 || only.Truncated {
		t.Fatalf("initial_list: %v %+v", err, only)
	}
	all, _ := east.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: id, IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial})
	want := []types.RotationsListEntry{{KeyId: ck.KeyMetadata.Arn, KeyMaterialId: &first, KeyMaterialState: types.KeyMaterialStateCurrent}}
	if d := cmp.Diff(want, all.Rotations, cmp.AllowUnexported(types.RotationsListEntry{})); d != "" {
		t.Fatalf("initial_all (-want +got):\n%s", d)
	}

	east.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: id, RotationPeriodInDays: aws.Int32(90)})
	start := clk.Now()
	clk.Add(91 * 24 * time.Hour)
	rot, _ := west.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: id})
	d, _ := west.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id})
	if len(rot.Rotations) != 1 || *rot.Rotations[0].KeyId != *d.KeyMetadata.Arn || rot.Rotations[0].RotationType != types.RotationTypeAutomatic ||
		*rot.Rotations[0].KeyMaterialId != *d.KeyMetadata.CurrentKeyMaterialId || !rot.Rotations[0].RotationDate.Equal(start.Add(90*24*time.Hour)) {
		t.Fatalf("replica's history after an automatic rotation (R8.4.3): %+v", rot.Rotations)
	}

	page1, _ := west.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: id, IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial, Limit: aws.Int32(1)})
	if len(page1.Rotations) != 1 || !page1.Truncated || page1.NextMarker == nil || page1.Rotations[0].KeyMaterialState != types.KeyMaterialStateNonCurrent || page1.Rotations[0].RotationDate != nil {
		t.Fatalf("page_first: %+v", page1)
	}
	page2, _ := west.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: id, IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial, Marker: page1.NextMarker})
	if len(page2.Rotations) != 1 || page2.Truncated || page2.NextMarker != nil || page2.Rotations[0].KeyMaterialState != types.KeyMaterialStateCurrent {
		t.Fatalf("page_second: %+v", page2)
	}

	hm, _ := east.CreateKey(ctx, &kms.CreateKeyInput{KeySpec: types.KeySpecHmac224, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	empty, err := east.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: hm.KeyMetadata.KeyId})
	if err != nil || len(empty.Rotations) != 0 {
		t.Fatalf("hmac_list-key-rotations: %v %+v", err, empty)
	}
	fails := []struct {
		name, code, msg string
		in              *kms.ListKeyRotationsInput
		c               *sim.Client
	}{
		{"imports_families.json:HMAC_224_history", "ValidationException", "Input parameter includeKeyMaterial can only be used with symmetric keys.",
			&kms.ListKeyRotationsInput{KeyId: hm.KeyMetadata.KeyId, IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial}, east},
		{"rotation.json:alias_list-key-rotations", "InvalidArnException", "Key Aliases are not supported for this operation.",
			&kms.ListKeyRotationsInput{KeyId: aws.String("alias/x")}, east},
		{"rotation.json:invalid_marker", "InvalidMarkerException", "", &kms.ListKeyRotationsInput{KeyId: id, Marker: aws.String("garbage")}, west},
		{"A0.20.5 a marker of another listing", "InvalidMarkerException", "", &kms.ListKeyRotationsInput{KeyId: id, Marker: page1.NextMarker}, west},
		{"A0.10 limit", "ValidationException", "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
			&kms.ListKeyRotationsInput{KeyId: id, Limit: aws.Int32(0)}, west},
	}
	for _, f := range fails {
		before := w.Snapshot()
		_, err := f.c.ListKeyRotations(ctx, f.in)
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != f.code || ae.ErrorMessage() != f.msg {
			t.Errorf("%s: %v", f.name, err)
		}
		if d := cmp.Diff(before, w.Snapshot()); d != "" {
			t.Errorf("%s changed the world:\n%s", f.name, d)
		}
	}
}
