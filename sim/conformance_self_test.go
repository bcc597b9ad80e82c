package sim_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	crand "crypto/rand"
	"crypto/x509"
	"encoding/json"
	"testing"
	"time"

	"github.com/mrksim/mrk/mrk"
)

// TestConformanceCompareDetects checks the replay's comparison itself: on
// multi_region.json:primary_initial (A6.3.11, R2.6.4) the world's own
// answer matches, and a missing or extra member, a wrong KeyState, a wrong
// Enabled flag, a wrong MultiRegionConfiguration or a wrong error message
// each make it differ.
func TestConformanceCompareDetects(t *testing.T) {
	sc := cfScenarios["multi_region.json"]
	r := cfNewRun(t, "multi_region.json", sc)
	sc.setup(r)
	var obs *cfObs
	for _, o := range r.file.obs {
		if o.Case == "primary_initial" {
			obs = o
		}
	}
	code, msg, out := r.call(cfAccount, "us-east-1", "DescribeKey", r.subst(map[string]any{"KeyId": cfMRK}).(map[string]any))
	if code != "" {
		t.Fatalf("DescribeKey: %s %s", code, msg)
	}
	md := func(o map[string]any) map[string]any { return o["KeyMetadata"].(map[string]any) }
	if d, _ := r.compare(obs, "DescribeKey", "", "", cfClone(out).(map[string]any), cfStep{}); d != "" {
		t.Fatalf("the world's answer should match the recording:\n%s", d)
	}
	for _, c := range []struct {
		name   string
		mutate func(o map[string]any)
	}{
		{"missing member", func(o map[string]any) { delete(md(o), "CurrentKeyMaterialId") }},
		{"missing volatile member", func(o map[string]any) { delete(md(o), "CreationDate") }},
		{"extra member", func(o map[string]any) { md(o)["DeletionDate"] = json.Number("1789000000") }},
		{"wrong state", func(o map[string]any) { md(o)["KeyState"] = "Disabled" }},
		{"wrong Enabled", func(o map[string]any) { md(o)["Enabled"] = false }},
		{"wrong MultiRegionConfiguration", func(o map[string]any) {
			md(o)["MultiRegionConfiguration"].(map[string]any)["MultiRegionKeyType"] = "REPLICA"
		}},
		{"extra replica", func(o map[string]any) {
			mrc := md(o)["MultiRegionConfiguration"].(map[string]any)
			mrc["ReplicaKeys"] = append(mrc["ReplicaKeys"].([]any), map[string]any{"Region": "us-west-2"})
		}},
		{"another key's ID", func(o map[string]any) { md(o)["KeyId"] = "mrk-0123456789abcdef0123456789abcdef" }},
	} {
		got := cfClone(out).(map[string]any)
		c.mutate(got)
		if d, _ := r.compare(obs, "DescribeKey", "", "", got, cfStep{}); d == "" {
			t.Errorf("%s: not detected", c.name)
		}
	}
	// Failures: code and exact message (multi_region.json:update_from_replica).
	for _, o := range r.file.obs {
		if o.Case != "update_from_replica" {
			continue
		}
		good := r.subst(o.ErrMessage).(string)
		if d, _ := r.compare(o, "UpdatePrimaryRegion", o.Code, good, nil, cfStep{}); d != "" {
			t.Errorf("recorded error: %s", d)
		}
		if d, _ := r.compare(o, "UpdatePrimaryRegion", o.Code, good[:len(good)-1], nil, cfStep{}); d == "" {
			t.Errorf("a message without its full stop: not detected")
		}
		if d, _ := r.compare(o, "UpdatePrimaryRegion", "ValidationException", good, nil, cfStep{}); d == "" {
			t.Errorf("another code: not detected")
		}
	}
}

// TestConformanceDeterministic: replaying a recording twice from the same
// seed gives byte-identical answers.
func TestConformanceDeterministic(t *testing.T) {
	for _, name := range []string{"multi_region.json", "rotation.json", "imports_multi_region.json", "imports_families.json", "ecc.json"} {
		var traces [2][]byte
		for i := range traces {
			r := cfNewRun(t, name, cfScenarios[name])
			r.replay(cfScenarios[name])
			traces[i] = r.trace
		}
		if len(traces[0]) == 0 || !bytes.Equal(traces[0], traces[1]) {
			t.Errorf("%s: two replays answered differently (%d and %d bytes)", name, len(traces[0]), len(traces[1]))
		}
	}
}

// TestConformanceRecordedClock checks how the imports replay reads the
// recording's clock: the latest date revealed before an observation
// (imports.json:set_short_expiry follows parameters_disabled, whose
// ParametersValidTo is 24 h after its call; imports_multi_region.json:
// primary_set_expiry follows the RotationDate of multi_rotation_poll), so
// that a ValidTo a few seconds ahead of AWS's clock is as far ahead of the
// world's.
func TestConformanceRecordedClock(t *testing.T) {
	for _, c := range []struct{ file, cas, want string }{
		{"imports.json", "set_short_expiry", "2026-09-12T10:34:58.639Z"},
		{"imports_multi_region.json", "primary_set_expiry", "2026-09-12T10:39:13.964Z"},
	} {
		r := cfNewRun(t, c.file, cfScenarios[c.file])
		var got time.Time
		for _, o := range r.file.obs {
			if o.Case == c.cas {
				got = cfRecordedNow(r, o)
			}
		}
		if want, _ := time.Parse(time.RFC3339Nano, c.want); !got.Equal(want) {
			t.Errorf("%s:%s: recorded clock %v, want %v", c.file, c.cas, got, want)
		}
	}
}

// TestConformanceRSALengthRange: an RSA private key's DER length is
// compared as the range keys of its size have (rsa.json:data_key_pair):
// the range holds the key's own length and AWS's recorded 1217 for
// RSA_2048, is a few bytes wide, and excludes another size's lengths; a
// key that is not RSA has no range.
func TestConformanceRSALengthRange(t *testing.T) {
	for _, c := range []struct {
		bits, recorded int
	}{{2048, 1217}, {3072, 1792}} {
		der, err := x509.MarshalPKCS8PrivateKey(mrk.RSAKey(c.bits, [32]byte{byte(c.bits)}))
		if err != nil {
			t.Fatal(err)
		}
		lo, hi, ok := cfRSADERRange(der)
		if !ok || lo > len(der) || len(der) > hi || lo > c.recorded || c.recorded > hi || hi-lo > 12 {
			t.Errorf("RSA %d: range [%d, %d] %v, own length %d, recorded %d", c.bits, lo, hi, ok, len(der), c.recorded)
		}
		if other := map[int]int{2048: 1792, 3072: 1217}[c.bits]; lo <= other && other <= hi {
			t.Errorf("RSA %d: range [%d, %d] admits %d", c.bits, lo, hi, other)
		}
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(ec)
	if _, _, ok := cfRSADERRange(der); ok {
		t.Error("an EC key has an RSA length range")
	}
}
