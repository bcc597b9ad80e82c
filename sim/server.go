package sim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"
)

// MaxBodyBytes is the largest request body the server reads. The largest
// valid KMS request (a 131,072-character policy, every character escaped)
// fits well within it.
const MaxBodyBytes = 1 << 20

// operation is one dispatchable KMS operation: a method of *Client.
type operation struct {
	method reflect.Method
	input  reflect.Type // the input struct type
}

// operations maps every operation name of *kms.Client to its *Client method.
var operations = func() map[string]operation {
	ops := map[string]operation{}
	ct := reflect.TypeOf(&kms.Client{})
	st := reflect.TypeOf(&Client{})
	for i := 0; i < ct.NumMethod(); i++ {
		m := ct.Method(i)
		if m.Type.NumIn() != 4 || m.Type.In(1) != reflect.TypeOf((*context.Context)(nil)).Elem() {
			continue
		}
		if sm, ok := st.MethodByName(m.Name); ok {
			ops[m.Name] = operation{sm, sm.Type.In(2).Elem()}
		}
	}
	return ops
}()

// handler serves the KMS JSON 1.1 protocol and the /_mrksim/ control
// endpoints for one world.
type handler struct {
	w   *World
	log *slog.Logger
}

// Handler returns an http.Handler that serves the world over the KMS JSON
// 1.1 protocol (SPEC-API §A0): POST / with X-Amz-Target
// TrentService.<Operation>, the Region taken from the SigV4 credential
// scope. Paths under /_mrksim/ are the control endpoints (clock, reset).
// log receives one line per request at Info level; nil discards them.
func (w *World) Handler(log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &handler{w: w, log: log}
}

func (h *handler) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_mrksim/") {
		h.control(rw, r)
		return
	}
	start := time.Now()
	op, status, code := h.serve(rw, r)
	h.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("op", op), slog.Int("status", status),
		slog.String("code", code), slog.Duration("took", time.Since(start)))
}

// serve answers one KMS request and returns the operation, HTTP status and
// error code for the log.
func (h *handler) serve(rw http.ResponseWriter, r *http.Request) (string, int, string) {
	target := r.Header.Get("X-Amz-Target")
	opName, _ := strings.CutPrefix(target, "TrentService.")
	fail := func(code, msg string) (string, int, string) {
		status := HTTPStatus(code)
		if code == "RequestEntityTooLarge" {
			status = http.StatusRequestEntityTooLarge
		}
		if r.Method != http.MethodPost && code == "UnknownOperationException" {
			status = http.StatusMethodNotAllowed
		}
		writeError(rw, status, h.w.nextRequestID(), code, msg)
		return opName, status, code
	}
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		return fail("UnknownOperationException", "Only POST / serves the KMS API.")
	}
	op, ok := operations[opName]
	if !ok || !strings.HasPrefix(target, "TrentService.") {
		return fail("UnknownOperationException", "")
	}
	switch ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.TrimSpace(ct) {
	case "", "application/x-amz-json-1.1", "application/x-amz-json-1.0", "application/json":
	default:
		return fail("UnknownOperationException", "Unsupported Content-Type "+ct+"; send application/x-amz-json-1.1.")
	}
	account, region, accessKey, code, msg := h.w.credentialScope(r.Header.Get("Authorization"))
	if code != "" {
		return fail(code, msg)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return fail("SerializationException", "Could not read the request body.")
	}
	if len(body) > MaxBodyBytes {
		return fail("RequestEntityTooLarge", "Request body larger than 1048576 bytes.")
	}
	in := reflect.New(op.input)
	if err := decodeInput(body, in); err != nil {
		return fail("SerializationException", err.Error())
	}
	c := h.w.ClientFor(account, region)
	ip, _, _ := strings.Cut(r.RemoteAddr, ":")
	if strings.HasPrefix(r.RemoteAddr, "[") {
		ip, _, _ = strings.Cut(strings.TrimPrefix(r.RemoteAddr, "["), "]")
	}
	if ip == "" {
		ip = "127.0.0.1"
	}
	c.who = &identity{accessKey: accessKey, agent: r.UserAgent(), ip: ip}
	if p, ok := mrk.ParsePrincipal(h.w.opts.AccessKeys[accessKey]); ok {
		c.caller.Principal, c.who.principal = p.ARN, p.ARN
	}
	res := op.method.Func.Call([]reflect.Value{reflect.ValueOf(c), reflect.ValueOf(r.Context()), in})
	if errv := res[1]; !errv.IsNil() {
		err := errv.Interface().(error)
		code, msg, id := describeError(err)
		writeError(rw, HTTPStatus(code), id, code, msg)
		return opName, HTTPStatus(code), code
	}
	out := res[0]
	md := out.Elem().FieldByName("ResultMetadata").Interface().(middleware.Metadata)
	id, _ := awsmiddleware.GetRequestIDMetadata(md)
	payload := encodeOutput(out)
	hdr := rw.Header()
	hdr["Content-Type"] = []string{"application/x-amz-json-1.1"}
	hdr["X-Amzn-Requestid"] = []string{id}
	rw.WriteHeader(http.StatusOK)
	rw.Write(payload)
	return opName, http.StatusOK, ""
}

// describeError extracts the code, message and request ID of an error a
// Client method returned.
func describeError(err error) (code, msg, requestID string) {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		requestID = re.RequestID
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode(), ae.ErrorMessage(), requestID
	}
	return "KMSInternalException", err.Error(), requestID
}

func writeError(rw http.ResponseWriter, status int, requestID, code, msg string) {
	hdr := rw.Header()
	hdr["Content-Type"] = []string{"application/x-amz-json-1.1"}
	hdr["X-Amzn-Requestid"] = []string{requestID}
	rw.WriteHeader(status)
	b := append([]byte(`{"__type":`), appendString(nil, code)...)
	b = append(b, `,"message":`...)
	b = appendString(b, msg)
	rw.Write(append(b, '}'))
}

// credentialScope takes the Region and access key from a SigV4
// Authorization header (A0.3.1); signatures are not verified. A request
// without one gets AWS's answer to an unsigned or malformed request.
func (w *World) credentialScope(auth string) (account, region, accessKey, code, msg string) {
	if auth == "" {
		return "", "", "", "MissingAuthenticationTokenException", "Missing Authentication Token"
	}
	_, rest, ok := strings.Cut(auth, "Credential=")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") || !ok {
		return "", "", "", "IncompleteSignatureException", "Authorization header requires 'Credential' parameter. Authorization=" + auth
	}
	cred, _, _ := strings.Cut(rest, ",")
	parts := strings.Split(strings.TrimSpace(cred), "/")
	if len(parts) != 5 || parts[0] == "" || !mrk.ValidRegionName(parts[2]) || parts[4] != "aws4_request" {
		return "", "", "", "IncompleteSignatureException", "Credential should be scoped to a valid Region, not '" + cred + "'."
	}
	account = w.opts.Account
	if a, ok := w.opts.AccessKeys[parts[0]]; ok {
		account = a
		if p, ok := mrk.ParsePrincipal(a); ok {
			account = p.Account
		} else if !mrk.ValidAccountID(a) {
			// A caller the world cannot be: AWS's answer to credentials
			// it does not know.
			return "", "", "", "UnrecognizedClientException", "The security token included in the request is invalid."
		}
	}
	return account, parts[2], parts[0], "", ""
}

// nextRequestID draws a request ID for an answer given without calling an
// operation (protocol errors).
func (w *World) nextRequestID() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.requestID()
}

// HTTPClient returns an *http.Client whose transport calls the world's
// handler in process, with no sockets: give it to a real *kms.Client as
// kms.Options.HTTPClient. Any endpoint URL works; the Region comes from the
// request's signature.
func (w *World) HTTPClient() *http.Client {
	return &http.Client{Transport: &inProcess{h: w.Handler(nil)}}
}

// inProcess is an http.RoundTripper that serves requests with a handler.
type inProcess struct{ h http.Handler }

func (t *inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := newRecorder()
	if req.Body == nil {
		req.Body = http.NoBody
	}
	t.h.ServeHTTP(rec, req)
	if req.Body != nil {
		req.Body.Close()
	}
	return rec.response(req), nil
}

// control serves /_mrksim/: the world's clock and reset, JSON in and out.
func (h *handler) control(rw http.ResponseWriter, r *http.Request) {
	reply := func(status int, v any) {
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(status)
		json.NewEncoder(rw).Encode(v)
	}
	bad := func(status int, msg string) { reply(status, map[string]string{"error": msg}) }
	switch r.URL.Path {
	case "/_mrksim/clock":
		if r.Method != http.MethodGet {
			bad(http.StatusMethodNotAllowed, "use GET")
			return
		}
		reply(http.StatusOK, clockReply(h.w.Now()))
	case "/_mrksim/clock/advance":
		if r.Method != http.MethodPost {
			bad(http.StatusMethodNotAllowed, "use POST")
			return
		}
		by := r.URL.Query().Get("by")
		if by == "" {
			var body struct{ By string }
			json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&body)
			by = body.By
		}
		d, err := time.ParseDuration(by)
		if err != nil || d < 0 {
			bad(http.StatusBadRequest, "by must be a non-negative Go duration such as 5s or 720h, got "+strconvQuote(by))
			return
		}
		now, err := h.w.Advance(d)
		if err != nil {
			bad(http.StatusConflict, err.Error())
			return
		}
		reply(http.StatusOK, clockReply(now))
	case "/_mrksim/events":
		if r.Method != http.MethodGet {
			bad(http.StatusMethodNotAllowed, "use GET")
			return
		}
		q := r.URL.Query()
		f := EventFilter{Region: q.Get("region"), EventName: q.Get("name"), KeyID: q.Get("key")}
		for _, p := range []struct {
			name string
			t    *time.Time
		}{{"from", &f.From}, {"to", &f.To}} {
			if v := q.Get(p.name); v != "" {
				t, err := time.Parse(time.RFC3339Nano, v)
				if err != nil {
					bad(http.StatusBadRequest, p.name+" must be an RFC 3339 time, got "+strconvQuote(v))
					return
				}
				*p.t = t
			}
		}
		recs := h.w.Events(f)
		if recs == nil {
			recs = []Event{}
		}
		reply(http.StatusOK, map[string][]Event{"Records": recs})
	case "/_mrksim/reset":
		if r.Method != http.MethodPost {
			bad(http.StatusMethodNotAllowed, "use POST")
			return
		}
		if err := h.w.Reset(); err != nil {
			bad(http.StatusConflict, err.Error())
			return
		}
		reply(http.StatusOK, clockReply(h.w.Now()))
	default:
		bad(http.StatusNotFound, "unknown control endpoint "+r.URL.Path)
	}
}

func clockReply(t time.Time) map[string]any {
	return map[string]any{"Now": t.UTC().Format(time.RFC3339Nano), "EpochSeconds": float64(t.UnixMilli()) / 1e3}
}

func strconvQuote(s string) string { return `"` + s + `"` }
