package usage

import (
	"strings"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/hive"
)

// maxCleanText bounds each text field of a row written cleaned.
const maxCleanText = 2048

// cleanText returns s as valid UTF-8 without NUL characters, each bad byte
// replaced by U+FFFD. The API refuses such bytes in what it answers, but a
// refused request is logged too, with its path and user agent as sent, and
// PostgreSQL would refuse the whole batch that held it.
func cleanText(s string) string {
	if strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// cleanRecord returns rec with every text field cleaned and cut to
// maxCleanText bytes, and without its body: what is left of a row the
// store refused.
func cleanRecord(rec hive.RequestRecord) hive.RequestRecord {
	for _, f := range []*string{&rec.RequestID, &rec.TenantID, &rec.KeyID, &rec.UserID, &rec.Method,
		&rec.Route, &rec.Path, &rec.Query, &rec.ErrorCode, &rec.Reason, &rec.UserAgent, &rec.ContentType} {
		*f = cutText(cleanText(*f), maxCleanText)
	}
	rec.Body = nil
	return rec
}

// cutText cuts s to at most n bytes at a rune boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
