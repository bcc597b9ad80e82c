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
	for _, tc := range []struct {
		name   string
		policy string
		c      Caller
		act    string
		want   bool
	}{
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
	} {
		if err := CheckPolicy(tc.policy); err != nil {
			t.Fatalf("%s: the policy is invalid: %v", tc.name, err)
		}
		key.setPolicy(tc.policy)
		if got := denied(tc.c, tc.act, key); got != tc.want {
			t.Errorf("%s: denied = %v, want %v", tc.name, got, tc.want)
		}
	}
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
