package edge

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// MaxBodyBytes caps every JSON request body.
const MaxBodyBytes = 1 << 20

// Decode reads one JSON object into v, refusing unknown fields, trailing
// data and bodies over maxBodyBytes, with messages that say what to fix.
func Decode(w http.ResponseWriter, r *http.Request, v any) error {
	return DecodeLimit(w, r, v, MaxBodyBytes)
}

// DecodeLimit is decode with a body cap of its own, for batch endpoints.
func DecodeLimit(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return hive.Errorf(hive.EINVALID, "Content-Type %q is not supported; send a JSON body with Content-Type: application/json", ct)
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return DecodeError(err)
	}
	if dec.More() {
		return hive.Errorf(hive.EINVALID, "The request body must hold one JSON object; found more data after it")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return hive.Errorf(hive.EINVALID, "The request body must hold one JSON object; found more data after it")
	}
	return checkStrings(v)
}

// DecodeError turns encoding/json's errors into messages for people.
func DecodeError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, io.EOF):
		return hive.Errorf(hive.EINVALID, "The request body is empty; send a JSON object")
	case errors.As(err, &tooBig):
		return hive.Errorf(hive.EINVALID, "The request body is larger than %d bytes", tooBig.Limit).WithDetails("max_bytes", tooBig.Limit)
	case errors.As(err, &syntax):
		return hive.Errorf(hive.EINVALID, "The request body is not valid JSON: %v (at byte %d)", syntax, syntax.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return hive.Errorf(hive.EINVALID, "The request body is not valid JSON: it ends early")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return hive.Errorf(hive.EINVALID, "The request body must be a JSON object, not a JSON %s", typ.Value)
		}
		return hive.FieldError(field, "must be %s, not a JSON %s", jsonKind(typ.Type.String()), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return hive.FieldError(strings.Trim(name, `"`), "is not a known field; check the spelling against the API docs")
	}
	return hive.Errorf(hive.EINVALID, "The request body could not be read: %v", err)
}

func jsonKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"), strings.HasPrefix(goType, "*[]"):
		return "an array"
	case strings.Contains(goType, "int"):
		return "a whole number"
	case strings.Contains(goType, "string"), strings.Contains(goType, "Time"):
		return "a string"
	case strings.Contains(goType, "bool"):
		return "true or false"
	}
	return fmt.Sprintf("a %s", strings.TrimPrefix(goType, "*"))
}

// WriteJSON writes v with status.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
