package doorapi

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// The door administration's responses, in package api's shapes.

func newMemberWire(m *door.Member) api.Member {
	return api.Member{ID: m.ID, DoorAccessID: m.DoorAccessID, BarcodeID: m.BarcodeID, FirstName: m.FirstName,
		LastName: m.LastName, Email: m.Email, Phone: m.Phone, IsInstructor: m.IsInstructor, Status: string(m.Status),
		CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt, DeletedAt: m.DeletedAt}
}

func newMembershipWire(m *door.Membership) api.Membership {
	return api.Membership{ID: m.ID, MemberID: m.MemberID, MembershipTypeID: m.MembershipTypeID, Expires: m.Expires.Unix(),
		DoorIDs: m.DoorIDs, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

func newEntryWire(e *door.Entry) api.Entry {
	return api.Entry{ID: e.ID, MemberID: e.MemberID, DoorID: e.DoorID, Granted: e.Granted, Reason: e.Reason,
		Message: e.Message, KeyID: e.KeyID, PresentedID: e.Presented.ID, PresentedDoorAccessID: e.Presented.DoorAccessID,
		PresentedBarcodeID: e.Presented.BarcodeID, At: e.At}
}

// newDoorSettingsWire shows settings with the base URL as this request reached
// the server. The URL holds the Door API token, which it declares.
func newDoorSettingsWire(w http.ResponseWriter, r *http.Request, set *door.Settings) api.DoorSettings {
	edge.DeclareSecrets(w, r, set.Token)
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return api.DoorSettings{Enabled: set.Enabled, UsersEndpointEnabled: set.UsersEndpointEnabled,
		ExposeEmail: set.ExposeEmail, ExposePhone: set.ExposePhone,
		BaseURL:              fmt.Sprintf("%s://%s/door/%s/", scheme, r.Host, set.Token),
		ReentryWindowSeconds: int(set.ReentryWindow / time.Second), GraceDays: set.GraceDays,
		DefaultPhoneRegion: set.DefaultPhoneRegion, UpdatedAt: set.UpdatedAt}
}

// getDoorSettings handles "GET /v1/door-api/settings".
func (s *API) getDoorSettings(w http.ResponseWriter, r *http.Request) error {
	set, err := s.doors.Settings(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newDoorSettingsWire(w, r, set))
}

// updateDoorSettings handles "PUT /v1/door-api/settings"; absent fields are kept.
func (s *API) updateDoorSettings(w http.ResponseWriter, r *http.Request) error {
	var req api.DoorSettingsRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	u := door.SettingsUpdate{Enabled: req.Enabled, UsersEndpointEnabled: req.UsersEndpointEnabled,
		ExposeEmail: req.ExposeEmail, ExposePhone: req.ExposePhone, GraceDays: req.GraceDays, DefaultPhoneRegion: req.DefaultPhoneRegion}
	if req.ReentryWindowSeconds != nil {
		d := time.Duration(*req.ReentryWindowSeconds) * time.Second
		u.ReentryWindow = &d
	}
	set, err := s.doors.UpdateSettings(r.Context(), edge.Principal(r), u)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newDoorSettingsWire(w, r, set))
}

// regenerateDoorToken handles "POST /v1/door-api/settings/regenerate-token":
// a new base URL; the old one stops working at once.
func (s *API) regenerateDoorToken(w http.ResponseWriter, r *http.Request) error {
	set, err := s.doors.RegenerateToken(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newDoorSettingsWire(w, r, set))
}

// createDoor handles "POST /v1/doors".
func (s *API) createDoor(w http.ResponseWriter, r *http.Request) error {
	var req api.DoorRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	params := door.DoorParams{DoorID: req.DoorID, Name: edge.Deref(req.Name), Active: req.Active}
	if req.MembershipTypeIDs != nil {
		params.MembershipTypeIDs = *req.MembershipTypeIDs
	}
	if req.AllowInstructors != nil {
		params.AllowInstructors = *req.AllowInstructors
	}
	d, err := s.doors.CreateDoor(r.Context(), edge.Principal(r), params)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusCreated, newDoorWire(d))
}

// listDoors handles "GET /v1/doors".
func (s *API) listDoors(w http.ResponseWriter, r *http.Request) error {
	doors, err := s.doors.Doors(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	out := make([]api.Door, 0, len(doors))
	for _, d := range doors {
		out = append(out, newDoorWire(d))
	}
	return edge.WriteJSON(w, http.StatusOK, edge.WholeList(out...))
}

// getDoor handles "GET /v1/doors/{door_id}".
func (s *API) getDoor(w http.ResponseWriter, r *http.Request) error {
	d, err := s.doors.Door(r.Context(), edge.Principal(r), r.PathValue("door_id"))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newDoorWire(d))
}

// updateDoor handles "PATCH /v1/doors/{door_id}". The door_id never changes.
func (s *API) updateDoor(w http.ResponseWriter, r *http.Request) error {
	var req api.DoorRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	if req.DoorID != "" && req.DoorID != r.PathValue("door_id") {
		return hive.FieldError("door_id", "cannot be changed; create a new door and delete this one")
	}
	d, err := s.doors.UpdateDoor(r.Context(), edge.Principal(r), r.PathValue("door_id"), door.DoorUpdate{
		Name: req.Name, Active: req.Active, MembershipTypeIDs: req.MembershipTypeIDs, AllowInstructors: req.AllowInstructors})
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newDoorWire(d))
}

// deleteDoor handles "DELETE /v1/doors/{door_id}".
func (s *API) deleteDoor(w http.ResponseWriter, r *http.Request) error {
	if err := s.doors.DeleteDoor(r.Context(), edge.Principal(r), r.PathValue("door_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// pathInt reads a numeric path value; anything else is a 404.
func pathInt(r *http.Request, name, what string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n < 1 {
		return 0, hive.Errorf(hive.ENOTFOUND, "%s %q not found", what, r.PathValue(name))
	}
	return n, nil
}

func newMembershipTypeWire(t *door.MembershipType) api.MembershipType {
	return api.MembershipType{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}

// createMembershipType handles "POST /v1/membership-types".
func (s *API) createMembershipType(w http.ResponseWriter, r *http.Request) error {
	var req api.MembershipTypeRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	t, err := s.doors.CreateMembershipType(r.Context(), edge.Principal(r), req.Name)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusCreated, newMembershipTypeWire(t))
}

// listMembershipTypes handles "GET /v1/membership-types".
func (s *API) listMembershipTypes(w http.ResponseWriter, r *http.Request) error {
	types, err := s.doors.MembershipTypes(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	out := make([]api.MembershipType, len(types))
	for i, t := range types {
		out[i] = newMembershipTypeWire(t)
	}
	return edge.WriteJSON(w, http.StatusOK, edge.WholeList(out...))
}

// getMembershipType handles "GET /v1/membership-types/{id}".
func (s *API) getMembershipType(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id", "membership type")
	if err != nil {
		return err
	}
	t, err := s.doors.MembershipType(r.Context(), edge.Principal(r), id)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newMembershipTypeWire(t))
}

// updateMembershipType handles "PATCH /v1/membership-types/{id}".
func (s *API) updateMembershipType(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id", "membership type")
	if err != nil {
		return err
	}
	var req api.MembershipTypeRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	t, err := s.doors.RenameMembershipType(r.Context(), edge.Principal(r), id, req.Name)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newMembershipTypeWire(t))
}

// deleteMembershipType handles "DELETE /v1/membership-types/{id}".
func (s *API) deleteMembershipType(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id", "membership type")
	if err != nil {
		return err
	}
	if err := s.doors.DeleteMembershipType(r.Context(), edge.Principal(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func memberUpdate(req api.MemberRequest) door.MemberUpdate {
	u := door.MemberUpdate{DoorAccessID: req.DoorAccessID, BarcodeID: req.BarcodeID, FirstName: req.FirstName,
		LastName: req.LastName, Email: req.Email, Phone: req.Phone, IsInstructor: req.IsInstructor}
	if req.Status != nil {
		st := door.Status(*req.Status)
		u.Status = &st
	}
	return u
}

// createMember handles "POST /v1/members".
func (s *API) createMember(w http.ResponseWriter, r *http.Request) error {
	var req api.MemberRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	p := door.MemberParams{DoorAccessID: edge.Deref(req.DoorAccessID), BarcodeID: edge.Deref(req.BarcodeID),
		FirstName: edge.Deref(req.FirstName), LastName: edge.Deref(req.LastName), Email: edge.Deref(req.Email),
		Phone: edge.Deref(req.Phone), Status: door.Status(edge.Deref(req.Status))}
	if req.IsInstructor != nil {
		p.IsInstructor = *req.IsInstructor
	}
	m, err := s.doors.CreateMember(r.Context(), edge.Principal(r), p)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusCreated, newMemberWire(m))
}

// intPage reads ?limit= (1..100) and ?starting_after= (an id) for lists
// keyed by numeric ids, asking for one row more to learn whether more follow.
func intPage(r *http.Request) (door.Page, int, error) {
	p, limit, err := edge.PageOf(r)
	if err != nil {
		return door.Page{}, 0, err
	}
	out := door.Page{Limit: p.Limit}
	if p.After != "" {
		n, err := strconv.ParseInt(p.After, 10, 64)
		if err != nil || n < 1 {
			return door.Page{}, 0, hive.FieldError("starting_after", "must be the next_cursor of the previous page, not %q", p.After)
		}
		out.After = n
	}
	return out, limit, nil
}

// listMembers handles "GET /v1/members" with filters status, is_instructor,
// search, updated_since and include_deleted.
func (s *API) listMembers(w http.ResponseWriter, r *http.Request) error {
	page, limit, err := intPage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := door.MemberFilter{Page: page, IncludeDeleted: q.Get("include_deleted") == "true"}
	if v := q.Get("status"); v != "" {
		st := door.Status(v)
		if !st.Valid() {
			return hive.FieldError("status", "must be active, frozen or cancelled, not %q", v)
		}
		f.Status = &st
	}
	if v := q.Get("is_instructor"); v != "" {
		b, err := edge.ParseFormBool("is_instructor", v)
		if err != nil {
			return err
		}
		f.IsInstructor = &b
	}
	if v := q.Get("search"); v != "" {
		f.Search = &v
	}
	if f.UpdatedSince, err = parseTimeParam("updated_since", q.Get("updated_since")); err != nil {
		return err
	}
	members, total, err := s.doors.ListMembers(r.Context(), edge.Principal(r), f)
	if err != nil {
		return err
	}
	members, more := edge.TrimPage(members, limit)
	return edge.WriteJSON(w, http.StatusOK, edge.NewList(members, total, more, newMemberWire,
		func(m *door.Member) string { return strconv.FormatInt(m.ID, 10) }))
}

// getMember handles "GET /v1/members/{id}".
func (s *API) getMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id", "member")
	if err != nil {
		return err
	}
	m, err := s.doors.Member(r.Context(), edge.Principal(r), id)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newMemberWire(m))
}

// updateMember handles "PATCH /v1/members/{id}".
func (s *API) updateMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id", "member")
	if err != nil {
		return err
	}
	var req api.MemberRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	m, err := s.doors.UpdateMember(r.Context(), edge.Principal(r), id, memberUpdate(req))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newMemberWire(m))
}

// deleteMember handles "DELETE /v1/members/{id}". Controllers syncing with
// updated_since see the member as removed.
func (s *API) deleteMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id", "member")
	if err != nil {
		return err
	}
	if err := s.doors.DeleteMember(r.Context(), edge.Principal(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// importMembers handles "POST /v1/members/import[?dry_run=true]" with a CSV
// body. Every row is checked before anything is written.
func (s *API) importMembers(w http.ResponseWriter, r *http.Request) error {
	dryRun, err := edge.ParseFormBool("dry_run", r.URL.Query().Get("dry_run"))
	if err != nil {
		return err
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "text/csv") && !strings.HasPrefix(ct, "application/octet-stream") {
		return hive.Errorf(hive.EINVALID, "Content-Type %q is not supported; send the CSV file with Content-Type: text/csv", ct)
	}
	res, err := s.doors.ImportMembers(r.Context(), edge.Principal(r), http.MaxBytesReader(w, r.Body, maxImportBytes), dryRun)
	if e, ok := errors.AsType[*hive.Error](err); ok && e.Code == hive.EINVALID && len(res.Errors) > 0 {
		// The problems go out as wire objects naming row and column.
		return &hive.Error{Code: e.Code, Message: e.Message, Details: map[string]any{"errors": importErrorsWire(res.Errors)}}
	}
	if err != nil {
		return err
	}
	out := importResultWire{DryRun: res.DryRun, Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged,
		Rows: make([]importRowWire, len(res.Rows)), Errors: importErrorsWire(res.Errors)}
	for i, row := range res.Rows {
		out.Rows[i] = importRowWire{Row: row.Row, Action: row.Action, MemberID: row.MemberID}
	}
	return edge.WriteJSON(w, http.StatusOK, out)
}

// maxImportBytes caps a member import file.
const maxImportBytes = 32 << 20

type importResultWire struct {
	DryRun    bool              `json:"dry_run"`
	Created   int               `json:"created"`
	Updated   int               `json:"updated"`
	Unchanged int               `json:"unchanged"`
	Rows      []importRowWire   `json:"rows"`
	Errors    []importErrorWire `json:"errors"`
}

type importRowWire struct {
	Row      int    `json:"row"`
	Action   string `json:"action"`
	MemberID int64  `json:"member_id,omitempty"`
}

type importErrorWire struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

func importErrorsWire(list []door.ImportError) []importErrorWire {
	out := make([]importErrorWire, len(list))
	for i, e := range list {
		out[i] = importErrorWire{Row: e.Row, Column: e.Column, Message: e.Message}
	}
	return out
}

// exportMemberEntries handles "GET /v1/members/{id}/entries": everything
// recorded about one member's door use, for a data access request.
func (s *API) exportMemberEntries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id", "member")
	if err != nil {
		return err
	}
	m, err := s.doors.Member(r.Context(), edge.Principal(r), id)
	if err != nil {
		return err
	}
	entries, err := s.doors.MemberEntries(r.Context(), edge.Principal(r), id)
	if err != nil {
		return err
	}
	out := api.MemberEntries{Member: newMemberWire(m), Entries: make([]api.Entry, len(entries))}
	for i := range entries {
		out.Entries[i] = newEntryWire(&entries[i])
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="member-%d-entries.json"`, id))
	return edge.WriteJSON(w, http.StatusOK, out)
}

func membershipParams(req api.MembershipRequest) door.MembershipParams {
	p := door.MembershipParams{}
	if req.MembershipTypeID != nil {
		p.MembershipTypeID = *req.MembershipTypeID
	}
	if req.Expires != nil {
		p.Expires = time.Unix(*req.Expires, 0).UTC()
	}
	if req.DoorIDs != nil {
		p.DoorIDs = *req.DoorIDs
	}
	return p
}

// createMembership handles "POST /v1/members/{id}/memberships".
func (s *API) createMembership(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id", "member")
	if err != nil {
		return err
	}
	var req api.MembershipRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	if req.MembershipTypeID == nil {
		return hive.FieldError("membership_type_id", "is required; GET /v1/membership-types lists them")
	}
	if req.Expires == nil {
		return hive.FieldError("expires", "is required: the unix time (seconds) the membership ends or renews")
	}
	ms, err := s.doors.CreateMembership(r.Context(), edge.Principal(r), id, membershipParams(req))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusCreated, newMembershipWire(ms))
}

// listMemberships handles "GET /v1/members/{id}/memberships".
func (s *API) listMemberships(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "id", "member")
	if err != nil {
		return err
	}
	list, err := s.doors.Memberships(r.Context(), edge.Principal(r), id)
	if err != nil {
		return err
	}
	out := make([]api.Membership, len(list))
	for i, m := range list {
		out[i] = newMembershipWire(m)
	}
	return edge.WriteJSON(w, http.StatusOK, edge.WholeList(out...))
}

// membershipIDs reads the member and membership ids of a membership route.
func membershipIDs(r *http.Request) (int64, int64, error) {
	member, err := pathInt(r, "id", "member")
	if err != nil {
		return 0, 0, err
	}
	ms, err := pathInt(r, "membership_id", "membership")
	return member, ms, err
}

// getMembership handles "GET /v1/members/{id}/memberships/{membership_id}".
func (s *API) getMembership(w http.ResponseWriter, r *http.Request) error {
	member, id, err := membershipIDs(r)
	if err != nil {
		return err
	}
	ms, err := s.doors.Membership(r.Context(), edge.Principal(r), member, id)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newMembershipWire(ms))
}

// updateMembership handles "PATCH /v1/members/{id}/memberships/{membership_id}".
func (s *API) updateMembership(w http.ResponseWriter, r *http.Request) error {
	member, id, err := membershipIDs(r)
	if err != nil {
		return err
	}
	var req api.MembershipRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	u := door.MembershipUpdate{MembershipTypeID: req.MembershipTypeID, DoorIDs: req.DoorIDs}
	if req.Expires != nil {
		t := time.Unix(*req.Expires, 0).UTC()
		u.Expires = &t
	}
	ms, err := s.doors.UpdateMembership(r.Context(), edge.Principal(r), member, id, u)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newMembershipWire(ms))
}

// deleteMembership handles "DELETE /v1/members/{id}/memberships/{membership_id}".
func (s *API) deleteMembership(w http.ResponseWriter, r *http.Request) error {
	member, id, err := membershipIDs(r)
	if err != nil {
		return err
	}
	if err := s.doors.DeleteMembership(r.Context(), edge.Principal(r), member, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listDoorEntries handles "GET /v1/door-entries" with filters member_id,
// door_id, from, to and granted.
func (s *API) listDoorEntries(w http.ResponseWriter, r *http.Request) error {
	page, limit, err := intPage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := door.EntryFilter{Page: page}
	if v := q.Get("member_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return hive.FieldError("member_id", "must be a member's numeric id, not %q", v)
		}
		f.MemberID = &n
	}
	if v := q.Get("door_id"); v != "" {
		f.DoorID = &v
	}
	if v := q.Get("granted"); v != "" {
		b, err := edge.ParseFormBool("granted", v)
		if err != nil {
			return err
		}
		f.Granted = &b
	}
	if f.From, err = parseTimeParam("from", q.Get("from")); err != nil {
		return err
	}
	if f.To, err = parseTimeParam("to", q.Get("to")); err != nil {
		return err
	}
	entries, total, err := s.doors.ListEntries(r.Context(), edge.Principal(r), f)
	if err != nil {
		return err
	}
	entries, more := edge.TrimPage(entries, limit)
	return edge.WriteJSON(w, http.StatusOK, edge.NewList(entries, total, more, newEntryWire,
		func(e *door.Entry) string { return strconv.FormatInt(e.ID, 10) }))
}
