package sim_test

// Imported key material (SPEC §7, §8.3, §8.4; SPEC-API §A10, §A29, §A31):
// the workflow across Regions on the world's clock, every wrapping
// algorithm, the errors, and the recorded sequences of imports*.json.

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	smithy "github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/mrk"
	"github.com/mrksim/mrk/sim"
)

const (
	imIC = "InvalidCiphertextException"
	imIT = "InvalidImportTokenException"
	imET = "ExpiredImportTokenException"
	imKM = "IncorrectKeyMaterialException"

	imOAEP1   = types.AlgorithmSpecRsaesOaepSha1
	imOAEP256 = types.AlgorithmSpecRsaesOaepSha256
	imKW1     = types.AlgorithmSpecRsaAesKeyWrapSha1
	imKW256   = types.AlgorithmSpecRsaAesKeyWrapSha256
	imPKCS1   = types.AlgorithmSpecRsaesPkcs1V15
	imR2048   = types.WrappingKeySpecRsa2048
	imR3072   = types.WrappingKeySpecRsa3072
	imR4096   = types.WrappingKeySpecRsa4096

	imDNE = types.ExpirationModelTypeKeyMaterialDoesNotExpire
	imEXP = types.ExpirationModelTypeKeyMaterialExpires

	imRotation = 2 * time.Minute // OnDemandRotationDuration default (R11.3)
)

var (
	imMatA = bytes.Repeat([]byte{0xA1}, 32)
	imMatB = bytes.Repeat([]byte{0xB2}, 32)
	imMatC = bytes.Repeat([]byte{0xC3}, 32)
	imMatD = bytes.Repeat([]byte{0xD4}, 32)
)

// imCheck checks a failed call's code, exact message and typed error; the
// import errors are checked here, the others by otCheck.
func imCheck(t *testing.T, op string, err error, code, msg string) {
	t.Helper()
	var typed bool
	switch code {
	case imIC:
		var e *types.InvalidCiphertextException
		typed = errors.As(err, &e)
	case imIT:
		var e *types.InvalidImportTokenException
		typed = errors.As(err, &e)
	case imET:
		var e *types.ExpiredImportTokenException
		typed = errors.As(err, &e)
	case imKM:
		var e *types.IncorrectKeyMaterialException
		typed = errors.As(err, &e)
	default:
		otCheck(t, op, err, otErr(code, msg))
		return
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Errorf("%s: %v, want %s %q", op, err, code, msg)
		return
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != msg {
		t.Errorf("%s failed with %s %q, want %s %q", op, ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
	if !typed {
		t.Errorf("A0.8.4: %s error %s is not the SDK's typed error", op, code)
	}
}

// imFails runs a call that must fail with code and msg and leave the world
// unchanged (A0.11.3).
func imFails(t *testing.T, o *otWorld, op, code, msg string, call func() error) {
	t.Helper()
	before := o.w.Snapshot()
	err := call()
	imCheck(t, op, err, code, msg)
	if d := cmp.Diff(before, o.w.Snapshot()); d != "" {
		t.Errorf("A0.11.3: failed %s changed the world (-before +after):\n%s", op, d)
	}
}

// imWrap wraps material client-side as AWS's documentation says: RSA-OAEP
// with the public key, or for RSA_AES_KEY_WRAP an OAEP-wrapped ephemeral
// AES-256 key followed by RFC 5649 wrapping of the material.
func imWrap(t *testing.T, p *kms.GetParametersForImportOutput, alg types.AlgorithmSpec, material []byte) []byte {
	t.Helper()
	pk, err := x509.ParsePKIXPublicKey(p.PublicKey)
	if err != nil {
		t.Fatalf("A29.3.8: PublicKey is not a DER SubjectPublicKeyInfo: %v", err)
	}
	pub := pk.(*rsa.PublicKey)
	var h hash.Hash = sha256.New()
	if alg == imOAEP1 || alg == imKW1 {
		h = sha1.New()
	}
	if alg == imOAEP1 || alg == imOAEP256 {
		ct, err := rsa.EncryptOAEP(h, rand.Reader, pub, material, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ct
	}
	aesKey := make([]byte, 32)
	rand.Read(aesKey)
	head, err := rsa.EncryptOAEP(h, rand.Reader, pub, aesKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	tail, err := mrk.KeyWrapPad(aesKey, material)
	if err != nil {
		t.Fatal(err)
	}
	return append(head, tail...)
}

// imParams is a successful GetParametersForImport.
func (o *otWorld) imParams(region, id string, alg types.AlgorithmSpec, spec types.WrappingKeySpec) *kms.GetParametersForImportOutput {
	o.t.Helper()
	p, err := o.c(region).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(id),
		WrappingAlgorithm: alg, WrappingKeySpec: spec})
	o.must("GetParametersForImport in "+region, err)
	return p
}

// imImport imports material with OAEP-SHA-256 parameters p (mod may adjust
// the input; the default is KEY_MATERIAL_DOES_NOT_EXPIRE).
func (o *otWorld) imImport(region, id string, p *kms.GetParametersForImportOutput, material []byte, mod func(*kms.ImportKeyMaterialInput)) (*kms.ImportKeyMaterialOutput, error) {
	return o.imImportAlg(region, id, p, imOAEP256, material, mod)
}

func (o *otWorld) imImportAlg(region, id string, p *kms.GetParametersForImportOutput, alg types.AlgorithmSpec, material []byte, mod func(*kms.ImportKeyMaterialInput)) (*kms.ImportKeyMaterialOutput, error) {
	o.t.Helper()
	in := &kms.ImportKeyMaterialInput{KeyId: aws.String(id), ImportToken: p.ImportToken,
		EncryptedKeyMaterial: imWrap(o.t, p, alg, material), ExpirationModel: imDNE}
	if mod != nil {
		mod(in)
	}
	return o.c(region).ImportKeyMaterial(otCtx, in)
}

// imMustImport imports and returns the KeyMaterialId.
func (o *otWorld) imMustImport(region, id string, p *kms.GetParametersForImportOutput, material []byte, mod func(*kms.ImportKeyMaterialInput)) string {
	o.t.Helper()
	out, err := o.imImport(region, id, p, material, mod)
	o.must("ImportKeyMaterial in "+region, err)
	if want := otARN(region, otAcct, id); aws.ToString(out.KeyId) != want {
		o.t.Errorf("A31.3.9: KeyId %s, want %s", aws.ToString(out.KeyId), want)
	}
	return aws.ToString(out.KeyMaterialId)
}

// imExternal creates an EXTERNAL key.
func (o *otWorld) imExternal(region string, multi bool, spec types.KeySpec, usage types.KeyUsageType) string {
	return *o.create(region, &kms.CreateKeyInput{Origin: types.OriginTypeExternal, MultiRegion: aws.Bool(multi),
		KeySpec: spec, KeyUsage: usage}).KeyId
}

// imRotations renders a member's ListKeyRotations (ALL_KEY_MATERIAL) as
// "label ImportState KeyMaterialState ExpirationModel ValidTo RotationType
// description", material IDs replaced by the labels of names.
func (o *otWorld) imRotations(region, id string, names map[string]string) []string {
	o.t.Helper()
	out, err := o.c(region).ListKeyRotations(otCtx, &kms.ListKeyRotationsInput{KeyId: aws.String(id),
		IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial})
	o.must("ListKeyRotations", err)
	var rs []string
	for _, r := range out.Rotations {
		if aws.ToString(r.KeyId) != otARN(region, otAcct, id) {
			o.t.Errorf("R8.4.1: entry KeyId %s", aws.ToString(r.KeyId))
		}
		label, ok := names[aws.ToString(r.KeyMaterialId)]
		if !ok {
			label = "?" + aws.ToString(r.KeyMaterialId)
		}
		parts := []string{label, string(r.ImportState), string(r.KeyMaterialState), string(r.ExpirationModel)}
		if r.ValidTo != nil {
			parts = append(parts, r.ValidTo.UTC().Format(time.RFC3339Nano))
		}
		if (r.RotationType == "") != (r.RotationDate == nil) {
			o.t.Errorf("R8.4.1: RotationType %q with RotationDate %v", r.RotationType, r.RotationDate)
		}
		parts = append(parts, string(r.RotationType), aws.ToString(r.KeyMaterialDescription))
		rs = append(rs, strings.Join(strings.Fields(strings.Join(parts, " ")), " "))
	}
	return rs
}

// imMeta renders DescribeKey's import facts: "state enabled model validTo
// current".
func (o *otWorld) imMeta(region, id string, names map[string]string) string {
	o.t.Helper()
	m := o.describe(region, id)
	vt := "-"
	if m.ValidTo != nil {
		vt = m.ValidTo.UTC().Format(time.RFC3339Nano)
	}
	cur := "-"
	if m.CurrentKeyMaterialId != nil {
		cur = names[*m.CurrentKeyMaterialId]
		if cur == "" {
			cur = "?" + *m.CurrentKeyMaterialId
		}
	}
	return fmt.Sprintf("%s %t %s %s %s", m.KeyState, m.Enabled, m.ExpirationModel, vt, cur)
}

func imSame(t *testing.T, what string, got, want any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

func imEncrypt(t *testing.T, o *otWorld, region, id string, pt string) []byte {
	t.Helper()
	out, err := o.c(region).Encrypt(otCtx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: []byte(pt)})
	o.must("Encrypt in "+region, err)
	return out.CiphertextBlob
}

func imDecrypts(t *testing.T, o *otWorld, region string, ct []byte, want string) {
	t.Helper()
	out, err := o.c(region).Decrypt(otCtx, &kms.DecryptInput{CiphertextBlob: ct})
	if err != nil {
		t.Errorf("R9: Decrypt in %s: %v", region, err)
		return
	}
	if string(out.Plaintext) != want {
		t.Errorf("Decrypt in %s gave %q, want %q", region, out.Plaintext, want)
	}
}

// TestImportWorkflowMultiRegion: an EXTERNAL multi-Region primary and two
// replicas, each with its own parameters, the same material imported into
// each (R7.3, R7.4), cryptography across Regions (§9), foreign material
// refused (R7.5), token expiry (R7.4), ValidTo expiry of one member
// (R7.6, T16) and DeleteImportedKeyMaterial of one member (R7.7).
func TestImportWorkflowMultiRegion(t *testing.T) {
	o := otNew(t)
	id := o.imExternal(otE1, true, "", "")
	p := otKey{otE1, id}
	// R7.2, [OBS-AWS imports_multi_region.json:replicate_pending_import]: a pending primary cannot be replicated.
	imFails(t, o, "ReplicateKey", otIS, p.arn()+" is pending import.", func() error {
		return otE(o.c(otE1).ReplicateKey(otCtx, &kms.ReplicateKeyInput{KeyId: aws.String(id), ReplicaRegion: aws.String(otW2)}))
	})
	pp := o.imParams(otE1, id, imOAEP256, imR2048)
	idA := o.imMustImport(otE1, id, pp, imMatA, nil)
	if len(idA) != 64 {
		t.Fatalf("A31.3.9: KeyMaterialId %q", idA)
	}
	names := map[string]string{idA: "A"}
	rep := o.replicate(id, otE1, otW2)
	// A41: a Creating replica of an EXTERNAL primary shows the primary's model, no ValidTo, no CurrentKeyMaterialId.
	if m := rep.ReplicaKeyMetadata; m.KeyState != types.KeyStateCreating || m.ExpirationModel != imDNE || m.ValidTo != nil || m.CurrentKeyMaterialId != nil {
		t.Errorf("ReplicaKeyMetadata: %s %s %v %v", m.KeyState, m.ExpirationModel, m.ValidTo, m.CurrentKeyMaterialId)
	}
	o.replicate(id, otE1, otEU)
	o.add(otCreating)
	for _, r := range []string{otW2, otEU} {
		// T5, R7.3: replicas leave Creating for PendingImport, listing the set's material as PENDING_IMPORT.
		imSame(t, "R7.3 replica "+r, o.imMeta(r, id, names), "PendingImport false  - A")
		imSame(t, "R7.3 replica history "+r, o.imRotations(r, id, names), []string{"A PENDING_IMPORT CURRENT"})
	}
	pw := o.imParams(otW2, id, imOAEP256, imR2048)
	pe := o.imParams(otEU, id, imOAEP1, imR2048)
	// R7.5: other material is refused with the expected identifier.
	imFails(t, o, "ImportKeyMaterial", imKM, "Imported key material does not have the expected identifier ("+idA+").", func() error {
		return otE(o.imImport(otW2, id, pw, imMatB, nil))
	})
	// R7.4, A29.5.1: the primary's token cannot import into a replica.
	imFails(t, o, "ImportKeyMaterial", imIT, "", func() error { return otE(o.imImport(otW2, id, pp, imMatA, nil)) })
	if got := o.imMustImport(otW2, id, pw, imMatA, nil); got != idA {
		t.Errorf("R7.13: replica's KeyMaterialId %s, want the primary's %s", got, idA)
	}
	out, err := o.imImportAlg(otEU, id, pe, imOAEP1, imMatA, nil)
	o.must("ImportKeyMaterial eu", err)
	if aws.ToString(out.KeyMaterialId) != idA {
		t.Errorf("R7.13: %s", aws.ToString(out.KeyMaterialId))
	}
	for _, r := range []string{otE1, otW2, otEU} {
		imSame(t, "T15 "+r, o.imMeta(r, id, names), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - A")
	}
	// §9: encrypt in one Region, decrypt in the others.
	ct := imEncrypt(t, o, otE1, id, "across regions")
	ctW := imEncrypt(t, o, otW2, id, "from the west")
	for _, r := range []string{otE1, otW2, otEU} {
		imDecrypts(t, o, r, ct, "across regions")
		imDecrypts(t, o, r, ctW, "from the west")
	}

	// R7.4: a token is valid for 24 hours of the world's clock.
	if want := o.now().Add(-2 * otCreating).Add(24 * time.Hour); pp.ParametersValidTo == nil || pp.ParametersValidTo.Before(want) {
		t.Errorf("A29.3.7: ParametersValidTo %v", pp.ParametersValidTo)
	}
	late := o.imParams(otW2, id, imOAEP256, imR2048)
	o.add(24 * time.Hour)
	imFails(t, o, "ImportKeyMaterial", imET, "The request was rejected because the specified import token is expired. Use GetParametersForImport to get a new import token and public key, use the new public key to encrypt the key material, and then try the request again.", func() error {
		return otE(o.imImport(otW2, id, late, imMatA, nil))
	})

	// R7.6: ValidTo expires the material of one member on the world's clock.
	pw = o.imParams(otW2, id, imOAEP256, imR2048)
	validTo := o.now().Add(time.Hour + 926*time.Millisecond)
	o.imMustImport(otW2, id, pw, imMatA, func(in *kms.ImportKeyMaterialInput) {
		in.ExpirationModel, in.ValidTo = imEXP, aws.Time(validTo)
	})
	cut := validTo.Truncate(time.Second) // A31.3.8
	imSame(t, "R7.6 before expiry", o.imMeta(otW2, id, names), "Enabled true KEY_MATERIAL_EXPIRES "+cut.UTC().Format(time.RFC3339Nano)+" A")
	o.at(cut.Add(-time.Millisecond))
	imSame(t, "R7.6 just before ValidTo", o.stateOf(otKey{otW2, id}), types.KeyStateEnabled)
	o.at(cut)
	imSame(t, "R7.6 at ValidTo", o.imMeta(otW2, id, names), "PendingImport false  - A")
	// R7.7: on a member already PendingImport (its material expired),
	// DeleteImportedKeyMaterial succeeds and changes nothing.
	before := o.w.Snapshot()
	_, err = o.c(otW2).DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id)})
	o.must("DeleteImportedKeyMaterial on PendingImport", err)
	if d := cmp.Diff(before.Keys, o.w.Snapshot().Keys); d != "" {
		t.Errorf("R7.7: DeleteImportedKeyMaterial on a PendingImport member changed keys (-before +after):\n%s", d)
	}
	imFails(t, o, "Decrypt", otIS, otARN(otW2, otAcct, id)+" is pending import.", func() error {
		return otE(o.c(otW2).Decrypt(otCtx, &kms.DecryptInput{CiphertextBlob: ct}))
	})
	imDecrypts(t, o, otE1, ct, "across regions") // other members are unaffected
	imDecrypts(t, o, otEU, ct, "across regions")
	evs := o.w.Events(sim.EventFilter{EventName: "DeleteExpiredKeyMaterial"})
	if len(evs) != 1 || evs[0].AWSRegion != otW2 || evs[0].EventType != "AwsServiceEvent" || evs[0].EventTime != cut.UTC().Format("2006-01-02T15:04:05Z") {
		t.Errorf("R7.6, R10.6.1: DeleteExpiredKeyMaterial records %+v", evs)
	} else if !strings.Contains(string(evs[0].ServiceEventDetails), otARN(otW2, otAcct, id)) {
		t.Errorf("R10.6.1: serviceEventDetails %s", evs[0].ServiceEventDetails)
	}
	o.imMustImport(otW2, id, pw, imMatA, nil) // the same material again (R7.8)
	imSame(t, "R7.8 re-import", o.imMeta(otW2, id, names), "Enabled true KEY_MATERIAL_DOES_NOT_EXPIRE - A")
	imDecrypts(t, o, otW2, ct, "across regions")

	// R7.7: DeleteImportedKeyMaterial changes one member only.
	del, err := o.c(otEU).DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id)})
	o.must("DeleteImportedKeyMaterial", err)
	if aws.ToString(del.KeyMaterialId) != idA || aws.ToString(del.KeyId) != otARN(otEU, otAcct, id) {
		t.Errorf("A10.3.6: %s %s", aws.ToString(del.KeyId), aws.ToString(del.KeyMaterialId))
	}
	imSame(t, "R7.7 deleted member", o.imMeta(otEU, id, names), "PendingImport false  - A")
	imSame(t, "R7.7 deleted member's history", o.imRotations(otEU, id, names), []string{"A PENDING_IMPORT CURRENT"})
	imFails(t, o, "Decrypt", otIS, otARN(otEU, otAcct, id)+" is pending import.", func() error {
		return otE(o.c(otEU).Decrypt(otCtx, &kms.DecryptInput{CiphertextBlob: ct}))
	})
	for _, r := range []string{otE1, otW2} {
		imSame(t, "R7.7 other member "+r, o.stateOf(otKey{r, id}), types.KeyStateEnabled)
		imDecrypts(t, o, r, ct, "across regions")
	}
}

// TestImportWrappingAlgorithms: every wrapping algorithm with every RSA
// wrapping key spec it may be used with (A29.3.6), unwrapped for real, and
// the refused pairs with their message.
func TestImportWrappingAlgorithms(t *testing.T) {
	o := otNew(t)
	sym := o.imExternal(otE1, false, "", "")
	cases := []struct {
		alg  types.AlgorithmSpec
		spec types.WrappingKeySpec
		ok   bool
	}{
		{imOAEP1, imR2048, true}, {imOAEP256, imR2048, true}, {imOAEP1, imR3072, true}, {imOAEP256, imR4096, true},
		{imKW1, imR3072, true}, {imKW256, imR3072, true},
		// [OBS-AWS imports.json:symmetric_hybrid_wrapping], [OBS-AWS imports.json:deprecated_wrapping], O68.
		{imKW1, imR2048, false}, {imKW256, imR2048, false}, {imPKCS1, imR2048, false}, {imPKCS1, imR3072, false},
	}
	var id string
	for _, c := range cases {
		if !c.ok {
			imFails(t, o, "GetParametersForImport", otVE, fmt.Sprintf("Wrapping algorithm %s and wrapping key spec %s cannot be used to import a SYMMETRIC_DEFAULT key.", c.alg, c.spec), func() error {
				return otE(o.c(otE1).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(sym), WrappingAlgorithm: c.alg, WrappingKeySpec: c.spec}))
			})
			continue
		}
		p := o.imParams(otE1, sym, c.alg, c.spec)
		pub, err := x509.ParsePKIXPublicKey(p.PublicKey)
		if err != nil || pub.(*rsa.PublicKey).N.BitLen() != map[types.WrappingKeySpec]int{imR2048: 2048, imR3072: 3072, imR4096: 4096}[c.spec] {
			t.Errorf("%s/%s: wrapping key %v %v", c.alg, c.spec, pub, err)
		}
		// A31.3.7(1): the wrapping is undone for real: a wrong byte is InvalidCiphertextException.
		bad := imWrap(t, p, c.alg, imMatA)
		bad[len(bad)-1] ^= 1
		imFails(t, o, "ImportKeyMaterial", imIC, "", func() error {
			return otE(o.c(otE1).ImportKeyMaterial(otCtx, &kms.ImportKeyMaterialInput{KeyId: aws.String(sym), ImportToken: p.ImportToken,
				EncryptedKeyMaterial: bad, ExpirationModel: imDNE}))
		})
		out, err := o.imImportAlg(otE1, sym, p, c.alg, imMatA, nil)
		if err != nil {
			t.Errorf("%s/%s: %v", c.alg, c.spec, err)
			continue
		}
		if id == "" {
			id = aws.ToString(out.KeyMaterialId)
		} else if aws.ToString(out.KeyMaterialId) != id {
			t.Errorf("%s/%s: the same material got ID %s, want %s (R7.13)", c.alg, c.spec, aws.ToString(out.KeyMaterialId), id)
		}
	}
	// The unwrapped bytes are the key: a ciphertext round-trips (Material.Raw is the AES key).
	imDecrypts(t, o, otE1, imEncrypt(t, o, otE1, sym, "wrapped"), "wrapped")

	// RSA_AES_KEY_WRAP on RSA_2048 is refused only for symmetric keys (O68):
	// an HMAC key takes it (the remaining cell; RSA_AES_KEY_WRAP_SHA_256 on
	// RSA_2048 is TestImportFamilies' RSA_2048 case, RSAES_OAEP_SHA_256 on
	// RSA_3072 its ECC_NIST_EDWARDS25519 case).
	mac := o.imExternal(otE1, false, "HMAC_256", "GENERATE_VERIFY_MAC")
	pm := o.imParams(otE1, mac, imKW1, imR2048)
	o.must("ImportKeyMaterial HMAC", otE(o.imImportAlg(otE1, mac, pm, imKW1, bytes.Repeat([]byte{0x5A}, 48), nil)))
	otExpectState(t, o, otKey{otE1, mac}, types.KeyStateEnabled)

	// A0.23: SM2 wrapping is China-only.
	imFails(t, o, "GetParametersForImport", otUO, "WrappingKeySpec SM2 is not supported in Region us-east-1.", func() error {
		return otE(o.c(otE1).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(sym), WrappingAlgorithm: imOAEP256, WrappingKeySpec: types.WrappingKeySpecSm2}))
	})
	imFails(t, o, "GetParametersForImport", otUO, "WrappingAlgorithm SM2PKE is not supported in Region us-east-1.", func() error {
		return otE(o.c(otE1).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(sym), WrappingAlgorithm: types.AlgorithmSpecSm2pke, WrappingKeySpec: types.WrappingKeySpecSm2}))
	})
}

// imPKCS8 marshals a private key as PKCS #8.
func imPKCS8(t *testing.T, k any) []byte {
	t.Helper()
	b, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// imSecp256k1 is a PKCS #8 secp256k1 key (a curve crypto/x509 cannot marshal).
func imSecp256k1(t *testing.T, d byte) []byte {
	t.Helper()
	scalar := bytes.Repeat([]byte{d}, 32)
	ec, err := asn1.Marshal(struct {
		Version    int
		PrivateKey []byte
	}{1, scalar})
	if err != nil {
		t.Fatal(err)
	}
	curve, _ := asn1.Marshal(asn1.ObjectIdentifier{1, 3, 132, 0, 10})
	b, err := asn1.Marshal(struct {
		Version    int
		Algo       pkix.AlgorithmIdentifier
		PrivateKey []byte
	}{0, pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}, Parameters: asn1.RawValue{FullBytes: curve}}, ec})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestImportFamilies: HMAC and asymmetric material (R7.1, R7.9, A31.3.7):
// checked against the key spec, bound to the first material, without
// ImportType, KeyMaterialId or KeyMaterialDescription, and without a
// KeyMaterialId in the answers (A31.3.9, A10.3.6).
func TestImportFamilies(t *testing.T) {
	o := otNew(t)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p256b, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey := mrk.RSAKey(2048, [32]byte{7}) // deterministic and cached: no slow generation in the test
	cases := []struct {
		spec      types.KeySpec
		usage     types.KeyUsageType
		alg       types.AlgorithmSpec
		wspec     types.WrappingKeySpec
		good, bad []byte // bad: not material for the spec (A31.3.7(2))
		other     []byte // valid but different material (R7.9)
	}{
		{"HMAC_224", "GENERATE_VERIFY_MAC", imOAEP256, imR2048, bytes.Repeat([]byte{1}, 28), bytes.Repeat([]byte{1}, 27), bytes.Repeat([]byte{2}, 28)},
		{"HMAC_512", "GENERATE_VERIFY_MAC", imOAEP256, imR2048, bytes.Repeat([]byte{1}, 128), bytes.Repeat([]byte{1}, 129), bytes.Repeat([]byte{2}, 64)},
		{"ECC_NIST_P256", "SIGN_VERIFY", imOAEP256, imR2048, imPKCS8(t, p256), imPKCS8(t, p384), imPKCS8(t, p256b)},
		{"ECC_SECG_P256K1", "SIGN_VERIFY", imOAEP256, imR2048, imSecp256k1(t, 5), imPKCS8(t, p256), imSecp256k1(t, 6)},
		{"ECC_NIST_EDWARDS25519", "SIGN_VERIFY", imOAEP256, imR3072, imPKCS8(t, edKey), imPKCS8(t, p256), nil},
		{"RSA_2048", "ENCRYPT_DECRYPT", imKW256, imR2048, imPKCS8(t, rsaKey), imPKCS8(t, p256), nil},
	}
	for _, c := range cases {
		t.Run(string(c.spec), func(t *testing.T) {
			o.t = t
			id := o.imExternal(otE1, false, c.spec, c.usage)
			k := otKey{otE1, id}
			if c.spec == "RSA_2048" {
				// [OBS-AWS imports_families.json:RSA_2048_direct_2048]: OAEP cannot carry an RSA private key.
				imFails(t, o, "GetParametersForImport", otVE, "Wrapping algorithm RSAES_OAEP_SHA_256 and wrapping key spec RSA_2048 cannot be used to import a RSA_2048 key.", func() error {
					return otE(o.c(otE1).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(id), WrappingAlgorithm: imOAEP256, WrappingKeySpec: imR2048}))
				})
			}
			if c.spec == "ECC_NIST_EDWARDS25519" {
				// [OBS-AWS imports_families.json:ECC_NIST_EDWARDS25519_direct_2048].
				imFails(t, o, "GetParametersForImport", otVE, "Wrapping algorithm RSAES_OAEP_SHA_256 and wrapping key spec RSA_2048 cannot be used to import a ECC_NIST_EDWARDS25519 key.", func() error {
					return otE(o.c(otE1).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(id), WrappingAlgorithm: imOAEP256, WrappingKeySpec: imR2048}))
				})
			}
			p := o.imParams(otE1, id, c.alg, c.wspec)
			imFails(t, o, "ImportKeyMaterial", imIC, "", func() error { return otE(o.imImportAlg(otE1, id, p, c.alg, c.bad, nil)) })
			// A31.3.3, [OBS-AWS imports_families.json:HMAC_224_ImportType] and siblings (msg✓).
			for _, f := range []struct {
				param string
				mod   func(*kms.ImportKeyMaterialInput)
			}{
				{"importType", func(in *kms.ImportKeyMaterialInput) { in.ImportType = types.ImportTypeExistingKeyMaterial }},
				{"keyMaterialId", func(in *kms.ImportKeyMaterialInput) { in.KeyMaterialId = aws.String(strings.Repeat("0", 64)) }},
				{"keyMaterialDescription", func(in *kms.ImportKeyMaterialInput) { in.KeyMaterialDescription = aws.String("hmac description") }},
			} {
				imFails(t, o, "ImportKeyMaterial", otVE, fmt.Sprintf("Input parameter %s cannot be used with %s imported keys.", f.param, c.spec), func() error {
					return otE(o.imImportAlg(otE1, id, p, c.alg, c.good, f.mod))
				})
			}
			out, err := o.imImportAlg(otE1, id, p, c.alg, c.good, nil)
			o.must("ImportKeyMaterial", err)
			if out.KeyMaterialId != nil {
				t.Errorf("A31.3.9: KeyMaterialId %s for %s", *out.KeyMaterialId, c.spec)
			}
			m := o.describeKey(k)
			if m.KeyState != types.KeyStateEnabled || m.ExpirationModel != imDNE || m.CurrentKeyMaterialId != nil {
				t.Errorf("A0.21: %s after import: %s %s %v", c.spec, m.KeyState, m.ExpirationModel, m.CurrentKeyMaterialId)
			}
			// A35.3.3, [OBS-AWS imports_families.json:HMAC_224_history] (msg✓).
			imFails(t, o, "ListKeyRotations", otVE, "Input parameter includeKeyMaterial can only be used with symmetric keys.", func() error {
				return otE(o.c(otE1).ListKeyRotations(otCtx, &kms.ListKeyRotationsInput{KeyId: aws.String(id), IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial}))
			})
			del, err := o.c(otE1).DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id)})
			o.must("DeleteImportedKeyMaterial", err)
			if del.KeyMaterialId != nil {
				t.Errorf("A10.3.6: KeyMaterialId %s for %s", *del.KeyMaterialId, c.spec)
			}
			otExpectState(t, o, k, types.KeyStatePendingImport)
			if c.other != nil {
				// R7.9: bound to its first material (msg✓ imports_families.json:HMAC_224_wrong_reimport; the ID is internal).
				before := o.snapshot()
				_, err := o.imImportAlg(otE1, id, p, c.alg, c.other, nil)
				var km *types.IncorrectKeyMaterialException
				if !errors.As(err, &km) || !strings.HasPrefix(km.ErrorMessage(), "Imported key material does not have the expected identifier (") {
					t.Errorf("R7.9: other material: %v", err)
				}
				imSame(t, "A0.11.3", o.snapshot(), before)
			}
			o.must("restore", otE(o.imImportAlg(otE1, id, p, c.alg, c.good, nil)))
			otExpectState(t, o, k, types.KeyStateEnabled)
		})
	}
}

// TestImportErrors: the errors of GetParametersForImport, ImportKeyMaterial,
// DeleteImportedKeyMaterial and RotateKeyOnDemand on EXTERNAL keys, exact
// where recorded, each leaving the world unchanged.
func TestImportErrors(t *testing.T) {
	o := otNew(t)
	id := o.imExternal(otE1, false, "", "")
	k := otKey{otE1, id}
	other := o.imExternal(otE1, false, "", "")
	generated := o.single(otE1)
	mr := o.imExternal(otE1, true, "", "")
	p := o.imParams(otE1, id, imOAEP256, imR2048)
	po := o.imParams(otE1, other, imOAEP256, imR2048)
	pm := o.imParams(otE1, mr, imOAEP256, imR2048)
	// Before any import (A10.3.3, A10.3.6, [OBS-AWS imports.json:symmetric_delete_empty]): success without KeyMaterialId.
	if out, err := o.c(otE1).DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id)}); err != nil || out.KeyMaterialId != nil {
		t.Errorf("A10.3.6: %v %v", out, err)
	}
	imFails(t, o, "RotateKeyOnDemand", otIS, k.arn()+" is pending import.", func() error { // R8.3.1, imports.json:pending_rotate-key-on-demand
		return otE(o.c(otE1).RotateKeyOnDemand(otCtx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(id)}))
	})
	imFails(t, o, "Encrypt", otIS, k.arn()+" is pending import.", func() error {
		return otE(o.c(otE1).Encrypt(otCtx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: []byte("x")}))
	})
	idA := o.imMustImport(otE1, id, p, imMatA, nil)
	o.imMustImport(otE1, mr, pm, imMatA, nil)
	o.replicate(mr, otE1, otW2)
	o.add(otCreating)
	pw := o.imParams(otW2, mr, imOAEP256, imR2048)
	o.imMustImport(otE1, mr, pm, imMatB, func(in *kms.ImportKeyMaterialInput) { in.ImportType = types.ImportTypeNewKeyMaterial })
	zero := strings.Repeat("0", 64)
	imp := func(region, key string, p *kms.GetParametersForImportOutput, m []byte, mod func(*kms.ImportKeyMaterialInput)) func() error {
		return func() error { return otE(o.imImport(region, key, p, m, mod)) }
	}
	cases := []struct {
		name, op, code, msg string
		call                func() error
	}{
		// A31.3.2 (msg✓ imports.json:missing_valid_to, no_expiry_with_valid_to, expired_valid_to, excessive_valid_to).
		{"missing ValidTo", "ImportKeyMaterial", otVE, "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
			imp(otE1, id, p, imMatA, func(in *kms.ImportKeyMaterialInput) { in.ExpirationModel = "" })},
		{"ValidTo without expiry", "ImportKeyMaterial", otVE, "A validTo date cannot be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE",
			imp(otE1, id, p, imMatA, func(in *kms.ImportKeyMaterialInput) { in.ValidTo = aws.Time(o.now().Add(time.Hour)) })},
		{"ValidTo past", "ImportKeyMaterial", otVE, "ValidTo must be in the future",
			imp(otE1, id, p, imMatA, func(in *kms.ImportKeyMaterialInput) { in.ExpirationModel, in.ValidTo = imEXP, aws.Time(o.now()) })},
		{"ValidTo 365 days", "ImportKeyMaterial", otVE, "ValidTo must be less than 365 days in the future",
			imp(otE1, id, p, imMatA, func(in *kms.ImportKeyMaterialInput) {
				in.ExpirationModel, in.ValidTo = imEXP, aws.Time(o.now().Add(365*otDay))
			})},
		// A31.3.3 (msg✓ imports.json:new_with_identifier).
		{"NEW with KeyMaterialId", "ImportKeyMaterial", otVE, "Input parameter keyMaterialId cannot be used with NEW_KEY_MATERIAL importType.",
			imp(otE1, id, p, imMatB, func(in *kms.ImportKeyMaterialInput) {
				in.ImportType, in.KeyMaterialId = types.ImportTypeNewKeyMaterial, aws.String(idA)
			})},
		// A31.3.4 (imports_edges.json:token_other_key, token_corrupt: empty message).
		{"token of another key", "ImportKeyMaterial", imIT, "", imp(otE1, id, po, imMatA, nil)},
		{"corrupt token", "ImportKeyMaterial", imIT, "", func() error {
			bad := bytes.Clone(p.ImportToken)
			bad[len(bad)/2] ^= 0x40
			return otE(o.c(otE1).ImportKeyMaterial(otCtx, &kms.ImportKeyMaterialInput{KeyId: aws.String(id), ImportToken: bad,
				EncryptedKeyMaterial: imWrap(t, p, imOAEP256, imMatA), ExpirationModel: imDNE}))
		}},
		// A31.3.7(1,2) (imports_edges.json:ciphertext_corrupt, imports.json:short_material).
		{"not wrapped with the token's key", "ImportKeyMaterial", imIC, "", func() error {
			return otE(o.c(otE1).ImportKeyMaterial(otCtx, &kms.ImportKeyMaterialInput{KeyId: aws.String(id), ImportToken: p.ImportToken,
				EncryptedKeyMaterial: imWrap(t, po, imOAEP256, imMatA), ExpirationModel: imDNE}))
		}},
		{"short material", "ImportKeyMaterial", imIC, "", imp(otE1, id, p, imMatA[:31], nil)},
		// A31.3.7(4) (msg✓ imports.json:wrong_existing_material, existing_wrong_identifier, new_same_material).
		{"other material", "ImportKeyMaterial", imKM, "Imported key material does not have the expected identifier (" + idA + ").", imp(otE1, id, p, imMatC, nil)},
		{"wrong KeyMaterialId", "ImportKeyMaterial", imKM, "Imported key material does not have the expected identifier (" + zero + ").",
			imp(otE1, id, p, imMatA, func(in *kms.ImportKeyMaterialInput) { in.KeyMaterialId = aws.String(zero) })},
		{"NEW already associated", "ImportKeyMaterial", imKM, "Key material (id: " + idA + ") being imported as NEW_KEY_MATERIAL is already associated with KMS key " + k.arn() + ".",
			imp(otE1, id, p, imMatA, func(in *kms.ImportKeyMaterialInput) { in.ImportType = types.ImportTypeNewKeyMaterial })},
		// A31.5.2 (msg✓ imports_multi_region.json:replica_new_type_rejected, replica_first_import).
		{"NEW on a replica", "ImportKeyMaterial", otVE, "Input parameter ImportType NEW_KEY_MATERIAL cannot be used on replica Multi-Region keys",
			imp(otW2, mr, pw, imMatB, func(in *kms.ImportKeyMaterialInput) { in.ImportType = types.ImportTypeNewKeyMaterial })},
		{"description on a replica", "ImportKeyMaterial", otVE, "Key material description can only be specified on primary Multi-Region keys",
			imp(otW2, mr, pw, imMatA, func(in *kms.ImportKeyMaterialInput) { in.KeyMaterialDescription = aws.String("replica first") })},
		{"material of no member on a replica", "ImportKeyMaterial", imKM, "Imported key material does not have the expected identifier (" + mustID(t, o, mr) + ").", imp(otW2, mr, pw, imMatC, nil)},
		// R7.11 (msg✓ imports.json:third_while_pending).
		{"second pending", "ImportKeyMaterial", otIS, "", nil},
		// A29.3.4, A31.3.5, A10.3.2 (msg✓ imports_edges.json:parameters_generated).
		{"AWS_KMS key", "GetParametersForImport", otUO, otARN(otE1, otAcct, generated) + " origin is AWS_KMS which is not valid for this operation.", func() error {
			return otE(o.c(otE1).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(generated), WrappingAlgorithm: imOAEP256, WrappingKeySpec: imR2048}))
		}},
		{"AWS_KMS key import", "ImportKeyMaterial", otUO, otARN(otE1, otAcct, generated) + " origin is AWS_KMS which is not valid for this operation.", imp(otE1, generated, p, imMatA, nil)},
		{"AWS_KMS key delete", "DeleteImportedKeyMaterial", otUO, otARN(otE1, otAcct, generated) + " origin is AWS_KMS which is not valid for this operation.", func() error {
			return otE(o.c(otE1).DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(generated)}))
		}},
		// A10.3.4 (msg✓ imports.json:delete_unknown_id).
		{"delete unknown material", "DeleteImportedKeyMaterial", otVE, "Key material (id: " + zero + ") has never been imported into KMS key " + k.arn() + ".", func() error {
			return otE(o.c(otE1).DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id), KeyMaterialId: aws.String(zero)}))
		}},
		// R8.3.1 (msg✓ imports.json:imported_rotate-key-on-demand, imports_multi_region.json:rotate_before_replica_import).
		{"rotate without pending", "RotateKeyOnDemand", otIS, "No available key material pending rotation for the key: " + k.arn() + ".", func() error {
			return otE(o.c(otE1).RotateKeyOnDemand(otCtx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(id)}))
		}},
		{"rotate before the replicas", "RotateKeyOnDemand", otIS, "Cannot perform key material rotation: Key material has not been imported for replicas of the Multi-Region key.", func() error {
			return otE(o.c(otE1).RotateKeyOnDemand(otCtx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(mr)}))
		}},
		// R7.14, R8.1.1 (msg✓ imports.json:imported_enable-key-rotation).
		{"automatic rotation", "EnableKeyRotation", otUO, k.arn() + " origin is EXTERNAL which is not valid for this operation.", func() error {
			return otE(o.c(otE1).EnableKeyRotation(otCtx, &kms.EnableKeyRotationInput{KeyId: aws.String(id)}))
		}},
		// P1 (A29.1, A31.1, A10.1).
		{"no wrapping algorithm", "GetParametersForImport", otVE, "1 validation error detected: Value null at 'wrappingAlgorithm' failed to satisfy constraint: Member must not be null", func() error {
			return otE(o.c(otE1).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(id), WrappingKeySpec: imR2048}))
		}},
		{"KeyMaterialId pattern", "DeleteImportedKeyMaterial", otVE, "1 validation error detected: Value '" + strings.Repeat("G", 64) + "' at 'keyMaterialId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-f0-9]+$", func() error {
			return otE(o.c(otE1).DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(id), KeyMaterialId: aws.String(strings.Repeat("G", 64))}))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "second pending" { // on the other key, whose pending material stays out of the later cases
				o.imMustImport(otE1, other, po, imMatA, nil)
				o.imMustImport(otE1, other, po, imMatB, func(in *kms.ImportKeyMaterialInput) { in.ImportType = types.ImportTypeNewKeyMaterial })
				idB := mustPending(t, o, other)
				if idB != mrkID(other, imMatB) {
					t.Errorf("A31.3.8: pending ID %s", idB)
				}
				c.msg = "New key material (id: " + mrkID(other, imMatC) + ") cannot be imported into KMS key " + otARN(otE1, otAcct, other) +
					", because another key material (id: " + idB + ") is pending rotation."
				c.call = imp(otE1, other, po, imMatC, func(in *kms.ImportKeyMaterialInput) { in.ImportType = types.ImportTypeNewKeyMaterial })
			}
			imFails(t, o, c.op, c.code, c.msg, c.call)
		})
	}
	// R7.4: ExpiredImportTokenException once ParametersValidTo has passed.
	o.add(24 * time.Hour)
	imFails(t, o, "ImportKeyMaterial", imET, "The request was rejected because the specified import token is expired. Use GetParametersForImport to get a new import token and public key, use the new public key to encrypt the key material, and then try the request again.", imp(otE1, id, p, imMatA, nil))
	// A29.3.5: PendingDeletion refuses new parameters (E-PD).
	o.schedule(k, 7)
	imFails(t, o, "GetParametersForImport", otIS, k.arn()+" is pending deletion.", func() error {
		return otE(o.c(otE1).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(id), WrappingAlgorithm: imOAEP256, WrappingKeySpec: imR2048}))
	})
}

// mustID is the current material of a key.
func mustID(t *testing.T, o *otWorld, id string) string {
	t.Helper()
	return aws.ToString(o.describe(otE1, id).CurrentKeyMaterialId)
}

// mustPending is the set's pending material, from the snapshot.
func mustPending(t *testing.T, o *otWorld, id string) string {
	t.Helper()
	k := o.findKey(otAcct, otE1, id)
	if k == nil || k.PendingMaterial == "" {
		t.Fatal("no pending material")
	}
	return k.PendingMaterial
}

// mrkID is A31.3.8's KeyMaterialId: SHA-256 of key ID and material.
func mrkID(keyID string, m []byte) string {
	s := sha256.Sum256(append([]byte(keyID), m...))
	return fmt.Sprintf("%x", s)
}

// TestImportDeterminism: the wrapping key pair and the import token come
// from the world's seeded stream, so two worlds with the same seed and the
// same calls answer byte for byte the same (and another seed differently).
func TestImportDeterminism(t *testing.T) {
	run := func(seed uint64) []*kms.GetParametersForImportOutput {
		o := otNew(t, sim.Options{Seed: seed})
		id := o.imExternal(otE1, true, "", "")
		a := o.imParams(otE1, id, imOAEP256, imR2048)
		b := o.imParams(otE1, id, imOAEP1, imR2048)
		return []*kms.GetParametersForImportOutput{a, b}
	}
	x, y, z := run(11), run(11), run(12)
	for i := range x {
		if !bytes.Equal(x[i].ImportToken, y[i].ImportToken) || !bytes.Equal(x[i].PublicKey, y[i].PublicKey) ||
			!x[i].ParametersValidTo.Equal(*y[i].ParametersValidTo) || aws.ToString(x[i].KeyId) != aws.ToString(y[i].KeyId) {
			t.Errorf("call %d: same seed, different answers", i)
		}
		if bytes.Equal(x[i].PublicKey, z[i].PublicKey) || bytes.Equal(x[i].ImportToken, z[i].ImportToken) {
			t.Errorf("call %d: different seeds, same wrapping key or token", i)
		}
	}
	if bytes.Equal(x[0].PublicKey, x[1].PublicKey) {
		t.Error("A29.3.7: each call has a fresh wrapping key pair")
	}
}

// TestImportWire: one import end to end through aws-sdk-go-v2's real
// *kms.Client and the JSON 1.1 server (A0.5.6: ValidTo as epoch seconds).
func TestImportWire(t *testing.T) {
	o := otNew(t, sim.Options{Seed: 3})
	kc := realClient(otE1, "http://mrksim.invalid", o.w.HTTPClient())
	ck, err := kc.CreateKey(otCtx, &kms.CreateKeyInput{Origin: types.OriginTypeExternal})
	o.must("CreateKey", err)
	id := ck.KeyMetadata.KeyId
	p, err := kc.GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: id, WrappingAlgorithm: imOAEP256, WrappingKeySpec: imR2048})
	o.must("GetParametersForImport", err)
	validTo := o.now().Add(36*time.Hour + 500*time.Millisecond)
	out, err := kc.ImportKeyMaterial(otCtx, &kms.ImportKeyMaterialInput{KeyId: id, ImportToken: p.ImportToken,
		EncryptedKeyMaterial: imWrap(t, p, imOAEP256, imMatD), ExpirationModel: imEXP, ValidTo: aws.Time(validTo)})
	o.must("ImportKeyMaterial", err)
	if aws.ToString(out.KeyMaterialId) != mrkID(*id, imMatD) {
		t.Errorf("A31.3.8: KeyMaterialId %s", aws.ToString(out.KeyMaterialId))
	}
	d, err := kc.DescribeKey(otCtx, &kms.DescribeKeyInput{KeyId: id})
	o.must("DescribeKey", err)
	if d.KeyMetadata.KeyState != types.KeyStateEnabled || d.KeyMetadata.ExpirationModel != imEXP || d.KeyMetadata.ValidTo == nil || !d.KeyMetadata.ValidTo.Equal(validTo.Truncate(time.Second)) {
		t.Errorf("A0.21 over the wire: %s %s %v", d.KeyMetadata.KeyState, d.KeyMetadata.ExpirationModel, d.KeyMetadata.ValidTo)
	}
	enc, err := kc.Encrypt(otCtx, &kms.EncryptInput{KeyId: id, Plaintext: []byte("wire")})
	o.must("Encrypt", err)
	_, err = kc.ImportKeyMaterial(otCtx, &kms.ImportKeyMaterialInput{KeyId: id, ImportToken: []byte("not a token"),
		EncryptedKeyMaterial: []byte{1}, ExpirationModel: imDNE})
	imCheck(t, "ImportKeyMaterial", err, imIT, "")
	o.add(36*time.Hour + time.Second)
	_, err = kc.Decrypt(otCtx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	imCheck(t, "Decrypt", err, otIS, otARN(otE1, otAcct, *id)+" is pending import.")
	del, err := kc.DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: id})
	o.must("DeleteImportedKeyMaterial", err)
	if aws.ToString(del.KeyMaterialId) != mrkID(*id, imMatD) {
		t.Errorf("A10.3.6: %v", aws.ToString(del.KeyMaterialId))
	}
	// §10: the calls are logged; blobs never are (R10.1.3).
	for _, name := range []string{"GetParametersForImport", "ImportKeyMaterial", "DeleteImportedKeyMaterial", "DeleteExpiredKeyMaterial"} {
		evs := o.w.Events(sim.EventFilter{EventName: name, KeyID: *id})
		if len(evs) == 0 {
			t.Errorf("§10: no %s record", name)
			continue
		}
		for _, e := range evs {
			if bytes.Contains(e.RequestParameters, []byte("importToken")) || bytes.Contains(e.RequestParameters, []byte("encryptedKeyMaterial")) {
				t.Errorf("R10.1.3: %s logs a blob: %s", name, e.RequestParameters)
			}
		}
	}
	// [CT-importkeymaterial]: the request's expiry fields, the key ARN and material ID in responseElements.
	if e := o.w.Events(sim.EventFilter{EventName: "ImportKeyMaterial"}); len(e) == 0 || e[0].ReadOnly ||
		!containsAll(string(e[0].RequestParameters), `"expirationModel":"KEY_MATERIAL_EXPIRES"`, `"validTo":"`) ||
		!containsAll(string(e[0].ResponseElements), `"keyId":"`+otARN(otE1, otAcct, *id)+`"`, `"keyMaterialId":"`+mrkID(*id, imMatD)+`"`) {
		t.Errorf("§10: ImportKeyMaterial record %+v", e)
	}
	if e := o.w.Events(sim.EventFilter{EventName: "GetParametersForImport"}); len(e) != 1 || !e[0].ReadOnly ||
		!bytes.Contains(e[0].RequestParameters, []byte(`"wrappingAlgorithm":"RSAES_OAEP_SHA_256"`)) {
		t.Errorf("§10: GetParametersForImport record %+v", e)
	}
}

// TestImportResolve: the three import operations resolve KeyId like every
// key-ID-or-ARN operation (A29.3.3, A31.3.4, A10.3.2, A0.12): no aliases,
// no other account's keys.
func TestImportResolve(t *testing.T) {
	t.Run("GetParametersForImport", func(t *testing.T) {
		otResolve(t, "GetParametersForImport", false, false, func(c *sim.Client, id *string) error {
			return otE(c.GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: id, WrappingAlgorithm: imOAEP256, WrappingKeySpec: imR2048}))
		})
	})
	t.Run("ImportKeyMaterial", func(t *testing.T) {
		otResolve(t, "ImportKeyMaterial", false, false, func(c *sim.Client, id *string) error {
			return otE(c.ImportKeyMaterial(otCtx, &kms.ImportKeyMaterialInput{KeyId: id, ImportToken: []byte("t"),
				EncryptedKeyMaterial: []byte("m"), ExpirationModel: imDNE}))
		})
	})
	t.Run("DeleteImportedKeyMaterial", func(t *testing.T) {
		otResolve(t, "DeleteImportedKeyMaterial", false, false, func(c *sim.Client, id *string) error {
			return otE(c.DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: id}))
		})
	})
}

// TestImportKeyStates: the key-state gate of the three import operations
// on EXTERNAL members (R3.6.1 rows GetParametersForImport,
// ImportKeyMaterial, DeleteImportedKeyMaterial; A29.3.5, A31.3.6, A10.3.3).
func TestImportKeyStates(t *testing.T) {
	o := otNew(t)
	id := o.imExternal(otE1, true, "", "")
	pp := o.imParams(otE1, id, imOAEP256, imR2048)
	o.imMustImport(otE1, id, pp, imMatA, nil)
	o.replicate(id, otE1, otW2)
	w2 := otKey{otW2, id}
	gpfi := func(k otKey) func() error {
		return func() error {
			return otE(o.c(k.region).GetParametersForImport(otCtx, &kms.GetParametersForImportInput{KeyId: aws.String(k.id), WrappingAlgorithm: imOAEP256, WrappingKeySpec: imR2048}))
		}
	}
	del := func(k otKey) func() error {
		return func() error {
			return otE(o.c(k.region).DeleteImportedKeyMaterial(otCtx, &kms.DeleteImportedKeyMaterialInput{KeyId: aws.String(k.id)}))
		}
	}
	// Creating (E-CR): the text is unrecorded beyond the ARN (R3.7.1).
	for _, c := range []struct {
		op   string
		call func() error
	}{{"GetParametersForImport", gpfi(w2)}, {"DeleteImportedKeyMaterial", del(w2)}} {
		o.fails(t, c.op, otState(otIS, w2.arn()), c.call)
	}
	o.add(otCreating)
	pw := o.imParams(otW2, id, imOAEP256, imR2048)
	o.imMustImport(otW2, id, pw, imMatA, nil)
	// Updating: ImportKeyMaterial is served (OK), the other two are E-UP.
	o.promote(otKey{otE1, id}, otW2)
	otExpectState(t, o, w2, types.KeyStateUpdating)
	o.fails(t, "GetParametersForImport", otState(otIS, w2.arn()), gpfi(w2))
	o.fails(t, "DeleteImportedKeyMaterial", otState(otIS, w2.arn()), del(w2))
	o.imMustImport(otW2, id, pw, imMatA, nil)
	otExpectState(t, o, w2, types.KeyStateUpdating)
	o.add(otUpdating)
	otExpectState(t, o, w2, types.KeyStateEnabled) // now the primary
	// PendingReplicaDeletion and PendingDeletion: GetParametersForImport and
	// ImportKeyMaterial are E-PRD / E-PD; DeleteImportedKeyMaterial is served
	// and leaves the state (T17).
	o.schedule(w2, 7)
	otExpectState(t, o, w2, types.KeyStatePendingReplicaDeletion)
	imFails(t, o, "GetParametersForImport", otIS, w2.arn()+" is pending replica deletion.", gpfi(w2))
	imFails(t, o, "ImportKeyMaterial", otIS, w2.arn()+" is pending replica deletion.", func() error { return otE(o.imImport(otW2, id, pw, imMatA, nil)) })
	e1 := otKey{otE1, id}
	o.schedule(e1, 7)
	imFails(t, o, "ImportKeyMaterial", otIS, e1.arn()+" is pending deletion.", func() error { return otE(o.imImport(otE1, id, pp, imMatA, nil)) })
	o.must("DeleteImportedKeyMaterial", del(e1)())
	otExpectState(t, o, e1, types.KeyStatePendingDeletion)
	if m := o.describeKey(e1); m.ExpirationModel != "" {
		t.Errorf("A10.3.5: ExpirationModel %s after deletion", m.ExpirationModel)
	}
	o.cancel(e1)
	otExpectState(t, o, e1, types.KeyStatePendingImport) // T11 without material
}

// TestImportExpiryWhileUpdating: material that expires while a member is
// Updating sends it to PendingImport when the update ends (T16 after T14);
// re-imported in time, the member returns to Enabled.
func TestImportExpiryWhileUpdating(t *testing.T) {
	o := otNew(t)
	id := o.imExternal(otE1, true, "", "")
	pp := o.imParams(otE1, id, imOAEP256, imR2048)
	o.imMustImport(otE1, id, pp, imMatA, nil)
	o.replicate(id, otE1, otW2)
	o.add(otCreating)
	pw := o.imParams(otW2, id, imOAEP256, imR2048)
	expiring := func(in *kms.ImportKeyMaterialInput) {
		in.ExpirationModel, in.ValidTo = imEXP, aws.Time(o.now().Add(3*time.Second))
	}
	o.imMustImport(otW2, id, pw, imMatA, expiring)
	w2 := otKey{otW2, id}
	o.promote(otKey{otE1, id}, otW2)
	o.add(4 * time.Second)
	otExpectState(t, o, w2, types.KeyStateUpdating)
	o.add(otUpdating)
	otExpectState(t, o, w2, types.KeyStatePendingImport)
	otExpectState(t, o, otKey{otE1, id}, types.KeyStateEnabled)

	// Again, with the material re-imported before the update ends.
	o.imMustImport(otW2, id, pw, imMatA, expiring)
	otExpectState(t, o, w2, types.KeyStateEnabled)
	o.promote(w2, otE1)
	o.add(4 * time.Second)
	o.imMustImport(otW2, id, pw, imMatA, nil)
	o.add(otUpdating)
	otExpectState(t, o, w2, types.KeyStateEnabled)
}

// TestImportReplicateKeyRecord: the ReplicateKey record of an imported
// primary logs the answer the caller got, ExpirationModel included (the
// replica, Creating, shows its primary's, R7.3; SPEC §10.3), in both its
// records (ReplicateKey in the primary's Region, CreateKey in the replica's).
func TestImportReplicateKeyRecord(t *testing.T) {
	o := otNew(t, sim.Options{Seed: 5})
	id := o.imExternal(otE1, true, "", "")
	o.imMustImport(otE1, id, o.imParams(otE1, id, imOAEP256, imR2048), imMatA, nil)
	out, err := o.c(otE1).ReplicateKey(otCtx, &kms.ReplicateKeyInput{KeyId: aws.String(id), ReplicaRegion: aws.String(otW2)})
	o.must("ReplicateKey", err)
	if out.ReplicaKeyMetadata.ExpirationModel != imDNE {
		t.Fatalf("R7.3: the replica's ExpirationModel is %q", out.ReplicaKeyMetadata.ExpirationModel)
	}
	for _, name := range []string{"ReplicateKey", "CreateKey"} {
		evs := o.w.Events(sim.EventFilter{EventName: name, KeyID: id})
		var logged string
		for _, e := range evs {
			if e.AWSRegion == map[string]string{"ReplicateKey": otE1, "CreateKey": otW2}[name] {
				logged = string(e.ResponseElements)
			}
		}
		if !strings.Contains(logged, `"expirationModel":"KEY_MATERIAL_DOES_NOT_EXPIRE"`) {
			t.Errorf("%s record's responseElements lack the ExpirationModel the caller got: %s", name, logged)
		}
	}
}
