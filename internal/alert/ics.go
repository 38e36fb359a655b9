package alert

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// maxLineOctets is RFC 5545's limit on a content line, without its CRLF.
const maxLineOctets = 75

// ExpiryCalendar returns an iCalendar (RFC 5545) feed of the expiry of every
// active key of p's tenant that expires: one all-day event per key on its
// expiry date, with reminders 14, 7 and 1 days before. baseURL (such as
// "https://acme.hive.example") makes the links in each event.
func (e *Engine) ExpiryCalendar(ctx context.Context, p *hive.Principal, baseURL string) ([]byte, error) {
	if e.cfg.Keys == nil {
		return nil, fmt.Errorf("alert: expiry calendar: no key source configured")
	}
	now := e.cfg.Now().UTC()
	keys, err := e.activeKeys(ctx, p.TenantID, now)
	if err != nil {
		return nil, err
	}
	accounts, err := e.accountNames(ctx, p.TenantID)
	if err != nil {
		return nil, err
	}
	var c calendar
	c.line("BEGIN:VCALENDAR")
	c.line("VERSION:2.0")
	c.line("PRODID:-//Hive//API key expiry//EN")
	c.line("CALSCALE:GREGORIAN")
	c.line("METHOD:PUBLISH")
	c.prop("X-WR-CALNAME", "Hive API key expiry")
	for _, k := range keys {
		if k.ExpiresAt != nil {
			c.event(k, accounts[k.ServiceAccountID], strings.TrimRight(baseURL, "/"))
		}
	}
	c.line("END:VCALENDAR")
	return c.buf.Bytes(), nil
}

// activeKeys returns every active key of the tenant, a thousand at a time.
func (e *Engine) activeKeys(ctx context.Context, tenantID string, now time.Time) ([]*apikey.Key, error) {
	active := apikey.StatusActive
	f := apikey.KeyFilter{TenantID: tenantID, Status: &active, Now: now, Page: apikey.Page{Limit: 1000}}
	var out []*apikey.Key
	for {
		page, total, err := e.cfg.Keys.ListKeys(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("alert: expiry calendar: %w", err)
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
		f.After = page[len(page)-1].ID
	}
}

// accountNames maps the tenant's service account IDs to their names.
func (e *Engine) accountNames(ctx context.Context, tenantID string) (map[string]string, error) {
	f := apikey.ServiceAccountFilter{TenantID: tenantID, Page: apikey.Page{Limit: 1000}}
	out := map[string]string{}
	for {
		page, total, err := e.cfg.Keys.ListServiceAccounts(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("alert: expiry calendar: %w", err)
		}
		for _, a := range page {
			out[a.ID] = a.Name
		}
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
		f.After = page[len(page)-1].ID
	}
}

// calendar writes content lines with CRLF endings, folded at 75 octets.
type calendar struct{ buf bytes.Buffer }

// event writes the VEVENT of k. Its UID is the key's ID, so a calendar that
// refreshes the feed updates the event rather than adding another, and
// DTSTAMP is the key's last change, so an unchanged key reads the same.
func (c *calendar) event(k *apikey.Key, account, base string) {
	date := k.ExpiresAt.UTC()
	c.line("BEGIN:VEVENT")
	c.prop("UID", k.ID+"@hive")
	c.line("DTSTAMP:" + k.UpdatedAt.UTC().Format("20060102T150405Z"))
	c.line("DTSTART;VALUE=DATE:" + date.Format("20060102"))
	c.line("DTEND;VALUE=DATE:" + date.AddDate(0, 0, 1).Format("20060102"))
	c.prop("SUMMARY", "API key "+k.Name+" expires")
	what, owner := "API key", "service account "+account
	if k.Kind == apikey.KindPersonal {
		what, owner = "Personal API key", "user "+k.UserID
	} else if account == "" {
		owner = "service account " + k.ServiceAccountID
	}
	c.prop("DESCRIPTION", fmt.Sprintf("%s %s (%s) of %s expires at %s UTC.\nRotate it before then: POST %s/v1/api-keys/%s/rotate, or rotate it in the console.",
		what, k.Name, k.Hint, owner, date.Format("2006-01-02 15:04"), base, k.ID))
	c.line("URL:" + base + "/v1/api-keys/" + k.ID)
	c.line("TRANSP:TRANSPARENT")
	for _, days := range []int{14, 7, 1} {
		c.line("BEGIN:VALARM")
		c.line("ACTION:DISPLAY")
		c.prop("DESCRIPTION", fmt.Sprintf("API key %s expires in %s", k.Name, plural(days, "day")))
		c.line(fmt.Sprintf("TRIGGER:-P%dD", days))
		c.line("END:VALARM")
	}
	c.line("END:VEVENT")
}

// prop writes a property whose value is TEXT, escaped.
func (c *calendar) prop(name, value string) { c.line(name + ":" + escapeText(value)) }

// line writes one content line, folding it so that no line exceeds 75
// octets: a fold is CRLF and a space, and never splits a UTF-8 sequence.
func (c *calendar) line(s string) {
	limit := maxLineOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		c.buf.WriteString(s[:cut])
		c.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLineOctets - 1 // the leading space counts
	}
	c.buf.WriteString(s)
	c.buf.WriteString("\r\n")
}

// textEscaper escapes TEXT values as RFC 5545 section 3.3.11 says.
var textEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func escapeText(s string) string { return textEscaper.Replace(s) }
