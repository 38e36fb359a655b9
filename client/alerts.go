package client

import (
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/hive-platform/hive/api"
)

// Alert is api.Alert.
type Alert = api.Alert

// ListAlertsParams filters GET /v1/alerts. Every field is optional.
type ListAlertsParams struct {
	Status string // "open" or "acknowledged"
	Rule   string
	KeyID  string
	ListParams
}

// ListAlerts returns one page of the tenant's alerts, newest first:
// GET /v1/alerts.
func (c *Client) ListAlerts(ctx context.Context, p ListAlertsParams) (*List[Alert], error) {
	q := pageQuery(p.ListParams)
	setIf(q, "status", p.Status)
	setIf(q, "rule", p.Rule)
	setIf(q, "key_id", p.KeyID)
	return call[List[Alert]](ctx, c, http.MethodGet, "/v1/alerts", q, nil)
}

// GetAlert returns one alert: GET /v1/alerts/{id}.
func (c *Client) GetAlert(ctx context.Context, id string) (*Alert, error) {
	return call[Alert](ctx, c, http.MethodGet, alertPath(id), nil, nil)
}

// AckAlert acknowledges an alert: POST /v1/alerts/{id}/ack. Acknowledging
// it again changes nothing.
func (c *Client) AckAlert(ctx context.Context, id string) (*Alert, error) {
	return call[Alert](ctx, c, http.MethodPost, alertPath(id)+"/ack", nil, nil)
}

// KeyExpiryCalendar returns the iCalendar feed of the tenant's key expiry
// dates: GET /v1/api-keys/expiry.ics.
func (c *Client) KeyExpiryCalendar(ctx context.Context) ([]byte, error) {
	req, err := c.newRequest(ctx, http.MethodGet, c.baseURL+"/v1/api-keys/expiry.ics", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/calendar")
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, c.decodeError(resp)
	}
	return io.ReadAll(resp.Body)
}

func alertPath(id string) string { return "/v1/alerts/" + url.PathEscape(id) }
