package doorapi

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// Endpoints are the Door Access API that controllers call, and its
// administration: doors, membership types, members, memberships and entries.
func (s *API) Endpoints() []edge.Endpoint {
	return []edge.Endpoint{
		{Route: "GET /door/{token}/test", Auth: edge.AuthDoor, Handler: s.doorTest, Allow: edge.AnyKey,
			Doc: edge.Doc{ID: "doorTest", Tag: "Door API", Summary: "Test the connection",
				Description: "Succeeds when the base URL and key work: use it to check that your controller can authenticate and parse the response.",
				Params:      []edge.Param{pToken}, Response: api.DoorEnvelope{Success: true}}},
		{Route: "GET /door/{token}/doors", Auth: edge.AuthDoor, Handler: s.doorDoors, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "doorListDoors", Tag: "Door API", Summary: "List doors",
				Description: "Every door with the membership types that open it. A key restricted to some doors sees only those.",
				Params:      []edge.Param{pToken}, Response: api.DoorDoors{DoorEnvelope: api.DoorEnvelope{Success: true}, Doors: []api.Door{exDoor}}}},
		{Route: "POST /door/{token}/access", Auth: edge.AuthDoor, Handler: s.doorAccess, Scope: hive.ScopeDoorAccess, Allow: edge.Writers,
			Doc: edge.Doc{ID: "doorAccess", Tag: "Door API", Summary: "Check access and record an entry",
				Description: "Decides one swipe. Identify the user by id, door_access_id and/or barcode_id (all given must match one user). " +
					"Unless check_only is true the entry is recorded. A denial is a 200 with success false and the reason in message; 4xx statuses are for requests that cannot be decided. " +
					"Send an Idempotency-Key header to make retries safe.",
				Params: []edge.Param{pToken}, BodyType: "application/x-www-form-urlencoded",
				Body: api.DoorAccessRequest{BarcodeID: "123456789abc", DoorID: "asdf123", CheckOnly: "false"}, BodyRequired: []string{"door_id"},
				Response: exDoorAccess, Errors: []int{http.StatusConflict}}},
		{Route: "GET /door/{token}/users", Auth: edge.AuthDoor, Handler: s.doorUsers, Scope: hive.ScopeDoorUsersRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "doorListUsers", Tag: "Door API", Summary: "List users with door access",
				Description: "Members with access to at least one door, 100 a page; only when enabled in the API settings. next_page is false on the last page. " +
					"With updated_since, only members changed since then, deleted ones marked removed.",
				Params: []edge.Param{pToken,
					{Name: "p", In: "query", Type: "integer", Description: "The page number, from 1.", Example: "1"},
					{Name: "updated_since", In: "query", Description: "Unix seconds or an RFC 3339 time."}},
				Response: exDoorUsers}},

		{Route: "GET /v1/door-api/settings", Handler: s.getDoorSettings, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "getDoorSettings", Tag: "Door administration", Summary: "Get Door API settings", Description: "Whether the Door API is on, what it shows, and its base URL.", Response: exDoorSettings}},
		{Route: "PUT /v1/door-api/settings", Handler: s.updateDoorSettings, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "updateDoorSettings", Tag: "Door administration", Summary: "Change Door API settings", Description: "Fields left out are kept.",
				Body: api.DoorSettingsRequest{Enabled: edge.Ptr(true), UsersEndpointEnabled: edge.Ptr(true), ExposeEmail: edge.Ptr(false)}, Response: exDoorSettings}},
		{Route: "POST /v1/door-api/settings/regenerate-token", Handler: s.regenerateDoorToken, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "regenerateDoorToken", Tag: "Door administration", Summary: "Regenerate the base URL", Description: "A new base URL; the old one stops working at once.", Response: exDoorSettings}},
		{Route: "POST /v1/doors", Handler: s.createDoor, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "createDoor", Tag: "Door administration", Summary: "Create a door",
				Body:         api.DoorRequest{DoorID: "asdf123", Name: edge.Ptr("Front Door"), Active: edge.Ptr(true), MembershipTypeIDs: &[]int64{1, 2, 3}, AllowInstructors: edge.Ptr(true)},
				BodyRequired: []string{"door_id", "name"}, Status: http.StatusCreated, Response: exDoor, Errors: []int{http.StatusConflict}}},
		{Route: "GET /v1/doors", Handler: s.listDoors, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listDoors", Tag: "Door administration", Summary: "List doors",
				Response: edge.WholeList(exDoor)}},
		{Route: "GET /v1/doors/{door_id}", Handler: s.getDoor, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders,
			Doc: edge.Doc{ID: "getDoor", Tag: "Door administration", Summary: "Get a door",
				Params: []edge.Param{pDoorID}, Response: exDoor}},
		{Route: "PATCH /v1/doors/{door_id}", Handler: s.updateDoor, Scope: hive.ScopeDoorsWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "updateDoor", Tag: "Door administration", Summary: "Edit a door",
				Description: "Fields left out are kept; door_id never changes.", Params: []edge.Param{pDoorID},
				Body: api.DoorRequest{Name: edge.Ptr("Main Entrance")}, Response: exDoor}},
		{Route: "DELETE /v1/doors/{door_id}", Handler: s.deleteDoor, Scope: hive.ScopeDoorsWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "deleteDoor", Tag: "Door administration", Summary: "Delete a door",
				Params: []edge.Param{pDoorID}, Status: http.StatusNoContent}},
		{Route: "POST /v1/membership-types", Handler: s.createMembershipType, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "createMembershipType", Tag: "Door administration", Summary: "Create a membership type", Body: api.MembershipTypeRequest{Name: "Standard Monthly"}, BodyRequired: []string{"name"},
				Status: http.StatusCreated, Response: exMembershipType, Errors: []int{http.StatusConflict}}},
		{Route: "GET /v1/membership-types", Handler: s.listMembershipTypes, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listMembershipTypes", Tag: "Door administration", Summary: "List membership types", Response: edge.WholeList(exMembershipType)}},
		{Route: "GET /v1/membership-types/{id}", Handler: s.getMembershipType, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "getMembershipType", Tag: "Door administration", Summary: "Get a membership type", Params: []edge.Param{membershipTypeID}, Response: exMembershipType}},
		{Route: "PATCH /v1/membership-types/{id}", Handler: s.updateMembershipType, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "renameMembershipType", Tag: "Door administration", Summary: "Rename a membership type", Params: []edge.Param{membershipTypeID}, Body: api.MembershipTypeRequest{Name: "Unlimited Access"},
				BodyRequired: []string{"name"}, Response: exMembershipType, Errors: []int{http.StatusConflict}}},
		{Route: "DELETE /v1/membership-types/{id}", Handler: s.deleteMembershipType, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "deleteMembershipType", Tag: "Door administration", Summary: "Delete a membership type", Description: "Only a type that no membership has.", Params: []edge.Param{membershipTypeID},
				Status: http.StatusNoContent, Errors: []int{http.StatusConflict}}},
		{Route: "POST /v1/members", Handler: s.createMember, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "createMember", Tag: "Door administration", Summary: "Create a member",
				Body: api.MemberRequest{DoorAccessID: edge.Ptr("FFCC8899"), BarcodeID: edge.Ptr("123456789abc"), FirstName: edge.Ptr("test"), LastName: edge.Ptr("testerson"),
					Email: edge.Ptr("test@example.com"), Phone: edge.Ptr("+447700900123")},
				Status: http.StatusCreated, Response: exMember, Errors: []int{http.StatusConflict}}},
		{Route: "GET /v1/members", Handler: s.listMembers, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listMembers", Tag: "Door administration", Summary: "List members",
				Params: []edge.Param{
					{Name: "status", In: "query", Description: "Only members in this state.", Enum: []string{"active", "frozen", "cancelled"}},
					{Name: "is_instructor", In: "query", Type: "boolean", Description: "Only instructors, or only others."},
					{Name: "search", In: "query", Description: "Matches names, email, door access id and barcode id."},
					{Name: "updated_since", In: "query", Description: "Unix seconds or an RFC 3339 time."},
					{Name: "include_deleted", In: "query", Type: "boolean", Description: "Include deleted members."},
					edge.ParamLimit, edge.ParamAfter,
				}, Response: edge.PagedList(exMember)}},
		{Route: "POST /v1/members/import", Handler: s.importMembers, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "importMembers", Tag: "Door administration", Summary: "Import members from CSV",
				Description: "Creates or updates members from a CSV file. Every row is checked before anything is written; with dry_run=true nothing is.",
				Params:      []edge.Param{{Name: "dry_run", In: "query", Type: "boolean", Description: "Check the file and report what would change."}},
				BodyType:    "text/csv", Body: exImportCSV, Response: exImport}},
		{Route: "GET /v1/members/{id}", Handler: s.getMember, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "getMember", Tag: "Door administration", Summary: "Get a member",
				Params: []edge.Param{pMemberID}, Response: exMember}},
		{Route: "PATCH /v1/members/{id}", Handler: s.updateMember, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "updateMember", Tag: "Door administration", Summary: "Edit a member",
				Description: "Fields left out are kept.", Params: []edge.Param{pMemberID}, Body: api.MemberRequest{Status: edge.Ptr("frozen")},
				Response: exMember, Errors: []int{http.StatusConflict}}},
		{Route: "DELETE /v1/members/{id}", Handler: s.deleteMember, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "deleteMember", Tag: "Door administration", Summary: "Delete a member",
				Description: "Controllers syncing with updated_since see the member as removed.", Params: []edge.Param{pMemberID}, Status: http.StatusNoContent}},
		{Route: "GET /v1/members/{id}/entries", Handler: s.exportMemberEntries, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "exportMemberEntries", Tag: "Door administration", Summary: "Export a member's entries", Description: "Everything recorded about one member's door use, for a data access request.",
				Params: []edge.Param{pMemberID}, Response: api.MemberEntries{Member: exMember, Entries: []api.Entry{exEntry}}}},
		{Route: "POST /v1/members/{id}/memberships", Handler: s.createMembership, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "createMembership", Tag: "Door administration", Summary: "Add a membership", Params: []edge.Param{pMemberID},
				Body:         api.MembershipRequest{MembershipTypeID: edge.Ptr(int64(1)), Expires: edge.Ptr(int64(1762369732)), DoorIDs: &[]string{"asdf123"}},
				BodyRequired: []string{"membership_type_id", "expires"}, Status: http.StatusCreated, Response: exMembership}},
		{Route: "GET /v1/members/{id}/memberships", Handler: s.listMemberships, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listMemberships", Tag: "Door administration", Summary: "List a member's memberships", Params: []edge.Param{pMemberID}, Response: edge.WholeList(exMembership)}},
		{Route: "GET /v1/members/{id}/memberships/{membership_id}", Handler: s.getMembership, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "getMembership", Tag: "Door administration", Summary: "Get a membership", Params: []edge.Param{pMemberID, membershipID}, Response: exMembership}},
		{Route: "PATCH /v1/members/{id}/memberships/{membership_id}", Handler: s.updateMembership, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "updateMembership", Tag: "Door administration", Summary: "Edit a membership", Description: "Fields left out are kept.", Params: []edge.Param{pMemberID, membershipID},
				Body: api.MembershipRequest{Expires: edge.Ptr(int64(1793905732))}, Response: exMembership}},
		{Route: "DELETE /v1/members/{id}/memberships/{membership_id}", Handler: s.deleteMembership, Scope: hive.ScopeDoorsWrite, Allow: edge.Writers,
			Doc: edge.Doc{ID: "deleteMembership", Tag: "Door administration", Summary: "Delete a membership", Params: []edge.Param{pMemberID, membershipID}, Status: http.StatusNoContent}},
		{Route: "GET /v1/door-entries", Handler: s.listDoorEntries, Scope: hive.ScopeDoorsRead, Allow: edge.DoorReaders | edge.RestrictedKey,
			Doc: edge.Doc{ID: "listDoorEntries", Tag: "Door administration", Summary: "List door entries",
				Description: "Every access decision, granted or not, newest first.",
				Params: []edge.Param{
					{Name: "member_id", In: "query", Type: "integer", Description: "Only this member's entries."},
					{Name: "door_id", In: "query", Description: "Only this door's entries."},
					{Name: "granted", In: "query", Type: "boolean", Description: "Only granted, or only denied, entries."},
					{Name: "from", In: "query", Description: "From this time: unix seconds or RFC 3339."},
					{Name: "to", In: "query", Description: "Up to this time: unix seconds or RFC 3339."},
					edge.ParamLimit, edge.ParamAfter,
				}, Response: edge.PagedList(exEntry)}},
	}
}

// The Door administration's numeric path parameters.
var (
	membershipTypeID = edge.Param{Name: "id", In: "path", Type: "integer", Description: "The membership type's numeric id.", Example: "1"}
	membershipID     = edge.Param{Name: "membership_id", In: "path", Type: "integer", Description: "The membership's numeric id.", Example: "1234"}
)
