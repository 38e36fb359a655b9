package insights

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hive-platform/hive/client"
)

// TestBIRowTypesFollowTheColumns: each documented row type lists the
// columns of its table, in the order the handler writes them, so that the
// document's schemas say what meta.columns says.
func TestBIRowTypesFollowTheColumns(t *testing.T) {
	for _, c := range []struct {
		row     any
		columns []string
	}{
		{surveyWire{}, columnNames(surveyColumns)},
		{questionWire{}, columnNames(questionColumns)},
		{questionOptionWire{}, columnNames(questionOptionColumns)},
		{attributeSegmentWire{}, columnNames(attributeColumns)},
		{client.QuestionStatistics{}, columnNames(statisticsColumns)},
		{client.DistributionRow{}, columnNames(distributionColumns)},
		{client.MetricRow{}, columnNames(metricColumns)},
		{client.KeyDriver{}, columnNames(driverColumns)},
		{client.HeatmapRow{}, columnNames(heatmapColumns)},
		{client.Facet{}, columnNames(facetColumns)},
		{client.CustomMetric{}, columnNames(customMetricColumns)},
		// The segment columns follow these, one per attribute.
		{openDoorRowWire{}, columnNames(openDoorColumns(nil))},
		{hiveFiveRowWire{}, columnNames(hiveFiveColumns(nil))},
		// A batch body is one item's fields, or the batch array.
		{openDoorRequest{}, append(jsonFields(reflect.TypeFor[openDoorItem]()), "submissions")},
		{hiveFiveRequest{}, append(jsonFields(reflect.TypeFor[hiveFiveItem]()), "hive_fives")},
	} {
		if d := cmp.Diff(c.columns, jsonFields(reflect.TypeOf(c.row))); d != "" {
			t.Errorf("%T fields do not follow its columns (-columns +fields):\n%s", c.row, d)
		}
	}
}

// jsonFields lists t's JSON keys in order, embedded structs flattened as
// encoding/json does.
func jsonFields(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		out = append(out, name)
	}
	return out
}

// TestFeedbackExamplesAreWhatTheHandlersWrite: an example row, segment
// columns included, is byte for byte what the handler's columns write.
func TestFeedbackExamplesAreWhatTheHandlersWrite(t *testing.T) {
	var want, got []string
	for i, r := range exOpenDoor {
		var b bytes.Buffer
		appendRow(&b, openDoorColumns(exFeedbackAttrs), r)
		ex, _ := json.Marshal(exOpenDoorPage.Data[i])
		want, got = append(want, b.String()), append(got, string(ex))
	}
	for i, r := range exHiveFives {
		var b bytes.Buffer
		appendRow(&b, hiveFiveColumns(exFeedbackAttrs), r)
		ex, _ := json.Marshal(exHiveFivePage.Data[i])
		want, got = append(want, b.String()), append(got, string(ex))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("example rows (-handler +example):\n%s", d)
	}
}
