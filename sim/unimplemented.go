package sim

import (
	"time"

	"context"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"

	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// ConnectCustomKeyStore is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) ConnectCustomKeyStore(ctx context.Context, _ *kms.ConnectCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.ConnectCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "ConnectCustomKeyStore")
}

// CreateCustomKeyStore is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) CreateCustomKeyStore(ctx context.Context, _ *kms.CreateCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.CreateCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "CreateCustomKeyStore")
}

// Decapsulate is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) Decapsulate(ctx context.Context, _ *kms.DecapsulateInput, _ ...func(*kms.Options)) (*kms.DecapsulateOutput, error) {
	return nil, c.unimplemented(ctx, "Decapsulate")
}

// Decrypt is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) Decrypt(ctx context.Context, _ *kms.DecryptInput, _ ...func(*kms.Options)) (*kms.DecryptOutput, error) {
	return nil, c.unimplemented(ctx, "Decrypt")
}

// DeleteCustomKeyStore is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) DeleteCustomKeyStore(ctx context.Context, _ *kms.DeleteCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.DeleteCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "DeleteCustomKeyStore")
}

// DeleteImportedKeyMaterial is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) DeleteImportedKeyMaterial(ctx context.Context, _ *kms.DeleteImportedKeyMaterialInput, _ ...func(*kms.Options)) (*kms.DeleteImportedKeyMaterialOutput, error) {
	return nil, c.unimplemented(ctx, "DeleteImportedKeyMaterial")
}

// DeriveSharedSecret is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) DeriveSharedSecret(ctx context.Context, _ *kms.DeriveSharedSecretInput, _ ...func(*kms.Options)) (*kms.DeriveSharedSecretOutput, error) {
	return nil, c.unimplemented(ctx, "DeriveSharedSecret")
}

// DescribeCustomKeyStores is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) DescribeCustomKeyStores(ctx context.Context, _ *kms.DescribeCustomKeyStoresInput, _ ...func(*kms.Options)) (*kms.DescribeCustomKeyStoresOutput, error) {
	return nil, c.unimplemented(ctx, "DescribeCustomKeyStores")
}

// DisconnectCustomKeyStore is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) DisconnectCustomKeyStore(ctx context.Context, _ *kms.DisconnectCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.DisconnectCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "DisconnectCustomKeyStore")
}

// Encapsulate is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) Encapsulate(ctx context.Context, _ *kms.EncapsulateInput, _ ...func(*kms.Options)) (*kms.EncapsulateOutput, error) {
	return nil, c.unimplemented(ctx, "Encapsulate")
}

// Encrypt is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) Encrypt(ctx context.Context, _ *kms.EncryptInput, _ ...func(*kms.Options)) (*kms.EncryptOutput, error) {
	return nil, c.unimplemented(ctx, "Encrypt")
}

// GenerateDataKey is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) GenerateDataKey(ctx context.Context, _ *kms.GenerateDataKeyInput, _ ...func(*kms.Options)) (*kms.GenerateDataKeyOutput, error) {
	return nil, c.unimplemented(ctx, "GenerateDataKey")
}

// GenerateDataKeyPair is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) GenerateDataKeyPair(ctx context.Context, _ *kms.GenerateDataKeyPairInput, _ ...func(*kms.Options)) (*kms.GenerateDataKeyPairOutput, error) {
	return nil, c.unimplemented(ctx, "GenerateDataKeyPair")
}

// GenerateDataKeyPairWithoutPlaintext is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) GenerateDataKeyPairWithoutPlaintext(ctx context.Context, _ *kms.GenerateDataKeyPairWithoutPlaintextInput, _ ...func(*kms.Options)) (*kms.GenerateDataKeyPairWithoutPlaintextOutput, error) {
	return nil, c.unimplemented(ctx, "GenerateDataKeyPairWithoutPlaintext")
}

// GenerateDataKeyWithoutPlaintext is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) GenerateDataKeyWithoutPlaintext(ctx context.Context, _ *kms.GenerateDataKeyWithoutPlaintextInput, _ ...func(*kms.Options)) (*kms.GenerateDataKeyWithoutPlaintextOutput, error) {
	return nil, c.unimplemented(ctx, "GenerateDataKeyWithoutPlaintext")
}

// GenerateMac is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) GenerateMac(ctx context.Context, _ *kms.GenerateMacInput, _ ...func(*kms.Options)) (*kms.GenerateMacOutput, error) {
	return nil, c.unimplemented(ctx, "GenerateMac")
}

// GenerateRandom is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) GenerateRandom(ctx context.Context, _ *kms.GenerateRandomInput, _ ...func(*kms.Options)) (*kms.GenerateRandomOutput, error) {
	return nil, c.unimplemented(ctx, "GenerateRandom")
}

// GetKeyLastUsage is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) GetKeyLastUsage(ctx context.Context, _ *kms.GetKeyLastUsageInput, _ ...func(*kms.Options)) (*kms.GetKeyLastUsageOutput, error) {
	return nil, c.unimplemented(ctx, "GetKeyLastUsage")
}

// GetParametersForImport is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) GetParametersForImport(ctx context.Context, _ *kms.GetParametersForImportInput, _ ...func(*kms.Options)) (*kms.GetParametersForImportOutput, error) {
	return nil, c.unimplemented(ctx, "GetParametersForImport")
}

// GetPublicKey is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) GetPublicKey(ctx context.Context, _ *kms.GetPublicKeyInput, _ ...func(*kms.Options)) (*kms.GetPublicKeyOutput, error) {
	return nil, c.unimplemented(ctx, "GetPublicKey")
}

// ImportKeyMaterial is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) ImportKeyMaterial(ctx context.Context, _ *kms.ImportKeyMaterialInput, _ ...func(*kms.Options)) (*kms.ImportKeyMaterialOutput, error) {
	return nil, c.unimplemented(ctx, "ImportKeyMaterial")
}

// ListKeyRotations is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) ListKeyRotations(ctx context.Context, _ *kms.ListKeyRotationsInput, _ ...func(*kms.Options)) (*kms.ListKeyRotationsOutput, error) {
	return nil, c.unimplemented(ctx, "ListKeyRotations")
}

// ReEncrypt is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) ReEncrypt(ctx context.Context, _ *kms.ReEncryptInput, _ ...func(*kms.Options)) (*kms.ReEncryptOutput, error) {
	return nil, c.unimplemented(ctx, "ReEncrypt")
}

// RotateKeyOnDemand is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) RotateKeyOnDemand(ctx context.Context, _ *kms.RotateKeyOnDemandInput, _ ...func(*kms.Options)) (*kms.RotateKeyOnDemandOutput, error) {
	return nil, c.unimplemented(ctx, "RotateKeyOnDemand")
}

// Sign is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) Sign(ctx context.Context, _ *kms.SignInput, _ ...func(*kms.Options)) (*kms.SignOutput, error) {
	return nil, c.unimplemented(ctx, "Sign")
}

// UpdateCustomKeyStore is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) UpdateCustomKeyStore(ctx context.Context, _ *kms.UpdateCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.UpdateCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "UpdateCustomKeyStore")
}

// Verify is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) Verify(ctx context.Context, _ *kms.VerifyInput, _ ...func(*kms.Options)) (*kms.VerifyOutput, error) {
	return nil, c.unimplemented(ctx, "Verify")
}

// VerifyMac is not implemented yet: it fails with UnsupportedOperationException.
func (c *Client) VerifyMac(ctx context.Context, _ *kms.VerifyMacInput, _ ...func(*kms.Options)) (*kms.VerifyMacOutput, error) {
	return nil, c.unimplemented(ctx, "VerifyMac")
}

// unimplemented answers an operation the simulator does not serve with a
// typed UnsupportedOperationException that says so (A0.23), drawing a
// request ID like every call.
func (c *Client) unimplemented(ctx context.Context, op string) error {
	var what string
	switch op {
	case "ConnectCustomKeyStore", "CreateCustomKeyStore", "DeleteCustomKeyStore", "DescribeCustomKeyStores",
		"DisconnectCustomKeyStore", "UpdateCustomKeyStore":
		what = "custom key stores (" + op + ")"
	case "Encapsulate", "Decapsulate":
		what = op + " (ML-KEM keys)"
	default:
		what = op + " is not implemented yet"
	}
	return c.call(ctx, op, &validator{}, func(time.Time) (*middleware.Metadata, error) {
		return nil, mrk.NotSupported(what)
	})
}
