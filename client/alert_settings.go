package client

import (
	"context"
	"net/http"

	"github.com/hive-platform/hive/api"
)

// AlertSettings is api.AlertSettings.
type AlertSettings = api.AlertSettings

// AlertRuleSettings is api.AlertRuleSettings.
type AlertRuleSettings = api.AlertRuleSettings

// AlertChannels is api.AlertChannels.
type AlertChannels = api.AlertChannels

// AlertSettingsRequest is api.AlertSettingsRequest.
type AlertSettingsRequest = api.AlertSettingsRequest

// AlertRuleUpdate is api.AlertRuleUpdate.
type AlertRuleUpdate = api.AlertRuleUpdate

// AlertChannelsUpdate is api.AlertChannelsUpdate.
type AlertChannelsUpdate = api.AlertChannelsUpdate

// AlertSettings returns the tenant's alert settings: GET /v1/settings/alerts.
func (c *Client) AlertSettings(ctx context.Context) (*AlertSettings, error) {
	return call[AlertSettings](ctx, c, http.MethodGet, "/v1/settings/alerts", nil, nil)
}

// UpdateAlertSettings changes the tenant's alert settings: PUT
// /v1/settings/alerts.
func (c *Client) UpdateAlertSettings(ctx context.Context, req AlertSettingsRequest) (*AlertSettings, error) {
	return call[AlertSettings](ctx, c, http.MethodPut, "/v1/settings/alerts", nil, req)
}
