package apikey

import (
	"context"
	"crypto/rand"
	"regexp"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/session"
)

// slugPattern is a DNS label: the slug is the subdomain of a tenant's URL.
var slugPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// BootstrapParams create a tenant with its first owner.
type BootstrapParams struct {
	Slug          string
	Name          string
	AdminEmail    string
	AdminPassword string // generated when empty
}

// Bootstrap is what Bootstrap created. AdminPassword and Secret are shown
// once and never stored in clear.
type Bootstrap struct {
	Tenant         *Tenant
	Owner          *User
	AdminPassword  string
	ServiceAccount *ServiceAccount
	Key            *Key
	Secret         string
}

// Bootstrap creates a tenant, an owner, a service account "bootstrap" and a
// full-access key for it, all in one transaction: an existing slug leaves
// everything as it was.
func (s *Service) Bootstrap(ctx context.Context, in BootstrapParams) (*Bootstrap, error) {
	slug := strings.ToLower(strings.TrimSpace(in.Slug))
	if !slugPattern.MatchString(slug) {
		return nil, hive.FieldError("tenant", "%q is not a valid slug: use 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen", in.Slug)
	}
	email, err := validEmail(in.AdminEmail)
	if err != nil {
		return nil, err
	}
	out := &Bootstrap{AdminPassword: in.AdminPassword}
	if out.AdminPassword == "" {
		out.AdminPassword = rand.Text()
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(out.AdminPassword), s.bcryptCost())
	if err != nil {
		return nil, err
	}
	now := s.now()
	out.Tenant = &Tenant{ID: hive.NewID(hive.PrefixTenant, now), Slug: slug, Name: orString(in.Name, slug), CreatedAt: now}
	out.Owner = &User{ID: hive.NewID(hive.PrefixUser, now), TenantID: out.Tenant.ID, Email: email,
		Name: email, PasswordHash: hash, Role: RoleOwner, CreatedAt: now}
	owner := &hive.Principal{Kind: hive.PrincipalUser, TenantID: out.Tenant.ID, UserID: out.Owner.ID,
		Permissions: RoleOwner.Scopes()}
	out.ServiceAccount = &ServiceAccount{ID: hive.NewID(hive.PrefixServiceAccount, now), TenantID: out.Tenant.ID,
		Name: "bootstrap", Description: "Created by hive bootstrap", CreatedBy: owner.UserID, CreatedAt: now, UpdatedAt: now}
	all, _ := hive.PresetScopes(hive.PresetFullAccess)
	exp := now.Add(DefaultKeyLifetime)
	out.Key = &Key{TenantID: out.Tenant.ID, Kind: KindServiceAccount, ServiceAccountID: out.ServiceAccount.ID,
		Name: "bootstrap", Permissions: all, ExpiresAt: &exp}
	out.Secret, err = s.insertKey(ctx, owner, out.Key, ActionKeyCreated, func(tx Store) error {
		if err := tx.CreateTenant(ctx, out.Tenant); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, out.Owner); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, owner, ActionTenantCreated, "tenant", out.Tenant.ID, map[string]any{"slug": slug}); err != nil {
			return err
		}
		if err := tx.CreateServiceAccount(ctx, out.ServiceAccount); err != nil {
			return err
		}
		return s.audit(ctx, tx, owner, ActionServiceAccountCreated, "service_account", out.ServiceAccount.ID,
			map[string]any{"name": out.ServiceAccount.Name})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func orString(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return strings.TrimSpace(s)
}

func (s *Service) bcryptCost() int {
	if s.cfg.BcryptCost != 0 {
		return s.cfg.BcryptCost
	}
	return bcrypt.DefaultCost
}

func validEmail(e string) (string, error) {
	e = strings.ToLower(strings.TrimSpace(e))
	at := strings.LastIndexByte(e, '@')
	if at < 1 || at == len(e)-1 || strings.ContainsAny(e, " \t\r\n") || len(e) > 254 {
		return "", hive.FieldError("email", "%q is not a valid email address", e)
	}
	return e, nil
}

// Tenant returns a tenant by slug.
func (s *Service) Tenant(ctx context.Context, slug string) (*Tenant, error) {
	return s.store.TenantBySlug(ctx, strings.ToLower(slug))
}

// CreateUser adds a user with the given role to p's tenant.
func (s *Service) CreateUser(ctx context.Context, p *hive.Principal, email, name, password string, role Role) (*User, error) {
	email, err := validEmail(email)
	if err != nil {
		return nil, err
	}
	if !role.Valid() {
		return nil, hive.FieldError("role", "unknown role %q; use owner, integrations_admin or member", role)
	}
	if len(password) < 8 {
		return nil, hive.FieldError("password", "must be at least 8 characters")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.bcryptCost())
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &User{ID: hive.NewID(hive.PrefixUser, now), TenantID: p.TenantID, Email: email,
		Name: orString(name, email), PasswordHash: hash, Role: role, CreatedAt: now}
	err = s.store.WithinTx(ctx, func(tx Store) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, ActionUserCreated, "user", u.ID, map[string]any{"email": email, "role": string(role)})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// errBadCredentials is the same for an unknown tenant, user or password, so
// the answer does not reveal which accounts exist.
var errBadCredentials = hive.Unauthorized(hive.ReasonBadCredentials,
	"The tenant, email or password is wrong. The tenant is the slug of your Hive URL (yourcompany in yourcompany.hive.hr).")

// Lockout counts failed password checks per account and refuses a locked
// account; session.Service implements it on the shared store.
type Lockout interface {
	// CheckLock returns ERATELIMITED while account is locked.
	CheckLock(ctx context.Context, account string) error
	// Failed counts a failure and returns the lock error once it locks.
	Failed(ctx context.Context, account string) error
	// Succeeded forgets the account's failures.
	Succeeded(ctx context.Context, account string) error
}

// Login checks a user's email and password in the tenant with slug and
// returns the user and a principal acting with the user's role. It is the
// only place a password is checked, so every way of signing in shares the
// account lockout: a locked account is refused before bcrypt runs, and a
// wrong password counts towards the lock, whichever surface it came from.
func (s *Service) Login(ctx context.Context, slug, email, password string) (*User, *hive.Principal, error) {
	lock := s.cfg.Lockout
	if lock == nil {
		return s.checkPassword(ctx, slug, email, password)
	}
	account := session.Account(slug, email)
	if err := lock.CheckLock(ctx, account); err != nil {
		return nil, nil, err
	}
	u, p, err := s.checkPassword(ctx, slug, email, password)
	switch {
	case hive.ErrorCode(err) == hive.EUNAUTHORIZED:
		if locked := lock.Failed(ctx, account); locked != nil {
			return nil, nil, locked
		}
		return nil, nil, err
	case err != nil:
		return nil, nil, err
	}
	if err := lock.Succeeded(ctx, account); err != nil {
		return nil, nil, err
	}
	return u, p, nil
}

// checkPassword checks the password of the user with email in the tenant
// with slug.
func (s *Service) checkPassword(ctx context.Context, slug, email, password string) (*User, *hive.Principal, error) {
	t, err := s.store.TenantBySlug(ctx, strings.ToLower(strings.TrimSpace(slug)))
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, nil, errBadCredentials
	} else if err != nil {
		return nil, nil, err
	}
	u, err := s.store.UserByEmail(ctx, t.ID, strings.ToLower(strings.TrimSpace(email)))
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		// Spend the same bcrypt time as for a real user, so response times do
		// not reveal which emails have accounts.
		bcrypt.CompareHashAndPassword(s.dummyHash(), []byte(password))
		return nil, nil, errBadCredentials
	} else if err != nil {
		return nil, nil, err
	}
	if bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(password)) != nil {
		return nil, nil, errBadCredentials
	}
	return u, UserPrincipal(t, u), nil
}

// UserPrincipal returns the principal of u acting in a console session or
// through the personal-key endpoint.
func UserPrincipal(t *Tenant, u *User) *hive.Principal {
	return &hive.Principal{Kind: hive.PrincipalUser, TenantID: t.ID, TenantSlug: t.Slug,
		UserID: u.ID, Permissions: u.Role.Scopes()}
}

// dummyHash is a bcrypt hash of nothing at the service's cost, computed once.
func (s *Service) dummyHash() []byte {
	s.dummyOnce.Do(func() {
		s.dummy, _ = bcrypt.GenerateFromPassword([]byte("hive"), s.bcryptCost())
	})
	return s.dummy
}
