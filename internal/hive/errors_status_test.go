package hive

import (
	"net/http"
	"testing"
)

func TestHTTPStatus(t *testing.T) {
	for code, want := range map[string]int{
		EINVALID: http.StatusBadRequest, EUNAUTHORIZED: http.StatusUnauthorized, EFORBIDDEN: http.StatusForbidden,
		ENOTFOUND: http.StatusNotFound, ECONFLICT: http.StatusConflict, ERATELIMITED: http.StatusTooManyRequests,
		EMETHOD: http.StatusMethodNotAllowed, EINTERNAL: http.StatusInternalServerError, "something else": http.StatusInternalServerError,
	} {
		if got := HTTPStatus(code); got != want {
			t.Errorf("HTTPStatus(%q) = %d, want %d", code, got, want)
		}
	}
}
