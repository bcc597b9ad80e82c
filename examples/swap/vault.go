// Package swap shows the two ways to put the mrk simulator under existing
// code that uses AWS KMS through aws-sdk-go-v2: keep the *kms.Client and
// give it the simulator's HTTP client (one line), or have the code depend
// on an interface that both *kms.Client and *sim.Client satisfy.
package swap

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// KMS is the part of *kms.Client that Vault uses. Declare the methods with
// the SDK's signatures and both *kms.Client and *sim.Client satisfy it.
type KMS interface {
	Encrypt(ctx context.Context, in *kms.EncryptInput, optFns ...func(*kms.Options)) (*kms.EncryptOutput, error)
	Decrypt(ctx context.Context, in *kms.DecryptInput, optFns ...func(*kms.Options)) (*kms.DecryptOutput, error)
}

// Vault is the code under test: it seals small secrets under one KMS key.
type Vault struct {
	KMS   KMS
	KeyID string
}

// Seal encrypts secret under the vault's key.
func (v *Vault) Seal(ctx context.Context, secret []byte) ([]byte, error) {
	out, err := v.KMS.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(v.KeyID), Plaintext: secret,
		EncryptionContext: map[string]string{"purpose": "vault"}})
	if err != nil {
		return nil, err
	}
	return out.CiphertextBlob, nil
}

// Open decrypts what Seal returned.
func (v *Vault) Open(ctx context.Context, sealed []byte) ([]byte, error) {
	out, err := v.KMS.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: sealed,
		EncryptionContext: map[string]string{"purpose": "vault"}})
	if err != nil {
		return nil, err
	}
	return out.Plaintext, nil
}
