// Package doorapi serves the Door Access API: the endpoints door
// controllers call under /door/{token} (test, doors, access, users), which
// answer in the Door API's own envelope, and their administration under
// /v1 (the Door API's settings and base URL, doors, membership types,
// members and their CSV import, memberships and entries).
package doorapi

import "github.com/hive-platform/hive/internal/door"

// API holds the Door API's handlers.
type API struct {
	doors *door.Service
}

// New returns the Door API over doors.
func New(doors *door.Service) *API { return &API{doors: doors} }
