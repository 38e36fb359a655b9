package usage

import (
	"context"

	"github.com/hive-platform/hive/internal/hive"
)

// Logs returns a page of the API log of p's tenant, newest first. The
// filter's TenantID is replaced by p's: a tenant only ever sees its own
// requests.
func (s *Service) Logs(ctx context.Context, p *hive.Principal, f LogFilter) ([]*Entry, error) {
	f.TenantID = p.TenantID
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		return nil, hive.FieldError("to", "must be after from (%s)", f.From.Format("2006-01-02T15:04:05Z07:00"))
	}
	if f.StatusClass != nil && (*f.StatusClass < 1 || *f.StatusClass > 5) {
		return nil, hive.FieldError("status", "a status class must be 1xx to 5xx")
	}
	if f.After != "" && !hive.ValidID(hive.PrefixLog, f.After) {
		return nil, hive.FieldError("starting_after", "must be the next_cursor of a previous page, a log_... id")
	}
	if f.Visible == nil {
		return s.store.ListLogs(ctx, f)
	}
	return s.visibleLogs(ctx, f)
}

// visibleLogs pages through the store until it has f.Limit entries that
// f.Visible accepts, or the log ends.
func (s *Service) visibleLogs(ctx context.Context, f LogFilter) ([]*Entry, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 1000)
	var out []*Entry
	for {
		page, err := s.store.ListLogs(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			if f.Visible(e) {
				out = append(out, e)
			}
			if len(out) == f.Limit {
				return out, nil
			}
		}
		if len(page) < f.Limit {
			return out, nil
		}
		f.After = page[len(page)-1].ID
	}
}

// Log returns one entry of the API log of p's tenant.
func (s *Service) Log(ctx context.Context, p *hive.Principal, id string) (*Entry, error) {
	if !hive.ValidID(hive.PrefixLog, id) {
		return nil, s.errLogNotFound(ctx, p, id)
	}
	e, err := s.store.LogByID(ctx, p.TenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, s.errLogNotFound(ctx, p, id)
	}
	return e, err
}

// LogBody returns an entry of p's tenant with the response body it stored.
// When there is no body, the error says why: the response had none, it was
// not kept under load, or the entry has expired.
func (s *Service) LogBody(ctx context.Context, p *hive.Principal, id string) (*Entry, []byte, error) {
	e, err := s.Log(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	body, err := s.store.LogBody(ctx, p.TenantID, id)
	if hive.ErrorCode(err) != hive.ENOTFOUND {
		return e, body, err
	}
	switch {
	case e.BodyDropped:
		return nil, nil, hive.Errorf(hive.ENOTFOUND, "The response body of %s was not kept: the API log was over its memory budget when the request finished", id)
	case e.ResponseBytes == 0:
		return nil, nil, hive.Errorf(hive.ENOTFOUND, "The response of %s had no body", id)
	}
	return nil, nil, hive.Errorf(hive.ENOTFOUND, "The response body of %s is not stored", id)
}

// errLogNotFound says that an entry does not exist, and that old ones
// expire, with the tenant's retention.
func (s *Service) errLogNotFound(ctx context.Context, p *hive.Principal, id string) error {
	days := DefaultRetentionDays
	if set, err := s.Settings(ctx, p); err == nil {
		days = set.RetentionDays
	}
	return hive.Errorf(hive.ENOTFOUND, "API log entry %q not found; entries are kept %d days, then deleted with their response bodies", id, days)
}
