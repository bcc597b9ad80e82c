package mrk

import "testing"

// TestExplicitDeny: a Deny statement of a customer managed key's policy
// refuses what it matches, whatever IAM would allow (deny.go); the
// statements the simulator cannot judge are not enforced.
func TestExplicitDeny(t *testing.T) {
	const acct, other = "111111111111", "222222222222"
	key := &Key{Set: &KeySet{ID: "00000000-0000-4000-8000-000000000001", Account: acct}, Region: "us-east-1"}
	user := Caller{Account: acct, Region: "us-east-1", Principal: "arn:aws:iam::" + acct + ":user/alice"}
	root := Caller{Account: acct, Region: "us-east-1"}
	foreign := Caller{Account: other, Region: "us-east-1"}
	viaSQS := user
	viaSQS.Via = "sqs.us-east-1.amazonaws.com"
	period := func(c Caller, days string) Caller {
		c.Keys = map[string]string{"kms:RotationPeriodInDays": days}
		return c
	}
	deny := func(rest string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":"kms:*","Resource":"*"},` +
			`{"Effect":"Deny",` + rest + `}]}`
	}
	checkDenies(t, key, []denyCase{
		{"no Deny", DefaultPolicy("aws", acct), user, "ScheduleKeyDeletion", false},
		{"anyone, exact action", deny(`"Principal":"*","Action":"kms:ScheduleKeyDeletion","Resource":"*"`), user, "ScheduleKeyDeletion", true},
		{"other action", deny(`"Principal":"*","Action":"kms:ScheduleKeyDeletion","Resource":"*"`), user, "DisableKey", false},
		{"action wildcard, any case", deny(`"Principal":{"AWS":"*"},"Action":"KMS:Disable*","Resource":"*"`), user, "DisableKeyRotation", true},
		{"NotAction", deny(`"Principal":"*","NotAction":["kms:Describe*","kms:Get*"],"Resource":"*"`), user, "Encrypt", true},
		{"NotAction spares", deny(`"Principal":"*","NotAction":["kms:Describe*","kms:Get*"],"Resource":"*"`), user, "GetKeyPolicy", false},
		{"the caller's ARN", deny(`"Principal":{"AWS":"arn:aws:iam::` + acct + `:user/alice"},"Action":"kms:*","Resource":"*"`), user, "Encrypt", true},
		{"another user", deny(`"Principal":{"AWS":["arn:aws:iam::` + acct + `:user/bob"]},"Action":"kms:*","Resource":"*"`), user, "Encrypt", false},
		{"the account's root covers its users", deny(`"Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":"kms:*","Resource":"*"`), user, "Encrypt", true},
		{"the account ID", deny(`"Principal":{"AWS":"` + acct + `"},"Action":"kms:*","Resource":"*"`), root, "Encrypt", true},
		{"another account", deny(`"Principal":{"AWS":"` + acct + `"},"Action":"kms:*","Resource":"*"`), foreign, "Encrypt", false},
		{"resource is this key", deny(`"Principal":"*","Action":"kms:*","Resource":"arn:aws:kms:us-east-1:*:key/*"`), user, "Encrypt", true},
		{"resource is another Region", deny(`"Principal":"*","Action":"kms:*","Resource":"arn:aws:kms:eu-west-1:*"`), user, "Encrypt", false},
		{"numeric above 90: 365", deny(`"Principal":"*","Action":"kms:EnableKeyRotation","Resource":"*","Condition":{"NumericGreaterThan":{"kms:RotationPeriodInDays":"90"}}`), period(user, "365"), "EnableKeyRotation", true},
		{"numeric above 90: 90", deny(`"Principal":"*","Action":"kms:EnableKeyRotation","Resource":"*","Condition":{"NumericGreaterThan":{"kms:RotationPeriodInDays":90}}`), period(user, "90"), "EnableKeyRotation", false},
		{"numeric key missing", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"NumericGreaterThan":{"kms:RotationPeriodInDays":"90"}}`), user, "Encrypt", false},
		{"numeric key missing, IfExists", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"NumericGreaterThanIfExists":{"kms:RotationPeriodInDays":"90"}}`), user, "Encrypt", true},
		{"Null true, key missing", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"Null":{"kms:ViaService":"true"}}`), user, "Encrypt", true},
		{"Null true, key present", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"Null":{"kms:ViaService":"true"}}`), viaSQS, "Encrypt", false},
		{"StringNotEquals caller account", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotEquals":{"kms:CallerAccount":"` + acct + `"}}`), foreign, "Encrypt", true},
		{"StringNotEquals own account", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotEquals":{"kms:CallerAccount":["` + other + `","` + acct + `"]}}`), user, "Encrypt", false},
		{"StringNotEquals key missing", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotEquals":{"kms:ViaService":"sqs.us-east-1.amazonaws.com"}}`), user, "Encrypt", true},
		{"StringLike principal", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/a*"}}`), user, "Encrypt", true},
		{"two conditions, one fails", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"` + acct + `"},"StringLike":{"aws:PrincipalArn":"*:root"}}`), user, "Encrypt", false},
		{"NotPrincipal is not judged", deny(`"NotPrincipal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":"kms:*","Resource":"*"`), user, "Encrypt", false},
		{"set operators are not judged", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"kms:CallerAccount":"` + acct + `"}}`), user, "Encrypt", false},
	})
}

// TestGlob: IAM wildcards cross "/" and ":".
func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		p, v string
		want bool
	}{
		{"*", "", true}, {"a*", "a/b:c", true}, {"arn:aws:kms:*", "arn:aws:kms:us-east-1:1:key/x", true},
		{"a?c", "abc", true}, {"a?c", "ac", false}, {"*b", "aaab", true}, {"*b", "aaac", false}, {"", "", true}, {"", "a", false},
	} {
		if got := glob(tc.p, tc.v); got != tc.want {
			t.Errorf("glob(%q, %q) = %v", tc.p, tc.v, got)
		}
	}
}

// TestExplicitDenyFailsOpen: what the world cannot judge is not enforced
// (deny.go), and the operations key policies do not govern are never
// denied; role sessions match their role.
func TestExplicitDenyFailsOpen(t *testing.T) {
	const acct = "111111111111"
	key := &Key{Set: &KeySet{ID: "00000000-0000-4000-8000-000000000001", Account: acct}, Region: "us-east-1"}
	user := Caller{Account: acct, Region: "us-east-1", Principal: "arn:aws:iam::" + acct + ":user/alice"}
	session := Caller{Account: acct, Region: "us-east-1", Principal: "arn:aws:sts::" + acct + ":assumed-role/Admin/s1"}
	deny := func(rest string) string {
		return `{"Statement":[{"Effect":"Deny",` + rest + `}]}`
	}
	checkDenies(t, key, []denyCase{
		{"unmodelled key, negated", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1"}}`), user, "Encrypt", false},
		{"unmodelled key, Null", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"Null":{"kms:EncryptionContextKeys":"true"}}`), user, "Encrypt", false},
		{"policy variable", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalArn":"${aws:username}"}}`), user, "Encrypt", false},
		{"Condition null", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":null`), user, "Encrypt", false},
		{"operator null", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":null}`), user, "Encrypt", false},
		{"empty values", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotEquals":{"kms:CallerAccount":[]}}`), user, "Encrypt", false},
		{"no Resource", deny(`"Principal":"*","Action":"kms:*"`), user, "Encrypt", false},
		{"Action and NotAction", deny(`"Principal":"*","Action":"kms:*","NotAction":"kms:Get*","Resource":"*"`), user, "Encrypt", false},
		{"not a number", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"NumericNotEquals":{"kms:RotationPeriodInDays":"NaN"}}`), user, "Encrypt", false},
		{"Null True", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"Null":{"kms:ViaService":"True"}}`), user, "Encrypt", true},
		{"ListAliases is IAM's", deny(`"Principal":"*","Action":"kms:*","Resource":"*"`), user, "ListAliases", false},
		{"RetireGrant is the grant's", deny(`"Principal":"*","Action":"kms:*","Resource":"*"`), user, "RetireGrant", false},
		{"a role matches its sessions", deny(`"Principal":{"AWS":"arn:aws:iam::` + acct + `:role/Admin"},"Action":"kms:*","Resource":"*"`), session, "Encrypt", true},
		{"another role", deny(`"Principal":{"AWS":"arn:aws:iam::` + acct + `:role/Other"},"Action":"kms:*","Resource":"*"`), session, "Encrypt", false},
		{"a role with a path", deny(`"Principal":{"AWS":"arn:aws:iam::` + acct + `:role/ops/Admin"},"Action":"kms:*","Resource":"*"`), session, "Encrypt", false},
		{"a session's PrincipalArn is unknown", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}`), session, "Encrypt", false},
		{"a user's PrincipalArn is known", deny(`"Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}`), user, "Encrypt", true},
	})
}

// TestGlobLinear: many wildcards against a long value stay fast (a
// backtracking matcher took minutes on this).
func TestGlobLinear(t *testing.T) {
	p := ""
	for range 40 {
		p += "*a"
	}
	v := ""
	for range 4000 {
		v += "a"
	}
	if glob(p+"*b", v) {
		t.Error("matched a value without b")
	}
	if !glob(p, v) {
		t.Error("did not match")
	}
}

// denyCase is one request against one policy: whether its explicit
// denies refuse the action by the caller.
type denyCase struct {
	name, policy string
	c            Caller
	act          string
	want         bool
}

func checkDenies(t *testing.T, key *Key, cases []denyCase) {
	t.Helper()
	for _, tc := range cases {
		if err := CheckPolicy(tc.policy); err != nil {
			t.Fatalf("%s: the policy is invalid: %v", tc.name, err)
		}
		key.setPolicy(tc.policy)
		if got := denied(tc.c, tc.act, key); got != tc.want {
			t.Errorf("%s: denied = %v, want %v", tc.name, got, tc.want)
		}
	}
}
