package webhook

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// pruneInterval is how often Run deletes expired deliveries.
const pruneInterval = time.Hour

// maxErrorText bounds the error kept with a delivery.
const maxErrorText = 500

// Run delivers due deliveries until ctx ends: at once when Publish on this
// node queues some, and every PollInterval otherwise, which picks up retries
// and deliveries queued on other nodes. Once an hour it prunes finished
// deliveries older than Retention. Call it once per process, in its own
// goroutine; any number of nodes may run it against one database.
func (s *Service) Run(ctx context.Context) {
	tick := time.NewTicker(s.cfg.PollInterval)
	defer tick.Stop()
	var pruned time.Time
	for {
		s.drain(ctx)
		if now := s.now(); now.Sub(pruned) >= pruneInterval {
			s.Prune(ctx)
			pruned = now
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.wake:
		}
	}
}

// drain delivers batch after batch until one is not full.
func (s *Service) drain(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := s.DeliverDue(ctx)
		if err != nil {
			s.cfg.Logger.ErrorContext(ctx, "webhook deliveries", "err", err)
			return
		}
		if n < s.cfg.BatchSize {
			return
		}
	}
}

// Prune deletes succeeded and failed deliveries older than Retention and
// returns how many it deleted.
func (s *Service) Prune(ctx context.Context) (int, error) {
	n, err := s.store.PruneDeliveries(ctx, s.now().Add(-s.cfg.Retention))
	if err != nil {
		s.cfg.Logger.ErrorContext(ctx, "pruning webhook deliveries", "err", err)
	}
	return n, err
}

// DeliverDue claims one batch of due deliveries, makes one attempt at each
// with at most Concurrency in flight, records the outcomes and returns how
// many it claimed. Attempts, once claimed, run to the end (each within
// Timeout) even if ctx ends, so that a shutdown records what it started.
// The error reports store failures only; a failed attempt is an outcome.
func (s *Service) DeliverDue(ctx context.Context) (int, error) {
	now := s.now()
	ds, err := s.store.ClaimDue(ctx, now, now.Add(s.lease()), s.cfg.BatchSize)
	if err != nil || len(ds) == 0 {
		return 0, err
	}
	ctx = context.WithoutCancel(ctx)
	endpoints, err := s.endpointsOf(ctx, ds)
	if err != nil {
		// The claims' leases run out and the deliveries are retried then.
		return len(ds), err
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, s.cfg.Concurrency)
	)
	for _, d := range ds {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := s.attempt(ctx, d, endpoints[d.EndpointID]); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return len(ds), errors.Join(errs...)
}

// lease is how long a claim keeps other nodes off its deliveries: long
// enough for every attempt of a full batch to time out in turn.
func (s *Service) lease() time.Duration {
	rounds := (s.cfg.BatchSize + s.cfg.Concurrency - 1) / s.cfg.Concurrency
	return time.Duration(rounds)*s.cfg.Timeout + time.Minute
}

// endpointsOf loads the endpoints the deliveries go to. An endpoint deleted
// since the claim maps to nil.
func (s *Service) endpointsOf(ctx context.Context, ds []*Delivery) (map[string]*Endpoint, error) {
	out := make(map[string]*Endpoint)
	for _, d := range ds {
		if _, ok := out[d.EndpointID]; ok {
			continue
		}
		e, err := s.store.EndpointByID(ctx, d.TenantID, d.EndpointID)
		if err != nil && hive.ErrorCode(err) != hive.ENOTFOUND {
			return nil, err
		}
		out[d.EndpointID] = e
	}
	return out, nil
}

// attempt sends d to e once and saves the outcome.
func (s *Service) attempt(ctx context.Context, d *Delivery, e *Endpoint) error {
	if e == nil {
		return nil // deleted with its endpoint
	}
	if e.Active {
		sctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
		status, err := s.sender.Send(sctx, e.URL, requestHeaders(d, e.Secret, s.Now()), d.Payload)
		cancel()
		if err != nil {
			// The cause (refused, reset, timed out, a refused address) is for
			// the operator; the tenant sees a generic failure, so deliveries
			// cannot be used to probe which hosts and ports answer.
			s.cfg.Logger.WarnContext(ctx, "webhook delivery attempt failed", "delivery_id", d.ID,
				"endpoint_id", d.EndpointID, "tenant_id", d.TenantID, "err", err)
		}
		s.settle(d, status, err)
	} else {
		d.Status, d.LastError, d.UpdatedAt = StatusFailed, "the endpoint is disabled", s.now()
	}
	if d.Status == StatusFailed {
		s.cfg.Logger.InfoContext(ctx, "webhook delivery failed for good", "delivery_id", d.ID,
			"endpoint_id", d.EndpointID, "tenant_id", d.TenantID, "attempts", d.Attempts, "last_error", d.LastError)
	}
	err := s.store.UpdateDelivery(ctx, d)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil // the endpoint was deleted during the attempt
	}
	return err
}

// settle records the outcome of an attempt on d: success on any 2xx;
// otherwise a retry after the backoff, or failure after MaxAttempts.
func (s *Service) settle(d *Delivery, status int, err error) {
	now := s.now()
	d.LastStatusCode, d.UpdatedAt = status, now
	if err == nil && status >= 200 && status <= 299 {
		d.Status, d.LastError = StatusSucceeded, ""
		return
	}
	d.LastError = s.failureText(status, err)
	if d.Attempts >= s.cfg.MaxAttempts {
		d.Status = StatusFailed
		return
	}
	d.NextAttemptAt = now.Add(s.backoff(d.Attempts))
}

// backoff is the wait after the given number of failed attempts.
func (s *Service) backoff(attempts int) time.Duration {
	return s.cfg.Backoff[min(max(attempts, 1), len(s.cfg.Backoff))-1]
}

// failureText says why an attempt failed, in words a tenant can act on.
func (s *Service) failureText(status int, err error) string {
	var msg string
	switch {
	case err != nil:
		msg = fmt.Sprintf("no HTTP response: the endpoint could not be reached, refused the connection or took longer than %s", s.cfg.Timeout)
	case status >= 300 && status <= 399:
		msg = fmt.Sprintf("the endpoint answered HTTP %d; redirects are not followed, so register the final URL", status)
	default:
		msg = fmt.Sprintf("the endpoint answered HTTP %d", status)
	}
	if len(msg) > maxErrorText {
		msg = strings.ToValidUTF8(msg[:maxErrorText], "")
	}
	return msg
}
