package sim

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"
)

// The symmetric cryptographic operations (SPEC §9). The model does the
// work ([mrk.Store.Encrypt] and its siblings); these methods validate the
// request (P1), translate it and render the answer. Plaintexts and
// ciphertexts are []byte members, which the event log never records
// (R10.1.3).

// The enum value sets of the cryptographic members (A0.25).
var (
	encryptionAlgorithms = []string{mrk.AlgSymmetricDefault, mrk.AlgRSAESOAEPSHA1, mrk.AlgRSAESOAEPSHA256, mrk.AlgSM2PKE}
	dataKeySpecs         = []string{"AES_256", "AES_128"}
	dryRunModifiers      = []string{"IGNORE_CIPHERTEXT"}
)

// blob checks a blob (or sensitive) member's presence and length in bytes;
// the value is left out of the message (A0.10.5).
func (v *validator) blob(path string, b []byte, req bool, lo, hi int) {
	switch {
	case b == nil:
		if req {
			v.required(path, false)
		}
	case len(b) < lo:
		v.add("Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", path, lo)
	case len(b) > hi:
		v.add("Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", path, hi)
	}
}

func (v *validator) optKeyID(path string, s *string) { v.str(path, s, false, 1, 2048) }

func (v *validator) recipient(r *types.RecipientInfo) {
	if r != nil {
		v.enum("recipient.keyEncryptionAlgorithm", string(r.KeyEncryptionAlgorithm), []string{"RSAES_OAEP_SHA_256"})
		v.blob("recipient.attestationDocument", r.AttestationDocument, false, 1, 262144)
	}
}

func (v *validator) dryRunModifiers(ms []types.DryRunModifierType) {
	for i, m := range ms {
		v.enum("dryRunModifiers."+strconv.Itoa(i+1)+".member", string(m), dryRunModifiers)
	}
}

// ignoresCiphertext reports whether a request is a dry run that skips its
// ciphertext (A0.14.4).
func ignoresCiphertext(dryRun *bool, ms []types.DryRunModifierType) bool {
	return aws.ToBool(dryRun) && slices.Contains(ms, types.DryRunModifierTypeIgnoreCiphertext)
}

func numberOfBytes(n *int32) int {
	if n == nil {
		return 0
	}
	return int(*n)
}

// Encrypt encrypts up to 4096 bytes under a symmetric encryption key with
// its current material (§A19, SPEC §9). The ciphertext decrypts with any
// member of the key's set, in its own Region (R9.1).
func (c *Client) Encrypt(ctx context.Context, in *kms.EncryptInput, _ ...func(*kms.Options)) (*kms.EncryptOutput, error) {
	if in == nil {
		in = &kms.EncryptInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.blob("plaintext", in.Plaintext, true, 1, 4096)
	v.grantTokens(in.GrantTokens)
	v.enum("encryptionAlgorithm", string(in.EncryptionAlgorithm), encryptionAlgorithms)
	out := &kms.EncryptOutput{}
	err := c.do(ctx, "Encrypt", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.Encrypt(c.w.rng, c.caller, mrk.EncryptParams{KeyID: *in.KeyId, Plaintext: in.Plaintext,
			Context: in.EncryptionContext, Algorithm: string(in.EncryptionAlgorithm), GrantTokens: in.GrantTokens,
			DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.CiphertextBlob = r.Ciphertext
		out.KeyId = aws.String(r.Key.ARN())
		out.EncryptionAlgorithm = types.EncryptionAlgorithmSpec(r.Algorithm)
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Decrypt decrypts a ciphertext with the member of its key's set in the
// client's Region (§A7, R9.4, R9.5); KeyId is optional for symmetric
// ciphertexts. The answer names that member's ARN and the material that
// decrypted.
func (c *Client) Decrypt(ctx context.Context, in *kms.DecryptInput, _ ...func(*kms.Options)) (*kms.DecryptOutput, error) {
	if in == nil {
		in = &kms.DecryptInput{}
	}
	ignore := ignoresCiphertext(in.DryRun, in.DryRunModifiers)
	var v validator
	v.blob("ciphertextBlob", in.CiphertextBlob, !ignore, 1, 6144)
	v.grantTokens(in.GrantTokens)
	v.optKeyID("keyId", in.KeyId)
	v.enum("encryptionAlgorithm", string(in.EncryptionAlgorithm), encryptionAlgorithms)
	v.recipient(in.Recipient)
	v.dryRunModifiers(in.DryRunModifiers)
	// The record always names the algorithm (R10.1.3).
	logged := *in
	if logged.EncryptionAlgorithm == "" {
		logged.EncryptionAlgorithm = types.EncryptionAlgorithmSpecSymmetricDefault
	}
	out := &kms.DecryptOutput{}
	err := c.do(ctx, "Decrypt", &logged, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.Decrypt(c.caller, mrk.DecryptParams{KeyID: deref(in.KeyId), Ciphertext: in.CiphertextBlob,
			Context: in.EncryptionContext, Algorithm: string(in.EncryptionAlgorithm), GrantTokens: in.GrantTokens,
			Recipient: in.Recipient != nil, DryRun: aws.ToBool(in.DryRun), IgnoreCiphertext: ignore})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(r.Key.ARN())
		out.Plaintext = r.Plaintext
		out.EncryptionAlgorithm = types.EncryptionAlgorithmSpec(r.Algorithm)
		if r.MaterialID != "" {
			out.KeyMaterialId = aws.String(r.MaterialID)
		}
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReEncrypt decrypts a ciphertext under its source key and encrypts the
// plaintext under the destination key, both in the client's Region (§A40,
// R9.8).
func (c *Client) ReEncrypt(ctx context.Context, in *kms.ReEncryptInput, _ ...func(*kms.Options)) (*kms.ReEncryptOutput, error) {
	if in == nil {
		in = &kms.ReEncryptInput{}
	}
	ignore := ignoresCiphertext(in.DryRun, in.DryRunModifiers)
	var v validator
	v.blob("ciphertextBlob", in.CiphertextBlob, !ignore, 1, 6144)
	v.optKeyID("sourceKeyId", in.SourceKeyId)
	v.str("destinationKeyId", in.DestinationKeyId, true, 1, 2048)
	v.enum("sourceEncryptionAlgorithm", string(in.SourceEncryptionAlgorithm), encryptionAlgorithms)
	v.enum("destinationEncryptionAlgorithm", string(in.DestinationEncryptionAlgorithm), encryptionAlgorithms)
	v.grantTokens(in.GrantTokens)
	v.dryRunModifiers(in.DryRunModifiers)
	out := &kms.ReEncryptOutput{}
	err := c.do(ctx, "ReEncrypt", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.ReEncrypt(c.w.rng, c.caller, mrk.ReEncryptParams{Ciphertext: in.CiphertextBlob,
			SourceKeyID: deref(in.SourceKeyId), SourceContext: in.SourceEncryptionContext,
			SourceAlgorithm: string(in.SourceEncryptionAlgorithm), DestinationKeyID: *in.DestinationKeyId,
			DestinationContext: in.DestinationEncryptionContext, DestinationAlgorithm: string(in.DestinationEncryptionAlgorithm),
			GrantTokens: in.GrantTokens, DryRun: aws.ToBool(in.DryRun), IgnoreCiphertext: ignore})
		if err != nil {
			return nil, err
		}
		out.CiphertextBlob = r.Ciphertext
		out.SourceKeyId = aws.String(r.Source.ARN())
		out.KeyId = aws.String(r.Destination.ARN())
		out.SourceEncryptionAlgorithm = types.EncryptionAlgorithmSpec(r.SourceAlgorithm)
		out.DestinationEncryptionAlgorithm = types.EncryptionAlgorithmSpec(r.DestinationAlgorithm)
		if r.SourceMaterialID != "" {
			out.SourceKeyMaterialId = aws.String(r.SourceMaterialID)
		}
		if r.DestinationMaterialID != "" {
			out.DestinationKeyMaterialId = aws.String(r.DestinationMaterialID)
		}
		c.w.cur.res, c.w.cur.res2 = refOf(r.Source), refOf(r.Destination)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GenerateDataKey returns a data key of KeySpec or NumberOfBytes bytes in
// plaintext and encrypted under a symmetric encryption key (§A20, R9.9).
func (c *Client) GenerateDataKey(ctx context.Context, in *kms.GenerateDataKeyInput, _ ...func(*kms.Options)) (*kms.GenerateDataKeyOutput, error) {
	if in == nil {
		in = &kms.GenerateDataKeyInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.intRange("numberOfBytes", in.NumberOfBytes, 1, mrk.MaxRandomBytes)
	v.enum("keySpec", string(in.KeySpec), dataKeySpecs)
	v.grantTokens(in.GrantTokens)
	v.recipient(in.Recipient)
	out := &kms.GenerateDataKeyOutput{}
	err := c.do(ctx, "GenerateDataKey", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		dk, err := c.w.store.GenerateDataKey(c.w.rng, c.caller, mrk.OpGenerateDataKey, mrk.DataKeyParams{
			KeyID: *in.KeyId, Context: in.EncryptionContext, NumberOfBytes: numberOfBytes(in.NumberOfBytes),
			KeySpec: string(in.KeySpec), GrantTokens: in.GrantTokens, Recipient: in.Recipient != nil, DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.CiphertextBlob, out.Plaintext = dk.Ciphertext, dk.Plaintext
		out.KeyId = aws.String(dk.Key.ARN())
		out.KeyMaterialId = aws.String(dk.MaterialID)
		c.w.cur.res = refOf(dk.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GenerateDataKeyWithoutPlaintext is GenerateDataKey without the plaintext
// copy of the data key (§A23).
func (c *Client) GenerateDataKeyWithoutPlaintext(ctx context.Context, in *kms.GenerateDataKeyWithoutPlaintextInput, _ ...func(*kms.Options)) (*kms.GenerateDataKeyWithoutPlaintextOutput, error) {
	if in == nil {
		in = &kms.GenerateDataKeyWithoutPlaintextInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.enum("keySpec", string(in.KeySpec), dataKeySpecs)
	v.intRange("numberOfBytes", in.NumberOfBytes, 1, mrk.MaxRandomBytes)
	v.grantTokens(in.GrantTokens)
	out := &kms.GenerateDataKeyWithoutPlaintextOutput{}
	err := c.do(ctx, "GenerateDataKeyWithoutPlaintext", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		dk, err := c.w.store.GenerateDataKey(c.w.rng, c.caller, mrk.OpGenerateDataKeyWithoutPlaintext, mrk.DataKeyParams{
			KeyID: *in.KeyId, Context: in.EncryptionContext, NumberOfBytes: numberOfBytes(in.NumberOfBytes),
			KeySpec: string(in.KeySpec), GrantTokens: in.GrantTokens, DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.CiphertextBlob = dk.Ciphertext
		out.KeyId = aws.String(dk.Key.ARN())
		out.KeyMaterialId = aws.String(dk.MaterialID)
		c.w.cur.res = refOf(dk.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GenerateRandom returns NumberOfBytes bytes from the world's seeded
// stream (§A25); no key is involved.
func (c *Client) GenerateRandom(ctx context.Context, in *kms.GenerateRandomInput, _ ...func(*kms.Options)) (*kms.GenerateRandomOutput, error) {
	if in == nil {
		in = &kms.GenerateRandomInput{}
	}
	var v validator
	v.intRange("numberOfBytes", in.NumberOfBytes, 1, mrk.MaxRandomBytes)
	v.str("customKeyStoreId", in.CustomKeyStoreId, false, 1, 64)
	v.recipient(in.Recipient)
	out := &kms.GenerateRandomOutput{}
	err := c.do(ctx, "GenerateRandom", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		b, err := c.w.store.GenerateRandom(c.w.rng, numberOfBytes(in.NumberOfBytes), in.CustomKeyStoreId != nil, in.Recipient != nil)
		if err != nil {
			return nil, err
		}
		out.Plaintext = b
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
