package door

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/hive"
)

// Field limits beyond MaxIDLen.
const (
	maxPhoneLen = 50
	base62      = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// ParseFlag reads a boolean as forms and CSV files write it: true/false,
// 1/0, yes/no, on/off, t/f or y/n in any case, and "" as false. ok is false
// for anything else.
func ParseFlag(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on", "t", "y":
		return true, true
	case "false", "0", "no", "off", "f", "n", "":
		return false, true
	}
	return false, false
}

// validDoorID checks a door_id: 1 to 191 letters, digits, '-' or '_'.
func validDoorID(field, id string) error {
	switch {
	case id == "":
		return hive.FieldError(field, "is required")
	case len(id) > MaxIDLen:
		return hive.FieldError(field, "must be at most %d characters", MaxIDLen)
	}
	for _, c := range []byte(id) {
		if !isBase62(c) && c != '-' && c != '_' {
			return hive.FieldError(field, "%q may hold only letters, digits, '-' and '_'", id)
		}
	}
	return nil
}

func isBase62(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// validIdentifier checks an optional door_access_id or barcode_id: at most
// 191 printable ASCII characters without spaces, as cards, fobs and
// barcodes carry.
func validIdentifier(field, id string) error {
	if len(id) > MaxIDLen {
		return hive.FieldError(field, "must be at most %d characters", MaxIDLen)
	}
	for _, c := range []byte(id) {
		if c <= ' ' || c > '~' {
			return hive.FieldError(field, "may hold only printable ASCII characters without spaces")
		}
	}
	return nil
}

// validText trims s and checks it is at most max characters without control
// characters; required refuses an empty one.
func validText(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return "", hive.FieldError(field, "is required")
	case !utf8.ValidString(s):
		return "", hive.FieldError(field, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > max:
		return "", hive.FieldError(field, "must be at most %d characters", max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", hive.FieldError(field, "must not hold control characters")
	}
	return s, nil
}

// validEmail checks an optional email loosely: one '@' with text on both
// sides and no spaces. Mail is never sent to it; it is only shown.
func validEmail(field, s string) (string, error) {
	s, err := validText(field, s, MaxIDLen, false)
	if err != nil || s == "" {
		return s, err
	}
	at := strings.IndexByte(s, '@')
	if at < 1 || at == len(s)-1 || strings.Count(s, "@") != 1 || strings.ContainsAny(s, " \t") {
		return "", hive.FieldError(field, "%q is not an email address", s)
	}
	return s, nil
}

// validStatus returns s, or def for "".
func validStatus(field string, s, def Status) (Status, error) {
	if s == "" {
		return def, nil
	}
	if !s.Valid() {
		return "", hive.FieldError(field, "must be one of active, frozen, cancelled (got %q)", s)
	}
	return s, nil
}

// checkDoor asks hive.CheckResource whether p may use doorID.
func checkDoor(ctx context.Context, p *hive.Principal, doorID string) error {
	if p != nil && hive.PrincipalFrom(ctx) != p {
		ctx = hive.WithPrincipal(ctx, p)
	}
	return hive.CheckResource(ctx, hive.ResourceDoors, doorID)
}

// visible reports whether p's key may see doorID.
func visible(p *hive.Principal, doorID string) bool {
	return p == nil || p.Resources.Allows(hive.ResourceDoors, doorID)
}

// newToken returns TokenLen random base62 characters.
func newToken() string {
	b := make([]byte, 0, TokenLen)
	var buf [64]byte
	for len(b) < TokenLen {
		rand.Read(buf[:])
		for _, c := range buf {
			// 248 = 4*62: rejecting larger bytes keeps every digit equally likely.
			if c < 248 && len(b) < TokenLen {
				b = append(b, base62[c%62])
			}
		}
	}
	return string(b)
}

// plausibleToken reports whether s could be a token, so that garbage is
// refused without a lookup.
func plausibleToken(s string) bool {
	if len(s) < 32 || len(s) > 64 {
		return false
	}
	for i := range len(s) {
		if !isBase62(s[i]) {
			return false
		}
	}
	return true
}

// dedupe returns l without repeats, in first-seen order, never nil.
func dedupe[T comparable](l []T) []T {
	out := make([]T, 0, len(l))
	for _, v := range l {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// notFound returns the ENOTFOUND error for a kind of thing and its id.
func notFound(what string, id any) error {
	return hive.Errorf(hive.ENOTFOUND, "%s %s not found", what, quote(id))
}

func quote(id any) string {
	if s, ok := id.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(id)
}

// isNotFound reports whether err is ENOTFOUND.
func isNotFound(err error) bool { return hive.ErrorCode(err) == hive.ENOTFOUND }
