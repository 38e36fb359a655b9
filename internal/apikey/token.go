package apikey

import (
	"crypto/rand"
	"crypto/sha256"
	"hash/crc32"
	"math/big"
	"unsafe"
)

// Secret prefixes. A scanner can recognise a Hive secret by its prefix and
// confirm it offline with the checksum, as GitHub's token format allows.
const (
	PrefixSecretServiceAccount = "hive_sk_"
	PrefixSecretPersonal       = "hive_pk_"
)

const (
	bodyLen     = 43 // 32 random bytes in fixed-width base62
	checksumLen = 6  // CRC32 fits in 6 base62 digits (62^6 > 2^32)
	prefixLen   = 8
	secretLen   = prefixLen + bodyLen + checksumLen
)

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newSecret returns a fresh secret of the given kind, its SHA-256 hash and
// its hint.
func newSecret(kind KeyKind) (secret string, hash [32]byte, hint string) {
	var raw [32]byte
	rand.Read(raw[:])
	secret = formatSecret(kind, raw)
	return secret, HashSecret(secret), hintOf(secret)
}

// formatSecret writes the secret of kind whose random part is raw.
func formatSecret(kind KeyKind, raw [32]byte) string {
	buf := make([]byte, secretLen)
	copy(buf, secretPrefix(kind))
	encodeBase62(buf[prefixLen:prefixLen+bodyLen], new(big.Int).SetBytes(raw[:]))
	sum := crc32.ChecksumIEEE(buf[:prefixLen+bodyLen])
	encodeBase62(buf[prefixLen+bodyLen:], new(big.Int).SetUint64(uint64(sum)))
	return string(buf)
}

func secretPrefix(kind KeyKind) string {
	if kind == KindPersonal {
		return PrefixSecretPersonal
	}
	return PrefixSecretServiceAccount
}

// encodeBase62 writes n into dst as fixed-width base62, most significant first.
func encodeBase62(dst []byte, n *big.Int) {
	base, mod := big.NewInt(62), new(big.Int)
	for i := len(dst) - 1; i >= 0; i-- {
		n.DivMod(n, base, mod)
		dst[i] = alphabet[mod.Int64()]
	}
}

// ParseSecret reports the kind of s if it is well formed: a known prefix, a
// base62 body and a matching checksum. It does no I/O and does not allocate,
// so noise is refused before any lookup.
func ParseSecret(s string) (KeyKind, bool) {
	if len(s) != secretLen {
		return "", false
	}
	var kind KeyKind
	switch s[:prefixLen] {
	case PrefixSecretServiceAccount:
		kind = KindServiceAccount
	case PrefixSecretPersonal:
		kind = KindPersonal
	default:
		return "", false
	}
	var want uint64
	for i := prefixLen; i < secretLen; i++ {
		d := digit(s[i])
		if d < 0 {
			return "", false
		}
		if i >= prefixLen+bodyLen {
			want = want*62 + uint64(d)
		}
	}
	if uint64(crc32.ChecksumIEEE(bytesOf(s[:prefixLen+bodyLen]))) != want {
		return "", false
	}
	return kind, true
}

// digit returns the base62 value of c, or -1. It is a table lookup: a
// secret's fifty characters are checked on every request.
func digit(c byte) int { return int(digits[c]) }

var digits = func() (t [256]int8) {
	for c := range t {
		switch {
		case c >= '0' && c <= '9':
			t[c] = int8(c - '0')
		case c >= 'A' && c <= 'Z':
			t[c] = int8(c-'A') + 10
		case c >= 'a' && c <= 'z':
			t[c] = int8(c-'a') + 36
		default:
			t[c] = -1
		}
	}
	return t
}()

// HashSecret returns the SHA-256 of s, the only form in which a secret is
// stored.
func HashSecret(s string) [32]byte { return sha256.Sum256(bytesOf(s)) }

// bytesOf views s as bytes without copying. The callers only read the bytes,
// and avoiding the copy keeps verification free of allocations.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// Hint returns the hint of a well-formed secret, as key lists show it: what
// a scanner may print of a secret it found.
func Hint(secret string) string { return hintOf(secret) }

// hintOf returns the prefix and the last four characters, enough for a person
// to match a key in a list with the one in their vault.
func hintOf(secret string) string {
	return secret[:prefixLen] + "..." + secret[len(secret)-4:]
}
