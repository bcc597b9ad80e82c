package sim_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/benbjohnson/clock"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

// asJSON compares raw JSON members by value.
var asJSON = cmp.Transformer("json", func(r json.RawMessage) any {
	var v any
	if err := json.Unmarshal(r, &v); err != nil {
		return "invalid JSON: " + string(r)
	}
	return v
})

func newEventWorld(seed uint64) (*sim.World, *clock.Mock) {
	clk := clock.NewMock()
	clk.Set(time.Date(2020, 11, 18, 1, 29, 18, 0, time.UTC))
	return sim.New(sim.Options{Seed: seed, Clock: clk}), clk
}

func onlyEvent(t *testing.T, evs []sim.Event) sim.Event {
	t.Helper()
	if len(evs) != 1 {
		t.Fatalf("want one record, got %d: %+v", len(evs), evs)
	}
	return evs[0]
}

// TestEventReplicateKeyRecord reproduces the ReplicateKey record of the
// seeds (S001, CT-replicate-key): a ReplicateKey record in the primary's
// Region and a CreateKey record in the replica's (R10.2, R10.3.1, O-38,
// O-39), with the values this world must produce.
func TestEventReplicateKeyRecord(t *testing.T) {
	ctx := context.Background()
	w, _ := newEventWorld(11)
	east := w.Client("us-east-1")
	ck, err := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	id := *ck.KeyMetadata.KeyId
	rep, err := east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: aws.String(id), ReplicaRegion: aws.String("us-west-2")})
	if err != nil {
		t.Fatal(err)
	}
	reqID, _ := awsmiddleware.GetRequestIDMetadata(rep.ResultMetadata)
	primaryARN := "arn:aws:kms:us-east-1:111122223333:key/" + id
	replicaARN := "arn:aws:kms:us-west-2:111122223333:key/" + id
	got := onlyEvent(t, w.Events(sim.EventFilter{EventName: "ReplicateKey"}))
	caller := sim.UserIdentity{Type: "Root", PrincipalID: "111122223333", ARN: "arn:aws:iam::111122223333:root", AccountID: "111122223333"}
	metadataJSON := `{"aWSAccountId":"111122223333","keyId":"` + id + `","arn":"` + replicaARN + `",
		"creationDate":"Nov 18, 2020, 1:29:18 AM","enabled":false,"description":"","keyUsage":"ENCRYPT_DECRYPT",
		"keyState":"Creating","origin":"AWS_KMS","keyManager":"CUSTOMER","keySpec":"SYMMETRIC_DEFAULT",
		"customerMasterKeySpec":"SYMMETRIC_DEFAULT","encryptionAlgorithms":["SYMMETRIC_DEFAULT"],"multiRegion":true,
		"multiRegionConfiguration":{"multiRegionKeyType":"REPLICA","primaryKey":{"arn":"` + primaryARN + `","region":"us-east-1"},
		"replicaKeys":[{"arn":"` + replicaARN + `","region":"us-west-2"}]}}`
	policy, _ := json.Marshal(*rep.ReplicaPolicy)
	want := sim.Event{
		EventVersion: "1.08", UserIdentity: caller, EventTime: "2020-11-18T01:29:18Z", EventSource: "kms.amazonaws.com",
		EventName: "ReplicateKey", AWSRegion: "us-east-1", SourceIPAddress: "127.0.0.1", UserAgent: "mrk-sim (in process)",
		RequestParameters: json.RawMessage(`{"keyId":"` + id + `","replicaRegion":"us-west-2","bypassPolicyLockoutSafetyCheck":false,"description":""}`),
		ResponseElements:  json.RawMessage(`{"replicaKeyMetadata":` + metadataJSON + `,"replicaPolicy":` + string(policy) + `}`),
		RequestID:         reqID, EventID: got.EventID, ReadOnly: false,
		Resources: []sim.Resource{{AccountID: "111122223333", Type: "AWS::KMS::Key", ARN: primaryARN}},
		EventType: "AwsApiCall", ManagementEvent: true, RecipientAccountID: "111122223333", EventCategory: "Management",
	}
	if d := cmp.Diff(want, got, asJSON); d != "" {
		t.Fatalf("ReplicateKey record (-want +got):\n%s", d)
	}
	if len(got.EventID) != 36 || got.EventID == reqID {
		t.Fatalf("eventID %q (requestID %q)", got.EventID, reqID)
	}
	created := onlyEvent(t, w.Events(sim.EventFilter{EventName: "CreateKey", Region: "us-west-2"}))
	wantCreate := want
	wantCreate.EventName, wantCreate.AWSRegion, wantCreate.EventID = "CreateKey", "us-west-2", created.EventID
	wantCreate.UserIdentity.InvokedBy = "kms.amazonaws.com"
	wantCreate.SourceIPAddress = "kms.amazonaws.com"
	wantCreate.RequestParameters = json.RawMessage(`{"description":"","bypassPolicyLockoutSafetyCheck":false,"multiRegion":true}`)
	wantCreate.ResponseElements = json.RawMessage(`{"keyMetadata":` + metadataJSON + `}`)
	wantCreate.Resources = []sim.Resource{{AccountID: "111122223333", Type: "AWS::KMS::Key", ARN: replicaARN}}
	if d := cmp.Diff(wantCreate, created, asJSON); d != "" {
		t.Fatalf("companion CreateKey record (-want +got):\n%s", d)
	}
	// Ordered by time then sequence: CreateKey, ReplicateKey, CreateKey (replica).
	var names []string
	for _, e := range w.Events(sim.EventFilter{}) {
		names = append(names, e.EventName+"@"+e.AWSRegion)
	}
	if d := cmp.Diff([]string{"CreateKey@us-east-1", "ReplicateKey@us-east-1", "CreateKey@us-west-2"}, names); d != "" {
		t.Fatalf("order (-want +got):\n%s", d)
	}
}

// TestEventFailedCall: a failed call is recorded with errorCode and
// errorMessage and null responseElements (R10.1.4).
func TestEventFailedCall(t *testing.T) {
	ctx := context.Background()
	w, _ := newEventWorld(1)
	_, err := w.Client("us-east-1").DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String("alias/nope")})
	if err == nil {
		t.Fatal("DisableKey with an alias succeeded")
	}
	e := onlyEvent(t, w.Events(sim.EventFilter{EventName: "DisableKey"}))
	if e.ErrorCode != "InvalidArnException" || e.ErrorMessage != "Key Aliases are not supported for this operation." ||
		string(e.ResponseElements) != "null" || string(e.RequestParameters) != `{"keyId":"alias/nope"}` || e.RequestID == "" {
		t.Fatalf("failed call record: %+v", e)
	}
	_, err = w.Client("us-east-1").DescribeKey(ctx, &kms.DescribeKeyInput{})
	e = onlyEvent(t, w.Events(sim.EventFilter{EventName: "DescribeKey"}))
	if e.ErrorCode != "ValidationException" || !e.ReadOnly || err == nil {
		t.Fatalf("validation failure record: %+v", e)
	}
}

// TestEventScheduled: KMS's own events appear only once the clock passes
// their time, stamped with that time (R10.5, R10.6, O-40).
func TestEventScheduled(t *testing.T) {
	ctx := context.Background()
	w, clk := newEventWorld(2)
	start := clk.Now()
	east := w.Client("us-east-1")
	ck, _ := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	id := ck.KeyMetadata.KeyId
	east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: id, ReplicaRegion: aws.String("eu-west-1")})
	clk.Add(4 * time.Second)
	if n := len(w.Events(sim.EventFilter{EventName: "SynchronizeMultiRegionKey"})); n != 0 {
		t.Fatalf("%d sync records before the replica finished Creating", n)
	}
	clk.Add(time.Hour)
	sync := onlyEvent(t, w.Events(sim.EventFilter{EventName: "SynchronizeMultiRegionKey"}))
	if sync.EventTime != start.Add(5*time.Second).Format("2006-01-02T15:04:05Z") || sync.AWSRegion != "us-east-1" ||
		sync.UserIdentity.InvokedBy != "AWS Internal" || len(sync.Resources) != 1 || sync.Resources[0].ARN != "arn:aws:kms:us-east-1:111122223333:key/"+*id {
		t.Fatalf("sync record %+v", sync)
	}
	scheduled := clk.Now()
	w.Client("eu-west-1").ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id, PendingWindowInDays: aws.Int32(7)})
	sched := onlyEvent(t, w.Events(sim.EventFilter{EventName: "ScheduleKeyDeletion"}))
	var resp map[string]any
	json.Unmarshal(sched.ResponseElements, &resp)
	if resp["keyState"] != "PendingDeletion" || resp["deletionDate"] == nil || resp["pendingWindowInDays"] != nil {
		t.Fatalf("ScheduleKeyDeletion responseElements %s (R10.6.2)", sched.ResponseElements)
	}
	clk.Add(7*24*time.Hour - time.Second)
	if n := len(w.Events(sim.EventFilter{EventName: "DeleteKey"})); n != 0 {
		t.Fatalf("DeleteKey logged before the window ended")
	}
	clk.Add(time.Second)
	del := onlyEvent(t, w.Events(sim.EventFilter{EventName: "DeleteKey"}))
	if del.EventType != "AwsServiceEvent" || del.AWSRegion != "eu-west-1" || del.RequestID != "" ||
		string(del.RequestParameters) != "null" || del.EventTime != scheduled.Add(7*24*time.Hour).Format("2006-01-02T15:04:05Z") {
		t.Fatalf("DeleteKey record %+v", del)
	}
	// Filters: by key, by Region, by time range.
	if n := len(w.Events(sim.EventFilter{KeyID: *id, Region: "eu-west-1"})); n != 3 {
		t.Fatalf("%d records for the replica in eu-west-1, want CreateKey, ScheduleKeyDeletion and DeleteKey", n)
	}
	if n := len(w.Events(sim.EventFilter{From: start.Add(time.Second), To: start.Add(10 * time.Second)})); n != 1 {
		t.Fatalf("%d records in [1 s, 10 s], want the sync", n)
	}
}

// TestEventRotation: enabling rotation of a set with replicas synchronises
// it; an automatic rotation writes RotateKey in the primary's Region with
// its material IDs, then a sync (R10.6.1, O-41).
func TestEventRotation(t *testing.T) {
	ctx := context.Background()
	w, clk := newEventWorld(3)
	east := w.Client("us-east-1")
	ck, _ := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	first := *ck.KeyMetadata.CurrentKeyMaterialId
	east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: ck.KeyMetadata.KeyId, ReplicaRegion: aws.String("eu-west-1")})
	clk.Add(time.Minute)
	east.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: ck.KeyMetadata.KeyId, RotationPeriodInDays: aws.Int32(90)})
	if n := len(w.Events(sim.EventFilter{EventName: "SynchronizeMultiRegionKey"})); n != 2 {
		t.Fatalf("%d syncs, want creation and rotation status", n)
	}
	clk.Add(90 * 24 * time.Hour)
	rot := onlyEvent(t, w.Events(sim.EventFilter{EventName: "RotateKey"}))
	var d map[string]string
	json.Unmarshal(rot.ServiceEventDetails, &d)
	if rot.EventType != "AwsServiceEvent" || d["rotationType"] != "AUTOMATIC" || d["previousKeyMaterialId"] != first || d["currentKeyMaterialId"] == first {
		t.Fatalf("RotateKey %+v details %v", rot, d)
	}
	cur, _ := w.Client("eu-west-1").DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: ck.KeyMetadata.KeyId})
	if *cur.KeyMetadata.CurrentKeyMaterialId != d["currentKeyMaterialId"] {
		t.Fatalf("replica's current material %s, rotation made %s", *cur.KeyMetadata.CurrentKeyMaterialId, d["currentKeyMaterialId"])
	}
}

// TestEventUpdatePrimaryRegion: two records with the same request ID, the
// second in the new primary's Region invoked by KMS (R10.4.1).
func TestEventUpdatePrimaryRegion(t *testing.T) {
	ctx := context.Background()
	w, clk := newEventWorld(4)
	east := w.Client("us-east-1")
	ck, _ := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	id := *ck.KeyMetadata.KeyId
	east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: &id, ReplicaRegion: aws.String("us-west-2")})
	clk.Add(time.Minute)
	east.UpdatePrimaryRegion(ctx, &kms.UpdatePrimaryRegionInput{KeyId: &id, PrimaryRegion: aws.String("us-west-2")})
	evs := w.Events(sim.EventFilter{EventName: "UpdatePrimaryRegion"})
	if len(evs) != 2 || evs[0].AWSRegion != "us-east-1" || evs[1].AWSRegion != "us-west-2" || evs[0].RequestID != evs[1].RequestID ||
		evs[1].UserIdentity.InvokedBy != "kms.amazonaws.com" || evs[1].Resources != nil ||
		string(evs[1].RequestParameters) != `{"keyId":"arn:aws:kms:us-west-2:111122223333:key/`+id+`","primaryRegion":"us-west-2"}` {
		t.Fatalf("UpdatePrimaryRegion records %+v", evs)
	}
	clk.Add(10 * time.Second)
	sync := w.Events(sim.EventFilter{EventName: "SynchronizeMultiRegionKey"})
	if last := sync[len(sync)-1]; last.AWSRegion != "us-west-2" {
		t.Fatalf("the sync after the update is in %s, want the new primary's Region", last.AWSRegion)
	}
}

// TestEventsImmutable: what a caller does with its inputs, outputs or the
// records it read never changes the log.
func TestEventsImmutable(t *testing.T) {
	ctx := context.Background()
	w, _ := newEventWorld(5)
	in := &kms.CreateKeyInput{Description: aws.String("before")}
	out, _ := w.Client("us-east-1").CreateKey(ctx, in)
	before, _ := json.Marshal(w.Events(sim.EventFilter{}))
	*in.Description = "after"
	*out.KeyMetadata.Description = "after"
	evs := w.Events(sim.EventFilter{})
	evs[0].RequestParameters[2] = 'X'
	evs[0].EventName = "X"
	after, _ := json.Marshal(w.Events(sim.EventFilter{}))
	if string(before) != string(after) {
		t.Fatalf("the log changed:\n%s\n%s", before, after)
	}
}

// TestEventsDeterministic: two worlds with the same seed and calls write
// byte-identical logs; the log joins the responses by request ID.
func TestEventsDeterministic(t *testing.T) {
	run := func() ([]byte, []string) {
		ctx := context.Background()
		w, clk := newEventWorld(6)
		east := w.Client("us-east-1")
		var ids []string
		ck, _ := east.CreateKey(ctx, &kms.CreateKeyInput{MultiRegion: aws.Bool(true)})
		rid, _ := awsmiddleware.GetRequestIDMetadata(ck.ResultMetadata)
		ids = append(ids, rid)
		east.ReplicateKey(ctx, &kms.ReplicateKeyInput{KeyId: ck.KeyMetadata.KeyId, ReplicaRegion: aws.String("us-west-2")})
		east.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String("nope")})
		clk.Add(time.Hour)
		east.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: ck.KeyMetadata.KeyId})
		b, _ := json.Marshal(map[string]any{"Records": w.Events(sim.EventFilter{})})
		return b, ids
	}
	a, ida := run()
	b, _ := run()
	if string(a) != string(b) {
		t.Fatalf("logs differ:\n%s\n%s", a, b)
	}
	if !strings.Contains(string(a), `"requestID":"`+ida[0]+`"`) {
		t.Fatalf("the CreateKey response's request ID %s is not in the log", ida[0])
	}
}

// TestEventsOverHTTP: GET /_mrksim/events with filters answers a
// CloudTrail log file; the x-amzn-RequestId of a wire call is in it.
func TestEventsOverHTTP(t *testing.T) {
	w, _ := newEventWorld(7)
	status, hdr, body := rawCall(w, "POST", "TrentService.CreateKey", "", testAuth, `{"Description":"wire"}`)
	if status != 200 {
		t.Fatalf("CreateKey %d %v", status, body)
	}
	rawCall(w, "POST", "TrentService.DescribeKey", "", testAuth, `{"KeyId":"nope"}`)
	rec := httptest.NewRecorder()
	w.Handler(nil).ServeHTTP(rec, httptest.NewRequest("GET", "/_mrksim/events?region=us-east-1&name=CreateKey", nil))
	var log struct{ Records []sim.Event }
	if err := json.Unmarshal(rec.Body.Bytes(), &log); err != nil || rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if len(log.Records) != 1 || log.Records[0].RequestID != hdr.Get("X-Amzn-Requestid") ||
		log.Records[0].UserIdentity.AccessKeyID != "AKIDEXAMPLE" || log.Records[0].Resources == nil {
		t.Fatalf("records %+v, header request ID %s", log.Records, hdr.Get("X-Amzn-Requestid"))
	}
	rec = httptest.NewRecorder()
	w.Handler(nil).ServeHTTP(rec, httptest.NewRequest("GET", "/_mrksim/events?from=yesterday", nil))
	if rec.Code != 400 {
		t.Fatalf("bad from answered %d", rec.Code)
	}
}
