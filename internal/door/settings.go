package door

import (
	"context"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"

	"github.com/hive-platform/hive/internal/hive"
)

// SettingsUpdate lists the settings to change; nil fields are kept. The
// token is never set this way: RegenerateToken replaces it.
type SettingsUpdate struct {
	Enabled              *bool
	UsersEndpointEnabled *bool
	ExposeEmail          *bool
	ExposePhone          *bool
	ReentryWindow        *time.Duration // 0 turns it off; whole seconds up to MaxReentryWindow
	GraceDays            *int           // 0 to MaxGraceDays
	DefaultPhoneRegion   *string        // ISO 3166-1 alpha-2, e.g. "GB"
}

// defaultSettings are a tenant's settings before it saves any: the API and
// the users endpoint off, email and phone hidden, no re-entry window, no
// grace days, phone numbers read as US ones.
func defaultSettings(tenantID string, now time.Time) *Settings {
	return &Settings{TenantID: tenantID, DefaultPhoneRegion: DefaultPhoneRegion, UpdatedAt: now}
}

// Settings returns p's tenant's Door API settings. The first call saves the
// defaults with a new token, so that the base URL is stable from then on.
func (s *Service) Settings(ctx context.Context, p *hive.Principal) (*Settings, error) {
	st, err := s.store.SettingsByTenant(ctx, p.TenantID)
	if !isNotFound(err) {
		return st, err
	}
	st = defaultSettings(p.TenantID, s.now())
	st.Token = newToken()
	err = s.store.CreateSettings(ctx, st)
	if hive.ErrorCode(err) == hive.ECONFLICT {
		// Another request saved them first: theirs stand.
		return s.store.SettingsByTenant(ctx, p.TenantID)
	}
	if err != nil {
		return nil, err
	}
	return st, nil
}

// settingsFor returns the tenant's settings, or the defaults without saving
// them: what the door routes judge by.
func (s *Service) settingsFor(ctx context.Context, tenantID string) (*Settings, error) {
	st, err := s.store.SettingsByTenant(ctx, tenantID)
	if isNotFound(err) {
		return defaultSettings(tenantID, s.now()), nil
	}
	return st, err
}

// changeSettings loads the tenant's settings inside a transaction, saving
// the defaults with a new token first if there are none, lets change modify
// them and saves them.
func (s *Service) changeSettings(ctx context.Context, tx Store, tenantID string, change func(*Settings) error) (*Settings, error) {
	st, err := tx.SettingsByTenant(ctx, tenantID)
	if isNotFound(err) {
		st = defaultSettings(tenantID, s.now())
		st.Token = newToken()
		err = tx.CreateSettings(ctx, st)
	}
	if err != nil {
		return nil, err
	}
	if err := change(st); err != nil {
		return nil, err
	}
	st.UpdatedAt = s.now()
	return st, tx.UpdateSettings(ctx, st)
}

// UpdateSettings validates and saves the given changes. Errors name the
// field: reentry_window_seconds, grace_days, default_phone_region.
func (s *Service) UpdateSettings(ctx context.Context, p *hive.Principal, u SettingsUpdate) (*Settings, error) {
	if err := u.validate(); err != nil {
		return nil, err
	}
	var out *Settings
	err := s.store.WithinTx(ctx, func(tx Store) error {
		var err error
		out, err = s.changeSettings(ctx, tx, p.TenantID, func(st *Settings) error {
			grace := st.GraceDays
			u.apply(st)
			if st.GraceDays != grace {
				// Grace days change who has access: incremental syncs list everyone.
				st.RulesChangedAt = s.now()
			}
			return nil
		})
		return err
	})
	if err == nil {
		s.tokens.forgetTenant(p.TenantID)
	}
	return out, err
}

func (u *SettingsUpdate) validate() error {
	if w := u.ReentryWindow; w != nil && (*w < 0 || *w > MaxReentryWindow || *w%time.Second != 0) {
		return hive.FieldError("reentry_window_seconds", "must be whole seconds from 0 (off) to %d", int(MaxReentryWindow/time.Second))
	}
	if g := u.GraceDays; g != nil && (*g < 0 || *g > MaxGraceDays) {
		return hive.FieldError("grace_days", "must be from 0 to %d", MaxGraceDays)
	}
	if r := u.DefaultPhoneRegion; r != nil {
		up := strings.ToUpper(strings.TrimSpace(*r))
		if len(up) != 2 || phonenumbers.GetCountryCodeForRegion(up) == 0 {
			return hive.FieldError("default_phone_region", "%q is not a two-letter region code such as US or GB", *r)
		}
		*r = up
	}
	return nil
}

func (u *SettingsUpdate) apply(st *Settings) {
	set := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	set(&st.Enabled, u.Enabled)
	set(&st.UsersEndpointEnabled, u.UsersEndpointEnabled)
	set(&st.ExposeEmail, u.ExposeEmail)
	set(&st.ExposePhone, u.ExposePhone)
	if u.ReentryWindow != nil {
		st.ReentryWindow = *u.ReentryWindow
	}
	if u.GraceDays != nil {
		st.GraceDays = *u.GraceDays
	}
	if u.DefaultPhoneRegion != nil {
		st.DefaultPhoneRegion = *u.DefaultPhoneRegion
	}
}

// RegenerateToken gives the tenant a new base URL token; the old one stops
// working at once.
func (s *Service) RegenerateToken(ctx context.Context, p *hive.Principal) (*Settings, error) {
	var out *Settings
	err := s.store.WithinTx(ctx, func(tx Store) error {
		var err error
		out, err = s.changeSettings(ctx, tx, p.TenantID, func(st *Settings) error {
			st.Token = newToken()
			return nil
		})
		return err
	})
	if err == nil {
		s.tokens.forgetTenant(p.TenantID)
	}
	return out, err
}

// SettingsByToken returns the settings whose token is token, for the door
// routes. It returns ENOTFOUND for malformed and unknown tokens alike; the
// caller must also check that the settings' tenant is the key's tenant.
func (s *Service) SettingsByToken(ctx context.Context, token string) (*Settings, error) {
	if !plausibleToken(token) {
		return nil, s.unknownToken(hive.ClientIP(ctx))
	}
	return s.cachedSettings(ctx, token)
}

// rulesChanged notes inside tx that a door or membership type changed, so
// that incremental syncs since an earlier time list every member. The time
// it notes is later than the one before even if the clock is not (another
// node's, or the same microsecond): the doors cache takes a new time for a
// new version of the doors.
func (s *Service) rulesChanged(ctx context.Context, tx Store, tenantID string) error {
	_, err := s.changeSettings(ctx, tx, tenantID, func(st *Settings) error {
		next := s.now()
		if !next.After(st.RulesChangedAt) {
			next = st.RulesChangedAt.Add(time.Microsecond)
		}
		st.RulesChangedAt = next
		return nil
	})
	return err
}
