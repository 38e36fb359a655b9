package alert_test

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// checkICS is a small RFC 5545 checker: CRLF line endings, no line over 75
// octets, BEGIN and END balanced and properly nested. It returns the
// unfolded content lines.
func checkICS(t *testing.T, feed []byte) []string {
	t.Helper()
	if !bytes.HasSuffix(feed, []byte("\r\n")) {
		t.Fatal("the feed does not end with CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(string(feed), "\r\n"), "\r\n")
	var lines []string
	for i, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d holds a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets, over 75: %q", i+1, len(l), l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:] // unfold
			continue
		}
		lines = append(lines, l)
	}
	var stack []string
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, "BEGIN:"); ok {
			stack = append(stack, v)
		}
		if v, ok := strings.CutPrefix(l, "END:"); ok {
			if len(stack) == 0 || stack[len(stack)-1] != v {
				t.Fatalf("END:%s does not close %v", v, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed components %v", stack)
	}
	if lines[0] != "BEGIN:VCALENDAR" {
		t.Fatalf("first line = %q", lines[0])
	}
	return lines
}

func TestExpiryCalendar(t *testing.T) {
	e := newEnv(t)
	e.seedTenant()
	now := e.clock.Now()
	mk := func(name string, expiresIn time.Duration, revoked bool) *apikey.Key {
		id := hive.NewID(hive.PrefixKey, now)
		k := &apikey.Key{ID: id, TenantID: tenant, Kind: apikey.KindServiceAccount, ServiceAccountID: "sa_x",
			Name: name, Hash: sha256.Sum256([]byte(id)), Hint: "hive_sk_…" + id[len(id)-4:],
			Permissions: []hive.Scope{hive.ScopeSurveysRead}, CreatedBy: "usr_x", CreatedAt: now, UpdatedAt: now}
		if expiresIn != 0 {
			at := now.Add(expiresIn)
			k.ExpiresAt = &at
		}
		if revoked {
			k.RevokedAt = &now
		}
		if err := e.db.CreateKey(e.ctx, k); err != nil {
			t.Fatal(err)
		}
		return k
	}
	long := mk("Ünïcödé Power BI export; finance, HR and the board\\quarterly — a name long enough to fold", 30*24*time.Hour, false)
	plain := mk("Door controller", 90*24*time.Hour, false)
	mk("Revoked", 10*24*time.Hour, true)
	mk("Expired", -time.Hour, false)
	mk("Never expires", 0, false)

	feed, err := e.eng.ExpiryCalendar(e.ctx, &hive.Principal{TenantID: tenant}, "https://acme.hive.example/")
	if err != nil {
		t.Fatal(err)
	}
	lines := checkICS(t, feed)
	var uids, summaries []string
	alarms := 0
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, "UID:"); ok {
			uids = append(uids, v)
		}
		if v, ok := strings.CutPrefix(l, "SUMMARY:"); ok {
			summaries = append(summaries, v)
		}
		if l == "BEGIN:VALARM" {
			alarms++
		}
	}
	wantUIDs := []string{plain.ID + "@hive", long.ID + "@hive"} // newest first
	if strings.Join(uids, " ") != strings.Join(wantUIDs, " ") {
		t.Errorf("UIDs = %v, want one per active expiring key: %v", uids, wantUIDs)
	}
	if alarms != 6 {
		t.Errorf("%d VALARMs, want 3 per event", alarms)
	}
	wantSummary := `API key Ünïcödé Power BI export\; finance\, HR and the board\\quarterly — a name long enough to fold expires`
	if len(summaries) != 2 || summaries[1] != wantSummary {
		t.Errorf("SUMMARY = %q,\nwant %q", summaries, wantSummary)
	}
	for _, want := range []string{
		"DTSTART;VALUE=DATE:" + long.ExpiresAt.Format("20060102"),
		"TRIGGER:-P14D", "TRIGGER:-P7D", "TRIGGER:-P1D",
		"URL:https://acme.hive.example/v1/api-keys/" + long.ID,
	} {
		if !strings.Contains(strings.Join(lines, "\n"), want) {
			t.Errorf("feed lacks %q", want)
		}
	}
	if !strings.Contains(string(feed), "service account BI") {
		t.Error("the description does not name the service account")
	}

	again, _ := e.eng.ExpiryCalendar(e.ctx, &hive.Principal{TenantID: tenant}, "https://acme.hive.example")
	if !bytes.Equal(feed, again) {
		t.Error("the feed of unchanged keys changed between two reads")
	}
	other, _ := e.eng.ExpiryCalendar(e.ctx, &hive.Principal{TenantID: "ten_other"}, "https://x.example")
	if strings.Contains(string(other), "BEGIN:VEVENT") {
		t.Error("another tenant's feed lists this tenant's keys")
	}
}

// TestExpiryCalendarNamesAPersonalKeysUser pins the wording of a personal
// key's event: whose key it is, once.
func TestExpiryCalendarNamesAPersonalKeysUser(t *testing.T) {
	e := newEnv(t)
	e.seedTenant()
	now := e.clock.Now()
	u := &apikey.User{ID: "usr_analyst", TenantID: tenant, Email: "analyst@acme.test", Name: "Analyst", Role: apikey.RoleMember, CreatedAt: now}
	if err := e.db.CreateUser(e.ctx, u); err != nil {
		t.Fatal(err)
	}
	id := hive.NewID(hive.PrefixKey, now)
	at := now.Add(10 * 24 * time.Hour)
	k := &apikey.Key{ID: id, TenantID: tenant, Kind: apikey.KindPersonal, UserID: "usr_analyst",
		Name: "Analyst", Hash: sha256.Sum256([]byte(id)), Hint: "hive_pk_…" + id[len(id)-4:], ExpiresAt: &at,
		Permissions: []hive.Scope{hive.ScopeSurveysRead}, CreatedBy: "usr_analyst", CreatedAt: now, UpdatedAt: now}
	if err := e.db.CreateKey(e.ctx, k); err != nil {
		t.Fatal(err)
	}
	feed, err := e.eng.ExpiryCalendar(e.ctx, &hive.Principal{TenantID: tenant}, "https://acme.hive.example")
	if err != nil {
		t.Fatal(err)
	}
	var desc string
	for _, l := range checkICS(t, feed) {
		if v, ok := strings.CutPrefix(l, "DESCRIPTION:Personal"); ok {
			desc = "Personal" + v
		}
	}
	want := "Personal API key Analyst (" + k.Hint + ") of user usr_analyst expires at "
	if !strings.HasPrefix(desc, want) || strings.Contains(desc, "key of") {
		t.Errorf("DESCRIPTION = %q, want it to start %q", desc, want)
	}
}
