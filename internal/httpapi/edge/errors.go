package edge

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
)

// WriteError writes err in the envelope of the API authentication guide.
// Only 5xx errors are logged, with their private cause.
func (s *Edge) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	err, code, status := s.prepareError(w, r, err)
	var body api.ErrorBody
	body.Error.Code = code
	body.Error.Message = hive.ErrorMessage(err)
	body.Error.Details = hive.ErrorDetails(err)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="hive"`)
	}
	if err := WriteJSON(w, status, body); err != nil {
		s.log.Debug("writing error response", slog.Any("err", err))
	}
}

// prepareError is what both envelopes do with an error before writing it:
// a store's driver error becomes EUNAVAILABLE when the store cannot be
// reached, the API log notes the code, a 5xx is logged with its cause, and
// a retry_after detail becomes the Retry-After header.
func (s *Edge) prepareError(w http.ResponseWriter, r *http.Request, err error) (error, string, int) {
	if bad := infoFrom(r.Context()).badInput; bad != nil {
		err = bad // however the handler worded the failed read
	}
	if s.storeErrors != nil {
		err = s.storeErrors(err)
	}
	noteError(r, err)
	code := hive.ErrorCode(err)
	status := hive.HTTPStatus(code)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "err", err,
			"method", r.Method, "path", LoggedPath(r.URL.Path), "request_id", w.Header().Get("X-Request-Id"))
	}
	if secs, ok := hive.ErrorDetails(err)["retry_after"].(int); ok && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	return err, code, status
}
