package apikey

import (
	"bytes"
	"slices"
)

// Redacted replaces a secret wherever Hive blanks one.
const Redacted = "[REDACTED]"

// minRedactedRun is the shortest run of base62 characters after a key prefix
// that RedactSecrets blanks: long enough to spare prose and hints such as
// "hive_sk_...AbCd", short enough to catch a key cut off by a size limit.
const minRedactedRun = 16

// RedactSecrets returns b with the body of every API-key secret in it
// replaced by Redacted. It is the second net behind the handlers that
// declare their secrets: it finds keys by their prefix, so a key a caller
// puts where no handler expects one (a path, a query, an echoed field) is
// still not kept.
//
// Every prefix is located in the original text before anything is
// replaced, so a run that swallows the start of the next prefix ("hive" is
// base62) cannot hide the key that follows it. b is returned unchanged
// when it holds no key.
func RedactSecrets(b []byte) []byte {
	var runs [][2]int
	for _, prefix := range [...]string{PrefixSecretServiceAccount, PrefixSecretPersonal} {
		for from := 0; ; {
			i := bytes.Index(b[from:], []byte(prefix))
			if i < 0 {
				break
			}
			start := from + i + len(prefix)
			end := start
			for end < len(b) && digit(b[end]) >= 0 {
				end++
			}
			if end-start >= minRedactedRun {
				runs = append(runs, [2]int{start, end})
			}
			from = start
		}
	}
	if len(runs) == 0 {
		return b
	}
	slices.SortFunc(runs, func(a, b [2]int) int { return a[0] - b[0] })
	out := make([]byte, 0, len(b))
	last := 0
	for _, run := range runs {
		if run[0] < last { // overlapping runs cannot occur, but never copy backwards
			run[0] = last
		}
		out = append(out, b[last:run[0]]...)
		if run[1] > run[0] {
			out = append(out, Redacted...)
		}
		last = max(last, run[1])
	}
	return append(out, b[last:]...)
}

// RedactSecretsString is RedactSecrets for a string.
func RedactSecretsString(s string) string {
	if !containsPrefix(s) {
		return s
	}
	return string(RedactSecrets([]byte(s)))
}

func containsPrefix(s string) bool {
	return bytes.Contains(bytesOf(s), []byte(PrefixSecretServiceAccount)) ||
		bytes.Contains(bytesOf(s), []byte(PrefixSecretPersonal))
}
