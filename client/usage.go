package client

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/hive-platform/hive/api"
)

// APILog is api.APILog.
type APILog = api.APILog

// APILogList is api.APILogList.
type APILogList = api.APILogList

// ListAPILogsParams filters GET /v1/api-logs. Status is an exact status
// such as "429" or a class such as "4xx". From and To are a half-open
// range.
type ListAPILogsParams struct {
	KeyID    string
	Status   string
	Route    string // a route pattern, such as "GET /v1/api-keys/{id}"
	From, To time.Time
	ListParams
}

// APILogSettings is api.APILogSettings.
type APILogSettings = api.APILogSettings

// APILogSettingsRequest is api.APILogSettingsRequest.
type APILogSettingsRequest = api.APILogSettingsRequest

// UsageParams choose a usage report: Interval is minute, hour (the
// default) or day; zero times default to the last day up to now.
type UsageParams struct {
	From, To time.Time
	Interval string
}

// UsagePoint is api.UsagePoint.
type UsagePoint = api.UsagePoint

// Usage is api.Usage.
type Usage = api.Usage

// ListAPILogs returns one page of the API log: GET /v1/api-logs.
func (c *Client) ListAPILogs(ctx context.Context, p ListAPILogsParams) (*APILogList, error) {
	q := pageQuery(p.ListParams)
	setIf(q, "key_id", p.KeyID)
	setIf(q, "status", p.Status)
	setIf(q, "route", p.Route)
	setTime(q, "from", p.From)
	setTime(q, "to", p.To)
	return call[APILogList](ctx, c, http.MethodGet, "/v1/api-logs", q, nil)
}

// GetAPILog returns one entry of the API log: GET /v1/api-logs/{id}.
func (c *Client) GetAPILog(ctx context.Context, id string) (*APILog, error) {
	return call[APILog](ctx, c, http.MethodGet, apiLogPath(id), nil, nil)
}

// GetAPILogResponse returns the stored response body of an entry and its
// content type: GET /v1/api-logs/{id}/response.
func (c *Client) GetAPILogResponse(ctx context.Context, id string) ([]byte, string, error) {
	var raw rawBody
	if err := c.do(ctx, http.MethodGet, apiLogPath(id)+"/response", nil, nil, &raw); err != nil {
		return nil, "", err
	}
	return raw.body, raw.contentType, nil
}

// APILogSettings returns the tenant's API-log settings: GET
// /v1/settings/api-logs.
func (c *Client) APILogSettings(ctx context.Context) (*APILogSettings, error) {
	return call[APILogSettings](ctx, c, http.MethodGet, "/v1/settings/api-logs", nil, nil)
}

// UpdateAPILogSettings changes the tenant's API-log retention: PUT
// /v1/settings/api-logs.
func (c *Client) UpdateAPILogSettings(ctx context.Context, req APILogSettingsRequest) (*APILogSettings, error) {
	return call[APILogSettings](ctx, c, http.MethodPut, "/v1/settings/api-logs", nil, req)
}

// KeyUsage reports one key's usage: GET /v1/api-keys/{id}/usage.
func (c *Client) KeyUsage(ctx context.Context, keyID string, p UsageParams) (*Usage, error) {
	return call[Usage](ctx, c, http.MethodGet, keyPath(keyID)+"/usage", usageQuery(p), nil)
}

// TenantUsage reports the usage of every key of the tenant, in total, by
// key and by route: GET /v1/usage.
func (c *Client) TenantUsage(ctx context.Context, p UsageParams) (*Usage, error) {
	return call[Usage](ctx, c, http.MethodGet, "/v1/usage", usageQuery(p), nil)
}

func usageQuery(p UsageParams) url.Values {
	q := url.Values{}
	setIf(q, "interval", p.Interval)
	setTime(q, "from", p.From)
	setTime(q, "to", p.To)
	return q
}

func setTime(q url.Values, key string, t time.Time) {
	if !t.IsZero() {
		q.Set(key, t.UTC().Format(time.RFC3339Nano))
	}
}

func apiLogPath(id string) string { return "/v1/api-logs/" + url.PathEscape(id) }

// rawBody receives a response that is not JSON, as it came.
type rawBody struct {
	body        []byte
	contentType string
}
