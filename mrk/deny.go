package mrk

import (
	"encoding/json"
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
// {"AWS": "*"} match everyone; an IAM ARN matches that caller; an
// account's root ARN or bare ID matches every caller of the account. The
// condition operators are IAM's String*, Numeric*, Bool and Null ones,
// with IfExists. A statement the simulator cannot judge (NotPrincipal,
// NotResource, a ForAnyValue or ForAllValues set operator, an unknown
// operator) is not enforced: the world fails open, as it does for every
// Allow.

// denyRule is one Deny statement, compiled when the policy is set.
type denyRule struct {
	anyone     bool
	principals []string
	actions    []string
	notAction  bool
	resources  []string
	conds      []condition
}

// condition is one operator, key and values of a Condition block.
type condition struct {
	op       string // without IfExists
	ifExists bool
	key      string
	values   []string
}

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
	if st["NotPrincipal"] != nil || st["NotResource"] != nil {
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
	if r.actions, ok = stringOrList(acts); !ok {
		return denyRule{}, false
	}
	if res := st["Resource"]; res != nil {
		if r.resources, ok = stringOrList(res); !ok {
			return denyRule{}, false
		}
	}
	if c := st["Condition"]; c != nil {
		var block map[string]map[string]json.RawMessage
		if json.Unmarshal(c, &block) != nil {
			return denyRule{}, false
		}
		for op, kv := range block {
			name, ifExists := strings.CutSuffix(op, "IfExists")
			if !knownOperator(name) {
				return denyRule{}, false
			}
			for key, raw := range kv {
				vals, ok := conditionValues(raw)
				if !ok {
					return denyRule{}, false
				}
				r.conds = append(r.conds, condition{op: name, ifExists: ifExists, key: strings.ToLower(key), values: vals})
			}
		}
	}
	return r, true
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

var operators = map[string]bool{
	"StringEquals": true, "StringNotEquals": true, "StringEqualsIgnoreCase": true, "StringNotEqualsIgnoreCase": true,
	"StringLike": true, "StringNotLike": true, "NumericEquals": true, "NumericNotEquals": true,
	"NumericLessThan": true, "NumericLessThanEquals": true, "NumericGreaterThan": true,
	"NumericGreaterThanEquals": true, "Bool": true, "Null": true,
}

func knownOperator(op string) bool { return operators[op] }

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
	if len(k.deny) == 0 {
		return false
	}
	lookup := requestKeys(c)
	for i := range k.deny {
		if k.deny[i].applies(c, "kms:"+act, k, lookup) {
			return true
		}
	}
	return false
}

func (r *denyRule) applies(c Caller, act string, k *Key, lookup func(string) (string, bool)) bool {
	if !r.anyone && !principalMatches(r.principals, c) {
		return false
	}
	if matchAny(r.actions, act, true) == r.notAction {
		return false
	}
	if r.resources != nil && !matchAny(r.resources, k.ARN(), false) {
		return false
	}
	for _, cond := range r.conds {
		if !cond.holds(lookup) {
			return false
		}
	}
	return true
}

// principalMatches: the caller's ARN, or its account's root or ID.
func principalMatches(ps []string, c Caller) bool {
	root := "arn:" + Partition(c.Region) + ":iam::" + c.Account + ":root"
	for _, p := range ps {
		if p == c.PrincipalARN() || p == root || p == c.Account {
			return true
		}
	}
	return false
}

// matchAny matches v against patterns with * and ? wildcards; actions
// compare case-insensitively.
func matchAny(patterns []string, v string, fold bool) bool {
	if fold {
		v = strings.ToLower(v)
	}
	for _, p := range patterns {
		if fold {
			p = strings.ToLower(p)
		}
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
			if (want == "true") == !present {
				return true
			}
		}
		return false
	}
	negated := strings.Contains(cd.op, "Not")
	if !present {
		return cd.ifExists || negated
	}
	matched := false
	for _, want := range cd.values {
		if cd.match(v, want) {
			matched = true
			break
		}
	}
	return matched != negated
}

// match compares one request value with one policy value, for the
// operator without its negation.
func (cd condition) match(v, want string) bool {
	switch strings.Replace(cd.op, "Not", "", 1) {
	case "StringEquals":
		return v == want
	case "StringEqualsIgnoreCase":
		return strings.EqualFold(v, want)
	case "StringLike":
		return glob(want, v)
	case "Bool":
		return strings.EqualFold(v, want)
	}
	a, err1 := strconv.ParseFloat(v, 64)
	b, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	switch strings.Replace(cd.op, "Not", "", 1) {
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
// included), ? any one character.
func glob(p, v string) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			if p == "" {
				return true
			}
			for i := 0; i <= len(v); i++ {
				if glob(p, v[i:]) {
					return true
				}
			}
			return false
		case '?':
			if v == "" {
				return false
			}
			p, v = p[1:], v[1:]
		default:
			if v == "" || p[0] != v[0] {
				return false
			}
			p, v = p[1:], v[1:]
		}
	}
	return v == ""
}
