package mrk

// Unit tests of the pure model's building blocks: identifiers (ids.go), the
// key-state matrix and its outcome messages (matrix.go), and the request
// checks of tags and key policies (policy.go). Every case names the rule of
// SPEC.md (R…, O-…) or SPEC-API.md (A…) it pins.
//
// Package-level identifiers of this file start with "mt" so that it can sit
// next to other tests of package mrk.

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestParseIdent: the four KeyId forms and malformed ARNs (R1.4.1, R1.5.2,
// R1.5.3 step 0, O-6, A0.12.1, A0.12.4).
func TestParseIdent(t *testing.T) {
	const acct = "111122223333"
	const uuid = "1234abcd-12ab-34cd-56ef-1234567890ab"
	const mrkID = "mrk-1234abcd12ab34cd56ef1234567890ab"
	bad := func(v string) Ident { return Ident{Kind: IdentMalformedARN, Resource: v} }
	cases := []struct {
		name string
		in   string
		want Ident
	}{
		// R1.5.2(c): anything not starting arn: or alias/ takes the key-ID path,
		// well formed or not (R1.1.5 is Resolve's job).
		{"R1.5.2(c) uuid key ID", uuid, Ident{Kind: IdentKeyID, Resource: uuid}},
		{"R1.5.2(c) mrk key ID", mrkID, Ident{Kind: IdentKeyID, Resource: mrkID}},
		{"R1.5.2(c) R1.1.5 malformed bare ID stays a key ID", "fake-key-id", Ident{Kind: IdentKeyID, Resource: "fake-key-id"}},
		{"R1.5.2(c) empty value", "", Ident{Kind: IdentKeyID, Resource: ""}},
		{"R1.5.2(c) 'alias' without slash is a key ID", "alias", Ident{Kind: IdentKeyID, Resource: "alias"}},
		{"R1.5.2(c) prefix match is case-sensitive", "ALIAS/x", Ident{Kind: IdentKeyID, Resource: "ALIAS/x"}},
		{"R1.5.2(c) prefix match is case-sensitive (ARN)", "ARN:aws:kms:us-east-1:" + acct + ":key/" + uuid, Ident{Kind: IdentKeyID, Resource: "ARN:aws:kms:us-east-1:" + acct + ":key/" + uuid}},
		// R1.5.2(b)
		{"R1.5.2(b) alias name", "alias/my-key", Ident{Kind: IdentAliasName, Resource: "alias/my-key"}},
		{"R1.5.2(b) alias name with colon and slash", "alias/a:b/c", Ident{Kind: IdentAliasName, Resource: "alias/a:b/c"}},
		// R1.5.2(a), R1.2.1
		{"R1.2.1 key ARN aws", "arn:aws:kms:us-east-1:" + acct + ":key/" + uuid, Ident{IdentKeyARN, "us-east-1", acct, uuid}},
		{"R1.2.1 key ARN mrk", "arn:aws:kms:eu-west-1:" + acct + ":key/" + mrkID, Ident{IdentKeyARN, "eu-west-1", acct, mrkID}},
		{"R1.2.2 key ARN aws-cn", "arn:aws-cn:kms:cn-north-1:" + acct + ":key/" + uuid, Ident{IdentKeyARN, "cn-north-1", acct, uuid}},
		{"R1.2.2 key ARN aws-us-gov", "arn:aws-us-gov:kms:us-gov-west-1:" + acct + ":key/" + uuid, Ident{IdentKeyARN, "us-gov-west-1", acct, uuid}},
		{"R1.5.3 step 2 malformed key ID inside a well-formed ARN", "arn:aws:kms:us-east-1:" + acct + ":key/nope", Ident{IdentKeyARN, "us-east-1", acct, "nope"}},
		{"R1.3.2 alias ARN", "arn:aws:kms:us-east-1:" + acct + ":alias/my-key", Ident{IdentAliasARN, "us-east-1", acct, "alias/my-key"}},
		{"R1.5.3 split on the first five colons: alias names may hold ':'", "arn:aws:kms:us-east-1:" + acct + ":alias/a:b:c", Ident{IdentAliasARN, "us-east-1", acct, "alias/a:b:c"}},
		// O-6 / A0.12.4: not a well-formed KMS key or alias ARN.
		{"O-6 only 'arn:'", "arn:", bad("arn:")},
		{"O-6 five fields", "arn:aws:kms:us-east-1:" + acct, bad("arn:aws:kms:us-east-1:" + acct)},
		{"O-6 service not kms", "arn:aws:s3:us-east-1:" + acct + ":key/" + uuid, bad("arn:aws:s3:us-east-1:" + acct + ":key/" + uuid)},
		{"O-6 service KMS upper case", "arn:aws:KMS:us-east-1:" + acct + ":key/" + uuid, bad("arn:aws:KMS:us-east-1:" + acct + ":key/" + uuid)},
		{"O-6 account of 11 digits", "arn:aws:kms:us-east-1:11112222333:key/" + uuid, bad("arn:aws:kms:us-east-1:11112222333:key/" + uuid)},
		{"O-6 account of 13 digits", "arn:aws:kms:us-east-1:1111222233334:key/" + uuid, bad("arn:aws:kms:us-east-1:1111222233334:key/" + uuid)},
		{"O-6 account not digits", "arn:aws:kms:us-east-1:11112222333x:key/" + uuid, bad("arn:aws:kms:us-east-1:11112222333x:key/" + uuid)},
		{"O-6 empty account", "arn:aws:kms:us-east-1::key/" + uuid, bad("arn:aws:kms:us-east-1::key/" + uuid)},
		{"O-6 unknown partition", "arn:aws-iso:kms:us-east-1:" + acct + ":key/" + uuid, bad("arn:aws-iso:kms:us-east-1:" + acct + ":key/" + uuid)},
		{"O-6 partition does not match Region", "arn:aws:kms:cn-north-1:" + acct + ":key/" + uuid, bad("arn:aws:kms:cn-north-1:" + acct + ":key/" + uuid)},
		{"O-6 aws-cn partition with an aws Region", "arn:aws-cn:kms:us-east-1:" + acct + ":key/" + uuid, bad("arn:aws-cn:kms:us-east-1:" + acct + ":key/" + uuid)},
		{"O-6 Region not a Region name", "arn:aws:kms:US-EAST-1:" + acct + ":key/" + uuid, bad("arn:aws:kms:US-EAST-1:" + acct + ":key/" + uuid)},
		{"O-6 empty Region", "arn:aws:kms::" + acct + ":key/" + uuid, bad("arn:aws:kms::" + acct + ":key/" + uuid)},
		{"O-6 resource type neither key/ nor alias/", "arn:aws:kms:us-east-1:" + acct + ":grant/" + uuid, bad("arn:aws:kms:us-east-1:" + acct + ":grant/" + uuid)},
		{"O-6 A0.12.4 empty key resource", "arn:aws:kms:us-east-1:" + acct + ":key/", bad("arn:aws:kms:us-east-1:" + acct + ":key/")},
		{"O-6 A0.12.4 empty alias resource", "arn:aws:kms:us-east-1:" + acct + ":alias/", bad("arn:aws:kms:us-east-1:" + acct + ":alias/")},
		{"O-6 A0.12.4 empty resource", "arn:aws:kms:us-east-1:" + acct + ":", bad("arn:aws:kms:us-east-1:" + acct + ":")},
		{"O-6 bare key ID as resource", "arn:aws:kms:us-east-1:" + acct + ":" + uuid, bad("arn:aws:kms:us-east-1:" + acct + ":" + uuid)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ParseIdent(c.in); got != c.want {
				t.Errorf("ParseIdent(%q) = %+v, want %+v", c.in, got, c.want)
			}
		})
	}
}

// TestIsKeyID: the two well-formed key ID shapes and what is not one
// (R1.1.1, R1.1.2, R1.1.5, O-3, A0.12.7).
func TestIsKeyID(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		mrk, uuid bool
	}{
		{"R1.1.1 canonical UUID", "1234abcd-12ab-34cd-56ef-1234567890ab", false, true},
		{"R1.1.1 all-zero UUID (as AWS recordings normalise)", "00000000-0000-0000-0000-000000000001", false, true},
		{"R1.1.2 mrk- and 32 hex", "mrk-1234abcd12ab34cd56ef1234567890ab", true, false},
		{"R1.1.2 mrk- all digits", "mrk-00000000000000000000000000000001", true, false},
		{"R1.1.5 fake-key-id", "fake-key-id", false, false},
		{"R1.1.5 32 hex without dashes", "134f2428cec14b25a1ae9048164dba47", false, false},
		{"R1.1.5 mrk-fake-key-id", "mrk-fake-key-id", false, false},
		{"O-3 UUID with upper-case hex", "1234ABCD-12AB-34CD-56EF-1234567890AB", false, false},
		{"O-3 mrk- with upper-case hex", "mrk-1234ABCD12AB34CD56EF1234567890AB", false, false},
		{"O-3 MRK- prefix in upper case", "MRK-1234abcd12ab34cd56ef1234567890ab", false, false},
		{"R1.1.2 mrk- and 31 hex", "mrk-1234abcd12ab34cd56ef1234567890a", false, false},
		{"R1.1.2 mrk- and 33 hex", "mrk-1234abcd12ab34cd56ef1234567890abc", false, false},
		{"R1.1.2 mrk- with hyphens (a UUID after mrk-)", "mrk-1234abcd-12ab-34cd-56ef-1234567890ab", false, false},
		{"R1.1.2 mrk- with a non-hex digit", "mrk-1234abcd12ab34cd56ef1234567890ag", false, false},
		{"R1.1.1 UUID with a non-hex digit", "1234abcd-12ab-34cd-56ef-1234567890ag", false, false},
		{"R1.1.1 UUID with misplaced hyphens", "1234abc-d12ab-34cd-56ef-1234567890ab", false, false},
		{"R1.1.1 UUID one character short", "1234abcd-12ab-34cd-56ef-1234567890a", false, false},
		{"R1.1.1 UUID one character long", "1234abcd-12ab-34cd-56ef-1234567890abc", false, false},
		{"R1.1.1 UUID in braces", "{1234abcd-12ab-34cd-56ef-1234567890}", false, false},
		{"R1.1.5 empty", "", false, false},
		{"R1.4.1 a key ARN is not a key ID", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", false, false},
		{"R1.4.1 an alias is not a key ID", "alias/x", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := IsMultiRegionKeyID(c.in); got != c.mrk {
				t.Errorf("IsMultiRegionKeyID(%q) = %v, want %v", c.in, got, c.mrk)
			}
			if got := IsSingleRegionKeyID(c.in); got != c.uuid {
				t.Errorf("IsSingleRegionKeyID(%q) = %v, want %v", c.in, got, c.uuid)
			}
			if got, want := IsKeyID(c.in), c.mrk || c.uuid; got != want {
				t.Errorf("IsKeyID(%q) = %v, want %v", c.in, got, want)
			}
		})
	}
}

// TestValidRegionName: RegionType is 1–32 characters matching
// ^([a-z]+-){2,3}\d+$ (R1.6.2, A41.3.1, A52.3.1).
func TestValidRegionName(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"us-east-1", true},
		{"ap-southeast-1", true},
		{"cn-northwest-1", true},
		{"us-gov-west-1", true}, // three groups
		{"us-invalid-1", true},  // well formed though not a Region (R1.6.3 is a later check)
		{"a-b-1", true},
		{"a-b-c-1", true},
		{"us-east-12", true},
		{"us-east-01", true},
		{"abcdefghijklmnopqrstuvwxyz-ab-12", true}, // exactly 32
		{"abcdefghijklmnopqrstuvwxyz-abc-1", true}, // exactly 32
		{"abcdefghijklmnopqrstuvwxyz-abc-12", false},
		{"", false},
		{"us", false},
		{"us-1", false},        // one group
		{"us-east", false},     // no digits
		{"us-east-", false},    // no digits
		{"a-b-c-d-1", false},   // four groups
		{"US-EAST-1", false},   // upper case
		{"us-East-1", false},   // upper case
		{"us-east-1a", false},  // letter after digits
		{"us--east-1", false},  // empty group
		{"-us-east-1", false},  // empty first group
		{"us-east-1-", false},  // trailing hyphen
		{"us_east_1", false},   // underscores
		{"us-ea5t-1", false},   // digit inside a group
		{"us-east-1 ", false},  // trailing space
		{"us-east-1\n", false}, // trailing newline
		{"us-east-\u00e91", false},
		{"1-us-east", false},
	}
	for _, c := range cases {
		if got := ValidRegionName(c.in); got != c.want {
			t.Errorf("R1.6.2: ValidRegionName(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestNewKeyID: mrk- and 32 hex digits of the random bytes with no fixed
// nibble (R1.1.2, R1.1.3, O-2); otherwise a canonical lower-case UUID
// (R1.1.1, R1.1.3) carrying version-4 bits.
func TestNewKeyID(t *testing.T) {
	var zero, ones, seq [16]byte
	for i := range ones {
		ones[i] = 0xff
		seq[i] = byte(i*17 + 1) // 01 12 23 … ef 00
	}
	cases := []struct {
		name string
		b    [16]byte
		mr   bool
		want string
	}{
		{"O-2 mrk all zero", zero, true, "mrk-00000000000000000000000000000000"},
		{"O-2 mrk all ones: no fixed version nibble", ones, true, "mrk-ffffffffffffffffffffffffffffffff"},
		{"O-2 mrk bytes in order", seq, true, "mrk-0112233445566778899aabbccddeef00"},
		{"R1.1.1 uuid all zero", zero, false, "00000000-0000-4000-8000-000000000000"},
		{"R1.1.1 uuid all ones", ones, false, "ffffffff-ffff-4fff-bfff-ffffffffffff"},
		{"R1.1.1 uuid bytes in order", seq, false, "01122334-4556-4778-899a-abbccddeef00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := c.b
			got := NewKeyID(c.b, c.mr)
			if got != c.want {
				t.Errorf("NewKeyID(%x, %v) = %q, want %q", c.b, c.mr, got, c.want)
			}
			if b != c.b {
				t.Errorf("NewKeyID changed its argument")
			}
			// R1.1.3: multi-Region iff mrk-; both are well formed.
			if IsMultiRegionKeyID(got) != c.mr || IsSingleRegionKeyID(got) == c.mr {
				t.Errorf("R1.1.3: NewKeyID(_, %v) = %q is of the wrong kind", c.mr, got)
			}
			if again := NewKeyID(c.b, c.mr); again != got {
				t.Errorf("R1.1.4: NewKeyID is not deterministic: %q then %q", got, again)
			}
		})
	}
	// R1.1.4: different random bytes give different mrk- IDs (every bit is used).
	seen := map[string]bool{}
	for i := 0; i < 16; i++ {
		for bit := 0; bit < 8; bit++ {
			var b [16]byte
			b[i] = 1 << bit
			id := NewKeyID(b, true)
			if seen[id] {
				t.Fatalf("O-2: bit %d of byte %d does not reach the mrk- ID %q", bit, i, id)
			}
			seen[id] = true
		}
	}
}

// mtSpecMatrix is the key-state matrix of SPEC R3.6.1, copied verbatim
// (only the backquotes around `false` in the GetKeyRotationStatus row are
// dropped, as a Go raw string cannot hold them).
const mtSpecMatrix = `
| Operation | Enabled | Disabled | PendingDeletion | PendingReplicaDeletion | PendingImport | Unavailable | Creating | Updating |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| CancelKeyDeletion | E-NPD | E-NPD | OK → Disabled (T11) | OK → Disabled (T11) | E-NPD | E-NPD | E-NPD | E-NPD |
| CreateAlias | OK | OK | E-PD | E-PRD | OK | OK | OK | OK |
| CreateGrant | OK | E-DIS | E-PD | E-PRD | E-PI | OK | E-CR | OK |
| Decrypt | OK | E-DIS | E-PD | E-PRD | E-PI | E-UN | E-CR | OK |
| DeleteAlias | OK | OK | OK | OK | OK | OK | OK | OK |
| DeleteImportedKeyMaterial | OK (T:imp) → PendingImport | OK (T:imp) → PendingImport | OK (T:imp), no state change | OK (T:imp), no state change | OK (T:imp), no effect | n/a | E-CR | E-UP |
| DeriveSharedSecret ★ | OK | E-DIS | E-PD | E-PRD | E-PI | n/a | E-CR | OK |
| DescribeKey | OK | OK | OK | OK | OK | OK | OK | OK |
| DisableKey | OK → Disabled | OK | E-PD | E-PRD | E-PI | OK (state unchanged) | E-CR | E-UP |
| DisableKeyRotation (P) | OK (T:rotoff) | E-DIS (T:rotoff) | E-PD (T:rotoff) | E-PRD (T:rotoff) | T-EXT | T-ROT | E-CR | OK (T:rotoff) |
| EnableKey | OK | OK → Enabled | E-PD | E-PRD | E-PI | OK (state unchanged) | E-CR | E-UP |
| EnableKeyRotation (P) | OK (T:rot) | E-DIS (T:rot) | E-PD (T:rot) | E-PRD (T:rot) | T-EXT | T-ROT | E-CR | OK (T:rot) |
| Encrypt | OK | E-DIS | E-PD | E-PRD | E-PI | E-UN | E-CR | OK |
| GenerateDataKey | OK | E-DIS | E-PD | E-PRD | E-PI | E-UN | E-CR | OK |
| GenerateDataKeyPair | OK | E-DIS | E-PD | E-PRD | E-PI | E-UN | E-CR | OK |
| GenerateDataKeyPairWithoutPlaintext | OK | E-DIS | E-PD | E-PRD | E-PI | E-UN | E-CR | OK |
| GenerateDataKeyWithoutPlaintext | OK | E-DIS | E-PD | E-PRD | E-PI | E-UN | E-CR | OK |
| GenerateMac | OK | E-DIS | E-PD | E-PRD | E-PI ★ | n/a | E-CR | OK |
| GetKeyLastUsage ★ | OK | OK | OK | OK | OK | OK | OK | OK |
| GetKeyPolicy | OK | OK | OK | OK | OK | OK | OK | OK |
| GetKeyRotationStatus | OK | OK, status unchanged | OK, reports false | OK, reports the set's status | OK, reports false | OK | OK | OK |
| GetParametersForImport | OK (T:imp) | OK (T:imp) | E-PD (T:imp) | E-PRD (T:imp) | OK | T-IMP | E-CR | E-UP |
| GetPublicKey | OK | OK | E-PD | E-PRD | E-PI | n/a | E-CR | OK |
| ImportKeyMaterial | OK (T:imp) | OK (T:imp) → Enabled (T15b) | E-PD (T:imp) | E-PRD (T:imp) | OK (→ Enabled when complete, T15) | T-IMP | E-CR | OK |
| ListAliases | OK | OK | OK | OK | OK | OK | OK | OK |
| ListGrants | OK | OK | OK | OK | OK | OK | OK | OK |
| ListKeyPolicies | OK | OK | OK | OK | OK | OK | OK | OK |
| ListKeyRotations ★ | OK (T:rotlist) | OK (T:rotlist) | OK (T:rotlist) | OK (T:rotlist) | OK (T:rotlist) | T-ROT | OK (T:rotlist) | OK (T:rotlist) |
| ListResourceTags | OK | OK | OK | OK | OK | OK | OK | OK |
| PutKeyPolicy | OK | OK | OK | OK | OK | OK | OK | OK |
| ReEncrypt (each of source and destination) | OK | E-DIS | E-PD | E-PRD | E-PI | E-UN | E-CR | OK |
| ReplicateKey (P) | OK | E-DIS | E-PD | E-PRD | E-PI | n/a | E-CR | E-UP |
| RetireGrant | OK | OK | OK | OK | OK | OK | OK | OK |
| RevokeGrant | OK | OK | OK | OK | OK | OK | OK | OK |
| RotateKeyOnDemand ★ (P) | OK (T:ondemand) | E-DIS | E-PD | E-PRD | E-PI | n/a | E-CR | OK (T:ondemand) |
| ScheduleKeyDeletion | OK | OK | E-PD | E-PRD | OK | OK | OK | E-UP |
| Sign | OK | E-DIS | E-PD | E-PRD | E-PI ★ | n/a | E-CR | OK |
| TagResource | OK | OK | E-PD | E-PRD | OK | OK | OK | OK |
| UntagResource | OK | OK | E-PD | E-PRD | OK | OK | OK | OK |
| UpdateAlias | OK | OK | see R3.6.3 | see R3.6.3 | OK | OK | OK | OK |
| UpdateKeyDescription | OK | OK | E-PD | E-PRD | OK | OK | OK | OK |
| UpdatePrimaryRegion (P; both keys) | OK → Updating | E-DIS | E-PD | E-PRD | E-PI | n/a | E-CR | OK (O-25) |
| Verify | OK | E-DIS | E-PD | E-PRD | E-PI ★ | n/a | E-CR | OK |
| VerifyMac | OK | E-DIS | E-PD | E-PRD | E-PI ★ | n/a | E-CR | OK |
`

// mtSDKMatrix are the rows of the operations SPEC predates, aws-sdk-go-v2's
// Encapsulate and Decapsulate (A0.25.1), in SPEC's notation: the docs say
// only that the key "must be in a compatible key state" (API_Encapsulate,
// API_Decapsulate) and the key states page lists them among the
// cryptographic operations, so their rows are DeriveSharedSecret's (O-17).
// Unavailable is n/a: no custom key store holds an ML-KEM key.
const mtSDKMatrix = `
| Encapsulate | OK | E-DIS | E-PD | E-PRD | E-PI | n/a | E-CR | OK |
| Decapsulate | OK | E-DIS | E-PD | E-PRD | E-PI | n/a | E-CR | OK |
`

// mtMatrixColumns are the state columns of mtSpecMatrix, in order.
var mtMatrixColumns = []State{Enabled, Disabled, PendingDeletion, PendingReplicaDeletion, PendingImport, Unavailable, Creating, Updating}

// mtCell reads one SPEC cell as the outcome left once the operation's type
// rules (T:x) have passed: the leading code decides ("OK (T:rot)" is OK,
// "E-DIS (T:rot)" is E-DIS). UpdateAlias's "see R3.6.3" cells are E-PD and
// E-PRD: a new target pending (replica) deletion fails.
func mtCell(t *testing.T, s State, cell string) Outcome {
	t.Helper()
	if strings.HasPrefix(cell, "see R3.6.3") {
		switch s {
		case PendingDeletion:
			return EPD
		case PendingReplicaDeletion:
			return EPRD
		}
	}
	code := strings.TrimRight(strings.Fields(cell)[0], ",")
	for o := OK; o <= NA; o++ {
		if o.String() == code {
			return o
		}
	}
	t.Fatalf("unknown cell %q", cell)
	return NA
}

// TestMatrixMatchesSpec: every Op × State cell of Matrix (and Gate) equals
// SPEC R3.6.1, every row of the SPEC table is an Op and every Op a row.
func TestMatrixMatchesSpec(t *testing.T) {
	rows := map[string]bool{}
	lines := strings.Split(strings.TrimSpace(mtSpecMatrix), "\n")[2:]
	lines = append(lines, strings.Split(strings.TrimSpace(mtSDKMatrix), "\n")...)
	for _, line := range lines {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 9 {
			t.Fatalf("bad SPEC row %q", line)
		}
		name := strings.Fields(cells[0])[0]
		rows[name] = true
		var op Op = numOps
		for _, o := range Ops() {
			if o.String() == name {
				op = o
			}
		}
		if op == numOps {
			t.Errorf("R3.6.1: SPEC row %s has no Op", name)
			continue
		}
		for i, s := range mtMatrixColumns {
			want := mtCell(t, s, cells[i+1])
			if got := Matrix[op][s]; got != want {
				t.Errorf("R3.6.1: Matrix[%s][%s] = %s, want %s (SPEC cell %q)", op, s, got, want, cells[i+1])
			}
			if got := Gate(op, s); got != want {
				t.Errorf("R3.6.1: Gate(%s, %s) = %s, want %s", op, s, got, want)
			}
		}
	}
	for _, op := range Ops() {
		if !rows[op.String()] {
			t.Errorf("R3.6.1: Op %s is not a row of SPEC's matrix", op)
		}
	}
	if len(Ops()) != len(rows) {
		t.Errorf("R3.6.1: %d Ops, %d SPEC rows", len(Ops()), len(rows))
	}
}

// TestMatrixImplementedRows spells out, for the rows of the operations the
// simulator implements, the cells of SPEC R3.6.1 one by one (and the
// recordings of R3.6.5 behind them), independently of the transcription
// above.
func TestMatrixImplementedRows(t *testing.T) {
	type r = [8]Outcome // Enabled, Disabled, PD, PRD, PendingImport, Unavailable, Creating, Updating
	want := map[Op]r{
		OpCancelKeyDeletion:         {ENPD, ENPD, OK, OK, ENPD, ENPD, ENPD, ENPD}, // R6.9, T11, A1.3.3
		OpDescribeKey:               {OK, OK, OK, OK, OK, OK, OK, OK},             // A13.3.3
		OpDisableKey:                {OK, OK, EPD, EPRD, EPI, OK, ECR, EUP},       // T6, R3.2.2, imports.json:pending_disable-key
		OpDisableKeyRotation:        {OK, EDIS, EPD, EPRD, TEXT, TROT, ECR, OK},   // A15.3.2, rotation.json:disabled_disable-key-rotation
		OpEnableKey:                 {OK, OK, EPD, EPRD, EPI, OK, ECR, EUP},       // T7, R3.2.2, imports.json:pending_enable-key
		OpEnableKeyRotation:         {OK, EDIS, EPD, EPRD, TEXT, TROT, ECR, OK},   // A18.3.4, rotation.json:deleting_enable-key-rotation
		OpGetKeyRotationStatus:      {OK, OK, OK, OK, OK, OK, OK, OK},             // A28.3.3, R3.6.5
		OpReplicateKey:              {OK, EDIS, EPD, EPRD, EPI, NA, ECR, EUP},     // R4.2.2, multi_region.json:replicate_disabled_primary
		OpScheduleKeyDeletion:       {OK, OK, EPD, EPRD, OK, OK, OK, EUP},         // R6.15, imports.json:schedule_missing_material
		OpUpdateKeyDescription:      {OK, OK, EPD, EPRD, OK, OK, OK, OK},          // A51.3.3
		OpUpdatePrimaryRegion:       {OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK},      // R5.2.2, R5.2.4, O-25
		OpTagResource:               {OK, OK, EPD, EPRD, OK, OK, OK, OK},          // multi_region.json:tag_deleting_us-west-2
		OpGetPublicKey:              {OK, OK, EPD, EPRD, EPI, NA, ECR, OK},        // R12.13 ecc.json:disabled_public_key
		OpRotateKeyOnDemand:         {OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK},      // O-17, rotation.json:disabled_rotate-key-on-demand
		OpDecrypt:                   {OK, EDIS, EPD, EPRD, EPI, EUN, ECR, OK},     // R3.4.2 (usable while Updating), O-18
		OpImportKeyMaterial:         {OK, OK, EPD, EPRD, OK, TIMP, ECR, OK},       // O-30, T15b
		OpDeleteImportedKeyMaterial: {OK, OK, OK, OK, OK, NA, ECR, EUP},           // R3.4.3, R7.7
		OpEncapsulate:               {OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK},      // O-17 DeriveSharedSecret's row; API_Encapsulate "compatible key state"
		OpDecapsulate:               {OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK},      // O-17 DeriveSharedSecret's row; API_Decapsulate "compatible key state"
	}
	for op, cells := range want {
		for i, s := range mtMatrixColumns {
			if got := Gate(op, s); got != cells[i] {
				t.Errorf("R3.6.1: Gate(%s, %s) = %s, want %s", op, s, got, cells[i])
			}
		}
	}
}

// TestGateOutOfRange: the zero State and values past the last state or op
// are not cells of the matrix (R3.1.1).
func TestGateOutOfRange(t *testing.T) {
	for _, op := range Ops() {
		if got := Gate(op, 0); got != NA {
			t.Errorf("R3.1.1: Gate(%s, 0) = %s, want n/a", op, got)
		}
		if got := Gate(op, numStates); got != NA {
			t.Errorf("R3.1.1: Gate(%s, numStates) = %s, want n/a", op, got)
		}
	}
	if got := Gate(numOps, Enabled); got != NA {
		t.Errorf("Gate(numOps, Enabled) = %s, want n/a", got)
	}
	if got := Op(200).String(); got != "Op(?)" {
		t.Errorf("Op(200).String() = %q", got)
	}
}

// TestOutcomeErr: codes, exceptions and messages of SPEC R3.7.1 (msg✓
// where recorded: E-DIS, E-PD, E-PRD, E-PI, T-EXT, T-IMP, T-ROT; R1.5.4 the
// ARN is the one passed in).
func TestOutcomeErr(t *testing.T) {
	const arn = "arn:aws:kms:us-west-2:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	cases := []struct {
		o    Outcome
		name string
		code Code
		msg  string
	}{
		{EDIS, "E-DIS", CodeDisabled, arn + " is disabled."},                     // msg✓ multi_region.json:replicate_disabled_primary
		{EPD, "E-PD", CodeInvalidState, arn + " is pending deletion."},           // msg✓ multi_region.json:tag_deleting_us-east-1
		{EPRD, "E-PRD", CodeInvalidState, arn + " is pending replica deletion."}, // msg✓ multi_region.json:tag_deleting_us-west-2, O-19
		{ENPD, "E-NPD", CodeInvalidState, arn + " is not pending deletion."},
		{EPI, "E-PI", CodeInvalidState, arn + " is pending import."}, // msg✓ imports.json:pending_enable-key
		{EUN, "E-UN", CodeInvalidState, arn + " is unavailable."},
		{ECR, "E-CR", CodeInvalidState, arn + " is creating."},
		{EUP, "E-UP", CodeInvalidState, arn + " is updating."},
		{TEXT, "T-EXT", CodeUnsupportedOperation, arn + " origin is EXTERNAL which is not valid for this operation."}, // msg✓ imports.json:pending_enable-key-rotation
		{TIMP, "T-IMP", CodeUnsupportedOperation, arn + " origin is AWS_KMS which is not valid for this operation."},  // msg✓ imports_edges.json:parameters_generated
		{TROT, "T-ROT", CodeUnsupportedOperation, ""},                                                                 // msg✓ rotation.json:hmac_enable-key-rotation
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.o.String(); got != c.name {
				t.Errorf("R3.7.1: String() = %q, want %q", got, c.name)
			}
			e := c.o.Err(arn)
			if e == nil {
				t.Fatalf("R3.7.1: %s.Err = nil", c.name)
			}
			if e.Code != c.code || e.Message != c.msg {
				t.Errorf("R3.7.1: %s.Err = {%s %q}, want {%s %q}", c.name, e.Code, e.Message, c.code, c.msg)
			}
			want := string(c.code)
			if c.msg != "" {
				want += ": " + c.msg
			}
			if e.Error() != want {
				t.Errorf("Error() = %q, want %q", e.Error(), want)
			}
		})
	}
	if e := OK.Err(arn); e != nil {
		t.Errorf("R3.7.1: OK.Err = %v, want nil", e)
	}
	if OK.String() != "OK" || NA.String() != "n/a" {
		t.Errorf("R3.7.1: OK/n/a spelled %q/%q", OK.String(), NA.String())
	}
	if e := NA.Err(arn); e == nil {
		t.Errorf("n/a must not be a success")
	}
}

// TestStateNames: the eight key states spelled as AWS spells them, and
// ParseState is String's inverse (R3.1.1).
func TestStateNames(t *testing.T) {
	want := []string{"Creating", "Enabled", "Disabled", "PendingDeletion", "PendingImport", "PendingReplicaDeletion", "Unavailable", "Updating"}
	var got []string
	for s := Creating; s < numStates; s++ {
		got = append(got, s.String())
		if p, ok := ParseState(s.String()); !ok || p != s {
			t.Errorf("R3.1.1: ParseState(%q) = %v, %v", s.String(), p, ok)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("R3.1.1: states %v, want %v", got, want)
	}
	for _, bad := range []string{"", "enabled", "ENABLED", "Deleted", "Pending"} {
		if _, ok := ParseState(bad); ok {
			t.Errorf("R3.1.1: ParseState(%q) accepted", bad)
		}
	}
}

// mtTags builds n tags with distinct keys k0, k1, ….
func mtTags(n int) []Tag {
	tags := make([]Tag, n)
	for i := range tags {
		tags[i] = Tag{Key: fmt.Sprintf("k%d", i), Value: "v"}
	}
	return tags
}

// TestCheckTags: the request checks of A0.17.2 in LocalStack's recorded
// order: duplicates, then more than 50, then the reserved aws: prefix; tag
// keys and values are case-sensitive and values may be empty (A0.17.4).
func TestCheckTags(t *testing.T) {
	const dup, many, reserved = "Duplicate tag keys", "Too many tags", "Tags beginning with aws: are reserved"
	with := func(tags []Tag, extra ...Tag) []Tag { return append(tags, extra...) }
	cases := []struct {
		name string
		tags []Tag
		want string // "" = accepted
	}{
		{"A0.17.2 no tags", nil, ""},
		{"A0.17.2 empty list", []Tag{}, ""},
		{"A0.17.2 one tag", []Tag{{"Purpose", "test"}}, ""},
		{"A0.17.4 empty value", []Tag{{"k", ""}}, ""},
		{"A0.17.2(2) exactly 50", mtTags(50), ""},
		{"A0.17.2(2) 51", mtTags(51), many},
		{"A0.17.2(1) duplicate", []Tag{{"a", "1"}, {"a", "2"}}, dup},
		{"A0.17.2(1) duplicate with equal values", []Tag{{"a", "1"}, {"a", "1"}}, dup},
		{"A0.17.4 keys differing in case are distinct", []Tag{{"a", "1"}, {"A", "1"}}, ""},
		{"A0.17.2(3) aws: lower case", []Tag{{"aws:x", "1"}}, reserved},
		{"A0.17.2(3) AWS: upper case", []Tag{{"AWS:x", "1"}}, reserved},
		{"A0.17.2(3) Aws: mixed case", []Tag{{"Aws:x", "1"}}, reserved},
		{"A0.17.2(3) aWs: mixed case", []Tag{{"aWs:x", "1"}}, reserved},
		{"A0.17.2(3) exactly aws:", []Tag{{"aws:", "1"}}, reserved},
		{"A0.17.2(3) aws without colon is fine", []Tag{{"aws", "1"}}, ""},
		{"A0.17.2(3) awsx: is fine", []Tag{{"awsx:", "1"}}, ""},
		{"A0.17.2(3) aws: elsewhere in the key is fine", []Tag{{"x:aws:", "1"}}, ""},
		{"A0.17.2(3) aws: in a value is fine", []Tag{{"k", "aws:x"}}, ""},
		{"A0.17.2 order: duplicate before too many", with(mtTags(51), Tag{"k0", "x"}), dup},
		{"A0.17.2 order: duplicate before reserved", []Tag{{"aws:x", "1"}, {"aws:x", "2"}}, dup},
		{"A0.17.2 order: too many before reserved", with(mtTags(50), Tag{"aws:x", "1"}), many},
		{"A0.17.2 order: reserved key after others", []Tag{{"a", "1"}, {"b", "2"}, {"aws:c", "3"}}, reserved},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckTags(c.tags)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("CheckTags = %v, want accepted", err)
			case c.want != "" && err == nil:
				t.Errorf("CheckTags accepted, want TagException %q", c.want)
			case c.want != "" && (err.Code != CodeTag || err.Message != c.want):
				t.Errorf("CheckTags = {%s %q}, want {TagException %q}", err.Code, err.Message, c.want)
			}
		})
	}
}

// mtPolicy wraps statements in a policy document.
func mtPolicy(stmts string) string {
	return `{"Version":"2012-10-17","Id":"test","Statement":` + stmts + `}`
}

// mtStmt is one statement allowing principal p everything.
func mtStmt(p string) string {
	return `{"Sid":"s","Effect":"Allow","Principal":` + p + `,"Action":"kms:*","Resource":"*"}`
}

// TestCheckPolicy: the request-only checks of a key policy: size quota
// (A0.19.2, O27), structural grammar (A0.19.3, O28), principal ARNs
// (A6.3.9, O49). Messages are unrecorded, so only codes are asserted.
func TestCheckPolicy(t *testing.T) {
	const root = `{"AWS":"arn:aws:iam::111122223333:root"}`
	pad := func(doc string, size int) string {
		// Pads doc with spaces before its last brace to exactly size bytes.
		return doc[:len(doc)-1] + strings.Repeat(" ", size-len(doc)) + "}"
	}
	base := mtPolicy("[" + mtStmt(root) + "]")
	latin1 := strings.Replace(base, `"Sid":"s"`, `"Sid":"\u00e9"`, 1) // one character, two bytes
	cases := []struct {
		name string
		doc  string
		want Code // "" = accepted
	}{
		{"R4.4.3 the default policy", DefaultPolicy("aws", "111122223333"), ""},
		{"R4.4.3 the default policy in aws-cn", DefaultPolicy("aws-cn", "111122223333"), ""},
		{"A0.19.3 one statement in an array", base, ""},
		{"A0.19.3 Statement as a single object", mtPolicy(mtStmt(root)), ""},
		{"A0.19.3 two statements", mtPolicy("[" + mtStmt(root) + "," + mtStmt(`"*"`) + "]"), ""},
		{"A0.19.3 Effect Deny", mtPolicy(`[{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}]`), ""},
		{"A0.19.3 NotPrincipal instead of Principal", mtPolicy(`[{"Effect":"Deny","NotPrincipal":` + root + `,"Action":"kms:*","Resource":"*"}]`), ""},
		{"A0.19.3 statement without Action and Resource is accepted", mtPolicy(`[{"Effect":"Allow","Principal":"*"}]`), ""},
		{"A0.19.3 no Version or Id needed", `{"Statement":[` + mtStmt(`"*"`) + `]}`, ""},
		{"O28 principal *", mtPolicy("[" + mtStmt(`"*"`) + "]"), ""},
		{"O28 principal {AWS: *}", mtPolicy("[" + mtStmt(`{"AWS":"*"}`) + "]"), ""},
		{"O28 service principal", mtPolicy("[" + mtStmt(`{"Service":"kms.amazonaws.com"}`) + "]"), ""},
		{"O28 principal that need not exist", mtPolicy("[" + mtStmt(`{"AWS":"arn:aws:iam::999999999999:user/nobody"}`) + "]"), ""},
		{"A6.3.9 list of IAM and STS ARNs", mtPolicy("[" + mtStmt(`{"AWS":["arn:aws:iam::111122223333:root","arn:aws:sts::111122223333:assumed-role/r/s"]}`) + "]"), ""},
		{"A6.3.9 aws-cn and aws-us-gov principal ARNs", mtPolicy("[" + mtStmt(`{"AWS":["arn:aws-cn:iam::111122223333:root","arn:aws-us-gov:iam::111122223333:root"]}`) + "]"), ""},
		{"A0.19.3 not JSON", "not json", CodeMalformedPolicy},
		{"A0.19.3 truncated JSON", base[:len(base)-1], CodeMalformedPolicy},
		{"A0.19.3 top level an array", "[" + base + "]", CodeMalformedPolicy},
		{"A0.19.3 top level a string", `"policy"`, CodeMalformedPolicy},
		{"A0.19.3 top level null", "null", CodeMalformedPolicy},
		{"A0.19.3 no Statement", `{"Version":"2012-10-17"}`, CodeMalformedPolicy},
		{"A0.19.3 empty object", `{}`, CodeMalformedPolicy},
		{"A0.19.3 empty Statement array", mtPolicy("[]"), CodeMalformedPolicy},
		{"A0.19.3 Statement a string", mtPolicy(`"s"`), CodeMalformedPolicy},
		{"A0.19.3 Statement null", mtPolicy(`null`), CodeMalformedPolicy},
		{"A0.19.3 Statement array of numbers", mtPolicy(`[1]`), CodeMalformedPolicy},
		{"A0.19.3 Statement array with null", mtPolicy(`[null]`), CodeMalformedPolicy},
		{"A0.19.3 second statement not an object", mtPolicy("[" + mtStmt(root) + `,"x"]`), CodeMalformedPolicy},
		{"A0.19.3 Effect missing", mtPolicy(`[{"Principal":"*","Action":"kms:*","Resource":"*"}]`), CodeMalformedPolicy},
		{"A0.19.3 Effect lower case", mtPolicy(`[{"Effect":"allow","Principal":"*","Action":"kms:*","Resource":"*"}]`), CodeMalformedPolicy},
		{"A0.19.3 Effect not a string", mtPolicy(`[{"Effect":true,"Principal":"*"}]`), CodeMalformedPolicy},
		{"A0.19.3 neither Principal nor NotPrincipal", mtPolicy(`[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]`), CodeMalformedPolicy},
		{"A0.19.3 only the second statement lacks a principal", mtPolicy("[" + mtStmt(root) + `,{"Effect":"Allow","Action":"kms:*"}]`), CodeMalformedPolicy},
		{"A0.19.3 Principal a number", mtPolicy("[" + mtStmt(`5`) + "]"), CodeMalformedPolicy},
		{"A0.19.3 Principal map value a number", mtPolicy("[" + mtStmt(`{"AWS":5}`) + "]"), CodeMalformedPolicy},
		{"A6.3.9 principal ARN with an 11-digit account", mtPolicy("[" + mtStmt(`{"AWS":"arn:aws:iam::11112222333:root"}`) + "]"), CodeInvalidArn},
		{"A6.3.9 principal ARN of another service", mtPolicy("[" + mtStmt(`{"AWS":"arn:aws:s3:::bucket"}`) + "]"), CodeInvalidArn},
		{"A6.3.9 principal ARN with a Region", mtPolicy("[" + mtStmt(`{"AWS":"arn:aws:iam:us-east-1:111122223333:root"}`) + "]"), CodeInvalidArn},
		{"A6.3.9 principal ARN of an unknown partition", mtPolicy("[" + mtStmt(`{"AWS":"arn:aws-iso:iam::111122223333:root"}`) + "]"), CodeInvalidArn},
		{"A6.3.9 principal ARN with an empty resource", mtPolicy("[" + mtStmt(`{"AWS":"arn:aws:iam::111122223333:"}`) + "]"), CodeInvalidArn},
		{"A6.3.9 principal ARN too short", mtPolicy("[" + mtStmt(`{"AWS":"arn:aws:iam"}`) + "]"), CodeInvalidArn},
		{"A6.3.9 bad ARN second in a list", mtPolicy("[" + mtStmt(`{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::1:root"]}`) + "]"), CodeInvalidArn},
		{"A6.3.9 bad ARN as a plain string principal", mtPolicy("[" + mtStmt(`"arn:aws:iam::1:root"`) + "]"), CodeInvalidArn},
		{"A6.3.9 bad ARN in NotPrincipal", mtPolicy(`[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:root"}}]`), CodeInvalidArn},
		{"A0.19.2 exactly 32768 bytes", pad(base, MaxPolicyBytes), ""},
		{"A0.19.2 32769 bytes", pad(base, MaxPolicyBytes+1), CodeLimitExceeded},
		{"A0.19.2 size is checked before grammar", strings.Repeat("x", MaxPolicyBytes+1), CodeLimitExceeded},
		{"O27 32768 characters but 32769 UTF-8 bytes", pad(latin1, MaxPolicyBytes+1), CodeLimitExceeded},
		{"O27 32767 characters in 32768 UTF-8 bytes", pad(latin1, MaxPolicyBytes), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckPolicy(c.doc)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("CheckPolicy = %v, want accepted", err)
			case c.want != "" && err == nil:
				t.Errorf("CheckPolicy accepted, want %s", c.want)
			case c.want != "" && err.Code != c.want:
				t.Errorf("CheckPolicy = %v, want %s", err, c.want)
			}
		})
	}
}

// TestDefaultPolicy: the default key policy, byte for byte as KMS returns it
// (R4.4.3, A0.19.5; msg✓ multi_region.json:replicate_region_ap-east-1 with
// the recording's account replaced), in the key's partition (R1.2.2).
func TestDefaultPolicy(t *testing.T) {
	const recorded = "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111111111111:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}"
	for _, p := range []string{"aws", "aws-cn", "aws-us-gov"} {
		want := strings.Replace(recorded, "arn:aws:iam::111111111111:root", "arn:"+p+":iam::444455556666:root", 1)
		if got := DefaultPolicy(p, "444455556666"); got != want {
			t.Errorf("R4.4.3: DefaultPolicy(%s) =\n%q\nwant\n%q", p, got, want)
		}
	}
}

// TestPartition: partition of a Region (R1.2.2) and ARN formats (R1.2.1,
// R1.3.2).
func TestPartition(t *testing.T) {
	for r, p := range map[string]string{"us-east-1": "aws", "eu-west-1": "aws", "cn-north-1": "aws-cn",
		"cn-northwest-1": "aws-cn", "us-gov-west-1": "aws-us-gov", "us-gov-east-1": "aws-us-gov"} {
		if got := Partition(r); got != p {
			t.Errorf("R1.2.2: Partition(%s) = %s, want %s", r, got, p)
		}
	}
	if got, want := KeyARN("cn-north-1", "111122223333", "mrk-1234abcd12ab34cd56ef1234567890ab"), "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"; got != want {
		t.Errorf("R1.2.1: KeyARN = %s, want %s", got, want)
	}
	if got, want := AliasARN("us-east-1", "111122223333", "alias/a:b"), "arn:aws:kms:us-east-1:111122223333:alias/a:b"; got != want {
		t.Errorf("R1.3.2: AliasARN = %s, want %s", got, want)
	}
	// R1.6.1: the default world's Regions, by partition.
	want := map[string][]string{
		"aws": {"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
			"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
			"ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
			"eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1",
			"me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"},
		"aws-cn":     {"cn-north-1", "cn-northwest-1"},
		"aws-us-gov": {"us-gov-east-1", "us-gov-west-1"},
	}
	got := map[string][]string{}
	for _, r := range DefaultRegions {
		if !ValidRegionName(r) {
			t.Errorf("R1.6.2: default Region %q is not a RegionType", r)
		}
		got[Partition(r)] = append(got[Partition(r)], r)
	}
	for p := range want {
		slices.Sort(got[p])
		if !slices.Equal(got[p], want[p]) {
			t.Errorf("R1.6.1: partition %s Regions %v, want %v", p, got[p], want[p])
		}
	}
	if len(got) != len(want) {
		t.Errorf("R1.6.1: partitions %v", got)
	}
}
