package sim_test

// Tests of GenerateMac and VerifyMac across the members of HMAC
// multi-Region sets (SPEC R9.11, SPEC-API §A24, §A54). Package-level
// identifiers start with "hm"; the helpers are crypto_test.go's and
// asym_test.go's.

import (
	"bytes"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

var hmSpecs = []struct {
	spec types.KeySpec
	alg  types.MacAlgorithmSpec
	size int
}{
	{types.KeySpecHmac224, "HMAC_SHA_224", 28},
	{types.KeySpecHmac256, "HMAC_SHA_256", 32},
	{types.KeySpecHmac384, "HMAC_SHA_384", 48},
	{types.KeySpecHmac512, "HMAC_SHA_512", 64},
}

func (o *crWorld) hmMac(region, id string, alg types.MacAlgorithmSpec, msg []byte) []byte {
	o.t.Helper()
	out, err := o.c(region).GenerateMac(crCtx, &kms.GenerateMacInput{KeyId: &id, Message: msg, MacAlgorithm: alg})
	o.must("GenerateMac in "+region, err)
	if aws.ToString(out.KeyId) != crARN(region, id) || out.MacAlgorithm != alg {
		o.t.Errorf("A24.3.6: GenerateMac answered %s %s", aws.ToString(out.KeyId), out.MacAlgorithm)
	}
	return out.Mac
}

func (o *crWorld) hmVerify(region, id string, alg types.MacAlgorithmSpec, msg, mac []byte) error {
	out, err := o.c(region).VerifyMac(crCtx, &kms.VerifyMacInput{KeyId: &id, Message: msg, MacAlgorithm: alg, Mac: mac})
	if err == nil && (!out.MacValid || aws.ToString(out.KeyId) != crARN(region, id) || out.MacAlgorithm != alg) {
		o.t.Errorf("A54.3.5: VerifyMac answered %v %s %s", out.MacValid, aws.ToString(out.KeyId), out.MacAlgorithm)
	}
	return err
}

// TestHMACAcrossRegions: every member of an HMAC set gives the same MAC
// for the same message (hmac.json:repeat), VerifyMac in every member
// accepts it, a changed message, MAC or truncated MAC is refused; the same
// holds while the members are Updating and after the primary moved (R9.11,
// A24.3.6, A54.3.3, A54.5.1).
func TestHMACAcrossRegions(t *testing.T) {
	o := crNew(t, 41)
	regions := []string{crE1, crW2, crEU}
	msgs := [][]byte{[]byte("m"), asMsg, bytes.Repeat([]byte{0xab}, 4096)} // hmac.json:max_message
	for _, s := range hmSpecs {
		id := o.asSet(s.spec, types.KeyUsageTypeGenerateVerifyMac)
		for _, msg := range msgs {
			mac := o.hmMac(crE1, id, s.alg, msg)
			if len(mac) != s.size {
				t.Errorf("A24.3.6 %s: %d-byte MAC, want %d", s.spec, len(mac), s.size)
			}
			for _, r := range regions {
				if other := o.hmMac(r, id, s.alg, msg); !bytes.Equal(other, mac) {
					t.Errorf("R9.11 %s: %s gives another MAC", s.spec, r)
				}
				if err := o.hmVerify(r, id, s.alg, msg, mac); err != nil {
					t.Errorf("A54.5.1 %s: VerifyMac in %s: %v", s.spec, r, err)
				}
			}
			for name, bad := range map[string][2][]byte{"message": {asFlip(msg, 0), mac}, "MAC": {msg, asFlip(mac, len(mac)-1)},
				"truncated MAC (hmac.json:short_mac)": {msg, mac[:len(mac)-1]}} {
				if err := o.hmVerify(crW2, id, s.alg, bad[0], bad[1]); !asIsCode(err, "KMSInvalidMacException") {
					t.Errorf("A54.3.3 %s changed %s: %v", s.spec, name, err)
				}
			}
		}
		other := o.asSet(s.spec, types.KeyUsageTypeGenerateVerifyMac)
		if bytes.Equal(o.hmMac(crE1, other, s.alg, asMsg), o.hmMac(crE1, id, s.alg, asMsg)) {
			t.Errorf("R9.11 %s: two unrelated keys give the same MAC", s.spec)
		}
	}
	id := o.asSet(types.KeySpecHmac256, types.KeyUsageTypeGenerateVerifyMac)
	mac := o.hmMac(crEU, id, "HMAC_SHA_256", asMsg)
	_, err := o.c(crE1).UpdatePrimaryRegion(crCtx, &kms.UpdatePrimaryRegionInput{KeyId: &id, PrimaryRegion: aws.String(crEU)})
	o.must("UpdatePrimaryRegion", err)
	for _, r := range regions { // Updating ✓ (A0.13.5)
		if got := o.hmMac(r, id, "HMAC_SHA_256", asMsg); !bytes.Equal(got, mac) {
			t.Errorf("R9.11 while Updating: %s gives another MAC", r)
		}
	}
	o.clk.Add(time.Minute)
	for _, r := range regions {
		if err := o.hmVerify(r, id, "HMAC_SHA_256", asMsg, mac); err != nil {
			t.Errorf("R9.11 after UpdatePrimaryRegion: VerifyMac in %s: %v", r, err)
		}
	}
}

// TestHMACErrors: each error of GenerateMac and VerifyMac, with the
// recorded code and message; the world is unchanged after each.
func TestHMACErrors(t *testing.T) {
	o := crNew(t, 42)
	id := o.asSet(types.KeySpecHmac224, types.KeyUsageTypeGenerateVerifyMac)
	mac := o.hmMac(crE1, id, "HMAC_SHA_224", asMsg)
	sym := o.key(crE1, nil)
	off := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecHmac224, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	_, err := o.c(crE1).DisableKey(crCtx, &kms.DisableKeyInput{KeyId: &off})
	o.must("DisableKey", err)
	gone := o.key(crE1, &kms.CreateKeyInput{KeySpec: types.KeySpecHmac224, KeyUsage: types.KeyUsageTypeGenerateVerifyMac})
	_, err = o.c(crE1).ScheduleKeyDeletion(crCtx, &kms.ScheduleKeyDeletionInput{KeyId: &gone, PendingWindowInDays: aws.Int32(7)})
	o.must("ScheduleKeyDeletion", err)
	gen := func(in kms.GenerateMacInput) func() error {
		if in.MacAlgorithm == "" {
			in.MacAlgorithm = "HMAC_SHA_224"
		}
		if in.Message == nil {
			in.Message = asMsg
		}
		return func() error { return crE(o.c(crE1).GenerateMac(crCtx, &in)) }
	}
	ver := func(in kms.VerifyMacInput) func() error {
		if in.KeyId == nil {
			in.KeyId = &id
		}
		if in.MacAlgorithm == "" {
			in.MacAlgorithm = "HMAC_SHA_224"
		}
		if in.Message == nil {
			in.Message = asMsg
		}
		return func() error { return crE(o.c(crE1).VerifyMac(crCtx, &in)) }
	}
	arn := func(k string) string { return crARN(crE1, k) }
	cases := []struct {
		op, rule string
		want     otWant
		call     func() error
	}{
		{"GenerateMac", "A0.10.5 hmac.json:empty_message", otVal("Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			gen(kms.GenerateMacInput{KeyId: &id, Message: []byte{}})},
		{"GenerateMac", "A24.3.1 message over 4096 bytes", otVal("Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096"),
			gen(kms.GenerateMacInput{KeyId: &id, Message: make([]byte, 4097)})},
		{"GenerateMac", "A24.3.1 MacAlgorithm enum", otErrPrefix(crVE, "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: ["),
			gen(kms.GenerateMacInput{KeyId: &id, MacAlgorithm: "INVALID"})},
		{"VerifyMac", "A54.3.1 empty Mac", otVal("Value at 'mac' failed to satisfy constraint: Member must have length greater than or equal to 1"),
			ver(kms.VerifyMacInput{Mac: []byte{}})},
		{"GenerateMac", "A0.15.2 grant token", otErrCode("InvalidGrantTokenException"),
			gen(kms.GenerateMacInput{KeyId: &id, GrantTokens: []string{"bogus"}})},
		{"GenerateMac", "A24.3.2 malformed key ID", otErr("NotFoundException", "Invalid keyId 'key_id'"),
			gen(kms.GenerateMacInput{KeyId: aws.String("key_id")})},
		{"GenerateMac", "A24.3.3 KS1 hmac.json:disabled_generate", otErr("DisabledException", arn(off)+" is disabled."),
			gen(kms.GenerateMacInput{KeyId: &off})},
		{"GenerateMac", "A24.3.3 hmac.json:disabled_wrong_algorithm (gate first)", otErr("DisabledException", arn(off)+" is disabled."),
			gen(kms.GenerateMacInput{KeyId: &off, MacAlgorithm: "HMAC_SHA_512"})},
		{"GenerateMac", "A24.3.3 KS3 hmac.json:pending_deletion_generate", otErr("KMSInvalidStateException", arn(gone)+" is pending deletion."),
			gen(kms.GenerateMacInput{KeyId: &gone})},
		{"VerifyMac", "A54.3.2 KS1", otErr("DisabledException", arn(off)+" is disabled."),
			ver(kms.VerifyMacInput{KeyId: &off, Mac: mac})},
		{"GenerateMac", "A24.3.4 KU1", otErr("InvalidKeyUsageException", arn(sym)+" key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac."),
			gen(kms.GenerateMacInput{KeyId: &sym})},
		{"VerifyMac", "A54.3.2 KU1", otErr("InvalidKeyUsageException", arn(sym)+" key usage is ENCRYPT_DECRYPT which is not valid for VerifyMac."),
			ver(kms.VerifyMacInput{KeyId: &sym, Mac: mac})},
		{"GenerateMac", "A24.3.4 KU2 hmac.json:wrong_algorithm", otErr("InvalidKeyUsageException", "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_224."),
			gen(kms.GenerateMacInput{KeyId: &id, MacAlgorithm: "HMAC_SHA_512"})},
		{"Encrypt", "A0.27.1 hmac.json:encrypt_with_hmac", otErr("InvalidKeyUsageException", arn(id)+" key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt."),
			func() error { return crE(o.c(crE1).Encrypt(crCtx, &kms.EncryptInput{KeyId: &id, Plaintext: asMsg})) }},
		{"VerifyMac", "A54.3.3 hmac.json:wrong_mac", otErr("KMSInvalidMacException", ""),
			ver(kms.VerifyMacInput{Mac: asFlip(mac, 0)})},
		{"VerifyMac", "A54.3.3 hmac.json:short_mac", otErr("KMSInvalidMacException", ""),
			ver(kms.VerifyMacInput{Mac: mac[:10]})},
		{"VerifyMac", "A54.3.3 hmac.json:dry_verify_wrong_mac", otErr("KMSInvalidMacException", ""),
			ver(kms.VerifyMacInput{Mac: asFlip(mac, 0), DryRun: aws.Bool(true)})},
		{"GenerateMac", "A0.14.3 hmac.json:dry_generate", otErr("DryRunOperationException", crDryRun),
			gen(kms.GenerateMacInput{KeyId: &id, DryRun: aws.Bool(true)})},
		{"VerifyMac", "A0.14.3 dry run of a valid MAC", otErr("DryRunOperationException", crDryRun),
			ver(kms.VerifyMacInput{Mac: mac, DryRun: aws.Bool(true)})},
	}
	for _, c := range cases {
		t.Run(c.op+" "+c.rule, func(t *testing.T) { o.fails(t, c.op, c.want, c.call) })
	}
}

// TestHMACOverHTTP: the real client generates in one Region and verifies
// in another; a wrong MAC arrives as the typed KMSInvalidMacException.
func TestHMACOverHTTP(t *testing.T) {
	o := crNew(t, 43)
	id := o.asSet(types.KeySpecHmac384, types.KeyUsageTypeGenerateVerifyMac)
	east, west := realClient(crE1, "http://mrksim.invalid", o.w.HTTPClient()), realClient(crW2, "http://mrksim.invalid", o.w.HTTPClient())
	g, err := east.GenerateMac(crCtx, &kms.GenerateMacInput{KeyId: &id, Message: asMsg, MacAlgorithm: "HMAC_SHA_384"})
	o.must("GenerateMac over HTTP", err)
	v, err := west.VerifyMac(crCtx, &kms.VerifyMacInput{KeyId: &id, Message: asMsg, Mac: g.Mac, MacAlgorithm: "HMAC_SHA_384"})
	if err != nil || !v.MacValid || !bytes.Equal(g.Mac, o.hmMac(crEU, id, "HMAC_SHA_384", asMsg)) {
		t.Errorf("R9.11 over HTTP: %v", err)
	}
	_, err = west.VerifyMac(crCtx, &kms.VerifyMacInput{KeyId: &id, Message: asMsg, Mac: asFlip(g.Mac, 1), MacAlgorithm: "HMAC_SHA_384"})
	if !asIsCode(err, "KMSInvalidMacException") {
		t.Errorf("A54.3.3 over HTTP: %v", err)
	}
}
