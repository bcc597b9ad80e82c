// Package envelope encrypts data of any size under a multi-Region key with
// envelope encryption: GenerateDataKey returns a fresh AES-256 key in
// plaintext and encrypted under the KMS key; the data is sealed locally
// with AES-GCM and only the encrypted data key is stored next to it. Any
// Region holding a member of the set can open the envelope with its own
// member, so the data stays readable when one Region is down.
package envelope

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// KMS is the part of *kms.Client the envelope uses.
type KMS interface {
	GenerateDataKey(ctx context.Context, in *kms.GenerateDataKeyInput, optFns ...func(*kms.Options)) (*kms.GenerateDataKeyOutput, error)
	Decrypt(ctx context.Context, in *kms.DecryptInput, optFns ...func(*kms.Options)) (*kms.DecryptOutput, error)
}

// Envelope is sealed data with the data key that seals it, encrypted
// under the KMS key.
type Envelope struct {
	EncryptedKey []byte
	Nonce        []byte
	Sealed       []byte
}

// Seal encrypts data under a new data key from keyID.
func Seal(ctx context.Context, c KMS, keyID string, data []byte) (*Envelope, error) {
	dk, err := c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: aws.String(keyID), KeySpec: types.DataKeySpecAes256})
	if err != nil {
		return nil, err
	}
	gcm, err := newGCM(dk.Plaintext)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return &Envelope{EncryptedKey: dk.CiphertextBlob, Nonce: nonce, Sealed: gcm.Seal(nil, nonce, data, nil)}, nil
}

// Open decrypts the envelope's data key with c (a client in any Region of
// the key's set) and opens the data.
func Open(ctx context.Context, c KMS, e *Envelope) ([]byte, error) {
	dk, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: e.EncryptedKey})
	if err != nil {
		return nil, err
	}
	gcm, err := newGCM(dk.Plaintext)
	if err != nil {
		return nil, err
	}
	data, err := gcm.Open(nil, e.Nonce, e.Sealed, nil)
	if err != nil {
		return nil, errors.New("envelope: the data was altered")
	}
	return data, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}
