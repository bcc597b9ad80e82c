package sim

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"
)

// The asymmetric operations (SPEC §9, R9.10): Sign, Verify, GetPublicKey,
// DeriveSharedSecret, GenerateDataKeyPair and its WithoutPlaintext form.
// The model does the work ([mrk.Store.Sign] and its siblings); these
// methods validate the request (P1), translate it and render the answer.
// Messages, signatures, public keys and private keys are []byte members,
// which the event log never records (R10.1.3).

// The enum value sets of the asymmetric members (A0.25).
var (
	signingAlgorithms = []string{"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
		"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "ECDSA_SHA_256",
		"ECDSA_SHA_384", "ECDSA_SHA_512", "SM2DSA", "ML_DSA_SHAKE_256", "ED25519_SHA_512", "ED25519_PH_SHA_512"}
	messageTypes           = []string{mrk.MessageRaw, mrk.MessageDigest, mrk.MessageExternalMu}
	keyAgreementAlgorithms = []string{"ECDH"}
	dataKeyPairSpecs       = strs(mrk.DataKeyPairSpecs)
	// mlKEMSpecs are DataKeyPairSpec values aws-sdk-go-v2 knows and the
	// API model lacks (A0.25.1): they pass P1 and are served outside the
	// China Regions (GenerateDataKeyPairInput.KeyPairSpec).
	mlKEMSpecs = strs(mrk.MLKEMSpecs)
)

// signInput validates the members Sign and Verify share (A46.3.1, A53.3.1).
func (v *validator) signInput(keyID *string, msg []byte, mt types.MessageType, toks []string, alg types.SigningAlgorithmSpec) {
	v.keyID(keyID)
	v.blob("message", msg, true, 1, 4096)
	v.enum("messageType", string(mt), messageTypes)
	v.grantTokens(toks)
	v.required("signingAlgorithm", alg != "")
	v.enum("signingAlgorithm", string(alg), signingAlgorithms)
}

// Sign signs a message or digest with the member of an asymmetric
// SIGN_VERIFY key in the client's Region (§A46). Every member of a
// multi-Region set signs with the same key pair (R9.10).
func (c *Client) Sign(ctx context.Context, in *kms.SignInput, _ ...func(*kms.Options)) (*kms.SignOutput, error) {
	if in == nil {
		in = &kms.SignInput{}
	}
	var v validator
	v.signInput(in.KeyId, in.Message, in.MessageType, in.GrantTokens, in.SigningAlgorithm)
	logged := *in
	if logged.MessageType == "" {
		logged.MessageType = types.MessageTypeRaw
	}
	out := &kms.SignOutput{}
	err := c.do(ctx, "Sign", &logged, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.Sign(c.w.rng, c.caller, mrk.SignParams{KeyID: *in.KeyId, Message: in.Message,
			MessageType: string(in.MessageType), Algorithm: string(in.SigningAlgorithm), GrantTokens: in.GrantTokens,
			DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(r.Key.ARN())
		out.Signature = r.Signature
		out.SigningAlgorithm = types.SigningAlgorithmSpec(r.Algorithm)
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Verify checks a signature with the member of the key in the client's
// Region (§A53); a signature that does not verify is a
// KMSInvalidSignatureException, never SignatureValid false.
func (c *Client) Verify(ctx context.Context, in *kms.VerifyInput, _ ...func(*kms.Options)) (*kms.VerifyOutput, error) {
	if in == nil {
		in = &kms.VerifyInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.blob("message", in.Message, true, 1, 4096)
	v.enum("messageType", string(in.MessageType), messageTypes)
	v.blob("signature", in.Signature, true, 1, 6144)
	v.required("signingAlgorithm", in.SigningAlgorithm != "")
	v.enum("signingAlgorithm", string(in.SigningAlgorithm), signingAlgorithms)
	v.grantTokens(in.GrantTokens)
	logged := *in
	if logged.MessageType == "" {
		logged.MessageType = types.MessageTypeRaw
	}
	out := &kms.VerifyOutput{}
	err := c.do(ctx, "Verify", &logged, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.Verify(c.caller, mrk.SignParams{KeyID: *in.KeyId, Message: in.Message,
			MessageType: string(in.MessageType), Algorithm: string(in.SigningAlgorithm), Signature: in.Signature,
			GrantTokens: in.GrantTokens, DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(r.Key.ARN())
		out.SignatureValid = true
		out.SigningAlgorithm = types.SigningAlgorithmSpec(r.Algorithm)
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetPublicKey returns the DER SubjectPublicKeyInfo of an asymmetric key
// with its spec, usage and algorithms (§A30); every member of a set
// returns the same public key (A30.5.1). A Disabled key is served.
func (c *Client) GetPublicKey(ctx context.Context, in *kms.GetPublicKeyInput, _ ...func(*kms.Options)) (*kms.GetPublicKeyOutput, error) {
	if in == nil {
		in = &kms.GetPublicKeyInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.grantTokens(in.GrantTokens)
	out := &kms.GetPublicKeyOutput{}
	err := c.do(ctx, "GetPublicKey", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		k, pub, err := c.w.store.GetPublicKey(c.caller, *in.KeyId, in.GrantTokens)
		if err != nil {
			return nil, err
		}
		set := k.Set
		out.KeyId = aws.String(k.ARN())
		out.PublicKey = pub
		out.KeySpec = types.KeySpec(set.Spec)
		out.CustomerMasterKeySpec = types.CustomerMasterKeySpec(set.Spec)
		out.KeyUsage = types.KeyUsageType(set.Usage)
		algs := mrk.AlgorithmsFor(set.Spec, set.Usage)
		out.EncryptionAlgorithms = enumList[types.EncryptionAlgorithmSpec](algs.Encryption)
		out.SigningAlgorithms = enumList[types.SigningAlgorithmSpec](algs.Signing)
		out.KeyAgreementAlgorithms = enumList[types.KeyAgreementAlgorithmSpec](algs.KeyAgreement)
		out.EncapsulationAlgorithms = enumList[types.EncapsulationAlgorithmSpec](algs.Encapsulation)
		c.w.cur.res = refOf(k)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeriveSharedSecret computes ECDH between a KEY_AGREEMENT key's private
// key and a peer's DER public key (§A11); every member derives the same
// secret (A11.5.1).
func (c *Client) DeriveSharedSecret(ctx context.Context, in *kms.DeriveSharedSecretInput, _ ...func(*kms.Options)) (*kms.DeriveSharedSecretOutput, error) {
	if in == nil {
		in = &kms.DeriveSharedSecretInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.required("keyAgreementAlgorithm", in.KeyAgreementAlgorithm != "")
	v.enum("keyAgreementAlgorithm", string(in.KeyAgreementAlgorithm), keyAgreementAlgorithms)
	v.blob("publicKey", in.PublicKey, true, 1, 8192)
	v.grantTokens(in.GrantTokens)
	v.recipient(in.Recipient)
	out := &kms.DeriveSharedSecretOutput{}
	err := c.do(ctx, "DeriveSharedSecret", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		k, secret, err := c.w.store.DeriveSharedSecret(c.caller, mrk.SharedSecretParams{KeyID: *in.KeyId,
			PublicKey: in.PublicKey, GrantTokens: in.GrantTokens, Recipient: in.Recipient != nil, DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(k.ARN())
		out.SharedSecret = secret
		out.KeyAgreementAlgorithm = types.KeyAgreementAlgorithmSpecEcdh
		out.KeyOrigin = types.OriginType(k.Set.Origin)
		c.w.cur.res = refOf(k)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GenerateDataKeyPair returns a fresh key pair of KeyPairSpec, its private
// key in plaintext (PKCS #8; seed format for ML-KEM) and encrypted under a symmetric encryption
// key, which any member of the key's set decrypts (§A21, R9.9).
func (c *Client) GenerateDataKeyPair(ctx context.Context, in *kms.GenerateDataKeyPairInput, _ ...func(*kms.Options)) (*kms.GenerateDataKeyPairOutput, error) {
	if in == nil {
		in = &kms.GenerateDataKeyPairInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.required("keyPairSpec", in.KeyPairSpec != "")
	v.enum("keyPairSpec", string(in.KeyPairSpec), dataKeyPairSpecs, mlKEMSpecs...)
	v.grantTokens(in.GrantTokens)
	v.recipient(in.Recipient)
	out := &kms.GenerateDataKeyPairOutput{}
	err := c.do(ctx, "GenerateDataKeyPair", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.GenerateDataKeyPair(c.w.rng, c.caller, mrk.OpGenerateDataKeyPair, mrk.DataKeyPairParams{
			KeyID: *in.KeyId, KeyPairSpec: mrk.KeySpec(in.KeyPairSpec), Context: in.EncryptionContext,
			GrantTokens: in.GrantTokens, Recipient: in.Recipient != nil, DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(r.Key.ARN())
		out.PrivateKeyPlaintext, out.PrivateKeyCiphertextBlob, out.PublicKey = r.Private, r.Ciphertext, r.Public
		out.KeyPairSpec = in.KeyPairSpec
		out.KeyMaterialId = aws.String(r.MaterialID)
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GenerateDataKeyPairWithoutPlaintext is GenerateDataKeyPair without the
// plaintext private key (§A22).
func (c *Client) GenerateDataKeyPairWithoutPlaintext(ctx context.Context, in *kms.GenerateDataKeyPairWithoutPlaintextInput, _ ...func(*kms.Options)) (*kms.GenerateDataKeyPairWithoutPlaintextOutput, error) {
	if in == nil {
		in = &kms.GenerateDataKeyPairWithoutPlaintextInput{}
	}
	var v validator
	v.keyID(in.KeyId)
	v.required("keyPairSpec", in.KeyPairSpec != "")
	v.enum("keyPairSpec", string(in.KeyPairSpec), dataKeyPairSpecs, mlKEMSpecs...)
	v.grantTokens(in.GrantTokens)
	out := &kms.GenerateDataKeyPairWithoutPlaintextOutput{}
	err := c.do(ctx, "GenerateDataKeyPairWithoutPlaintext", in, out, &v, func(time.Time) (*middleware.Metadata, error) {
		r, err := c.w.store.GenerateDataKeyPair(c.w.rng, c.caller, mrk.OpGenerateDataKeyPairWithoutPlaintext, mrk.DataKeyPairParams{
			KeyID: *in.KeyId, KeyPairSpec: mrk.KeySpec(in.KeyPairSpec), Context: in.EncryptionContext,
			GrantTokens: in.GrantTokens, DryRun: aws.ToBool(in.DryRun)})
		if err != nil {
			return nil, err
		}
		out.KeyId = aws.String(r.Key.ARN())
		out.PrivateKeyCiphertextBlob, out.PublicKey = r.Ciphertext, r.Public
		out.KeyPairSpec = in.KeyPairSpec
		out.KeyMaterialId = aws.String(r.MaterialID)
		c.w.cur.res = refOf(r.Key)
		return &out.ResultMetadata, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
