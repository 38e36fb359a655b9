package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// maxPayloadBytes bounds one request body, so that a runaway payload cannot
// fill the outbox or a receiver's memory.
const maxPayloadBytes = 256 << 10

// envelope is the JSON body of every delivery. ID repeats the
// Hive-Delivery-Id header, so a receiver that stores bodies can de-duplicate
// retries by it.
type envelope struct {
	ID        string          `json:"id"`
	Event     string          `json:"event"`
	TenantID  string          `json:"tenant_id"`
	CreatedAt time.Time       `json:"created_at"`
	Data      json.RawMessage `json:"data"`
}

// Publish queues event with payload, encoded as JSON under "data", for every
// active endpoint of the tenant subscribed to it. The deliveries are in the
// store when Publish returns, before any request is made; Run sends them.
// A tenant without subscribed endpoints costs one indexed read.
func (s *Service) Publish(ctx context.Context, tenantID, event string, payload any) error {
	return s.publish(ctx, tenantID, event, payload, nil)
}

// publish queues event for the tenant's subscribed endpoints that keep
// accepts, or all of them when keep is nil.
func (s *Service) publish(ctx context.Context, tenantID, event string, payload any, keep func(*Endpoint) bool) error {
	if !s.registered(event) {
		return errUnregistered(event)
	}
	endpoints, err := s.store.SubscribedEndpoints(ctx, tenantID, event)
	if err == nil && keep != nil {
		endpoints = slices.DeleteFunc(endpoints, func(e *Endpoint) bool { return !keep(e) })
	}
	if err != nil || len(endpoints) == 0 {
		return err
	}
	data, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("webhook: encode %s payload: %w", event, err)
	}
	now := s.now()
	ds := make([]*Delivery, len(endpoints))
	for i, e := range endpoints {
		if ds[i], err = newDelivery(e, event, data, now); err != nil {
			return err
		}
	}
	if err := s.store.CreateDeliveries(ctx, ds); err != nil {
		return err
	}
	s.notify()
	return nil
}

// newDelivery returns a pending delivery of data to e, due at once.
func newDelivery(e *Endpoint, event string, data json.RawMessage, now time.Time) (*Delivery, error) {
	id := hive.NewID(PrefixDelivery, now)
	body, err := json.Marshal(envelope{ID: id, Event: event, TenantID: e.TenantID, CreatedAt: now, Data: data})
	if err != nil {
		return nil, fmt.Errorf("webhook: encode %s envelope: %w", event, err)
	}
	if len(body) > maxPayloadBytes {
		return nil, fmt.Errorf("webhook: %s payload is %d bytes, over the %d-byte limit", event, len(body), maxPayloadBytes)
	}
	return &Delivery{ID: id, TenantID: e.TenantID, EndpointID: e.ID, Event: event, Payload: body,
		Status: StatusPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}, nil
}

// PublishTo is Publish limited to the listed endpoints of the tenant: those
// of them that are active and subscribed to event receive it.
func (s *Service) PublishTo(ctx context.Context, tenantID, event string, payload any, endpointIDs []string) error {
	return s.publish(ctx, tenantID, event, payload, func(e *Endpoint) bool { return slices.Contains(endpointIDs, e.ID) })
}

// HasEndpoint reports whether the tenant has an endpoint with that ID.
func (s *Service) HasEndpoint(ctx context.Context, tenantID, id string) (bool, error) {
	if !hive.ValidID(PrefixEndpoint, id) {
		return false, nil
	}
	_, err := s.store.EndpointByID(ctx, tenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}
