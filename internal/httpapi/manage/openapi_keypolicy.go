package manage

import (
	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// Examples of the key policy and of disabled keys, for the routes'
// documentation in the endpoint tables.
var (
	exKeyPolicy = api.KeyPolicy{Object: "key_policy", MaxLifetimeDays: edge.Ptr(90), DisableUnusedAfterDays: edge.Ptr(60),
		UnusedWarningDays: 7, AdminKeysRequireIPAllowlist: true, UpdatedAt: &exTime, UpdatedBy: &exUserID}
	exKeyPolicyRequest = api.KeyPolicyRequest{MaxLifetimeDays: edge.Ptr(90), DisableUnusedAfterDays: edge.Ptr(60),
		UnusedWarningDays: edge.Ptr(7), AdminKeysRequireIPAllowlist: true}
	exDisabledKey = func() api.APIKey {
		k := exAPIKey
		k.Status, k.DisabledAt, k.DisabledReason = "disabled", &exTime, edge.Ptr("manual")
		return k
	}()
)

const keyPolicyDoc = "max_lifetime_days (1 to 3650, null for none) caps how far ahead a key created, edited, rotated, " +
	"regenerated or enabled may expire, and shortens the default 90 days; allow_never_expiring lets keys be made without an expiry " +
	"(not with max_lifetime_days); disable_unused_after_days (2 to 3650, null for never) disables keys unused that long, " +
	"counting from creation for a key never used, after a key_unused alert unused_warning_days before (default 7, 0 for none); " +
	"admin_keys_require_ip_allowlist refuses service-account keys holding admin:read or admin:write without an IP allowlist. " +
	"A request that breaks the policy is a 400 naming the field to change, with details.policy naming the rule. " +
	"Existing keys are not changed when the policy is saved."
