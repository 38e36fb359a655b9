package console

import (
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/usage"
)

func TestNiceCeilGivesRoundTicks(t *testing.T) {
	for n, want := range map[int64]int64{0: 4, 3: 4, 7: 8, 9: 20, 130: 200, 4000: 4000, 4001: 8000} {
		if got := niceCeil(n); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestRequestsChartStacksStatusClasses(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	pts := []usage.Point{
		{Start: start},
		{Start: start.Add(time.Hour), Counts: usage.Counts{Requests: 4, Status2xx: 2, Status4xx: 1, Status5xx: 1}},
	}
	ch := requestsChart(pts, "hour")
	if ch.Empty || len(ch.Bars) != 1 {
		t.Fatalf("chart = %+v, want one bar", ch)
	}
	segs := ch.Bars[0].Segments
	if len(segs) != 3 || segs[0].Class != "ok" || segs[1].Class != "warn" || segs[2].Class != "bad" {
		t.Fatalf("segments = %+v, want ok, warn, bad from the axis up", segs)
	}
	plot := ch.Bottom - ch.Top
	if segs[0].H != plot/2 || segs[1].H != plot/4 || segs[0].Y+segs[0].H != ch.Bottom || segs[2].Y != ch.Top {
		t.Errorf("segments = %+v, want halves and quarters of the %v-high plot, stacked from %v to %v", segs, plot, ch.Bottom, ch.Top)
	}
	if len(ch.XTicks) != 2 || ch.XTicks[1].Label != "Mar 2 10:00" || ch.YTicks[4].Label != "4" {
		t.Errorf("ticks x %+v y %+v", ch.XTicks, ch.YTicks)
	}
	if empty := requestsChart([]usage.Point{{Start: start}}, "minute"); !empty.Empty || len(empty.Bars) != 0 {
		t.Errorf("a range without requests draws %+v", empty)
	}
}
