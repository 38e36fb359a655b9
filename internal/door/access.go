package door

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Reasons of an access decision, carried in Decision.Reason and beside the
// Door Access API's message on the wire. They are part of the API and never renamed.
const (
	ReasonMembership          = "membership"             // granted: a membership of this door's types, or listing this door
	ReasonInstructor          = "instructor"             // granted: an instructor at a door that allows instructors
	ReasonIdentifiersMismatch = "identifiers_mismatch"   // the identifiers given match different members, or not all match
	ReasonMemberNotFound      = "member_not_found"       // no identifier given matches a member
	ReasonDoorNotFound        = "door_not_found"         // no door with that door_id
	ReasonDoorInactive        = "door_inactive"          // the door is switched off
	ReasonMemberFrozen        = "member_frozen"          // the member's status is frozen
	ReasonMemberCancelled     = "member_cancelled"       // the member is cancelled or deleted
	ReasonMembershipExpired   = "membership_expired"     // every membership that opens this door has expired, grace included
	ReasonNoMembershipForDoor = "no_membership_for_door" // no membership opens this door
)

// Why a decision was not recorded, in Decision.NotRecorded.
const (
	NotRecordedCheckOnly = "check_only"     // the controller only asked
	NotRecordedReentry   = "reentry_window" // a repeat swipe within the re-entry window
)

// AccessRequest is one POST /access, with the form values as sent.
type AccessRequest struct {
	ID             string // the member's numeric id
	DoorAccessID   string
	BarcodeID      string
	DoorID         string
	CheckOnly      bool   // ask without recording an entry
	IdempotencyKey string // the Idempotency-Key header; "" for none
}

// Decision is the answer to an AccessRequest.
type Decision struct {
	Granted bool
	Reason  string // one of the Reason* constants
	Message string // a sentence for people, the Door Access API's message
	// Member is the member the identifiers matched, nil if none or if they
	// matched different members.
	Member *Member
	// PhoneE164 is Member.Phone in E.164 form, "" if unknown or unparseable.
	PhoneE164 string
	// Memberships are the member's memberships that open at least one active
	// door, expired or not; never nil when Member is set.
	Memberships []MembershipView
	// Recorded reports whether this request recorded an entry, and EntryID
	// names it. A replayed decision carries the original request's values.
	Recorded bool
	EntryID  int64
	// NotRecorded says why a decision was not recorded: NotRecordedCheckOnly
	// or NotRecordedReentry; "" when it was recorded.
	NotRecorded string
	// Replayed is set when the decision is the stored answer to an earlier
	// request with the same Idempotency-Key.
	Replayed bool
}

// MembershipView is a membership as the spec's user object shows it.
type MembershipView struct {
	MembershipID       int64
	MembershipTypeID   int64
	MembershipTypeName string
	Expires            int64    // unix seconds
	DoorIDs            []string // the active doors it opens, sorted; never nil
}

// MaxIdempotencyKeyLen is the longest Idempotency-Key accepted.
const MaxIdempotencyKeyLen = 255

// Access decides whether the member the request identifies may pass the
// door and, unless CheckOnly, records the decision, granted or denied, as an
// Entry in one transaction, then calls Config.OnEntry with it.
//
// The rules, in order: the identifiers given (id, door_access_id,
// barcode_id) must all match one member — identifiers_mismatch if they match
// different members or only some match, member_not_found if none does
// (a deleted member still matches); the door must exist (door_not_found) and
// be active (door_inactive); a cancelled or deleted member is refused
// (member_cancelled), a frozen one too (member_frozen); an instructor passes
// a door that allows instructors (instructor); otherwise a membership whose
// type is among the door's or that lists the door lets the member through
// (membership) until Expires + grace days, exclusive; if every such
// membership has expired the reason is membership_expired, and
// no_membership_for_door if there is none.
//
// Two things keep a granted swipe from being recorded twice: within the
// tenant's re-entry window of the member's last recorded granted entry at
// the door, the swipe is granted with Recorded false and NotRecorded
// "reentry_window"; and a request repeating an IdempotencyKey the same key
// used within 24 h gets the stored decision back with Replayed set.
//
// Errors, as opposed to denials: EINVALID naming the field for a request
// without identifiers or door_id, a non-numeric id or a value over 191
// characters; EFORBIDDEN (from hive.CheckResource) when p's key is
// restricted to other doors; ECONFLICT when IdempotencyKey was used within
// 24 h for a different request. None of them records an entry.
func (s *Service) Access(ctx context.Context, p *hive.Principal, req AccessRequest) (*Decision, error) {
	memberID, err := req.validate()
	if err != nil {
		return nil, err
	}
	if err := checkDoor(ctx, p, req.DoorID); err != nil {
		return nil, err
	}
	now := s.now()
	set, err := s.settingsFor(ctx, p.TenantID)
	if err != nil {
		return nil, err
	}
	d, err := s.decide(ctx, p, set, req, memberID, now)
	if err != nil {
		return nil, err
	}
	if req.CheckOnly {
		d.NotRecorded = NotRecordedCheckOnly
		return d, nil
	}
	e := &Entry{TenantID: p.TenantID, DoorID: req.DoorID, Granted: d.Granted, Reason: d.Reason,
		Message: d.Message, KeyID: p.KeyID, At: now,
		Presented: Identifiers{ID: req.ID, DoorAccessID: req.DoorAccessID, BarcodeID: req.BarcodeID}}
	if d.Member != nil {
		e.MemberID = &d.Member.ID
	}
	// On PostgreSQL two requests with one new Idempotency-Key can both miss
	// the record; the second to save it gets ECONFLICT and, tried again,
	// finds the first one's decision.
	for attempt := 0; ; attempt++ {
		out, err := s.record(ctx, p, set, req, d, e, now)
		if hive.ErrorCode(err) == hive.ECONFLICT && errors.Is(err, errRaced) && attempt == 0 {
			continue
		}
		if err != nil {
			return nil, err
		}
		if out.Recorded && !out.Replayed && s.cfg.OnEntry != nil {
			s.cfg.OnEntry(ctx, e)
		}
		return out, nil
	}
}

// validate checks the request's fields and returns the numeric id, 0 if
// none was given.
func (req *AccessRequest) validate() (int64, error) {
	if req.ID == "" && req.DoorAccessID == "" && req.BarcodeID == "" {
		return 0, hive.FieldError("id", "give at least one of id, door_access_id and barcode_id to identify the member").
			WithDetails("fields", []string{"id", "door_access_id", "barcode_id"})
	}
	if req.DoorID == "" {
		return 0, hive.FieldError("door_id", "is required: the door_id of the door being opened")
	}
	for _, f := range []struct{ name, value string }{
		{"door_id", req.DoorID}, {"door_access_id", req.DoorAccessID}, {"barcode_id", req.BarcodeID},
	} {
		if len(f.value) > MaxIDLen {
			return 0, hive.FieldError(f.name, "must be at most %d characters", MaxIDLen)
		}
	}
	if len(req.IdempotencyKey) > MaxIdempotencyKeyLen {
		return 0, hive.FieldError("Idempotency-Key", "must be at most %d characters", MaxIdempotencyKeyLen)
	}
	if req.ID == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(req.ID, 10, 64)
	if err != nil || id <= 0 || strings.TrimLeft(req.ID, "0123456789") != "" {
		return 0, hive.FieldError("id", "must be a number, the member's Hive user id (got %q)", req.ID)
	}
	return id, nil
}

// decide judges the request without writing anything.
func (s *Service) decide(ctx context.Context, p *hive.Principal, set *Settings, req AccessRequest, memberID int64, now time.Time) (*Decision, error) {
	m, reason, err := s.identify(ctx, p.TenantID, req, memberID)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return &Decision{Reason: reason, Message: message(reason, req.DoorID, nil, nil, 0)}, nil
	}
	doors, err := s.doorsFor(ctx, set)
	if err != nil {
		return nil, err
	}
	mss, err := s.store.MembershipsOf(ctx, p.TenantID, []int64{m.ID})
	if err != nil {
		return nil, err
	}
	types, err := s.store.ListMembershipTypes(ctx, p.TenantID)
	if err != nil {
		return nil, err
	}
	names := typeNamesOf(types)
	var door *Door
	if i := slices.IndexFunc(doors, func(d *Door) bool { return d.DoorID == req.DoorID }); i >= 0 {
		door = doors[i]
	}
	reason, ms := judge(m, door, mss, set.Grace(), now)
	return &Decision{
		Granted:     granted(reason),
		Reason:      reason,
		Message:     message(reason, req.DoorID, ms, names, set.Grace()),
		Member:      m,
		PhoneE164:   E164(m.Phone, set.DefaultPhoneRegion),
		Memberships: viewsOf(mss, activeDoors(doors, func(id string) bool { return visible(p, id) }), names),
	}, nil
}

// identify finds the one member every given identifier matches. It returns
// a nil member and the reason when there is none.
func (s *Service) identify(ctx context.Context, tenantID string, req AccessRequest, memberID int64) (*Member, string, error) {
	var found *Member
	given, matched := 0, 0
	lookups := []struct {
		given bool
		find  func() (*Member, error)
	}{
		{req.ID != "", func() (*Member, error) { return s.store.MemberByID(ctx, tenantID, memberID) }},
		{req.DoorAccessID != "", func() (*Member, error) { return s.store.MemberByDoorAccessID(ctx, tenantID, req.DoorAccessID) }},
		{req.BarcodeID != "", func() (*Member, error) { return s.store.MemberByBarcodeID(ctx, tenantID, req.BarcodeID) }},
	}
	for _, l := range lookups {
		if !l.given {
			continue
		}
		given++
		m, err := l.find()
		switch {
		case isNotFound(err):
			continue
		case err != nil:
			return nil, "", err
		case found != nil && found.ID != m.ID:
			return nil, ReasonIdentifiersMismatch, nil
		}
		found = m
		matched++
	}
	switch {
	case matched == 0:
		return nil, ReasonMemberNotFound, nil
	case matched < given:
		return nil, ReasonIdentifiersMismatch, nil
	}
	return found, "", nil
}

// errRaced marks the conflict of two requests saving one idempotency record.
var errRaced = errors.New("idempotency key saved by a concurrent request")

// record writes the entry for decision d in one transaction, unless the
// request repeats an idempotency key or falls in the re-entry window, and
// returns the decision to answer with.
func (s *Service) record(ctx context.Context, p *hive.Principal, set *Settings, req AccessRequest, d *Decision, e *Entry, now time.Time) (*Decision, error) {
	out := *d
	hash := req.hash()
	err := s.store.WithinTx(ctx, func(tx Store) error {
		if req.IdempotencyKey != "" {
			prev, err := s.replay(ctx, tx, p, req.IdempotencyKey, hash, now)
			if prev != nil || err != nil {
				if prev != nil {
					out = *prev
				}
				return err
			}
		}
		if err := s.addEntry(ctx, tx, set, &out, e, now); err != nil {
			return err
		}
		if req.IdempotencyKey == "" {
			return nil
		}
		body, err := json.Marshal(out)
		if err != nil {
			return fmt.Errorf("door: encode decision: %w", err)
		}
		r := &IdempotencyRecord{TenantID: p.TenantID, KeyID: p.KeyID, Key: req.IdempotencyKey,
			RequestHash: hash, Response: body, CreatedAt: now}
		err = tx.SaveIdempotencyRecord(ctx, r, now.Add(-s.cfg.IdempotencyTTL))
		if hive.ErrorCode(err) == hive.ECONFLICT {
			return &hive.Error{Code: hive.ECONFLICT, Message: "Idempotency-Key is in use by a concurrent request", Err: errRaced}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// addEntry records e for the decision, or marks d as collapsed into the
// member's last granted entry at the door within the re-entry window.
func (s *Service) addEntry(ctx context.Context, tx Store, set *Settings, d *Decision, e *Entry, now time.Time) error {
	if d.Granted && set.ReentryWindow > 0 {
		last, err := tx.LastGrantedEntry(ctx, e.TenantID, *e.MemberID, e.DoorID)
		switch {
		case err == nil && now.Sub(last.At) < set.ReentryWindow:
			d.NotRecorded = NotRecordedReentry
			return nil
		case err != nil && !isNotFound(err):
			return err
		}
	}
	if err := tx.AddEntry(ctx, e); err != nil {
		return err
	}
	d.Recorded, d.EntryID = true, e.ID
	return nil
}

// replay returns the stored decision for an idempotency key used within the
// TTL, ECONFLICT if it was used for a different request, and nil if it is
// new.
func (s *Service) replay(ctx context.Context, tx Store, p *hive.Principal, key, hash string, now time.Time) (*Decision, error) {
	r, err := tx.IdempotencyRecord(ctx, p.TenantID, p.KeyID, key)
	switch {
	case isNotFound(err):
		return nil, nil
	case err != nil:
		return nil, err
	case r.CreatedAt.Before(now.Add(-s.cfg.IdempotencyTTL)):
		return nil, nil // expired: the key may be used afresh
	case r.RequestHash != hash:
		return nil, hive.Errorf(hive.ECONFLICT,
			"Idempotency-Key %q was already used for a different request; use a new key for a new swipe", key).
			WithDetails("reason", "idempotency_key_reused")
	}
	var d Decision
	if err := json.Unmarshal(r.Response, &d); err != nil {
		return nil, fmt.Errorf("door: decode stored decision: %w", err)
	}
	d.Replayed = true
	return &d, nil
}

// hash identifies the request's content for the idempotency check.
func (req *AccessRequest) hash() string {
	sum := sha256.Sum256([]byte(strings.Join([]string{req.ID, req.DoorAccessID, req.BarcodeID, req.DoorID,
		strconv.FormatBool(req.CheckOnly)}, "\x00")))
	return hex.EncodeToString(sum[:])
}
