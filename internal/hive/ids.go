package hive

import (
	"crypto/rand"
	"encoding/binary"
	"math/bits"
	"sync"
	"time"
)

// ID prefixes name what an identifier points at, as Stripe's do.
const (
	PrefixTenant         = "ten_"
	PrefixUser           = "usr_"
	PrefixServiceAccount = "sa_"
	PrefixKey            = "key_"
	PrefixAudit          = "evt_"
	PrefixAttribute      = "att_"
	PrefixSegment        = "seg_"
	PrefixSurvey         = "srv_"
	PrefixQuestion       = "qst_"
	PrefixResponse       = "rsp_"
	PrefixAlert          = "alr_"
	PrefixLog            = "log_"
	PrefixCustomMetric   = "cmt_"
	PrefixOpenDoor       = "od_"
	PrefixHiveFive       = "h5_"
	PrefixAlertEmail     = "aml_"
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// idBodyLen is the fixed width of an ID body: 16 bytes need 22 base62 digits.
const idBodyLen = 22

// lastID is the most recent ID value handed out, so IDs made within one
// millisecond still sort in the order they were made.
var lastID struct {
	sync.Mutex
	hi, lo uint64
}

// NewID returns prefix followed by 22 base62 characters encoding a 48-bit
// millisecond timestamp and 80 random bits. Because the width is fixed and the
// alphabet is in ASCII order, IDs sort by creation time byte-wise, which is
// what list cursors rely on. Within one process they are strictly increasing:
// an ID made in the same millisecond as the last one (or with a clock that
// went backwards) is the last one plus one, as in ULID's monotonic mode.
func NewID(prefix string, now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	rand.Read(b[6:])
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	lastID.Lock()
	if hi>>16 <= lastID.hi>>16 {
		hi, lo = lastID.hi, lastID.lo+1
		if lo == 0 {
			hi++
		}
	}
	lastID.hi, lastID.lo = hi, lo
	lastID.Unlock()
	return encodeID(prefix, hi, lo)
}

// NewTimeID returns prefix followed by 22 base62 characters encoding t in
// unix microseconds and 64 random bits. Unlike NewID's, such IDs sort by t
// to the microsecond wherever and in whatever order they were made, so a
// store can order and range over records by ID alone. Times before 1970
// count as 1970.
func NewTimeID(prefix string, t time.Time) string {
	var b [8]byte
	rand.Read(b[:])
	return encodeID(prefix, uint64(max(t.UnixMicro(), 0)), binary.BigEndian.Uint64(b[:]))
}

// TimeIDFloor returns the least ID NewTimeID can make for t: the IDs of
// times before t sort before it, and those of t and later do not.
func TimeIDFloor(prefix string, t time.Time) string {
	return encodeID(prefix, uint64(max(t.UnixMicro(), 0)), 0)
}

// encodeID returns prefix followed by the 128-bit number hi, lo in base62,
// fixed width.
func encodeID(prefix string, hi, lo uint64) string {
	out := make([]byte, len(prefix)+idBodyLen)
	copy(out, prefix)
	// Two 128-bit divisions by 62^10 cut the number into chunks of 10, 10
	// and 2 digits, each then taken apart with 64-bit divisions by the
	// constant 62, which compile to multiplications: a digit at a time,
	// the 128-bit number cost three divisions per digit.
	qhi, rhi := hi/pow62x10, hi%pow62x10
	qlo, low := bits.Div64(rhi, lo, pow62x10)
	top, mid := bits.Div64(qhi, qlo, pow62x10) // qhi < 62^10: the quotient fits
	i := len(out)
	for _, c := range [...]struct {
		v      uint64
		digits int
	}{{low, 10}, {mid, 10}, {top, 2}} {
		for range c.digits {
			i--
			out[i] = base62[c.v%62]
			c.v /= 62
		}
	}
	return string(out)
}

// pow62x10 is 62^10, the largest power of 62 below 2^64.
const pow62x10 = 839299365868340224

// ValidID reports whether s looks like an ID with the given prefix. It lets
// handlers answer 404 for garbage without a database round trip.
func ValidID(prefix, s string) bool {
	if len(s) != len(prefix)+idBodyLen || s[:len(prefix)] != prefix {
		return false
	}
	for i := len(prefix); i < len(s); i++ {
		if !isBase62(s[i]) {
			return false
		}
	}
	return true
}

func isBase62(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
