package webhook

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
	hook "github.com/hive-platform/hive/webhook"
)

const maxURLLen = 2048

// EndpointParams are the choices made when registering an endpoint.
type EndpointParams struct {
	URL    string
	Events []string
}

// CreateEndpoint registers an endpoint of p's tenant and returns it with its
// signing secret, which the API shows in this response only.
func (s *Service) CreateEndpoint(ctx context.Context, p *hive.Principal, in EndpointParams) (*Endpoint, string, error) {
	u, err := s.policy.validURL(in.URL)
	if err != nil {
		return nil, "", err
	}
	events, err := s.validEvents(in.Events)
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	e := &Endpoint{ID: hive.NewID(PrefixEndpoint, now), TenantID: p.TenantID, URL: u, Events: events,
		Secret: newSecret(), Active: true, CreatedAt: now}
	err = s.store.WithinTx(ctx, func(tx Store) error {
		// Counting inside the transaction makes the limit exact on SQLite's
		// one writer; on PostgreSQL two racing requests may both pass it,
		// which only lets a tenant exceed a soft limit by one.
		_, n, err := tx.ListEndpoints(ctx, EndpointFilter{TenantID: p.TenantID, Page: Page{Limit: 1}})
		if err != nil {
			return err
		}
		if n >= s.cfg.MaxEndpoints {
			return hive.Errorf(hive.ECONFLICT, "This tenant already has %d webhook endpoints, the most allowed; delete one first", n)
		}
		return tx.CreateEndpoint(ctx, e)
	})
	if err != nil {
		return nil, "", err
	}
	return e, e.Secret, nil
}

// Endpoint returns one endpoint of p's tenant.
func (s *Service) Endpoint(ctx context.Context, p *hive.Principal, id string) (*Endpoint, error) {
	if !hive.ValidID(PrefixEndpoint, id) {
		return nil, errEndpointNotFound(id)
	}
	e, err := s.store.EndpointByID(ctx, p.TenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, errEndpointNotFound(id)
	}
	return e, err
}

// ListEndpoints lists the endpoints of p's tenant, newest first, with the
// total count.
func (s *Service) ListEndpoints(ctx context.Context, p *hive.Principal, page Page) ([]*Endpoint, int, error) {
	return s.store.ListEndpoints(ctx, EndpointFilter{TenantID: p.TenantID, Page: page})
}

// DeleteEndpoint deletes an endpoint of p's tenant with its deliveries,
// pending ones included.
func (s *Service) DeleteEndpoint(ctx context.Context, p *hive.Principal, id string) error {
	if !hive.ValidID(PrefixEndpoint, id) {
		return errEndpointNotFound(id)
	}
	err := s.store.DeleteEndpoint(ctx, p.TenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return errEndpointNotFound(id)
	}
	return err
}

// ListDeliveries lists deliveries of p's tenant, newest first, with the total
// count. With f.EndpointID set, an unknown endpoint is ENOTFOUND rather than
// an empty list.
func (s *Service) ListDeliveries(ctx context.Context, p *hive.Principal, f DeliveryFilter) ([]*Delivery, int, error) {
	if f.EndpointID != nil {
		if _, err := s.Endpoint(ctx, p, *f.EndpointID); err != nil {
			return nil, 0, err
		}
	}
	if f.Status != nil && !f.Status.Valid() {
		return nil, 0, hive.FieldError("status", "must be pending, succeeded or failed, not %q", *f.Status)
	}
	f.TenantID = p.TenantID
	return s.store.ListDeliveries(ctx, f)
}

func errEndpointNotFound(id string) error {
	return hive.Errorf(hive.ENOTFOUND, "Webhook endpoint %q not found", id)
}

// validURL checks an endpoint URL: absolute, https (plain http only to a
// range the operator allowed), no credentials, no fragment, and not an
// address deliveries are refused.
func (p addressPolicy) validURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	const example = "such as https://example.com/hooks/hive"
	switch {
	case raw == "":
		return "", hive.FieldError("url", "is required, %s", example)
	case len(raw) > maxURLLen:
		return "", hive.FieldError("url", "must be at most %d characters", maxURLLen)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "":
		return "", hive.FieldError("url", "%q is not an absolute URL %s", raw, example)
	case u.User != nil:
		return "", hive.FieldError("url", "must not hold a user name or password; the signature authenticates each request")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", hive.FieldError("url", "must not have a #fragment")
	case u.Scheme != "https" && u.Scheme != "http":
		return "", hive.FieldError("url", "must be an https:// URL, not %s://", u.Scheme)
	}
	if err := p.checkHost(u.Hostname()); err != nil {
		return "", hive.FieldError("url", "%v; use the public https URL of the receiver", err)
	}
	if u.Scheme == "http" && !p.allowsPlainHTTP(u.Hostname()) {
		return "", hive.FieldError("url", "must use https; plain http is accepted only for addresses the operator allowed with HIVE_WEBHOOK_ALLOW_CIDRS")
	}
	return u.String(), nil
}

// validEvents checks a subscription list against the registered events and
// drops repeats, keeping the order given.
func (s *Service) validEvents(events []string) ([]string, error) {
	if len(events) == 0 {
		return nil, hive.FieldError("events", "choose at least one event: %s", strings.Join(s.cfg.Events, ", "))
	}
	out := make([]string, 0, len(events))
	for i, ev := range events {
		ev = strings.TrimSpace(ev)
		if !s.registered(ev) {
			return nil, hive.FieldError(fmt.Sprintf("events[%d]", i), "unknown event %q; use one of %s",
				ev, strings.Join(s.cfg.Events, ", "))
		}
		if !slices.Contains(out, ev) {
			out = append(out, ev)
		}
	}
	return out, nil
}

// newSecret returns a fresh endpoint secret: the prefix and 32 random bytes.
func newSecret() string {
	var b [32]byte
	rand.Read(b[:])
	return hook.SecretPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}
