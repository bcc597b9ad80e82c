package mrk

import (
	"sort"
	"strings"
	"time"
)

// AWS managed keys (KeyManager AWS) are the keys an AWS service creates in
// an account and Region the first time it needs one, under the predefined
// alias alias/aws/<service>. KMS creates one too when DescribeKey is called
// on such an alias ("If you call the DescribeKey operation on a predefined
// AWS alias, that is, an AWS alias with no key ID, KMS creates an AWS
// managed key", KMS API Reference, DescribeKey). SPEC R0.5 and SPEC-API
// A0.12.10 (O17) leave them out; the recording rotation.json:managed_sqs_*
// shows one, which the simulator reproduces.
//
// An AWS managed key is single-Region, symmetric, origin AWS_KMS, never
// deleted and not counted against the customer managed key quota. Its key
// policy is fixed, and unlike a customer managed key's it is enforced,
// since no caller can change it: the account's principals may call the
// actions of its second statement (kms:Describe*, kms:Get*, kms:List*,
// kms:RevokeGrant) directly, and the actions of its first statement only
// through the service (Caller.Via). Anything else is AccessDeniedException,
// in the wording of rotation.json:managed_sqs_enable-key-rotation.

// managedService is what an AWS managed key of one service looks like.
type managedService struct {
	// sid is the first statement's Sid; data is what the Description
	// says the key protects.
	sid, data string
	// endpoint is the service's endpoint prefix in kms:ViaService.
	endpoint string
	// policyID is the key policy's Id; callerFirst puts kms:CallerAccount
	// before kms:ViaService in the first statement's condition.
	policyID    string
	callerFirst bool
	// via are the actions the service may call on the account's behalf,
	// direct the actions the account's principals may call themselves.
	via, direct []string
}

// The action lists the key policies share.
var (
	viaAll        = []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"}
	viaNoGrant    = []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"}
	directRevoke  = []string{"kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"}
	directMinimal = []string{"kms:Describe*", "kms:Get*", "kms:List*"}
)

// through is the usual first Sid: access through name for those
// authorized to use short.
func through(name, short string) string {
	return "Allow access through " + name + " for all principals in the account that are authorized to use " + short
}

// managedServices are the predefined aliases the simulator knows, by the
// name after alias/aws/, each with AWS's own texts. sqs is recorded
// (rotation.json:managed_key, managed_sqs_policy). The others' key
// policies are those published from real accounts in
// github.com/FogSecurity/aws-managed-kms-keys reference_key_policies/
// (whose sqs.json is byte-identical to the recording), their Descriptions
// those of real describe-key outputs and Terraform exports.
var managedServices = map[string]managedService{
	"sqs": {sid: through("Simple Queue Service (SQS)", "SQS"), data: "SQS messages", endpoint: "sqs",
		policyID: "auto-sqs-1", via: viaAll, direct: directRevoke},
	"s3": {sid: through("S3", "S3"), data: "S3 objects", endpoint: "s3",
		policyID: "auto-s3-2", callerFirst: true, via: viaNoGrant, direct: directMinimal},
	"ebs": {sid: through("EBS", "EBS"), data: "EBS volumes", endpoint: "ec2",
		policyID: "auto-ebs-2", via: viaAll, direct: directRevoke},
	"rds": {sid: through("RDS", "RDS"), data: "RDS database volumes", endpoint: "rds", policyID: "auto-rds-2",
		via:    []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"},
		direct: directRevoke},
	"lambda": {sid: through("AWS Lambda", "AWS Lambda"), data: "Lambda functions", endpoint: "lambda",
		policyID: "auto-awslambda", callerFirst: true, via: viaAll, direct: directRevoke},
	"ssm": {sid: through("SSM", "SSM"), data: "SSM parameters", endpoint: "ssm",
		policyID: "auto-ssm-1", via: viaNoGrant, direct: directMinimal},
	"sns": {sid: through("SNS", "SNS"), data: "SNS data", endpoint: "sns", policyID: "auto-sns-1", callerFirst: true,
		via:    []string{"kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"},
		direct: directRevoke},
	"codecommit": {sid: through("CodeCommit", "CodeCommit"), data: "CodeCommit repositories", endpoint: "codecommit",
		policyID: "auto-codecommit-2", callerFirst: true, via: viaNoGrant, direct: directMinimal},
	"backup": {sid: through("Backup", "Backup Storage"), data: "Backup data", endpoint: "backup",
		policyID: "auto-backup-1", callerFirst: true,
		via: []string{"kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey*"}, direct: directRevoke},
}

// ManagedServices returns the services whose predefined alias
// alias/aws/<service> the simulator knows, sorted.
func ManagedServices() []string {
	out := make([]string, 0, len(managedServices))
	for s := range managedServices {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// IsAWSManaged reports whether the key is an AWS managed key.
func (k *Key) IsAWSManaged() bool { return k.Set.Service != "" }

// dnsSuffix is the partition's domain of service endpoints.
func dnsSuffix(region string) string {
	if Partition(region) == "aws-cn" {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// ViaService returns the kms:ViaService value of requests that the service
// with this endpoint prefix (such as "sqs" or "ec2") makes in a Region.
func ViaService(endpoint, region string) string {
	return endpoint + "." + region + "." + dnsSuffix(region)
}

// managedPolicy renders the fixed key policy of service's key in account
// and region, in the layout of rotation.json:managed_sqs_policy.
func managedPolicy(m managedService, account, region string) string {
	list := func(acts []string) string { return "[ \"" + strings.Join(acts, "\", \"") + "\" ]" }
	via := "        \"kms:ViaService\" : \"" + ViaService(m.endpoint, region) + "\""
	caller := "        \"kms:CallerAccount\" : \"" + account + "\""
	cond := via + ",\n" + caller
	if m.callerFirst {
		cond = caller + ",\n" + via
	}
	return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"" + m.policyID + "\",\n  \"Statement\" : [ {\n" +
		"    \"Sid\" : \"" + m.sid + "\",\n" +
		"    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"*\"\n    },\n" +
		"    \"Action\" : " + list(m.via) + ",\n    \"Resource\" : \"*\",\n" +
		"    \"Condition\" : {\n      \"StringEquals\" : {\n" + cond + "\n      }\n    }\n  }, {\n" +
		"    \"Sid\" : \"Allow direct access to key metadata to the account\",\n" +
		"    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:" + Partition(region) + ":iam::" + account + ":root\"\n    },\n" +
		"    \"Action\" : " + list(m.direct) + ",\n    \"Resource\" : \"*\"\n  } ]\n}"
}

// action is the IAM action an operation is authorized as; ReEncrypt's
// source key is authorized for kms:ReEncryptFrom (its destination for
// kms:ReEncryptTo, see sealer).
func action(op Op) string {
	if op == OpReEncrypt {
		return "ReEncryptFrom"
	}
	return op.String()
}

// matchAction reports whether the IAM action kms:<act> matches one of
// the policy's action patterns (with * wildcards).
func matchAction(patterns []string, act string) bool {
	a := "kms:" + strings.ToLower(act)
	for _, p := range patterns {
		if glob(strings.ToLower(p), a) {
			return true
		}
	}
	return false
}

// authorize evaluates an AWS managed key's fixed policy for the IAM action
// act by the caller, and a customer managed key's explicit denies (see
// deny.go; no Allow of theirs is evaluated, R0.5). On an AWS managed key
// RetireGrant is authorized by the grant, not by the key policy.
func authorize(c Caller, act string, k *Key) error {
	if !k.IsAWSManaged() {
		if denied(c, act, k) {
			return Errorf(CodeAccessDenied, "User: %s is not authorized to perform: kms:%s on resource: %s with an explicit deny in a resource-based policy",
				c.PrincipalARN(), act, k.ARN())
		}
		return nil
	}
	if act == "RetireGrant" {
		return nil
	}
	m := managedServices[k.Set.Service]
	if c.Account == k.Set.Account {
		if matchAction(m.direct, act) {
			return nil
		}
		if c.Via == ViaService(m.endpoint, k.Region) && matchAction(m.via, act) {
			return nil
		}
	}
	return Errorf(CodeAccessDenied, "User: %s is not authorized to perform: kms:%s on resource: %s because no resource-based policy allows the kms:%s action",
		c.PrincipalARN(), act, k.ARN(), act)
}

// predefinedAlias returns the service of a predefined alias that keyID
// names in the caller's account and called Region (an alias name, or an
// alias ARN there), if the simulator knows the service.
func predefinedAlias(c Caller, keyID string) (string, bool) {
	id := ParseIdent(keyID)
	switch {
	case id.Kind == IdentAliasName:
	case id.Kind == IdentAliasARN && id.Account == c.Account && id.Region == c.Region:
	default:
		return "", false
	}
	svc, ok := strings.CutPrefix(id.Resource, reservedPrefix)
	if !ok {
		return "", false
	}
	_, known := managedServices[svc]
	return svc, known
}

// DescribeKey resolves DescribeKey's KeyId (§A13). A predefined alias
// alias/aws/<service> with no key yet first gets its AWS managed key, as
// AWS creates it (A13.3.2, against A0.12.10); the key's ID and material
// are drawn from ent.
func (s *Store) DescribeKey(now time.Time, ent Entropy, c Caller, keyID string) (*Key, error) {
	if svc, ok := predefinedAlias(c, keyID); ok && s.aliases.find(c.Account, c.Region, reservedPrefix+svc) == nil {
		// The new key is the answer, whatever ReadStaleness would hide.
		return s.createManaged(now, ent, c, svc), nil
	}
	return s.Get(c, OpDescribeKey, keyID)
}

// createManaged creates service's AWS managed key and its alias in the
// caller's account and called Region.
func (s *Store) createManaged(now time.Time, ent Entropy, c Caller, svc string) *Key {
	m := managedServices[svc]
	set := s.setSlab.alloc()
	*set = KeySet{ID: s.newKeyID(ent, false), Account: c.Account, Spec: SpecSymmetricDefault, Usage: UsageEncryptDecrypt,
		Origin: OriginAWSKMS, Primary: c.Region, Service: svc}
	set.Replicas = set.replicaBuf[:0]
	set.Materials = append(set.materialBuf[:0], newMaterial(ent, now))
	k := s.keySlab.alloc()
	*k = Key{Set: set, Region: c.Region, Created: now, State: Enabled,
		Description: "Default key that protects my " + m.data + " when no other key is defined",
		Policy:      managedPolicy(m, c.Account, c.Region)}
	s.sets[set.ID] = set
	s.insert(k)
	s.region(c.Account, c.Region, false).managed++
	s.aliases.add(&Alias{Name: reservedPrefix + svc, Account: c.Account, Region: c.Region, KeyID: set.ID, Created: now, Updated: now})
	return k
}
