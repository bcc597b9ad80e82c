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

// TestParsePrincipal: the caller identities a client or an access key may
// carry, and the ARNs that cannot call.
func TestParsePrincipal(t *testing.T) {
	for arn, want := range map[string]Principal{
		"arn:aws:iam::111111111111:root":                                          {Account: "111111111111", Type: "Root"},
		"arn:aws:iam::111111111111:user/Delegated":                                {Account: "111111111111", Type: "IAMUser", Name: "Delegated"},
		"arn:aws-cn:iam::111111111111:user/ops/alice":                             {Account: "111111111111", Type: "IAMUser", Name: "alice"},
		"arn:aws:sts::222222222222:assumed-role/stackd-grants-cross-owner/target": {Account: "222222222222", Type: "AssumedRole", Name: "target"},
		"arn:aws:sts::111111111111:federated-user/unissued":                       {Account: "111111111111", Type: "FederatedUser", Name: "unissued"},
		"arn:aws:iam::111111111111:role/probe":                                    {},
		"arn:aws:sts::111111111111:assumed-role/path/role/session":                {},
		"arn:aws:iam::11111111111:root":                                           {},
		"arn:aws:iam::111111111111:user/":                                         {},
		"arn:aws:s3::111111111111:root":                                           {},
		"111111111111":                                                            {},
		"":                                                                        {},
	} {
		got, ok := ParsePrincipal(arn)
		if want.Type == "" {
			if ok {
				t.Errorf("ParsePrincipal(%q) = %+v, want not ok", arn, got)
			}
			continue
		}
		want.ARN = arn
		if !ok || got != want {
			t.Errorf("ParsePrincipal(%q) = %+v, %v, want %+v", arn, got, ok, want)
		}
	}
}
