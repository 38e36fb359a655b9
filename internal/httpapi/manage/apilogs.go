package manage

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/usage"
)

// listAPILogs handles "GET /v1/api-logs", newest first, filtered by
// key_id, status (429 or 4xx), route, and the half-open range from..to.
func (s *API) listAPILogs(w http.ResponseWriter, r *http.Request) error {
	page, limit, err := edge.PageOf(r)
	if err != nil {
		return err
	}
	f, err := logFilter(r.URL.Query())
	if err != nil {
		return err
	}
	p := edge.Principal(r)
	f.Limit, f.After = page.Limit, page.After
	f.Visible = func(e *usage.Entry) bool { return edge.LogVisible(p, e.Route, e.Path) }
	list, err := s.usage.Logs(r.Context(), p, f)
	if err != nil {
		return err
	}
	list, more := edge.TrimPage(list, limit)
	out := api.APILogList{Object: "list", Data: make([]api.APILog, len(list)), HasMore: more}
	for i, e := range list {
		out.Data[i] = newAPILog(e)
	}
	if more {
		out.NextCursor = &list[len(list)-1].ID
	}
	return edge.WriteJSON(w, http.StatusOK, out)
}

// logFilter reads the filters of the API log list from q.
func logFilter(q url.Values) (usage.LogFilter, error) {
	var f usage.LogFilter
	if v := q.Get("key_id"); v != "" {
		f.KeyID = &v
	}
	if v := q.Get("route"); v != "" {
		if !isRoutePattern(v) {
			return f, hive.FieldError("route", "%q lacks its method: give the route pattern as the log shows it, method included, such as \"GET /v1/surveys\"", v)
		}
		f.Route = &v
	}
	if v := q.Get("status"); v != "" {
		if err := statusFilter(&f, v); err != nil {
			return f, err
		}
	}
	var err error
	if f.From, err = queryTime(q, "from"); err != nil {
		return f, err
	}
	f.To, err = queryTime(q, "to")
	return f, err
}

// isRoutePattern reports whether v is a method and a path, as the log
// records routes: a route without its method would match nothing.
func isRoutePattern(v string) bool {
	method, path, ok := strings.Cut(v, " ")
	return ok && method != "" && strings.Trim(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" && strings.HasPrefix(path, "/")
}

// statusFilter reads an exact status such as 429 or a class such as 4xx.
func statusFilter(f *usage.LogFilter, v string) error {
	if class, ok := strings.CutSuffix(strings.ToLower(v), "xx"); ok {
		n, err := strconv.Atoi(class)
		if err != nil || n < 1 || n > 5 {
			return hive.FieldError("status", "must be a status such as 429 or a class from 1xx to 5xx, not %q", v)
		}
		f.StatusClass = &n
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 100 || n > 599 {
		return hive.FieldError("status", "must be a status such as 429 or a class from 1xx to 5xx, not %q", v)
	}
	f.Status = &n
	return nil
}

// queryTime reads an optional RFC 3339 time parameter.
func queryTime(q url.Values, name string) (*time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return nil, hive.FieldError(name, "must be an RFC 3339 time such as 2026-03-02T09:30:00Z, not %q", v)
	}
	return &t, nil
}

// getAPILog handles "GET /v1/api-logs/{id}".
func (s *API) getAPILog(w http.ResponseWriter, r *http.Request) error {
	e, err := s.visibleLog(r)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAPILog(e))
}

// visibleLog returns the entry named in r's path if the caller may see it
// (edge.LogVisible); any other is not found, so nothing tells it exists.
func (s *API) visibleLog(r *http.Request) (*usage.Entry, error) {
	p, id := edge.Principal(r), r.PathValue("id")
	e, err := s.usage.Log(r.Context(), p, id)
	if err == nil && !edge.LogVisible(p, e.Route, e.Path) {
		return nil, hive.Errorf(hive.ENOTFOUND, "API log entry %q not found among the entries this key may read", id)
	}
	return e, err
}

// getAPILogResponse handles "GET /v1/api-logs/{id}/response": the stored
// response body, with the content type it was sent with.
func (s *API) getAPILogResponse(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.visibleLog(r); err != nil {
		return err
	}
	e, body, err := s.usage.LogBody(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	ct := e.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Hive-Body-Truncated", strconv.FormatBool(e.BodyTruncated))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

// getAPILogSettings handles "GET /v1/settings/api-logs".
func (s *API) getAPILogSettings(w http.ResponseWriter, r *http.Request) error {
	set, err := s.usage.Settings(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAPILogSettings(set))
}

// updateAPILogSettings handles "PUT /v1/settings/api-logs".
func (s *API) updateAPILogSettings(w http.ResponseWriter, r *http.Request) error {
	var req api.APILogSettingsRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	set, err := s.usage.UpdateSettings(r.Context(), edge.Principal(r), req.APILogRetentionDays)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAPILogSettings(set))
}

func newAPILogSettings(set *usage.Settings) api.APILogSettings {
	return api.APILogSettings{Object: "api_log_settings", APILogRetentionDays: set.RetentionDays,
		DefaultRetentionDays: usage.DefaultRetentionDays}
}

// newAPILog is the wire view of e.
func newAPILog(e *usage.Entry) api.APILog {
	return api.APILog{ID: e.ID, Object: "api_log", Time: e.Time, KeyID: optString(e.KeyID),
		UserID: optString(e.UserID), Method: e.Method, Route: optString(e.Route), Path: e.Path, Query: e.Query,
		Status: e.Status, ErrorCode: optString(e.ErrorCode), Reason: optString(e.Reason),
		RateLimited: e.RateLimited, AuthVia: authVia(e.AuthVia), LatencyMS: float64(e.Latency.Microseconds()) / 1000,
		ClientIP: optString(e.ClientIP), UserAgent: e.UserAgent, RequestID: e.RequestID,
		ResponseBytes: e.ResponseBytes, ContentType: e.ContentType, BodyTruncated: e.BodyTruncated,
		BodyDropped: e.BodyDropped, SuppressedCount: e.SuppressedCount, ResponseURL: "/v1/api-logs/" + e.ID + "/response"}
}

// authVia is where an entry's credential came from, as the API log shows
// it: the query string, or a header (also for requests without one).
func authVia(v string) string {
	if v == "" {
		return "header"
	}
	return v
}
