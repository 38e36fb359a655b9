package doorapi

import (
	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// Door API examples, in the Door Access API's published shapes.

var exDoor = api.Door{DoorID: "asdf123", Name: "Front Door", Active: true, MembershipTypeIDs: []int64{1, 2, 3}, AllowInstructors: true}

var exDoorUser = api.DoorUser{ID: 201, DoorAccessID: "FFCC8899", BarcodeID: "123456789abc", FirstName: "test", LastName: "testerson",
	Status: "active", Memberships: []api.DoorMembership{{MembershipID: 1234, MembershipTypeID: 1, MembershipTypeName: "Standard Monthly",
		Expires: 1762369732, DoorIDs: []string{"asdf123"}}}}

var exDoorAccess = api.DoorAccess{DoorEnvelope: api.DoorEnvelope{Success: true}, User: &exDoorUser, Recorded: true, EntryID: edge.Ptr(int64(9001))}

var exDoorUsers = api.DoorUsers{DoorEnvelope: api.DoorEnvelope{Success: true}, Users: []api.DoorUser{exDoorUser}, Page: 1, NextPage: false}

var exDoorSettings = api.DoorSettings{Enabled: true, UsersEndpointEnabled: true, BaseURL: "https://yourcompany.hive.hr/door/dr_8fK2mQ9xL4/",
	ReentryWindowSeconds: 60, GraceDays: 3, DefaultPhoneRegion: "GB", UpdatedAt: edge.ExTime}

var exMembershipType = api.MembershipType{ID: 1, Name: "Standard Monthly", CreatedAt: edge.ExTime, UpdatedAt: edge.ExTime}

var exMember = api.Member{ID: 201, DoorAccessID: "FFCC8899", BarcodeID: "123456789abc", FirstName: "test", LastName: "testerson",
	Email: "test@example.com", Phone: "+447700900123", Status: "active", CreatedAt: edge.ExTime, UpdatedAt: edge.ExTime}

var exMembership = api.Membership{ID: 1234, MemberID: 201, MembershipTypeID: 1, Expires: 1762369732, DoorIDs: []string{"asdf123"},
	CreatedAt: edge.ExTime, UpdatedAt: edge.ExTime}

var exEntry = api.Entry{ID: 9001, MemberID: edge.Ptr(int64(201)), DoorID: "asdf123", Granted: true, Reason: "granted", KeyID: edge.ExKeyID,
	PresentedBarcodeID: "123456789abc", At: edge.ExTime}

var exImport = importResultWire{DryRun: true, Created: 1, Rows: []importRowWire{{Row: 2, Action: "create"}}, Errors: []importErrorWire{}}

const exImportCSV = "door_access_id,barcode_id,first_name,last_name,email,phone,is_instructor,status\nFFCC8899,123456789abc,test,testerson,test@example.com,+447700900123,false,active\n"

// Path parameters of the Door API and its administration.
var (
	pToken    = edge.Param{Name: "token", In: "path", Description: "Your Door API token: the last part of the base URL shown in Settings → External Door API.", Example: "dr_8fK2mQ9xL4"}
	pMemberID = edge.Param{Name: "id", In: "path", Type: "integer", Description: "The member's numeric id.", Example: "201"}
	pDoorID   = edge.Param{Name: "door_id", In: "path", Description: "The door's id, as door controllers send it.", Example: "asdf123"}
)
