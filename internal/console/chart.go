package console

import (
	"math"
	"strconv"
	"time"

	"github.com/hive-platform/hive/internal/usage"
)

// Chart geometry, in the SVG's own units: the plot sits inside the margins
// that hold the axis labels.
const (
	chartWidth  = 760
	chartHeight = 260
	chartLeft   = 56
	chartRight  = 12
	chartTop    = 12
	chartBottom = 34
	chartXTicks = 6
	chartYTicks = 4
)

// chart is a bar chart of requests over time, drawn by the server as SVG
// so the page needs no script: one bar per period, stacked by status
// class.
type chart struct {
	Width, Height int
	Left, Right   float64 // the plot's x range
	Top, Bottom   float64 // the plot's y range; Bottom is the axis
	Bars          []chartBar
	YTicks        []chartTick
	XTicks        []chartTick
	LabelX        float64 // where the y axis's labels end
	LabelY        float64 // the baseline of the x axis's labels
	MidX, MidY    float64 // the plot's centre, for the empty-range note
	Empty         bool    // no requests in the range
}

// chartBar is one period: its segments from the axis up, and a tooltip.
type chartBar struct {
	X, W     float64
	Segments []chartSegment
	Title    string
}

type chartSegment struct {
	Y, H  float64
	Class string // the status class's style: ok, redirect, warn, bad
}

// chartTick is a label on an axis at Pos (y for the y axis, x for the x).
type chartTick struct {
	Pos   float64
	Label string
}

// requestsChart draws the points of a report at interval.
func requestsChart(pts []usage.Point, interval string) chart {
	ch := chart{Width: chartWidth, Height: chartHeight, Left: chartLeft, Right: chartWidth - chartRight,
		Top: chartTop, Bottom: chartHeight - chartBottom, Empty: true}
	ch.LabelX, ch.LabelY = ch.Left-6, ch.Bottom+18
	ch.MidX, ch.MidY = (ch.Left+ch.Right)/2, (ch.Top+ch.Bottom)/2
	var most int64
	for _, pt := range pts {
		most = max(most, pt.Requests)
	}
	top := niceCeil(most)
	for i := 0; i <= chartYTicks; i++ {
		v := top * int64(i) / chartYTicks
		ch.YTicks = append(ch.YTicks, chartTick{Pos: ch.y(v, top), Label: strconv.FormatInt(v, 10)})
	}
	if len(pts) == 0 {
		return ch
	}
	slot := (ch.Right - ch.Left) / float64(len(pts))
	every := max(1, int(math.Ceil(float64(len(pts))/chartXTicks)))
	for i, pt := range pts {
		x := ch.Left + float64(i)*slot
		if i%every == 0 {
			ch.XTicks = append(ch.XTicks, chartTick{Pos: x + slot/2, Label: periodLabel(pt.Start, interval)})
		}
		if pt.Requests == 0 {
			continue
		}
		ch.Empty = false
		ch.Bars = append(ch.Bars, ch.bar(pt, x, slot, top, interval))
	}
	return ch
}

// bar stacks a period's status classes from the axis up.
func (ch *chart) bar(pt usage.Point, x, slot float64, top int64, interval string) chartBar {
	gap := min(2, slot/5)
	b := chartBar{X: round1(x + gap/2), W: round1(slot - gap),
		Title: periodLabel(pt.Start, interval) + ": " + strconv.FormatInt(pt.Requests, 10) + " requests"}
	var below int64
	for _, part := range []struct {
		n     int64
		class string
	}{{pt.Status2xx, "ok"}, {pt.Status3xx, "redirect"}, {pt.Status4xx, "warn"}, {pt.Status5xx, "bad"}} {
		if part.n == 0 {
			continue
		}
		y0, y1 := ch.y(below, top), ch.y(below+part.n, top)
		b.Segments = append(b.Segments, chartSegment{Y: y1, H: round1(y0 - y1), Class: part.class})
		below += part.n
	}
	return b
}

// y is the height of v on a scale topped at top.
func (ch *chart) y(v, top int64) float64 {
	return round1(ch.Bottom - (ch.Bottom-ch.Top)*float64(v)/float64(top))
}

// niceCeil rounds n up to the tick count times a step of 1, 2 or 5 times
// a power of ten, so the y axis's labels are round whole numbers.
func niceCeil(n int64) int64 {
	need := max(1, (n+chartYTicks-1)/chartYTicks)
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if m*p >= need {
				return m * p * chartYTicks
			}
		}
	}
}

// periodLabel names a period's start as fits its length.
func periodLabel(t time.Time, interval string) string {
	switch interval {
	case "minute":
		return t.UTC().Format("15:04")
	case "day":
		return t.UTC().Format("Jan 2")
	}
	return t.UTC().Format("Jan 2 15:04")
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
