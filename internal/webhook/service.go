package webhook

import (
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"time"
)

// Defaults of Config.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxAttempts  = 8
	DefaultBatchSize    = 50
	DefaultConcurrency  = 8
	DefaultPollInterval = time.Second
	DefaultRetention    = 30 * 24 * time.Hour
	DefaultMaxEndpoints = 16
)

// DefaultBackoff is the wait after each failed attempt: the first retry
// comes 10 seconds after the first failure, the last about 10 hours after
// the event. Attempts beyond the list wait as long as its last entry.
var DefaultBackoff = []time.Duration{
	10 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute,
	time.Hour, 3 * time.Hour, 6 * time.Hour,
}

// Config tunes a Service. Zero values take the defaults.
type Config struct {
	Now    func() time.Time // the clock; tests inject their own
	Logger *slog.Logger
	Sender Sender // default NewHTTPSender(AllowNetworks...)
	// AllowNetworks are ranges deliveries may reach although they are not
	// public (loopback, private, link-local...): for tests and receivers on
	// the operator's own network. Everything else non-public is refused
	// when an endpoint is registered and at every connection.
	AllowNetworks []netip.Prefix
	// Events lists the event names endpoints may subscribe to and Publish
	// accepts, such as "door.entry" and "alert.fired".
	Events       []string
	Timeout      time.Duration   // per attempt (default 10s)
	MaxAttempts  int             // attempts before a delivery fails for good (default 8)
	Backoff      []time.Duration // wait after the n-th failed attempt (default DefaultBackoff)
	BatchSize    int             // deliveries claimed at once (default 50)
	Concurrency  int             // requests in flight at once per node (default 8)
	PollInterval time.Duration   // how often Run looks for due deliveries (default 1s)
	Retention    time.Duration   // how long finished deliveries are kept (default 30 days)
	MaxEndpoints int             // endpoints per tenant (default 16)
}

// Service manages endpoints, publishes events to the outbox and delivers
// them.
type Service struct {
	store  Store
	cfg    Config
	sender Sender
	policy addressPolicy
	wake   chan struct{} // Publish nudges Run so new deliveries leave at once
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Sender == nil {
		cfg.Sender = NewHTTPSender(cfg.AllowNetworks...)
	}
	if len(cfg.Backoff) == 0 {
		cfg.Backoff = DefaultBackoff
	}
	cfg.Timeout = orDefault(cfg.Timeout, DefaultTimeout)
	cfg.PollInterval = orDefault(cfg.PollInterval, DefaultPollInterval)
	cfg.Retention = orDefault(cfg.Retention, DefaultRetention)
	cfg.MaxAttempts = positiveOr(cfg.MaxAttempts, DefaultMaxAttempts)
	cfg.BatchSize = positiveOr(cfg.BatchSize, DefaultBatchSize)
	cfg.Concurrency = positiveOr(cfg.Concurrency, DefaultConcurrency)
	cfg.MaxEndpoints = positiveOr(cfg.MaxEndpoints, DefaultMaxEndpoints)
	cfg.Events = slices.Clone(cfg.Events)
	cfg.AllowNetworks = slices.Clone(cfg.AllowNetworks)
	return &Service{store: store, cfg: cfg, sender: cfg.Sender, policy: addressPolicy{allow: cfg.AllowNetworks},
		wake: make(chan struct{}, 1)}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func positiveOr(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// Events returns the event names endpoints may subscribe to.
func (s *Service) Events() []string { return slices.Clone(s.cfg.Events) }

// Now returns the service's clock.
func (s *Service) Now() time.Time { return s.cfg.Now() }

// now returns the clock's time in UTC at the precision both stores keep.
func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

// registered reports whether event is one of the configured events.
func (s *Service) registered(event string) bool { return slices.Contains(s.cfg.Events, event) }

// notify wakes Run without waiting, if it is not already awake.
func (s *Service) notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func errUnregistered(event string) error {
	return fmt.Errorf("webhook: event %q is not registered with the service", event)
}
