package sim_test

// The scenarios of TestConformance: for each recording, what the probe did
// before its first observation and the request behind each observation.
// Only the imports files record their requests; for the others the request
// is rebuilt from the case name, the recorded output and the file's notes,
// as described at each scenario.

import (
	"bytes"
	"crypto/ed25519"
	"crypto/elliptic"
	crand "crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"hash"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/mrk"
	"github.com/mrksim/mrk/sim"
)

// cfScenarios maps every file of testdata/aws-observed to its replay.
var cfScenarios = map[string]cfScenario{
	"multi_region.json":                 cfMultiRegion,
	"multi_region_permissions.json":     {plan: cfPermissions},
	"rotation.json":                     cfRotation,
	"grants.json":                       {setup: cfGrantsSetup, plan: cfGrants},
	"hmac.json":                         {setup: cfKeysSetup, plan: cfCrypto},
	"ecc.json":                          {setup: cfKeysSetup, plan: cfCrypto},
	"rsa.json":                          {setup: cfKeysSetup, plan: cfCrypto},
	"mldsa.json":                        {setup: cfKeysSetup, plan: cfCrypto},
	"imports.json":                      cfImports,
	"imports_data_plane.json":           cfImports,
	"imports_edges.json":                cfImports,
	"imports_expiry.json":               cfImports,
	"imports_families.json":             cfImports,
	"imports_multi_region.json":         cfImports,
	"imports_rotation_expiry.json":      cfImports,
	"imports_rotation_replacement.json": cfImports,
	"imports_rotation_replica.json":     cfImports,
}

const (
	cfMRK     = "mrk-00000000000000000000000000000001"
	cfKey1    = "00000000-0000-4000-8000-000000000001"
	cfKey2    = "00000000-0000-4000-8000-000000000002"
	cfKey3    = "00000000-0000-4000-8000-000000000003"
	cfAlias   = "alias/stackd-conformance"
	cfGrantee = "arn:aws:iam::111111111111:role/stackd-conformance-grantee"
)

func cfARN(region, id string) string { return "arn:aws:kms:" + region + ":" + cfAccount + ":key/" + id }

func cfB64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// cfDefaultPolicy is the default key policy the recordings show.
const cfDefaultPolicy = "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111111111111:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}"

// ---------------------------------------------------------------------------
// multi_region.json: one multi-Region primary in us-east-1 (the file's
// "primary"), replicated to ap-east-1 and us-west-2, promoted, deleted.

var cfMultiRegion = cfScenario{
	opts: sim.Options{},
	setup: func(r *cfRun) {
		r.createKey("us-east-1", r.file.top["primary"].(map[string]any),
			map[string]any{"MultiRegion": true, "Description": "stackd multi-Region primary"})
	},
	plan: func(r *cfRun, o *cfObs) cfStep {
		if o.Service == "iam" {
			return cfStep{skip: "outside KMS: IAM " + o.Operation + " (the multi-Region service-linked role); the simulator models no IAM"}
		}
		key := map[string]any{"KeyId": cfMRK}
		with := func(kv ...any) map[string]any {
			m := map[string]any{"KeyId": cfMRK}
			for i := 0; i < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		}
		ct := func() any { return r.vars["ct"] }
		switch c := o.Case; {
		case strings.HasPrefix(c, "replicate_region_"):
			return cfStep{in: with("ReplicaRegion", strings.TrimPrefix(c, "replicate_region_"))}
		case c == "enable_rotation_primary":
			// get-key-rotation-status later shows a 90-day period.
			return cfStep{in: with("RotationPeriodInDays", 90)}
		case c == "encrypt_primary_before":
			return cfStep{in: with("Plaintext", cfB64("multi-Region plaintext")),
				after: func(out map[string]any) { r.vars["ct"] = out["CiphertextBlob"] }}
		case c == "replicate_west", c == "replicate_existing":
			return cfStep{in: with("ReplicaRegion", "us-west-2")}
		case c == "replicate_replica", c == "replicate_disabled_primary":
			return cfStep{in: with("ReplicaRegion", "eu-west-1")}
		case c == "replicate_deleting_replica":
			return cfStep{in: with("ReplicaRegion", "us-east-1")}
		case c == "replica_ready_poll":
			r.advance(6 * time.Second) // past the replica's Creating (5 s, SPEC §11)
			return cfStep{in: key}
		case c == "primary_change_poll":
			if r.vars["polled"] == nil {
				r.vars["polled"] = true // the first poll still sees Updating
			} else {
				r.advance(11 * time.Second) // past Updating (10 s, SPEC §11)
			}
			return cfStep{in: key}
		case c == "rotation_complete_poll":
			if r.vars["rotpolled"] == nil {
				r.vars["rotpolled"] = true
			} else {
				r.advance(3 * time.Minute) // past the on-demand rotation (2 min, SPEC §11)
			}
			return cfStep{in: key}
		case c == "replica_rotation_history":
			// The NON_CURRENT entry without a RotationDate is listed only
			// with ALL_KEY_MATERIAL.
			return cfStep{in: with("IncludeKeyMaterial", "ALL_KEY_MATERIAL")}
		case c == "replica_policy", strings.HasPrefix(c, "deleting_policy_"):
			return cfStep{in: with("PolicyName", "default")}
		case strings.HasPrefix(c, "put_deleting_policy_"):
			return cfStep{in: with("PolicyName", "default", "Policy", cfDefaultPolicy)}
		case strings.HasPrefix(c, "tag_deleting_"):
			return cfStep{in: with("Tags", []any{map[string]any{"TagKey": "stackd", "TagValue": "deleting"}})}
		case strings.HasPrefix(c, "untag_deleting_"):
			return cfStep{in: with("TagKeys", []any{"stackd"})}
		case c == "decrypt_replica_implicit", c == "replica_with_deleting_primary", c == "new_primary_decrypt_old",
			c == "replica_decrypt_old_material":
			return cfStep{in: map[string]any{"CiphertextBlob": ct()}}
		case c == "decrypt_replica_id", c == "decrypt_replica_primary_disabled":
			return cfStep{in: map[string]any{"CiphertextBlob": ct(), "KeyId": cfMRK}}
		case c == "decrypt_replica_replica_arn":
			return cfStep{in: map[string]any{"CiphertextBlob": ct(), "KeyId": cfARN("us-west-2", cfMRK)}}
		case c == "decrypt_replica_primary_arn":
			return cfStep{in: map[string]any{"CiphertextBlob": ct(), "KeyId": cfARN("us-east-1", cfMRK)}}
		case c == "replica_reencrypt_same":
			return cfStep{in: map[string]any{"CiphertextBlob": ct(), "DestinationKeyId": cfMRK}}
		case c == "alias_replicate-key":
			return cfStep{in: map[string]any{"KeyId": cfAlias, "ReplicaRegion": "eu-west-1"}}
		case c == "alias_update-primary-region":
			return cfStep{in: map[string]any{"KeyId": cfAlias, "PrimaryRegion": "us-west-2"}}
		case c == "update_primary_same":
			return cfStep{in: with("PrimaryRegion", "us-east-1")}
		case c == "update_primary_missing":
			return cfStep{in: with("PrimaryRegion", "eu-west-1")}
		case c == "update_from_replica", c == "promote_deleting_replica", c == "promote_disabled_primary",
			c == "promote_disabled_replica":
			if c == "promote_disabled_primary" {
				// The probe scheduled the primary's deletion and cancelled it
				// (cancel_for_disabled_primary) to leave it Disabled; the
				// schedule call is not among the observations.
			}
			return cfStep{in: with("PrimaryRegion", "us-east-1")}
		case c == "promote_replica":
			return cfStep{in: with("PrimaryRegion", "us-west-2")}
		case c == "cancel_for_disabled_primary":
			// Unrecorded: the probe scheduled the primary's deletion first.
			r.must("us-west-2", "ScheduleKeyDeletion", with("PendingWindowInDays", 7))
			return cfStep{in: key}
		case strings.HasPrefix(c, "delete_primary"), strings.HasSuffix(c, "_schedule_delete"),
			strings.HasPrefix(c, "cleanup_supplement_"):
			return cfStep{in: with("PendingWindowInDays", 7)}
		}
		return cfStep{in: key}
	},
}

// ---------------------------------------------------------------------------
// multi_region_permissions.json: CreateKey for a multi-Region key by an IAM
// user; the first three calls failed because the user's new credentials had
// not yet propagated in IAM.

func cfPermissions(r *cfRun, o *cfObs) cfStep {
	if o.Code == "UnrecognizedClientException" {
		return cfStep{skip: "outside KMS: IAM credential propagation for a new IAM user (UnrecognizedClientException); the simulator models no IAM"}
	}
	return cfStep{op: "CreateKey", region: "us-east-1", in: map[string]any{"MultiRegion": true,
		"Description": cfOutStr(o, "KeyMetadata", "Description")}}
}

// cfOutStr digs a string out of the recorded output.
func cfOutStr(o *cfObs, path ...string) string {
	var v any = o.Output
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	s, _ := v.(string)
	return s
}

// ---------------------------------------------------------------------------
// rotation.json: key 1 (symmetric) through automatic and on-demand
// rotation; key 2 (HMAC_256) for the rotation rules of HMAC keys; key 3 is
// AWS managed (SQS).

var cfRotation = cfScenario{
	setup: func(r *cfRun) {
		keys := r.file.top["keys"].([]any)
		r.createKey("us-east-1", keys[0].(map[string]any), map[string]any{"Description": "stackd rotation conformance probe"})
		r.createKey("us-east-1", keys[1].(map[string]any), map[string]any{"Description": "stackd rotation eligibility probe",
			"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"})
	},
	plan: func(r *cfRun, o *cfObs) cfStep {
		c := o.Case
		if strings.HasPrefix(c, "managed_") {
			// Key 3 is the AWS managed key SQS created for an encrypted
			// queue; DescribeKey on its predefined alias creates it too
			// (KMS API Reference, DescribeKey).
			if r.vars["managed"] == nil {
				r.vars["managed"] = true
				cfManagedKey(r)
			}
			if c == "managed_sqs_rotations" {
				// Unrecorded request: a never-rotated key lists its
				// first material only with ALL_KEY_MATERIAL
				// (initial_list is empty, initial_all is not).
				return cfStep{in: map[string]any{"KeyId": cfKey3, "IncludeKeyMaterial": "ALL_KEY_MATERIAL"}}
			}
			return cfStep{in: map[string]any{"KeyId": cfKey3}}
		}
		if o.Code == "ParamValidation" {
			return cfStep{skip: "AWS CLI client-side validation: the request never reached AWS (see the recordings' README)"}
		}
		with := func(kv ...any) map[string]any {
			m := map[string]any{"KeyId": cfKey1}
			for i := 0; i < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		}
		all := with("IncludeKeyMaterial", "ALL_KEY_MATERIAL")
		poll := func(name string) {
			if r.vars[name] == nil {
				r.vars[name] = true
			} else {
				r.advance(3 * time.Minute) // past the on-demand rotation (2 min, SPEC §11)
			}
		}
		switch {
		case strings.HasPrefix(c, "alias_"):
			return cfStep{in: map[string]any{"KeyId": cfAlias}}
		case strings.HasPrefix(c, "hmac_"):
			return cfStep{in: map[string]any{"KeyId": cfKey2}}
		case c == "disabled_get-key-rotation-status":
			r.must("us-east-1", "DisableKey", with()) // unrecorded: the probe disabled the key
		case c == "condition_null_omitted", c == "condition_numeric_omitted":
			// Unrecorded: the probe put a key policy denying
			// EnableKeyRotation on a condition on
			// kms:RotationPeriodInDays, as the case names say.
			r.must("us-east-1", "PutKeyPolicy", with("PolicyName", "default", "Policy", cfDenyRotationPolicy(strings.Split(c, "_")[1])))
		case c == "status_reenabled":
			r.must("us-east-1", "EnableKey", with())
		case c == "deleting_get-key-rotation-status", c == "deleting_pending":
			r.must("us-east-1", "ScheduleKeyDeletion", with("PendingWindowInDays", 7))
		case c == "status_canceled_deletion":
			r.must("us-east-1", "CancelKeyDeletion", with())
			r.must("us-east-1", "EnableKey", with())
		case c == "reenabled_pending":
			r.must("us-east-1", "EnableKey", with())
		case c == "rotation_poll":
			poll("poll1")
		case c == "disabled_rotation_poll":
			poll("poll2")
		case c == "deleting_rotation_poll":
			poll("poll3")
			return cfStep{in: all}
		}
		switch c {
		case "initial_all", "all_rotated", "disabled_rotation_list", "reenabled_rotation_list":
			return cfStep{in: all}
		case "page_first":
			return cfStep{in: with("IncludeKeyMaterial", "ALL_KEY_MATERIAL", "Limit", 1),
				after: func(out map[string]any) { r.vars["marker"] = out["NextMarker"] }}
		case "page_second":
			return cfStep{in: with("IncludeKeyMaterial", "ALL_KEY_MATERIAL", "Limit", 1, "Marker", r.vars["marker"])}
		case "invalid_marker":
			return cfStep{in: with("IncludeKeyMaterial", "ALL_KEY_MATERIAL", "Marker", "not-a-marker")}
		case "enable_2561":
			return cfStep{in: with("RotationPeriodInDays", 2561)}
		case "enable_90", "enable_custom", "reenabled_same_period", "condition_null_90", "condition_numeric_90":
			return cfStep{in: with("RotationPeriodInDays", 90)}
		case "enable_2560":
			return cfStep{in: with("RotationPeriodInDays", 2560)}
		case "condition_null_180", "condition_numeric_180":
			return cfStep{in: with("RotationPeriodInDays", 180)}
		case "encrypt_before":
			return cfStep{in: with("Plaintext", cfB64("retained rotation plaintext")),
				after: func(out map[string]any) { r.vars["ct"] = out["CiphertextBlob"] }}
		case "decrypt_old":
			return cfStep{in: map[string]any{"CiphertextBlob": r.vars["ct"]}}
		case "reencrypt_old":
			return cfStep{in: map[string]any{"CiphertextBlob": r.vars["ct"], "DestinationKeyId": cfKey1}}
		case "data_key_rotated":
			return cfStep{in: with("KeySpec", "AES_256")}
		}
		return cfStep{in: with()}
	},
}

// cfManagedKey creates rotation.json's AWS managed key through DescribeKey
// on alias/aws/sqs, binds key 3 to it, and checks its KeyMetadata against
// the file's managed_key (times aside).
func cfManagedKey(r *cfRun) {
	r.t.Helper()
	out := r.must("us-east-1", "DescribeKey", map[string]any{"KeyId": "alias/aws/sqs"})
	rec := r.file.top["managed_key"].(map[string]any)
	md := out["KeyMetadata"].(map[string]any)
	if !r.bindID(rec["KeyId"].(string), md["KeyId"].(string)) {
		r.t.Fatalf("%s: managed key ID already bound", r.file.name)
	}
	exp := cfClone(rec).(map[string]any)
	cfMask(exp, md, false)
	r.learnAll(exp, md)
	if d := cmp.Diff(r.subst(exp), any(md)); d != "" {
		r.t.Errorf("%s: the AWS managed key's metadata differs from managed_key (-recorded +world):\n%s", r.file.name, d)
	}
}

// cfDenyRotationPolicy is the default key policy with rotation.json's
// explicit deny: EnableKeyRotation when kms:RotationPeriodInDays is absent
// ("null") or above 90 days ("numeric"). The outcomes show AWS giving an
// omitted period as 365: the Null deny never fired, the numeric one did
// (condition_null_omitted, condition_numeric_omitted).
func cfDenyRotationPolicy(kind string) string {
	cond := `{"Null": {"kms:RotationPeriodInDays": "true"}}`
	if kind == "numeric" {
		cond = `{"NumericGreaterThan": {"kms:RotationPeriodInDays": "90"}}`
	}
	return strings.Replace(cfDefaultPolicy, "\n  } ]\n}", "\n  }, {\n    \"Sid\" : \"Deny rotation periods\",\n    \"Effect\" : \"Deny\",\n"+
		"    \"Principal\" : {\n      \"AWS\" : \"*\"\n    },\n    \"Action\" : \"kms:EnableKeyRotation\",\n    \"Resource\" : \"*\",\n"+
		"    \"Condition\" : "+cond+"\n  } ]\n}", 1)
}

// ---------------------------------------------------------------------------
// grants.json: grants for IAM roles, STS sessions and federated users, and
// what those principals could then do. The simulator models no IAM: who
// calls (a session, a role, another account), the identity, session and
// boundary policies that decide AccessDenied, and whether a principal
// exists on IAM are outside it. What is replayed: the grants the key's
// account created and listed. The probe used a fresh key for its lifecycle_
// cases (the recording's cleanup deletes "key 1" five times).

const (
	cfSession   = "arn:aws:sts::111111111111:assumed-role/stackd-grants-probe-session/target"
	cfLifecycle = "arn:aws:sts::111111111111:assumed-role/stackd-grants-lifecycle/future"
)

func cfGrantsSetup(r *cfRun) {
	r.createKey("us-east-1", r.file.top["key"].(map[string]any), map[string]any{"Description": "stackd grants conformance probe"})
}

func cfGrants(r *cfRun, o *cfObs) cfStep {
	grant := func(grantee string, ops ...any) cfStep {
		return cfStep{op: "CreateGrant", in: map[string]any{"KeyId": cfKey1, "GranteePrincipal": grantee, "Operations": ops}}
	}
	switch c := o.Case; c {
	case "session_create":
		st := grant(cfSession, "Decrypt", "RetireGrant")
		st.in["Name"], st.in["RetiringPrincipal"] = "session", cfSession
		return st
	case "session_list", "lifecycle_list_before":
		return cfStep{in: map[string]any{"KeyId": cfKey1}}
	case "session_retirable":
		return cfStep{in: map[string]any{"RetiringPrincipal": cfSession}}
	case "unissued_session":
		return grant("arn:aws:sts::111111111111:assumed-role/stackd-grants-probe-session/unissued", "Decrypt")
	case "raw_session_id":
		return grant("AROA00000000000000001:target", "Decrypt")
	case "unissued_federated_user":
		return grant("arn:aws:sts::111111111111:federated-user/unissued", "Decrypt")
	case "role_create":
		return grant("arn:aws:iam::111111111111:role/probe/stackd-grants-probe-role", "Decrypt")
	case "delegate_parent_create", "delegate_second_create":
		return grant("arn:aws:iam::111111111111:role/probe/stackd-grants-probe-delegator", "CreateGrant", "Decrypt")
	case "delegate_narrow_constraint":
		st := grant("arn:aws:iam::111111111111:role/probe/stackd-grants-probe-role", "Decrypt")
		st.in["Constraints"] = map[string]any{"EncryptionContextEquals": map[string]any{"purpose": "narrow"}}
		return st
	case "federated_create":
		return grant("arn:aws:sts::111111111111:federated-user/stackd-grants-federated", "Decrypt", "RetireGrant")
	case "lifecycle_create", "lifecycle_named_id_retry":
		if r.vars["lifecycle key"] == nil {
			r.vars["lifecycle key"] = true
			md := r.file.top["key"].(map[string]any)
			r.unbind(cfKey1)
			r.unbind(md["CurrentKeyMaterialId"].(string))
			r.createKey("us-east-1", md, map[string]any{"Description": "stackd grants lifecycle probe"})
		}
		st := grant(cfLifecycle, "DescribeKey")
		st.in["Name"], st.in["RetiringPrincipal"] = "bound-session", cfLifecycle
		return st
	case "lifecycle_filter_id":
		return cfStep{in: map[string]any{"KeyId": cfKey1,
			"GrantId": "0000000000000000000000000000000000000000000000000000000000000064"}}
	case "lifecycle_retirable_id":
		return cfStep{in: map[string]any{"RetiringPrincipal": cfLifecycle}}
	case "session_role_path":
		// The grantee's form, not its existence: an assumed-role ARN has no path.
		return grant("arn:aws:sts::111111111111:assumed-role/probe/stackd-grants-probe-session/target", "Decrypt")
	}
	if strings.HasPrefix(o.Case, "cross_") && strings.HasSuffix(o.Case, "_create") && o.Code == "Success" {
		// The key's account granted a principal of the second account; only
		// what that principal could do next depends on its IAM policies.
		// cross_<role>_<session|role>…_create: the grantee is the role's
		// session or the role itself.
		f := strings.Split(o.Case, "_")
		role := "stackd-grants-cross-" + f[1]
		grantee := "arn:aws:iam::222222222222:role/" + role
		if f[2] == "session" {
			grantee = "arn:aws:sts::222222222222:assumed-role/" + role + "/target"
		}
		st := grant(grantee, "DescribeKey", "Encrypt", "RetireGrant")
		if strings.Contains(o.Case, "_retiring_") && !strings.Contains(o.Case, "_retiring_none") {
			st.in["RetiringPrincipal"] = grantee
		}
		return st
	}
	switch {
	case strings.HasPrefix(o.Case, "cross_"):
		return cfStep{skip: "outside the simulator: a caller in another account, its IAM identity and session policies decide the answer"}
	case o.Code == "AccessDeniedException":
		return cfStep{skip: "outside the simulator: IAM identity, session or boundary policy evaluation (AccessDenied wording)"}
	case o.Code == "InvalidArnException" || o.Code == "NotFoundException":
		return cfStep{skip: "outside the simulator: whether an IAM/STS principal exists (IAM propagation, deleted or recreated roles)"}
	case strings.HasPrefix(o.Case, "lifecycle_"):
		return cfStep{skip: "outside the simulator: IAM deleted and recreated the grantee role (grants show its unique ID AROA…)"}
	}
	return cfStep{skip: "outside the simulator: the call was made by the grantee (an IAM role, STS session or federated user), authorized by IAM policies"}
}

// ---------------------------------------------------------------------------
// hmac.json, ecc.json, rsa.json, mldsa.json: keys of each spec (the file's
// "keys"), exercised by asymmetric and HMAC operations.

func cfKeysSetup(r *cfRun) {
	keys, _ := r.file.top["keys"].([]any)
	for _, k := range keys {
		md := k.(map[string]any)
		in := map[string]any{"KeySpec": md["KeySpec"], "KeyUsage": md["KeyUsage"]}
		if d, ok := md["Description"].(string); ok && d != "" {
			in["Description"] = d
		}
		r.createKey("us-east-1", md, in)
	}
}

// cfKeyFor finds the recorded key of a spec and usage.
func cfKeyFor(r *cfRun, spec, usage string) string {
	keys, _ := r.file.top["keys"].([]any)
	for _, k := range keys {
		md := k.(map[string]any)
		if md["KeySpec"] == spec && (usage == "" || md["KeyUsage"] == usage) {
			return md["KeyId"].(string)
		}
	}
	return ""
}

// cfCrypto rebuilds the request of an observation of hmac.json, ecc.json,
// rsa.json or mldsa.json from its case, spec, usage and algorithm fields.
// Messages are synthetic (the recordings keep none): RAW is a fixed text,
// DIGEST its digest under the algorithm's hash, EXTERNAL_MU the ML-DSA mu
// of RAW under the key's public key. Signatures, MACs and ciphertexts the
// later cases verify or decrypt are the ones the world returned earlier.
// The probe disabled and then scheduled the deletion of each key before its
// disabled_ and deleting_ cases; those calls are not observations.
func cfCrypto(r *cfRun, o *cfObs) cfStep {
	op := cfOpName(o.Operation)
	c := o.Case
	usage := o.Usage
	if usage == "" && strings.HasPrefix(o.Spec, "HMAC_") {
		usage = "GENERATE_VERIFY_MAC"
	}
	if r.file.name == "rsa.json" && c == "encryption_empty_context" && r.vars["second run"] == nil {
		// rsa.json's last eleven observations come from a second run on
		// fresh keys: the recording's cleanup deletes keys 1 to 3 twice.
		r.vars["second run"] = true
		keys := r.file.top["keys"].([]any)
		for _, k := range keys[:3] {
			md := k.(map[string]any)
			r.unbind(md["KeyId"].(string))
			if m, ok := md["CurrentKeyMaterialId"].(string); ok {
				r.unbind(m)
			}
			r.createKey("us-east-1", md, map[string]any{"KeySpec": md["KeySpec"], "KeyUsage": md["KeyUsage"]})
		}
	}
	key := cfKeyFor(r, o.Spec, usage)
	if strings.HasPrefix(c, "sdk_") {
		// ecc.json:sdk_*: a later run through the Go SDK, on a fresh key
		// (the file's keys were pending deletion by then).
		slot := "sdk key:" + o.Spec + ":" + usage
		if r.vars[slot] == nil {
			out := r.must("us-east-1", "CreateKey", map[string]any{"KeySpec": o.Spec, "KeyUsage": usage})
			r.vars[slot] = out["KeyMetadata"].(map[string]any)["KeyId"]
		}
		key = r.vars[slot].(string)
	}
	if op == "GenerateDataKeyPair" || op == "GenerateDataKeyPairWithoutPlaintext" {
		key = cfKeyFor(r, "SYMMETRIC_DEFAULT", "")
	}
	sigAlg, encAlg := o.str("SigningAlgorithm"), o.str("EncryptionAlgorithm")
	macAlg, msgType := o.str("algorithm"), o.str("MessageType")
	if encAlg != "" {
		r.vars["encalg:"+key] = encAlg
	}
	if encAlg == "" && (op == "ReEncrypt" || c == "decrypt_default_algorithm") {
		// The ciphertext of the algorithm of the cases before; the
		// default-algorithm case sends none (cfRSACipher).
		encAlg, _ = r.vars["encalg:"+key].(string)
	}
	// The key's state before the case.
	switch {
	case strings.HasPrefix(c, "disabled_") && r.vars["disabled:"+key] == nil:
		r.vars["disabled:"+key] = true
		r.must("us-east-1", "DisableKey", map[string]any{"KeyId": key})
	case (strings.HasPrefix(c, "deleting_") || strings.HasPrefix(c, "later_deleting_") ||
		strings.HasPrefix(c, "pending_deletion_")) && r.vars["deleting:"+key] == nil:
		r.vars["deleting:"+key] = true
		r.must("us-east-1", "ScheduleKeyDeletion", map[string]any{"KeyId": key, "PendingWindowInDays": 7})
	}
	in := map[string]any{"KeyId": key}
	st := cfStep{in: in}
	if strings.HasPrefix(c, "dry_") || strings.HasSuffix(c, "_dry_run") || strings.HasPrefix(c, "sdk_dry_") {
		in["DryRun"] = true
	}
	raw := []byte("stackd " + o.Spec + " message")
	switch op {
	case "CreateKey":
		in = map[string]any{"KeySpec": o.Spec}
		switch c {
		case "encryption_usage", "incompatible_usage":
			in["KeyUsage"] = "ENCRYPT_DECRYPT"
		case "agreement_usage":
			in["KeyUsage"] = "KEY_AGREEMENT"
		}
		return cfStep{in: in}
	case "CreateGrant":
		// The probe kept only GrantId of CreateGrant's answer.
		st.ignoreExtra = []string{"GrantToken"}
		in["GranteePrincipal"] = cfGrantee
		switch {
		case c == "encryption_grant":
			in["Operations"] = []any{"Encrypt"}
		case usage == "GENERATE_VERIFY_MAC":
			in["Operations"] = []any{"GenerateMac", "VerifyMac"}
		case usage == "KEY_AGREEMENT":
			in["Operations"] = []any{"DeriveSharedSecret"}
		case usage == "ENCRYPT_DECRYPT":
			in["Operations"] = []any{"Encrypt", "Decrypt"}
		default:
			in["Operations"] = []any{"Sign", "Verify"}
		}
		if strings.HasPrefix(c, "constrained_") {
			in["Constraints"] = map[string]any{"EncryptionContextSubset": map[string]any{"purpose": "conformance"}}
		}
		return st
	case "GetPublicKey":
		st.after = func(out map[string]any) { r.vars["pub:"+key] = out["PublicKey"] }
		return st
	case "GenerateMac", "VerifyMac":
		in["MacAlgorithm"] = macAlg
		in["Message"] = cfB64s(raw)
		mac, _ := r.vars["mac:"+key].(string)
		switch c {
		case "max_message":
			in["Message"] = cfB64s(bytes.Repeat([]byte{'m'}, 4096))
		case "empty_message":
			in["Message"] = ""
		case "generate":
			st.after = func(out map[string]any) { r.vars["mac:"+key] = out["Mac"] }
		case "wrong_mac", "dry_verify_wrong_mac":
			mac = cfFlip(mac)
		case "short_mac":
			mac = cfShort(mac)
		}
		if op == "VerifyMac" {
			if mac == "" {
				return cfNeeds("MAC", "GenerateMac")
			}
			in["Mac"] = mac
		}
		return st
	case "Sign", "Verify":
		in["SigningAlgorithm"] = sigAlg
		mt := msgType
		msg := raw
		switch {
		case c == "max_raw":
			msg = bytes.Repeat([]byte{'m'}, 4096)
		case c == "empty_raw":
			msg = nil
		case c == "short_digest":
			mt, msg = "DIGEST", make([]byte, 16)
		case c == "wrong_digest_length":
			mt, msg = "DIGEST", make([]byte, 20)
		case strings.HasPrefix(c, "mu_length_"):
			n, _ := strconv.Atoi(strings.TrimPrefix(c, "mu_length_"))
			mt, msg = "EXTERNAL_MU", make([]byte, n)
		case c == "verify_digest" || c == "sign_digest" || mt == "DIGEST":
			mt, msg = "DIGEST", cfDigest(sigAlg, raw)
		case c == "sign_mu" || c == "verify_raw_with_mu" || mt == "EXTERNAL_MU":
			mt, msg = "EXTERNAL_MU", cfMu(r.vars["pub:"+key], raw)
		}
		if mt != "" {
			in["MessageType"] = mt
		}
		in["Message"] = cfB64s(msg)
		// Signatures are remembered per algorithm; a DIGEST or EXTERNAL_MU
		// signature verifies against RAW and the other way round.
		slot := "sig:" + key + ":" + sigAlg
		sig, _ := r.vars[slot].(string)
		if op == "Sign" && o.Code == "Success" {
			st.after = func(out map[string]any) { r.vars[slot] = out["Signature"] }
		}
		switch {
		case strings.Contains(c, "invalid_signature"):
			sig = cfFlip(sig)
		case c == "short_signature":
			sig = cfShort(sig)
		}
		if op == "Verify" {
			if sig == "" {
				return cfNeeds("signature", "Sign")
			}
			in["Signature"] = sig
		}
		return st
	case "DeriveSharedSecret":
		in["KeyAgreementAlgorithm"] = "ECDH"
		if r.vars["pub:"+key] == nil && c == "derive_self" {
			return cfNeeds("public key", "GetPublicKey")
		}
		switch {
		case c == "derive_self":
			in["PublicKey"] = r.vars["pub:"+key]
		case strings.Contains(c, "invalid_public_key"):
			in["PublicKey"] = cfB64("not a public key")
		case c == "wrong_curve":
			// A point of another curve: P-384 for a P-256 key, P-256 for the others.
			in["PublicKey"] = cfPeer(cfOr(map[string]string{"ECC_NIST_P256": "ECC_NIST_P384"}[o.Spec], "ECC_NIST_P256"))
		default:
			in["PublicKey"] = cfPeer(o.Spec)
		}
		return st
	case "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext":
		in["KeyPairSpec"] = o.Spec
		if c == "data_key_pair_asymmetric_master" {
			in["KeyId"] = cfKeyFor(r, o.Spec, "ENCRYPT_DECRYPT")
		}
		st.randomPlaintext = true
		return st
	case "Encrypt", "Decrypt", "ReEncrypt":
		if strings.HasPrefix(o.Spec, "HMAC_") {
			in["Plaintext"] = cfB64("hmac plaintext")
			return st
		}
		return cfRSACipher(r, o, op, key, encAlg, st)
	}
	return cfStep{skip: cfPending + op + ": no replay written for this case"}
}

// cfRSACipher rebuilds rsa.json's Encrypt, Decrypt and ReEncrypt cases.
func cfRSACipher(r *cfRun, o *cfObs, op, key, alg string, st cfStep) cfStep {
	c, in := o.Case, st.in
	plain := []byte("stackd RSA interoperability")
	ctSlot := "ct:" + key + ":" + alg
	ct, _ := r.vars[ctSlot].(string)
	if alg != "" && c != "decrypt_default_algorithm" && c != "encrypt_default_algorithm" {
		in["EncryptionAlgorithm"] = alg
	}
	switch c {
	case "encrypt", "encryption_empty_context":
		in["Plaintext"] = cfB64s(plain)
		st.after = func(out map[string]any) { r.vars[ctSlot] = out["CiphertextBlob"] }
		if c == "encryption_empty_context" {
			in["EncryptionContext"] = map[string]any{}
		}
	case "encrypt_max", "encrypt_too_large":
		n := cfOAEPMax(o.Spec, alg)
		if c == "encrypt_too_large" {
			n++
		}
		in["Plaintext"] = cfB64s(bytes.Repeat([]byte{'p'}, n))
	case "encryption_context", "encrypt_default_algorithm", "encryption_dry_run":
		in["Plaintext"] = cfB64s(plain)
		if c == "encryption_context" {
			in["EncryptionContext"] = map[string]any{"purpose": "conformance"}
		}
	case "decrypt", "decrypt_default_algorithm", "decryption_empty_context", "decrypt_nonempty_context":
		in["CiphertextBlob"] = ct
		switch c {
		case "decryption_empty_context":
			in["EncryptionContext"] = map[string]any{}
		case "decrypt_nonempty_context":
			in["EncryptionContext"] = map[string]any{"purpose": "conformance"}
		}
	case "decrypt_no_key":
		delete(in, "KeyId")
		in["CiphertextBlob"] = ct
	case "decrypt_wrong_algorithm":
		in["CiphertextBlob"], _ = r.vars["ct:"+key+":RSAES_OAEP_SHA_256"].(string)
	case "invalid_ciphertext", "dry_invalid_ciphertext":
		in["CiphertextBlob"] = cfB64s(bytes.Repeat([]byte{7}, cfRSABytes(o.Spec)))
	case "openssl_decrypt":
		in["CiphertextBlob"] = cfOAEP(r.vars["pub:"+key], alg, plain)
	case "reencrypt_to_symmetric":
		sym := cfKeyFor(r, "SYMMETRIC_DEFAULT", "")
		st.in = map[string]any{"CiphertextBlob": ct, "SourceKeyId": key, "SourceEncryptionAlgorithm": alg,
			"DestinationKeyId": sym}
	case "reencrypt_from_symmetric":
		sym := cfKeyFor(r, "SYMMETRIC_DEFAULT", "")
		out := r.must("us-east-1", "Encrypt", map[string]any{"KeyId": sym, "Plaintext": cfB64s(plain)})
		st.in = map[string]any{"CiphertextBlob": out["CiphertextBlob"], "DestinationKeyId": key,
			"DestinationEncryptionAlgorithm": alg}
		st.after = func(out map[string]any) { r.vars["reenc:"+key+":"+alg] = out["CiphertextBlob"] }
	case "decrypt_reencrypted":
		in["CiphertextBlob"] = r.vars["reenc:"+key+":"+alg]
	default:
		return cfStep{skip: cfPending + op + ": no replay written for this case"}
	}
	for _, k := range []string{"CiphertextBlob"} {
		if v, ok := st.in[k]; ok && (v == nil || v == "") {
			return cfNeeds("ciphertext", "Encrypt with an RSA key")
		}
	}
	if c == "openssl_decrypt" && r.vars["pub:"+key] == nil {
		return cfNeeds("public key", "GetPublicKey")
	}
	return st
}

// cfNeeds: the case uses a value an earlier pending operation returns.
func cfNeeds(what, op string) cfStep {
	return cfStep{skip: cfPending + "needs the " + what + " of an earlier " + op + " (not implemented on this branch)"}
}

func cfB64s(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// cfFlip changes the last byte of a base64 value.
func cfFlip(v string) string {
	b, _ := base64.StdEncoding.DecodeString(v)
	if len(b) == 0 {
		return cfB64("x")
	}
	b[len(b)-1] ^= 1
	return cfB64s(b)
}

// cfShort keeps the first half of a base64 value.
func cfShort(v string) string {
	b, _ := base64.StdEncoding.DecodeString(v)
	return cfB64s(b[:len(b)/2])
}

// cfDigest hashes msg with the hash the signing algorithm names.
func cfDigest(alg string, msg []byte) []byte {
	switch {
	case strings.HasSuffix(alg, "_384"):
		h := sha512.Sum384(msg)
		return h[:]
	case strings.HasSuffix(alg, "_512"):
		h := sha512.Sum512(msg)
		return h[:]
	}
	h := sha256.Sum256(msg)
	return h[:]
}

// cfMu is ML-DSA's external mu of msg (FIPS 204: SHAKE256(tr || 0 || 0 ||
// msg), tr = SHAKE256(pk), 64 bytes each) for the base64 SPKI public key.
func cfMu(pubB64 any, msg []byte) []byte {
	s, _ := pubB64.(string)
	der, _ := base64.StdEncoding.DecodeString(s)
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &spki); err != nil {
		return make([]byte, 64)
	}
	tr := sha3.SumSHAKE256(spki.PublicKey.Bytes, 64)
	return sha3.SumSHAKE256(append(append(tr, 0, 0), msg...), 64)
}

// cfPeer is a peer's public key (base64 SPKI) on the curve of a key spec,
// the same on every run.
func cfPeer(spec string) string {
	if _, ok := cfCurves[spec]; !ok {
		spec = "ECC_NIST_P256"
	}
	return cfB64s(cfECKey(spec, "conformance peer").Public)
}

var cfCurves = map[string]elliptic.Curve{"ECC_NIST_P256": elliptic.P256(), "ECC_NIST_P384": elliptic.P384(),
	"ECC_NIST_P521": elliptic.P521()}

// cfECKey is a NIST-curve key pair derived from label, so that a replay
// sends the same keys on every run.
func cfECKey(spec, label string) *mrk.KeyPair {
	kp, err := mrk.NewKeyPair(mrk.KeySpec(spec), sha256.Sum256([]byte(label)))
	if err != nil {
		panic(err)
	}
	return kp
}

// cfRSABytes is the modulus size of an RSA key spec.
func cfRSABytes(spec string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(spec, "RSA_"))
	return n / 8
}

// cfOAEPMax is the largest plaintext RSAES_OAEP encrypts under a key spec.
func cfOAEPMax(spec, alg string) int {
	h := 32
	if alg == "RSAES_OAEP_SHA_1" {
		h = 20
	}
	return cfRSABytes(spec) - 2*h - 2
}

// cfOAEP encrypts plain with a base64 SPKI RSA public key, as OpenSSL would.
func cfOAEP(pubB64 any, alg string, plain []byte) string {
	s, _ := pubB64.(string)
	der, _ := base64.StdEncoding.DecodeString(s)
	k, err := x509.ParsePKIXPublicKey(der)
	pub, ok := k.(*rsa.PublicKey)
	if err != nil || !ok {
		return cfB64("no public key")
	}
	var h hash.Hash = sha256.New()
	if alg == "RSAES_OAEP_SHA_1" {
		h = sha1.New()
	}
	ct, err := rsa.EncryptOAEP(h, crand.Reader, pub, plain, nil)
	if err != nil {
		return cfB64("no ciphertext")
	}
	return cfB64s(ct)
}

// ---------------------------------------------------------------------------
// imports*.json record their requests. Import tokens and wrapped key
// material are "<omitted>": the runner takes the token from the last
// GetParametersForImport of the key in that Region and wraps key material
// with its public key under the wrapping algorithm asked for. Which
// material an import carried is read from the recording: the key-material
// ID of a successful symmetric import or the one its error names (so that
// reimporting the same material is the same bytes and a replica imports its
// primary's), something else where the error says it is not the expected
// material, and for the other key specs one key per key (HMAC bytes, PKCS#8
// RSA and ECC keys), cut to length_N bytes or BER-encoded where the case
// says so. The probe polled until a state changed and recorded the first
// and the last poll: the first steps the clock by 6 s, a repeat by 3 min.
// A ValidTo keeps its lead over the recording's clock (cfRecordedNow) on
// the world's. Ciphertexts a Decrypt sends are the world's answers to the
// recorded Encrypt calls, or made like the probe's OpenSSL ones.

var cfImports = cfScenario{
	cascade: true,
	plan: func(r *cfRun, o *cfObs) cfStep {
		in := cfClone(o.Input).(map[string]any)
		if in == nil {
			in = map[string]any{}
		}
		region := o.Region
		kid, _ := in["KeyId"].(string)
		st := cfStep{in: in}
		if strings.Contains(o.Case, "poll") {
			if o.idx > 0 && r.file.obs[o.idx-1].Case == o.Case {
				// The probe polled until the state changed and recorded the
				// first and the last poll: past the on-demand rotation (2 min,
				// SPEC R11.3) and past a ValidTo set seconds before.
				r.advance(3 * time.Minute)
			} else {
				r.advance(6 * time.Second) // past a replica's Creating (5 s, SPEC R11.3)
			}
		}
		if v, ok := in["ValidTo"].(json.Number); ok {
			// ValidTo is an absolute time, set by the probe a few seconds
			// or days ahead of the real clock: keep that lead on the world's.
			if f, err := v.Float64(); err == nil {
				lead := time.Duration((f - cfUnix(cfRecordedNow(r, o))) * float64(time.Second))
				in["ValidTo"] = json.Number(strconv.FormatFloat(cfUnix(r.clk.Now().Add(lead)), 'f', 3, 64))
			}
		}
		switch cfOpName(o.Operation) {
		case "CreateKey":
			if id := cfOutStr(o, "KeyMetadata", "KeyId"); id != "" {
				spec, _ := in["KeySpec"].(string)
				r.vars["spec:"+id] = cfOr(spec, "SYMMETRIC_DEFAULT")
			}
		case "GetParametersForImport":
			st.after = func(out map[string]any) {
				r.vars["token:"+region+":"+kid] = out["ImportToken"]
				r.vars["lasttoken"] = out["ImportToken"]
				r.vars["pub:"+region+":"+kid] = out["PublicKey"]
				r.vars["alg:"+region+":"+kid] = in["WrappingAlgorithm"]
			}
		case "ImportKeyMaterial":
			if in["ImportToken"] == "<omitted>" {
				tok, _ := r.vars["token:"+region+":"+kid].(string)
				switch o.Case {
				case "token_other_key":
					// The token of the key whose parameters were asked for last.
					tok, _ = r.vars["lasttoken"].(string)
				case "token_corrupt":
					tok = cfFlip(tok)
				}
				in["ImportToken"] = tok
			}
			if in["EncryptedKeyMaterial"] == "<omitted>" {
				pub, _ := r.vars["pub:"+region+":"+kid].(string)
				alg, _ := r.vars["alg:"+region+":"+kid].(string)
				wrapped := cfWrap(pub, alg, cfMaterial(r, o, kid))
				if o.Case == "ciphertext_corrupt" {
					wrapped = cfFlip(wrapped)
				}
				in["EncryptedKeyMaterial"] = wrapped
			}
		case "GetPublicKey":
			st.after = func(out map[string]any) { r.vars["pubkey:"+region+":"+kid] = out["PublicKey"] }
		case "Encrypt":
			// A later Decrypt sends the recorded ciphertext: it stands
			// for the one the world returned.
			if rec, ok := cfOutAny(o, "CiphertextBlob").(string); ok {
				st.after = func(out map[string]any) { r.vars["ct:"+rec] = out["CiphertextBlob"] }
			}
		case "Decrypt", "ReEncrypt":
			rec, _ := in["CiphertextBlob"].(string)
			if ct, ok := r.vars["ct:"+rec]; ok {
				in["CiphertextBlob"] = ct
				break
			}
			// Not an answer of AWS: the probe encrypted the recorded
			// plaintext with OpenSSL under the key's public key
			// (imports_data_plane.json:rsa_decrypt_openssl).
			pub := r.vars["pubkey:"+region+":"+kid]
			plain, _ := base64.StdEncoding.DecodeString(cfOutStr(o, "Plaintext"))
			alg := cfOr(cfStr(in["EncryptionAlgorithm"]), cfOutStr(o, "EncryptionAlgorithm"))
			if pub != nil && strings.HasPrefix(alg, "RSAES_OAEP_") && plain != nil {
				ct := cfOAEP(pub, alg, plain)
				r.vars["ct:"+rec] = ct
				in["CiphertextBlob"] = ct
			}
		}
		return st
	},
}

// cfOutAny digs a value out of the recorded output.
func cfOutAny(o *cfObs, path ...string) any {
	var v any = o.Output
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

// cfStr is v if it is a string, else "".
func cfStr(v any) string { s, _ := v.(string); return s }

// cfRecordedNow is the latest time the recording reveals before the
// observation o: the observation start, the CreationDate, RotationDate and
// OnDemandRotationStartDate of earlier answers, and the issue time of their
// import parameters (ParametersValidTo less the 24 h validity, R11.3).
func cfRecordedNow(r *cfRun, o *cfObs) time.Time {
	t := cfObservedAt(r.t, r.file)
	see := func(s string, less time.Duration) {
		if at, err := time.Parse(time.RFC3339Nano, s); err == nil && at.Add(-less).After(t) {
			t = at.Add(-less).UTC()
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				s, _ := e.(string)
				switch k {
				case "CreationDate", "RotationDate", "OnDemandRotationStartDate":
					see(s, 0)
				case "ParametersValidTo":
					see(s, 24*time.Hour)
				default:
					walk(e)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, p := range r.file.obs[:o.idx] {
		walk(p.Output)
	}
	return t
}

// cfUnix is t in seconds since the epoch.
func cfUnix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

var cfIDInMessage = regexp.MustCompile(`\(id: ([0-9a-f]{64})\)`)

// cfMaterial is the plaintext key material an ImportKeyMaterial
// observation carried, as described above.
func cfMaterial(r *cfRun, o *cfObs, kid string) []byte {
	spec, _ := r.vars["spec:"+kid].(string)
	label := "base"
	if m := cfIDInMessage.FindStringSubmatch(o.ErrMessage); m != nil {
		label = m[1]
	} else if id := cfOutStr(o, "KeyMaterialId"); id != "" {
		label = id
	} else if id, ok := o.Input["KeyMaterialId"].(string); ok && o.Code == "Success" {
		label = id
	}
	if strings.Contains(o.ErrMessage, "expected identifier") || strings.Contains(o.Case, "wrong") {
		label = "wrong " + o.Case
	}
	if o.Case == "short_material" {
		return []byte("short")
	}
	slot := "material:" + kid + ":" + label
	b, ok := r.vars[slot].([]byte)
	if !ok {
		b = cfNewMaterial(spec, label)
		r.vars[slot] = b
	}
	if i := strings.Index(o.Case, "length_"); i >= 0 {
		n, _ := strconv.Atoi(o.Case[i+len("length_"):])
		sum := sha512.Sum512([]byte("conformance material " + label))
		b = bytes.Repeat(sum[:], n/64+1)[:n]
	}
	if strings.Contains(o.Case, "ber") && len(b) > 2 && b[0] == 0x30 {
		b = cfBER(b)
	}
	return b
}

// cfNewMaterial makes key material for a key spec: 32 bytes for symmetric
// keys, the HMAC key length, or a private key in PKCS#8 DER, all derived
// from label so that the replay imports the same bytes on every run.
func cfNewMaterial(spec, label string) []byte {
	sum := sha512.Sum512([]byte("conformance material " + label))
	switch {
	case strings.HasPrefix(spec, "HMAC_"):
		n, _ := strconv.Atoi(strings.TrimPrefix(spec, "HMAC_"))
		return sum[:n/8]
	case strings.HasPrefix(spec, "RSA_"):
		der, _ := x509.MarshalPKCS8PrivateKey(mrk.RSAKey(cfRSABytes(spec)*8, [32]byte(sum[:32])))
		return der
	case cfCurves[spec] != nil:
		der, _ := x509.MarshalPKCS8PrivateKey(cfECKey(spec, "conformance material "+label).Private)
		return der
	case spec == "ECC_NIST_EDWARDS25519":
		der, _ := x509.MarshalPKCS8PrivateKey(ed25519.NewKeyFromSeed(sum[:32]))
		return der
	case spec == "ECC_SECG_P256K1":
		// PKCS#8 with RFC 5915's ECPrivateKey (no public key: the standard
		// library has no secp256k1 arithmetic).
		ecpk, _ := asn1.Marshal(struct {
			Version    int
			PrivateKey []byte
		}{1, sum[:32]})
		der, _ := asn1.Marshal(struct {
			Version    int
			Algorithm  pkix.AlgorithmIdentifier
			PrivateKey []byte
		}{0, pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1},
			Parameters: asn1.RawValue{FullBytes: cfOID(asn1.ObjectIdentifier{1, 3, 132, 0, 10})}}, ecpk})
		return der
	}
	return sum[:32]
}

func cfOID(o asn1.ObjectIdentifier) []byte { b, _ := asn1.Marshal(o); return b }

// cfBER re-encodes a DER SEQUENCE's length in a longer form than needed:
// valid BER, not DER (imports_families.json:*_ber_reimport).
func cfBER(der []byte) []byte {
	hdr := 2
	if der[1]&0x80 != 0 {
		hdr = 2 + int(der[1]&0x7f)
	}
	body := der[hdr:]
	n := len(body)
	out := []byte{0x30, 0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
	return append(out, body...)
}

// cfWrap wraps key material with an RSA public key (base64 DER) under the
// wrapping algorithm: RSAES_OAEP_SHA_1 or _SHA_256 directly, or
// RSA_AES_KEY_WRAP_SHA_1 or _SHA_256 (an AES-256 key under RSA-OAEP, then
// the material under that key with AES key wrap with padding, RFC 5649).
func cfWrap(pubB64, alg string, material []byte) string {
	der, _ := base64.StdEncoding.DecodeString(pubB64)
	k, err := x509.ParsePKIXPublicKey(der)
	pub, ok := k.(*rsa.PublicKey)
	if err != nil || !ok {
		return cfB64s(material) // no parameters: the call fails anyway
	}
	var h hash.Hash = sha256.New()
	if strings.HasSuffix(alg, "_SHA_1") {
		h = sha1.New()
	}
	if strings.HasPrefix(alg, "RSA_AES_KEY_WRAP_") {
		kek := sha256.Sum256(material) // any AES-256 key will do
		head, err := rsa.EncryptOAEP(h, crand.Reader, pub, kek[:], nil)
		if err != nil {
			panic(err)
		}
		tail, err := mrk.KeyWrapPad(kek[:], material)
		if err != nil {
			panic(err)
		}
		return cfB64s(append(head, tail...))
	}
	ct, err := rsa.EncryptOAEP(h, crand.Reader, pub, material, nil)
	if err != nil {
		return cfB64s(material) // too long for OAEP: the call fails anyway
	}
	return cfB64s(ct)
}
