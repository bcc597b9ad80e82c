package sim_test

// TestOpWalk walks every operation of the AWS KMS API model: each is a
// method of *sim.Client with aws-sdk-go-v2's signature, is dispatched over
// the JSON 1.1 wire protocol, and answers success or a modeled (typed)
// error, never UnknownOperationException (SPEC-API A0.1, A0.2.1, A0.8.4,
// A0.9). The six custom key store operations answer A0.23.1's
// UnsupportedOperationException (A0.2.3).
//
// Package-level identifiers of this file start with "ow".

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/mrksim/mrk/sim"
)

// owOperations are the 54 operations of the KMS API model, copied from
// botocore 1.43.11, data/kms/2014-11-01/service-2.json.gz, member
// "operations" (sorted) — the model SPEC-API.md cites as [M]. Copied so
// that the test does not need Python; aws-sdk-go-v2 has two more
// (Encapsulate, Decapsulate, A0.2.2) that the model does not.
var owOperations = []string{
	"CancelKeyDeletion", "ConnectCustomKeyStore", "CreateAlias", "CreateCustomKeyStore", "CreateGrant",
	"CreateKey", "Decrypt", "DeleteAlias", "DeleteCustomKeyStore", "DeleteImportedKeyMaterial",
	"DeriveSharedSecret", "DescribeCustomKeyStores", "DescribeKey", "DisableKey", "DisableKeyRotation",
	"DisconnectCustomKeyStore", "EnableKey", "EnableKeyRotation", "Encrypt", "GenerateDataKey",
	"GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext",
	"GenerateMac", "GenerateRandom", "GetKeyLastUsage", "GetKeyPolicy", "GetKeyRotationStatus",
	"GetParametersForImport", "GetPublicKey", "ImportKeyMaterial", "ListAliases", "ListGrants",
	"ListKeyPolicies", "ListKeyRotations", "ListKeys", "ListResourceTags", "ListRetirableGrants",
	"PutKeyPolicy", "ReEncrypt", "ReplicateKey", "RetireGrant", "RevokeGrant", "RotateKeyOnDemand",
	"ScheduleKeyDeletion", "Sign", "TagResource", "UntagResource", "UpdateAlias", "UpdateCustomKeyStore",
	"UpdateKeyDescription", "UpdatePrimaryRegion", "Verify", "VerifyMac",
}

// owErrorShapes are the 48 error shapes of the same model (shapes with
// "exception": true): the codes the SDKs decode into typed errors (A0.8).
var owErrorShapes = []string{
	"AlreadyExistsException", "CloudHsmClusterInUseException", "CloudHsmClusterInvalidConfigurationException",
	"CloudHsmClusterNotActiveException", "CloudHsmClusterNotFoundException", "CloudHsmClusterNotRelatedException",
	"ConflictException", "CustomKeyStoreHasCMKsException", "CustomKeyStoreInvalidStateException",
	"CustomKeyStoreNameInUseException", "CustomKeyStoreNotFoundException", "DependencyTimeoutException",
	"DisabledException", "DryRunOperationException", "ExpiredImportTokenException", "IncorrectKeyException",
	"IncorrectKeyMaterialException", "IncorrectTrustAnchorException", "InvalidAliasNameException",
	"InvalidArnException", "InvalidCiphertextException", "InvalidGrantIdException", "InvalidGrantTokenException",
	"InvalidImportTokenException", "InvalidKeyUsageException", "InvalidMarkerException", "KMSInternalException",
	"KMSInvalidMacException", "KMSInvalidSignatureException", "KMSInvalidStateException", "KeyUnavailableException",
	"LimitExceededException", "MalformedPolicyDocumentException", "NotFoundException", "TagException",
	"UnsupportedOperationException", "XksKeyAlreadyInUseException", "XksKeyInvalidConfigurationException",
	"XksKeyNotFoundException", "XksProxyIncorrectAuthenticationCredentialException",
	"XksProxyInvalidConfigurationException", "XksProxyInvalidResponseException", "XksProxyUriEndpointInUseException",
	"XksProxyUriInUseException", "XksProxyUriUnreachableException", "XksProxyVpcEndpointServiceInUseException",
	"XksProxyVpcEndpointServiceInvalidConfigurationException", "XksProxyVpcEndpointServiceNotFoundException",
}

// owCustomKeyStoreOps are the custom key store operations (A0.2.3).
var owCustomKeyStoreOps = []string{"ConnectCustomKeyStore", "CreateCustomKeyStore", "DeleteCustomKeyStore",
	"DescribeCustomKeyStores", "DisconnectCustomKeyStore", "UpdateCustomKeyStore"}

// owAuth is a signed-looking Authorization header: access key AKID, Region
// us-east-1 (A0.3.1); signatures are not checked (A0.3.4).
const owAuth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0"

// owBody is a request for op that satisfies the model's constraints
// (A0.10), so that the operation itself answers: every required member is
// given, naming the symmetric key KEY (a key ID) where a key is needed.
func owBody(op string) string {
	const (
		blob      = `"AAECAwQFBgcICQoLDA0ODw=="`
		principal = `"arn:aws:iam::111122223333:role/opwalk"`
		grantID   = `"0000000000000000000000000000000000000000000000000000000000000001"`
		store     = `"cks-1234567890abcdef0"`
		policy    = `"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"`
	)
	switch op {
	case "ConnectCustomKeyStore", "DeleteCustomKeyStore", "DisconnectCustomKeyStore", "UpdateCustomKeyStore":
		return `{"CustomKeyStoreId":` + store + `}`
	case "CreateCustomKeyStore":
		return `{"CustomKeyStoreName":"opwalk"}`
	case "CreateKey", "DescribeCustomKeyStores", "ListAliases", "ListKeys":
		return `{}`
	case "GenerateRandom":
		return `{"NumberOfBytes":32}`
	case "ListRetirableGrants":
		return `{"RetiringPrincipal":` + principal + `}`
	case "CreateAlias", "UpdateAlias":
		return `{"AliasName":"alias/opwalk","TargetKeyId":"KEY"}`
	case "DeleteAlias":
		return `{"AliasName":"alias/opwalk"}`
	case "CreateGrant":
		return `{"KeyId":"KEY","GranteePrincipal":` + principal + `,"Operations":["Decrypt"]}`
	case "Decrypt":
		return `{"CiphertextBlob":` + blob + `}`
	case "ReEncrypt":
		return `{"CiphertextBlob":` + blob + `,"DestinationKeyId":"KEY"}`
	case "DeriveSharedSecret":
		return `{"KeyId":"KEY","KeyAgreementAlgorithm":"ECDH","PublicKey":` + blob + `}`
	case "EnableKeyRotation":
		return `{"KeyId":"KEY","RotationPeriodInDays":90}`
	case "Encrypt":
		return `{"KeyId":"KEY","Plaintext":` + blob + `}`
	case "GenerateDataKey", "GenerateDataKeyWithoutPlaintext":
		return `{"KeyId":"KEY","KeySpec":"AES_256"}`
	case "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext":
		return `{"KeyId":"KEY","KeyPairSpec":"ECC_NIST_P256"}`
	case "GenerateMac":
		return `{"KeyId":"KEY","Message":` + blob + `,"MacAlgorithm":"HMAC_SHA_256"}`
	case "VerifyMac":
		return `{"KeyId":"KEY","Message":` + blob + `,"MacAlgorithm":"HMAC_SHA_256","Mac":` + blob + `}`
	case "Sign":
		return `{"KeyId":"KEY","Message":` + blob + `,"SigningAlgorithm":"ECDSA_SHA_256"}`
	case "Verify":
		return `{"KeyId":"KEY","Message":` + blob + `,"Signature":` + blob + `,"SigningAlgorithm":"ECDSA_SHA_256"}`
	case "GetParametersForImport":
		return `{"KeyId":"KEY","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"}`
	case "ImportKeyMaterial":
		return `{"KeyId":"KEY","ImportToken":` + blob + `,"EncryptedKeyMaterial":` + blob + `,"ExpirationModel":"KEY_MATERIAL_DOES_NOT_EXPIRE"}`
	case "PutKeyPolicy":
		return `{"KeyId":"KEY","Policy":` + policy + `}`
	case "ReplicateKey":
		return `{"KeyId":"KEY","ReplicaRegion":"us-west-2"}`
	case "UpdatePrimaryRegion":
		return `{"KeyId":"KEY","PrimaryRegion":"us-west-2"}`
	case "RetireGrant", "RevokeGrant":
		return `{"KeyId":"KEY","GrantId":` + grantID + `}`
	case "ScheduleKeyDeletion":
		return `{"KeyId":"KEY","PendingWindowInDays":7}`
	case "TagResource":
		return `{"KeyId":"KEY","Tags":[{"TagKey":"k","TagValue":"v"}]}`
	case "UntagResource":
		return `{"KeyId":"KEY","TagKeys":["k"]}`
	case "UpdateKeyDescription":
		return `{"KeyId":"KEY","Description":"opwalk"}`
	}
	// CancelKeyDeletion, DeleteImportedKeyMaterial, DescribeKey, DisableKey,
	// DisableKeyRotation, EnableKey, GetKeyLastUsage, GetKeyPolicy,
	// GetKeyRotationStatus, GetPublicKey, ListGrants, ListKeyPolicies,
	// ListKeyRotations, ListResourceTags, RotateKeyOnDemand: KeyId only.
	return `{"KeyId":"KEY"}`
}

// owPost sends one request to the world's handler as a client would.
func owPost(t *testing.T, w *sim.World, target, body string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set("X-Amz-Target", target)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", owAuth)
	rec := httptest.NewRecorder()
	w.Handler(nil).ServeHTTP(rec, req)
	b, err := io.ReadAll(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Code, b
}

func TestOpWalk(t *testing.T) {
	if n := len(owOperations); n != 54 || !slices.IsSorted(owOperations) {
		t.Fatalf("the model's operation list has %d entries (sorted %v), want 54", n, slices.IsSorted(owOperations))
	}
	simType, sdkType := reflect.TypeOf(&sim.Client{}), reflect.TypeOf(&kms.Client{})
	for _, op := range owOperations {
		t.Run(op, func(t *testing.T) {
			// A method of *sim.Client with the signature of *kms.Client's.
			sm, ok := simType.MethodByName(op)
			if !ok {
				t.Fatalf("*sim.Client has no method %s", op)
			}
			km, ok := sdkType.MethodByName(op)
			if !ok {
				t.Fatalf("aws-sdk-go-v2's *kms.Client has no method %s", op)
			}
			if !owSameSignature(sm.Type, km.Type) {
				t.Errorf("*sim.Client.%s is %v, *kms.Client.%s is %v", op, sm.Type, op, km.Type)
			}

			// Dispatched over the wire (A0.1, A0.2) in a fresh world.
			w := sim.New(sim.Options{Seed: 54})
			ck, err := w.Client("us-east-1").CreateKey(otCtx, &kms.CreateKeyInput{})
			if err != nil {
				t.Fatal(err)
			}
			body := strings.ReplaceAll(owBody(op), `"KEY"`, `"`+*ck.KeyMetadata.KeyId+`"`) // not KEY_MATERIAL_…
			status, b := owPost(t, w, "TrentService."+op, body)
			var m map[string]any
			if len(b) > 0 {
				if err := json.Unmarshal(b, &m); err != nil {
					t.Fatalf("A0.6, A0.7: %s answered %d with a body that is not JSON: %q", op, status, b)
				}
			}
			t.Logf("%s: HTTP %d %v", op, status, m["__type"])
			if status == http.StatusOK {
				if _, ok := m["__type"]; ok {
					t.Errorf("A0.6: a 200 answer carries __type: %s", b)
				}
				return
			}
			code, _ := m["__type"].(string)
			msg, _ := m["message"].(string)
			if code == "UnknownOperationException" || !slices.Contains(owErrorShapes, code) {
				t.Fatalf("A0.2.1, A0.8.4(d): %s answered %d %q %q, want success or a modeled error", op, status, code, msg)
			}
			if want := sim.HTTPStatus(code); status != want {
				t.Errorf("A0.9.1: %s answered %s with HTTP %d, want %d", op, code, status, want)
			}
			if _, ok := m["message"]; !ok || len(m) != 2 {
				t.Errorf("A0.7.3, A0.7.5: error body %s", b)
			}
			if slices.Contains(owCustomKeyStoreOps, op) {
				if code != "UnsupportedOperationException" || !strings.HasPrefix(msg, "Not supported by the mrk simulator: custom key stores") {
					t.Errorf("A0.23.1, A2.3.1: %s answered %s %q", op, code, msg)
				}
			}
		})
	}
	// Six custom key store operations, all in the model.
	for _, op := range owCustomKeyStoreOps {
		if !slices.Contains(owOperations, op) {
			t.Errorf("%s is not an operation of the model", op)
		}
	}
	// The control: a name that is not an operation (A0.2.1).
	w := sim.New(sim.Options{Seed: 54})
	for _, target := range []string{"TrentService.RotateKeyOnDemandNow", "TrentService.rotateKeyOnDemand", "KMS.RotateKeyOnDemand"} {
		status, b := owPost(t, w, target, `{}`)
		var m map[string]any
		json.Unmarshal(b, &m)
		if status != 400 || m["__type"] != "UnknownOperationException" {
			t.Errorf("A0.2.1: %s answered %d %s", target, status, b)
		}
	}
}

// owSameSignature compares two method types without their receivers.
func owSameSignature(a, b reflect.Type) bool {
	if a.NumIn() != b.NumIn() || a.NumOut() != b.NumOut() || a.IsVariadic() != b.IsVariadic() {
		return false
	}
	for i := 1; i < a.NumIn(); i++ {
		if a.In(i) != b.In(i) {
			return false
		}
	}
	for i := range a.NumOut() {
		if a.Out(i) != b.Out(i) {
			return false
		}
	}
	return true
}
