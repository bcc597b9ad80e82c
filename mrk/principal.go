package mrk

import "strings"

// Principal is a calling IAM identity, parsed from its ARN.
type Principal struct {
	// ARN is the identity's ARN as given.
	ARN string
	// Account is the identity's account.
	Account string
	// Type is its CloudTrail userIdentity type: Root, IAMUser,
	// AssumedRole or FederatedUser.
	Type string
	// Name is the user name of an IAMUser, the session of an AssumedRole
	// or the name of a FederatedUser; "" for Root.
	Name string
}

// ParsePrincipal parses a caller's ARN: an account's root user
// (arn:aws:iam::<account>:root), an IAM user (…:iam::<account>:user/[path/]name),
// an STS assumed-role session (…:sts::<account>:assumed-role/<role>/<session>)
// or a federated user (…:sts::<account>:federated-user/<name>), in any
// partition. ok is false for anything else, a role's own ARN included: a
// role calls through a session.
func ParsePrincipal(arn string) (p Principal, ok bool) {
	if !validPrincipalARN(arn) || !strings.HasPrefix(arn, "arn:") {
		return Principal{}, false
	}
	parts := strings.SplitN(arn, ":", 6)
	p = Principal{ARN: arn, Account: parts[4]}
	res := parts[5]
	last := res[strings.LastIndexByte(res, '/')+1:]
	switch {
	case parts[2] == "iam" && res == "root":
		p.Type = "Root"
	case parts[2] == "iam" && strings.HasPrefix(res, "user/") && last != "":
		p.Type, p.Name = "IAMUser", last
	case parts[2] == "sts" && strings.HasPrefix(res, "assumed-role/") && !malformedAssumedRole(arn):
		p.Type, p.Name = "AssumedRole", last
	case parts[2] == "sts" && strings.HasPrefix(res, "federated-user/") && last != "" && strings.Count(res, "/") == 1:
		p.Type, p.Name = "FederatedUser", last
	default:
		return Principal{}, false
	}
	return p, true
}
