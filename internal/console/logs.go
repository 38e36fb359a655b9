package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/usage"
)

// logsPerPage is how many API log entries one page of the table shows.
const logsPerPage = 50

// logQuery is the API log's filter form as typed, so the page shows it
// back and the paging links keep it.
type logQuery struct {
	KeyID  string
	Status string // an exact status such as 429, or a class such as 4xx
	Route  string
	From   string // yyyy-mm-ddThh:mm in UTC, as a datetime-local input sends it
	To     string
	After  string // the cursor: the ID of the last entry of the previous page
}

// logsData is Settings → API Logs.
type logsData struct {
	Query logQuery
	Keys  []*keyRow
	Rows  []logRow
	Next  string // the next page's address; empty on the last page
	First string // the first page's address, when this is a later one
	// Filtered is set when a filter narrows the log, so an empty page
	// says "none match" rather than "none yet".
	Filtered bool
	BaseURL  string // for the example request of the empty state
}

// logRow is an entry with its key named.
type logRow struct {
	*usage.Entry
	KeyName string
}

func readLogQuery(q url.Values) logQuery {
	return logQuery{KeyID: q.Get("key_id"), Status: strings.TrimSpace(q.Get("status")), Route: strings.TrimSpace(q.Get("route")),
		From: q.Get("from"), To: q.Get("to"), After: q.Get("starting_after")}
}

// values is q as query parameters, leaving out the empty ones.
func (q logQuery) values() url.Values {
	v := url.Values{}
	for name, s := range map[string]string{"key_id": q.KeyID, "status": q.Status, "route": q.Route, "from": q.From, "to": q.To, "starting_after": q.After} {
		if s != "" {
			v.Set(name, s)
		}
	}
	return v
}

// filter turns the form into the domain's filter, naming the field at
// fault when one cannot be read.
func (q logQuery) filter() (usage.LogFilter, error) {
	f := usage.LogFilter{Limit: logsPerPage + 1, After: q.After}
	if q.KeyID != "" {
		f.KeyID = &q.KeyID
	}
	if q.Route != "" {
		f.Route = &q.Route
	}
	if q.Status != "" {
		if err := readStatus(&f, q.Status); err != nil {
			return f, err
		}
	}
	var err error
	if f.From, err = formTime("from", q.From); err != nil {
		return f, err
	}
	f.To, err = formTime("to", q.To)
	return f, err
}

// readStatus reads an exact status such as 429 or a class such as 4xx.
func readStatus(f *usage.LogFilter, s string) error {
	bad := hive.FieldError("status", "must be a status such as 429 or a class from 1xx to 5xx, not %q", s)
	if class, ok := strings.CutSuffix(strings.ToLower(s), "xx"); ok {
		n, err := strconv.Atoi(class)
		if err != nil || n < 1 || n > 5 {
			return bad
		}
		f.StatusClass = &n
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 100 || n > 599 {
		return bad
	}
	f.Status = &n
	return nil
}

// formTime reads a datetime-local value, or an RFC 3339 time, as UTC.
func formTime(field, s string) (*time.Time, error) {
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t, nil
		}
	}
	return nil, hive.FieldError(field, "must be a date and time such as 2026-03-02T09:30 (UTC), not %q", s)
}

// listLogs handles "GET /console/logs": the tenant's API log, newest first,
// filtered by key, status, route and time, a page at a time.
func (c *Console) listLogs(w http.ResponseWriter, r *http.Request, v *visit) error {
	vw := newView(w, r, v, "API Logs", "/console/logs")
	d := &logsData{Query: readLogQuery(r.URL.Query()), BaseURL: c.baseURL(r)}
	first := d.Query
	first.After = ""
	d.Filtered = len(first.values()) > 0
	keys, err := c.keyRows(r, v.Principal, apikey.KeyFilter{})
	if err != nil {
		return err
	}
	d.Keys = keys
	if d.Query.After != "" {
		first := d.Query
		first.After = ""
		d.First = "/console/logs?" + first.values().Encode()
	}
	status := http.StatusOK
	f, err := d.Query.filter()
	var entries []*usage.Entry
	if err == nil {
		entries, err = c.usage.Logs(r.Context(), v.Principal, f)
	}
	if err != nil {
		if status, err = formError(vw, err); err != nil {
			return err
		}
	}
	d.Rows, d.Next = c.logRows(entries, keys, d.Query)
	vw.Data = d
	c.render(w, r, status, "logs", vw)
	return nil
}

// logRows names the keys of entries and, when the store returned more
// than a page, links the next page.
func (c *Console) logRows(entries []*usage.Entry, keys []*keyRow, q logQuery) ([]logRow, string) {
	names := make(map[string]string, len(keys))
	for _, k := range keys {
		names[k.ID] = k.Name + " (" + k.Hint + ")"
	}
	next := ""
	if len(entries) > logsPerPage {
		entries = entries[:logsPerPage]
		q.After = entries[len(entries)-1].ID
		next = "/console/logs?" + q.values().Encode()
	}
	rows := make([]logRow, len(entries))
	for i, e := range entries {
		rows[i] = logRow{Entry: e, KeyName: names[e.KeyID]}
	}
	return rows, next
}

// logData is one API log entry and its stored response.
type logData struct {
	Entry   *usage.Entry
	KeyName string
	Body    string // the response as text, indented when it is JSON
	NoBody  string // why there is no body to show
}

// showLog handles "GET /console/logs/{id}": the entry and the response
// data it links to. The body is the API's JSON, shown as escaped text,
// never as markup.
func (c *Console) showLog(w http.ResponseWriter, r *http.Request, v *visit) error {
	e, err := c.usage.Log(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := &logData{Entry: e, KeyName: e.KeyID}
	if e.KeyID != "" {
		if k, err := c.keys.Key(r.Context(), v.Principal, e.KeyID); err == nil {
			d.KeyName = k.Name + " (" + k.Hint + ")"
		}
	}
	_, body, err := c.usage.LogBody(r.Context(), v.Principal, e.ID)
	switch {
	case hive.ErrorCode(err) == hive.ENOTFOUND:
		d.NoBody = hive.ErrorMessage(err)
	case err != nil:
		return err
	default:
		d.Body = indentJSON(body)
	}
	vw := newView(w, r, v, e.Method+" "+e.Path, "/console/logs")
	vw.Data = d
	c.render(w, r, http.StatusOK, "log", vw)
	return nil
}

// indentJSON indents body when it is JSON; a truncated or other body is
// returned as it is.
func indentJSON(body []byte) string {
	var buf bytes.Buffer
	if json.Indent(&buf, body, "", "  ") != nil {
		return string(body)
	}
	return buf.String()
}
