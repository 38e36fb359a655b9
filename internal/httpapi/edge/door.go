package edge

import (
	"context"
	"net/http"
	"strings"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// The Door Access API answers in its own envelope:
// every response, errors included, is a JSON object with success and message.
// Hive adds reason beside message so that a controller can act on it.

// DoorEnvelope is the Door Access API's envelope, which its responses embed.
type DoorEnvelope = api.DoorEnvelope

type doorSettingsKey struct{}

// doorAPI wraps a Door API endpoint: the token in the path names the tenant,
// the key must be valid and of that tenant, the API must be enabled, and the
// key must hold scope (any valid key when empty).
func (s *Edge) doorAPI(h HandlerFunc, scope hive.Scope) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		set, err := s.doors.SettingsByToken(r.Context(), r.PathValue("token"))
		if hive.ErrorCode(err) == hive.ENOTFOUND {
			err = hive.Errorf(hive.ENOTFOUND, "This Door API URL is unknown. Copy the base URL again from Settings → External Door API.")
		}
		var p *hive.Principal
		if err == nil {
			infoFrom(r.Context()).tenantID = set.TenantID
			p, err = s.authenticate(r)
		}
		if err == nil && p.TenantID != set.TenantID {
			err = hive.Unauthorized(hive.ReasonTenantMismatch,
				"This API key belongs to another Hive than this Door API URL. Use the key configured for this Hive.")
		}
		if err == nil && !set.Enabled {
			err = hive.Errorf(hive.EFORBIDDEN, "The Door Access API is disabled for this Hive. An administrator can enable it in Settings → External Door API.")
		}
		if err != nil {
			s.WriteDoorError(w, r, err)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), doorSettingsKey{}, set))
		s.serveAs(w, r, p, scope, h, s.WriteDoorError)
	})
}

// DoorSettings are the Door API settings of the tenant a Door API request's
// URL token names, as the edge found them.
func DoorSettings(r *http.Request) *door.Settings {
	set, _ := r.Context().Value(doorSettingsKey{}).(*door.Settings)
	return set
}

// WriteDoorError writes err in the Door API envelope with its HTTP status.
func (s *Edge) WriteDoorError(w http.ResponseWriter, r *http.Request, err error) {
	err, code, status := s.prepareError(w, r, err)
	msg := hive.ErrorMessage(err)
	reason, _ := hive.ErrorDetails(err)["reason"].(string)
	if reason == hive.ReasonKeyMissing {
		msg = "No API key was sent. Set the X-DOOR-API-KEY header to your Door API key."
	}
	if reason == "" {
		reason = code
	}
	WriteJSON(w, status, DoorEnvelope{Success: false, Message: msg, Reason: reason})
}

// IsDoorPath reports whether r is for the Door API, whose errors use its own
// envelope even for unknown paths and methods.
func IsDoorPath(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/door/") }
