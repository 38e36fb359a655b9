package edge

import (
	"net/http"
	"strconv"

	"github.com/hive-platform/hive/internal/hive"
)

// HeaderFleetConfirmed is on the response of a request that changed keys:
// "true" when every live node confirmed it had dropped the old state before
// the response was sent, "false" when some did not answer within a second.
// Either way no node accepts the old state once the response is sent (a
// node that cannot prove its cache current checks the database), so
// "false" says only that some node could not be reached.
const HeaderFleetConfirmed = "Hive-Fleet-Confirmed"

// FleetConfirmedDoc documents HeaderFleetConfirmed in the reference.
const FleetConfirmedDoc = `"true" when every live node confirmed it dropped the key's old state before this response; "false" when some node did not answer within 1 s ` +
	"(it checks keys in the database until it catches up, so none accepts the old state either way). Absent when nothing changed."

// confirmed wraps a handler whose changes to keys reach every node, so that
// its response carries HeaderFleetConfirmed.
func confirmed(h HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx, rep := hive.WithFleetReport(r.Context())
		return h(&fleetWriter{ResponseWriter: w, rep: rep}, r.WithContext(ctx))
	}
}

// fleetWriter sets HeaderFleetConfirmed as the response starts.
type fleetWriter struct {
	http.ResponseWriter
	rep   *hive.FleetReport
	wrote bool
}

func (w *fleetWriter) WriteHeader(code int) {
	if !w.wrote {
		w.wrote = true
		if changed, ok := w.rep.Outcome(); changed {
			w.Header().Set(HeaderFleetConfirmed, strconv.FormatBool(ok))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *fleetWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *fleetWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
