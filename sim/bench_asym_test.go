package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/benbjohnson/clock"
	"github.com/mrksim/mrk/sim"
)

// benchSigners are the asymmetric SIGN_VERIFY specs with one algorithm each.
var benchSigners = []struct {
	spec types.KeySpec
	alg  types.SigningAlgorithmSpec
}{
	{types.KeySpecRsa2048, "RSASSA_PSS_SHA_256"},
	{types.KeySpecRsa3072, "RSASSA_PSS_SHA_384"},
	{types.KeySpecRsa4096, "RSASSA_PKCS1_V1_5_SHA_512"},
	{types.KeySpecEccNistP256, "ECDSA_SHA_256"},
	{types.KeySpecEccNistP384, "ECDSA_SHA_384"},
	{types.KeySpecEccNistP521, "ECDSA_SHA_512"},
	{types.KeySpecEccSecgP256k1, "ECDSA_SHA_256"},
	{types.KeySpecEccNistEdwards25519, "ED25519_SHA_512"},
	{types.KeySpecMlDsa44, "ML_DSA_SHAKE_256"},
	{types.KeySpecMlDsa65, "ML_DSA_SHAKE_256"},
	{types.KeySpecMlDsa87, "ML_DSA_SHAKE_256"},
}

// benchSigner makes a world with one signing key of spec; the key pair is
// derived by a first Sign before the timer starts (derivation is lazy).
func benchSigner(b *testing.B, spec types.KeySpec, alg types.SigningAlgorithmSpec) (*sim.Client, string, []byte) {
	ctx := context.Background()
	w := sim.New(sim.Options{Seed: 1, NoEventLog: true})
	c := w.Client("us-east-1")
	k, err := c.CreateKey(ctx, &kms.CreateKeyInput{KeySpec: spec, KeyUsage: types.KeyUsageTypeSignVerify})
	if err != nil {
		b.Fatal(err)
	}
	s, err := c.Sign(ctx, &kms.SignInput{KeyId: k.KeyMetadata.KeyId, Message: make([]byte, 256), SigningAlgorithm: alg})
	if err != nil {
		b.Fatal(err)
	}
	return c, *k.KeyMetadata.KeyId, s.Signature
}

// BenchmarkSign signs a 256-byte message with each asymmetric key spec.
func BenchmarkSign(b *testing.B) {
	for _, s := range benchSigners {
		b.Run(string(s.spec), func(b *testing.B) {
			c, id, _ := benchSigner(b, s.spec, s.alg)
			in := &kms.SignInput{KeyId: &id, Message: make([]byte, 256), SigningAlgorithm: s.alg}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Sign(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerify verifies a signature of a 256-byte message with each
// asymmetric key spec.
func BenchmarkVerify(b *testing.B) {
	for _, s := range benchSigners {
		b.Run(string(s.spec), func(b *testing.B) {
			c, id, sig := benchSigner(b, s.spec, s.alg)
			in := &kms.VerifyInput{KeyId: &id, Message: make([]byte, 256), Signature: sig, SigningAlgorithm: s.alg}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Verify(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCreateKey creates keys of each spec. Key pairs are derived on
// first use, not here, so every spec costs about the same.
func BenchmarkCreateKey(b *testing.B) {
	usage := func(s types.KeySpec) types.KeyUsageType {
		switch s {
		case types.KeySpecSymmetricDefault:
			return ""
		case types.KeySpecHmac224, types.KeySpecHmac256, types.KeySpecHmac384, types.KeySpecHmac512:
			return types.KeyUsageTypeGenerateVerifyMac
		case types.KeySpecMlKem512, types.KeySpecMlKem768, types.KeySpecMlKem1024:
			return types.KeyUsageTypeEncapsulateDecapsulate
		}
		return types.KeyUsageTypeSignVerify
	}
	specs := []types.KeySpec{types.KeySpecSymmetricDefault, types.KeySpecHmac256}
	for _, s := range benchSigners {
		specs = append(specs, s.spec)
	}
	specs = append(specs, benchKEMSpecs...)
	for _, spec := range specs {
		b.Run(string(spec), func(b *testing.B) {
			w := sim.New(sim.Options{Seed: 1, NoEventLog: true, KeysPerRegion: 1 << 30})
			c := w.Client("us-east-1")
			in := &kms.CreateKeyInput{KeySpec: spec, KeyUsage: usage(spec)}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.CreateKey(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCrypto is moto_bench.py's "crypto" workload: Encrypt 1 KiB
// under a multi-Region primary in us-east-1, Decrypt it with the replica
// in us-west-2; 2 calls per iteration, through the SDK-shaped methods.
func BenchmarkCrypto(b *testing.B) {
	ctx := context.Background()
	clk := clock.NewMock()
	w := sim.New(sim.Options{Seed: 1, Clock: clk})
	east, west := w.Client("us-east-1"), w.Client("us-west-2")
	k, err := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: k.KeyMetadata.KeyId, ReplicaRegion: aws.String("us-west-2")}); err != nil {
		b.Fatal(err)
	}
	clk.Add(time.Minute) // the replica is Enabled
	enc := &kms.EncryptInput{KeyId: k.KeyMetadata.KeyId, Plaintext: make([]byte, 1024)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := east.Encrypt(ctx, enc)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := west.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: out.CiphertextBlob}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(2*b.N)/b.Elapsed().Seconds(), "calls/s")
}

// benchKEMSpecs are the ML-KEM key specs.
var benchKEMSpecs = []types.KeySpec{types.KeySpecMlKem512, types.KeySpecMlKem768, types.KeySpecMlKem1024}

// BenchmarkDecapsulate decapsulates a shared secret with each ML-KEM key
// spec; the key pair is derived by the Encapsulate before the timer starts.
func BenchmarkDecapsulate(b *testing.B) {
	for _, spec := range benchKEMSpecs {
		b.Run(string(spec), func(b *testing.B) {
			ctx := context.Background()
			w := sim.New(sim.Options{Seed: 1, NoEventLog: true})
			c := w.Client("us-east-1")
			k, err := c.CreateKey(ctx, &kms.CreateKeyInput{KeySpec: spec, KeyUsage: types.KeyUsageTypeEncapsulateDecapsulate})
			if err != nil {
				b.Fatal(err)
			}
			e, err := c.Encapsulate(ctx, &kms.EncapsulateInput{KeyId: k.KeyMetadata.KeyId, EncapsulationAlgorithm: types.EncapsulationAlgorithmSpecMlKem})
			if err != nil {
				b.Fatal(err)
			}
			in := &kms.DecapsulateInput{KeyId: k.KeyMetadata.KeyId, SharedSecretCiphertextBlob: e.SharedSecretCiphertextBlob,
				EncapsulationAlgorithm: types.EncapsulationAlgorithmSpecMlKem}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Decapsulate(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
