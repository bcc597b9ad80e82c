package sim

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"reflect"
	"slices"
	"strconv"
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
	UserName    string `json:"userName,omitempty"`
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
	who       *identity
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
	res       keyRef     // the key the record names, if any
}

// keyRef names a key without building its ARN until a record is read: its
// owning account (another than the caller's in a cross-account call), its
// Region and its key ID.
type keyRef struct{ account, region, id string }

func refOf(k *mrk.Key) keyRef { return keyRef{k.Set.Account, k.Region, k.Set.ID} }

// arn is the key's ARN.
func (r keyRef) arn() string { return mrk.KeyARN(r.region, r.account, r.id) }

// keyAnswer is the response of a call that answers a KeyMetadata, kept as
// a private copy of the facts it is made from and rendered when the log is
// read: cheaper on the call's path than rendering it at once.
type keyAnswer struct {
	member string // keyMetadata or replicaKeyMetadata
	// live is the key itself while the call that answered it runs: the log
	// packs the answer before the call returns, so nothing can change it.
	live      *mrk.Key
	facts     *keyFacts // the facts, in an answer read back from the log
	policy    string    // ReplicateKey's replicaPolicy, when hasPolicy
	hasPolicy bool
	tags      []types.Tag
	// tagsJSON is tags rendered, in an answer read back from the log.
	tagsJSON json.RawMessage
}

// keyFacts is a private copy of what a key's KeyMetadata is made from.
type keyFacts struct {
	region, description, id, account, primary, material string
	spec                                                mrk.KeySpec
	usage                                               mrk.KeyUsage
	origin                                              mrk.Origin
	multi                                               bool
	state                                               mrk.State
	window                                              int
	created, deletion                                   int64
	replicas                                            []string
	// expModel and validTo are the member's ExpirationModel and ValidTo
	// (A0.21), which its facts above cannot rebuild.
	expModel string
	service  string // the AWS managed key's service, "" for a customer managed key
	validTo  int64
}

// answerFor is the KeyMetadata answer about k, packed into the log before
// the call returns.
func answerFor(member string, k *mrk.Key) *keyAnswer {
	return &keyAnswer{member: member, live: k}
}

// key rebuilds the key the facts describe, for metadata.
func (f *keyFacts) key() *mrk.Key {
	set := &mrk.KeySet{ID: f.id, Account: f.account, Spec: f.spec, Usage: f.usage, Origin: f.origin,
		MultiRegion: f.multi, Primary: f.primary, Replicas: f.replicas, Service: f.service}
	if f.material != "" {
		set.Materials = []mrk.Material{{ID: f.material}}
	}
	return &mrk.Key{Set: set, Region: f.region, Description: f.description, State: f.state,
		PendingWindowDays: f.window, Created: time.Unix(0, f.created).UTC(), DeletionDate: time.Unix(0, f.deletion).UTC()}
}

func (a *keyAnswer) render() json.RawMessage {
	b := make([]byte, 0, 1024)
	b = append(b, '{', '"')
	b = append(b, a.member...)
	b = append(b, '"', ':')
	md := metadata(a.facts.key())
	if a.facts.expModel != "" {
		md.ExpirationModel = types.ExpirationModelType(a.facts.expModel)
		if a.facts.validTo != 0 {
			md.ValidTo = aws.Time(time.Unix(0, a.facts.validTo).UTC())
		}
	}
	b = appendTrailMetadata(b, md)
	if a.hasPolicy {
		b = append(b, `,"replicaPolicy":`...)
		b = appendString(b, a.policy)
	}
	if a.tags != nil {
		b = append(b, `,"replicaTags":`...)
		b = appendTrail(b, reflect.ValueOf(a.tags))
	} else if a.tagsJSON != nil {
		b = append(b, `,"replicaTags":`...)
		b = append(b, a.tagsJSON...)
	}
	return append(b, '}')
}

// eventLog holds the records packed into chunks of pointer-free values and
// their JSON in a byte arena: a log of millions of records then costs the
// garbage collector almost nothing to keep, and logging stays cheap as the
// log grows.
type eventLog struct {
	chunks  [][]packedRec
	arena   [][]byte
	strs    []string
	strIdx  map[string]uint32
	whos    []*identity
	whoIdx  map[identity]uint32
	answers [][]packedAnswer
	// the identity of the last record, which the next one usually shares
	lastWho    *identity
	lastWhoIdx uint32
	// recent caches interned strings by length: names and Regions repeat.
	recent [8]struct {
		s string
		i uint32
	}
}

const eventChunk = 1024

// packedRec is an eventRec without pointers.
type packedRec struct {
	at                                                 int64
	name, region, account, invokedBy, errCode, resRegn uint32
	resAcct                                            uint32
	who                                                uint32
	flags                                              uint8
	resLen                                             uint8
	requestID, eventID                                 [16]byte
	errMsg, params, response, details                  span
	answer                                             uint32 // index+1 into answers (pointer-free)
	resID                                              [36]byte
}

const (
	recService uint8 = 1 << iota
	recReadOnly
	recRequestID
)

// span is a slice of the arena; n is the length plus one, 0 for nil.
type span struct{ chunk, off, n uint32 }

func (l *eventLog) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	h := len(s) & 7
	if l.recent[h].s == s && l.recent[h].i != 0 {
		return l.recent[h].i
	}
	if i, ok := l.strIdx[s]; ok {
		l.recent[h].s, l.recent[h].i = s, i
		return i
	}
	if l.strIdx == nil {
		l.strIdx = map[string]uint32{}
		l.strs = []string{""}
	}
	l.strs = append(l.strs, s)
	l.strIdx[s] = uint32(len(l.strs) - 1)
	return uint32(len(l.strs) - 1)
}

func (l *eventLog) put(b []byte) span {
	if b == nil {
		return span{}
	}
	n := len(l.arena)
	if n == 0 || cap(l.arena[n-1])-len(l.arena[n-1]) < len(b) {
		l.arena = append(l.arena, make([]byte, 0, max(64<<10, len(b))))
		n++
	}
	c := &l.arena[n-1]
	off := len(*c)
	*c = append(*c, b...)
	return span{uint32(n - 1), uint32(off), uint32(len(b) + 1)}
}

// putString is put for a string, without converting it first.
func (l *eventLog) putString(s string) span {
	n := len(l.arena)
	if n == 0 || cap(l.arena[n-1])-len(l.arena[n-1]) < len(s) {
		l.arena = append(l.arena, make([]byte, 0, max(64<<10, len(s))))
		n++
	}
	c := &l.arena[n-1]
	off := len(*c)
	*c = append(*c, s...)
	return span{uint32(n - 1), uint32(off), uint32(len(s) + 1)}
}

func (l *eventLog) get(sp span) json.RawMessage {
	if sp.n == 0 {
		return nil
	}
	return l.arena[sp.chunk][sp.off : sp.off+sp.n-1 : sp.off+sp.n-1]
}

// add packs r into the log.
func (l *eventLog) add(r *eventRec) {
	p := packedRec{at: r.at.UnixNano(), name: l.intern(r.name), region: l.intern(r.region), account: l.intern(r.account),
		invokedBy: l.intern(r.invokedBy), errCode: l.intern(r.errCode), resRegn: l.intern(r.res.region),
		resAcct: l.intern(r.res.account),
		eventID: r.eventID, params: l.put(r.params), response: l.put(r.response), details: l.put(r.details)}
	if r.errMsg != "" {
		p.errMsg = l.putString(r.errMsg)
	}
	p.resLen = uint8(copy(p.resID[:], r.res.id))
	if r.service {
		p.flags |= recService
	}
	if r.readOnly {
		p.flags |= recReadOnly
	}
	if r.requestID != "" {
		p.flags |= recRequestID
		var h [32]byte
		n := 0
		for i := 0; i < len(r.requestID) && n < 32; i++ {
			if r.requestID[i] != '-' {
				h[n] = r.requestID[i]
				n++
			}
		}
		hex.Decode(p.requestID[:], h[:])
	}
	if r.who != nil && r.who == l.lastWho {
		p.who = l.lastWhoIdx
	} else if r.who != nil {
		if l.whoIdx == nil {
			l.whoIdx = map[identity]uint32{}
		}
		i, ok := l.whoIdx[*r.who]
		if !ok {
			l.whos = append(l.whos, r.who)
			i = uint32(len(l.whos))
			l.whoIdx[*r.who] = i
		}
		p.who = i
		l.lastWho, l.lastWhoIdx = r.who, i
	}
	if r.lazy != nil {
		if n := len(l.answers); n == 0 || len(l.answers[n-1]) == eventChunk {
			l.answers = append(l.answers, make([]packedAnswer, 0, eventChunk))
		}
		c := &l.answers[len(l.answers)-1]
		*c = append(*c, l.packAnswer(r.lazy))
		p.answer = uint32((len(l.answers)-1)*eventChunk + len(*c))
	}
	if n := len(l.chunks); n == 0 || len(l.chunks[n-1]) == eventChunk {
		l.chunks = append(l.chunks, make([]packedRec, 0, eventChunk))
	}
	c := &l.chunks[len(l.chunks)-1]
	*c = append(*c, p)
}

// unpack returns a record as an eventRec; its JSON slices the arena.
func (l *eventLog) unpack(p *packedRec) eventRec {
	r := eventRec{at: time.Unix(0, p.at).UTC(), name: l.strs[p.name], region: l.strs[p.region], account: l.strs[p.account],
		invokedBy: l.strs[p.invokedBy], errCode: l.strs[p.errCode], service: p.flags&recService != 0,
		readOnly: p.flags&recReadOnly != 0, eventID: p.eventID, errMsg: string(l.get(p.errMsg)),
		params: l.get(p.params), response: l.get(p.response), details: l.get(p.details),
		res: keyRef{l.strs[p.resAcct], l.strs[p.resRegn], string(p.resID[:p.resLen])}}
	if p.flags&recRequestID != 0 {
		r.requestID = mrk.NewKeyID(p.requestID, false)
	}
	if p.who > 0 {
		r.who = l.whos[p.who-1]
	}
	if p.answer > 0 {
		i := int(p.answer - 1)
		r.lazy = l.unpackAnswer(&l.answers[i/eventChunk][i%eventChunk])
	}
	return r
}

// packedAnswer is a keyAnswer without pointers.
type packedAnswer struct {
	member, region, account, primary, spec, usage, origin uint32
	service                                               uint32
	description, replicas, policy, tags                   span
	id                                                    [36]byte
	idLen                                                 uint8
	material                                              [64]byte
	hasMaterial, multi                                    bool
	state                                                 uint8
	window                                                int32
	created, deletion                                     int64
	expModel                                              uint32
	validTo                                               int64
}

func (l *eventLog) packAnswer(a *keyAnswer) packedAnswer {
	k := a.live
	set := k.Set
	p := packedAnswer{member: l.intern(a.member), region: l.intern(k.Region), account: l.intern(set.Account),
		primary: l.intern(set.Primary), spec: l.intern(string(set.Spec)), usage: l.intern(string(set.Usage)),
		origin: l.intern(string(set.Origin)), multi: set.MultiRegion, state: uint8(k.State), window: int32(k.PendingWindowDays),
		created: k.Created.UnixNano(), deletion: k.DeletionDate.UnixNano(), service: l.intern(set.Service)}
	if model, validTo := k.ExpirationModel(); model != "" {
		p.expModel = l.intern(model)
		if !validTo.IsZero() {
			p.validTo = validTo.UnixNano()
		}
	}
	p.idLen = uint8(copy(p.id[:], set.ID))
	if cur := set.CurrentMaterial(); cur != nil {
		p.hasMaterial = true
		copy(p.material[:], cur.ID)
	}
	if k.Description != "" {
		p.description = l.putString(k.Description)
	}
	var reps [64]byte
	b := reps[:0]
	for _, r := range set.Replicas {
		b = binary.LittleEndian.AppendUint32(b, l.intern(r))
	}
	p.replicas = l.put(b)
	if a.hasPolicy {
		p.policy = l.putString(a.policy)
	}
	if a.tags != nil {
		p.tags = l.put(appendTrail(nil, reflect.ValueOf(a.tags)))
	}
	return p
}

func (l *eventLog) unpackAnswer(p *packedAnswer) *keyAnswer {
	f := &keyFacts{region: l.strs[p.region], description: string(l.get(p.description)), id: string(p.id[:p.idLen]),
		account: l.strs[p.account], primary: l.strs[p.primary], spec: mrk.KeySpec(l.strs[p.spec]),
		usage: mrk.KeyUsage(l.strs[p.usage]), origin: mrk.Origin(l.strs[p.origin]), multi: p.multi,
		state: mrk.State(p.state), window: int(p.window), created: p.created, deletion: p.deletion,
		expModel: l.strs[p.expModel], validTo: p.validTo, service: l.strs[p.service]}
	if p.hasMaterial {
		f.material = string(p.material[:])
	}
	reps := l.get(p.replicas)
	f.replicas = make([]string, 0, len(reps)/4)
	for i := 0; i+4 <= len(reps); i += 4 {
		f.replicas = append(f.replicas, l.strs[binary.LittleEndian.Uint32(reps[i:])])
	}
	a := &keyAnswer{member: l.strs[p.member], facts: f}
	if p.policy.n != 0 {
		a.policy, a.hasPolicy = string(l.get(p.policy)), true
	}
	if p.tags.n != 0 {
		a.tagsJSON = l.get(p.tags)
	}
	return a
}

func (l *eventLog) all() func(func(eventRec) bool) {
	return func(yield func(eventRec) bool) {
		for _, c := range l.chunks {
			for i := range c {
				if !yield(l.unpack(&c[i])) {
					return
				}
			}
		}
	}
}

// identity is where a call came from.
type identity struct {
	accessKey, agent, ip string
	// principal is the caller's IAM ARN, "" for the account's root user;
	// invokedBy is the service a call came through (Client.Via), if any.
	principal, invokedBy string
}

// inProcess is the identity of calls made through the SDK-shaped methods.
var inProcessIdentity = &identity{agent: "mrk-sim (in process)", ip: "127.0.0.1"}

// callEvent is the event of the call in progress; an operation fills it in
// while it holds the world's lock.
type callEvent struct {
	res      keyRef
	res2     keyRef // a second key used (ReEncrypt's destination), for GetKeyLastUsage
	params   any    // replaces the input in the record when set
	response any    // replaces the output in the record when set; a *keyAnswer is rendered later
	extra    []eventRec
}

var readOnlyOps = map[string]bool{}

func init() {
	for _, op := range []string{"DescribeKey", "DescribeCustomKeyStores", "GetKeyPolicy", "GetKeyRotationStatus",
		"GetKeyLastUsage", "GetParametersForImport", "GetPublicKey", "ListAliases", "ListGrants", "ListKeyPolicies",
		"ListKeyRotations", "ListKeys", "ListResourceTags", "ListRetirableGrants", "Decrypt", "Encrypt",
		"GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
		"GenerateDataKeyWithoutPlaintext", "GenerateMac", "GenerateRandom", "ReEncrypt", "Sign", "Verify",
		"VerifyMac", "DeriveSharedSecret", "Encapsulate", "Decapsulate"} {
		readOnlyOps[op] = true
	}
}

// logCall records a call's event and any companion events; w.mu is held.
func (w *World) logCall(c *Client, op string, at time.Time, requestID string, in, out any, ev *callEvent, err error) (eventID [16]byte) {
	if w.opts.NoEventLog {
		return
	}
	rec := eventRec{at: at, name: op, region: c.caller.Region, account: c.caller.Account, who: c.who,
		readOnly: readOnlyOps[op], requestID: requestID, eventID: w.eventID()}
	eventID = rec.eventID
	if raw, ok := ev.params.(json.RawMessage); ok {
		rec.params = raw
	} else {
		w.scratch = trailAppend(w.scratch[:0], in)
		rec.params = w.scratch
	}
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
	rec.res = ev.res
	if rec.res.id == "" && in != nil {
		rec.res = w.keyResource(c, in)
	}
	w.events.add(&rec)
	if err != nil {
		return
	}
	for i := range ev.extra {
		x := &ev.extra[i]
		x.at, x.eventID = at, w.eventID()
		if x.invokedBy != "AWS Internal" {
			x.requestID, x.who = requestID, c.who
		}
		w.events.add(x)
	}
	return eventID
}

// keyResource names the key an input's KeyId resolves to, if any.
func (w *World) keyResource(c *Client, in any) keyRef {
	rv := reflect.ValueOf(in)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return keyRef{}
	}
	f := rv.Elem().FieldByName("KeyId")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return keyRef{}
	}
	k, err := w.store.Locate(c.caller, f.Elem().String())
	if err != nil {
		return keyRef{}
	}
	return refOf(k)
}

// logService records one of KMS's own events for a timed transition (SPEC
// §10.5, §10.6); w.mu is held.
func (w *World) logService(tr mrk.Transition) {
	if w.opts.NoEventLog {
		return
	}
	set := w.store.Set(tr.KeyID)
	svc := func(name string, res keyRef, details any) {
		rec := eventRec{at: tr.At, name: name, region: res.region, account: tr.Account, invokedBy: "AWS Internal",
			service: true, eventID: w.eventID(), res: res}
		if details != nil {
			rec.details, _ = json.Marshal(details)
		}
		w.events.add(&rec)
	}
	sync := func() {
		if set == nil || !set.MultiRegion {
			return
		}
		w.events.add(&eventRec{at: tr.At, name: "SynchronizeMultiRegionKey", region: set.Primary,
			account: tr.Account, invokedBy: "AWS Internal", eventID: w.eventID(), res: keyRef{set.Account, set.Primary, set.ID}})
	}
	switch tr.Cause {
	case mrk.TimerDelete:
		if tr.To == 0 {
			svc("DeleteKey", keyRef{tr.Account, tr.Region, tr.KeyID}, nil)
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
		svc("RotateKey", keyRef{set.Account, set.Primary, set.ID}, map[string]string{
			"rotationType": set.Materials[n-1].RotationType, "keyOrigin": string(set.Origin),
			"previousKeyMaterialId": set.Materials[n-2].ID, "currentKeyMaterialId": set.Materials[n-1].ID})
		if len(set.Replicas) > 0 {
			sync()
		}
	case mrk.TimerMaterialExpiry: // R7.6, R10.6.1: in the member's Region
		svc("DeleteExpiredKeyMaterial", keyRef{tr.Account, tr.Region, tr.KeyID},
			map[string]string{"keyId": mrk.KeyARN(tr.Region, tr.Account, tr.KeyID)})
	}
}

// Events returns the records that match f, in the order they happened:
// by time, then by sequence. Records never change once written.
func (w *World) Events(f EventFilter) []Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.catchUp()
	var out []Event
	for rec := range w.events.all() {
		r := &rec
		if f.Region != "" && r.region != f.Region || f.EventName != "" && r.name != f.EventName ||
			!f.From.IsZero() && r.at.Before(f.From) || !f.To.IsZero() && r.at.After(f.To) {
			continue
		}
		if f.KeyID != "" && (r.res.id == "" || f.KeyID != r.res.id && f.KeyID != r.res.arn()) {
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
		if p, ok := mrk.ParsePrincipal(r.who.principal); ok && p.Type != "Root" {
			// AWS's principal IDs (AIDA…, AROA…:session) are not modelled.
			e.UserIdentity.Type, e.UserIdentity.PrincipalID, e.UserIdentity.ARN = p.Type, "", p.ARN
			if p.Type == "IAMUser" {
				e.UserIdentity.UserName = p.Name
			}
		}
		if e.UserIdentity.InvokedBy == "" {
			e.UserIdentity.InvokedBy = r.who.invokedBy
		}
		e.SourceIPAddress, e.UserAgent = r.who.ip, r.who.agent
		if e.UserIdentity.InvokedBy != "" {
			e.SourceIPAddress = e.UserIdentity.InvokedBy
		}
	}
	if r.res.id != "" {
		e.Resources = []Resource{{AccountID: r.res.account, Type: "AWS::KMS::Key", ARN: r.res.arn()}}
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

// trailAppend renders v as trailJSON does, into b, for the log's arena to
// copy; nil stands for null.
func trailAppend(b []byte, v any) []byte {
	switch in := v.(type) {
	case nil:
		return nil
	case *kms.DescribeKeyInput: // the commonest call, written without reflection
		if in != nil && in.KeyId != nil && in.GrantTokens == nil {
			b = append(b, `{"keyId":`...)
			b = appendString(b, *in.KeyId)
			return append(b, '}')
		}
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	b = appendTrail(b, rv)
	if string(b) == "{}" {
		return nil
	}
	return b
}

// appendTrail writes v as a CloudTrail record writes it (appendJSON).
func appendTrail(b []byte, v reflect.Value) []byte { return appendJSON(b, v, true) }

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
	list("encryptionAlgorithms", strs(m.EncryptionAlgorithms))
	list("signingAlgorithms", strs(m.SigningAlgorithms))
	list("keyAgreementAlgorithms", strs(m.KeyAgreementAlgorithms))
	list("encapsulationAlgorithms", strs(m.EncapsulationAlgorithms))
	list("macAlgorithms", strs(m.MacAlgorithms))
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

// logReplication adds ReplicateKey's companion CreateKey record in the
// replica's Region (R10.3.1, O-38) and fixes the logged request: the two
// defaults written even when not sent, no policy (O-39).
func (w *World) logReplication(c *Client, in *kms.ReplicateKeyInput, r *mrk.Key, out *kms.ReplicateKeyOutput) {
	if w.opts.NoEventLog {
		return
	}
	// Written by hand: this is on the path of every replication.
	desc := aws.ToString(in.Description)
	var tags []byte
	if in.Tags != nil {
		tags = append([]byte(`,"tags":`), appendTrail(nil, reflect.ValueOf(in.Tags))...)
	}
	b := append(w.scratch[:0], `{"keyId":`...)
	b = appendString(b, aws.ToString(in.KeyId))
	b = append(b, `,"replicaRegion":`...)
	b = appendString(b, aws.ToString(in.ReplicaRegion))
	b = append(b, `,"bypassPolicyLockoutSafetyCheck":`...)
	b = strconv.AppendBool(b, in.BypassPolicyLockoutSafetyCheck)
	b = append(b, `,"description":`...)
	b = appendString(b, desc)
	b = append(append(b, tags...), '}')
	w.scratch = b // the log copies it into its arena before the call returns
	w.cur.params = json.RawMessage(b)
	a := answerFor("replicaKeyMetadata", r)
	a.policy, a.hasPolicy = *out.ReplicaPolicy, true
	if len(r.Tags) > 0 {
		a.tags = fromTags(r.Tags)
	}
	w.cur.response = a
	w.cur.extra = append(w.cur.extra, eventRec{name: "CreateKey", region: r.Region, account: r.Set.Account,
		invokedBy: "kms.amazonaws.com",
		params:    w.createParams(desc, in.BypassPolicyLockoutSafetyCheck, tags),
		lazy:      &keyAnswer{member: "keyMetadata", live: r},
		res:       refOf(r)})
}

// logPrimaryChange adds UpdatePrimaryRegion's second record, in the new
// primary's Region (R10.4.1).
func (w *World) logPrimaryChange(c *Client, keyID, region string) {
	if w.opts.NoEventLog {
		return
	}
	set := w.store.Set(mrk.ParseIdent(keyID).Resource)
	if set == nil {
		return
	}
	w.cur.extra = append(w.cur.extra, eventRec{name: "UpdatePrimaryRegion", region: region, account: set.Account,
		invokedBy: "kms.amazonaws.com",
		params:    trailJSON(&kms.UpdatePrimaryRegionInput{KeyId: aws.String(mrk.KeyARN(region, set.Account, set.ID)), PrimaryRegion: aws.String(region)})})
}

// logSync adds a SynchronizeMultiRegionKey record for a change of a
// multi-Region set's shared properties made by the call (O-40).
func (w *World) logSync(account, keyID, region string) {
	if w.opts.NoEventLog {
		return
	}
	set := w.store.Set(mrk.ParseIdent(keyID).Resource)
	if set == nil || !set.MultiRegion || len(set.Replicas) == 0 {
		return
	}
	w.cur.extra = append(w.cur.extra, eventRec{name: "SynchronizeMultiRegionKey", region: set.Primary, account: set.Account,
		invokedBy: "AWS Internal", res: keyRef{set.Account, set.Primary, set.ID}})
}

// logRotation records a rotation a call caused (EnableKey of a primary whose
// rotation fell due while it was disabled).
func (w *World) logRotation(at time.Time, account, keyID string) {
	if w.opts.NoEventLog {
		return
	}
	set := w.store.Set(mrk.ParseIdent(keyID).Resource)
	if set == nil {
		return
	}
	w.logService(mrk.Transition{At: at, Account: set.Account, Region: set.Primary, KeyID: set.ID, Cause: mrk.TimerRotate})
}

// createParams writes the companion CreateKey record's requestParameters
// (O-38): description, bypassPolicyLockoutSafetyCheck, multiRegion, tags.
func (w *World) createParams(desc string, bypass bool, tags []byte) []byte {
	b := append(w.scratch2[:0], `{"description":`...)
	b = appendString(b, desc)
	b = append(b, `,"bypassPolicyLockoutSafetyCheck":`...)
	b = strconv.AppendBool(b, bypass)
	b = append(b, `,"multiRegion":true`...)
	w.scratch2 = append(append(b, tags...), '}')
	return w.scratch2
}
