package insights

import (
	"errors"
	"net/http"
	"strings"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/people"
)

// maxPeopleImportBytes caps a people upload: 100,000 people of a few
// hundred bytes each.
const maxPeopleImportBytes = 64 << 20

// importPeople handles "POST /v1/people/import[?dry_run=true]" with a CSV
// body. The whole file is checked before anything is written.
func (s *API) importPeople(w http.ResponseWriter, r *http.Request) error {
	dryRun, err := edge.ParseFormBool("dry_run", r.URL.Query().Get("dry_run"))
	if err != nil {
		return err
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "text/csv") && !strings.HasPrefix(ct, "application/octet-stream") {
		return hive.Errorf(hive.EINVALID, "Content-Type %q is not supported; send the CSV file with Content-Type: text/csv", ct)
	}
	res, err := s.people.ImportPeople(r.Context(), edge.Principal(r), http.MaxBytesReader(w, r.Body, maxPeopleImportBytes), dryRun)
	if tooBig, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return hive.Errorf(hive.EINVALID, "The file is larger than %d bytes; split it into several uploads", tooBig.Limit)
	}
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, api.ImportResult{DryRun: res.DryRun, Created: res.Created, Updated: res.Updated,
		Unchanged: res.Unchanged, AttributesCreated: res.AttributesCreated, SegmentsCreated: res.SegmentsCreated})
}

// attributeSegment is one row of GET /v1/attributes.
type attributeSegment struct {
	a *people.Attribute
	s *people.Segment
}

var attributeColumns = biColumnsVia(attributeSegment.wire)

// wire is the row as the API returns it: bucket_unit null when the segment
// is not a date bucket.
func (r attributeSegment) wire() api.AttributeSegment {
	out := api.AttributeSegment{AttributeID: r.a.ID, AttributeName: r.a.Name, AttributeType: string(r.a.Type), SegmentID: r.s.ID,
		SegmentName: r.s.Label, SegmentPosition: r.s.Position, NotSpecified: r.s.NotSpecified, BucketMin: r.s.Min, BucketMax: r.s.Max}
	if r.s.Unit != "" {
		out.BucketUnit = &r.s.Unit
	}
	return out
}

// listAttributes handles "GET /v1/attributes": one row per attribute and
// segment, date buckets with their bounds [bucket_min, bucket_max) in
// bucket_unit. Tenure and age buckets are computed as of each response's
// submitted_at.
func (s *API) listAttributes(w http.ResponseWriter, r *http.Request) error {
	q, err := readBIQuery(r)
	if err != nil {
		return err
	}
	attrs, err := s.people.Attributes(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	var rows []attributeSegment
	for _, a := range attrs {
		for _, seg := range a.Segments {
			rows = append(rows, attributeSegment{a, seg})
		}
	}
	page, next := pageRows(rows, func(r attributeSegment) string { return r.a.ID + ":" + r.s.ID }, q)
	return writeBI(w, r, q, attributeColumns, page, next, nil, nil)
}

// getPrivacy handles "GET /v1/settings/privacy".
func (s *API) getPrivacy(w http.ResponseWriter, r *http.Request) error {
	st, err := s.people.Privacy(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, api.PrivacySettings{Threshold: &st.Threshold, CommentThreshold: &st.CommentThreshold})
}

// updatePrivacy handles "PUT /v1/settings/privacy"; a field left out keeps
// its value.
func (s *API) updatePrivacy(w http.ResponseWriter, r *http.Request) error {
	var req api.PrivacySettings
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	st, err := s.people.SetPrivacy(r.Context(), edge.Principal(r), people.PrivacyParams{Threshold: req.Threshold, CommentThreshold: req.CommentThreshold})
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, api.PrivacySettings{Threshold: &st.Threshold, CommentThreshold: &st.CommentThreshold})
}
