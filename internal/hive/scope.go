package hive

import (
	"slices"
	"strings"
)

// Scope is a permission in resource:action form.
type Scope string

// The permission catalogue. Every scope the platform checks is declared here
// and nowhere else; GET /v1/permissions serves this list.
const (
	ScopeSurveysRead          Scope = "surveys:read"
	ScopeResponsesRead        Scope = "responses:read"
	ScopeOpenDoorRead         Scope = "open_door:read"
	ScopeHiveFivesRead        Scope = "hive_fives:read"
	ScopePeopleWrite          Scope = "people:write"
	ScopeDoorsRead            Scope = "doors:read"
	ScopeDoorsWrite           Scope = "doors:write"
	ScopeDoorAccess           Scope = "door:access"
	ScopeDoorUsersRead        Scope = "door:users:read"
	ScopeKeysRead             Scope = "api_keys:read"
	ScopeKeysWrite            Scope = "api_keys:write"
	ScopeServiceAccountsRead  Scope = "service_accounts:read"
	ScopeServiceAccountsWrite Scope = "service_accounts:write"
	ScopeLogsRead             Scope = "logs:read"
	ScopeAdminRead            Scope = "admin:read"
	ScopeAdminWrite           Scope = "admin:write"
)

// ScopeInfo describes one scope in the catalogue.
type ScopeInfo struct {
	Scope       Scope
	Group       string // "open_api", "door_api" or "admin"
	Description string
}

// Catalogue lists every scope, in the order shown to people.
var Catalogue = []ScopeInfo{
	{ScopeSurveysRead, "open_api", "List surveys, questions, statistics, metrics, Key Drivers, heatmaps and facets"},
	{ScopeResponsesRead, "open_api", "Read survey responses aggregated by segment"},
	{ScopeOpenDoorRead, "open_api", "Read anonymous Open Door submissions"},
	{ScopeHiveFivesRead, "open_api", "Read Hive Fives recognition events"},
	{ScopePeopleWrite, "open_api", "Upload people data, surveys and responses"},
	{ScopeDoorsRead, "door_api", "Read doors, members, memberships and door entries"},
	{ScopeDoorsWrite, "door_api", "Manage doors, members, memberships and Door API settings"},
	{ScopeDoorAccess, "door_api", "Check and record door access from a door controller"},
	{ScopeDoorUsersRead, "door_api", "Sync the member list to a door controller"},
	{ScopeKeysRead, "admin", "List and inspect API keys"},
	{ScopeKeysWrite, "admin", "Create, edit, rotate and revoke API keys"},
	{ScopeServiceAccountsRead, "admin", "List service accounts"},
	{ScopeServiceAccountsWrite, "admin", "Create, rename and delete service accounts"},
	{ScopeLogsRead, "admin", "Read API logs, usage and alerts"},
	{ScopeAdminRead, "admin", "Read tenant settings, users and the audit log"},
	{ScopeAdminWrite, "admin", "Manage users and tenant settings"},
}

// Preset names accepted wherever permissions are chosen.
const (
	PresetData       = "data"
	PresetReadOnly   = "read_only"
	PresetReadWrite  = "read_write"
	PresetFullAccess = "full_access"
)

// Presets returns the preset names in display order, narrowest first.
func Presets() []string {
	return []string{PresetData, PresetReadOnly, PresetReadWrite, PresetFullAccess}
}

// dataScopes is what a BI tool reads: surveys, responses, Open Door and Hive
// Fives. It is the Data preset and the most a member's personal key holds.
var dataScopes = []Scope{ScopeSurveysRead, ScopeResponsesRead, ScopeOpenDoorRead, ScopeHiveFivesRead}

// PresetScopes returns the scopes of a preset: data is what a BI tool reads;
// read_only is every data read (gym members and doors too) but nothing that
// manages the platform (admin, keys, service accounts, logs); read_write adds
// the data-changing scopes; full_access is the whole catalogue.
func PresetScopes(name string) ([]Scope, bool) {
	var out []Scope
	for _, s := range Catalogue {
		switch name {
		case PresetData:
			if !slices.Contains(dataScopes, s.Scope) {
				continue
			}
		case PresetReadOnly:
			if s.Scope.Admin() || s.Scope.Action() != "read" {
				continue
			}
		case PresetReadWrite:
			if s.Scope.Admin() {
				continue
			}
		case PresetFullAccess:
		default:
			return nil, false
		}
		out = append(out, s.Scope)
	}
	return out, true
}

// PresetOf returns the preset whose scopes are exactly m, if there is one, so
// a key built from a preset shows as that preset rather than as custom.
func PresetOf(m Scopes) (string, bool) {
	for _, name := range Presets() {
		if scopes, _ := PresetScopes(name); NewScopes(scopes...) == m {
			return name, true
		}
	}
	return "", false
}

// Admin reports whether s manages the platform itself (keys, service
// accounts, logs, tenant settings) rather than reading or changing data.
// Only owners and Administrators of Integrations hold admin scopes.
func (s Scope) Admin() bool {
	i := scopeIndex(s)
	return i >= 0 && Catalogue[i].Group == "admin"
}

// Action returns the part after the last colon ("read" of "door:users:read").
func (s Scope) Action() string {
	return string(s[strings.LastIndexByte(string(s), ':')+1:])
}

// Known reports whether s is in the catalogue.
func (s Scope) Known() bool {
	return slices.ContainsFunc(Catalogue, func(i ScopeInfo) bool { return i.Scope == s })
}

// Scopes is a set of scopes held as a bit mask so that checks on the request
// path cost nothing.
type Scopes uint64

// NewScopes builds a set; unknown scopes are ignored.
func NewScopes(list ...Scope) Scopes {
	var m Scopes
	for _, s := range list {
		if i := scopeIndex(s); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

// Has reports whether s is in the set.
func (m Scopes) Has(s Scope) bool {
	i := scopeIndex(s)
	return i >= 0 && m&(1<<i) != 0
}

// Contains reports whether every scope of o is in m.
func (m Scopes) Contains(o Scopes) bool { return m&o == o }

// List returns the scopes in catalogue order.
func (m Scopes) List() []Scope {
	out := make([]Scope, 0, 16)
	for i, s := range Catalogue {
		if m&(1<<i) != 0 {
			out = append(out, s.Scope)
		}
	}
	return out
}

// Strings returns the scopes as strings in catalogue order.
func (m Scopes) Strings() []string {
	out := make([]string, 0, 16)
	for _, s := range m.List() {
		out = append(out, string(s))
	}
	return out
}

func scopeIndex(s Scope) int {
	for i := range Catalogue {
		if Catalogue[i].Scope == s {
			return i
		}
	}
	return -1
}

// ParseScopes validates a list of scope names, naming the first unknown one.
func ParseScopes(field string, names []string) ([]Scope, error) {
	out := make([]Scope, 0, len(names))
	for i, n := range names {
		s := Scope(strings.TrimSpace(n))
		if !s.Known() {
			return nil, FieldError(field, "unknown permission %q at index %d; GET /v1/permissions lists the valid ones", n, i)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}
