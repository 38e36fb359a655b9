package apikey

import (
	"context"
	"net/netip"

	"github.com/hive-platform/hive/internal/hive"
)

// Leak says who reported a leaked secret and where it was found.
type Leak struct {
	// Source is the channel that reported it: LeakSourceReport,
	// LeakSourceGitHub or LeakSourceGitLab. It is a metrics label, so it is
	// one of these and never the reporter's own words.
	Source string
	// Location is where the reporter says the secret was, in its own terms
	// (GitHub's "content", "commit", "issue_comment", ...); may be empty.
	Location string
	// URL is the public address where the secret was found; may be empty.
	URL string
}

// The channels that report leaked secrets.
const (
	LeakSourceReport = "report" // POST /v1/leaked-keys/report, anyone
	LeakSourceGitHub = "github" // GitHub secret scanning
	LeakSourceGitLab = "gitlab" // GitLab's token revocation API
)

// ReasonLeaked is the "because" of the audit event of a key revoked as leaked.
const ReasonLeaked = "leaked"

// LeakResult is what RevokeLeaked found.
type LeakResult struct {
	// Known is true when secret is a Hive key of some tenant, live or not.
	Known bool
	// Revoked is the key this call revoked; nil when the key was unknown or
	// already revoked.
	Revoked *Key
}

// RevokeLeaked revokes the key whose secret was found in public, for good,
// and reports it through Config.OnLeaked (the key_leaked alert and the
// metrics). Noise (a wrong prefix or checksum) is refused before any lookup.
// An expired key is revoked too: its expiry could be extended, a revocation
// cannot be undone. A key already revoked changes nothing. The result is
// for trusted reporters (GitHub's true/false positive); anonymous
// reporters must not learn it.
func (s *Service) RevokeLeaked(ctx context.Context, secret string, where Leak) (LeakResult, error) {
	if _, ok := ParseSecret(secret); !ok {
		return LeakResult{}, nil
	}
	hash := HashSecret(secret)
	var res LeakResult
	err := s.store.WithinTx(ctx, func(tx Store) error {
		k, err := tx.KeyByHash(ctx, hash)
		if hive.ErrorCode(err) == hive.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		res.Known = true
		if k.RevokedAt != nil {
			return nil
		}
		now := s.now()
		k.RevokedAt, k.UpdatedAt = &now, now
		if err := tx.UpdateKey(ctx, k); err != nil {
			return err
		}
		res.Revoked = k
		return s.audit(ctx, tx, &hive.Principal{TenantID: k.TenantID}, ActionKeyRevoked, "api_key", k.ID, leakDetails(k, where))
	})
	if err != nil {
		return LeakResult{}, err
	}
	if res.Revoked != nil {
		s.changed(ctx, hash)
		if s.cfg.OnLeaked != nil {
			s.cfg.OnLeaked(ctx, res.Revoked, where)
		}
	}
	return res, nil
}

func leakDetails(k *Key, where Leak) map[string]any {
	d := map[string]any{"name": k.Name, "hint": k.Hint, "because": ReasonLeaked, "source": where.Source}
	if where.Location != "" {
		d["location"] = where.Location
	}
	if where.URL != "" {
		d["url"] = where.URL
	}
	return d
}

// ReportLeaked is RevokeLeaked for an anonymous reporter at ip. Every report
// counts against the address's budget of failed key checks, whatever it
// held, so the throttle says nothing about the key either; over budget it
// returns the same 429 a flood of bad keys gets, before any lookup.
func (s *Service) ReportLeaked(ctx context.Context, secret string, where Leak, ip netip.Addr) error {
	if err := s.failed(ip, nil); err != nil {
		return err
	}
	_, err := s.RevokeLeaked(ctx, secret, where)
	return err
}
