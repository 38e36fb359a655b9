package httpapi

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
)

// writeError writes err in the envelope of the API authentication guide.
// Only 5xx errors are logged, with their private cause.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	noteError(r, err)
	code := hive.ErrorCode(err)
	status := hive.HTTPStatus(code)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "err", err,
			"method", r.Method, "path", loggedPath(r.URL.Path), "request_id", w.Header().Get("X-Request-Id"))
	}
	var body client.ErrorBody
	body.Error.Code = code
	body.Error.Message = hive.ErrorMessage(err)
	body.Error.Details = hive.ErrorDetails(err)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="hive"`)
	}
	if secs, ok := body.Error.Details["retry_after"].(int); ok && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	if err := writeJSON(w, status, body); err != nil {
		s.log.Debug("writing error response", slog.Any("err", err))
	}
}
