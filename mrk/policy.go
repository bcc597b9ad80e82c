package mrk

import (
	"encoding/json"
	"strings"
)

// MaxPolicyBytes is the key policy size quota (A0.19.2).
const MaxPolicyBytes = 32768

// DefaultPolicy returns the default key policy of a key in account's
// partition, byte for byte as KMS returns it (R4.4.3, A0.19.5).
func DefaultPolicy(partition, account string) string {
	return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n" +
		"    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n" +
		"      \"AWS\" : \"arn:" + partition + ":iam::" + account + ":root\"\n    },\n" +
		"    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}"
}

// CheckPolicy runs the request-only checks of a key policy document
// (A0.19.2, A0.19.3, A6.3.9): size quota, structure, principal ARNs. The
// lockout safety check is not performed (O-1, A0.19.4).
func CheckPolicy(doc string) *Error {
	if len(doc) > MaxPolicyBytes {
		return Errorf(CodeLimitExceeded, "Policy document exceeds the maximum size of %d bytes.", MaxPolicyBytes)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &top); err != nil || top == nil {
		return &Error{CodeMalformedPolicy, "The policy is not a valid JSON object."}
	}
	raw, ok := top["Statement"]
	if !ok {
		return &Error{CodeMalformedPolicy, "The policy has no Statement."}
	}
	var stmts []map[string]json.RawMessage
	var one map[string]json.RawMessage
	if json.Unmarshal(raw, &one) == nil && one != nil {
		stmts = []map[string]json.RawMessage{one}
	} else if json.Unmarshal(raw, &stmts) != nil || len(stmts) == 0 {
		return &Error{CodeMalformedPolicy, "The policy's Statement must be an object or a non-empty array of objects."}
	}
	for _, st := range stmts {
		if st == nil {
			return &Error{CodeMalformedPolicy, "The policy's Statement must be an object or a non-empty array of objects."}
		}
		var effect string
		if json.Unmarshal(st["Effect"], &effect) != nil || effect != "Allow" && effect != "Deny" {
			return &Error{CodeMalformedPolicy, "Policy statement Effect must be Allow or Deny."}
		}
		p, hasP := st["Principal"]
		np, hasNP := st["NotPrincipal"]
		if !hasP && !hasNP {
			return &Error{CodeMalformedPolicy, "Policy statement must contain a Principal or NotPrincipal."}
		}
		for _, v := range []json.RawMessage{p, np} {
			if v == nil {
				continue
			}
			if e := checkPrincipals(v); e != nil {
				return e
			}
		}
	}
	return nil
}

// checkPrincipals checks that every principal value starting arn: is an IAM
// or STS ARN (A6.3.9); "*" and service names pass.
func checkPrincipals(v json.RawMessage) *Error {
	var vals []string
	var s string
	var m map[string]json.RawMessage
	switch {
	case json.Unmarshal(v, &s) == nil:
		vals = []string{s}
	case json.Unmarshal(v, &m) == nil && m != nil:
		for _, x := range m {
			var xs []string
			if json.Unmarshal(x, &s) == nil {
				vals = append(vals, s)
			} else if json.Unmarshal(x, &xs) == nil {
				vals = append(vals, xs...)
			} else {
				return &Error{CodeMalformedPolicy, "Policy statement has an invalid Principal."}
			}
		}
	default:
		return &Error{CodeMalformedPolicy, "Policy statement has an invalid Principal."}
	}
	for _, p := range vals {
		if strings.HasPrefix(p, "arn:") && !validPrincipalARN(p) {
			return Errorf(CodeInvalidArn, "An ARN in the specified key policy is invalid: %s", p)
		}
	}
	return nil
}

func validPrincipalARN(p string) bool {
	parts := strings.SplitN(p, ":", 6)
	if len(parts) != 6 || parts[3] != "" || !ValidAccountID(parts[4]) || parts[5] == "" {
		return false
	}
	switch parts[1] {
	case "aws", "aws-cn", "aws-us-gov":
	default:
		return false
	}
	return parts[2] == "iam" || parts[2] == "sts"
}

// Tag is one key tag.
type Tag struct{ Key, Value string }

// MaxTags is the number of tags a key or a request may hold (A0.17).
const MaxTags = 50

// CheckTags runs the request checks of a tag list in AWS's order (A0.17.2).
func CheckTags(tags []Tag) *Error {
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if seen[t.Key] {
			return &Error{CodeTag, "Duplicate tag keys"}
		}
		seen[t.Key] = true
	}
	if len(tags) > MaxTags {
		return &Error{CodeTag, "Too many tags"}
	}
	for _, t := range tags {
		if len(t.Key) >= 4 && strings.EqualFold(t.Key[:4], "aws:") {
			return &Error{CodeTag, "Tags beginning with aws: are reserved"}
		}
	}
	return nil
}
