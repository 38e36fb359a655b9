package door

import (
	"context"

	"github.com/hive-platform/hive/internal/hive"
)

// ListEntries returns a page of the tenant's entries matching f, newest
// first, and how many match. f.TenantID is set from p; a key restricted to
// specific doors sees only their entries (EFORBIDDEN if f.DoorID names
// another).
func (s *Service) ListEntries(ctx context.Context, p *hive.Principal, f EntryFilter) ([]*Entry, int, error) {
	if err := restrictEntries(ctx, p, &f); err != nil {
		return nil, 0, err
	}
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		return nil, 0, hive.FieldError("to", "must be after from")
	}
	return s.store.ListEntries(ctx, f)
}

// restrictEntries scopes f to p's tenant and door restriction.
func restrictEntries(ctx context.Context, p *hive.Principal, f *EntryFilter) error {
	f.TenantID = p.TenantID
	if f.DoorID != nil {
		if err := checkDoor(ctx, p, *f.DoorID); err != nil {
			return err
		}
	}
	if p.Resources.Restricted(hive.ResourceDoors) {
		f.DoorIn = p.Resources.List(hive.ResourceDoors)
	}
	return nil
}

// memberEntriesPage is the page size MemberEntries reads with.
const memberEntriesPage = 1000

// MemberEntries returns every entry of one member, deleted or not, newest
// first: the export for a GDPR access request. ENOTFOUND if the tenant never
// had such a member. A key restricted to specific doors gets only their
// entries.
func (s *Service) MemberEntries(ctx context.Context, p *hive.Principal, memberID int64) ([]Entry, error) {
	if _, err := s.store.MemberByID(ctx, p.TenantID, memberID); isNotFound(err) {
		return nil, notFound("member", memberID)
	} else if err != nil {
		return nil, err
	}
	f := EntryFilter{MemberID: &memberID, Page: Page{Limit: memberEntriesPage}}
	if err := restrictEntries(ctx, p, &f); err != nil {
		return nil, err
	}
	out := []Entry{}
	for {
		page, _, err := s.store.ListEntries(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			out = append(out, *e)
		}
		if len(page) < memberEntriesPage {
			return out, nil
		}
		f.After = page[len(page)-1].ID
	}
}
