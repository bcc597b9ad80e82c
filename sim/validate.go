package sim

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/mrksim/mrk/mrk"
)

// validator collects violations of the API model's constraints (A0.10) in
// member order and reports them as one ValidationException.
type validator struct{ frags []string }

func (v *validator) add(format string, args ...any) {
	v.frags = append(v.frags, fmt.Sprintf(format, args...))
}

// required reports a missing required member; it returns false when absent.
func (v *validator) required(path string, present bool) bool {
	if !present {
		v.add("Value null at '%s' failed to satisfy constraint: Member must not be null", path)
	}
	return present
}

// length checks a string's length in characters against [lo, hi]; the
// message quotes the value, so sensitive members go through blob instead,
// which leaves the value out (A0.10.5).
func (v *validator) length(path, s string, lo, hi int) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < lo:
		v.add("Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", s, path, lo)
	case n > hi:
		v.add("Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", s, path, hi)
	}
}

func (v *validator) str(path string, s *string, req bool, lo, hi int) {
	if s == nil {
		if req {
			v.required(path, false)
		}
		return
	}
	v.length(path, *s, lo, hi)
}

func (v *validator) intRange(path string, n *int32, lo, hi int) {
	if n == nil {
		return
	}
	switch {
	case int(*n) < lo:
		v.add("Value '%d' at '%s' failed to satisfy constraint: Member must have value greater than or equal to %d", *n, path, lo)
	case int(*n) > hi:
		v.add("Value '%d' at '%s' failed to satisfy constraint: Member must have value less than or equal to %d", *n, path, hi)
	}
}

func (v *validator) pattern(path string, s *string, ok func(string) bool, pat string) {
	if s != nil && !ok(*s) {
		v.add("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", *s, path, pat)
	}
}

// enum checks an enum member; "" is an absent member (the SDK omits it).
// extra values are ones the SDK knows and AWS accepts though the model
// lacks them (A0.25.1): they pass here and meet the simulator's limits later.
func (v *validator) enum(path, s string, values []string, extra ...string) {
	if s == "" {
		return
	}
	for _, x := range values {
		if x == s {
			return
		}
	}
	for _, x := range extra {
		if x == s {
			return
		}
	}
	v.add("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", s, path, strings.Join(values, ", "))
}

func (v *validator) keyID(s *string) { v.str("keyId", s, true, 1, 2048) }

func (v *validator) region(path string, s *string) {
	v.str(path, s, true, 1, 32)
	if s != nil && *s != "" && len(*s) <= 32 {
		v.pattern(path, s, mrk.ValidRegionName, `^([a-z]+-){2,3}\d+$`)
	}
}

func (v *validator) policy(s *string) {
	v.str("policy", s, false, 1, 131072)
	if s != nil && *s != "" {
		v.pattern("policy", s, policyChars, `[\u0009\u000A\u000D\u0020-\u00FF]+`)
	}
}

func policyChars(s string) bool {
	for _, r := range s {
		if !(r == 9 || r == 10 || r == 13 || r >= 0x20 && r <= 0xff) {
			return false
		}
	}
	return true
}

func markerChars(s string) bool {
	for _, r := range s {
		if r < 0x20 || r > 0xff {
			return false
		}
	}
	return true
}

func (v *validator) tags(tags []types.Tag) {
	for i, t := range tags {
		p := "tags." + strconv.Itoa(i+1) + ".member."
		v.str(p+"tagKey", t.TagKey, true, 1, 128)
		v.str(p+"tagValue", t.TagValue, true, 0, 256)
	}
}

func (v *validator) grantTokens(toks []string) {
	if len(toks) > 10 {
		v.add("Value '[%s]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10", strings.Join(toks, ", "))
	}
	for i, t := range toks {
		v.length("grantTokens."+strconv.Itoa(i+1)+".member", t, 1, 8192)
	}
}

func (v *validator) err() error {
	switch len(v.frags) {
	case 0:
		return nil
	case 1:
		return &mrk.Error{Code: mrk.CodeValidation, Message: "1 validation error detected: " + v.frags[0]}
	}
	return &mrk.Error{Code: mrk.CodeValidation, Message: fmt.Sprintf("%d validation errors detected: %s", len(v.frags), strings.Join(v.frags, "; "))}
}

// strs converts a list of string enums; nil stays nil.
func strs[T ~string](xs []T) []string {
	if xs == nil {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func toTags(tags []types.Tag) []mrk.Tag {
	if len(tags) == 0 {
		return nil
	}
	out := make([]mrk.Tag, len(tags))
	for i, t := range tags {
		out[i] = mrk.Tag{Key: deref(t.TagKey), Value: deref(t.TagValue)}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// limitOr is a list operation's Limit, or def when absent.
func limitOr(l *int32, def int) int {
	if l == nil {
		return def
	}
	return int(*l)
}

// nextMarker is a page's NextMarker member: absent on the last page.
func nextMarker(m string) *string {
	if m == "" {
		return nil
	}
	return &m
}

// materialID checks a KeyMaterialId member (BackingKeyIdType): exactly 64
// lower-case hex digits (A10.3.1, A31.3.1).
func (v *validator) materialID(s *string) {
	v.str("keyMaterialId", s, false, 64, 64)
	v.pattern("keyMaterialId", s, func(x string) bool {
		for _, r := range x {
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
				return false
			}
		}
		return x != ""
	}, `^[a-f0-9]+$`)
}
