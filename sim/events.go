package sim

import (
	"encoding/json"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mrksim/mrk/mrk"
)

// Event is one CloudTrail record of the world's event log (SPEC §10): every
// API call, successful or not, in the Region where it ran, and KMS's own
// service events for the work the world does on its clock. It marshals to
// the JSON of a CloudTrail record.
type Event struct {
	EventVersion        string          `json:"eventVersion"`
	UserIdentity        UserIdentity    `json:"userIdentity"`
	EventTime           string          `json:"eventTime"`
	EventSource         string          `json:"eventSource"`
	EventName           string          `json:"eventName"`
	AWSRegion           string          `json:"awsRegion"`
	SourceIPAddress     string          `json:"sourceIPAddress"`
	UserAgent           string          `json:"userAgent"`
	ErrorCode           string          `json:"errorCode,omitempty"`
	ErrorMessage        string          `json:"errorMessage,omitempty"`
	RequestParameters   json.RawMessage `json:"requestParameters"`
	ResponseElements    json.RawMessage `json:"responseElements"`
	ServiceEventDetails json.RawMessage `json:"serviceEventDetails,omitempty"`
	RequestID           string          `json:"requestID,omitempty"`
	EventID             string          `json:"eventID"`
	ReadOnly            bool            `json:"readOnly"`
	Resources           []Resource      `json:"resources,omitempty"`
	EventType           string          `json:"eventType"`
	ManagementEvent     bool            `json:"managementEvent"`
	RecipientAccountID  string          `json:"recipientAccountId"`
	EventCategory       string          `json:"eventCategory"`
}

// UserIdentity is who made a call: the caller, or KMS itself.
type UserIdentity struct {
	Type        string `json:"type,omitempty"`
	PrincipalID string `json:"principalId,omitempty"`
	ARN         string `json:"arn,omitempty"`
	AccountID   string `json:"accountId"`
	AccessKeyID string `json:"accessKeyId,omitempty"`
	InvokedBy   string `json:"invokedBy,omitempty"`
}

// Resource is a key a record names.
type Resource struct {
	AccountID string `json:"accountId"`
	Type      string `json:"type"`
	ARN       string `json:"ARN"`
}

// EventFilter selects records; zero fields match everything.
type EventFilter struct {
	Region    string
	EventName string
	// KeyID matches records naming the key, by key ID or key ARN.
	KeyID string
	// From and To bound eventTime, inclusive.
	From, To time.Time
}

// EventVersion is the eventVersion written in every record (R10.1.1).
const EventVersion = "1.08"

// eventRec is a record as the world keeps it. Request and response are
// rendered when the call is made, so the record keeps what the call saw
// whatever the caller later does with its values.
type eventRec struct {
	at        time.Time
	name      string
	region    string
	account   string
	who       identity
	invokedBy string
	service   bool // AwsServiceEvent
	readOnly  bool
	requestID string
	eventID   [16]byte
	errCode   string
	errMsg    string
	params    json.RawMessage
	response  json.RawMessage
	details   json.RawMessage
	lazy      *keyAnswer // a response rendered when read
	resources []string   // key ARNs
}

// keyAnswer is the response of a call that answers a KeyMetadata, kept as
// a private copy of the facts it is made from and rendered when the log is
// read: cheaper on the call's path than rendering it at once.
type keyAnswer struct {
	member string // keyMetadata or replicaKeyMetadata
	key    mrk.Key
	set    mrk.KeySet
	policy *string // ReplicateKey's replicaPolicy
	tags   []types.Tag
}

// answerFor copies what the KeyMetadata of k is made from.
func answerFor(member string, k *mrk.Key) *keyAnswer {
	a := &keyAnswer{member: member, key: *k, set: *k.Set}
	a.set.Replicas = slices.Clone(k.Set.Replicas)
	a.set.Materials = nil
	if cur := k.Set.CurrentMaterial(); cur != nil {
		a.set.Materials = []mrk.Material{{ID: cur.ID}}
	}
	a.key.Set, a.key.Tags = &a.set, nil
	return a
}

func (a *keyAnswer) render() json.RawMessage {
	b := make([]byte, 0, 1024)
	b = append(b, '{', '"')
	b = append(b, a.member...)
	b = append(b, '"', ':')
	b = appendTrailMetadata(b, metadata(&a.key))
	if a.policy != nil {
		b = append(b, `,"replicaPolicy":`...)
		b = appendString(b, *a.policy)
	}
	if a.tags != nil {
		b = append(b, `,"replicaTags":`...)
		b = appendTrail(b, reflect.ValueOf(a.tags))
	}
	return append(b, '}')
}

// eventLog holds the records in chunks, so that it grows without copying.
type eventLog struct{ chunks [][]eventRec }

const eventChunk = 1024

func (l *eventLog) add(r eventRec) *eventRec {
	if n := len(l.chunks); n == 0 || len(l.chunks[n-1]) == eventChunk {
		l.chunks = append(l.chunks, make([]eventRec, 0, eventChunk))
	}
	c := &l.chunks[len(l.chunks)-1]
	*c = append(*c, r)
	return &(*c)[len(*c)-1]
}

func (l *eventLog) all() func(func(*eventRec) bool) {
	return func(yield func(*eventRec) bool) {
		for _, c := range l.chunks {
			for i := range c {
				if !yield(&c[i]) {
					return
				}
			}
		}
	}
}

// identity is where a call came from.
type identity struct {
	accessKey, agent, ip string
}

// inProcess is the identity of calls made through the SDK-shaped methods.
var inProcessIdentity = identity{agent: "mrk-sim (in process)", ip: "127.0.0.1"}

// callEvent is the event of the call in progress; an operation fills it in
// while it holds the world's lock.
type callEvent struct {
	resources []string
	params    any // replaces the input in the record when set
	response  any // replaces the output in the record when set; a *keyAnswer is rendered later
	extra     []*eventRec
}

var readOnlyOps = map[string]bool{}

func init() {
	for _, op := range []string{"DescribeKey", "DescribeCustomKeyStores", "GetKeyPolicy", "GetKeyRotationStatus",
		"GetKeyLastUsage", "GetParametersForImport", "GetPublicKey", "ListAliases", "ListGrants", "ListKeyPolicies",
		"ListKeyRotations", "ListKeys", "ListResourceTags", "ListRetirableGrants", "Decrypt", "Encrypt",
		"GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
		"GenerateDataKeyWithoutPlaintext", "GenerateMac", "GenerateRandom", "ReEncrypt", "Sign", "Verify",
		"VerifyMac", "DeriveSharedSecret"} {
		readOnlyOps[op] = true
	}
}

// logCall records a call's event and any companion events; w.mu is held.
func (w *World) logCall(c *Client, op string, at time.Time, requestID string, in, out any, ev *callEvent, err error) {
	if w.opts.NoEventLog {
		return
	}
	rec := w.events.add(eventRec{at: at, name: op, region: c.caller.Region, account: c.caller.Account, who: c.who,
		readOnly: readOnlyOps[op], requestID: requestID, eventID: w.eventID()})
	if ev.params != nil {
		in = ev.params
	}
	rec.params = trailJSON(in)
	rec.response = trailJSON(nil)
	if err != nil {
		rec.errCode, rec.errMsg, _ = describeError(err)
	} else if !rec.readOnly && out != nil {
		if ev.response != nil {
			out = ev.response
		}
		if a, ok := out.(*keyAnswer); ok {
			rec.lazy = a
		} else {
			rec.response = trailJSON(out)
		}
	}
	rec.resources = ev.resources
	if rec.resources == nil && in != nil {
		rec.resources = w.keyResource(c, in)
	}
	if err != nil {
		return
	}
	for _, x := range ev.extra {
		x.at, x.eventID = at, w.eventID()
		if x.invokedBy != "AWS Internal" {
			x.requestID, x.who = requestID, c.who
		}
		w.events.add(*x)
	}
}

// keyResource names the key an input's KeyId resolves to, if any.
func (w *World) keyResource(c *Client, in any) []string {
	rv := reflect.ValueOf(in)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	f := rv.Elem().FieldByName("KeyId")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return nil
	}
	k, err := w.store.Resolve(c.caller, mrk.OpDescribeKey, f.Elem().String())
	if err != nil {
		return nil
	}
	return []string{k.ARN()}
}

// logService records one of KMS's own events for a timed transition (SPEC
// §10.5, §10.6); w.mu is held.
func (w *World) logService(tr mrk.Transition) {
	if w.opts.NoEventLog {
		return
	}
	set := w.store.Set(tr.KeyID)
	arn := mrk.KeyARN(tr.Region, tr.Account, tr.KeyID)
	svc := func(name, region, res string, details any) {
		rec := eventRec{at: tr.At, name: name, region: region, account: tr.Account, invokedBy: "AWS Internal",
			service: true, eventID: w.eventID(), resources: []string{res}}
		if details != nil {
			rec.details, _ = json.Marshal(details)
		}
		w.events.add(rec)
	}
	sync := func() {
		if set == nil || !set.MultiRegion {
			return
		}
		w.events.add(eventRec{at: tr.At, name: "SynchronizeMultiRegionKey", region: set.Primary,
			account: tr.Account, invokedBy: "AWS Internal", eventID: w.eventID(),
			resources: []string{mrk.KeyARN(set.Primary, set.Account, set.ID)}})
	}
	switch tr.Cause {
	case mrk.TimerDelete:
		if tr.To == 0 {
			svc("DeleteKey", tr.Region, arn, nil)
			if set != nil && set.Primary != tr.Region {
				sync() // the replica left the set
			}
		}
	case mrk.TimerCreated:
		sync() // the new replica received the set's shared properties
	case mrk.TimerUpdated:
		if set != nil && set.Primary == tr.Region {
			sync() // the primary change is complete
		}
	case mrk.TimerRotate:
		if set == nil || len(set.Materials) < 2 {
			return
		}
		n := len(set.Materials)
		svc("RotateKey", set.Primary, mrk.KeyARN(set.Primary, set.Account, set.ID), map[string]string{
			"rotationType": set.Materials[n-1].RotationType, "keyOrigin": string(set.Origin),
			"previousKeyMaterialId": set.Materials[n-2].ID, "currentKeyMaterialId": set.Materials[n-1].ID})
		if len(set.Replicas) > 0 {
			sync()
		}
	}
}

// Events returns the records that match f, in the order they happened:
// by time, then by sequence. Records never change once written.
func (w *World) Events(f EventFilter) []Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.catchUp()
	var out []Event
	for r := range w.events.all() {
		if f.Region != "" && r.region != f.Region || f.EventName != "" && r.name != f.EventName ||
			!f.From.IsZero() && r.at.Before(f.From) || !f.To.IsZero() && r.at.After(f.To) {
			continue
		}
		if f.KeyID != "" && !slices.ContainsFunc(r.resources, func(a string) bool {
			return a == f.KeyID || strings.HasSuffix(a, "/"+f.KeyID)
		}) {
			continue
		}
		out = append(out, w.render(r))
	}
	return out
}

// render turns a record into its CloudTrail shape; the Event shares no
// memory with the log.
func (w *World) render(r *eventRec) Event {
	e := Event{EventVersion: EventVersion, EventTime: r.at.UTC().Format("2006-01-02T15:04:05Z"),
		EventSource: "kms.amazonaws.com", EventName: r.name, AWSRegion: r.region, ErrorCode: r.errCode,
		ErrorMessage: r.errMsg, RequestID: r.requestID, EventID: mrk.NewKeyID(r.eventID, false), ReadOnly: r.readOnly,
		EventType: "AwsApiCall", ManagementEvent: true, RecipientAccountID: r.account, EventCategory: "Management",
		RequestParameters: orNull(r.params), ResponseElements: orNull(r.response), ServiceEventDetails: r.details}
	if r.lazy != nil {
		e.ResponseElements = r.lazy.render()
	}
	if r.service {
		e.EventType = "AwsServiceEvent"
	}
	if r.invokedBy == "AWS Internal" {
		e.UserIdentity = UserIdentity{AccountID: r.account, InvokedBy: r.invokedBy}
		e.SourceIPAddress, e.UserAgent = "AWS Internal", "AWS Internal"
	} else {
		e.UserIdentity = UserIdentity{Type: "Root", PrincipalID: r.account, ARN: "arn:" + mrk.Partition(r.region) + ":iam::" + r.account + ":root",
			AccountID: r.account, AccessKeyID: r.who.accessKey, InvokedBy: r.invokedBy}
		e.SourceIPAddress, e.UserAgent = r.who.ip, r.who.agent
		if r.invokedBy != "" {
			e.SourceIPAddress = r.invokedBy
		}
	}
	for _, a := range r.resources {
		e.Resources = append(e.Resources, Resource{AccountID: r.account, Type: "AWS::KMS::Key", ARN: a})
	}
	return cloneEvent(e)
}

func orNull(b json.RawMessage) json.RawMessage {
	if b == nil {
		return json.RawMessage("null")
	}
	return b
}

func cloneEvent(e Event) Event {
	e.RequestParameters = slices.Clone(e.RequestParameters)
	e.ResponseElements = slices.Clone(e.ResponseElements)
	e.ServiceEventDetails = slices.Clone(e.ServiceEventDetails)
	e.Resources = slices.Clone(e.Resources)
	return e
}

// trailJSON renders a request or response as CloudTrail writes it: member
// names with a lower-case first letter, timestamps as "Jan 2, 2006, 3:04:05
// PM", and no blobs (plaintext, ciphertext and key material are never
// logged, R10.1.3). nil, or a struct with nothing to write, is null.
func trailJSON(v any) json.RawMessage {
	if v == nil {
		return json.RawMessage("null")
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return json.RawMessage("null")
		}
		rv = rv.Elem()
	}
	var scratch [512]byte
	b := appendTrail(scratch[:0], rv)
	if string(b) == "{}" {
		return json.RawMessage("null")
	}
	return slices.Clone(b)
}

func appendTrail(b []byte, v reflect.Value) []byte {
	t := v.Type()
	switch t {
	case timeType:
		return appendTrailTime(b, v.Interface().(time.Time))
	case keyMetadataPtr:
		if !v.IsNil() {
			return appendTrailMetadata(b, v.Interface().(*types.KeyMetadata))
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return appendTrail(b, v.Elem())
	case reflect.Struct:
		b = append(b, '{')
		first := true
		for _, f := range wireFields(t) {
			fv := v.Field(f.index)
			if absent(fv) || fv.Type() == bytesType {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendString(b, f.trail)
			b = append(b, ':')
			b = appendTrail(b, fv)
		}
		return append(b, '}')
	case reflect.Slice:
		b = append(b, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendTrail(b, v.Index(i))
		}
		return append(b, ']')
	case reflect.Map:
		keys := v.MapKeys()
		sortValues(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k.String())
			b = append(b, ':')
			b = appendTrail(b, v.MapIndex(k))
		}
		return append(b, '}')
	case reflect.String:
		return appendString(b, v.String())
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int32, reflect.Int64, reflect.Int:
		return strconv.AppendInt(b, v.Int(), 10)
	}
	return append(b, "null"...)
}

var keyMetadataPtr = reflect.TypeOf((*types.KeyMetadata)(nil))

func appendTrailTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, "Jan 2, 2006, 3:04:05 PM")
	return append(b, '"')
}

// appendTrailMetadata writes a KeyMetadata as CloudTrail does, in the order
// of the recorded example (R10.3.1) — the hot path of the log, so written
// out by hand rather than by reflection.
func appendTrailMetadata(b []byte, m *types.KeyMetadata) []byte {
	str := func(name string, v *string) {
		if v != nil {
			b = append(b, ',', '"')
			b = append(b, name...)
			b = append(b, '"', ':')
			b = appendString(b, *v)
		}
	}
	enum := func(name, v string) {
		if v != "" {
			b = append(b, ',', '"')
			b = append(b, name...)
			b = append(b, '"', ':')
			b = appendString(b, v)
		}
	}
	list := func(name string, vs []string) {
		if vs == nil {
			return
		}
		b = append(b, ',', '"')
		b = append(b, name...)
		b = append(b, `":[`...)
		for i, v := range vs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, v)
		}
		b = append(b, ']')
	}
	tm := func(name string, v *time.Time) {
		if v != nil {
			b = append(b, ',', '"')
			b = append(b, name...)
			b = append(b, '"', ':')
			b = appendTrailTime(b, *v)
		}
	}
	b = append(b, '{', '"', 'a', 'W', 'S', 'A', 'c', 'c', 'o', 'u', 'n', 't', 'I', 'd', '"', ':')
	b = appendString(b, aws.ToString(m.AWSAccountId))
	str("keyId", m.KeyId)
	str("arn", m.Arn)
	tm("creationDate", m.CreationDate)
	b = append(b, `,"enabled":`...)
	b = strconv.AppendBool(b, m.Enabled)
	str("description", m.Description)
	enum("keyUsage", string(m.KeyUsage))
	enum("keyState", string(m.KeyState))
	tm("deletionDate", m.DeletionDate)
	tm("validTo", m.ValidTo)
	enum("origin", string(m.Origin))
	str("customKeyStoreId", m.CustomKeyStoreId)
	str("cloudHsmClusterId", m.CloudHsmClusterId)
	enum("expirationModel", string(m.ExpirationModel))
	enum("keyManager", string(m.KeyManager))
	enum("keySpec", string(m.KeySpec))
	enum("customerMasterKeySpec", string(m.CustomerMasterKeySpec))
	list("encryptionAlgorithms", enumStrings(m.EncryptionAlgorithms))
	list("signingAlgorithms", enumStrings(m.SigningAlgorithms))
	list("keyAgreementAlgorithms", enumStrings(m.KeyAgreementAlgorithms))
	list("macAlgorithms", enumStrings(m.MacAlgorithms))
	if m.MultiRegion != nil {
		b = append(b, `,"multiRegion":`...)
		b = strconv.AppendBool(b, *m.MultiRegion)
	}
	if c := m.MultiRegionConfiguration; c != nil {
		b = append(b, `,"multiRegionConfiguration":{"multiRegionKeyType":`...)
		b = appendString(b, string(c.MultiRegionKeyType))
		key := func(k *types.MultiRegionKey) {
			b = append(b, `{"arn":`...)
			b = appendString(b, aws.ToString(k.Arn))
			b = append(b, `,"region":`...)
			b = appendString(b, aws.ToString(k.Region))
			b = append(b, '}')
		}
		if c.PrimaryKey != nil {
			b = append(b, `,"primaryKey":`...)
			key(c.PrimaryKey)
		}
		b = append(b, `,"replicaKeys":[`...)
		for i := range c.ReplicaKeys {
			if i > 0 {
				b = append(b, ',')
			}
			key(&c.ReplicaKeys[i])
		}
		b = append(b, ']', '}')
	}
	if m.PendingDeletionWindowInDays != nil {
		b = append(b, `,"pendingDeletionWindowInDays":`...)
		b = strconv.AppendInt(b, int64(*m.PendingDeletionWindowInDays), 10)
	}
	str("currentKeyMaterialId", m.CurrentKeyMaterialId)
	return append(b, '}')
}

func enumStrings[T ~string](xs []T) []string {
	if xs == nil {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// logReplication adds ReplicateKey's companion CreateKey record in the
// replica's Region (R10.3.1, O-38) and fixes the logged request: the two
// defaults written even when not sent, no policy (O-39).
func (w *World) logReplication(c *Client, in *kms.ReplicateKeyInput, r *mrk.Key) {
	p := *in
	p.Description = aws.String(aws.ToString(in.Description))
	p.Policy = nil
	w.cur.params = &p
	a := answerFor("replicaKeyMetadata", r)
	pol := r.PolicyText()
	a.policy = &pol
	if len(r.Tags) > 0 {
		a.tags = fromTags(r.Tags)
	}
	w.cur.response = a
	w.cur.extra = append(w.cur.extra, &eventRec{name: "CreateKey", region: r.Region, account: r.Set.Account,
		invokedBy: "kms.amazonaws.com",
		params: trailJSON(&kms.CreateKeyInput{Description: p.Description, BypassPolicyLockoutSafetyCheck: in.BypassPolicyLockoutSafetyCheck,
			MultiRegion: aws.Bool(true), Tags: in.Tags}),
		lazy:      answerFor("keyMetadata", r),
		resources: []string{r.ARN()}})
}

// logPrimaryChange adds UpdatePrimaryRegion's second record, in the new
// primary's Region (R10.4.1).
func (w *World) logPrimaryChange(c *Client, keyID, region string) {
	set := w.store.Set(mrk.ParseIdent(keyID).Resource)
	if set == nil {
		return
	}
	w.cur.extra = append(w.cur.extra, &eventRec{name: "UpdatePrimaryRegion", region: region, account: set.Account,
		invokedBy: "kms.amazonaws.com",
		params:    trailJSON(&kms.UpdatePrimaryRegionInput{KeyId: aws.String(mrk.KeyARN(region, set.Account, set.ID)), PrimaryRegion: aws.String(region)})})
}

// logSync adds a SynchronizeMultiRegionKey record for a change of a
// multi-Region set's shared properties made by the call (O-40).
func (w *World) logSync(account, keyID, region string) {
	set := w.store.Set(mrk.ParseIdent(keyID).Resource)
	if set == nil || !set.MultiRegion || len(set.Replicas) == 0 {
		return
	}
	w.cur.extra = append(w.cur.extra, &eventRec{name: "SynchronizeMultiRegionKey", region: set.Primary, account: set.Account,
		invokedBy: "AWS Internal", resources: []string{mrk.KeyARN(set.Primary, set.Account, set.ID)}})
}

// logRotation records a rotation a call caused (EnableKey of a primary whose
// rotation fell due while it was disabled).
func (w *World) logRotation(at time.Time, account, keyID string) {
	set := w.store.Set(mrk.ParseIdent(keyID).Resource)
	if set == nil {
		return
	}
	w.logService(mrk.Transition{At: at, Account: set.Account, Region: set.Primary, KeyID: set.ID, Cause: mrk.TimerRotate})
}
