package console_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/console"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/webhook"
)

// callAPI sends an API request with the bootstrap key and returns its
// status.
func (h *harness) callAPI(path string) int {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+h.boot.Secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// flush writes the API log's queue, as the recorder's loop would.
func (h *harness) flush() {
	h.t.Helper()
	if !h.recorder.Flush(h.t.Context()) {
		h.t.Fatal("the API log could not be written")
	}
}

// postFile sends a multipart form with one file, and the session's token
// unless fields set their own.
func (b *browser) postFile(path, field, name, content string, fields url.Values) *page {
	b.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if _, ok := fields["csrf"]; !ok {
		mw.WriteField("csrf", b.csrf)
	}
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	io.WriteString(fw, content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.client.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return &page{Response: resp, Body: string(data)}
}

func TestNewPagesAreForAdminsOnly(t *testing.T) {
	h := newHarness(t, console.Config{})
	owner, member := h.browser(), h.browser()
	owner.login(ownerEmail)
	member.login(memberEmail)
	pages := []struct{ path, marker, nav string }{
		{"/console/logs", `id="api-logs"`, "API Logs"},
		{"/console/logs?status=5xx&route=GET+/v1/surveys", `id="api-logs"`, ""},
		{"/console/usage", `id="usage-chart"`, "Usage"},
		{"/console/keys/" + h.boot.Key.ID + "/usage", `id="usage-chart"`, ""},
		{"/console/alerts", `id="alerts"`, "Alerts"},
		{"/console/alerts/settings", `id="alert-settings-form"`, "Alerts"},
		{"/console/webhooks", `id="webhook-form"`, "Webhooks"},
		{"/console/settings/privacy", `id="privacy-form"`, "Privacy &amp; Retention"},
		{"/console/settings/people", `id="people-upload"`, "People Data"},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			got := owner.get(p.path)
			if got.StatusCode != http.StatusOK || !strings.Contains(got.Body, p.marker) {
				t.Errorf("owner: status %d, want 200 with %s\n%s", got.StatusCode, p.marker, got.Body)
			}
			if p.nav != "" && !strings.Contains(got.Body, `aria-current="page">`+p.nav+`</a>`) {
				t.Errorf("owner: the navigation does not mark %q as the current page", p.nav)
			}
			got = member.get(p.path)
			if got.StatusCode != http.StatusForbidden || !strings.Contains(got.Body, "Only owners and integrations admins") {
				t.Errorf("member: status %d, want the 403 page", got.StatusCode)
			}
			if p.nav != "" && strings.Contains(got.Body, ">"+p.nav+"</a>") {
				t.Errorf("member's navigation links %q", p.nav)
			}
		})
	}
}

func TestAPILogsListFilterPageAndShowTheResponse(t *testing.T) {
	h := newHarness(t, console.Config{})
	for range 51 {
		if s := h.callAPI("/v1/auth/verify"); s != http.StatusOK {
			t.Fatalf("GET /v1/auth/verify: %d", s)
		}
	}
	if s := h.callAPI("/v1/api-keys/key_nope"); s != http.StatusNotFound {
		t.Fatalf("GET /v1/api-keys/key_nope: %d, want 404", s)
	}
	h.flush()
	b := h.browser()
	b.login(ownerEmail)

	p := b.get("/console/logs")
	mustContain(t, p, ">GET /v1/auth/verify</code>", ">GET /v1/api-keys/{id}</code>", `id="next-page"`, "bootstrap")
	if n := strings.Count(p.Body, "data-log-id="); n != 50 {
		t.Errorf("first page lists %d entries, want 50", n)
	}
	next := regexp.MustCompile(`href="([^"]+)" id="next-page"`).FindStringSubmatch(p.Body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	p = b.get(html.UnescapeString(next[1]))
	if n := strings.Count(p.Body, "data-log-id="); n != 2 || !strings.Contains(p.Body, `id="first-page"`) {
		t.Errorf("second page lists %d entries, want 2, with a link back to the first", n)
	}

	p = b.get("/console/logs?status=4xx&key_id=" + h.boot.Key.ID)
	if n := strings.Count(p.Body, "data-log-id="); n != 1 || !strings.Contains(p.Body, "{id}") {
		t.Errorf("4xx of the bootstrap key: %d entries, want the one 404", n)
	}
	p = b.get("/console/logs?route=" + url.QueryEscape("GET /v1/api-keys/{id}"))
	if n := strings.Count(p.Body, "data-log-id="); n != 1 {
		t.Errorf("filtered by route: %d entries, want 1", n)
	}
	p = b.get("/console/logs?status=abc")
	if p.StatusCode != http.StatusBadRequest || !strings.Contains(p.Body, `id="error-status"`) {
		t.Errorf("status=abc: %d, want 400 with the error beside the status field", p.StatusCode)
	}
	p = b.get("/console/logs?from=2030-01-01T00:00")
	if n := strings.Count(p.Body, "data-log-id="); p.StatusCode != http.StatusOK || n != 0 {
		t.Errorf("from a future time: status %d with %d entries, want 200 with none", p.StatusCode, n)
	}

	id := regexp.MustCompile(`data-log-id="(log_[^"]+)"`).FindStringSubmatch(b.get("/console/logs?status=404").Body)
	if id == nil {
		t.Fatal("no 404 entry")
	}
	p = b.get("/console/logs/" + id[1])
	mustContain(t, p, `id="response-body"`, "not_found", "GET /v1/api-keys/key_nope")
}

func TestAPILogResponseIsShownAsText(t *testing.T) {
	h := newHarness(t, console.Config{})
	h.recorder.ObserveRequest(&hive.RequestRecord{Time: h.clock.Now(), RequestID: "req_x", TenantID: h.boot.Tenant.ID,
		KeyID: h.boot.Key.ID, Method: "GET", Route: "GET /v1/surveys", Path: "/v1/surveys", Status: 200,
		Latency: 3 * time.Millisecond, ContentType: "application/json",
		Body: []byte(`{"name":"<script>alert(1)</script>"}`), ResponseBytes: 36})
	h.flush()
	b := h.browser()
	b.login(ownerEmail)
	id := regexp.MustCompile(`data-log-id="(log_[^"]+)"`).FindStringSubmatch(b.get("/console/logs").Body)
	if id == nil {
		t.Fatal("the entry is not listed")
	}
	p := b.get("/console/logs/" + id[1])
	if strings.Contains(p.Body, "<script>alert") {
		t.Fatal("the stored response was written into the page as markup")
	}
	mustContain(t, p, "&lt;script&gt;alert(1)&lt;/script&gt;", "3 ms")
	if p := b.get("/console/logs/log_nope"); p.StatusCode != http.StatusNotFound {
		t.Errorf("unknown entry: %d, want 404", p.StatusCode)
	}
}

func TestUsagePagesChartTheRequests(t *testing.T) {
	h := newHarness(t, console.Config{})
	for range 3 {
		h.callAPI("/v1/auth/verify")
	}
	h.callAPI("/v1/api-keys/key_nope")
	h.flush()
	h.clock.Advance(time.Minute)
	b := h.browser()
	b.login(ownerEmail)

	p := b.get("/console/usage")
	mustContain(t, p, `<strong id="total-requests">4</strong>`, `<rect class="ok"`, `<rect class="warn"`,
		"<code>GET /v1/auth/verify</code>", "75%", "25%", `id="top-keys"`, "bootstrap")
	if strings.Contains(p.Body, `id="chart-empty"`) {
		t.Error("the chart says there were no requests")
	}
	p = b.get("/console/keys/" + h.boot.Key.ID + "/usage?range=7d&interval=day")
	mustContain(t, p, `<strong id="total-requests">4</strong>`, "<code>GET /v1/api-keys/{id}</code>", `value="day" selected`)
	p = b.get("/console/usage?range=30d&interval=minute")
	if p.StatusCode != http.StatusBadRequest || !strings.Contains(p.Body, `id="error-from"`) {
		t.Errorf("30 days by the minute: %d, want 400 saying the range holds too many intervals", p.StatusCode)
	}
	p = b.get("/console/usage?range=1h")
	mustContain(t, p, `value="minute" selected`)
}

func TestAlertsListAndAcknowledge(t *testing.T) {
	h := newHarness(t, console.Config{})
	a := &alert.Alert{ID: hive.NewID(hive.PrefixAlert, h.clock.Now()), TenantID: h.boot.Tenant.ID, Rule: alert.RuleNewClientIP,
		Severity: alert.SeverityWarning, KeyID: h.boot.Key.ID, Message: "Key bootstrap was used from 203.0.113.9 for the first time",
		FiredAt: h.clock.Now(), DedupKey: "x"}
	if ok, err := h.store.Alerts().FireAlert(t.Context(), a, time.Hour); err != nil || !ok {
		t.Fatalf("fire: %v %v", ok, err)
	}
	b := h.browser()
	b.login(ownerEmail)
	p := b.get("/console/alerts")
	mustContain(t, p, a.Message, `href="/console/keys/`+h.boot.Key.ID+`"`, "/console/alerts/"+a.ID+"/ack")

	if p := b.post("/console/alerts/"+a.ID+"/ack", url.Values{"csrf": {"forged"}}); p.StatusCode != http.StatusForbidden {
		t.Errorf("acknowledge with a forged token: %d, want 403", p.StatusCode)
	}
	if got, _ := h.alerts.Alert(t.Context(), h.owner(), a.ID); got.AcknowledgedAt != nil {
		t.Fatal("a forged form acknowledged the alert")
	}
	if p := b.post("/console/alerts/"+a.ID+"/ack", url.Values{}); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d, want 303\n%s", p.StatusCode, p.Body)
	}
	if p := b.get("/console/alerts"); strings.Contains(p.Body, `data-alert-id="`+a.ID+`"`) {
		t.Error("the acknowledged alert is still listed as open")
	}
	mustContain(t, b.get("/console/alerts?status=acknowledged"), a.Message, "Acknowledged by "+ownerEmail)
	mustContain(t, b.get("/console/alerts?status=&key_id="+h.boot.Key.ID), `data-alert-id="`+a.ID+`"`)
	if p := b.get("/console/alerts?status=&key_id=" + hive.NewID(hive.PrefixKey, h.clock.Now())); strings.Contains(p.Body, `data-alert-id="`) {
		t.Error("alerts of another key are listed under this one")
	}
	mustContain(t, b.get("/console/keys/"+h.boot.Key.ID), `href="/console/keys/`+h.boot.Key.ID+`/usage"`)
}

func TestWebhooksCreateShowSecretOnceListDeliveriesDelete(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	b.get("/console/webhooks")

	form := url.Values{"url": {"https://hooks.example.com/hive"}, "events": {"door.entry", "alert.fired"}}
	forged := url.Values{"url": form["url"], "events": form["events"], "csrf": {"forged"}}
	if p := b.post("/console/webhooks", forged); p.StatusCode != http.StatusForbidden {
		t.Errorf("forged form: %d, want 403", p.StatusCode)
	}
	if p := b.post("/console/webhooks", url.Values{"url": {"http://hooks.example.com/"}, "events": {"door.entry"}}); p.StatusCode != http.StatusBadRequest ||
		!strings.Contains(p.Body, `id="error-url"`) {
		t.Errorf("plain http URL: %d, want 400 with the error beside the URL", p.StatusCode)
	}
	if p := b.post("/console/webhooks", url.Values{"url": form["url"]}); !strings.Contains(p.Body, `id="error-events"`) {
		t.Errorf("no events: the page does not say to choose one")
	}
	p := b.post("/console/webhooks", form)
	if p.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d, want 201\n%s", p.StatusCode, p.Body)
	}
	eps, _, _ := h.webhooks.ListEndpoints(t.Context(), h.owner(), webhookPage)
	if len(eps) != 1 {
		t.Fatalf("%d endpoints, want 1 (the refused forms must create none)", len(eps))
	}
	mustContain(t, p, `id="secret-dialog"`, `value="`+eps[0].Secret+`"`, "shown only once")
	if p := b.get("/console/webhooks"); strings.Contains(p.Body, eps[0].Secret) {
		t.Error("the signing secret is shown again")
	}

	if err := h.webhooks.Publish(t.Context(), h.boot.Tenant.ID, "door.entry", map[string]string{"door_id": "front"}); err != nil {
		t.Fatal(err)
	}
	p = b.get("/console/webhooks/" + eps[0].ID)
	mustContain(t, p, "<code>door.entry</code>", `<span class="badge pending">pending</span>`, `<td class="num">0</td>`)

	if p := b.post("/console/webhooks/"+eps[0].ID+"/delete", url.Values{}); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d, want 303", p.StatusCode)
	}
	if eps, _, _ := h.webhooks.ListEndpoints(t.Context(), h.owner(), webhookPage); len(eps) != 0 {
		t.Errorf("%d endpoints after delete, want 0", len(eps))
	}
}

func TestPrivacyAndRetentionSettings(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	mustContain(t, b.get("/console/settings/privacy"), `name="threshold" min="3" max="1000" value="5"`, `value="7"`)

	if p := b.post("/console/settings/privacy", url.Values{"threshold": {"8"}, "comment_threshold": {"12"}, "csrf": {""}}); p.StatusCode != http.StatusForbidden {
		t.Errorf("without a token: %d, want 403", p.StatusCode)
	}
	p := b.post("/console/settings/privacy", url.Values{"threshold": {"8"}, "comment_threshold": {"6"}})
	if p.StatusCode != http.StatusBadRequest || !strings.Contains(p.Body, `id="error-comment_threshold"`) || !strings.Contains(p.Body, `value="6"`) {
		t.Errorf("comment threshold below the threshold: %d, want 400 with the error and the typed value", p.StatusCode)
	}
	if p := b.post("/console/settings/privacy", url.Values{"threshold": {"8"}, "comment_threshold": {"12"}}); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("save thresholds: %d, want 303\n%s", p.StatusCode, p.Body)
	}
	if st, _ := h.people.Privacy(t.Context(), h.owner()); st.Threshold != 8 || st.CommentThreshold != 12 {
		t.Errorf("saved thresholds = %d, %d; want 8, 12", st.Threshold, st.CommentThreshold)
	}
	if p := b.post("/console/settings/api-logs", url.Values{"api_log_retention_days": {"120"}}); p.StatusCode != http.StatusBadRequest ||
		!strings.Contains(p.Body, `id="error-api_log_retention_days"`) {
		t.Errorf("120 days: %d, want 400 with the error beside the field", p.StatusCode)
	}
	if p := b.post("/console/settings/api-logs", url.Values{"api_log_retention_days": {"30"}}); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("save retention: %d, want 303", p.StatusCode)
	}
	if set, _ := h.usage.Settings(t.Context(), h.owner()); set.RetentionDays != 30 {
		t.Errorf("retention = %d days, want 30", set.RetentionDays)
	}
}

var webhookPage = webhook.Page{Limit: 100}

const peopleHeader = "employee_id,email,first_name,last_name,start_date,date_of_birth,department\n"

func TestPeopleUploadPreviewsBeforeImporting(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	b.get("/console/settings/people")
	count := func() int {
		t.Helper()
		n, err := h.store.People().CountPeople(t.Context(), h.boot.Tenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	bad := peopleHeader + "E1,not-an-email,Ann,Lee,2020-01-06,1990-05-01,Sales\n" + "E2,bo@example.com,Bo,Chan,someday,,Support\n"
	p := b.postFile("/console/settings/people/preview", "file", "people.csv", bad, nil)
	if p.StatusCode != http.StatusBadRequest {
		t.Errorf("file with errors: %d, want 400", p.StatusCode)
	}
	mustContain(t, p, `id="import-errors"`, "people.csv has 2 problem(s)", `<td class="num">2</td><td><code>email</code>`,
		`<td class="num">3</td><td><code>start_date</code>`)
	if strings.Contains(p.Body, `id="confirm-import"`) {
		t.Error("a file with errors can be confirmed")
	}

	good := peopleHeader + "E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\n" + "E2,bo@example.com,Bo,Chan,,,Support\n"
	if p := b.postFile("/console/settings/people/preview", "file", "people.csv", good, url.Values{"csrf": {"forged"}}); p.StatusCode != http.StatusForbidden {
		t.Errorf("preview with a forged token: %d, want 403", p.StatusCode)
	}
	p = b.postFile("/console/settings/people/preview", "file", "people.csv", good, nil)
	mustContain(t, p, `<dd id="would-create">2</dd>`, `<dd id="would-update">0</dd>`, "<code>department</code>", `id="confirm-import"`)
	if n := count(); n != 0 {
		t.Fatalf("the preview wrote %d people", n)
	}
	file := regexp.MustCompile(`name="file" value="([^"]+)"`).FindStringSubmatch(p.Body)
	if file == nil {
		t.Fatal("the confirm form does not carry the file")
	}
	if p := b.post("/console/settings/people/import", url.Values{"file": {file[1]}, "csrf": {"forged"}}); p.StatusCode != http.StatusForbidden {
		t.Errorf("confirm with a forged token: %d, want 403", p.StatusCode)
	}
	if n := count(); n != 0 {
		t.Fatalf("a forged confirm wrote %d people", n)
	}
	p = b.post("/console/settings/people/import", url.Values{"file": {html.UnescapeString(file[1])}})
	if p.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d, want 303\n%s", p.StatusCode, p.Body)
	}
	if n := count(); n != 2 {
		t.Errorf("%d people after the import, want 2", n)
	}
	mustContain(t, b.get("/console/settings/people"), "2 created, 0 updated, 0 unchanged")
	if p := b.post("/console/settings/people/import", url.Values{"file": {"%%%"}}); p.StatusCode != http.StatusBadRequest {
		t.Errorf("a mangled file: %d, want 400", p.StatusCode)
	}
	if p := b.postFile("/console/settings/people/preview", "file", "big.csv", strings.Repeat("x", 23<<20), nil); p.StatusCode != http.StatusBadRequest ||
		!strings.Contains(p.Body, "larger than 16 MiB") {
		t.Errorf("a 23 MiB upload: %d, want 400 saying it is too large", p.StatusCode)
	}
}
