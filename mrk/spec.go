package mrk

// KeySpec is a key spec as AWS spells it (SYMMETRIC_DEFAULT, RSA_2048, ...).
type KeySpec string

// KeyUsage is a key usage as AWS spells it (ENCRYPT_DECRYPT, ...).
type KeyUsage string

// Origin is the source of a key's material (AWS_KMS or EXTERNAL here).
type Origin string

// The key specs of the API model (A0.25).
const (
	SpecSymmetricDefault KeySpec = "SYMMETRIC_DEFAULT"
	SpecRSA2048          KeySpec = "RSA_2048"
	SpecRSA3072          KeySpec = "RSA_3072"
	SpecRSA4096          KeySpec = "RSA_4096"
	SpecECCNISTP256      KeySpec = "ECC_NIST_P256"
	SpecECCNISTP384      KeySpec = "ECC_NIST_P384"
	SpecECCNISTP521      KeySpec = "ECC_NIST_P521"
	SpecECCSECGP256K1    KeySpec = "ECC_SECG_P256K1"
	SpecECCEd25519       KeySpec = "ECC_NIST_EDWARDS25519"
	SpecHMAC224          KeySpec = "HMAC_224"
	SpecHMAC256          KeySpec = "HMAC_256"
	SpecHMAC384          KeySpec = "HMAC_384"
	SpecHMAC512          KeySpec = "HMAC_512"
	SpecSM2              KeySpec = "SM2"
	SpecMLDSA44          KeySpec = "ML_DSA_44"
	SpecMLDSA65          KeySpec = "ML_DSA_65"
	SpecMLDSA87          KeySpec = "ML_DSA_87"
)

// The ML-KEM key specs (FIPS 203). aws-sdk-go-v2 knows them and the API
// model this simulator was specified against does not (A0.25.1); AWS serves
// them outside the China Regions (CreateKey's KeySpec documentation in
// aws-sdk-go-v2 service/kms v1.62.5: "The ML-KEM key specs are not
// available in China Regions").
const (
	SpecMLKEM512  KeySpec = "ML_KEM_512"
	SpecMLKEM768  KeySpec = "ML_KEM_768"
	SpecMLKEM1024 KeySpec = "ML_KEM_1024"
)

// MLKEMSpecs lists the ML-KEM key specs, in the SDK's order. They are not
// in KeySpecs, the API model's list.
var MLKEMSpecs = []KeySpec{SpecMLKEM512, SpecMLKEM768, SpecMLKEM1024}

// The key usages of the API model.
const (
	UsageEncryptDecrypt    KeyUsage = "ENCRYPT_DECRYPT"
	UsageSignVerify        KeyUsage = "SIGN_VERIFY"
	UsageGenerateVerifyMac KeyUsage = "GENERATE_VERIFY_MAC"
	UsageKeyAgreement      KeyUsage = "KEY_AGREEMENT"
	// UsageEncapsulateDecapsulate is the usage of ML-KEM keys, known to
	// aws-sdk-go-v2 (KeyUsageTypeEncapsulateDecapsulate) and not to the API
	// model (A0.25.1).
	UsageEncapsulateDecapsulate KeyUsage = "ENCAPSULATE_DECAPSULATE"
)

// The origins of the API model.
const (
	OriginAWSKMS           Origin = "AWS_KMS"
	OriginExternal         Origin = "EXTERNAL"
	OriginCloudHSM         Origin = "AWS_CLOUDHSM"
	OriginExternalKeyStore Origin = "EXTERNAL_KEY_STORE"
)

// KeySpecs lists every key spec of the model, in the model's order.
var KeySpecs = []KeySpec{SpecRSA2048, SpecRSA3072, SpecRSA4096, SpecECCNISTP256, SpecECCNISTP384, SpecECCNISTP521,
	SpecECCSECGP256K1, SpecSymmetricDefault, SpecHMAC224, SpecHMAC256, SpecHMAC384, SpecHMAC512, SpecSM2,
	SpecMLDSA44, SpecMLDSA65, SpecMLDSA87, SpecECCEd25519}

// KeyUsages lists every key usage of the model, in the model's order (not
// the SDK's ENCAPSULATE_DECAPSULATE, which validation error messages do not
// list, A0.25.1).
var KeyUsages = []KeyUsage{UsageSignVerify, UsageEncryptDecrypt, UsageGenerateVerifyMac, UsageKeyAgreement}

// Usages returns the key usages a spec allows (A6.3.5); nil for an unknown spec.
func Usages(s KeySpec) []KeyUsage {
	switch s {
	case SpecSymmetricDefault:
		return []KeyUsage{UsageEncryptDecrypt}
	case SpecHMAC224, SpecHMAC256, SpecHMAC384, SpecHMAC512:
		return []KeyUsage{UsageGenerateVerifyMac}
	case SpecRSA2048, SpecRSA3072, SpecRSA4096:
		return []KeyUsage{UsageEncryptDecrypt, UsageSignVerify}
	case SpecECCNISTP256, SpecECCNISTP384, SpecECCNISTP521:
		return []KeyUsage{UsageSignVerify, UsageKeyAgreement}
	case SpecECCEd25519, SpecECCSECGP256K1, SpecMLDSA44, SpecMLDSA65, SpecMLDSA87:
		return []KeyUsage{UsageSignVerify}
	case SpecSM2:
		return []KeyUsage{UsageEncryptDecrypt, UsageSignVerify, UsageKeyAgreement}
	case SpecMLKEM512, SpecMLKEM768, SpecMLKEM1024:
		// CreateKey's KeyUsage documentation (aws-sdk-go-v2 v1.62.5): "For
		// asymmetric KMS keys with ML-KEM key pairs, specify
		// ENCAPSULATE_DECAPSULATE."
		return []KeyUsage{UsageEncapsulateDecapsulate}
	}
	return nil
}

// Compatible reports whether a spec allows a usage.
func Compatible(s KeySpec, u KeyUsage) bool {
	for _, x := range Usages(s) {
		if x == u {
			return true
		}
	}
	return false
}

// IsHMAC reports whether s is one of the HMAC specs.
func (s KeySpec) IsHMAC() bool {
	return s == SpecHMAC224 || s == SpecHMAC256 || s == SpecHMAC384 || s == SpecHMAC512
}

// IsMLDSA reports whether s is one of the ML-DSA specs.
func (s KeySpec) IsMLDSA() bool { return s == SpecMLDSA44 || s == SpecMLDSA65 || s == SpecMLDSA87 }

// IsMLKEM reports whether s is one of the ML-KEM specs.
func (s KeySpec) IsMLKEM() bool { return s == SpecMLKEM512 || s == SpecMLKEM768 || s == SpecMLKEM1024 }

// Algorithms are the algorithm lists of KeyMetadata for a spec and usage
// (A0.21.2), in AWS's recorded order. Exactly one list is non-nil.
type Algorithms struct {
	Encryption   []string
	Signing      []string
	Mac          []string
	KeyAgreement []string
	// Encapsulation is KeyMetadata's EncapsulationAlgorithms, present only
	// for an ENCAPSULATE_DECAPSULATE key (aws-sdk-go-v2 v1.62.5
	// types.KeyMetadata and GetPublicKeyOutput doc comments).
	Encapsulation []string
}

var (
	algSymmetric = []string{"SYMMETRIC_DEFAULT"}
	algSM2PKE    = []string{"SM2PKE"}
	algRSAES     = []string{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"}
	algRSASSA    = []string{"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384",
		"RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512"}
	algECDSA256 = []string{"ECDSA_SHA_256"}
	algECDSA384 = []string{"ECDSA_SHA_384"}
	algECDSA512 = []string{"ECDSA_SHA_512"}
	algEd25519  = []string{"ED25519_PH_SHA_512", "ED25519_SHA_512"}
	algSM2DSA   = []string{"SM2DSA"}
	algMLDSA    = []string{"ML_DSA_SHAKE_256"}
	algHMAC     = map[KeySpec][]string{SpecHMAC224: {"HMAC_SHA_224"}, SpecHMAC256: {"HMAC_SHA_256"},
		SpecHMAC384: {"HMAC_SHA_384"}, SpecHMAC512: {"HMAC_SHA_512"}}
	algECDH  = []string{"ECDH"}
	algMLKEM = []string{"ML_KEM"}
)

// AlgorithmsFor returns the algorithm lists of a key of spec s and usage u.
// The slices are shared: callers must not modify them.
func AlgorithmsFor(s KeySpec, u KeyUsage) Algorithms {
	switch u {
	case UsageEncryptDecrypt:
		switch s {
		case SpecSymmetricDefault:
			return Algorithms{Encryption: algSymmetric}
		case SpecSM2:
			return Algorithms{Encryption: algSM2PKE}
		}
		return Algorithms{Encryption: algRSAES}
	case UsageSignVerify:
		switch s {
		case SpecRSA2048, SpecRSA3072, SpecRSA4096:
			return Algorithms{Signing: algRSASSA}
		case SpecECCNISTP256, SpecECCSECGP256K1:
			return Algorithms{Signing: algECDSA256}
		case SpecECCNISTP384:
			return Algorithms{Signing: algECDSA384}
		case SpecECCNISTP521:
			return Algorithms{Signing: algECDSA512}
		case SpecECCEd25519:
			return Algorithms{Signing: algEd25519}
		case SpecSM2:
			return Algorithms{Signing: algSM2DSA}
		}
		return Algorithms{Signing: algMLDSA}
	case UsageGenerateVerifyMac:
		return Algorithms{Mac: algHMAC[s]}
	case UsageKeyAgreement:
		return Algorithms{KeyAgreement: algECDH}
	case UsageEncapsulateDecapsulate:
		return Algorithms{Encapsulation: algMLKEM}
	}
	return Algorithms{}
}
