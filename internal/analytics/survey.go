package analytics

import (
	"fmt"
	"slices"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// QuestionType says how a question's answers are read.
type QuestionType string

// Question types. Only scale and enps questions have means and bands; option
// answers are counted per option; free text carries no number at all.
const (
	TypeScale    QuestionType = "scale"
	TypeENPS     QuestionType = "enps"
	TypeOption   QuestionType = "option"
	TypeFreeText QuestionType = "free_text"
)

// Missing marks an unanswered cell in the answer matrix.
const Missing int8 = -128

// Bands split a scale into favourable, neutral and unfavourable answers:
// favourable ≥ FavourableMin, unfavourable ≤ UnfavourableMax, neutral between.
type Bands struct {
	FavourableMin   int
	UnfavourableMax int
}

// Question is one survey question as the engine sees it.
type Question struct {
	ID       string
	Key      string
	Category string // "" makes the question its own Key Driver
	Type     QuestionType
	Min, Max int    // the native scale, or the option indexes for option questions
	Bands    *Bands // nil takes the default bands of the scale
	InEI     bool   // counts towards the Engagement Index
}

// bands returns the question's bands, defaulting by scale: 0–10 favourable ≥ 7
// and unfavourable ≤ 4; 1–5 favourable ≥ 4 and unfavourable ≤ 2; any other
// scale splits into thirds.
func (q *Question) bands() Bands {
	switch {
	case q.Bands != nil:
		return *q.Bands
	case q.Min == 0 && q.Max == 10:
		return Bands{FavourableMin: 7, UnfavourableMax: 4}
	case q.Min == 1 && q.Max == 5:
		return Bands{FavourableMin: 4, UnfavourableMax: 2}
	}
	third := (q.Max - q.Min + 1) / 3
	return Bands{FavourableMin: q.Max - third + 1, UnfavourableMax: q.Min + third - 1}
}

// numeric reports whether the question's answers have a mean.
func (q *Question) numeric() bool { return q.Type == TypeScale || q.Type == TypeENPS }

// score100 rescales a native answer to 0–100.
func (q *Question) score100(v float64) float64 {
	return (v - float64(q.Min)) / float64(q.Max-q.Min) * 100
}

// Segment is one value of an attribute, such as "Sales" of "Department".
type Segment struct {
	ID   string
	Name string
}

// Attribute is a demographic dimension. Every respondent sits in exactly one of
// its segments: the one snapshotted with the response, or NotSpecified.
type Attribute struct {
	ID           string
	Name         string
	Segments     []Segment
	NotSpecified string // segment id for respondents without a value; generated when "", appended to Segments unless listed
}

// Survey describes what the answer matrix holds.
type Survey struct {
	ID         string
	Questions  []Question
	Attributes []Attribute
}

// validate checks a survey before any answer is loaded, naming the field.
func (s *Survey) validate() error {
	if len(s.Questions) == 0 {
		return hive.FieldError("questions", "a survey needs at least one question")
	}
	seen := make(map[string]bool, 2*len(s.Questions))
	for i := range s.Questions {
		q := &s.Questions[i]
		field := fmt.Sprintf("questions[%d]", i)
		if q.ID == "" || q.Key == "" {
			return hive.FieldError(field, "id and key are required")
		}
		if seen["id:"+q.ID] || seen["key:"+q.Key] {
			return hive.FieldError(field, "id %q or key %q is used twice; each must be unique", q.ID, q.Key)
		}
		seen["id:"+q.ID], seen["key:"+q.Key] = true, true
		if err := q.validate(field); err != nil {
			return err
		}
	}
	return nil
}

func (q *Question) validate(field string) error {
	switch q.Type {
	case TypeFreeText:
		return nil
	case TypeScale, TypeOption:
	case TypeENPS:
		if q.Min != 0 || q.Max != 10 {
			return hive.FieldError(field, "an enps question runs 0–10, not %d–%d", q.Min, q.Max)
		}
	default:
		return hive.FieldError(field, "type %q is not one of scale, enps, option, free_text", q.Type)
	}
	if q.Min < 0 || q.Max > 100 || q.Min >= q.Max {
		return hive.FieldError(field, "scale %d–%d must satisfy 0 ≤ min < max ≤ 100", q.Min, q.Max)
	}
	if q.InEI && !q.numeric() {
		return hive.FieldError(field, "only scale and enps questions can count towards the Engagement Index")
	}
	if b := q.Bands; b != nil && (b.UnfavourableMax >= b.FavourableMin || b.UnfavourableMax < q.Min || b.FavourableMin > q.Max) {
		return hive.FieldError(field, "bands need min ≤ unfavourable_max < favourable_min ≤ max")
	}
	return nil
}

// Dataset is one survey's answers in columns: one []int8 per question, indexed
// by respondent, plus per attribute the segment index of every respondent.
// Columns keep each question's answers contiguous, so a breakdown is one
// sequential pass over 10,000 bytes per question. A Dataset is immutable and
// safe for concurrent use.
type Dataset struct {
	survey    Survey
	ids       []string
	submitted []int64    // unix seconds
	cols      [][]int8   // cols[q][r]
	segs      [][]uint16 // segs[a][r] indexes survey.Attributes[a].Segments
	segIndex  map[string]segRef
	qIndex    map[string]int
	ei        *personIndex
	drivers   *drivers
}

// segRef locates a segment id inside the dataset.
type segRef struct{ attr, seg int }

// Respondents returns how many responses the dataset holds.
func (d *Dataset) Respondents() int { return len(d.ids) }

// Survey returns the survey the dataset was built for, with every attribute's
// NotSpecified segment appended to its segments.
func (d *Dataset) Survey() *Survey { return &d.survey }

// Question returns the index of the question with the given id or key.
func (d *Dataset) Question(idOrKey string) (int, bool) {
	i, ok := d.qIndex[idOrKey]
	return i, ok
}

// Builder fills a Dataset row by row, as the rows of one query arrive:
// declare each respondent, then add its answers. Rows sorted by respondent id
// are the cheap path, with no per-row allocation beyond the id itself: a
// duplicate can only be the previous id, and an id is found by binary search.
// Any order works; the first id out of order builds a map of them all.
type Builder struct {
	ds      *Dataset
	rows    []int8         // row-major while loading; transposed by Build
	resp    map[string]int // nil while ids arrive sorted
	last    int
	missing []int8   // one row of Missing, appended per respondent
	lo, hi  []int8   // each question's accepted values; lo > hi for free text
	refs    []segRef // scratch for one respondent's segments
	ns      []uint16 // each attribute's Not specified segment
}

// NewBuilder validates the survey and returns a builder for its answers.
// capacity is the expected number of respondents, 0 if unknown.
func NewBuilder(s Survey, capacity int) (*Builder, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	ds := &Dataset{survey: s, segIndex: map[string]segRef{}, qIndex: map[string]int{},
		ids: make([]string, 0, capacity), submitted: make([]int64, 0, capacity)}
	if err := ds.indexSegments(); err != nil {
		return nil, err
	}
	nq := len(s.Questions)
	b := &Builder{ds: ds, last: -1, rows: make([]int8, 0, capacity*nq), missing: make([]int8, nq),
		lo: make([]int8, nq), hi: make([]int8, nq)}
	for i, q := range s.Questions {
		ds.qIndex[q.ID], ds.qIndex[q.Key] = i, i
		b.missing[i], b.lo[i], b.hi[i] = Missing, int8(q.Min), int8(q.Max)
		if q.Type == TypeFreeText {
			b.lo[i], b.hi[i] = 1, 0
		}
	}
	for a, at := range ds.survey.Attributes {
		ds.segs[a] = make([]uint16, 0, capacity)
		b.ns = append(b.ns, uint16(ds.segIndex[at.NotSpecified].seg))
	}
	return b, nil
}

// indexSegments copies the attributes, appends each NotSpecified segment and
// maps every segment id to its place.
func (d *Dataset) indexSegments() error {
	attrs := make([]Attribute, len(d.survey.Attributes))
	for a, at := range d.survey.Attributes {
		if at.ID == "" {
			return hive.FieldError(fmt.Sprintf("attributes[%d]", a), "id is required")
		}
		ns := at.NotSpecified
		if ns == "" {
			ns = at.ID + ":not_specified"
		}
		at.Segments = append([]Segment(nil), at.Segments...)
		if !slices.ContainsFunc(at.Segments, func(s Segment) bool { return s.ID == ns }) {
			at.Segments = append(at.Segments, Segment{ID: ns, Name: "Not specified"})
		}
		at.NotSpecified = ns
		if len(at.Segments) > 4096 {
			return hive.FieldError(fmt.Sprintf("attributes[%d]", a), "at most 4095 segments per attribute")
		}
		for s, sg := range at.Segments {
			if _, dup := d.segIndex[sg.ID]; dup {
				return hive.FieldError(fmt.Sprintf("attributes[%d].segments[%d]", a, s), "segment id %q is used twice", sg.ID)
			}
			d.segIndex[sg.ID] = segRef{a, s}
		}
		attrs[a] = at
	}
	d.survey.Attributes = attrs
	d.segs = make([][]uint16, len(attrs))
	return nil
}

// Respondent declares a response: its id, when it was submitted, and the
// segment ids snapshotted with it (at most one per attribute; attributes left
// out put the respondent in "Not specified").
func (b *Builder) Respondent(id string, submitted time.Time, segmentIDs ...string) error {
	if id == "" || b.declared(id) {
		return hive.FieldError("response_id", "response %q is empty or declared twice", id)
	}
	if submitted.IsZero() {
		return hive.FieldError("submitted_at", "response %q needs its submission time, which places it in date buckets", id)
	}
	d := b.ds
	b.refs = b.refs[:0]
	for _, sid := range segmentIDs {
		ref, ok := d.segIndex[sid]
		if !ok {
			return hive.FieldError("segment_id", "response %q names unknown segment %q", id, sid)
		}
		b.refs = append(b.refs, ref)
	}
	row := len(d.ids)
	for a := range d.segs {
		d.segs[a] = append(d.segs[a], b.ns[a])
	}
	for _, ref := range b.refs {
		d.segs[ref.attr][row] = uint16(ref.seg)
	}
	if b.resp != nil {
		b.resp[id] = row
	}
	d.ids, d.submitted = append(d.ids, id), append(d.submitted, submitted.Unix())
	b.last = row
	b.rows = append(b.rows, b.missing...)
	return nil
}

// declared reports whether id was declared, switching to a map the first
// time an id arrives out of order.
func (b *Builder) declared(id string) bool {
	if b.resp != nil {
		_, ok := b.resp[id]
		return ok
	}
	ids := b.ds.ids
	if len(ids) == 0 || id > ids[len(ids)-1] {
		return false
	}
	b.resp = make(map[string]int, cap(ids))
	for r, x := range ids {
		b.resp[x] = r
	}
	_, ok := b.resp[id]
	return ok
}

// row returns the row of a declared respondent.
func (b *Builder) row(id string) (int, bool) {
	ids := b.ds.ids
	switch {
	case b.last >= 0 && ids[b.last] == id:
		return b.last, true
	case b.resp != nil:
		r, ok := b.resp[id]
		return r, ok
	}
	r, ok := slices.BinarySearch(ids, id)
	return r, ok
}

// Answer records respondent id's answer to the question at index q. Values
// outside the question's scale are refused, as at ingestion.
func (b *Builder) Answer(id string, q int, value int) error {
	row, ok := b.row(id)
	if !ok {
		return hive.FieldError("response_id", "response %q was not declared; call Respondent first", id)
	}
	qs := b.ds.survey.Questions
	if q < 0 || q >= len(qs) {
		return hive.FieldError("question", "index %d is outside the survey's %d questions", q, len(qs))
	}
	if qs[q].Type == TypeFreeText {
		return hive.FieldError("question", "question %q is free text and has no numeric answer", qs[q].Key)
	}
	if value < qs[q].Min || value > qs[q].Max {
		return hive.FieldError("value", "question %q takes %d–%d, got %d", qs[q].Key, qs[q].Min, qs[q].Max, value)
	}
	b.rows[row*len(qs)+q] = int8(value)
	return nil
}

// AnswerRow records all of respondent id's answers at once, one value per
// question in survey order with Missing for unanswered; it suits storage that
// keeps a response's answers in one blob. Each value is checked as by Answer.
func (b *Builder) AnswerRow(id string, values []int8) error {
	nq := len(b.missing)
	if len(values) != nq {
		return hive.FieldError("values", "response %q has %d values for %d questions", id, len(values), nq)
	}
	row, ok := b.row(id)
	if !ok {
		return hive.FieldError("response_id", "response %q was not declared; call Respondent first", id)
	}
	for q, v := range values {
		if v != Missing && (v < b.lo[q] || v > b.hi[q]) {
			return b.Answer(id, q, int(v)) // names the problem
		}
	}
	copy(b.rows[row*nq:], values)
	return nil
}

// Build transposes the loaded rows into columns and precomputes the
// Engagement Index person values. The builder must not be used afterwards.
func (b *Builder) Build() *Dataset {
	d := b.ds
	nq, n := len(d.survey.Questions), len(d.ids)
	flat := make([]int8, nq*n)
	d.cols = make([][]int8, nq)
	for q := range d.cols {
		col := flat[q*n : (q+1)*n : (q+1)*n]
		for r := range col {
			col[r] = b.rows[r*nq+q]
		}
		d.cols[q] = col
	}
	b.rows = nil
	d.ei = d.personValues(d.eiItems(), twoThirds)
	d.drivers = d.buildDrivers()
	return d
}

// eiItems returns the indexes of the Engagement Index questions.
func (d *Dataset) eiItems() []int {
	var items []int
	for i, q := range d.survey.Questions {
		if q.InEI {
			items = append(items, i)
		}
	}
	return items
}
