package sim_test

// Conformance replay of the AWS recordings (issue 7).
//
// TestConformance replays every file of testdata/aws-observed as one
// scenario against a fresh world on a mock clock: it performs the recorded
// operations in order through the KMS JSON 1.1 handler (raw JSON in, raw
// JSON out, so that a missing or extra output field is seen), maps the
// recordings' normalised account, key, key-material and grant IDs onto the
// world's (learned from outputs, substituted into later inputs and expected
// outputs), steps the clock where the recording waited or polled, and
// compares each result with the recording: the error code and exact message
// for failures (and an unchanged w.Snapshot()), every output field for
// successes except the ones that can only differ (dates, ciphertext, public
// keys, signatures, MACs, tokens, markers, random plaintext).
//
// Every observation is reproduced or listed in
// testdata/conformance/known-differences.txt with its reason; the test
// fails when an unlisted observation differs, when a listed one is in fact
// reproduced (so the list stays honest), and when the number reproduced
// falls below testdata/conformance/baseline.txt. After merging work that
// implements more operations, run
//
//	go test -run TestConformance ./sim -update-conformance
//
// to drop the listed observations that now pass, mark the pending ones that
// now differ for another reason, and raise the baseline.

import (
	"bufio"
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/google/go-cmp/cmp"
	"github.com/mrksim/mrk/sim"
)

var updateConformance = flag.Bool("update-conformance", false,
	"rewrite testdata/conformance: drop known differences that now pass, add pending ones, raise the baseline")

const (
	cfDir       = "testdata/conformance/"
	cfKnownFile = cfDir + "known-differences.txt"
	cfBaseFile  = cfDir + "baseline.txt"
	cfObsDir    = "testdata/aws-observed/"
	cfAccount   = "111111111111"                             // the recordings' normalised owning account
	cfAccount2  = "222222222222"                             // the second account of the cross-account probes
	cfCaller    = "arn:aws:iam::111111111111:user/Delegated" // the probes' identity in cfAccount
	cfPending   = "pending: "
)

// cfObs is one recorded observation.
type cfObs struct {
	idx                                    int
	raw                                    map[string]any
	Case, Code, Operation, Region, Service string
	Spec, Usage                            string
	Input                                  map[string]any
	Output                                 any
	ErrMessage                             string
	hasOutput                              bool
}

// id names the observation in known-differences.txt: file:index:case.
func (o *cfObs) id(file string) string { return fmt.Sprintf("%s:%d:%s", file, o.idx, o.Case) }

// str returns a string field of the raw observation.
func (o *cfObs) str(k string) string { s, _ := o.raw[k].(string); return s }

// cfFile is one recording file.
type cfFile struct {
	name string
	top  map[string]any
	obs  []*cfObs
}

func cfLoad(t *testing.T, name string) *cfFile {
	t.Helper()
	b, err := os.ReadFile(cfObsDir + name)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&top); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	f := &cfFile{name: name, top: top}
	for i, x := range top["observations"].([]any) {
		m := x.(map[string]any)
		o := &cfObs{idx: i, raw: m}
		o.Case, o.Code, o.Operation = o.str("case"), o.str("code"), o.str("operation")
		o.Region, o.Service, o.Spec, o.Usage = o.str("region"), o.str("service"), o.str("spec"), o.str("usage")
		o.Input, _ = m["input"].(map[string]any)
		o.Output, o.hasOutput = m["output"]
		if e, ok := m["error"].(map[string]any); ok {
			o.ErrMessage, _ = e["Message"].(string)
		}
		f.obs = append(f.obs, o)
	}
	return f
}

// cfStep is how one observation is replayed: the call to make (in the
// recording's IDs; the runner maps them), or why it cannot be.
type cfStep struct {
	op      string         // SDK operation name; empty means from the observation
	region  string         // empty means the observation's or the file's Region
	account string         // empty means cfAccount
	in      map[string]any // the request, in the recording's IDs
	skip    string         // non-empty: not replayed, for this reason
	// plaintext marks outputs whose Plaintext is random (data keys).
	randomPlaintext bool
	// ignoreExtra names output fields the recording left out (the probe
	// kept only some members of the answer).
	ignoreExtra []string
	// after sees the world's answer (for a scenario to remember values).
	after func(out map[string]any)
}

// cfScenario replays one file.
type cfScenario struct {
	opts  sim.Options
	start time.Time
	// setup creates what the recording made before its first observation
	// and binds the recording's IDs to the world's.
	setup func(r *cfRun)
	// plan returns the step replaying o; it may move the clock first.
	plan func(r *cfRun, o *cfObs) cfStep
	// cascade: once a pending operation has failed, later differences in
	// the file follow from it (the key it left behind) and count as pending.
	cascade bool
}

// cfRun is the state of one file's replay.
type cfRun struct {
	t      *testing.T
	file   *cfFile
	w      *sim.World
	clk    *clock.Mock
	h      http.Handler
	region string
	bind   map[string]string // recording token → world value
	rev    map[string]string // world value → recording token
	vars   map[string]any    // values a scenario remembers
	// trace is every answer's body, in order (for the determinism check).
	trace []byte
	// pending names the first pending operation that failed, for the
	// reasons of the observations that follow it.
	pending string
}

// cfTokenRE matches the recordings' normalised identifiers: multi-Region
// and single-Region key IDs, and 64-hex key-material and grant IDs.
var cfTokenRE = regexp.MustCompile(`mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64}`)

// bindID records that the recording's token rec is the world's value got.
// It reports false when either side is already bound elsewhere.
func (r *cfRun) bindID(rec, got string) bool {
	if v, ok := r.bind[rec]; ok {
		return v == got
	}
	if k, ok := r.rev[got]; ok {
		return k == rec
	}
	r.bind[rec], r.rev[got] = got, rec
	return true
}

// unbind forgets the binding of the recording's token rec: the recording
// reused a normalised ID for a new key.
func (r *cfRun) unbind(rec string) {
	if v, ok := r.bind[rec]; ok {
		delete(r.bind, rec)
		delete(r.rev, v)
	}
}

// learn binds the tokens of the recorded string exp from the world's act:
// exp with its tokens as wildcards must match act.
func (r *cfRun) learn(exp, act string) {
	locs := cfTokenRE.FindAllStringIndex(exp, -1)
	if len(locs) == 0 {
		return
	}
	var pat strings.Builder
	pat.WriteString("^")
	prev := 0
	var toks []string
	for _, l := range locs {
		pat.WriteString(regexp.QuoteMeta(exp[prev:l[0]]))
		tok := exp[l[0]:l[1]]
		if v, ok := r.bind[tok]; ok {
			pat.WriteString(regexp.QuoteMeta(v))
		} else {
			pat.WriteString("(" + cfTokenRE.String() + ")")
			toks = append(toks, tok)
		}
		prev = l[1]
	}
	pat.WriteString(regexp.QuoteMeta(exp[prev:]) + "$")
	m := regexp.MustCompile(pat.String()).FindStringSubmatch(act)
	if m == nil {
		return
	}
	for i, tok := range toks {
		r.bindID(tok, m[i+1])
	}
}

// learnAll walks the recorded value exp and the world's act in parallel and
// learns from every pair of strings at the same place.
func (r *cfRun) learnAll(exp, act any) {
	switch e := exp.(type) {
	case string:
		if a, ok := act.(string); ok {
			r.learn(e, a)
		}
	case map[string]any:
		if a, ok := act.(map[string]any); ok {
			keys := make([]string, 0, len(e))
			for k := range e {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				r.learnAll(e[k], a[k])
			}
		}
	case []any:
		if a, ok := act.([]any); ok {
			for i := range min(len(e), len(a)) {
				r.learnAll(e[i], a[i])
			}
		}
	}
}

// subst maps the recording's tokens in v to the world's, where bound.
func (r *cfRun) subst(v any) any {
	switch x := v.(type) {
	case string:
		return cfTokenRE.ReplaceAllStringFunc(x, func(tok string) string {
			if w, ok := r.bind[tok]; ok {
				return w
			}
			return tok
		})
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = r.subst(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = r.subst(e)
		}
		return s
	}
	return v
}

// cfVolatile are output fields whose values can only differ from the
// recording's (times, random or key-dependent bytes, opaque tokens): they
// are compared for presence only.
var cfVolatile = map[string]bool{
	"CreationDate": true, "DeletionDate": true, "ValidTo": true, "NextRotationDate": true,
	"RotationDate": true, "OnDemandRotationStartDate": true, "ImportedDate": true, "ExpirationDate": true,
	"ParametersValidTo": true,
	"CiphertextBlob":    true, "CiphertextForRecipient": true, "PublicKey": true, "Signature": true, "Mac": true,
	"PrivateKeyCiphertextBlob": true, "PrivateKeyPlaintext": true, "SharedSecret": true,
	"GrantToken": true, "ImportToken": true, "NextMarker": true,
}

// cfMask replaces the volatile fields present in both exp and act by a
// placeholder, recursively.
func cfMask(exp, act any, randomPlaintext bool) {
	e, ok1 := exp.(map[string]any)
	a, ok2 := act.(map[string]any)
	if ok1 && ok2 {
		for k := range e {
			if _, ok := a[k]; !ok {
				continue
			}
			if cfVolatile[k] || (randomPlaintext && k == "Plaintext") {
				e[k], a[k] = "<volatile>", "<volatile>"
				continue
			}
			cfMask(e[k], a[k], randomPlaintext)
		}
		return
	}
	es, ok1 := exp.([]any)
	as, ok2 := act.([]any)
	if ok1 && ok2 {
		for i := range min(len(es), len(as)) {
			cfMask(es[i], as[i], randomPlaintext)
		}
	}
}

// cfSynthetic: the probes of the crypto files recorded some members as
// their decoded length (mac_bytes, SharedSecretBytes, PrivateKey…Bytes);
// the world's member is turned into its length likewise. The length of a
// private key's ciphertext depends on the ciphertext format: presence only.
func cfSynthetic(exp, out map[string]any) {
	for syn, field := range map[string]string{"mac_bytes": "Mac", "SharedSecretBytes": "SharedSecret",
		"PrivateKeyPlaintextBytes": "PrivateKeyPlaintext", "PrivateKeyCiphertextBlobBytes": "PrivateKeyCiphertextBlob"} {
		if _, ok := exp[syn]; !ok {
			continue
		}
		if _, ok := exp[field]; ok {
			continue
		}
		v, ok := out[field].(string)
		if !ok {
			continue
		}
		delete(out, field)
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			out[syn] = "undecodable " + field
			continue
		}
		out[syn] = json.Number(strconv.Itoa(len(b)))
		if syn == "PrivateKeyCiphertextBlobBytes" {
			exp[syn], out[syn] = "<volatile>", "<volatile>"
		}
		if syn == "PrivateKeyPlaintextBytes" {
			// An RSA private key's DER length depends on the leading
			// bits of its random d, dP, dQ and qInv: it can only
			// differ, like the key's bytes. It is compared as a range.
			if lo, hi, ok := cfRSADERRange(b); ok {
				n, err := strconv.Atoi(fmt.Sprint(exp[syn]))
				if err == nil && lo <= n && n <= hi {
					exp[syn] = fmt.Sprintf("<RSA private key DER length in [%d, %d]>", lo, hi)
					out[syn] = exp[syn]
				}
			}
		}
	}
}

// cfRSADERRange: for a PKCS #8 RSA private key, the range of DER lengths
// keys of its modulus size have: d with one byte fewer to one more than
// the modulus (e⁻¹ mod λ or mod φ, sign byte or not), dP, dQ and qInv with
// one byte fewer to one more than a prime. ok is false for anything that
// is not such a key.
func cfRSADERRange(der []byte) (lo, hi int, ok bool) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	rk, isRSA := k.(*rsa.PrivateKey)
	if err != nil || !isRSA || len(rk.Primes) != 2 {
		return 0, 0, false
	}
	content := func(x *big.Int) int { return x.BitLen()/8 + 1 } // DER INTEGER content, sign byte included
	tlv := func(n int) int {
		switch {
		case n < 128:
			return 2 + n
		case n < 256:
			return 3 + n
		}
		return 4 + n
	}
	nb, pb := (rk.N.BitLen()+7)/8, (rk.Primes[0].BitLen()+7)/8
	pre := rk.Precomputed
	fixed := len(der)
	for _, x := range []*big.Int{rk.D, pre.Dp, pre.Dq, pre.Qinv} {
		fixed -= tlv(content(x))
	}
	lo, hi = fixed+tlv(nb-1)+3*tlv(pb-1), fixed+tlv(nb+1)+3*tlv(pb+1)
	return lo, hi, true
}

// call sends one request through the world's handler and returns the
// error code and message (empty on success) and the decoded body.
func (r *cfRun) call(account, region, op string, in map[string]any) (code, msg string, out map[string]any) {
	body, err := json.Marshal(in)
	if err != nil {
		r.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("X-Amz-Target", "TrentService."+op)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	ak := "AKIDCONFORMANCE"
	if account == cfAccount2 {
		ak = "AKIDCONFORMANCE2"
	}
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+ak+"/20260912/"+region+
		"/kms/aws4_request, SignedHeaders=host, Signature=0")
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	r.trace = append(append(r.trace, rec.Body.Bytes()...), '\n')
	out = map[string]any{}
	if rec.Body.Len() > 0 {
		d := json.NewDecoder(rec.Body)
		d.UseNumber()
		if err := d.Decode(&out); err != nil {
			r.t.Fatalf("%s: undecodable answer: %v", op, err)
		}
	}
	if rec.Code != http.StatusOK {
		code, _ = out["__type"].(string)
		msg, _ = out["message"].(string)
		return code, msg, nil
	}
	return "", "", out
}

// must makes a setup call that has to succeed.
func (r *cfRun) must(region, op string, in map[string]any) map[string]any {
	r.t.Helper()
	code, msg, out := r.call(cfAccount, region, op, r.subst(in).(map[string]any))
	if code != "" {
		r.t.Fatalf("%s: setup %s in %s: %s: %s", r.file.name, op, region, code, msg)
	}
	return out
}

// createKey makes a key the recording created outside its observations and
// binds the recording's key ID (and material ID, where recorded) to it.
func (r *cfRun) createKey(region string, recorded map[string]any, in map[string]any) string {
	r.t.Helper()
	out := r.must(region, "CreateKey", in)
	md := out["KeyMetadata"].(map[string]any)
	id := md["KeyId"].(string)
	if !r.bindID(recorded["KeyId"].(string), id) {
		r.t.Fatalf("%s: key ID %v already bound", r.file.name, recorded["KeyId"])
	}
	if m, ok := recorded["CurrentKeyMaterialId"].(string); ok {
		r.bindID(m, md["CurrentKeyMaterialId"].(string))
	}
	return id
}

// advance moves the world's clock.
func (r *cfRun) advance(d time.Duration) { r.clk.Add(d) }

// cfOpName turns the CLI's command name into the SDK's operation name.
func cfOpName(cli string) string {
	if !strings.Contains(cli, "-") && cli != "" && cli[0] >= 'A' && cli[0] <= 'Z' {
		return cli
	}
	var b strings.Builder
	for _, p := range strings.Split(cli, "-") {
		if p != "" {
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	return b.String()
}

// cfResult is one observation's outcome: empty diff means reproduced.
type cfResult struct {
	id, diff string
	pending  bool // the difference is an operation not implemented on this branch
	skipped  bool // not replayed; diff is the scenario's reason
}

// replay runs one file and returns each observation's outcome.
func (r *cfRun) replay(sc cfScenario) []cfResult {
	if sc.setup != nil {
		sc.setup(r)
	}
	var res []cfResult
	for _, o := range r.file.obs {
		st := sc.plan(r, o)
		id := o.id(r.file.name)
		if st.skip != "" {
			res = append(res, cfResult{id: id, diff: st.skip, pending: strings.HasPrefix(st.skip, cfPending), skipped: true})
			continue
		}
		op := st.op
		if op == "" {
			op = cfOpName(o.Operation)
		}
		region := cfOr(st.region, o.Region, r.region)
		account := cfOr(st.account, cfAccount)
		in := map[string]any{}
		if st.in != nil {
			in = r.subst(st.in).(map[string]any)
		}
		before := r.w.Snapshot()
		code, msg, out := r.call(account, region, op, in)
		if st.after != nil && code == "" {
			st.after(out)
		}
		diff, pending := r.compare(o, op, code, msg, out, st)
		if code != "" && diff == "" {
			if d := cmp.Diff(before, r.w.Snapshot()); d != "" {
				diff = "the failing call changed the world (-before +after):\n" + d
			}
		}
		if diff != "" && !pending && sc.cascade && r.pending != "" {
			diff = cfPending + "follows " + r.pending + "\n" + diff
			pending = true
		}
		res = append(res, cfResult{id: id, diff: diff, pending: pending})
	}
	return res
}

// compare checks one answer against the recording.
func (r *cfRun) compare(o *cfObs, op, code, msg string, out map[string]any, st cfStep) (string, bool) {
	if code == "UnsupportedOperationException" && strings.HasPrefix(msg, "Not supported by the mrk simulator: ") &&
		strings.HasSuffix(msg, " not implemented yet") {
		if r.pending == "" {
			r.pending = op + " (not implemented on this branch)"
		}
		return cfPending + op + " not implemented on this branch", true
	}
	if o.Code != "Success" {
		if code == "" {
			return fmt.Sprintf("want %s %q, got success %v", o.Code, o.ErrMessage, out), false
		}
		want := o.ErrMessage
		if strings.HasPrefix(o.str("source"), "AWS SDK for Go") && want == "UnknownError" {
			// The Go SDK renders an empty message as "UnknownError"; on
			// the wire the message is empty (ecc.json:sdk_*).
			want = ""
		}
		r.learn(want, msg)
		want = r.subst(want).(string)
		if code != o.Code || msg != want {
			return fmt.Sprintf("want %s %q, got %s %q", o.Code, want, code, msg), false
		}
		return "", false
	}
	if code != "" {
		return fmt.Sprintf("want success, got %s %q", code, msg), false
	}
	exp := map[string]any{}
	if m, ok := o.Output.(map[string]any); ok {
		exp = cfClone(m).(map[string]any)
	}
	for _, k := range st.ignoreExtra {
		if _, ok := exp[k]; !ok {
			delete(out, k)
		}
	}
	cfSynthetic(exp, out)
	cfMask(exp, out, st.randomPlaintext)
	r.learnAll(exp, out)
	exp = r.subst(exp).(map[string]any)
	if d := cmp.Diff(exp, out); d != "" {
		return "output differs (-recorded +world):\n" + d, false
	}
	return "", false
}

func cfClone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = cfClone(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = cfClone(e)
		}
		return s
	}
	return v
}

// cfReadKnown reads known-differences.txt: id, whitespace, reason.
func cfReadKnown(t *testing.T) (map[string]string, []string) {
	known, order := map[string]string{}, []string(nil)
	f, err := os.Open(cfKnownFile)
	if os.IsNotExist(err) {
		return known, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, _ := strings.Cut(line, "  ")
		known[id] = strings.TrimSpace(reason)
		order = append(order, id)
	}
	return known, order
}

func cfFirstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// TestConformance replays every recording (issue 7); see the file comment.
func TestConformance(t *testing.T) {
	known, order := cfReadKnown(t)
	var all []cfResult
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range cfScenarios {
			if !yield(n) {
				return
			}
		}
	})
	files, _ := filepath.Glob(cfObsDir + "*.json")
	for _, p := range files {
		if _, ok := cfScenarios[filepath.Base(p)]; !ok {
			t.Errorf("%s has no scenario in cfScenarios", filepath.Base(p))
		}
	}
	for _, name := range names {
		sc := cfScenarios[name]
		r := cfNewRun(t, name, sc)
		all = append(all, r.replay(sc)...)
	}
	n := 0
	seen := map[string]bool{}
	newKnown := map[string]string{}
	for _, res := range all {
		seen[res.id] = true
		reason, listed := known[res.id]
		switch {
		case res.diff == "":
			n++
			if listed && !*updateConformance {
				t.Errorf("%s is listed as a known difference (%s) but is reproduced: remove it (-update-conformance)", res.id, reason)
			}
		case listed:
			if os.Getenv("CF_DEBUG") != "" {
				t.Logf("%s (listed: %s):\n%s", res.id, reason, res.diff)
			}
			newKnown[res.id] = reason
			if !res.pending && !res.skipped && strings.HasPrefix(reason, "outside") {
				t.Errorf("%s is listed as out of scope (%s) but is replayed and differs:\n%s", res.id, reason, res.diff)
			}
			if res.pending || res.skipped {
				newKnown[res.id] = cfFirstLine(res.diff) // the current reason
			} else if strings.HasPrefix(reason, cfPending) {
				newKnown[res.id] = "was " + reason + "; now differs: " + cfFirstLine(res.diff)
				t.Logf("%s: listed as pending but differs for another reason: %s", res.id, res.diff)
			}
		case res.pending || res.skipped:
			newKnown[res.id] = cfFirstLine(res.diff)
			if !*updateConformance {
				t.Errorf("%s differs and is not listed: %s", res.id, res.diff)
			}
		default:
			t.Errorf("%s differs and is not listed:\n%s", res.id, res.diff)
		}
	}
	for _, id := range order {
		if !seen[id] {
			t.Errorf("known-differences.txt lists %s, which is no observation", id)
		}
	}
	fmt.Printf("conformance: %d of %d observations reproduced\n", n, len(all))
	stale := 0
	for _, r := range newKnown {
		if strings.HasPrefix(r, "was "+cfPending) {
			stale++
		}
	}
	if stale > 0 {
		// Left by -update-conformance after a merge: fix them or give them
		// a real reason.
		fmt.Printf("conformance: %d listed observations were pending and now differ for another reason (\"was pending\" in %s)\n", stale, cfKnownFile)
	}
	t.Logf("conformance: %d of %d observations reproduced", n, len(all))
	baseline := 0
	if b, err := os.ReadFile(cfBaseFile); err == nil {
		baseline, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	if *updateConformance {
		var b strings.Builder
		b.WriteString("# Observations of testdata/aws-observed that the simulator does not reproduce,\n" +
			"# one per line: file:index:case, two spaces, the reason. Maintained by TestConformance\n" +
			"# (go test -run TestConformance ./sim -update-conformance).\n")
		for _, res := range all {
			if r, ok := newKnown[res.id]; ok {
				b.WriteString(res.id + "  " + r + "\n")
			}
		}
		if err := os.WriteFile(cfKnownFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		if n >= baseline {
			if err := os.WriteFile(cfBaseFile, []byte(strconv.Itoa(n)+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n < baseline {
		t.Errorf("conformance: %d observations reproduced, fewer than the baseline %d", n, baseline)
	}
}

// cfNewRun loads a recording and builds the fresh world that replays it:
// a mock clock at the recording's start, the recordings' account.
func cfNewRun(t *testing.T, name string, sc cfScenario) *cfRun {
	f := cfLoad(t, name)
	clk := clock.NewMock()
	start := sc.start
	if start.IsZero() {
		start = cfObservedAt(t, f)
	}
	clk.Set(start)
	opts := sc.opts
	opts.Clock, opts.Account = clk, cfAccount
	// The probes called as an IAM user of the recordings' account
	// (rotation.json:managed_sqs_enable-key-rotation names it).
	opts.AccessKeys = map[string]string{"AKIDCONFORMANCE": cfCaller, "AKIDCONFORMANCE2": cfAccount2}
	w := sim.New(opts)
	return &cfRun{t: t, file: f, w: w, clk: clk, h: w.Handler(nil), region: cfOr(f.str("region"), "us-east-1"),
		bind: map[string]string{}, rev: map[string]string{}, vars: map[string]any{}}
}

// cfObservedAt is the time a file's run started.
func cfObservedAt(t *testing.T, f *cfFile) time.Time {
	at, err := time.Parse(time.RFC3339Nano, f.str("observed_at"))
	if err != nil {
		t.Fatalf("%s: observed_at: %v", f.name, err)
	}
	return at.UTC()
}

func (f *cfFile) str(k string) string { s, _ := f.top[k].(string); return s }

// cfOr returns the first non-empty string.
func cfOr(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
