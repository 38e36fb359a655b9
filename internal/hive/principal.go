package hive

import (
	"context"
	"net/netip"
	"time"
)

// PrincipalKind says who stands behind a request.
type PrincipalKind string

const (
	PrincipalServiceAccount PrincipalKind = "service_account" // a service-account key
	PrincipalUser           PrincipalKind = "user"            // a personal key, or a console session
)

// Principal is the authenticated caller of a request. Principals are built
// once per key and shared by every request that uses it, so they are never
// modified after construction.
type Principal struct {
	Kind             PrincipalKind
	TenantID         string
	TenantSlug       string
	KeyID            string // empty for a console session
	ServiceAccountID string // set for service-account keys
	UserID           string // set for personal keys and sessions
	Permissions      Scopes
	Resources        Resources
	ExpiresAt        *time.Time
	RateLimit        int // requests per minute; 0 means the server's default
	Concurrency      int // requests in flight at once; 0 means the server's default
	// AllowQueryKey is set for a key that may come as ?api_key= on the Open
	// API's GET read routes.
	AllowQueryKey bool
}

// ActorID names the principal in audit events and "created by" fields: the
// user for personal keys and sessions, the service account otherwise.
func (p *Principal) ActorID() string {
	if p.UserID != "" {
		return p.UserID
	}
	return p.ServiceAccountID
}

// Require returns a 403 naming the missing scope and the ones the caller has,
// in the shape the API authentication guide documents.
func (p *Principal) Require(s Scope) error {
	if p.Permissions.Has(s) {
		return nil
	}
	return &Error{Code: EFORBIDDEN, Message: "Insufficient permissions",
		Details: map[string]any{
			"required_permission":  string(s),
			"provided_permissions": p.Permissions.Strings(),
		}}
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal of ctx, or nil.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

type clientIPKey struct{}

// WithClientIP returns ctx carrying the caller's address.
func WithClientIP(ctx context.Context, ip netip.Addr) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// ClientIP returns the caller's address stored in ctx.
func ClientIP(ctx context.Context) netip.Addr {
	switch ip := ctx.Value(clientIPKey{}).(type) {
	case netip.Addr:
		return ip
	case *netip.Addr: // a RequestContext's
		return *ip
	}
	return netip.Addr{}
}

// RequestContext is a request's context that holds the caller's address
// and, once the request is authenticated, its principal in fields, set in
// place as the API's edge learns them: one value per request where
// WithClientIP and WithPrincipal each add a context, and the principal a
// copy of the request. ClientIP and PrincipalFrom read it as they read
// those, and a value set on a context derived from it wins, as always.
type RequestContext struct {
	context.Context
	ClientIP  netip.Addr
	Principal *Principal
}

// Value answers the principal, when set, and the caller's address.
func (c *RequestContext) Value(key any) any {
	switch key.(type) {
	case principalKey:
		if c.Principal != nil {
			return c.Principal
		}
	case clientIPKey:
		return &c.ClientIP // a pointer: an interface holding an Addr allocates
	}
	return c.Context.Value(key)
}
