package edge

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/hive"
)

// Text that reaches the API must be UTF-8 without NUL characters: SQLite
// would store such bytes and PostgreSQL refuses them, so without one check
// at the edge the same request is a 201 on one store and a 500 on the
// other, and a bad byte in a logged path or query could spoil a whole
// batch of the API log. CheckInput refuses them in the path and the query
// before any route runs, cleanBody in request bodies as they are read, and
// checkStrings in the strings a JSON body decodes to (where \u0000 is
// valid JSON for a NUL).

// badText says what is wrong with s, or "" when it is clean text.
func badText(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "holds a NUL character (%00 or \\u0000)"
	}
	if !utf8.ValidString(s) {
		return "is not valid UTF-8; send text encoded as UTF-8"
	}
	return ""
}

// inputError is the 400 for bad text: where names the part of the request
// (path, query, form, body) and field the parameter or JSON field, if any.
func inputError(where, field, problem string) *hive.Error {
	subject := "The request " + where
	if field != "" {
		subject = fmt.Sprintf("%s %s %q", strings.ToUpper(where[:1])+where[1:], paramWord(where), field)
	}
	e := hive.Errorf(hive.EINVALID, "%s %s", subject, problem).WithDetails("where", where, "problem", problem)
	if field != "" {
		e.WithDetails("field", field)
	}
	return e
}

func paramWord(where string) string {
	switch where {
	case "query", "form":
		return "parameter"
	}
	return "field"
}

// CheckInput checks the path, the query and, for a form, the form body of
// r, and wraps r's body so that its bytes are checked as they are read.
func CheckInput(r *http.Request) error {
	if p := badText(r.URL.Path); p != "" {
		return inputError("path", "", p)
	}
	if err := checkValues("query", r.URL.RawQuery); err != nil {
		return err
	}
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = &cleanBody{r: r.Body, info: infoFrom(r.Context())}
	}
	if strings.HasPrefix(headerValue(r.Header, "Content-Type"), "application/x-www-form-urlencoded") {
		if err := r.ParseForm(); err != nil {
			if bad := infoFrom(r.Context()).badInput; bad != nil {
				return bad
			}
			return hive.Errorf(hive.EINVALID, "The body must be application/x-www-form-urlencoded: %v", err)
		}
		for name, vs := range r.PostForm {
			if err := checkPairs("form", name, vs); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkValues checks every name and value of an encoded query or form.
// A query that does not parse is left to the handlers, which ignore the
// broken pair as net/http does.
func checkValues(where, raw string) error {
	if raw == "" {
		return nil
	}
	values, _ := url.ParseQuery(raw)
	for name, vs := range values {
		if err := checkPairs(where, name, vs); err != nil {
			return err
		}
	}
	return nil
}

func checkPairs(where, name string, vs []string) error {
	if p := badText(name); p != "" {
		return inputError(where, strconv.QuoteToASCII(name), "has a name that "+p)
	}
	for _, v := range vs {
		if p := badText(v); p != "" {
			return inputError(where, name, p)
		}
	}
	return nil
}

// cleanBody passes a request body through and fails the read that meets a
// NUL byte or bytes that are not UTF-8. The failure is also kept in the
// request's info, so the response is this 400 whatever the handler made of
// the read error (a CSV parser words it as a problem with a row).
type cleanBody struct {
	r     io.ReadCloser
	info  *reqInfo
	carry [utf8.UTFMax]byte // the start of a rune split between reads
	ncar  int
	off   int64 // bytes checked before carry
}

func (b *cleanBody) Read(p []byte) (int, error) {
	if b.info.badInput != nil {
		return 0, b.info.badInput
	}
	n, err := b.r.Read(p)
	if bad := b.check(p[:n], err == io.EOF); bad != nil {
		b.info.badInput = bad
		return n, bad
	}
	return n, err
}

func (b *cleanBody) Close() error { return b.r.Close() }

// check checks chunk, which follows the carried bytes, and carries an
// incomplete rune at its end to the next read, or fails it at the end of
// the body.
func (b *cleanBody) check(chunk []byte, eof bool) *hive.Error {
	for len(chunk) > 0 && b.ncar > 0 {
		b.carry[b.ncar] = chunk[0]
		b.ncar++
		chunk = chunk[1:]
		if utf8.FullRune(b.carry[:b.ncar]) {
			if r, size := utf8.DecodeRune(b.carry[:b.ncar]); r == utf8.RuneError && size == 1 {
				return b.fail(0)
			}
			b.off += int64(b.ncar)
			b.ncar = 0
		}
	}
	for i := 0; i < len(chunk); {
		c := chunk[i]
		switch {
		case c == 0:
			return b.fail(i)
		case c < utf8.RuneSelf:
			i++
			continue
		case !utf8.FullRune(chunk[i:]):
			b.ncar = copy(b.carry[:], chunk[i:])
			b.off += int64(i)
			chunk = nil
			continue
		}
		r, size := utf8.DecodeRune(chunk[i:])
		if r == utf8.RuneError && size == 1 {
			return b.fail(i)
		}
		i += size
	}
	if chunk != nil {
		b.off += int64(len(chunk))
	}
	if eof && b.ncar > 0 {
		return b.fail(0)
	}
	return nil
}

func (b *cleanBody) fail(at int) *hive.Error {
	e := inputError("body", "", "holds a NUL byte or bytes that are not UTF-8; send UTF-8 text")
	return e.WithDetails("offset", b.off+int64(at))
}

// checkStrings returns a 400 naming the first JSON field of v, a decoded
// request body, whose string holds a NUL character.
func checkStrings(v any) error {
	if field := nulField(reflect.ValueOf(v), ""); field != "" {
		return inputError("body", field, "holds a NUL character (\\u0000)")
	}
	return nil
}

// nulField walks v and returns the JSON path of a string holding a NUL, or
// "". Invalid UTF-8 cannot be left in it: cleanBody refused it as read,
// and encoding/json turns escaped lone surrogates into U+FFFD.
func nulField(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nulField(v.Elem(), path)
		}
	case reflect.String:
		if strings.IndexByte(v.String(), 0) >= 0 {
			return cmpOrPath(path)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return ""
		}
		for i := range v.Len() {
			if f := nulField(v.Index(i), path+"["+strconv.Itoa(i)+"]"); f != "" {
				return f
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			k := fmt.Sprint(it.Key().Interface())
			if strings.IndexByte(k, 0) >= 0 {
				return cmpOrPath(path)
			}
			if f := nulField(it.Value(), joinPath(path, k)); f != "" {
				return f
			}
		}
	case reflect.Struct:
		return structNulField(v, path)
	}
	return ""
}

func structNulField(v reflect.Value, path string) string {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		sub := path
		if !sf.Anonymous || name != "" {
			sub = joinPath(path, orName(name, sf.Name))
		}
		if f := nulField(v.Field(i), sub); f != "" {
			return f
		}
	}
	return ""
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func orName(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func cmpOrPath(path string) string { return orName(path, "(the body)") }
