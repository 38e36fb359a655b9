package edge

import (
	"hash/maphash"
	"net/http"
	"sync/atomic"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// verificationOf is the answer of GET /v1/auth/verify for a request of p
// that the rate limiter counted as rl.
func verificationOf(p *hive.Principal, rl ratelimit.Result) api.Verification {
	kind := apikey.KindServiceAccount
	if p.Kind == hive.PrincipalUser {
		kind = apikey.KindPersonal
	}
	return api.Verification{
		Valid: true, KeyID: p.KeyID, Kind: string(kind), TenantSlug: p.TenantSlug,
		ServiceAccountID: optString(p.ServiceAccountID), UserID: optString(p.UserID),
		Permissions: p.Permissions.Strings(), Resources: api.Resources(p.Resources), ExpiresAt: p.ExpiresAt,
		RateLimit: api.RateLimit{Limit: rl.Limit, Remaining: rl.Remaining, Reset: rl.Reset.Unix()},
	}
}

// WriteVerificationOf writes verificationOf(p, rl) with status 200.
//
// All of the answer but its rate_limit object depends on p alone, and
// encoding it (sixteen permissions for an admin key) was a good part of
// the endpoint's time. The key cache hands every request of a key the
// same *hive.Principal and never changes one it has handed out (a changed
// key gets a new one), so that part is kept per principal, by pointer, in
// a small table: a slot holds the principal it was encoded from, and a
// principal finding another in its slot encodes again and takes the slot.
func WriteVerificationOf(w http.ResponseWriter, p *hive.Principal, rl ratelimit.Result) error {
	head := verificationHead(p)
	if head == nil {
		v := verificationOf(p, rl)
		return WriteVerification(w, http.StatusOK, &v)
	}
	bp := jsonBufPool.Get().(*[]byte)
	b := append((*bp)[:0], head...)
	b = appendRateLimit(b, api.RateLimit{Limit: rl.Limit, Remaining: rl.Remaining, Reset: rl.Reset.Unix()})
	return writeAppended(w, http.StatusOK, bp, b)
}

// verifiedHead is the start of a principal's verify answer, up to its
// rate_limit object.
type verifiedHead struct {
	p    *hive.Principal
	head []byte
}

// verifiedHeads is the table WriteVerificationOf keeps the heads in: a
// few hundred keys verifying at once share it without encoding on most
// requests, and a slot keeps at most one principal alive past its time.
var (
	verifiedHeads    [256]atomic.Pointer[verifiedHead]
	verifiedHeadSeed = maphash.MakeSeed()
)

// verificationHead returns p's head from the table, encoding it there if
// need be, or nil for an expiry that WriteVerification refuses.
func verificationHead(p *hive.Principal) []byte {
	slot := &verifiedHeads[maphash.Comparable(verifiedHeadSeed, p)%uint64(len(verifiedHeads))]
	if h := slot.Load(); h != nil && h.p == p {
		return h.head
	}
	if t := p.ExpiresAt; t != nil && (t.Year() < 0 || t.Year() > 9999) {
		return nil
	}
	v := verificationOf(p, ratelimit.Result{})
	h := &verifiedHead{p: p, head: appendVerificationHead(nil, &v)}
	slot.Store(h)
	return h.head
}
