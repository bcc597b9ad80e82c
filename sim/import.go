package sim

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"
)

// GetParametersForImport returns a wrapping public key (DER
// SubjectPublicKeyInfo) and an import token for one EXTERNAL key (§A29,
// SPEC R7.4). The token is valid for 24 hours of the world's clock and
// only for this key in this Region; the wrapping key pair comes from the
// world's seeded stream.
func (c *Client) GetParametersForImport(ctx context.Context, in *kms.GetParametersForImportInput, _ ...func(*kms.Options)) (*kms.GetParametersForImportOutput, error) {
	if in == nil {
		in = &kms.GetParametersForImportInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	if v.required("wrappingAlgorithm", in.WrappingAlgorithm != "") {
		v.enum("wrappingAlgorithm", string(in.WrappingAlgorithm), mrk.WrappingAlgorithms)
	}
	if v.required("wrappingKeySpec", in.WrappingKeySpec != "") {
		v.enum("wrappingKeySpec", string(in.WrappingKeySpec), mrk.WrappingKeySpecs)
	}
	out := &kms.GetParametersForImportOutput{}
	err := c.do(ctx, "GetParametersForImport", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		p, err := c.w.store.GetParametersForImport(now, c.w.rng, c.caller, *in.KeyId, string(in.WrappingAlgorithm), string(in.WrappingKeySpec))
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(p.Key.ARN())
		out.ImportToken, out.PublicKey, out.ParametersValidTo = p.Token, p.PublicKey, timePtr(p.ValidTo)
		c.w.cur.res = refOf(p.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

var (
	expirationModels = []string{mrk.ExpiresModel, mrk.DoesNotExpireModel}
	importTypes      = []string{mrk.ImportNew, mrk.ImportExisting}
)

// ImportKeyMaterial imports wrapped key material into one key (§A31, SPEC
// §7): the first material, the same material again (into a replica, or to
// change its expiry), or for symmetric keys new material that
// RotateKeyOnDemand later makes current. Material that expires
// (KEY_MATERIAL_EXPIRES) is deleted from this key when the world's clock
// passes ValidTo.
func (c *Client) ImportKeyMaterial(ctx context.Context, in *kms.ImportKeyMaterialInput, _ ...func(*kms.Options)) (*kms.ImportKeyMaterialOutput, error) {
	if in == nil {
		in = &kms.ImportKeyMaterialInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.blob("importToken", in.ImportToken, true, 1, 6144)
	v.blob("encryptedKeyMaterial", in.EncryptedKeyMaterial, true, 1, 6144)
	v.enum("expirationModel", string(in.ExpirationModel), expirationModels)
	v.enum("importType", string(in.ImportType), importTypes)
	v.str("keyMaterialDescription", in.KeyMaterialDescription, false, 0, 256)
	if in.KeyMaterialDescription != nil && *in.KeyMaterialDescription != "" {
		v.pattern("keyMaterialDescription", in.KeyMaterialDescription, descriptionChars, `^[a-zA-Z0-9:/_\s.-]+$`)
	}
	v.materialID(in.KeyMaterialId)
	out := &kms.ImportKeyMaterialOutput{}
	err := c.do(ctx, "ImportKeyMaterial", in, out, &v, func(now time.Time) (*middleware.Metadata, error) {
		res, ts, err := c.w.store.ImportKeyMaterial(now, c.caller, mrk.ImportParams{
			KeyID: *in.KeyId, Token: in.ImportToken, Wrapped: in.EncryptedKeyMaterial, ValidTo: in.ValidTo,
			ExpirationModel: string(in.ExpirationModel), ImportType: string(in.ImportType),
			Description: in.KeyMaterialDescription, MaterialID: deref(in.KeyMaterialId)})
		if err != nil {
			return nil, err
		}
		c.w.schedule(ts)
		out.KeyId = aws.String(res.Key.ARN())
		if res.MaterialID != "" { // A31.3.9: symmetric encryption keys only
			out.KeyMaterialId = aws.String(res.MaterialID)
		}
		c.w.cur.res = refOf(res.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteImportedKeyMaterial deletes imported material from one key (§A10,
// SPEC R7.7): the current material, or the one KeyMaterialId names. Only
// that key loses it, except a material pending rotation deleted on a
// primary, which leaves every member.
func (c *Client) DeleteImportedKeyMaterial(ctx context.Context, in *kms.DeleteImportedKeyMaterialInput, _ ...func(*kms.Options)) (*kms.DeleteImportedKeyMaterialOutput, error) {
	if in == nil {
		in = &kms.DeleteImportedKeyMaterialInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.materialID(in.KeyMaterialId)
	out := &kms.DeleteImportedKeyMaterialOutput{}
	err := c.do(ctx, "DeleteImportedKeyMaterial", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		res, err := c.w.store.DeleteImportedKeyMaterial(c.caller, *in.KeyId, deref(in.KeyMaterialId))
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(res.Key.ARN())
		if res.MaterialID != "" && res.Key.Set.Spec == mrk.SpecSymmetricDefault { // A10.3.6
			out.KeyMaterialId = aws.String(res.MaterialID)
		}
		c.w.cur.res = refOf(res.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func descriptionChars(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == ':' || r == '/' || r == '_' || r == '.' || r == '-':
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
		default:
			return false
		}
	}
	return true
}
