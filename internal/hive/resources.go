package hive

import (
	"context"
	"fmt"
	"slices"
)

// ResourceKind names a kind of resource a key can be restricted to.
type ResourceKind string

const (
	ResourceSurveys ResourceKind = "surveys"
	ResourceDoors   ResourceKind = "doors"
)

// Resources restricts a key to named resources. A nil list means "all" of
// that kind; a non-nil list, even empty, means "only these". The JSON form
// keeps that difference: null is "all", [] is "none".
type Resources struct {
	Surveys []string `json:"surveys"`
	Doors   []string `json:"doors"`
}

// Restricted reports whether the key is limited for kind.
func (r Resources) Restricted(kind ResourceKind) bool { return r.List(kind) != nil }

// Allows reports whether id of kind is within the restriction.
func (r Resources) Allows(kind ResourceKind, id string) bool {
	l := r.List(kind)
	return l == nil || slices.Contains(l, id)
}

// List returns the ids kind is restricted to, nil meaning all.
func (r Resources) List(kind ResourceKind) []string {
	switch kind {
	case ResourceSurveys:
		return r.Surveys
	case ResourceDoors:
		return r.Doors
	}
	return nil
}

// CheckResource is the one place domain APIs ask whether the caller in ctx may
// touch resource id of kind. Callers without a principal (internal jobs) pass.
// A restricted key gets a 403 naming the resource and the ones it may use.
func CheckResource(ctx context.Context, kind ResourceKind, id string) error {
	if p := PrincipalFrom(ctx); p != nil {
		return p.Resources.Check(kind, id)
	}
	return nil
}

// Check returns a 403 naming the resource unless r allows id of kind.
func (r Resources) Check(kind ResourceKind, id string) error {
	if r.Allows(kind, id) {
		return nil
	}
	return &Error{Code: EFORBIDDEN,
		Message: fmt.Sprintf("This API key is restricted to specific %s and %q is not one of them", kind, id),
		Details: map[string]any{
			"resource_type":     string(kind),
			"resource_id":       id,
			"allowed_resources": r.List(kind),
		}}
}

// ValidateResources checks restriction lists: ids non-empty, at most 191
// characters, no duplicates.
func ValidateResources(r Resources) error {
	for _, kind := range []ResourceKind{ResourceSurveys, ResourceDoors} {
		l := r.List(kind)
		for i, id := range l {
			field := fmt.Sprintf("resources.%s[%d]", kind, i)
			switch {
			case id == "":
				return FieldError(field, "must not be empty")
			case len(id) > 191:
				return FieldError(field, "must be at most 191 characters")
			case slices.Index(l, id) != i:
				return FieldError(field, "%q is listed twice", id)
			}
		}
	}
	return nil
}
