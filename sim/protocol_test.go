package sim_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	smithy "github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

const testAuth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"

// rawCall sends one request to the world's handler.
func rawCall(w *sim.World, method, target, ctype, auth, body string) (int, http.Header, map[string]any) {
	req := httptest.NewRequest(method, "/", strings.NewReader(body))
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	w.Handler(nil).ServeHTTP(rec, req)
	var m map[string]any
	b, _ := io.ReadAll(rec.Body)
	if len(b) > 0 {
		if err := json.Unmarshal(b, &m); err != nil {
			m = map[string]any{"unparsable": string(b)}
		}
	}
	return rec.Code, rec.Header(), m
}

// TestMalformedRequests: every malformed request gets AWS's answer, a 4xx
// with a well-formed error body, and leaves the world unchanged (A0.2, A0.5,
// A0.10, issue 4).
func TestMalformedRequests(t *testing.T) {
	w := sim.New(sim.Options{Seed: 1})
	ck, err := w.Client("us-east-1").CreateKey(context.Background(), &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	id := *ck.KeyMetadata.KeyId
	big := `{"KeyId":"` + id + `","Description":"` + strings.Repeat("x", sim.MaxBodyBytes) + `"}`
	cases := []struct {
		name, method, target, ctype, auth, body string
		status                                  int
		code, msg                               string
	}{
		{"A0.5.2 invalid JSON", "POST", "TrentService.DescribeKey", "application/x-amz-json-1.1", testAuth, `{"KeyId":`, 400, "SerializationException", ""},
		{"A0.5.2 top level not an object", "POST", "TrentService.DescribeKey", "application/x-amz-json-1.1", testAuth, `["x"]`, 400, "SerializationException", ""},
		{"A0.5.2 wrong JSON type", "POST", "TrentService.DescribeKey", "application/x-amz-json-1.1", testAuth, `{"KeyId":5}`, 400, "SerializationException", ""},
		{"A0.5.2 fractional integer", "POST", "TrentService.ScheduleKeyDeletion", "application/x-amz-json-1.1", testAuth, `{"KeyId":"` + id + `","PendingWindowInDays":7.5}`, 400, "SerializationException", ""},
		{"A0.5.5 invalid base64", "POST", "TrentService.Encrypt", "application/x-amz-json-1.1", testAuth, `{"KeyId":"` + id + `","Plaintext":"!!"}`, 400, "SerializationException", ""},
		{"A0.5.2 trailing data", "POST", "TrentService.DescribeKey", "application/x-amz-json-1.1", testAuth, `{} {}`, 400, "SerializationException", ""},
		{"A0.2.1 unknown operation", "POST", "TrentService.MakeCoffee", "application/x-amz-json-1.1", testAuth, `{}`, 400, "UnknownOperationException", ""},
		{"A0.2.1 wrong target prefix", "POST", "Trent.DescribeKey", "application/x-amz-json-1.1", testAuth, `{}`, 400, "UnknownOperationException", ""},
		{"A0.2.1 missing target", "POST", "", "application/x-amz-json-1.1", testAuth, `{}`, 400, "UnknownOperationException", ""},
		{"A0.2.1 operation names are case-sensitive", "POST", "TrentService.describeKey", "application/x-amz-json-1.1", testAuth, `{}`, 400, "UnknownOperationException", ""},
		{"A0.1.4 GET", "GET", "TrentService.DescribeKey", "", testAuth, ``, 405, "UnknownOperationException", ""},
		{"wrong content type", "POST", "TrentService.DescribeKey", "text/plain", testAuth, `{}`, 400, "UnknownOperationException", ""},
		{"body too large", "POST", "TrentService.UpdateKeyDescription", "application/x-amz-json-1.1", testAuth, big, 413, "RequestEntityTooLarge", ""},
		{"A0.3 no signature", "POST", "TrentService.DescribeKey", "application/x-amz-json-1.1", "", `{"KeyId":"` + id + `"}`, 400, "MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"A0.3 malformed signature", "POST", "TrentService.DescribeKey", "application/x-amz-json-1.1", "AWS4-HMAC-SHA256 Signature=00", `{"KeyId":"` + id + `"}`, 400, "IncompleteSignatureException", ""},
		{"A0.3 scope without a Region", "POST", "TrentService.DescribeKey", "application/x-amz-json-1.1", "AWS4-HMAC-SHA256 Credential=AKID/20260101/kms/aws4_request, Signature=0", `{"KeyId":"` + id + `"}`, 400, "IncompleteSignatureException", ""},
		{"A0.10 missing required member", "POST", "TrentService.DescribeKey", "application/x-amz-json-1.1", testAuth, `{}`, 400, "ValidationException",
			"1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null"},
		{"A0.5.4 member names are case-sensitive", "POST", "TrentService.DescribeKey", "application/x-amz-json-1.1", testAuth, `{"keyid":"` + id + `"}`, 400, "ValidationException",
			"1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null"},
		{"A0.10 two violations", "POST", "TrentService.ReplicateKey", "application/x-amz-json-1.1", testAuth, `{"ReplicaRegion":"Mars"}`, 400, "ValidationException",
			"2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; Value 'Mars' at 'replicaRegion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$"},
		{"A0.10 enum", "POST", "TrentService.CreateKey", "application/x-amz-json-1.1", testAuth, `{"KeySpec":"AES_128"}`, 400, "ValidationException", ""},
		{"A0.23 custom key stores", "POST", "TrentService.DescribeCustomKeyStores", "application/x-amz-json-1.1", testAuth, `{}`, 400, "UnsupportedOperationException",
			"Not supported by the mrk simulator: custom key stores (DescribeCustomKeyStores)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := w.Snapshot()
			status, hdr, body := rawCall(w, tc.method, tc.target, tc.ctype, tc.auth, tc.body)
			if status != tc.status || body["__type"] != tc.code {
				t.Fatalf("got %d %v, want %d %s", status, body, tc.status, tc.code)
			}
			if _, ok := body["message"].(string); !ok || len(body) != 2 {
				t.Fatalf("error body %v: want exactly __type and message (A0.7.3)", body)
			}
			if tc.msg != "" && body["message"] != tc.msg {
				t.Fatalf("message %q, want %q", body["message"], tc.msg)
			}
			if hdr.Get("X-Amzn-Requestid") == "" || hdr.Get("Content-Type") != "application/x-amz-json-1.1" {
				t.Fatalf("headers %v", hdr)
			}
			if d := cmp.Diff(before, w.Snapshot()); d != "" {
				t.Fatalf("a malformed request changed the world:\n%s", d)
			}
		})
	}
}

// TestWireShapes: successful answers omit absent members, always write
// Enabled/MultiRegion/Truncated, write timestamps as epoch seconds, and the
// 14 output-less operations answer an empty body (A0.6).
func TestWireShapes(t *testing.T) {
	w := sim.New(sim.Options{Seed: 1})
	status, _, body := rawCall(w, "POST", "TrentService.CreateKey", "", testAuth, `{"Description":"d","Unknown":1}`)
	if status != 200 {
		t.Fatalf("CreateKey %d %v", status, body)
	}
	md := body["KeyMetadata"].(map[string]any)
	if _, ok := md["CreationDate"].(float64); !ok {
		t.Fatalf("CreationDate %T, want a JSON number", md["CreationDate"])
	}
	for _, absent := range []string{"MultiRegionConfiguration", "DeletionDate", "PendingDeletionWindowInDays", "ValidTo", "SigningAlgorithms", "CustomKeyStoreId"} {
		if _, ok := md[absent]; ok {
			t.Errorf("%s present on a single-Region Enabled key", absent)
		}
	}
	if md["Enabled"] != true || md["MultiRegion"] != false {
		t.Fatalf("Enabled/MultiRegion: %v", md)
	}
	id := md["KeyId"].(string)
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{"KeyId":"`+id+`"}`))
	req.Header.Set("X-Amz-Target", "TrentService.DisableKey")
	req.Header.Set("Authorization", testAuth)
	rec := httptest.NewRecorder()
	w.Handler(nil).ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Fatalf("DisableKey answered %d %q, want 200 and an empty body (A0.6.5)", rec.Code, rec.Body)
	}
	_, _, lk := rawCall(w, "POST", "TrentService.ListKeys", "", testAuth, `{}`)
	if lk["Truncated"] != false || lk["NextMarker"] != nil {
		t.Fatalf("ListKeys %v", lk)
	}
}

// TestErrorCodesThroughRealClient: for every error code the simulator emits
// so far, the real *kms.Client decodes the wire answer into the SDK's typed
// error (or a smithy.APIError for unmodeled codes), with AWS's message.
func TestErrorCodesThroughRealClient(t *testing.T) {
	ctx := context.Background()
	w := sim.New(sim.Options{Seed: 9, KeysPerRegion: 2})
	hc := w.HTTPClient()
	east := realClient("us-east-1", "http://x", hc)
	ck, err := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	id := ck.KeyMetadata.KeyId
	arn := *ck.KeyMetadata.Arn
	east.DisableKey(ctx, &kms.DisableKeyInput{KeyId: id})
	check := func(name string, err error, target any, code string) {
		t.Helper()
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != code {
			t.Errorf("%s: %v, want %s", name, err, code)
			return
		}
		if target != nil && !errors.As(err, target) {
			t.Errorf("%s: %T is not the SDK's typed error", name, ae)
		}
	}
	_, err = east.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("mrk-0123456789abcdef0123456789abcdef")})
	check("NotFound", err, new(*types.NotFoundException), "NotFoundException")
	_, err = east.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String("alias/a")})
	check("InvalidArn", err, new(*types.InvalidArnException), "InvalidArnException")
	_, err = east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("eu-west-1")})
	check("Disabled", err, new(*types.DisabledException), "DisabledException")
	var de *types.DisabledException
	if errors.As(err, &de) && de.ErrorMessage() != arn+" is disabled." {
		t.Errorf("Disabled message %q", de.ErrorMessage())
	}
	_, err = east.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: id})
	check("KMSInvalidState", err, new(*types.KMSInvalidStateException), "KMSInvalidStateException")
	east.EnableKey(ctx, &kms.EnableKeyInput{KeyId: id})
	east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("eu-west-1")})
	_, err = east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("eu-west-1")})
	check("AlreadyExists", err, new(*types.AlreadyExistsException), "AlreadyExistsException")
	_, err = realClient("eu-west-1", "http://x", hc).ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("us-west-2")})
	check("UnsupportedOperation", err, new(*types.UnsupportedOperationException), "UnsupportedOperationException")
	_, err = east.CreateKey(ctx, &kms.CreateKeyInput{Tags: []types.Tag{{TagKey: aws.String("aws:x"), TagValue: aws.String("")}}})
	check("Tag", err, new(*types.TagException), "TagException")
	_, err = east.CreateKey(ctx, &kms.CreateKeyInput{Policy: aws.String("{")})
	check("MalformedPolicyDocument", err, new(*types.MalformedPolicyDocumentException), "MalformedPolicyDocumentException")
	east.CreateKey(ctx, &kms.CreateKeyInput{})
	_, err = east.CreateKey(ctx, &kms.CreateKeyInput{})
	check("LimitExceeded", err, new(*types.LimitExceededException), "LimitExceededException")
	_, err = east.ListKeys(ctx, &kms.ListKeysInput{Marker: aws.String("garbage")})
	check("InvalidMarker", err, new(*types.InvalidMarkerException), "InvalidMarkerException")
	_, err = east.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: id, GrantTokens: []string{"t"}})
	check("InvalidGrantToken", err, new(*types.InvalidGrantTokenException), "InvalidGrantTokenException")
	_, err = east.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/aws/mine"), TargetKeyId: id})
	check("InvalidAliasName", err, new(*types.InvalidAliasNameException), "InvalidAliasNameException")
	_, err = east.RevokeGrant(ctx, &kms.RevokeGrantInput{KeyId: id, GrantId: aws.String("not-a-grant")})
	check("InvalidGrantId", err, new(*types.InvalidGrantIdException), "InvalidGrantIdException")
	_, err = east.CreateGrant(ctx, &kms.CreateGrantInput{KeyId: id, GranteePrincipal: aws.String("arn:aws:iam::111122223333:role/r"),
		Operations: []types.GrantOperation{types.GrantOperationDescribeKey}, DryRun: aws.Bool(true)})
	check("DryRunOperation", err, new(*types.DryRunOperationException), "DryRunOperationException")
	_, err = east.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(400)})
	check("Validation", err, nil, "ValidationException")
	_, err = east.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String(strings.Replace(arn, "111122223333", "444455556666", 1))})
	check("AccessDenied", err, nil, "AccessDeniedException")
}

// TestControlEndpoints: the clock and reset endpoints (issue 4).
func TestControlEndpoints(t *testing.T) {
	w := sim.New(sim.Options{Seed: 4})
	h := w.Handler(nil)
	do := func(method, path string) (int, map[string]any) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
		var m map[string]any
		json.Unmarshal(rec.Body.Bytes(), &m)
		return rec.Code, m
	}
	_, c0 := do("GET", "/_mrksim/clock")
	if c0["Now"] != "2026-01-01T00:00:00Z" {
		t.Fatalf("clock %v", c0)
	}
	first := realClientMust(t, w)
	code, c1 := do("POST", "/_mrksim/clock/advance?by=90s")
	if code != 200 || c1["Now"] != "2026-01-01T00:01:30Z" || c1["EpochSeconds"].(float64) != c0["EpochSeconds"].(float64)+90 {
		t.Fatalf("advance: %d %v", code, c1)
	}
	if code, _ := do("POST", "/_mrksim/clock/advance?by=soon"); code != 400 {
		t.Fatalf("bad duration answered %d", code)
	}
	if code, _ := do("POST", "/_mrksim/clock/advance?by=-1s"); code != 400 {
		t.Fatalf("negative duration answered %d", code)
	}
	if code, _ := do("DELETE", "/_mrksim/reset"); code != 405 {
		t.Fatalf("DELETE reset answered %d", code)
	}
	if code, c := do("POST", "/_mrksim/reset"); code != 200 || c["Now"] != "2026-01-01T00:00:00Z" {
		t.Fatalf("reset: %d %v", code, c)
	}
	if n := len(w.Snapshot().Keys); n != 0 {
		t.Fatalf("%d keys after reset", n)
	}
	if again := realClientMust(t, w); again != first {
		t.Fatalf("after reset the seeded start repeats: first key %s, now %s", first, again)
	}
}

func realClientMust(t *testing.T, w *sim.World) string {
	t.Helper()
	out, err := realClient("us-east-1", "http://x", w.HTTPClient()).CreateKey(context.Background(), &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	return *out.KeyMetadata.KeyId
}
