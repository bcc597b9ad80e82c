package mrk

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Explicit denies. The simulator evaluates no Allow of a customer managed
// key's policy: whether a caller is allowed depends on IAM, which it does
// not model (R0.5). An explicit Deny in the key policy, though, refuses a
// request whatever IAM says, so the world enforces it:
// rotation.json:condition_numeric_* recorded AWS refusing EnableKeyRotation
// "with an explicit deny in a resource-based policy" on a condition on
// kms:RotationPeriodInDays.
//
// A Deny statement applies when its Principal, Action (or NotAction),
// Resource and every Condition match the request. Principal "*" and
// {"AWS": "*"} match everyone; an IAM ARN matches that caller (a role's
// ARN, its sessions); an account's root ARN or bare ID matches every
// caller of the account. The condition operators are IAM's String*,
// Numeric*, Bool and Null ones, with IfExists, on the condition keys the
// simulator knows: kms:CallerAccount, aws:PrincipalAccount,
// aws:PrincipalArn, kms:ViaService and the operation's own (Caller.Keys,
// such as kms:RotationPeriodInDays).
//
// The world fails open on what it cannot judge, as it does for every
// Allow: a statement with NotPrincipal or NotResource, a set operator
// (ForAnyValue, ForAllValues), an unknown operator, a condition key the
// simulator does not model, a policy variable (${…}), a malformed or empty
// condition, a role ARN with a path, or aws:PrincipalArn for a role
// session (whose role path is unknown) is not enforced. An operation that
// key policies do not govern (ListAliases, IAM-only; RetireGrant,
// authorized by its grant) is never denied.

// denyRule is one Deny statement, compiled when the policy is set.
type denyRule struct {
	anyone     bool
	principals []string // IAM ARNs and account IDs
	actions    []string // lower case
	notAction  bool
	resources  []string
	conds      []condition
}

// condition is one operator, key and values of a Condition block.
type condition struct {
	op       string // the base operator: StringEquals, StringLike, NumericLessThan, Bool, Null, …
	negated  bool
	ifExists bool
	key      string // lower case
	values   []string
}

// modelledKeys are the condition keys a request may carry in the world.
var modelledKeys = map[string]bool{
	"kms:calleraccount": true, "aws:principalaccount": true, "aws:principalarn": true, "kms:viaservice": true,
	"kms:rotationperiodindays": true,
}

// ungoverned are the actions key policies do not decide.
var ungoverned = map[string]bool{"ListAliases": true, "RetireGrant": true}

// setPolicy sets a customer managed key's policy and compiles its
// explicit denies.
func (k *Key) setPolicy(doc string) {
	k.Policy = doc
	k.deny = compileDenies(doc)
}

// compileDenies returns the enforceable Deny statements of a policy that
// CheckPolicy accepted.
func compileDenies(doc string) []denyRule {
	if !strings.Contains(doc, "Deny") {
		return nil
	}
	var top struct{ Statement json.RawMessage }
	if json.Unmarshal([]byte(doc), &top) != nil {
		return nil
	}
	var stmts []map[string]json.RawMessage
	var one map[string]json.RawMessage
	if json.Unmarshal(top.Statement, &one) == nil && one != nil {
		stmts = append(stmts, one)
	} else if json.Unmarshal(top.Statement, &stmts) != nil {
		return nil
	}
	var rules []denyRule
	for _, st := range stmts {
		if r, ok := compileDeny(st); ok {
			rules = append(rules, r)
		}
	}
	return rules
}

func compileDeny(st map[string]json.RawMessage) (denyRule, bool) {
	var effect string
	if json.Unmarshal(st["Effect"], &effect) != nil || effect != "Deny" {
		return denyRule{}, false
	}
	if st["NotPrincipal"] != nil || st["NotResource"] != nil || st["Resource"] == nil ||
		(st["Action"] == nil) == (st["NotAction"] == nil) {
		return denyRule{}, false
	}
	var r denyRule
	var ok bool
	if r.anyone, r.principals, ok = principalsOf(st["Principal"]); !ok {
		return denyRule{}, false
	}
	acts := st["Action"]
	if acts == nil {
		acts, r.notAction = st["NotAction"], true
	}
	if r.actions, ok = stringOrList(acts); !ok || len(r.actions) == 0 {
		return denyRule{}, false
	}
	for i, a := range r.actions {
		r.actions[i] = strings.ToLower(a)
	}
	if r.resources, ok = stringOrList(st["Resource"]); !ok || len(r.resources) == 0 {
		return denyRule{}, false
	}
	if c, has := st["Condition"]; has {
		var block map[string]map[string]json.RawMessage
		if json.Unmarshal(c, &block) != nil || len(block) == 0 {
			return denyRule{}, false
		}
		for op, kv := range block {
			name, ifExists := strings.CutSuffix(op, "IfExists")
			base, negated := baseOperator(name)
			if base == "" || len(kv) == 0 {
				return denyRule{}, false
			}
			for key, raw := range kv {
				vals, ok := conditionValues(raw)
				if !ok || len(vals) == 0 || !modelledKeys[strings.ToLower(key)] {
					return denyRule{}, false
				}
				for _, v := range vals {
					if strings.Contains(v, "${") {
						return denyRule{}, false // policy variables
					}
					if _, err := parseNumber(v); strings.HasPrefix(base, "Numeric") && err != nil {
						return denyRule{}, false
					}
				}
				r.conds = append(r.conds, condition{op: base, negated: negated, ifExists: ifExists, key: strings.ToLower(key), values: vals})
			}
		}
	}
	return r, true
}

// baseOperator splits an IAM condition operator into its positive form and
// negation; "" for one the simulator does not evaluate.
func baseOperator(op string) (string, bool) {
	switch op {
	case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "NumericEquals", "NumericLessThan",
		"NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "Bool", "Null":
		return op, false
	case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals":
		return strings.Replace(op, "Not", "", 1), true
	}
	return "", false
}

// parseNumber reads an IAM number: a finite decimal.
func parseNumber(v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(v, "xXpP_") {
		return 0, strconv.ErrSyntax
	}
	return f, nil
}

// principalsOf reads a Principal: "*", {"AWS": "*"}, or IAM ARNs and
// account IDs. Service principals never call with a Caller.
func principalsOf(raw json.RawMessage) (anyone bool, arns []string, ok bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s == "*", nil, s == "*"
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false, nil, false
	}
	for kind, v := range m {
		vals, ok := stringOrList(v)
		if !ok {
			return false, nil, false
		}
		if kind != "AWS" {
			continue
		}
		for _, p := range vals {
			if p == "*" {
				anyone = true
			}
			if res, isRole := strings.CutPrefix(p[strings.LastIndexByte(p, ':')+1:], "role/"); isRole && strings.Contains(res, "/") {
				return false, nil, false // a role path a session's ARN does not show
			}
			arns = append(arns, p)
		}
	}
	return anyone, arns, true
}

// stringOrList reads a string or a list of strings.
func stringOrList(raw json.RawMessage) ([]string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}, true
	}
	var l []string
	if json.Unmarshal(raw, &l) == nil {
		return l, true
	}
	return nil, false
}

// conditionValues reads a condition's values: strings, numbers or
// booleans, alone or in a list, as their text.
func conditionValues(raw json.RawMessage) ([]string, bool) {
	var l []json.RawMessage
	if json.Unmarshal(raw, &l) != nil {
		l = []json.RawMessage{raw}
	}
	out := make([]string, 0, len(l))
	for _, v := range l {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out = append(out, s)
			continue
		}
		var f json.Number
		if json.Unmarshal(v, &f) == nil {
			out = append(out, f.String())
			continue
		}
		var b bool
		if json.Unmarshal(v, &b) == nil {
			out = append(out, strconv.FormatBool(b))
			continue
		}
		return nil, false
	}
	return out, true
}

// requestKeys are the condition keys a request carries: the caller's and
// the operation's own (Caller.Keys). Keys are case-insensitive.
func requestKeys(c Caller) func(string) (string, bool) {
	return func(key string) (string, bool) {
		switch key {
		case "kms:calleraccount", "aws:principalaccount":
			return c.Account, true
		case "aws:principalarn":
			return c.PrincipalARN(), true
		case "kms:viaservice":
			return c.Via, c.Via != ""
		}
		for k, v := range c.Keys {
			if strings.ToLower(k) == key {
				return v, true
			}
		}
		return "", false
	}
}

// denied reports whether an explicit Deny of k's policy refuses the IAM
// action act by the caller.
func denied(c Caller, act string, k *Key) bool {
	if len(k.deny) == 0 || ungoverned[act] {
		return false
	}
	lookup := requestKeys(c)
	action := "kms:" + strings.ToLower(act)
	session := strings.Contains(c.Principal, ":assumed-role/")
	for i := range k.deny {
		if k.deny[i].applies(c, action, session, k, lookup) {
			return true
		}
	}
	return false
}

func (r *denyRule) applies(c Caller, action string, session bool, k *Key, lookup func(string) (string, bool)) bool {
	if !r.anyone && !principalMatches(r.principals, c) {
		return false
	}
	if matchAny(r.actions, action) == r.notAction {
		return false
	}
	if !matchAny(r.resources, k.ARN()) {
		return false
	}
	for _, cond := range r.conds {
		if session && cond.key == "aws:principalarn" {
			return false // the session's role ARN, path included, is unknown
		}
		if !cond.holds(lookup) {
			return false
		}
	}
	return true
}

// principalMatches: the caller's ARN, its account's root or ID, or for a
// role session the role's ARN (without a path: rules naming a role with
// one are not compiled).
func principalMatches(ps []string, c Caller) bool {
	me := c.PrincipalARN()
	root := "arn:" + Partition(c.Region) + ":iam::" + c.Account + ":root"
	role := ""
	if p, ok := ParsePrincipal(c.Principal); ok && p.Type == "AssumedRole" {
		res := me[strings.Index(me, ":assumed-role/")+len(":assumed-role/"):]
		role = "arn:" + Partition(c.Region) + ":iam::" + c.Account + ":role/" + res[:strings.IndexByte(res, '/')]
	}
	for _, p := range ps {
		if p == me || p == root || p == c.Account || (role != "" && p == role) {
			return true
		}
	}
	return false
}

// matchAny matches v against IAM patterns with * and ? wildcards.
func matchAny(patterns []string, v string) bool {
	for _, p := range patterns {
		if glob(p, v) {
			return true
		}
	}
	return false
}

// holds evaluates one condition as IAM does: a positive operator holds
// when the request's value matches any of the values, a negated one when
// it matches none; a key the request lacks fails every operator but Null,
// unless IfExists, and makes a negated operator hold.
func (cd condition) holds(lookup func(string) (string, bool)) bool {
	v, present := lookup(cd.key)
	if cd.op == "Null" {
		for _, want := range cd.values {
			if strings.EqualFold(want, "true") == !present {
				return true
			}
		}
		return false
	}
	if !present {
		return cd.ifExists || cd.negated
	}
	matched := false
	for _, want := range cd.values {
		if cd.match(v, want) {
			matched = true
			break
		}
	}
	return matched != cd.negated
}

// match compares one request value with one policy value under the
// positive operator.
func (cd condition) match(v, want string) bool {
	switch cd.op {
	case "StringEquals":
		return v == want
	case "StringEqualsIgnoreCase", "Bool":
		return strings.EqualFold(v, want)
	case "StringLike":
		return glob(want, v)
	}
	a, err1 := parseNumber(v)
	b, err2 := parseNumber(want)
	if err1 != nil || err2 != nil {
		return false
	}
	switch cd.op {
	case "NumericEquals":
		return a == b
	case "NumericLessThan":
		return a < b
	case "NumericLessThanEquals":
		return a <= b
	case "NumericGreaterThan":
		return a > b
	case "NumericGreaterThanEquals":
		return a >= b
	}
	return false
}

// glob matches v against an IAM pattern: * any run of characters (/
// included), ? any one character. Linear: a mismatch backtracks only to
// the last *.
func glob(p, v string) bool {
	pi, vi, star, mark := 0, 0, -1, 0
	for vi < len(v) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == v[vi]):
			pi++
			vi++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, vi
			pi++
		case star >= 0:
			pi, mark = star+1, mark+1
			vi = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// checkLockout is the key policy lockout safety check (A0.19.4) as far as
// the world can judge it: unless bypassed, a new policy whose explicit Deny
// refuses the caller kms:PutKeyPolicy on k is refused. Whether its Allows
// still let the caller in depends on IAM, which is not modelled.
func checkLockout(c Caller, k *Key, policy *string, bypass bool) error {
	if policy == nil || bypass {
		return nil
	}
	rules := compileDenies(*policy)
	if len(rules) == 0 {
		return nil
	}
	probe := Key{Set: k.Set, Region: k.Region, deny: rules}
	if denied(c, "PutKeyPolicy", &probe) {
		return &Error{CodeMalformedPolicy, "The new key policy will not allow you to update the key policy in the future."}
	}
	return nil
}
