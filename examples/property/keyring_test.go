package property_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mrksim/mrk/examples/property"
	"github.com/mrksim/mrk/fixtures"
	"github.com/mrksim/mrk/sim"
	"pgregory.net/rapid"
)

// keyringProperty: while the harness fails the key over and moves the
// clock, Ensure either succeeds or answers KMSInvalidStateException (the
// set is Creating or Updating: retry later, SPEC R3.6.1), and after a
// success every wanted Region holds a member of the set.
func keyringProperty(buggy bool) func(*rapid.T) {
	return func(t *rapid.T) {
		m := fixtures.NewMachine(t)
		m.Regions = []string{"us-east-1", "us-west-2", "eu-west-1"}
		m.Ops = []string{"UpdatePrimaryRegion", "Advance"}
		k := &property.Keyring{Home: "us-east-1", AssumeHomeIsPrimary: buggy,
			Client: func(r string) property.KMS { return m.Client(r) }}
		var ensured []string // Want at the last successful Ensure
		m.Run(t, map[string]func(*rapid.T){
			"CreateSet": nil, // the keyring's key is the only one
			"want": func(t *rapid.T) {
				r := rapid.SampledFrom(m.Regions[1:]).Draw(t, "region")
				if !slices.Contains(k.Want, r) {
					k.Want = append(k.Want, r)
				}
				m.Logf("want %v", k.Want)
			},
			"ensure": func(t *rapid.T) {
				err := k.Ensure(m.World.Ctx)
				code := fixtures.ErrorCode(err)
				m.Logf("Ensure: %s", strings.TrimSpace(code+" "+map[bool]string{true: "ok"}[err == nil]))
				switch {
				case err == nil:
					ensured = slices.Clone(k.Want)
				case code != "KMSInvalidStateException":
					m.Fatalf(t, "Ensure: %v", err)
				}
			},
			"": func(t *rapid.T) {
				for _, r := range ensured {
					if !slices.ContainsFunc(m.World.Snapshot().Keys, func(s sim.KeySnapshot) bool { return s.KeyID == k.KeyID && s.Region == r }) {
						m.Fatalf(t, "Ensure succeeded but %s holds no member of %s", r, k.KeyID)
					}
				}
			},
		})
	}
}

// TestKeyring: the keyring keeps its promise whatever the harness does.
func TestKeyring(t *testing.T) {
	rapid.Check(t, keyringProperty(false))
}

// TestKeyringFindsBug: with the deliberate bug the property fails, and the
// report shows the shrunk sequence: a failover away from Home, then an
// Ensure that replicates from Home, which is now a replica (SPEC-API
// A41.3.5: UnsupportedOperationException).
func TestKeyringFindsBug(t *testing.T) {
	report, failed := fixtures.CheckFails(t.Name(), keyringProperty(true))
	if !failed {
		t.Fatal("the property did not catch AssumeHomeIsPrimary")
	}
	if testing.Verbose() {
		t.Log(report)
	}
	for _, want := range []string{"UnsupportedOperationException", "is not a multi-region primary key", "UpdatePrimaryRegion in us-east-1 to ", ": ok"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
}
