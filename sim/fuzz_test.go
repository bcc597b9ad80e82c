package sim_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

// FuzzHandler sends arbitrary targets, content types, signatures and bodies
// to the wire handler of a world holding a multi-Region set: the handler
// never panics, always answers a well-formed success or AWS error, and an
// error never changes the world (issue 4). Its seed corpus is in
// testdata/fuzz/FuzzHandler; go test runs it, go test -fuzz explores.
func FuzzHandler(f *testing.F) {
	f.Add("TrentService.DescribeKey", "application/x-amz-json-1.1", testAuth, `{"KeyId":"alias/x"}`)
	f.Add("TrentService.ReplicateKey", "", testAuth, `{"KeyId":"mrk-0123456789abcdef0123456789abcdef","ReplicaRegion":"eu-west-1","Tags":[{"TagKey":"a"}]}`)
	f.Add("TrentService.CreateKey", "application/json", testAuth, `{"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC","MultiRegion":true}`)
	f.Add("TrentService.ListKeys", "application/x-amz-json-1.1", "", `{"Limit":0}`)
	f.Add("TrentService.Encrypt", "application/x-amz-json-1.1", testAuth, `{"Plaintext":"AA=="}`)
	f.Fuzz(func(t *testing.T, target, ctype, auth, body string) {
		w := sim.New(sim.Options{Seed: 1})
		ck, err := w.Client("us-east-1").CreateKey(context.Background(), &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		w.Client("us-east-1").ReplicateKey(context.Background(), &kms.ReplicateKeyInput{KeyId: ck.KeyMetadata.KeyId, ReplicaRegion: aws.String("us-west-2")})
		body = strings.ReplaceAll(body, "KEYID", *ck.KeyMetadata.KeyId)
		before := w.Snapshot()
		req := httptest.NewRequest("POST", "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", target)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		w.Handler(nil).ServeHTTP(rec, req)
		if rec.Header().Get("X-Amzn-Requestid") == "" {
			t.Fatalf("no request ID")
		}
		if rec.Code == 200 {
			if rec.Body.Len() > 0 && !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("success body is not JSON: %q", rec.Body)
			}
			return
		}
		if rec.Code >= 500 {
			t.Fatalf("server fault %d: %s", rec.Code, rec.Body)
		}
		var e map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || len(e) != 2 {
			t.Fatalf("error body %q is not {__type, message}", rec.Body)
		}
		if code, _ := e["__type"].(string); code == "" {
			t.Fatalf("error body without __type: %q", rec.Body)
		}
		if d := cmp.Diff(before, w.Snapshot()); d != "" {
			t.Fatalf("%d %s changed the world:\n%s", rec.Code, rec.Body, d)
		}
	})
}
