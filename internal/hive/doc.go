// Package hive is the shared vocabulary of the platform: identifiers, the
// application error type and its codes, permission scopes, the authenticated
// Principal and the resource-restriction check every domain API calls.
//
// It imports nothing from the rest of the module, so every other package can
// depend on it.
package hive
