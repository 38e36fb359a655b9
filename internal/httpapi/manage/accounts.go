package manage

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// createServiceAccount handles "POST /v1/service-accounts".
func (s *API) createServiceAccount(w http.ResponseWriter, r *http.Request) error {
	var req api.ServiceAccountRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	if req.Name == nil {
		return hive.FieldError("name", "is required, for example \"PowerBI Dashboard\"")
	}
	a, err := s.keys.CreateServiceAccount(r.Context(), edge.Principal(r), *req.Name, edge.Deref(req.Description))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusCreated, newServiceAccount(a))
}

// listServiceAccounts handles "GET /v1/service-accounts".
func (s *API) listServiceAccounts(w http.ResponseWriter, r *http.Request) error {
	page, limit, err := edge.PageOf(r)
	if err != nil {
		return err
	}
	list, total, err := s.keys.ListServiceAccounts(r.Context(), edge.Principal(r), page)
	if err != nil {
		return err
	}
	list, more := edge.TrimPage(list, limit)
	return edge.WriteJSON(w, http.StatusOK, edge.NewList(list, total, more, newServiceAccount,
		func(a *apikey.ServiceAccount) string { return a.ID }))
}

// getServiceAccount handles "GET /v1/service-accounts/{id}".
func (s *API) getServiceAccount(w http.ResponseWriter, r *http.Request) error {
	a, err := s.keys.ServiceAccount(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newServiceAccount(a))
}

// updateServiceAccount handles "PATCH /v1/service-accounts/{id}".
func (s *API) updateServiceAccount(w http.ResponseWriter, r *http.Request) error {
	var req api.ServiceAccountRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	a, err := s.keys.UpdateServiceAccount(r.Context(), edge.Principal(r), r.PathValue("id"), req.Name, req.Description)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newServiceAccount(a))
}

// deleteServiceAccount handles "DELETE /v1/service-accounts/{id}", revoking
// every key of the account.
func (s *API) deleteServiceAccount(w http.ResponseWriter, r *http.Request) error {
	if err := s.keys.DeleteServiceAccount(r.Context(), edge.Principal(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
