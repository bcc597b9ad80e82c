package mrk

// opInfo is what key resolution needs to know about an operation.
type opInfo struct {
	aliases      bool // accepts alias names and alias ARNs (R1.4.2, A0.12.2)
	crossAccount bool // looks keys up in another account (A0.12.6)
	noInvalidArn bool // model error list lacks InvalidArnException (A0.12.4, O-6)
}

var opInfos = func() [numOps]opInfo {
	var t [numOps]opInfo
	// Encapsulate and Decapsulate: "To specify a KMS key, use its key ID,
	// key ARN, alias name, or alias ARN" and "Cross-account use: Yes"
	// (aws-sdk-go-v2 v1.62.5 api_op_Encapsulate.go, api_op_Decapsulate.go).
	for _, op := range []Op{OpDecrypt, OpDeriveSharedSecret, OpDescribeKey, OpEncrypt, OpGenerateDataKey,
		OpGenerateDataKeyPair, OpGenerateDataKeyPairWithoutPlaintext, OpGenerateDataKeyWithoutPlaintext,
		OpGenerateMac, OpGetPublicKey, OpReEncrypt, OpSign, OpVerify, OpVerifyMac, OpEncapsulate, OpDecapsulate} {
		t[op].aliases = true
		t[op].crossAccount = true
	}
	for _, op := range []Op{OpCreateGrant, OpGetKeyRotationStatus, OpListGrants, OpRevokeGrant, OpRetireGrant} {
		t[op].crossAccount = true
	}
	for _, op := range []Op{OpDecrypt, OpDeriveSharedSecret, OpEncrypt, OpGenerateDataKey, OpGenerateDataKeyPair,
		OpGenerateDataKeyPairWithoutPlaintext, OpGenerateDataKeyWithoutPlaintext, OpGenerateMac, OpReEncrypt,
		OpSign, OpVerify, OpVerifyMac, OpCreateAlias, OpUpdateAlias, OpDeleteAlias, OpEncapsulate, OpDecapsulate} {
		t[op].noInvalidArn = true
	}
	return t
}()

// AcceptsAlias reports whether op accepts alias names and alias ARNs as KeyId.
func AcceptsAlias(op Op) bool { return op < numOps && opInfos[op].aliases }

// Resolve finds the key a KeyId value names for op, following R1.5 in order:
// the ARN path (malformed ARN, other Region, malformed key ID, alias, other
// account, lookup), the alias path, and the key-ID path. An alias name or
// alias ARN resolves to its target in the called Region for operations that
// accept aliases (R1.4.2) and is refused by the others (R1.4.4).
//
// A key that is found must then allow op to the caller: only AWS managed
// keys can refuse it, by their fixed key policy (see authorize).
func (s *Store) Resolve(c Caller, op Op, v string) (*Key, error) {
	k, err := s.find(c, op, v)
	if err != nil {
		return nil, err
	}
	if err := s.unseen(op, k); err != nil {
		return nil, err // R11.5: a read right after CreateKey
	}
	if err := authorize(c, action(op), k); err != nil {
		return nil, err
	}
	return k, nil
}

// Locate finds the key a KeyId value names as DescribeKey would, but
// without authorization or ReadStaleness: for naming a call's key in the
// event log.
func (s *Store) Locate(c Caller, v string) (*Key, error) { return s.find(c, OpDescribeKey, v) }

// find is Resolve without the authorization of the key it finds.
func (s *Store) find(c Caller, op Op, v string) (*Key, error) {
	info := opInfos[op]
	id := ParseIdent(v)
	account := c.Account
	switch id.Kind {
	case IdentMalformedARN:
		if info.noInvalidArn {
			return nil, errInvalidKeyID(v)
		}
		return nil, Errorf(CodeInvalidArn, "Invalid arn %s", v)
	case IdentKeyARN, IdentAliasARN:
		if id.Region != c.Region {
			return nil, Errorf(CodeNotFound, "Invalid arn %s", id.Region)
		}
		if id.Kind == IdentKeyARN && !IsKeyID(id.Resource) {
			return nil, Errorf(CodeNotFound, "Invalid keyId %s", id.Resource)
		}
		if id.Kind == IdentAliasARN {
			return s.resolveAlias(c, info, id.Account, id.Resource)
		}
		if id.Account != c.Account {
			if !info.crossAccount {
				return nil, accessDenied(c, op)
			}
			account = id.Account
		}
	case IdentAliasName:
		return s.resolveAlias(c, info, c.Account, id.Resource)
	default:
		if !IsKeyID(id.Resource) {
			return nil, errInvalidKeyID(v)
		}
	}
	k := s.Lookup(account, c.Region, id.Resource)
	if k == nil {
		return nil, errKeyNotExist(KeyARN(c.Region, account, id.Resource))
	}
	return k, nil
}

// resolveAlias answers an alias name or alias ARN (name is the full alias
// name, account the caller's or the ARN's). An operation that accepts
// aliases gets the alias's target: the key it names in that account and
// the called Region (R1.3.3, R1.5.2(b), R1.5.3 step 3); a missing alias is
// R1.3.6's NotFoundException (A0.12.9; an alias/aws/ name exists once its
// AWS managed key does, see DescribeKey, against A0.12.10). Any other operation refuses the alias (R1.4.4, A0.12.3):
// with InvalidArnException, or, when its error list lacks that exception
// (CreateAlias and UpdateAlias TargetKeyId), with A3.3.3's
// ValidationException (O40).
func (s *Store) resolveAlias(c Caller, info opInfo, account, name string) (*Key, error) {
	if !info.aliases {
		if info.noInvalidArn {
			return nil, &Error{CodeValidation, msgAliasTarget}
		}
		return nil, &Error{CodeInvalidArn, msgAliasNotSupported}
	}
	if a := s.aliases.find(account, c.Region, name); a != nil {
		if k := s.Lookup(account, c.Region, a.KeyID); k != nil {
			return k, nil
		}
	}
	return nil, Errorf(CodeNotFound, "Alias %s is not found.", AliasARN(c.Region, account, name))
}

// accessDenied is O-7's answer to another account's key ARN on an operation
// without cross-account use, in AWS's recorded wording for an identity
// without permission.
func accessDenied(c Caller, op Op) *Error {
	return Errorf(CodeAccessDenied, "User: %s is not authorized to perform: kms:%s on this resource because no identity-based policy allows the kms:%s action",
		c.PrincipalARN(), op, op)
}
