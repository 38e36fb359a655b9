package analytics

import "time"

// FacetSegment is one segment a report can be filtered or broken down by.
type FacetSegment struct {
	AttributeID     string `json:"attribute_id"`
	AttributeName   string `json:"attribute_name"`
	SegmentID       string `json:"segment_id"`
	SegmentName     string `json:"segment_name"`
	RespondentCount *int   `json:"respondent_count"`
	Reportable      bool   `json:"reportable"`
	Privacy
}

// FacetBucket is one date bucket of the survey's submissions.
type FacetBucket struct {
	Interval        Interval  `json:"interval"`
	Period          string    `json:"period"`
	PeriodStart     time.Time `json:"period_start"`
	RespondentCount *int      `json:"respondent_count"`
	Reportable      bool      `json:"reportable"`
	Privacy
}

// Facets lists what a survey can be filtered by.
type Facets struct {
	RespondentCount *int           `json:"respondent_count"`
	Segments        []FacetSegment `json:"segments"`
	Buckets         []FacetBucket  `json:"buckets"`
}

// Facets returns every segment and month and quarter bucket with its
// respondent count, hidden below the threshold. Each attribute and each
// interval is a breakdown, so its counts get complementary suppression too:
// otherwise the total minus the visible counts would size a hidden group.
func (d *Dataset) Facets(threshold int) (*Facets, error) {
	if err := checkThreshold(threshold); err != nil {
		return nil, err
	}
	n := len(d.ids)
	f := &Facets{}
	if n >= threshold {
		f.RespondentCount = ptr(n)
	}
	for a := range d.survey.Attributes {
		attr := &d.survey.Attributes[a]
		counts := make([]int, len(attr.Segments))
		for _, s := range d.segs[a] {
			counts[s]++
		}
		for s, r := range breakdown(counts, threshold) {
			f.Segments = append(f.Segments, FacetSegment{AttributeID: attr.ID, AttributeName: attr.Name,
				SegmentID: attr.Segments[s].ID, SegmentName: attr.Segments[s].Name,
				RespondentCount: visible(counts[s], r), Reportable: r == "", Privacy: hidden(r)})
		}
	}
	for _, iv := range []Interval{Month, Quarter} {
		periods, keys, _, _ := d.periods(iv, Selection{})
		counts := make([]int, len(periods))
		for _, k := range keys {
			counts[k]++
		}
		for i, r := range breakdown(counts, threshold) {
			f.Buckets = append(f.Buckets, FacetBucket{Interval: iv, Period: periods[i].label, PeriodStart: periods[i].start,
				RespondentCount: visible(counts[i], r), Reportable: r == "", Privacy: hidden(r)})
		}
	}
	return f, nil
}

func visible(n int, r Reason) *int {
	if r != "" {
		return nil
	}
	return ptr(n)
}
