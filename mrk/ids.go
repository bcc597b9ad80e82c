package mrk

import (
	"encoding/hex"
	"strings"
)

// DefaultRegions are the KMS Regions of a default world, in the three
// partitions the model covers (R1.6.1).
var DefaultRegions = []string{
	"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
	"eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1",
	"me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"cn-north-1", "cn-northwest-1",
	"us-gov-east-1", "us-gov-west-1",
}

// Partition returns the partition of a Region name: aws-cn for cn-*,
// aws-us-gov for us-gov-*, aws otherwise (R1.2.2).
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// ValidRegionName reports whether s is a Region ID of the model's RegionType:
// 1 to 32 characters matching ^([a-z]+-){2,3}\d+$ (R1.6.2).
func ValidRegionName(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	i, groups := 0, 0
	for {
		j := i
		for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
			j++
		}
		if j == i || j == len(s) || s[j] != '-' {
			break
		}
		groups++
		i = j + 1
	}
	if groups < 2 || groups > 3 || i == len(s) {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidAccountID reports whether s is exactly 12 decimal digits (R1.2.3).
func ValidAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// KeyARN formats a key ARN (R1.2.1).
func KeyARN(region, account, keyID string) string {
	return "arn:" + Partition(region) + ":kms:" + region + ":" + account + ":key/" + keyID
}

// AliasARN formats an alias ARN; name includes the alias/ prefix (R1.3.2).
func AliasARN(region, account, name string) string {
	return "arn:" + Partition(region) + ":kms:" + region + ":" + account + ":" + name
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// IsMultiRegionKeyID reports whether s is mrk- followed by exactly 32
// lower-case hex digits (R1.1.2, O-3).
func IsMultiRegionKeyID(s string) bool {
	return len(s) == 36 && strings.HasPrefix(s, "mrk-") && isLowerHex(s[4:])
}

// IsSingleRegionKeyID reports whether s is a canonical lower-case UUID
// (R1.1.1, O-3).
func IsSingleRegionKeyID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			c := s[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// IsKeyID reports whether s is a well-formed key ID of either kind.
func IsKeyID(s string) bool { return IsMultiRegionKeyID(s) || IsSingleRegionKeyID(s) }

// NewKeyID formats a key ID from 16 random bytes: mrk- and 32 hex digits for
// a multi-Region key (no fixed bits, O-2), else a version-4 UUID (R1.1.1).
func NewKeyID(b [16]byte, multiRegion bool) string {
	if multiRegion {
		return "mrk-" + hex.EncodeToString(b[:])
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// IdentKind is the form of a KeyId value (R1.4.1).
type IdentKind uint8

// The four forms, plus Malformed for a value starting arn: that is not a
// well-formed KMS ARN.
const (
	IdentKeyID IdentKind = iota
	IdentKeyARN
	IdentAliasName
	IdentAliasARN
	IdentMalformedARN
)

// Ident is a parsed KeyId value. For ARNs Region and Account are the ARN's;
// Resource is the key ID (key forms) or the full alias name alias/... .
type Ident struct {
	Kind     IdentKind
	Region   string
	Account  string
	Resource string
}

// ParseIdent classifies a KeyId value following R1.5.2: values starting
// arn: take the ARN path, alias/ the alias path, everything else the key-ID
// path. It does not check that a key ID is well formed; Resolve does.
func ParseIdent(v string) Ident {
	switch {
	case strings.HasPrefix(v, "arn:"):
		return parseARN(v)
	case strings.HasPrefix(v, "alias/"):
		return Ident{Kind: IdentAliasName, Resource: v}
	}
	return Ident{Kind: IdentKeyID, Resource: v}
}

// parseARN splits on the first five colons (alias names may hold ':') and
// checks the shape of a KMS key or alias ARN (R1.5.3 step 0, O-6).
func parseARN(v string) Ident {
	bad := Ident{Kind: IdentMalformedARN, Resource: v}
	parts := strings.SplitN(v, ":", 6)
	if len(parts) != 6 {
		return bad
	}
	partition, service, region, account, res := parts[1], parts[2], parts[3], parts[4], parts[5]
	if service != "kms" || !ValidAccountID(account) || !ValidRegionName(region) {
		return bad
	}
	if partition != "aws" && partition != "aws-cn" && partition != "aws-us-gov" || Partition(region) != partition {
		return bad
	}
	switch {
	case strings.HasPrefix(res, "key/") && len(res) > len("key/"):
		return Ident{Kind: IdentKeyARN, Region: region, Account: account, Resource: res[len("key/"):]}
	case strings.HasPrefix(res, "alias/") && len(res) > len("alias/"):
		return Ident{Kind: IdentAliasARN, Region: region, Account: account, Resource: res}
	}
	return bad
}
