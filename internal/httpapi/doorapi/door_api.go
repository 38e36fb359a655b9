package doorapi

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// doorTest handles "GET /door/{token}/test": the key and URL work.
func (s *API) doorTest(w http.ResponseWriter, r *http.Request) error {
	return edge.WriteJSON(w, http.StatusOK, api.DoorEnvelope{Success: true})
}

// doorDoors handles "GET /door/{token}/doors". A key restricted to some
// doors sees only those.
func (s *API) doorDoors(w http.ResponseWriter, r *http.Request) error {
	doors, err := s.doors.Doors(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	out := api.DoorDoors{DoorEnvelope: api.DoorEnvelope{Success: true}, Doors: make([]api.Door, 0, len(doors))}
	for _, d := range doors {
		if edge.Principal(r).Resources.Allows(hive.ResourceDoors, d.DoorID) {
			out.Doors = append(out.Doors, newDoorWire(d))
		}
	}
	return edge.WriteJSON(w, http.StatusOK, out)
}

func newDoorWire(d *door.Door) api.Door {
	return api.Door{DoorID: d.DoorID, Name: d.Name, Active: d.Active, MembershipTypeIDs: d.MembershipTypeIDs, AllowInstructors: d.AllowInstructors}
}

// doorAccess handles "POST /door/{token}/access": a decision for one swipe,
// recorded as an entry unless check_only. A denial is a 200 with success
// false and the reason; 4xx statuses are for requests that cannot be decided.
func (s *API) doorAccess(w http.ResponseWriter, r *http.Request) error {
	req, err := accessForm(r)
	if err != nil {
		return err
	}
	d, err := s.doors.Access(r.Context(), edge.Principal(r), req)
	if err != nil {
		return err
	}
	out := api.DoorAccess{
		DoorEnvelope: api.DoorEnvelope{Success: d.Granted, Message: d.Message, Reason: d.Reason},
		Recorded:     d.Recorded, NotRecorded: d.NotRecorded, Replayed: d.Replayed,
	}
	if d.Granted {
		out.Message = "" // controllers expect an empty message on success
	}
	if d.Recorded {
		out.EntryID = &d.EntryID
	}
	if d.Member != nil {
		u := newDoorUser(door.UserView{Member: d.Member, PhoneE164: d.PhoneE164, Memberships: d.Memberships}, edge.DoorSettings(r))
		out.User = &u
	}
	return edge.WriteJSON(w, http.StatusOK, out)
}

// maxFormValue bounds each field of an access request; ids and barcodes
// are far shorter.
const maxFormValue = 256

// accessForm decodes an access request: a form body (fields in the query
// are read too, as controllers send them either way). Each field is sent
// at most once (or repeated with the same value), is valid UTF-8 without
// control characters, and at most maxFormValue bytes.
func accessForm(r *http.Request) (door.AccessRequest, error) {
	if err := r.ParseForm(); err != nil {
		return door.AccessRequest{}, hive.Errorf(hive.EINVALID, "The body must be application/x-www-form-urlencoded: %v", err)
	}
	req := door.AccessRequest{IdempotencyKey: r.Header.Get("Idempotency-Key")}
	var checkOnly string
	for _, f := range []struct {
		name string
		dst  *string
	}{{"id", &req.ID}, {"door_access_id", &req.DoorAccessID}, {"barcode_id", &req.BarcodeID}, {"door_id", &req.DoorID}, {"check_only", &checkOnly}} {
		v, err := formValue(r.Form, f.name)
		if err != nil {
			return door.AccessRequest{}, err
		}
		*f.dst = v
	}
	var err error
	req.CheckOnly, err = edge.ParseFormBool("check_only", checkOnly)
	return req, err
}

// formValue returns the one value of the form field name, "" if absent.
func formValue(form url.Values, name string) (string, error) {
	vs := form[name]
	if len(vs) == 0 {
		return "", nil
	}
	for _, v := range vs[1:] {
		if v != vs[0] {
			return "", hive.FieldError(name, "was sent %d times with different values; send it once", len(vs))
		}
	}
	v := vs[0]
	switch {
	case len(v) > maxFormValue:
		return "", hive.FieldError(name, "must be at most %d bytes", maxFormValue)
	case !utf8.ValidString(v):
		return "", hive.FieldError(name, "must be UTF-8 text")
	case strings.ContainsFunc(v, unicode.IsControl):
		return "", hive.FieldError(name, "must not hold control characters such as NUL, tab or newline")
	}
	return v, nil
}

func newDoorUser(v door.UserView, set *door.Settings) api.DoorUser {
	m := v.Member
	u := api.DoorUser{ID: m.ID, DoorAccessID: m.DoorAccessID, BarcodeID: m.BarcodeID, FirstName: m.FirstName,
		LastName: m.LastName, IsInstructor: m.IsInstructor, Status: string(m.Status), Removed: v.Removed,
		Memberships: make([]api.DoorMembership, len(v.Memberships))}
	if m.Deleted() {
		u.Status = "deleted"
	}
	if set.ExposeEmail {
		u.Email = &m.Email
	}
	if set.ExposePhone {
		phone := v.PhoneE164
		u.Phone = &phone
	}
	for i, ms := range v.Memberships {
		u.Memberships[i] = api.DoorMembership{MembershipID: ms.MembershipID, MembershipTypeID: ms.MembershipTypeID,
			MembershipTypeName: ms.MembershipTypeName, Expires: ms.Expires, DoorIDs: ms.DoorIDs}
	}
	return u
}

// doorUsers handles "GET /door/{token}/users?p=N[&updated_since=T]": the
// members with access to at least one door, 100 a page.
func (s *API) doorUsers(w http.ResponseWriter, r *http.Request) error {
	set := edge.DoorSettings(r)
	if !set.UsersEndpointEnabled {
		return hive.Errorf(hive.EFORBIDDEN, "The users endpoint is disabled for this Hive. An administrator can enable it in Settings → External Door API.")
	}
	page := 1
	if v := r.URL.Query().Get("p"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return hive.FieldError("p", "must be a page number from 1, not %q", v)
		}
		page = n
	}
	since, err := parseTimeParam("updated_since", r.URL.Query().Get("updated_since"))
	if err != nil {
		return err
	}
	res, err := s.doors.Users(r.Context(), edge.Principal(r), page, since)
	if err != nil {
		return err
	}
	out := api.DoorUsers{DoorEnvelope: api.DoorEnvelope{Success: true}, Users: make([]api.DoorUser, len(res.Users)), Page: res.Page, NextPage: false}
	for i, u := range res.Users {
		out.Users[i] = newDoorUser(u, set)
	}
	if res.NextPage != 0 {
		out.NextPage = res.NextPage
	}
	return edge.WriteJSON(w, http.StatusOK, out)
}

// parseTimeParam accepts unix seconds or RFC 3339; "" is nil.
func parseTimeParam(field, v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		t := time.Unix(n, 0).UTC()
		return &t, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, hive.FieldError(field, "must be unix seconds or an RFC 3339 time such as 2026-01-02T15:04:05Z, not %q", v)
	}
	return &t, nil
}
