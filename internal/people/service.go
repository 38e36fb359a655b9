package people

import (
	"context"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Config tunes a Service. Zero values take the defaults.
type Config struct {
	Now func() time.Time // the clock; tests inject their own
	// Propagate carries a committed change to the other nodes serving the
	// database, named by its hashes (SurveyListHash), and returns once
	// every live node has applied it; nil for a lone node.
	Propagate func(ctx context.Context, hashes [][32]byte) (confirmed bool)
	// Current reports whether this node has heard every change the other
	// nodes announced; while it has not, survey lists are read from the
	// store. Nil means always.
	Current func() bool
}

// Service applies the people domain's rules on top of a Store. Scopes are
// checked by the caller (the HTTP layer); the Service takes the principal
// for its tenant and its survey restrictions.
type Service struct {
	store Store
	now   func() time.Time
	cache *datasetCache
	lists *surveyLists

	propagate func(ctx context.Context, hashes [][32]byte) bool
	current   func() bool
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Service{store: store, now: cfg.Now, cache: newDatasetCache(), lists: newSurveyLists(),
		propagate: cfg.Propagate, current: cfg.Current}
	s.cache.now, s.cache.rebuild = cfg.Now, s.rebuild
	return s
}

// clock returns the time in UTC at the precision both stores keep.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Privacy returns the tenant's privacy settings, or the defaults if it never
// saved any.
func (s *Service) Privacy(ctx context.Context, p *hive.Principal) (*PrivacySettings, error) {
	st, err := s.store.PrivacySettings(ctx, p.TenantID)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return &PrivacySettings{TenantID: p.TenantID, Threshold: DefaultThreshold, CommentThreshold: DefaultCommentThreshold}, nil
	}
	return st, err
}

// PrivacyParams change privacy settings; nil fields keep their value.
type PrivacyParams struct {
	Threshold        *int
	CommentThreshold *int
}

// SetPrivacy validates and saves the tenant's thresholds. The threshold is
// at least MinThreshold, and the comment threshold at least the threshold:
// a comment says more about its author than a score.
func (s *Service) SetPrivacy(ctx context.Context, p *hive.Principal, in PrivacyParams) (*PrivacySettings, error) {
	st, err := s.Privacy(ctx, p)
	if err != nil {
		return nil, err
	}
	if in.Threshold != nil {
		st.Threshold = *in.Threshold
	}
	if in.CommentThreshold != nil {
		st.CommentThreshold = *in.CommentThreshold
	}
	switch {
	case st.Threshold < MinThreshold || st.Threshold > MaxThreshold:
		return nil, hive.FieldError("threshold", "must be a whole number from %d to %d; groups smaller than it are never reported", MinThreshold, MaxThreshold)
	case st.CommentThreshold < st.Threshold || st.CommentThreshold > MaxThreshold:
		return nil, hive.FieldError("comment_threshold", "must be from the threshold (%d) to %d", st.Threshold, MaxThreshold)
	}
	st.UpdatedAt = s.clock()
	if err := s.store.SavePrivacySettings(ctx, st); err != nil {
		return nil, err
	}
	return st, nil
}

// PeopleCount returns how many people the tenant has.
func (s *Service) PeopleCount(ctx context.Context, p *hive.Principal) (int, error) {
	return s.store.CountPeople(ctx, p.TenantID)
}
