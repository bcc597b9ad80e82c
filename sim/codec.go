package sim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The wire codec maps the SDK's input and output types to the KMS JSON 1.1
// protocol (SPEC-API A0.5, A0.6) by reflection over their exported fields,
// whose names are the wire member names. Decoding is strict about types and
// exact about member names (JSON keys are case-sensitive; unknown members
// are ignored, A0.5.4); encoding omits absent members and writes blobs as
// padded base64 and timestamps as epoch seconds with millisecond precision.

var (
	timeType  = reflect.TypeOf(time.Time{})
	bytesType = reflect.TypeOf([]byte(nil))
)

type fieldInfo struct {
	name  string // the wire member name
	trail string // the CloudTrail name: first letter lower-cased
	index int
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

// wireFields returns the exported data fields of a struct type, leaving out
// ResultMetadata and the SDK's unexported markers.
func wireFields(t reflect.Type) []fieldInfo {
	if v, ok := fieldCache.Load(t); ok {
		return v.([]fieldInfo)
	}
	var fs []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "ResultMetadata" {
			continue
		}
		fs = append(fs, fieldInfo{f.Name, strings.ToLower(f.Name[:1]) + f.Name[1:], i})
	}
	fieldCache.Store(t, fs)
	return fs
}

// serializationError is a body that does not fit the operation's shapes.
type serializationError struct{ msg string }

func (e *serializationError) Error() string { return e.msg }

func serErr(format string, args ...any) error {
	return &serializationError{fmt.Sprintf(format, args...)}
}

// decodeInput fills the struct v points to from a JSON object body.
func decodeInput(body []byte, v reflect.Value) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil // A0.5.1: an empty body is {}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return serErr("Invalid JSON body: %v", err)
	}
	if dec.More() {
		return serErr("Invalid JSON body: data after the top-level value")
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return serErr("The request body must be a JSON object")
	}
	return decodeStruct(obj, v.Elem(), "")
}

func decodeStruct(obj map[string]any, v reflect.Value, path string) error {
	for _, f := range wireFields(v.Type()) {
		x, ok := obj[f.name]
		if !ok || x == nil {
			continue // A0.5.3: null is absent
		}
		if err := decodeValue(x, v.Field(f.index), path+f.name); err != nil {
			return err
		}
	}
	return nil
}

func decodeValue(x any, v reflect.Value, path string) error {
	t := v.Type()
	switch {
	case t == bytesType:
		s, ok := x.(string)
		if !ok {
			return serErr("Expected a base64 string for %s", path)
		}
		b, err := base64.StdEncoding.Strict().DecodeString(s)
		if err != nil {
			return serErr("Invalid base64 for %s", path)
		}
		v.SetBytes(b)
		return nil
	case t.Kind() == reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := decodeValue(x, p.Elem(), path); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case t == timeType:
		n, ok := x.(json.Number)
		if !ok {
			return serErr("Expected epoch seconds for %s", path)
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil || math.IsInf(f, 0) {
			return serErr("Invalid timestamp for %s", path)
		}
		sec, frac := math.Modf(f)
		v.Set(reflect.ValueOf(time.Unix(int64(sec), int64(math.Round(frac*1e3))*1e6).UTC()))
		return nil
	}
	switch t.Kind() {
	case reflect.String:
		s, ok := x.(string)
		if !ok {
			return serErr("Expected a string for %s", path)
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			return serErr("Expected a boolean for %s", path)
		}
		v.SetBool(b)
	case reflect.Int32, reflect.Int64, reflect.Int:
		n, ok := x.(json.Number)
		if !ok {
			return serErr("Expected a number for %s", path)
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(string(n), 64)
			if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
				return serErr("Expected an integer for %s", path)
			}
			i = int64(f)
		}
		if v.OverflowInt(i) {
			return serErr("Integer out of range for %s", path)
		}
		v.SetInt(i)
	case reflect.Slice:
		arr, ok := x.([]any)
		if !ok {
			return serErr("Expected a list for %s", path)
		}
		s := reflect.MakeSlice(t, len(arr), len(arr))
		for i, e := range arr {
			if e == nil {
				return serErr("Null list member in %s", path)
			}
			if err := decodeValue(e, s.Index(i), path+"."+strconv.Itoa(i+1)); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Map:
		m, ok := x.(map[string]any)
		if !ok {
			return serErr("Expected a map for %s", path)
		}
		out := reflect.MakeMapWithSize(t, len(m))
		for k, e := range m {
			s, ok := e.(string)
			if !ok {
				return serErr("Expected a string value for %s.%s", path, k)
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), reflect.ValueOf(s).Convert(t.Elem()))
		}
		v.Set(out)
	case reflect.Struct:
		m, ok := x.(map[string]any)
		if !ok {
			return serErr("Expected an object for %s", path)
		}
		return decodeStruct(m, v, path+".")
	case reflect.Interface:
		return serErr("Unsupported member %s", path)
	default:
		return serErr("Unsupported member %s", path)
	}
	return nil
}

// encodeOutput writes an output struct as a JSON object; it returns nil for
// an output with no members to write (A0.6.5: empty body).
func encodeOutput(v reflect.Value) []byte {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if len(wireFields(v.Type())) == 0 {
		return nil
	}
	var b []byte
	return appendJSON(b, v, false)
}

// absent reports whether a member is left out: nil pointers, slices and
// maps, and empty enum strings. Plain booleans and numbers are always
// written (A0.6.2: Truncated, Enabled, ...).
func absent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	}
	return false
}

// appendJSON writes v as JSON, for the wire (SPEC-API A0.6: wire member
// names, padded base64 blobs, epoch-second timestamps) or, with trail, for
// a CloudTrail record (R10.1.2, R10.1.3: member names with a lower-case
// first letter, timestamps as "Jan 2, 2006, 3:04:05 PM", blobs left out).
func appendJSON(b []byte, v reflect.Value, trail bool) []byte {
	t := v.Type()
	switch {
	case t == bytesType:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, v.Bytes())
		return append(b, '"')
	case t == timeType && trail:
		return appendTrailTime(b, v.Interface().(time.Time))
	case t == timeType:
		ms := v.Interface().(time.Time).UnixMilli()
		return strconv.AppendFloat(b, float64(ms)/1e3, 'f', -1, 64)
	case trail && t == keyMetadataPtr && !v.IsNil():
		return appendTrailMetadata(b, v.Interface().(*types.KeyMetadata))
	}
	switch t.Kind() {
	case reflect.Pointer:
		return appendJSON(b, v.Elem(), trail)
	case reflect.String:
		return appendString(b, v.String())
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool())
	case reflect.Int32, reflect.Int64, reflect.Int:
		return strconv.AppendInt(b, v.Int(), 10)
	case reflect.Slice:
		b = append(b, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, v.Index(i), trail)
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
			b = appendJSON(b, v.MapIndex(k), trail)
		}
		return append(b, '}')
	case reflect.Struct:
		b = append(b, '{')
		first := true
		for _, f := range wireFields(t) {
			fv := v.Field(f.index)
			if absent(fv) || trail && fv.Type() == bytesType {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			name := f.name
			if trail {
				name = f.trail
			}
			b = appendString(b, name)
			b = append(b, ':')
			b = appendJSON(b, fv, trail)
		}
		return append(b, '}')
	}
	return append(b, "null"...)
}

func sortValues(vs []reflect.Value) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && vs[j].String() < vs[j-1].String(); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string, escaping quotes, backslashes and
// control characters, and replacing invalid UTF-8. Runs of plain characters
// are copied at once.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || n != 1 {
				i += n
				continue
			}
		}
		b = append(b, s[start:i]...)
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		default:
			b = append(b, `\ufffd`...)
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
