package sim_test

// The recorded sequences of ../shared/aws-observed/imports*.json replayed
// step by step: KeyMaterialState (CURRENT, NON_CURRENT, PENDING_ROTATION,
// PENDING_MULTI_REGION_IMPORT_AND_ROTATION), ImportState, ExpirationModel,
// ValidTo and key states as AWS reported them. Material IDs are replaced
// by labels (A, B, C: the first, second, third material of the recording).

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/mrksim/mrk/sim"
)

const (
	imPMR = "PENDING_MULTI_REGION_IMPORT_AND_ROTATION"
	imNew = types.ImportTypeNewKeyMaterial
)

func imNewType(in *kms.ImportKeyMaterialInput) { in.ImportType = imNew }

func imDesc(d string) func(*kms.ImportKeyMaterialInput) {
	return func(in *kms.ImportKeyMaterialInput) { in.KeyMaterialDescription = aws.String(d) }
}

func (o *otWorld) imDelete(region, id, materialID string) string {
	o.t.Helper()
	in := &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id)}
	if materialID != "" {
		in.KeyMaterialId = aws.String(materialID)
	}
	out, err := o.c(region).DeleteImportedKeyMaterial(otCtx, in)
	o.must("DeleteImportedKeyMaterial in "+region, err)
	return aws.ToString(out.KeyMaterialId)
}

func (o *otWorld) imRotate(id string) {
	o.t.Helper()
	out, err := o.c(otE1).RotateKeyOnDemand(otCtx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(id)})
	o.must("RotateKeyOnDemand", err)
	if aws.ToString(out.KeyId) != otARN(otE1, otAcct, id) {
		o.t.Errorf("R8.2.1: KeyId %s", aws.ToString(out.KeyId))
	}
}

// TestImportRecordingMultiRegion replays imports_multi_region.json (R7.2,
// R7.3, R7.5, R7.7, R7.10, R7.12, R8.3, A31.5).
func TestImportRecordingMultiRegion(t *testing.T) {
	o := otNew(t)
	id := o.imExternal(otE1, true, "", "")
	imSame(t, "multi_create", o.imMeta(otE1, id, nil), "PendingImport false  - -")
	pp := o.imParams(otE1, id, imOAEP256, imR2048)
	idA := o.imMustImport(otE1, id, pp, imMatA, imDesc("primary first")) // primary_first_import
	idB := mrkID(id, imMatB)
	n := map[string]string{idA: "A", idB: "B"}
	o.replicate(id, otE1, otW2) // replicate_imported_primary
	o.add(otCreating)
	imSame(t, "replica_pending_poll", o.imMeta(otW2, id, n), "PendingImport false  - A")
	imSame(t, "replica_missing_first_history", o.imRotations(otW2, id, n), []string{"A PENDING_IMPORT CURRENT primary first"})
	pw := o.imParams(otW2, id, imOAEP256, imR2048)
	imFails(t, o, "ImportKeyMaterial", imKM, "Imported key material does not have the expected identifier ("+idA+").", func() error {
		return otE(o.imImport(otW2, id, pw, imMatB, nil)) // replica_wrong_first
	})
	imFails(t, o, "ImportKeyMaterial", otVE, "Key material description can only be specified on primary Multi-Region keys", func() error {
		return otE(o.imImport(otW2, id, pw, imMatA, imDesc("replica first"))) // replica_first_import
	})
	imSame(t, "replica_first_history", o.imRotations(otW2, id, n), []string{"A PENDING_IMPORT CURRENT primary first"})
	if got := o.imMustImport(otE1, id, pp, imMatB, imNewType); got != idB { // primary_stage_second
		t.Errorf("A31.3.8: %s", got)
	}
	imSame(t, "primary_missing_replica_history", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE primary first", "B IMPORTED " + imPMR + " KEY_MATERIAL_DOES_NOT_EXPIRE"})
	imSame(t, "replica_missing_second_history", o.imRotations(otW2, id, n),
		[]string{"A PENDING_IMPORT CURRENT primary first", "B PENDING_IMPORT " + imPMR})
	imFails(t, o, "RotateKeyOnDemand", otIS, "Cannot perform key material rotation: Key material has not been imported for replicas of the Multi-Region key.", func() error {
		return otE(o.c(otE1).RotateKeyOnDemand(otCtx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(id)})) // rotate_before_replica_import
	})
	imFails(t, o, "ImportKeyMaterial", otVE, "Input parameter ImportType NEW_KEY_MATERIAL cannot be used on replica Multi-Region keys", func() error {
		return otE(o.imImport(otW2, id, pw, imMatB, imNewType)) // replica_new_type_rejected
	})
	// replica_delete_pending: the replica may delete a material it never imported; the primary keeps it.
	if got := o.imDelete(otW2, id, idB); got != idB {
		t.Errorf("A10.3.6: %s", got)
	}
	imSame(t, "primary_after_replica_pending_delete", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE primary first", "B IMPORTED " + imPMR + " KEY_MATERIAL_DOES_NOT_EXPIRE"})
	if got := o.imMustImport(otW2, id, pw, imMatB, nil); got != idB { // replica_restore_pending: omitted ImportType is EXISTING (O-28)
		t.Errorf("R7.10: %s", got)
	}
	// R7.10 step 3: every replica has it now.
	imSame(t, "R7.10 pending everywhere", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE primary first", "B IMPORTED PENDING_ROTATION KEY_MATERIAL_DOES_NOT_EXPIRE"})
	o.imDelete(otE1, id, idB) // delete_primary_pending: leaves every member (A10.5.1)
	imSame(t, "replica_after_primary_pending_delete", o.imRotations(otW2, id, n), []string{"A PENDING_IMPORT CURRENT primary first"})
	o.imMustImport(otE1, id, pp, imMatB, imNewType) // primary_restage_second: same ID again
	o.imMustImport(otW2, id, pw, imMatB, nil)       // replica_restage_second
	o.imRotate(id)                                  // rotate_imported_multi
	imSame(t, "multi_rotation_poll (in progress)", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE primary first", "B IMPORTED PENDING_ROTATION KEY_MATERIAL_DOES_NOT_EXPIRE"})
	o.add(imRotation)
	imSame(t, "multi_rotation_poll (done)", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED NON_CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE primary first", "B IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE ON_DEMAND"})
	imSame(t, "rotated_replica_history", o.imRotations(otW2, id, n),
		[]string{"A PENDING_IMPORT NON_CURRENT primary first", "B IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE ON_DEMAND"})
	o.imDelete(otW2, id, idA) // delete_replica_noncurrent
	imSame(t, "primary_after_replica_loss", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - B")
	imSame(t, "replica_after_replica_loss", o.imMeta(otW2, id, n), "PendingImport false  - B")
	if got := o.imMustImport(otW2, id, pw, imMatA, nil); got != idA { // restore_replica_noncurrent
		t.Errorf("R7.10: %s", got)
	}
	imSame(t, "R7.12 replica restored", o.imMeta(otW2, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - B")
	validTo := o.now().Add(20*time.Second + 926*time.Millisecond)
	o.imMustImport(otE1, id, pp, imMatB, func(in *kms.ImportKeyMaterialInput) { in.ExpirationModel, in.ValidTo = imEXP, aws.Time(validTo) })
	cut := validTo.Truncate(time.Second).UTC().Format(time.RFC3339Nano)
	imSame(t, "primary_expiry_poll (before)", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_EXPIRES "+cut+" B")
	o.add(21 * time.Second)
	imSame(t, "primary_expiry_poll (after)", o.imMeta(otE1, id, n), "PendingImport false  - B")
	imSame(t, "replica_after_primary_expiry", o.imMeta(otW2, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - B")
	// cleanup_us-east-1: a primary with a replica waits (T9).
	if out := o.schedule(otKey{otE1, id}, 7); out.KeyState != types.KeyStatePendingReplicaDeletion {
		t.Errorf("T9: %s", out.KeyState)
	}
}

// TestImportRecordingRotationReplica replays imports_rotation_replica.json:
// a replica that deletes its copy of the pending material while the
// rotation runs gets the new current material ID and PendingImport (R8.3.3,
// T18) until it imports the material again (T15).
func TestImportRecordingRotationReplica(t *testing.T) {
	o := otNew(t)
	id := o.imExternal(otE1, true, "", "")
	pp := o.imParams(otE1, id, imOAEP256, imR2048)
	idA := o.imMustImport(otE1, id, pp, imMatA, nil)
	o.replicate(id, otE1, otW2)
	o.add(otCreating)
	imSame(t, "replica_ready_poll", o.stateOf(otKey{otW2, id}), types.KeyStatePendingImport)
	pw := o.imParams(otW2, id, imOAEP256, imR2048)
	o.imMustImport(otW2, id, pw, imMatA, nil)
	idB := o.imMustImport(otE1, id, pp, imMatB, imNewType)
	n := map[string]string{idA: "A", idB: "B"}
	o.imMustImport(otW2, id, pw, imMatB, nil)
	start := o.now()
	o.imRotate(id)
	o.imDelete(otW2, id, idB) // delete_replica_pending
	if r := o.rotation(otE1, id); r.OnDemand == nil || !r.OnDemand.Equal(start) {
		t.Errorf("R8.2.4: status_after_replica_delete %+v", r)
	}
	o.add(imRotation)
	if r := o.rotation(otE1, id); r.OnDemand != nil {
		t.Errorf("R8.2.4: the rotation completed: %+v", r)
	}
	imSame(t, "after_rotation_metadata_us-east-1", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - B")
	imSame(t, "after_rotation_history_us-east-1", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED NON_CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE", "B IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE ON_DEMAND"})
	imEncrypt(t, o, otE1, id, "regional rotation")
	imSame(t, "after_rotation_metadata_us-west-2", o.imMeta(otW2, id, n), "PendingImport false  - B")
	imSame(t, "after_rotation_history_us-west-2", o.imRotations(otW2, id, n),
		[]string{"A IMPORTED NON_CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE", "B PENDING_IMPORT CURRENT ON_DEMAND"})
	imFails(t, o, "Encrypt", otIS, otARN(otW2, otAcct, id)+" is pending import.", func() error {
		return otE(o.c(otW2).Encrypt(otCtx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: []byte("x")}))
	})
	o.imMustImport(otW2, id, pw, imMatB, nil) // replica_restore
	imSame(t, "replica_restored_metadata", o.imMeta(otW2, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - B")
	// §10.6: the rotation is one RotateKey record in the primary's Region, imported origin.
	evs := o.w.Events(sim.EventFilter{EventName: "RotateKey"})
	if len(evs) != 1 || evs[0].AWSRegion != otE1 || !containsAll(string(evs[0].ServiceEventDetails), `"keyOrigin":"EXTERNAL"`, idA, idB, "ON_DEMAND") {
		t.Errorf("R10.6.1: RotateKey records %+v", evs)
	}
}

// TestImportRecordingRotationReplacement replays
// imports_rotation_replacement.json: what becomes current is decided when
// the rotation completes (R8.3.3).
func TestImportRecordingRotationReplacement(t *testing.T) {
	o := otNew(t)
	id := o.imExternal(otE1, false, "", "")
	p := o.imParams(otE1, id, imOAEP256, imR2048)
	idA := o.imMustImport(otE1, id, p, imMatA, nil)
	idB := o.imMustImport(otE1, id, p, imMatB, imNewType)
	start := o.now()
	o.imRotate(id)
	o.add(10 * time.Second)
	o.imDelete(otE1, id, idB) // delete_second
	if r := o.rotation(otE1, id); r.OnDemand == nil || !r.OnDemand.Equal(start) {
		t.Errorf("status_after_delete_second: %+v", r)
	}
	idC := o.imMustImport(otE1, id, p, imMatC, imNewType) // third_import_without_rotate
	n := map[string]string{idA: "A", idB: "B", idC: "C"}
	o.add(imRotation)
	imSame(t, "after_first_request_metadata", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - C")
	imSame(t, "after_first_request_history", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED NON_CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE", "C IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE ON_DEMAND"})
	imFails(t, o, "RotateKeyOnDemand", otIS, "No available key material pending rotation for the key: "+otARN(otE1, otAcct, id)+".", func() error {
		return otE(o.c(otE1).RotateKeyOnDemand(otCtx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(id)})) // rotate_third
	})
}

// TestImportRecordingRotationExpiry replays imports_rotation_expiry.json
// and imports_edges.json: a pending material that expired still becomes
// current, and the key goes to PendingImport (T18) where even old
// ciphertexts do not decrypt (R7.12); a pending material deleted during
// the rotation leaves the current one in place (R8.3.3).
func TestImportRecordingRotationExpiry(t *testing.T) {
	o := otNew(t)
	id := o.imExternal(otE1, false, "", "")
	p := o.imParams(otE1, id, imOAEP256, imR2048)
	idA := o.imMustImport(otE1, id, p, imMatA, nil)
	ct := imEncrypt(t, o, otE1, id, "old material")
	validTo := o.now().Add(17 * time.Second)
	// expiring_pending: ValidTo without ExpirationModel (A31.3.2).
	idB := o.imMustImport(otE1, id, p, imMatB, func(in *kms.ImportKeyMaterialInput) {
		in.ImportType, in.ExpirationModel, in.ValidTo = imNew, "", aws.Time(validTo)
	})
	n := map[string]string{idA: "A", idB: "B"}
	cut := validTo.Truncate(time.Second).UTC().Format(time.RFC3339Nano)
	o.add(20 * time.Second)
	imSame(t, "expired_pending_metadata", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - A")
	imSame(t, "expired_pending_history", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE", "B IMPORTED PENDING_ROTATION KEY_MATERIAL_EXPIRES " + cut})
	// imports_edges.json:pending_after_expiry_new (msg✓).
	imFails(t, o, "ImportKeyMaterial", imKM, "Key material (id: "+idB+") being imported as NEW_KEY_MATERIAL is already associated with KMS key "+otARN(otE1, otAcct, id)+".", func() error {
		return otE(o.imImport(otE1, id, p, imMatB, imNewType))
	})
	imEncrypt(t, o, otE1, id, "pending expiry") // encrypt_with_expired_pending
	o.imRotate(id)                              // rotate_expired_pending
	o.add(imRotation)
	imSame(t, "after_expired_rotation_metadata", o.imMeta(otE1, id, n), "PendingImport false  - B")
	imSame(t, "after_expired_rotation_history", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED NON_CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE", "B IMPORTED CURRENT KEY_MATERIAL_EXPIRES " + cut + " ON_DEMAND"})
	imFails(t, o, "Decrypt", otIS, otARN(otE1, otAcct, id)+" is pending import.", func() error {
		return otE(o.c(otE1).Decrypt(otCtx, &kms.DecryptInput{CiphertextBlob: ct})) // decrypt_initial_after_expired_rotation
	})
	if got := o.imMustImport(otE1, id, p, imMatB, nil); got != idB { // restore_expired_pending
		t.Errorf("%s", got)
	}
	imSame(t, "after_restore_metadata", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - B")
	imSame(t, "after_restore_history", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED NON_CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE", "B IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE ON_DEMAND"})
	dec, err := o.c(otE1).Decrypt(otCtx, &kms.DecryptInput{CiphertextBlob: ct}) // decrypt_initial_after_restore
	o.must("Decrypt", err)
	if string(dec.Plaintext) != "old material" || aws.ToString(dec.KeyMaterialId) != idA {
		t.Errorf("decrypt_initial_after_restore: %q %s", dec.Plaintext, aws.ToString(dec.KeyMaterialId))
	}
	idC := o.imMustImport(otE1, id, p, imMatC, imNewType) // third_import
	n[idC] = "C"
	o.imRotate(id)
	o.imDelete(otE1, id, idC) // delete_pending_during_rotation
	o.add(imRotation)
	imSame(t, "after_pending_delete_metadata", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - B")
	imSame(t, "after_pending_delete_history", o.imRotations(otE1, id, n),
		[]string{"A IMPORTED NON_CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE", "B IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE ON_DEMAND"})
	// R10.6.1: the pending material's expiry was a DeleteExpiredKeyMaterial service event.
	if evs := o.w.Events(sim.EventFilter{EventName: "DeleteExpiredKeyMaterial"}); len(evs) != 1 {
		t.Errorf("R7.6: %d DeleteExpiredKeyMaterial records", len(evs))
	}
}

// TestImportRecordingLifecycle replays imports.json on one single-Region
// key: descriptions, re-imports with old and new tokens, pending material
// deleted and restaged, the loss of a NON_CURRENT material (R7.12), a
// Disabled key enabled by a re-import (T15b), expiry, and deletion
// (R7.7, T11).
func TestImportRecordingLifecycle(t *testing.T) {
	o := otNew(t)
	id := o.imExternal(otE1, false, "", "")
	k := otKey{otE1, id}
	imSame(t, "symmetric_empty_history", o.imRotations(otE1, id, nil), []string(nil))
	p1 := o.imParams(otE1, id, imOAEP256, imR2048)
	p2 := o.imParams(otE1, id, imOAEP1, imR2048)
	idA := o.imMustImport(otE1, id, p1, imMatA, imDesc("first material")) // initial_import_old_token
	n := map[string]string{idA: "A"}
	imSame(t, "initial_metadata", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - A")
	imSame(t, "initial_history", o.imRotations(otE1, id, n), []string{"A IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE first material"})
	o.imMustImport(otE1, id, p1, imMatA, nil) // same_token_retry
	if _, err := o.imImportAlg(otE1, id, p2, imOAEP1, imMatA, nil); err != nil {
		t.Errorf("new_token_existing_material: %v", err)
	}
	idB := o.imMustImport(otE1, id, p1, imMatB, func(in *kms.ImportKeyMaterialInput) { // new_second_material
		in.ImportType, in.KeyMaterialDescription = imNew, aws.String("pending second")
	})
	n[idB] = "B"
	imSame(t, "pending_rotation_history", o.imRotations(otE1, id, n), []string{"A IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE first material",
		"B IMPORTED PENDING_ROTATION KEY_MATERIAL_DOES_NOT_EXPIRE pending second"})
	o.imDelete(otE1, id, idB) // delete_pending_rotation
	imSame(t, "after_delete_pending_metadata", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - A")
	imSame(t, "after_delete_pending_history", o.imRotations(otE1, id, n), []string{"A IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE first material"})
	if got := o.imMustImport(otE1, id, p1, imMatB, imNewType); got != idB { // restore_second_as_new
		t.Errorf("A31.3.8: %s", got)
	}
	o.imRotate(id) // rotate_imported
	imSame(t, "rotation_complete_poll (in progress)", o.imRotations(otE1, id, n), []string{"A IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE first material",
		"B IMPORTED PENDING_ROTATION KEY_MATERIAL_DOES_NOT_EXPIRE"})
	o.add(imRotation)
	imSame(t, "rotation_complete_poll (done)", o.imRotations(otE1, id, n), []string{"A IMPORTED NON_CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE first material",
		"B IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE ON_DEMAND"})
	o.imDelete(otE1, id, idA) // delete_noncurrent
	imSame(t, "missing_noncurrent_metadata", o.imMeta(otE1, id, n), "PendingImport false  - B")
	imFails(t, o, "Encrypt", otIS, k.arn()+" is pending import.", func() error { // missing_noncurrent_encrypt
		return otE(o.c(otE1).Encrypt(otCtx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: []byte("x")}))
	})
	imSame(t, "missing_noncurrent_history", o.imRotations(otE1, id, n), []string{"A PENDING_IMPORT NON_CURRENT first material",
		"B IMPORTED CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE ON_DEMAND"})
	o.imMustImport(otE1, id, p1, imMatA, func(in *kms.ImportKeyMaterialInput) { in.KeyMaterialId = aws.String(idA) }) // restore_noncurrent
	o.disable(k)                                                                                                      // disable_imported
	p3 := o.imParams(otE1, id, imOAEP256, imR2048)                                                                    // parameters_disabled
	if got := o.imMustImport(otE1, id, p3, imMatB, nil); got != idB {                                                 // reimport_disabled
		t.Errorf("%s", got)
	}
	imSame(t, "after_disabled_import (T15b)", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - B")
	o.enable(k) // enable_before_expiry
	validTo := o.now().Add(20*time.Second + 955*time.Millisecond)
	o.imMustImport(otE1, id, p3, imMatB, func(in *kms.ImportKeyMaterialInput) { in.ExpirationModel, in.ValidTo = imEXP, aws.Time(validTo) })
	cut := validTo.Truncate(time.Second).UTC().Format(time.RFC3339Nano)
	imSame(t, "material_expiry_poll (before)", o.imMeta(otE1, id, n), "Enabled true KEY_MATERIAL_EXPIRES "+cut+" B")
	o.add(21 * time.Second)
	imSame(t, "material_expiry_poll (after)", o.imMeta(otE1, id, n), "PendingImport false  - B")
	// expired_history: the expired material is still listed as IMPORTED with its ValidTo (R7.6).
	imSame(t, "expired_history", o.imRotations(otE1, id, n), []string{"A IMPORTED NON_CURRENT KEY_MATERIAL_DOES_NOT_EXPIRE first material",
		"B IMPORTED CURRENT KEY_MATERIAL_EXPIRES " + cut + " ON_DEMAND"})
	o.imMustImport(otE1, id, p3, imMatB, nil) // reimport_expired_current
	imSame(t, "reimport_expired_current", o.stateOf(k), types.KeyStateEnabled)
	if got := o.imDelete(otE1, id, ""); got != idB { // delete_current
		t.Errorf("A10.3.6: %s", got)
	}
	if got := o.imDelete(otE1, id, ""); got != idB { // delete_current_again
		t.Errorf("A10.3.6: %s", got)
	}
	o.schedule(k, 7) // schedule_missing_material
	o.cancel(k)      // cancel_missing_material
	imSame(t, "after_cancel_missing_material (T11)", o.imMeta(otE1, id, n), "PendingImport false  - B")
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
