package mrk

import "testing"

// TestMalformedAssumedRole: an STS assumed-role ARN names a role and a
// session, never a role path; CreateGrant refuses one that does as
// "ARN is not valid" (grants.json:session_role_path, against SPEC-API
// A5.3.10, which checked the model pattern only). Other principals are not
// judged by it.
func TestMalformedAssumedRole(t *testing.T) {
	for p, want := range map[string]bool{
		"arn:aws:sts::111111111111:assumed-role/probe/stackd-grants-probe-session/target": true,
		"arn:aws:sts::111111111111:assumed-role/stackd-grants-probe-session":              true,
		"arn:aws:sts::111111111111:assumed-role//target":                                  true,
		"arn:aws:sts::111111111111:assumed-role/stackd-grants-probe-session/target":       false,
		"arn:aws:iam::111111111111:role/probe/stackd-grants-probe-role":                   false,
		"arn:aws:sts::111111111111:federated-user/unissued":                               false,
		"AROA00000000000000001:target":                                                    false,
		"":                                                                                false,
	} {
		if got := malformedAssumedRole(p); got != want {
			t.Errorf("malformedAssumedRole(%q) = %v, want %v", p, got, want)
		}
	}
}
