package mrk

// Symmetric cryptography across Regions (SPEC §9; SPEC-API §A7 Decrypt,
// §A19 Encrypt, §A20 GenerateDataKey, §A23 GenerateDataKeyWithoutPlaintext,
// §A25 GenerateRandom, §A40 ReEncrypt).
//
// The members of a set share its materials (R2.3.1, R8.1.5), so a
// ciphertext made by any member opens with every other member, each in its
// own Region (R9.1, R9.7). Each call uses the member in the called Region
// and that member's state alone (R9.2). RSA encryption keys encrypt with
// RSAES-OAEP (seed drawn from the world's entropy) and decrypt the raw RSA
// ciphertext, with the key pair every member derives from the set's
// material (asym.go, R9.10).
//
// # Key derivation
//
// The AES-256 key of a material is HMAC-SHA256(Material.Seed, "mrk
// aes-256-gcm"): 32 bytes that depend on the material alone, so every
// member of a set derives the same key for the same material. Imported
// material (Material.Raw) is the AES-256 key itself.
//
// # Ciphertext format
//
// AWS does not publish its format (R9.13); the simulator's symmetric
// ciphertext blob is, in order:
//
//	offset size  field
//	0      4     magic "mrk" and format version 0x01
//	4      1     key ID form: 1 single-Region (UUID), 2 multi-Region (mrk-)
//	5      16    key ID: the 16 bytes its 32 hex digits spell
//	21     12    owning account: 12 ASCII digits
//	33     32    KeyMaterialId: the 32 bytes its 64 hex digits spell
//	65     12    AES-GCM nonce, drawn from the world's entropy
//	77     n+16  AES-256-GCM ciphertext of the n-byte plaintext, then the tag
//
// The additional authenticated data is the 77-byte header followed by the
// encryption context in canonical form: the number of pairs, then each key
// and value in byte order of the keys, every count and length an unsigned varint. An
// absent context and {} encode alike (A0.16.4). The blob names no Region
// (R9.13), and a plaintext of at most 4096 bytes gives at most 4189 bytes,
// under the 6144 of CiphertextType.

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
)

// The error codes of the cryptographic operations.
const (
	CodeIncorrectKey      Code = "IncorrectKeyException"
	CodeInvalidCiphertext Code = "InvalidCiphertextException"
	CodeDryRun            Code = "DryRunOperationException"
)

// The encryption algorithms of the model (A0.25).
const (
	AlgSymmetricDefault = "SYMMETRIC_DEFAULT"
	AlgRSAESOAEPSHA1    = "RSAES_OAEP_SHA_1"
	AlgRSAESOAEPSHA256  = "RSAES_OAEP_SHA_256"
	AlgSM2PKE           = "SM2PKE"
)

// Messages of the cryptographic operations, exact where recorded.
const (
	// msgIncorrectKey is R9.4's text (msg✓ multi_region.json:decrypt_replica_primary_arn).
	msgIncorrectKey = "The key ID in the request does not identify a CMK that can perform this operation."
	// msgNoCiphertextKey is O-37 / O50's recommended text.
	msgNoCiphertextKey = "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access."
	// msgDryRun is A0.14.3's text (msg✓).
	msgDryRun = "The request would have succeeded, but the DryRun option is set."
	// msgAsymmetricContext is A0.16.2's text (msg✓ rsa.json:encryption_context).
	msgAsymmetricContext = "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs."
	// msgInvalidContext is A0.16.3's text (O20).
	msgInvalidContext = "Invalid EncryptionContext"
	// msgKeyIDNull is A7.3.2's text (msg✓ rsa.json:decrypt_no_key).
	msgKeyIDNull = "KeyId must not be null"
	// msgIgnoreWithoutKey is A0.14.4's answer; its text is unrecorded.
	msgIgnoreWithoutKey = "KeyId must not be null when DryRunModifiers contains IGNORE_CIPHERTEXT."
	// msgDataKeySize is A20.3.2's text (from a peer).
	msgDataKeySize = "Please specify either number of bytes or key spec."
	// msgRandomSize is A25.3.2's text (msg✓ LS:test_generate_random_invalid_number_of_bytes[None]).
	msgRandomSize = "NumberOfBytes is required."
)

// Sizes of the ciphertext format.
const (
	blobMagic    = "mrk\x01"
	blobHeader   = 77
	gcmNonceSize = 12
	gcmTagSize   = 16
	// MaxRandomBytes is GenerateRandom's and GenerateDataKey's NumberOfBytes maximum.
	MaxRandomBytes = 1024
)

var aesLabel = []byte("mrk aes-256-gcm")

func errDryRun() *Error            { return &Error{CodeDryRun, msgDryRun} }
func errInvalidCiphertext() *Error { return &Error{CodeInvalidCiphertext, ""} }
func errIncorrectKey() *Error      { return &Error{CodeIncorrectKey, msgIncorrectKey} }

// blobHead is what a ciphertext's header names.
type blobHead struct {
	account, keyID, materialID string
}

// parseBlob reads a ciphertext's header; ok is false when b is not a
// ciphertext of the simulator's format.
func parseBlob(b []byte) (h blobHead, ok bool) {
	if len(b) < blobHeader+gcmTagSize || string(b[:4]) != blobMagic {
		return h, false
	}
	switch b[4] {
	case 1:
		h.keyID = formatUUID(b[5:21])
	case 2:
		h.keyID = "mrk-" + hex.EncodeToString(b[5:21])
	default:
		return h, false
	}
	h.account = string(b[21:33])
	if !ValidAccountID(h.account) {
		return blobHead{}, false
	}
	h.materialID = hex.EncodeToString(b[33:65])
	return h, true
}

func formatUUID(b []byte) string {
	x := hex.EncodeToString(b)
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// keyIDBytes is the inverse of the key ID field of the header.
func keyIDBytes(id string) (form byte, b []byte) {
	if IsMultiRegionKeyID(id) {
		b, _ = hex.DecodeString(id[4:])
		return 2, b
	}
	b, _ = hex.DecodeString(id[0:8] + id[9:13] + id[14:18] + id[19:23] + id[24:36])
	return 1, b
}

// aead returns the AES-256-GCM cipher of a material.
func (m *Material) aead() cipher.AEAD {
	key := m.Raw
	if key == nil {
		mac := hmac.New(sha256.New, m.Seed[:])
		mac.Write(aesLabel)
		key = mac.Sum(nil)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		panic("mrk: " + err.Error())
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		panic("mrk: " + err.Error())
	}
	return g
}

// contextAAD appends the canonical form of an encryption context.
func contextAAD(b []byte, ctx map[string]string) []byte {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, uint64(len(ctx[k])))
		b = append(b, ctx[k]...)
	}
	return b
}

// sealBlob encrypts plaintext under the set's current material m, bound to
// ctx, with a nonce drawn from ent.
func sealBlob(ent Entropy, set *KeySet, m *Material, plaintext []byte, ctx map[string]string) []byte {
	out := make([]byte, blobHeader, blobHeader+len(plaintext)+gcmTagSize)
	copy(out, blobMagic)
	form, id := keyIDBytes(set.ID)
	out[4] = form
	copy(out[5:21], id)
	copy(out[21:33], set.Account)
	hex.Decode(out[33:65], []byte(m.ID))
	mustRead(ent, out[65:blobHeader])
	aad := contextAAD(slices.Clone(out), ctx)
	return m.aead().Seal(out, out[65:blobHeader], plaintext, aad)
}

// openBlob authenticates and decrypts a blob whose header h names set, with
// the material it names (any version of the set, R9.7).
func openBlob(set *KeySet, h blobHead, blob []byte, ctx map[string]string) ([]byte, error) {
	i := slices.IndexFunc(set.Materials, func(m Material) bool { return m.ID == h.materialID })
	if i < 0 {
		return nil, errInvalidCiphertext()
	}
	aad := contextAAD(slices.Clone(blob[:blobHeader]), ctx)
	pt, err := set.Materials[i].aead().Open(nil, blob[65:blobHeader], blob[blobHeader:], aad)
	if err != nil {
		return nil, errInvalidCiphertext()
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt, nil
}

// checkContext is A0.16.3's P2 check of an encryption context.
func checkContext(ctxs ...map[string]string) error {
	for _, ctx := range ctxs {
		for k, v := range ctx {
			if k == "" || v == "" {
				return &Error{CodeValidation, msgInvalidContext}
			}
		}
	}
	return nil
}

func checkSM2(algs ...string) error {
	if slices.Contains(algs, AlgSM2PKE) {
		return NotSupported("encryption algorithm SM2PKE")
	}
	return nil
}

func isRSAAlgorithm(alg string) bool { return alg == AlgRSAESOAEPSHA1 || alg == AlgRSAESOAEPSHA256 }

// checkUsage is KU1 (A0.27.1) for op.
func checkUsage(k *Key, op Op) error {
	if u := k.Set.Usage; u != UsageEncryptDecrypt {
		return Errorf(CodeInvalidKeyUsage, "%s key usage is %s which is not valid for %s.", k.ARN(), u, op)
	}
	return nil
}

// checkAlgorithm is KU2 (A0.27.2).
func checkAlgorithm(k *Key, alg string) error {
	set := k.Set
	if !slices.Contains(AlgorithmsFor(set.Spec, set.Usage).Encryption, alg) {
		return Errorf(CodeInvalidKeyUsage, "Algorithm %s is incompatible with key spec %s.", alg, set.Spec)
	}
	return nil
}

// rsaHash is the hash of an RSAES_OAEP algorithm (OAEP and MGF1 alike).
func rsaHash(alg string) crypto.Hash {
	if alg == AlgRSAESOAEPSHA1 {
		return crypto.SHA1
	}
	return crypto.SHA256
}

// checkRSAPlaintext is P6 for an RSA encryption key: A0.16.2's context
// rule, then the plaintext size OAEP allows (msg✓ rsa.json:encrypt_too_large),
// known from the key spec without deriving the key; n < 0 skips the size.
func checkRSAPlaintext(k *Key, alg string, ctx map[string]string, n int) error {
	if len(ctx) > 0 {
		return &Error{CodeValidation, msgAsymmetricContext}
	}
	if max := oaepMax(rsaBits(k.Set.Spec), rsaHash(alg)); n > max {
		return Errorf(CodeValidation, "Algorithm %s and key spec %s cannot encrypt data larger than %d bytes.", alg, k.Set.Spec, max)
	}
	return nil
}

// seal encrypts plaintext with the key sealer returned: the symmetric blob,
// or for an RSA key RSAES-OAEP with the seed drawn from ent (the raw RSA
// ciphertext, as AWS returns it).
func seal(ent Entropy, k *Key, m *Material, alg string, plaintext []byte, ctx map[string]string) []byte {
	if k.Set.Spec == SpecSymmetricDefault {
		return sealBlob(ent, k.Set, m, plaintext, ctx)
	}
	kp, err := m.KeyPair(k.Set.Spec)
	if err != nil {
		panic("mrk: " + err.Error()) // an RSA key's material always has a pair (checked by the sealer)
	}
	return encryptOAEP(ent, &kp.Private.(*rsa.PrivateKey).PublicKey, rsaHash(alg), plaintext)
}

// materialID is what a response names as KeyMaterialId: only symmetric
// keys have one there (R9.5, R9.8).
func materialID(k *Key, m *Material) string {
	if k.Set.Spec != SpecSymmetricDefault {
		return ""
	}
	return m.ID
}

// sealer runs P3–P6 for a key that encrypts (A19.3.3–A19.3.6, the
// destination of A40.3.4, A20.3.3–A20.3.5): resolution, the gate CG, usage
// (KU1) and algorithm (KU2; "" is SYMMETRIC_DEFAULT), and for an RSA key
// A0.16.2 and the plaintext's size n (n < 0: not known yet). It returns
// the key, its current material and the algorithm.
func (s *Store) sealer(c Caller, op Op, keyID, alg string, ctx map[string]string, n int) (*Key, *Material, string, error) {
	var k *Key
	var err error
	if op == OpReEncrypt {
		// The destination key is authorized for kms:ReEncryptTo.
		if k, err = s.find(c, op, keyID); err == nil {
			if err = s.unseen(op, k); err == nil {
				err = authorize(c, "ReEncryptTo", k)
			}
		}
		if err == nil {
			if gerr := Gate(op, s.VisibleState(op, k)).Err(k.ARN()); gerr != nil {
				err = gerr
			}
		}
	} else {
		k, err = s.Get(c, op, keyID)
	}
	if err != nil {
		return nil, nil, "", err
	}
	if alg == "" {
		alg = AlgSymmetricDefault
	}
	if err := checkUsage(k, op); err != nil {
		return nil, nil, "", err
	}
	if err := checkAlgorithm(k, alg); err != nil {
		return nil, nil, "", err
	}
	if k.Set.Spec != SpecSymmetricDefault {
		if err := checkRSAPlaintext(k, alg, ctx, n); err != nil {
			return nil, nil, "", err
		}
	}
	m := k.Set.CurrentMaterial()
	if m == nil { // a key without material is PendingImport and fails the gate
		return nil, nil, "", EPI.Err(k.ARN())
	}
	return k, m, alg, nil
}

// opening is the source side of Decrypt and ReEncrypt.
type opening struct {
	keyID  string // "" when absent
	blob   []byte
	ctx    map[string]string
	alg    string // "" when absent
	ignore bool   // a dry run with IGNORE_CIPHERTEXT (A0.14.4)
}

// opened is what the source side found.
type opened struct {
	key        *Key
	plaintext  []byte
	alg        string
	materialID string
}

// openSource runs A7.3.3–A7.3.6 for op: which key (from KeyId, else from the
// blob), the gate CG on it, the key ID match, usage and algorithm, and
// authentication of the blob with the material it names.
func (s *Store) openSource(c Caller, op Op, o opening) (opened, error) {
	var h blobHead
	parsed := false
	if !o.ignore {
		h, parsed = parseBlob(o.blob)
	}
	var k *Key
	if o.keyID != "" {
		var err error
		if k, err = s.resolveOpening(c, op, o.keyID, h, parsed); err != nil {
			return opened{}, err
		}
	} else {
		if !parsed {
			return opened{}, errInvalidCiphertext() // A7.3.3(2)
		}
		if k = s.Lookup(h.account, c.Region, h.keyID); k == nil {
			return opened{}, &Error{CodeAccessDenied, msgNoCiphertextKey} // O-37, O50
		}
	}
	if err := s.unseen(op, k); err != nil {
		return opened{}, err
	}
	if err := authorize(c, action(op), k); err != nil {
		return opened{}, err
	}
	if err := Gate(op, s.VisibleState(op, k)).Err(k.ARN()); err != nil {
		return opened{}, err
	}
	if parsed && (h.keyID != k.ID() || h.account != k.Account()) {
		return opened{}, errIncorrectKey() // A7.3.5(1)
	}
	if err := checkUsage(k, op); err != nil {
		return opened{}, err
	}
	alg := o.alg
	if alg == "" {
		if k.Set.Spec != SpecSymmetricDefault {
			return opened{}, errInvalidCiphertext() // A7.3.5(3), rsa.json:decrypt_default_algorithm
		}
		alg = AlgSymmetricDefault
	}
	if err := checkAlgorithm(k, alg); err != nil {
		return opened{}, err
	}
	out := opened{key: k, alg: alg}
	if k.Set.Spec != SpecSymmetricDefault {
		if len(o.ctx) > 0 {
			return opened{}, &Error{CodeValidation, msgAsymmetricContext}
		}
		if o.ignore {
			return out, nil
		}
		kp, err := asymmetricKey(k)
		if err != nil {
			return opened{}, err
		}
		pt, err := rsa.DecryptOAEP(rsaHash(alg).New(), nil, kp.Private.(*rsa.PrivateKey), o.blob, nil)
		if err != nil {
			return opened{}, errInvalidCiphertext() // R9.6
		}
		if pt == nil {
			pt = []byte{}
		}
		out.plaintext = pt
		return out, nil
	}
	if o.ignore {
		return out, nil
	}
	if !parsed {
		return opened{}, errInvalidCiphertext() // A7.3.6
	}
	pt, err := openBlob(k.Set, h, o.blob, o.ctx)
	if err != nil {
		return opened{}, err
	}
	out.plaintext, out.materialID = pt, h.materialID
	return out, nil
}

// resolveOpening resolves Decrypt's KeyId or ReEncrypt's SourceKeyId. A
// key ARN of another Region cannot name the key in the called Region, so
// it is IncorrectKeyException rather than R1.5.3 step 1 (R9.4, O-43); a
// bare key ID equal to the blob's resolves in the blob's account (R9.3).
func (s *Store) resolveOpening(c Caller, op Op, v string, h blobHead, parsed bool) (*Key, error) {
	id := ParseIdent(v)
	switch {
	case id.Kind == IdentKeyARN && id.Region != c.Region && IsKeyID(id.Resource):
		return nil, errIncorrectKey()
	case id.Kind == IdentKeyID && parsed && v == h.keyID && h.account != c.Account:
		if k := s.Lookup(h.account, c.Region, v); k != nil {
			return k, nil
		}
	}
	return s.Resolve(c, op, v)
}

// EncryptParams are Encrypt's parameters after P1 validation (A19.1).
type EncryptParams struct {
	KeyID       string
	Plaintext   []byte
	Context     map[string]string
	Algorithm   string // "" when absent
	GrantTokens []string
	DryRun      bool
}

// Encrypted is the result of Encrypt (A19.3.8).
type Encrypted struct {
	Key        *Key
	Ciphertext []byte
	Algorithm  string
	MaterialID string // the material that encrypted; Encrypt's response omits it
}

// Encrypt encrypts up to 4096 bytes with the current material of a key
// (§A19): grant tokens, context syntax and SM2PKE (P2); the key (P3–P6);
// DryRun (P7). The nonce is drawn from ent.
func (s *Store) Encrypt(ent Entropy, c Caller, p EncryptParams) (Encrypted, error) {
	if err := s.p2(p.GrantTokens, p.Context); err != nil {
		return Encrypted{}, err
	}
	if err := checkSM2(p.Algorithm); err != nil {
		return Encrypted{}, err
	}
	k, m, alg, err := s.sealer(c, OpEncrypt, p.KeyID, p.Algorithm, p.Context, len(p.Plaintext))
	if err != nil {
		return Encrypted{}, err
	}
	if p.DryRun {
		return Encrypted{}, errDryRun()
	}
	return Encrypted{k, seal(ent, k, m, alg, p.Plaintext, p.Context), alg, materialID(k, m)}, nil
}

// p2 checks grant tokens (A0.15.2) and then encryption contexts (A0.16.3).
func (s *Store) p2(tokens []string, ctxs ...map[string]string) error {
	if err := s.CheckGrantTokens(tokens); err != nil {
		return err
	}
	return checkContext(ctxs...)
}

// DecryptParams are Decrypt's parameters after P1 validation (A7.1).
type DecryptParams struct {
	KeyID       string // "" when absent
	Ciphertext  []byte
	Context     map[string]string
	Algorithm   string // "" when absent
	GrantTokens []string
	Recipient   bool // the Recipient member was sent
	DryRun      bool
	// IgnoreCiphertext is DryRunModifiers holding IGNORE_CIPHERTEXT; it
	// counts only with DryRun (A0.14.4).
	IgnoreCiphertext bool
}

// Decrypted is the result of Decrypt (A7.3.9).
type Decrypted struct {
	Key        *Key // the member in the called Region (R9.5)
	Plaintext  []byte
	Algorithm  string
	MaterialID string // the material that decrypted
}

// Decrypt decrypts a ciphertext with the member of its set in the called
// Region (§A7, R9.4, R9.5): the P2 checks of A7.3.2, then A7.3.3–A7.3.6,
// then DryRun. It draws no entropy.
func (s *Store) Decrypt(c Caller, p DecryptParams) (Decrypted, error) {
	ignore := p.DryRun && p.IgnoreCiphertext
	if p.Recipient {
		return Decrypted{}, errRecipient()
	}
	if err := s.p2(p.GrantTokens, p.Context); err != nil {
		return Decrypted{}, err
	}
	switch {
	case ignore && p.KeyID == "":
		return Decrypted{}, &Error{CodeValidation, msgIgnoreWithoutKey}
	case isRSAAlgorithm(p.Algorithm) && p.KeyID == "":
		return Decrypted{}, &Error{CodeValidation, msgKeyIDNull}
	}
	if err := checkSM2(p.Algorithm); err != nil {
		return Decrypted{}, err
	}
	o, err := s.openSource(c, OpDecrypt, opening{p.KeyID, p.Ciphertext, p.Context, p.Algorithm, ignore})
	if err != nil {
		return Decrypted{}, err
	}
	if p.DryRun {
		return Decrypted{}, errDryRun()
	}
	return Decrypted{o.key, o.plaintext, o.alg, o.materialID}, nil
}

func errRecipient() *Error {
	return NotSupported("the Recipient parameter (attested enclave recipients)")
}

// ReEncryptParams are ReEncrypt's parameters after P1 validation (A40.1).
type ReEncryptParams struct {
	Ciphertext           []byte
	SourceKeyID          string // "" when absent
	SourceContext        map[string]string
	SourceAlgorithm      string // "" when absent
	DestinationKeyID     string
	DestinationContext   map[string]string
	DestinationAlgorithm string // "" when absent
	GrantTokens          []string
	DryRun               bool
	IgnoreCiphertext     bool // as in DecryptParams
}

// ReEncrypted is the result of ReEncrypt (A40.3.7).
type ReEncrypted struct {
	Source, Destination                     *Key
	Ciphertext                              []byte
	SourceAlgorithm, DestinationAlgorithm   string
	SourceMaterialID, DestinationMaterialID string
}

// ReEncrypt decrypts under the source key and encrypts under the
// destination key (§A40): P2 (A40.3.2), the whole source side (A40.3.3,
// A40.3.5, O83), the destination side (A40.3.4), DryRun, then a nonce
// drawn from ent.
func (s *Store) ReEncrypt(ent Entropy, c Caller, p ReEncryptParams) (ReEncrypted, error) {
	ignore := p.DryRun && p.IgnoreCiphertext
	if err := s.p2(p.GrantTokens, p.SourceContext, p.DestinationContext); err != nil {
		return ReEncrypted{}, err
	}
	if ignore && p.SourceKeyID == "" {
		return ReEncrypted{}, &Error{CodeValidation, "SourceKeyId must not be null when DryRunModifiers contains IGNORE_CIPHERTEXT."}
	}
	if err := checkSM2(p.SourceAlgorithm, p.DestinationAlgorithm); err != nil {
		return ReEncrypted{}, err
	}
	o, err := s.openSource(c, OpReEncrypt, opening{p.SourceKeyID, p.Ciphertext, p.SourceContext, p.SourceAlgorithm, ignore})
	if err != nil {
		return ReEncrypted{}, err
	}
	n := len(o.plaintext)
	if o.plaintext == nil {
		n = -1 // IGNORE_CIPHERTEXT: nothing was decrypted
	}
	k, m, alg, err := s.sealer(c, OpReEncrypt, p.DestinationKeyID, p.DestinationAlgorithm, p.DestinationContext, n)
	if err != nil {
		return ReEncrypted{}, err
	}
	if p.DryRun {
		return ReEncrypted{}, errDryRun()
	}
	return ReEncrypted{Source: o.key, Destination: k, Ciphertext: seal(ent, k, m, alg, o.plaintext, p.DestinationContext),
		SourceAlgorithm: o.alg, DestinationAlgorithm: alg, SourceMaterialID: o.materialID, DestinationMaterialID: materialID(k, m)}, nil
}

// DataKeyParams are the parameters of GenerateDataKey and
// GenerateDataKeyWithoutPlaintext after P1 validation (A20.1, A23.1).
type DataKeyParams struct {
	KeyID         string
	Context       map[string]string
	NumberOfBytes int    // 0 when absent
	KeySpec       string // AES_256, AES_128 or "" when absent
	GrantTokens   []string
	Recipient     bool
	DryRun        bool
}

// DataKey is a data key in plaintext and encrypted (A20.3.7, A23.3.1).
type DataKey struct {
	Key        *Key
	Plaintext  []byte
	Ciphertext []byte
	MaterialID string
}

// GenerateDataKey makes a data key and encrypts it like Encrypt (§A20;
// §A23 when op is OpGenerateDataKeyWithoutPlaintext, whose caller drops
// the plaintext): P2 (A20.3.2), the key (A20.3.3–A20.3.5, O60), DryRun,
// then the data key and the nonce drawn from ent, in that order.
func (s *Store) GenerateDataKey(ent Entropy, c Caller, op Op, p DataKeyParams) (DataKey, error) {
	n := p.NumberOfBytes
	switch {
	case (n == 0) == (p.KeySpec == ""):
		return DataKey{}, &Error{CodeValidation, msgDataKeySize}
	case p.KeySpec == "AES_256":
		n = 32
	case p.KeySpec == "AES_128":
		n = 16
	case p.KeySpec != "" || n < 0 || n > MaxRandomBytes:
		return DataKey{}, &Error{CodeValidation, msgDataKeySize}
	}
	if p.Recipient {
		return DataKey{}, errRecipient()
	}
	if err := s.p2(p.GrantTokens, p.Context); err != nil {
		return DataKey{}, err
	}
	k, m, _, err := s.sealer(c, op, p.KeyID, "", p.Context, -1)
	if err != nil {
		return DataKey{}, err
	}
	if p.DryRun {
		return DataKey{}, errDryRun()
	}
	dk := make([]byte, n)
	mustRead(ent, dk)
	return DataKey{k, dk, sealBlob(ent, k.Set, m, dk, p.Context), m.ID}, nil
}

// GenerateRandom returns n bytes drawn from ent (§A25). n is 0 when
// NumberOfBytes is absent (A25.3.2); customKeyStore and recipient say
// whether CustomKeyStoreId and Recipient were sent (A0.23.1).
func (s *Store) GenerateRandom(ent Entropy, n int, customKeyStore, recipient bool) ([]byte, error) {
	switch {
	case n == 0:
		return nil, &Error{CodeValidation, msgRandomSize}
	case n < 0 || n > MaxRandomBytes:
		return nil, Errorf(CodeValidation, "NumberOfBytes must be between 1 and %d.", MaxRandomBytes)
	case customKeyStore:
		return nil, NotSupported("custom key stores (CustomKeyStoreId)")
	case recipient:
		return nil, errRecipient()
	}
	b := make([]byte, n)
	mustRead(ent, b)
	return b, nil
}
