package httpapi_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite"
)

// flushLog writes what the recorder has queued.
func (h *harness) flushLog() {
	h.t.Helper()
	if !h.rec.Flush(context.Background()) {
		h.t.Fatal("the API log could not be written")
	}
}

// allLogs pages through the whole API log with c.
func (h *harness) allLogs(c *client.Client, p client.ListAPILogsParams) []client.APILog {
	h.t.Helper()
	var out []client.APILog
	for {
		page, err := c.ListAPILogs(context.Background(), p)
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, page.Data...)
		if !page.HasMore {
			return out
		}
		p.StartingAfter = *page.NextCursor
	}
}

func TestAPILogHasEveryRequestOnceAndNoSecret(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	rotated, err := h.admin().RotateKey(ctx, k.ID, client.RotateKeyRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, secret := range []string{k.Key, rotated.Key, "hive_sk_not-a-key"} {
		res := h.do("GET", "/v1/auth/verify?api_key="+secret, "", append(bearer(secret), "User-Agent", "bi-tool/1.0")...)
		ids = append(ids, res.header.Get("X-Request-Id"))
	}
	ids = append(ids, h.do("GET", "/v1/no-such-thing", "").header.Get("X-Request-Id"))
	h.flushLog()

	logs := h.allLogs(h.client(rotated.Key), client.ListAPILogsParams{ListParams: client.ListParams{Limit: 2}})
	seen := map[string]int{}
	for _, l := range logs {
		seen[l.RequestID]++
	}
	// Requests of the tenant's keys are in its log once each; the request
	// with no key names no tenant, so only the operator's database has it.
	for i, id := range ids[:2] {
		if seen[id] != 1 {
			t.Errorf("request %d (%s) appears %d times in the log", i, id, seen[id])
		}
	}
	for _, id := range ids[2:] {
		if seen[id] != 0 {
			t.Errorf("a request without a tenant shows in the tenant's log: %s", id)
		}
	}
	if n := h.rec.Stats().Written; n < uint64(len(logs)+2) {
		t.Errorf("recorder wrote %d rows, fewer than the %d requests made", n, len(logs)+2)
	}
	l, err := h.client(rotated.Key).GetAPILog(ctx, findLog(t, logs, ids[1]).ID)
	if err != nil {
		t.Fatal(err)
	}
	if l.Route == nil || *l.Route != "GET /v1/auth/verify" || l.Path != "/v1/auth/verify" || l.Status != 200 ||
		l.KeyID == nil || *l.KeyID != rotated.ID || l.UserAgent != "bi-tool/1.0" || l.ClientIP == nil ||
		l.LatencyMS <= 0 || l.ResponseBytes == 0 || !strings.Contains(l.Query, "REDACTED") ||
		l.ResponseURL != "/v1/api-logs/"+l.ID+"/response" {
		t.Errorf("log entry = %+v", l)
	}
	secrets := []string{k.Key, rotated.Key, h.boot.Secret}
	assertNoSecret(t, sqlite.LogPath(h.dbPath), []string{"api_log_blocks"}, secrets)
}

func findLog(t *testing.T, logs []client.APILog, requestID string) client.APILog {
	t.Helper()
	for _, l := range logs {
		if l.RequestID == requestID {
			return l
		}
	}
	t.Fatalf("no log entry for request %s", requestID)
	return client.APILog{}
}

// assertNoSecret reads every column of every row of the tables, bodies
// included, and fails if any holds one of the secrets.
func assertNoSecret(t *testing.T, dbPath string, tables, secrets []string) {
	t.Helper()
	db, err := sql.Open("sqlite", dbPath+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			n++
			row := fmt.Sprintf("%s", vals)
			for _, s := range secrets {
				if strings.Contains(row, s) {
					t.Errorf("%s holds a secret: %s", table, row)
				}
			}
		}
		rows.Close()
		if n == 0 {
			t.Errorf("%s is empty; the search proves nothing", table)
		}
	}
}

func TestAPILogFiltersAndTenants(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	start := time.Now()
	h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...)
	h.do("GET", "/v1/api-keys/key_0000000000000000000000", "", bearer(k.Key)...)
	limit := 1
	limited := h.createKey(client.CreateKeyRequest{RateLimitPerMinute: &limit})
	h.do("GET", "/v1/auth/verify", "", bearer(limited.Key)...)
	h.do("GET", "/v1/auth/verify", "", bearer(limited.Key)...)
	h.flushLog()
	c := h.admin()
	for _, tt := range []struct {
		name string
		p    client.ListAPILogsParams
		want int
	}{
		{"exact status", client.ListAPILogsParams{Status: "429"}, 1},
		{"status class", client.ListAPILogsParams{Status: "4xx", From: start}, 2},
		{"key", client.ListAPILogsParams{KeyID: k.ID}, 2},
		{"route", client.ListAPILogsParams{Route: "GET /v1/auth/verify", From: start}, 3},
		{"range before the requests", client.ListAPILogsParams{From: start.Add(-time.Hour), To: start.Add(-time.Minute)}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.allLogs(c, tt.p); len(got) != tt.want {
				t.Errorf("%d entries, want %d: %+v", len(got), tt.want, got)
			}
		})
	}
	_, err := c.ListAPILogs(ctx, client.ListAPILogsParams{Status: "4x"})
	apiError(t, err, 400, hive.EINVALID, "")
	// A route without its method matched nothing, silently.
	for _, route := range []string{"/v1/auth/verify", "get /v1/auth/verify", "GET v1/auth/verify"} {
		_, err = c.ListAPILogs(ctx, client.ListAPILogsParams{Route: route})
		if ce := apiError(t, err, 400, hive.EINVALID, ""); ce.Details["field"] != "route" || !strings.Contains(ce.Message, "GET /v1/surveys") {
			t.Errorf("route %q: %v %s", route, ce.Details, ce.Message)
		}
	}
	_, err = c.ListAPILogs(ctx, client.ListAPILogsParams{ListParams: client.ListParams{StartingAfter: "nonsense"}})
	apiError(t, err, 400, hive.EINVALID, "")
	_, err = c.ListAPILogs(ctx, client.ListAPILogsParams{From: start, To: start})
	if ce := apiError(t, err, 400, hive.EINVALID, ""); ce.Details["field"] != "to" {
		t.Errorf("an empty range: details = %v", ce.Details)
	}

	other := h.bootstrap("globex")
	mine := h.allLogs(c, client.ListAPILogsParams{})
	if theirs := h.allLogs(h.client(other.Secret), client.ListAPILogsParams{}); len(theirs) != 0 {
		t.Errorf("a new tenant sees %d entries of another", len(theirs))
	}
	_, err = h.client(other.Secret).GetAPILog(ctx, mine[0].ID)
	apiError(t, err, 404, hive.ENOTFOUND, "")
	_, _, err = h.client(other.Secret).GetAPILogResponse(ctx, mine[0].ID)
	apiError(t, err, 404, hive.ENOTFOUND, "")

	noLogs := h.createKey(client.CreateKeyRequest{Permissions: []string{string(hive.ScopeKeysRead)}})
	_, err = h.client(noLogs.Key).ListAPILogs(ctx, client.ListAPILogsParams{})
	apiError(t, err, 403, hive.EFORBIDDEN, "")
}

func TestAPILogResponseReturnsTheStoredBody(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	res := h.do("GET", "/v1/auth/verify", "", bearer(h.boot.Secret)...)
	sa, err := h.admin().CreateServiceAccount(ctx, "to delete", "")
	if err != nil {
		t.Fatal(err)
	}
	deleted := h.do("DELETE", "/v1/service-accounts/"+sa.ID, "", bearer(h.boot.Secret)...)
	for i := range 140 {
		if _, err := h.admin().CreateServiceAccount(ctx, fmt.Sprintf("account %03d %s", i, strings.Repeat("n", 60)), strings.Repeat("d", 500)); err != nil {
			t.Fatal(err)
		}
	}
	long := h.do("GET", "/v1/service-accounts?limit=100", "", bearer(h.boot.Secret)...)
	h.flushLog()
	logs := h.allLogs(h.admin(), client.ListAPILogsParams{})

	body, ct, err := h.admin().GetAPILogResponse(ctx, findLog(t, logs, res.header.Get("X-Request-Id")).ID)
	if err != nil || string(body) != res.body || ct != res.header.Get("Content-Type") {
		t.Errorf("response = %q (%s), %v; want %q (%s)", body, ct, err, res.body, res.header.Get("Content-Type"))
	}
	_, _, err = h.admin().GetAPILogResponse(ctx, findLog(t, logs, deleted.header.Get("X-Request-Id")).ID)
	if ce := apiError(t, err, 404, hive.ENOTFOUND, ""); !strings.Contains(ce.Message, "no body") {
		t.Errorf("message %q does not say the response had no body", ce.Message)
	}
	entry := findLog(t, logs, long.header.Get("X-Request-Id"))
	body, _, err = h.admin().GetAPILogResponse(ctx, entry.ID)
	if err != nil || len(long.body) <= hive.MaxLoggedBody || len(body) != hive.MaxLoggedBody || !entry.BodyTruncated ||
		entry.ResponseBytes != len(long.body) || body[0] != long.body[0] {
		t.Errorf("long response: stored %d of %d bytes, truncated=%v, err %v", len(body), len(long.body), entry.BodyTruncated, err)
	}
	_, err = h.admin().GetAPILog(ctx, "log_0000000000000000000000")
	if ce := apiError(t, err, 404, hive.ENOTFOUND, ""); !strings.Contains(ce.Message, "7 days") {
		t.Errorf("message %q does not say how long entries are kept", ce.Message)
	}
}

func TestAPILogSettings(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	set, err := h.admin().APILogSettings(ctx)
	if err != nil || set.APILogRetentionDays != 7 {
		t.Fatalf("settings = %+v, %v", set, err)
	}
	set, err = h.admin().UpdateAPILogSettings(ctx, client.APILogSettingsRequest{APILogRetentionDays: 30})
	if err != nil || set.APILogRetentionDays != 30 {
		t.Fatalf("updated settings = %+v, %v", set, err)
	}
	_, err = h.admin().UpdateAPILogSettings(ctx, client.APILogSettingsRequest{APILogRetentionDays: 91})
	if ce := apiError(t, err, 400, hive.EINVALID, ""); ce.Details["field"] != "api_log_retention_days" {
		t.Errorf("details = %v", ce.Details)
	}
	res := h.do("GET", "/v1/settings/api-logs", "", bearer(h.boot.Secret)...)
	if res.status != http.StatusOK || !strings.Contains(res.body, `"api_log_retention_days":30`) {
		t.Errorf("GET after PUT: %d %s", res.status, res.body)
	}
}

func TestUsageEndpoints(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	for range 3 {
		h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...)
	}
	h.do("GET", "/v1/api-keys/key_0000000000000000000000", "", bearer(k.Key)...)
	h.flushLog()

	u, err := h.client(k.Key).KeyUsage(ctx, k.ID, client.UsageParams{Interval: "minute"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Total.Requests != 4 || u.Total.Status2xx != 3 || u.Total.Status4xx != 1 || u.Total.P50MS == nil ||
		u.KeyID == nil || *u.KeyID != k.ID || len(u.Data) != 60 || u.Interval != "minute" {
		t.Errorf("key usage = %+v", u)
	}
	all, err := h.admin().TenantUsage(ctx, client.UsageParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Data) != 24 || all.Total.Requests < 4 || len(all.ByKey) < 2 || len(all.ByRoute) < 2 {
		t.Errorf("tenant usage = %+v", all)
	}
	_, err = h.admin().KeyUsage(ctx, k.ID, client.UsageParams{Interval: "fortnight"})
	if ce := apiError(t, err, 400, hive.EINVALID, ""); ce.Details["field"] != "interval" {
		t.Errorf("details = %v", ce.Details)
	}
	from := time.Now().Add(-48 * time.Hour)
	_, err = h.admin().KeyUsage(ctx, k.ID, client.UsageParams{Interval: "minute", From: from})
	apiError(t, err, 400, hive.EINVALID, "")
	other := h.bootstrap("globex")
	_, err = h.client(other.Secret).KeyUsage(ctx, k.ID, client.UsageParams{})
	apiError(t, err, 404, hive.ENOTFOUND, "")
}
