package mrk

// Unit tests of the symmetric cryptography of the model (crypto.go): the
// ciphertext format and key derivation it documents (SPEC R9.3, R9.13),
// the key-state gate CG of every cryptographic row (R3.6.1, A0.13.5), the
// order of checks (R3.8.1, A0.11), and the rule that a failing call
// changes nothing and draws nothing (A0.11.3). Every case names its rule.
//
// Package-level identifiers of this file start with "cr" so that it can
// sit next to other tests of package mrk.

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	crAcct  = "111122223333"
	crOther = "444455556666"
	crE1    = "us-east-1"
	crW2    = "us-west-2"
	crEU    = "eu-west-1"
)

var crStart = time.Date(2026, 9, 12, 9, 0, 0, 0, time.UTC)

// crWorld is a store driven by a mock clock, its timers kept by the test.
type crWorld struct {
	driver[*testEntropy]
}

func crNew(t *testing.T) *crWorld {
	return &crWorld{driver: newDriver(t, DefaultConfig(), crStart, countingEntropy(131))}
}

func crIn(region string) Caller { return Caller{Account: crAcct, Region: region} }

func (w *crWorld) create(region string, p KeyParams) string {
	w.t.Helper()
	k, err := w.s.CreateKey(w.clk.Now(), w.ent, crIn(region), p)
	w.must("CreateKey", err)
	return k.ID()
}

// set makes a multi-Region primary in p with Enabled replicas in rs.
func (w *crWorld) set(p string, rs ...string) string {
	w.t.Helper()
	id := w.create(p, KeyParams{MultiRegion: true})
	for _, r := range rs {
		_, ts, err := w.s.ReplicateKey(w.clk.Now(), crIn(p), id, r, MemberParams{})
		w.must("ReplicateKey", err)
		w.timers = append(w.timers, ts...)
	}
	w.advance(w.s.Config().ReplicaCreatingDuration)
	return id
}

func (w *crWorld) encrypt(region, keyID, text string, ctx map[string]string) Encrypted {
	w.t.Helper()
	r, err := w.s.Encrypt(w.ent, crIn(region), EncryptParams{KeyID: keyID, Plaintext: []byte(text), Context: ctx})
	w.must("Encrypt", err)
	return r
}

// crSnap is the whole store as plain values, plus the entropy drawn and
// the timers pending.
type crSnap struct {
	Keys   []string
	Drawn  int
	Timers int
}

func (w *crWorld) snap() crSnap {
	var s crSnap
	w.s.All(func(k *Key) {
		var ms []string
		for _, m := range k.Set.Materials {
			ms = append(ms, m.ID)
		}
		s.Keys = append(s.Keys, fmt.Sprint(k.Account(), k.Region, k.ID(), k.State, k.Set.Primary, k.Set.Replicas, ms))
	})
	s.Drawn, s.Timers = w.ent.n, len(w.timers)
	return s
}

// crWant is an expected error: its code and exact message, or only a
// prefix of it (prefix set).
type crWant struct {
	code   Code
	msg    string
	prefix bool
}

func crErr(code Code, msg string) crWant    { return crWant{code: code, msg: msg} }
func crPrefix(code Code, msg string) crWant { return crWant{code: code, msg: msg, prefix: true} }

// fails runs call, which must fail with want and leave the store, the
// entropy stream and the timers untouched (A0.11.3).
func (w *crWorld) fails(t *testing.T, want crWant, call func() error) {
	t.Helper()
	before := w.snap()
	err := call()
	if d := cmp.Diff(before, w.snap()); d != "" {
		t.Errorf("A0.11.3: the failed call changed the store (-before +after):\n%s", d)
	}
	e, ok := err.(*Error)
	switch {
	case err == nil:
		t.Errorf("succeeded, want %s %q", want.code, want.msg)
	case !ok:
		t.Errorf("error %T %v is not an *Error", err, err)
	case e.Code != want.code || !want.prefix && e.Message != want.msg || want.prefix && !strings.HasPrefix(e.Message, want.msg):
		t.Errorf("failed with %s %q, want %s %q (prefix %t)", e.Code, e.Message, want.code, want.msg, want.prefix)
	}
}

// TestCryptoCiphertextFormat: the blob is the layout crypto.go documents,
// carries the account, key ID and material ID but no Region (R9.13, R9.3),
// and opens with the documented key derivation and plain crypto/aes.
func TestCryptoCiphertextFormat(t *testing.T) {
	w := crNew(t)
	id := w.set(crE1, crW2)
	mat := w.s.Set(id).CurrentMaterial()
	ctx := map[string]string{"purpose": "test", "a": "b"}
	r := w.encrypt(crW2, id, "multi-Region plaintext", ctx)
	b := r.Ciphertext

	if got, want := len(b), 77+len("multi-Region plaintext")+16; got != want {
		t.Fatalf("R9.13: blob is %d bytes, want header 77 + plaintext + tag 16 = %d", got, want)
	}
	if string(b[:4]) != "mrk\x01" || b[4] != 2 {
		t.Errorf("R9.13: magic/version/form = %x, want 6d726b01 02", b[:5])
	}
	if got := "mrk-" + hex.EncodeToString(b[5:21]); got != id {
		t.Errorf("R9.3: key ID field = %s, want %s", got, id)
	}
	if got := string(b[21:33]); got != crAcct {
		t.Errorf("R9.3: account field = %s, want %s", got, crAcct)
	}
	if got := hex.EncodeToString(b[33:65]); got != mat.ID || r.MaterialID != mat.ID {
		t.Errorf("R9.3: material field = %s (result %s), want %s", got, r.MaterialID, mat.ID)
	}
	for _, reg := range []string{crE1, crW2} {
		if bytes.Contains(b, []byte(reg)) {
			t.Errorf("R9.13: the blob names Region %s", reg)
		}
	}
	// The documented derivation and AAD open it outside the model.
	mac := hmac.New(sha256.New, mat.Seed[:])
	mac.Write([]byte("mrk aes-256-gcm"))
	block, err := aes.NewCipher(mac.Sum(nil))
	w.must("aes", err)
	gcm, err := cipher.NewGCM(block)
	w.must("gcm", err)
	aad := append([]byte{}, b[:77]...)
	aad = append(aad, 2, 1, 'a', 1, 'b', 7) // two pairs in key order, lengths as uvarints
	aad = append(aad, "purpose"...)
	aad = append(aad, 4)
	aad = append(aad, "test"...)
	pt, err := gcm.Open(nil, b[65:77], b[77:], aad)
	if err != nil || string(pt) != "multi-Region plaintext" {
		t.Errorf("R9.13: documented derivation and AAD do not open the blob: %q, %v", pt, err)
	}

	// A single-Region key's blob uses form 1 and the UUID's 16 bytes.
	single := w.create(crE1, KeyParams{})
	sb := w.encrypt(crE1, single, "x", nil).Ciphertext
	if sb[4] != 1 || formatUUID(sb[5:21]) != single {
		t.Errorf("R9.13: single-Region form %d id %s, want 1 %s", sb[4], formatUUID(sb[5:21]), single)
	}
}

// TestCryptoContextBinding: the context is bound exactly, order irrelevant,
// absent == {} (A0.16.4); any difference is InvalidCiphertextException with
// an empty message (R9.6).
func TestCryptoContextBinding(t *testing.T) {
	w := crNew(t)
	id := w.set(crE1)
	with := w.encrypt(crE1, id, "p", map[string]string{"k1": "v1", "k2": "v2"}).Ciphertext
	without := w.encrypt(crE1, id, "p", nil).Ciphertext
	dec := func(blob []byte, ctx map[string]string) func() error {
		return func() error {
			_, err := w.s.Decrypt(crIn(crE1), DecryptParams{Ciphertext: blob, Context: ctx})
			return err
		}
	}
	for _, ok := range []struct {
		rule string
		blob []byte
		ctx  map[string]string
	}{
		{"A0.16.4 same pairs in another order", with, map[string]string{"k2": "v2", "k1": "v1"}},
		{"A0.16.4 absent context decrypts with {}", without, map[string]string{}},
		{"A0.16.4 absent context decrypts with absent", without, nil},
	} {
		t.Run(ok.rule, func(t *testing.T) { w.must(ok.rule, dec(ok.blob, ok.ctx)()) })
	}
	bad := crErr(CodeInvalidCiphertext, "")
	for _, c := range []struct {
		rule string
		blob []byte
		ctx  map[string]string
	}{
		{"R9.6 A0.16.4 missing context", with, nil},
		{"R9.6 A0.16.4 subset", with, map[string]string{"k1": "v1"}},
		{"R9.6 A0.16.4 superset", with, map[string]string{"k1": "v1", "k2": "v2", "k3": "v3"}},
		{"R9.6 A0.16.4 value differs in case", with, map[string]string{"k1": "V1", "k2": "v2"}},
		{"R9.6 A0.16.4 key differs in case", with, map[string]string{"K1": "v1", "k2": "v2"}},
		{"R9.6 A0.16.4 context where none was bound", without, map[string]string{"k1": "v1"}},
	} {
		t.Run(c.rule, func(t *testing.T) { w.fails(t, bad, dec(c.blob, c.ctx)) })
	}
	for i := range with {
		if i == 4 || i >= 5 && i < 33 {
			continue // the form, key ID and account fields select the key; see below
		}
		tampered := slices.Clone(with)
		tampered[i] ^= 0x01
		if err := dec(tampered, map[string]string{"k1": "v1", "k2": "v2"})(); err == nil ||
			err.(*Error).Code != CodeInvalidCiphertext || err.(*Error).Message != "" {
			t.Errorf("R9.6: flipping byte %d gives %v, want InvalidCiphertextException", i, err)
		}
	}
	// A flipped key ID names no key here: O-37's AccessDeniedException.
	tampered := slices.Clone(with)
	tampered[7] ^= 0x01
	w.fails(t, crErr(CodeAccessDenied, msgNoCiphertextKey), dec(tampered, nil))
	// A truncated blob is not one of ours: A7.3.3(2).
	w.fails(t, bad, dec(with[:90], nil))
}

// TestCryptoCrossRegion: a ciphertext from any member decrypts with every
// other member in its own Region, reporting that member's ARN and the
// material (R9.1, R9.4, R9.5); a single-Region key's does not leave its
// Region (R9.3, O-37).
func TestCryptoCrossRegion(t *testing.T) {
	w := crNew(t)
	regions := []string{crE1, crW2, crEU}
	id := w.set(crE1, crW2, crEU)
	mat := w.s.Set(id).CurrentMaterial().ID
	for _, from := range regions {
		blob := w.encrypt(from, id, "hello "+from, nil).Ciphertext
		for _, at := range regions {
			for _, keyID := range []string{"", id, KeyARN(at, crAcct, id)} {
				r, err := w.s.Decrypt(crIn(at), DecryptParams{KeyID: keyID, Ciphertext: blob})
				w.must("Decrypt", err)
				if r.Key.ARN() != KeyARN(at, crAcct, id) || string(r.Plaintext) != "hello "+from || r.MaterialID != mat {
					t.Errorf("R9.5: from %s at %s with %q: %s %q %s", from, at, keyID, r.Key.ARN(), r.Plaintext, r.MaterialID)
				}
			}
			for _, other := range regions {
				if other == at {
					continue
				}
				// R9.4, O-43: a related member's ARN in another Region.
				w.fails(t, crErr(CodeIncorrectKey, msgIncorrectKey), func() error {
					_, err := w.s.Decrypt(crIn(at), DecryptParams{KeyID: KeyARN(other, crAcct, id), Ciphertext: blob})
					return err
				})
			}
		}
		// O-37: a Region without a member.
		w.fails(t, crErr(CodeAccessDenied, msgNoCiphertextKey), func() error {
			_, err := w.s.Decrypt(crIn("ap-south-1"), DecryptParams{Ciphertext: blob})
			return err
		})
	}
	single := w.create(crE1, KeyParams{})
	blob := w.encrypt(crE1, single, "s", nil).Ciphertext
	w.fails(t, crErr(CodeAccessDenied, msgNoCiphertextKey), func() error {
		_, err := w.s.Decrypt(crIn(crW2), DecryptParams{Ciphertext: blob})
		return err
	})
}

// TestCryptoGate: the key-state gate CG of the cryptographic rows (R3.6.1,
// A0.13.5), with the codes and messages of R3.7.1: every state but
// Enabled and Updating refuses. Expected outcomes are written out from
// SPEC, not read from Matrix.
func TestCryptoGate(t *testing.T) {
	want := map[State]func(arn string) crWant{
		Enabled:                nil,
		Updating:               nil,
		Disabled:               func(arn string) crWant { return crErr(CodeDisabled, arn+" is disabled.") },
		PendingDeletion:        func(arn string) crWant { return crErr(CodeInvalidState, arn+" is pending deletion.") },
		PendingReplicaDeletion: func(arn string) crWant { return crErr(CodeInvalidState, arn+" is pending replica deletion.") },
		PendingImport:          func(arn string) crWant { return crErr(CodeInvalidState, arn+" is pending import.") },
		Unavailable:            func(arn string) crWant { return crErr(CodeInvalidState, arn+" is unavailable.") },
		Creating:               func(arn string) crWant { return crErr(CodeInvalidState, arn+" is creating.") },
	}
	for _, st := range []State{Enabled, Disabled, PendingDeletion, PendingReplicaDeletion, PendingImport, Unavailable, Creating, Updating} {
		t.Run("R3.6.1 A0.13.5 "+st.String(), func(t *testing.T) {
			w := crNew(t)
			other := w.set(crE1, crW2) // a healthy key: the other side of ReEncrypt
			id, region := crKeyIn(w, st)
			arn := KeyARN(region, crAcct, id)
			blob := w.encrypt(crE1, other, "p", nil).Ciphertext // other has a member in every fixture's Region
			own := crOwnBlob(w, id)
			calls := []struct {
				name string
				call func() error
			}{
				{"Encrypt", func() error {
					_, err := w.s.Encrypt(w.ent, crIn(region), EncryptParams{KeyID: id, Plaintext: []byte("p")})
					return err
				}},
				{"GenerateDataKey", func() error {
					_, err := w.s.GenerateDataKey(w.ent, crIn(region), OpGenerateDataKey, DataKeyParams{KeyID: id, KeySpec: "AES_256"})
					return err
				}},
				{"GenerateDataKeyWithoutPlaintext", func() error {
					_, err := w.s.GenerateDataKey(w.ent, crIn(region), OpGenerateDataKeyWithoutPlaintext, DataKeyParams{KeyID: id, NumberOfBytes: 8})
					return err
				}},
				{"ReEncrypt destination", func() error {
					_, err := w.s.ReEncrypt(w.ent, crIn(region), ReEncryptParams{Ciphertext: blob, DestinationKeyID: id})
					return err
				}},
				{"Decrypt (R9.2: a ciphertext made before the state changed)", func() error {
					_, err := w.s.Decrypt(crIn(region), DecryptParams{Ciphertext: own})
					return err
				}},
				{"ReEncrypt source", func() error {
					_, err := w.s.ReEncrypt(w.ent, crIn(region), ReEncryptParams{Ciphertext: own, DestinationKeyID: other})
					return err
				}},
			}
			for _, c := range calls {
				if want[st] == nil {
					if err := c.call(); err != nil {
						t.Errorf("%s on a %s key: %v", c.name, st, err)
					}
					continue
				}
				t.Run(c.name, func(t *testing.T) { w.fails(t, want[st](arn), c.call) })
			}
		})
	}
}

// crKeyIn makes a key in state st and returns its ID and Region.
func crKeyIn(w *crWorld, st State) (string, string) {
	w.t.Helper()
	switch st {
	case Enabled:
		return w.set(crE1), crE1
	case Disabled:
		id := w.set(crE1)
		w.must("DisableKey", w.s.DisableKey(crIn(crE1), id))
		return id, crE1
	case PendingDeletion, PendingReplicaDeletion:
		var id string
		if st == PendingReplicaDeletion {
			id = w.set(crE1, crW2) // a primary with a replica waits for it (T9)
		} else {
			id = w.set(crE1)
		}
		days := 7
		_, ts, err := w.s.ScheduleKeyDeletion(w.clk.Now(), crIn(crE1), id, &days)
		w.must("ScheduleKeyDeletion", err)
		w.timers = append(w.timers, ts...)
		return id, crE1
	case PendingImport:
		// Imported material is not modelled yet, so an EXTERNAL key holds
		// none; the state is forced on a key that holds its material, which
		// must still refuse (R9.12).
		id := w.set(crE1)
		w.s.Lookup(crAcct, crE1, id).State = PendingImport
		return id, crE1
	case Unavailable: // R3.1.3: never reached; forced so that the column is exercised
		id := w.set(crE1)
		w.s.Lookup(crAcct, crE1, id).State = Unavailable
		return id, crE1
	case Creating:
		id := w.set(crE1)
		_, ts, err := w.s.ReplicateKey(w.clk.Now(), crIn(crE1), id, crW2, MemberParams{})
		w.must("ReplicateKey", err)
		w.timers = append(w.timers, ts...)
		return id, crW2
	case Updating:
		id := w.set(crE1, crW2)
		ts, err := w.s.UpdatePrimaryRegion(w.clk.Now(), crIn(crE1), id, crW2)
		w.must("UpdatePrimaryRegion", err)
		w.timers = append(w.timers, ts...)
		return id, crW2
	}
	w.t.Fatalf("no key in %s", st)
	return "", ""
}

// crOwnBlob encrypts with the set's current material directly, as any
// member could have done before the state under test (R9.2).
func crOwnBlob(w *crWorld, id string) []byte {
	set := w.s.Set(id)
	return sealBlob(countingEntropy(131), set, set.CurrentMaterial(), []byte("own"), nil)
}

// TestCryptoOrder: the order of the checks (A0.11.1, R3.8.1): P2 before
// resolution, resolution before the gate, the gate before the key ID match,
// usage and algorithm, and those before authentication and DryRun.
func TestCryptoOrder(t *testing.T) {
	w := crNew(t)
	id := w.set(crE1, crW2)
	blob := w.encrypt(crE1, id, "p", nil).Ciphertext
	other := w.set(crE1)
	hmacKey := w.create(crE1, KeyParams{KeySpec: SpecHMAC256, KeyUsage: UsageGenerateVerifyMac})
	w.must("DisableKey", w.s.DisableKey(crIn(crE1), hmacKey))
	rsa := w.create(crE1, KeyParams{KeySpec: SpecRSA2048, KeyUsage: UsageEncryptDecrypt})
	signer := w.create(crE1, KeyParams{KeySpec: SpecECCNISTP256, KeyUsage: UsageSignVerify})
	missing := "mrk-00000000000000000000000000000000"
	dec := func(p DecryptParams) func() error {
		return func() error { _, err := w.s.Decrypt(crIn(crE1), p); return err }
	}
	enc := func(p EncryptParams) func() error {
		return func() error {
			if p.Plaintext == nil {
				p.Plaintext = []byte("p")
			}
			_, err := w.s.Encrypt(w.ent, crIn(crE1), p)
			return err
		}
	}
	cases := []struct {
		rule string
		want crWant
		call func() error
	}{
		{"A7.3.2 Recipient before grant tokens", crPrefix(CodeUnsupportedOperation, "Not supported by the mrk simulator: "),
			dec(DecryptParams{Ciphertext: blob, Recipient: true, GrantTokens: []string{"bogus"}})},
		{"A0.15.2 grant token before context syntax", crPrefix(CodeInvalidGrantToken, ""),
			dec(DecryptParams{Ciphertext: blob, GrantTokens: []string{"bogus"}, Context: map[string]string{"": "x"}})},
		{"A0.16.3 O20 empty context key", crErr(CodeValidation, "Invalid EncryptionContext"),
			enc(EncryptParams{KeyID: missing, Context: map[string]string{"": "x"}})},
		{"A0.16.3 O20 empty context value before resolution", crErr(CodeValidation, "Invalid EncryptionContext"),
			enc(EncryptParams{KeyID: missing, Context: map[string]string{"k": ""}})},
		{"A7.3.2 rsa.json:decrypt_no_key RSA algorithm without KeyId", crErr(CodeValidation, "KeyId must not be null"),
			dec(DecryptParams{Ciphertext: blob, Algorithm: AlgRSAESOAEPSHA1})},
		{"A0.14.4 IGNORE_CIPHERTEXT without KeyId", crPrefix(CodeValidation, "KeyId must not be null"),
			dec(DecryptParams{DryRun: true, IgnoreCiphertext: true})},
		{"A0.23.1 SM2PKE", crPrefix(CodeUnsupportedOperation, "Not supported by the mrk simulator: "),
			enc(EncryptParams{KeyID: missing, Algorithm: AlgSM2PKE})},
		{"A0.12.8 missing key before anything about it", crErr(CodeNotFound, "Key '"+KeyARN(crE1, crAcct, missing)+"' does not exist"),
			enc(EncryptParams{KeyID: missing})},
		{"A0.12.4 O-6 malformed ARN on a crypto op", crErr(CodeNotFound, "Invalid keyId 'arn:aws:kms:us-east-1:1:key/x'"),
			enc(EncryptParams{KeyID: "arn:aws:kms:us-east-1:1:key/x"})},
		{"A0.12.5 another Region's ARN on Encrypt", crErr(CodeNotFound, "Invalid arn us-west-2"),
			enc(EncryptParams{KeyID: KeyARN(crW2, crAcct, id)})},
		{"R3.8.1 O-20 state before usage (Disabled HMAC key)", crErr(CodeDisabled, KeyARN(crE1, crAcct, hmacKey)+" is disabled."),
			enc(EncryptParams{KeyID: hmacKey})},
		{"A19.3.5 KU1 signing key", crErr(CodeInvalidKeyUsage, KeyARN(crE1, crAcct, signer)+" key usage is SIGN_VERIFY which is not valid for Encrypt."),
			enc(EncryptParams{KeyID: signer})},
		{"A19.3.5 KU2 rsa.json:encrypt_default_algorithm", crErr(CodeInvalidKeyUsage, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048."),
			enc(EncryptParams{KeyID: rsa})},
		{"A0.27.2 KU2 RSA algorithm on a symmetric key", crErr(CodeInvalidKeyUsage, "Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT."),
			enc(EncryptParams{KeyID: id, Algorithm: AlgRSAESOAEPSHA1})},
		{"A0.16.2 rsa.json:encryption_context", crErr(CodeValidation, "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs."),
			enc(EncryptParams{KeyID: rsa, Algorithm: AlgRSAESOAEPSHA256, Context: map[string]string{"k": "v"}})},
		{"A19.3.6 rsa.json:encrypt_too_large", crErr(CodeValidation, "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes."),
			enc(EncryptParams{KeyID: rsa, Algorithm: AlgRSAESOAEPSHA256, Plaintext: make([]byte, 191)})},
		{"A0.14.3 rsa.json:encryption_dry_run", crErr(CodeDryRun, msgDryRun),
			enc(EncryptParams{KeyID: rsa, Algorithm: AlgRSAESOAEPSHA256, DryRun: true})},
		{"A7.3.5(1) gate before the key ID match", crErr(CodeDisabled, KeyARN(crE1, crAcct, hmacKey)+" is disabled."),
			dec(DecryptParams{KeyID: hmacKey, Ciphertext: blob})},
		{"A7.3.5(1) key ID match before usage", crErr(CodeIncorrectKey, msgIncorrectKey),
			dec(DecryptParams{KeyID: signer, Ciphertext: blob})},
		{"A7.3.5(1) another key's ID", crErr(CodeIncorrectKey, msgIncorrectKey),
			dec(DecryptParams{KeyID: other, Ciphertext: blob})},
		{"A7.3.5(3) rsa.json:decrypt_default_algorithm", crErr(CodeInvalidCiphertext, ""),
			dec(DecryptParams{KeyID: rsa, Ciphertext: []byte("rsa blob")})},
		{"A7.3.5(3) KU2 on Decrypt", crErr(CodeInvalidKeyUsage, "Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT."),
			dec(DecryptParams{KeyID: id, Ciphertext: blob, Algorithm: AlgRSAESOAEPSHA1})},
		{"A0.16.2 rsa.json:decrypt_nonempty_context", crErr(CodeValidation, "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs."),
			dec(DecryptParams{KeyID: rsa, Ciphertext: []byte("rsa blob"), Algorithm: AlgRSAESOAEPSHA1, Context: map[string]string{"k": "v"}})},
		{"A0.14.3 rsa.json:dry_invalid_ciphertext authentication before DryRun", crErr(CodeInvalidCiphertext, ""),
			dec(DecryptParams{KeyID: id, Ciphertext: []byte("garbage"), DryRun: true})},
		{"A0.14.4 IGNORE_CIPHERTEXT counts only with DryRun", crErr(CodeInvalidCiphertext, ""),
			dec(DecryptParams{KeyID: id, Ciphertext: []byte("garbage"), IgnoreCiphertext: true})},
		{"A0.14.4 IGNORE_CIPHERTEXT skips the ciphertext", crErr(CodeDryRun, msgDryRun),
			dec(DecryptParams{KeyID: id, Ciphertext: []byte("garbage"), DryRun: true, IgnoreCiphertext: true})},
		{"A0.14.3 Decrypt DryRun", crErr(CodeDryRun, msgDryRun), dec(DecryptParams{Ciphertext: blob, DryRun: true})},
		{"A0.14.3 Encrypt DryRun", crErr(CodeDryRun, msgDryRun), enc(EncryptParams{KeyID: id, DryRun: true})},
		{"A20.3.2 neither KeySpec nor NumberOfBytes", crErr(CodeValidation, "Please specify either number of bytes or key spec."),
			func() error {
				_, err := w.s.GenerateDataKey(w.ent, crIn(crE1), OpGenerateDataKey, DataKeyParams{KeyID: missing, GrantTokens: []string{"bogus"}})
				return err
			}},
		{"A20.3.2 both KeySpec and NumberOfBytes", crErr(CodeValidation, "Please specify either number of bytes or key spec."),
			func() error {
				_, err := w.s.GenerateDataKey(w.ent, crIn(crE1), OpGenerateDataKey, DataKeyParams{KeyID: id, KeySpec: "AES_128", NumberOfBytes: 16})
				return err
			}},
		{"A20.3.5 O60 RSA key", crErr(CodeInvalidKeyUsage, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048."),
			func() error {
				_, err := w.s.GenerateDataKey(w.ent, crIn(crE1), OpGenerateDataKey, DataKeyParams{KeyID: rsa, KeySpec: "AES_256"})
				return err
			}},
		{"A20.3.5 KU1 signing key", crErr(CodeInvalidKeyUsage, KeyARN(crE1, crAcct, signer)+" key usage is SIGN_VERIFY which is not valid for GenerateDataKeyWithoutPlaintext."),
			func() error {
				_, err := w.s.GenerateDataKey(w.ent, crIn(crE1), OpGenerateDataKeyWithoutPlaintext, DataKeyParams{KeyID: signer, KeySpec: "AES_256"})
				return err
			}},
		{"A40.3.5 O83 source side before destination", crErr(CodeInvalidCiphertext, ""),
			func() error {
				_, err := w.s.ReEncrypt(w.ent, crIn(crE1), ReEncryptParams{Ciphertext: []byte("garbage"), DestinationKeyID: missing})
				return err
			}},
		{"A40.3.4 R1.5.3 destination in another Region", crErr(CodeNotFound, "Invalid arn us-west-2"),
			func() error {
				_, err := w.s.ReEncrypt(w.ent, crIn(crE1), ReEncryptParams{Ciphertext: blob, DestinationKeyID: KeyARN(crW2, crAcct, id)})
				return err
			}},
		{"A25.3.2 NumberOfBytes absent", crErr(CodeValidation, "NumberOfBytes is required."),
			func() error { _, err := w.s.GenerateRandom(w.ent, 0, true, true); return err }},
		{"A25.3.2 A0.23.1 CustomKeyStoreId", crPrefix(CodeUnsupportedOperation, "Not supported by the mrk simulator: custom key stores"),
			func() error { _, err := w.s.GenerateRandom(w.ent, 8, true, false); return err }},
		{"A25.3.2 A0.23.1 Recipient", crPrefix(CodeUnsupportedOperation, "Not supported by the mrk simulator: the Recipient"),
			func() error { _, err := w.s.GenerateRandom(w.ent, 8, false, true); return err }},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) { w.fails(t, c.want, c.call) })
	}
}

// TestCryptoRotation: new encryptions use the current material, old
// ciphertexts still decrypt with the material that made them (R9.7,
// R8.1.5), in every member.
func TestCryptoRotation(t *testing.T) {
	w := crNew(t)
	id := w.set(crE1, crW2)
	period := 90
	ts, err := w.s.EnableKeyRotation(w.clk.Now(), crIn(crE1), id, &period)
	w.must("EnableKeyRotation", err)
	w.timers = append(w.timers, ts...)
	first := w.s.Set(id).CurrentMaterial().ID
	old := w.encrypt(crW2, id, "old", nil)
	w.advance(91 * Day)
	second := w.s.Set(id).CurrentMaterial().ID
	if second == first {
		t.Fatalf("R8.1.3: no rotation after 91 days of a 90-day period")
	}
	for _, r := range []string{crE1, crW2} {
		d, err := w.s.Decrypt(crIn(r), DecryptParams{Ciphertext: old.Ciphertext})
		w.must("Decrypt", err)
		if string(d.Plaintext) != "old" || d.MaterialID != first {
			t.Errorf("R9.7 in %s: %q %s, want old %s", r, d.Plaintext, d.MaterialID, first)
		}
		n := w.encrypt(r, id, "new", nil)
		if n.MaterialID != second {
			t.Errorf("R8.1.5 in %s: new encryption used %s, want %s", r, n.MaterialID, second)
		}
	}
}

// TestCryptoEntropy: a successful call draws exactly what it documents:
// 12 nonce bytes for Encrypt and ReEncrypt, the data key then 12 nonce
// bytes for GenerateDataKey, n bytes for GenerateRandom, nothing for
// Decrypt (A0.11.3, R9.13).
func TestCryptoEntropy(t *testing.T) {
	w := crNew(t)
	id := w.set(crE1)
	drawn := func(f func()) int { n := w.ent.n; f(); return w.ent.n - n }
	var blob []byte
	if n := drawn(func() { blob = w.encrypt(crE1, id, "p", nil).Ciphertext }); n != 12 {
		t.Errorf("Encrypt drew %d bytes, want 12", n)
	}
	if n := drawn(func() {
		_, err := w.s.Decrypt(crIn(crE1), DecryptParams{Ciphertext: blob})
		w.must("Decrypt", err)
	}); n != 0 {
		t.Errorf("Decrypt drew %d bytes, want 0", n)
	}
	if n := drawn(func() {
		_, err := w.s.ReEncrypt(w.ent, crIn(crE1), ReEncryptParams{Ciphertext: blob, DestinationKeyID: id})
		w.must("ReEncrypt", err)
	}); n != 12 {
		t.Errorf("ReEncrypt drew %d bytes, want 12", n)
	}
	var dk DataKey
	if n := drawn(func() {
		var err error
		dk, err = w.s.GenerateDataKey(w.ent, crIn(crE1), OpGenerateDataKey, DataKeyParams{KeyID: id, KeySpec: "AES_128"})
		w.must("GenerateDataKey", err)
	}); n != 16+12 || len(dk.Plaintext) != 16 {
		t.Errorf("GenerateDataKey AES_128 drew %d bytes for a %d-byte key, want 28 for 16", n, len(dk.Plaintext))
	}
	if n := drawn(func() {
		b, err := w.s.GenerateRandom(w.ent, 1024, false, false)
		w.must("GenerateRandom", err)
		if len(b) != 1024 {
			t.Errorf("GenerateRandom gave %d bytes", len(b))
		}
	}); n != 1024 {
		t.Errorf("GenerateRandom drew %d bytes, want 1024", n)
	}
}
