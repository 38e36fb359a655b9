package alert

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// ActionSettingsUpdated is the audit action of a change to alert settings.
const ActionSettingsUpdated = "alert_settings.updated"

// maxCachedSettings bounds the settings cache; past it the cache starts
// over.
const maxCachedSettings = 10_000

// settingsCache remembers tenants' settings for SettingsTTL. The rules are
// evaluated on every request, so they must not read the store each time;
// a change saved on this node drops its entry at once, and one saved on
// another node applies here when the entry expires.
type settingsCache struct {
	mu      sync.Mutex
	entries map[string]settingsEntry
}

type settingsEntry struct {
	set     *Settings
	expires time.Time
}

func (c *settingsCache) get(tenantID string, now time.Time) (*Settings, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[tenantID]
	if !ok || !now.Before(e.expires) {
		return nil, false
	}
	return e.set, true
}

func (c *settingsCache) put(tenantID string, e settingsEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCachedSettings {
		c.entries = map[string]settingsEntry{}
	}
	c.entries[tenantID] = e
}

func (c *settingsCache) forget(tenantID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, tenantID)
}

// cachedSettings returns the tenant's settings for the rules to read. The
// caller must not change them. When the store fails the defaults apply
// until the entry expires: an alert too many beats a silent outage.
func (e *Engine) cachedSettings(ctx context.Context, tenantID string) *Settings {
	now := e.cfg.Now()
	if set, ok := e.settings.get(tenantID, now); ok {
		return set
	}
	set, err := e.loadSettings(ctx, tenantID)
	if err != nil {
		e.log.Error("alerts: reading a tenant's alert settings; using the defaults", "err", err, "tenant_id", tenantID)
		set = e.DefaultSettings(tenantID)
	}
	e.settings.put(tenantID, settingsEntry{set: set, expires: now.Add(e.cfg.SettingsTTL)})
	return set
}

// loadSettings reads the tenant's settings from the store over the
// defaults, so a rule added since they were saved has its defaults.
func (e *Engine) loadSettings(ctx context.Context, tenantID string) (*Settings, error) {
	def := e.DefaultSettings(tenantID)
	saved, err := e.store.AlertSettings(ctx, tenantID)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return def, nil
	}
	if err != nil {
		return nil, err
	}
	for r, rs := range saved.Rules {
		if r.Valid() {
			def.Rules[r] = rs
		}
	}
	def.Channels, def.UpdatedAt = saved.Channels, saved.UpdatedAt
	if def.Channels.Webhooks == "" {
		def.Channels.Webhooks = WebhooksAll
	}
	return def, nil
}

// Settings returns the alert settings of p's tenant, the defaults if it
// never saved any.
func (e *Engine) Settings(ctx context.Context, p *hive.Principal) (*Settings, error) {
	return e.loadSettings(ctx, p.TenantID)
}

// UpdateSettings validates u, saves the changed settings of p's tenant,
// records the change in the audit log and applies it to this node's rules
// at once.
func (e *Engine) UpdateSettings(ctx context.Context, p *hive.Principal, u SettingsUpdate) (*Settings, error) {
	set, err := e.loadSettings(ctx, p.TenantID)
	if err != nil {
		return nil, err
	}
	before := cloneSettings(set)
	if err := u.apply(set); err != nil {
		return nil, err
	}
	if err := e.checkWebhooks(ctx, p.TenantID, set.Channels); err != nil {
		return nil, err
	}
	set.UpdatedAt = e.cfg.Now().UTC().Truncate(time.Microsecond)
	if err := e.store.SaveAlertSettings(ctx, set); err != nil {
		return nil, err
	}
	e.settings.forget(p.TenantID)
	if err := e.audit(ctx, p, set.UpdatedAt, changedFields(before, set)); err != nil {
		return nil, err
	}
	return set, nil
}

// checkWebhooks refuses selected webhooks the tenant does not have.
func (e *Engine) checkWebhooks(ctx context.Context, tenantID string, ch Channels) error {
	if ch.Webhooks != WebhooksSelected {
		return nil
	}
	if e.cfg.Publisher == nil {
		return hive.FieldError("channels.webhooks", "this server sends no webhooks; choose all or none")
	}
	for i, id := range ch.WebhookIDs {
		ok, err := e.cfg.Publisher.HasEndpoint(ctx, tenantID, id)
		if err != nil {
			return err
		}
		if !ok {
			return hive.FieldError("channels.webhook_ids", "item %d: no webhook %s in this tenant; GET /v1/webhooks lists them", i, id)
		}
	}
	return nil
}

// audit records the change of p's tenant's settings.
func (e *Engine) audit(ctx context.Context, p *hive.Principal, at time.Time, changed []string) error {
	if e.cfg.Audit == nil {
		return nil
	}
	ev := &apikey.AuditEvent{ID: hive.NewID(hive.PrefixAudit, at), TenantID: p.TenantID, ActorID: p.ActorID(),
		ActorKeyID: p.KeyID, Action: ActionSettingsUpdated, TargetType: "tenant", TargetID: p.TenantID,
		Details: map[string]any{"changed": changed}, CreatedAt: at}
	if ip := hive.ClientIP(ctx); ip.IsValid() {
		ev.IP = ip.String()
	}
	return e.cfg.Audit.AddAuditEvent(ctx, ev)
}

// changedFields names what differs between two settings, as the API
// spells it: "rules.traffic_spike", "channels.emails".
func changedFields(a, b *Settings) []string {
	out := []string{}
	for _, r := range Rules() {
		x, y := a.Rules[r], b.Rules[r]
		if x.Enabled != y.Enabled || x.Cooldown != y.Cooldown || x.MinErrors != y.MinErrors || x.RisePoints != y.RisePoints ||
			x.Multiple != y.Multiple || x.Floor != y.Floor || x.Count != y.Count || !slices.Equal(x.Days, y.Days) {
			out = append(out, "rules."+string(r))
		}
	}
	if a.Channels.Webhooks != b.Channels.Webhooks || !slices.Equal(a.Channels.WebhookIDs, b.Channels.WebhookIDs) {
		out = append(out, "channels.webhooks")
	}
	if !slices.Equal(a.Channels.Emails, b.Channels.Emails) {
		out = append(out, "channels.emails")
	}
	return out
}

func cloneSettings(s *Settings) *Settings {
	c := *s
	c.Rules = maps.Clone(s.Rules)
	c.Channels.WebhookIDs = slices.Clone(s.Channels.WebhookIDs)
	c.Channels.Emails = slices.Clone(s.Channels.Emails)
	return &c
}

// AlertEmails returns the e-mail outbox messages of an alert of p's tenant.
func (e *Engine) AlertEmails(ctx context.Context, p *hive.Principal, alertID string) ([]*Email, error) {
	if _, err := e.Alert(ctx, p, alertID); err != nil {
		return nil, err
	}
	return e.store.AlertEmails(ctx, p.TenantID, alertID)
}
