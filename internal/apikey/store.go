package apikey

import (
	"context"
	"time"
)

// Store persists tenants, users, service accounts, keys and audit events.
// Every method that takes a tenant ID only sees that tenant's rows: an ID of
// another tenant is ENOTFOUND. Errors are *hive.Error with codes ENOTFOUND
// and ECONFLICT as stated; anything else is an internal error. Times are
// returned in UTC with microsecond precision.
type Store interface {
	// WithinTx runs fn with a Store bound to one transaction, committing if fn
	// returns nil and rolling back otherwise. Calling WithinTx on a Store
	// already bound to a transaction runs fn in that same transaction.
	WithinTx(ctx context.Context, fn func(tx Store) error) error

	// CreateTenant inserts t. Returns ECONFLICT if the slug is taken.
	CreateTenant(ctx context.Context, t *Tenant) error
	// TenantByID returns ENOTFOUND if no tenant has that ID.
	TenantByID(ctx context.Context, id string) (*Tenant, error)
	// UpdateTenant saves Name, AllowNonExpiringKeys, Plan, RateLimitPerMinute
	// and ConcurrencyLimit. Returns ENOTFOUND if no tenant has t's ID.
	UpdateTenant(ctx context.Context, t *Tenant) error
	// TenantBySlug returns ENOTFOUND if no tenant has that slug.
	TenantBySlug(ctx context.Context, slug string) (*Tenant, error)

	// CreateUser inserts u. Returns ECONFLICT if the email is taken in the tenant.
	CreateUser(ctx context.Context, u *User) error
	// UserByID returns ENOTFOUND if the tenant has no such user.
	UserByID(ctx context.Context, tenantID, id string) (*User, error)
	// UserByEmail matches the lower-cased email; ENOTFOUND if absent.
	UserByEmail(ctx context.Context, tenantID, email string) (*User, error)
	// ListUsers returns the tenant's users ordered by email.
	ListUsers(ctx context.Context, tenantID string) ([]*User, error)
	// UpdateUserRole saves the user's role. Returns ENOTFOUND if the tenant
	// has no such user.
	UpdateUserRole(ctx context.Context, tenantID, id string, role Role) error

	// CreateServiceAccount inserts a. Returns ECONFLICT if a live account of
	// the tenant has the same name.
	CreateServiceAccount(ctx context.Context, a *ServiceAccount) error
	// ServiceAccountByID returns ENOTFOUND for unknown and deleted accounts.
	ServiceAccountByID(ctx context.Context, tenantID, id string) (*ServiceAccount, error)
	// ListServiceAccounts returns live accounts newest first and the total
	// number matching the filter, ignoring paging.
	ListServiceAccounts(ctx context.Context, f ServiceAccountFilter) ([]*ServiceAccount, int, error)
	// UpdateServiceAccount saves Name, Description and UpdatedAt. Returns
	// ENOTFOUND for unknown or deleted accounts, ECONFLICT for a taken name.
	UpdateServiceAccount(ctx context.Context, a *ServiceAccount) error
	// DeleteServiceAccount marks the account deleted at the given time.
	// Returns ENOTFOUND for unknown or already deleted accounts.
	DeleteServiceAccount(ctx context.Context, tenantID, id string, at time.Time) error

	// CreateKey inserts k. Returns ECONFLICT if the hash already exists.
	CreateKey(ctx context.Context, k *Key) error
	// KeyByID returns the key, whatever its status; ENOTFOUND if absent.
	KeyByID(ctx context.Context, tenantID, id string) (*Key, error)
	// KeyByHash returns the key with the given SHA-256 hash in any tenant,
	// including revoked and expired keys. ENOTFOUND if no key has that hash.
	KeyByHash(ctx context.Context, hash [32]byte) (*Key, error)
	// ListKeys returns matching keys newest first and the total number
	// matching the filter, ignoring paging.
	ListKeys(ctx context.Context, f KeyFilter) ([]*Key, int, error)
	// UpdateKey saves every mutable field of k: Name, Permissions, Resources,
	// IPAllowlist, RateLimitPerMinute, ExpiresAt, RevokedAt, ReplacedBy,
	// AllowQueryKey and UpdatedAt. The disabled state is left alone: only
	// SetKeyDisabled changes it. Returns ENOTFOUND if the tenant has no such key.
	UpdateKey(ctx context.Context, k *Key) error
	// TouchKeys records uses of keys. last_used_at only moves forward, and the
	// IP is taken from the latest use. Unknown key IDs are ignored.
	TouchKeys(ctx context.Context, uses []KeyUsage) error
	// ExpiringKeys returns the unrevoked keys of every tenant whose expiry is
	// after now and at or before before, soonest first.
	ExpiringKeys(ctx context.Context, now, before time.Time) ([]*Key, error)

	// SetKeyDisabled disables (d.At set) or enables (d.At nil) an unrevoked
	// key, and reports whether it changed: disabling a disabled key or
	// enabling an enabled one is false, as is a revoked key. With
	// d.UnusedSince set, the key is disabled only if it has not been used,
	// created or enabled since, so a use recorded after the caller looked
	// keeps it live. Enabling sets EnabledAt to d.UpdatedAt. The condition and the
	// change are one statement, so of several nodes acting at once exactly
	// one sees true. Returns ENOTFOUND if the tenant has no such key.
	SetKeyDisabled(ctx context.Context, d KeyDisable) (bool, error)
	// UnusedKeys returns the tenant's keys that are neither revoked,
	// disabled nor expired at now, and were last used, created or enabled,
	// whichever is last, at or before before; least recently so first.
	UnusedKeys(ctx context.Context, tenantID string, now, before time.Time) ([]*Key, error)

	// KeyPolicy returns the tenant's key policy: the zero policy for a
	// tenant that never saved one, with AllowNeverExpiring from the tenant's
	// AllowNonExpiringKeys either way. ENOTFOUND if no tenant has that ID.
	KeyPolicy(ctx context.Context, tenantID string) (*KeyPolicy, error)
	// SaveKeyPolicy saves every field of p, AllowNeverExpiring as the
	// tenant's AllowNonExpiringKeys. ENOTFOUND if no tenant has p's TenantID.
	SaveKeyPolicy(ctx context.Context, p *KeyPolicy) error
	// KeyPoliciesDisablingUnused returns the policies of every tenant whose
	// DisableUnusedAfterDays is set.
	KeyPoliciesDisablingUnused(ctx context.Context) ([]*KeyPolicy, error)

	// AddAuditEvent inserts e.
	AddAuditEvent(ctx context.Context, e *AuditEvent) error
	// ListAuditEvents returns matching events newest first and the total.
	ListAuditEvents(ctx context.Context, f AuditFilter) ([]*AuditEvent, int, error)

	// Ping reports whether the database answers.
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error
}
