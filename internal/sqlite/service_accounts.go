package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
)

const serviceAccountColumns = `id, tenant_id, name, description, created_by, created_at, updated_at, deleted_at`

// CreateServiceAccount inserts a; a name taken by a live account of the
// tenant is ECONFLICT.
func (s *Store) CreateServiceAccount(ctx context.Context, a *apikey.ServiceAccount) error {
	_, err := s.writes().ExecContext(ctx,
		`INSERT INTO service_accounts (`+serviceAccountColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		serviceAccountFields(a)...)
	return failure{op: "create service account", conflict: nameTaken(a.Name)}.translate(err)
}

// ServiceAccountByID returns the tenant's live account with the given ID, or
// ENOTFOUND.
func (s *Store) ServiceAccountByID(ctx context.Context, tenantID, id string) (*apikey.ServiceAccount, error) {
	a, err := scanServiceAccount(s.reads().QueryRowContext(ctx, `SELECT `+serviceAccountColumns+`
		FROM service_accounts WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL`, tenantID, id))
	if err != nil {
		return nil, failure{op: "service account by id", notFound: "service account not found"}.translate(err)
	}
	return a, nil
}

// ListServiceAccounts returns a page of the tenant's live accounts, newest
// first, and how many there are.
func (s *Store) ListServiceAccounts(ctx context.Context, f apikey.ServiceAccountFilter) ([]*apikey.ServiceAccount, int, error) {
	var w filter
	w.where("tenant_id = :tenant AND deleted_at IS NULL", sql.Named("tenant", f.TenantID))
	out, total, err := list(ctx, s.reads(), "service_accounts", serviceAccountColumns, w, f.Page, scanServiceAccount)
	return out, total, failure{op: "list service accounts"}.translate(err)
}

// UpdateServiceAccount saves a's name, description and update time. An
// unknown or deleted account is ENOTFOUND, a taken name ECONFLICT.
func (s *Store) UpdateServiceAccount(ctx context.Context, a *apikey.ServiceAccount) error {
	err := s.writes().QueryRowContext(ctx, `UPDATE service_accounts SET name = ?, description = ?, updated_at = ?
		WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL RETURNING id`,
		a.Name, a.Description, micros{&a.UpdatedAt}, a.TenantID, a.ID).Scan(new(string))
	return failure{
		op:       "update service account",
		notFound: "service account not found",
		conflict: nameTaken(a.Name),
	}.translate(err)
}

// DeleteServiceAccount marks the account deleted at the given time, keeping
// the row for the audit trail. An unknown or deleted account is ENOTFOUND.
func (s *Store) DeleteServiceAccount(ctx context.Context, tenantID, id string, at time.Time) error {
	err := s.writes().QueryRowContext(ctx, `UPDATE service_accounts SET deleted_at = ?
		WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL RETURNING id`,
		at.UnixMicro(), tenantID, id).Scan(new(string))
	return failure{op: "delete service account", notFound: "service account not found"}.translate(err)
}

func nameTaken(name string) string {
	return fmt.Sprintf("a service account named %q already exists", name)
}

// serviceAccountFields returns a's fields in serviceAccountColumns order, as
// arguments or as Scan targets.
func serviceAccountFields(a *apikey.ServiceAccount) []any {
	return []any{&a.ID, &a.TenantID, &a.Name, &a.Description, &a.CreatedBy,
		micros{&a.CreatedAt}, micros{&a.UpdatedAt}, nullMicros{&a.DeletedAt}}
}

func scanServiceAccount(row rowScanner) (*apikey.ServiceAccount, error) {
	var a apikey.ServiceAccount
	if err := row.Scan(serviceAccountFields(&a)...); err != nil {
		return nil, err
	}
	return &a, nil
}
