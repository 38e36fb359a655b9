package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/hive-platform/hive/internal/apikey"
)

const userColumns = `id, tenant_id, email, name, password_hash, role, created_at`

// CreateUser inserts u with its email lower-cased; an email taken in the
// tenant is ECONFLICT. Lower-casing in Go rather than SQL keeps both stores
// agreeing on letters beyond ASCII.
func (s *Store) CreateUser(ctx context.Context, u *apikey.User) error {
	_, err := s.writes().ExecContext(ctx, `INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.TenantID, strings.ToLower(u.Email), u.Name, u.PasswordHash, string(u.Role), micros{&u.CreatedAt})
	return failure{
		op:       "create user",
		conflict: fmt.Sprintf("a user with email %q already exists", strings.ToLower(u.Email)),
	}.translate(err)
}

// UserByID returns the tenant's user with the given ID, or ENOTFOUND.
func (s *Store) UserByID(ctx context.Context, tenantID, id string) (*apikey.User, error) {
	return s.userWhere(ctx, tenantID, "id", id)
}

// UserByEmail returns the tenant's user with the given email, in any case,
// or ENOTFOUND.
func (s *Store) UserByEmail(ctx context.Context, tenantID, email string) (*apikey.User, error) {
	return s.userWhere(ctx, tenantID, "email", strings.ToLower(email))
}

// userWhere returns the tenant's user whose unique column holds value.
func (s *Store) userWhere(ctx context.Context, tenantID, column, value string) (*apikey.User, error) {
	var u apikey.User
	err := s.reads().QueryRowContext(ctx,
		`SELECT `+userColumns+` FROM users WHERE tenant_id = ? AND `+column+` = ?`, tenantID, value).
		Scan(&u.ID, &u.TenantID, &u.Email, &u.Name, &u.PasswordHash, &u.Role, micros{&u.CreatedAt})
	if err != nil {
		return nil, failure{op: "user by " + column, notFound: "user not found"}.translate(err)
	}
	return &u, nil
}

// ListUsers returns the tenant's users ordered by email. Tenants have tens
// of console users, not thousands, so the list is not paged.
func (s *Store) ListUsers(ctx context.Context, tenantID string) ([]*apikey.User, error) {
	rows, err := s.reads().QueryContext(ctx,
		`SELECT `+userColumns+` FROM users WHERE tenant_id = ? ORDER BY email`, tenantID)
	if err != nil {
		return nil, failure{op: "list users"}.translate(err)
	}
	defer rows.Close()
	var out []*apikey.User
	for rows.Next() {
		var u apikey.User
		if err := rows.Scan(&u.ID, &u.TenantID, &u.Email, &u.Name, &u.PasswordHash, &u.Role, micros{&u.CreatedAt}); err != nil {
			return nil, failure{op: "list users"}.translate(err)
		}
		out = append(out, &u)
	}
	return out, failure{op: "list users"}.translate(rows.Err())
}

// UpdateUserRole saves the user's role, or returns ENOTFOUND.
func (s *Store) UpdateUserRole(ctx context.Context, tenantID, id string, role apikey.Role) error {
	err := s.writes().QueryRowContext(ctx, `UPDATE users SET role = ? WHERE tenant_id = ? AND id = ? RETURNING 1`,
		string(role), tenantID, id).Scan(new(int))
	return failure{op: "update user role", notFound: "user not found"}.translate(err)
}
