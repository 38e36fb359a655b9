package people

import (
	"time"
)

// Bucket is one band of a date attribute: [Min, Max) in Unit, Max nil for
// the open last band.
type Bucket struct {
	Key   string
	Label string
	Unit  string // "months" or "years"
	Min   int
	Max   *int
}

func upTo(n int) *int { return &n }

// TenureBuckets are the bands of time since start_date.
var TenureBuckets = []Bucket{
	{"lt_3m", "<3m", "months", 0, upTo(3)},
	{"3_6m", "3–6m", "months", 3, upTo(6)},
	{"6_12m", "6–12m", "months", 6, upTo(12)},
	{"1_2y", "1–2y", "months", 12, upTo(24)},
	{"2_4y", "2–4y", "months", 24, upTo(48)},
	{"4_6y", "4–6y", "months", 48, upTo(72)},
	{"6_10y", "6–10y", "months", 72, upTo(120)},
	{"10y_plus", "10y+", "months", 120, nil},
}

// AgeBuckets are the bands of age from date_of_birth.
var AgeBuckets = []Bucket{
	{"lt_18", "<18", "years", 0, upTo(18)},
	{"18_24", "18–24", "years", 18, upTo(25)},
	{"25_34", "25–34", "years", 25, upTo(35)},
	{"35_44", "35–44", "years", 35, upTo(45)},
	{"45_54", "45–54", "years", 45, upTo(55)},
	{"55_64", "55–64", "years", 55, upTo(65)},
	{"65_plus", "65+", "years", 65, nil},
}

// TenureBucket returns the key of the tenure band of someone who started on
// start, as of asOf. A value on a boundary is in the upper band: exactly
// three months after the start date is "3–6m". A start date in the future
// counts as "<3m".
func TenureBucket(start, asOf time.Time) string {
	return bucketOf(TenureBuckets, MonthsBetween(start, asOf))
}

// AgeBucket returns the key of the age band of someone born on birth, as of
// asOf; on one's 18th birthday one is "18–24".
func AgeBucket(birth, asOf time.Time) string {
	return bucketOf(AgeBuckets, MonthsBetween(birth, asOf)/12)
}

func bucketOf(bs []Bucket, n int) string {
	for _, b := range bs {
		if b.Max == nil || n < *b.Max {
			return b.Key
		}
	}
	return bs[len(bs)-1].Key
}

// MonthsBetween returns the whole calendar months from the civil date of
// from to that of to: the largest n for which from plus n months is on or
// before to. Adding months keeps the day of the month, or takes the month's
// last day when it has fewer days, so 31 January plus one month is 28 (or
// 29) February and a 29 February birthday falls on 28 February in other
// years. It is -1 when to is before from.
func MonthsBetween(from, to time.Time) int {
	from, to = Civil(from), Civil(to)
	if to.Before(from) {
		return -1
	}
	n := (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
	for n > 0 && AddMonths(from, n).After(to) {
		n--
	}
	return n
}

// AddMonths adds n calendar months to the civil date d, clamping the day to
// the last of the target month.
func AddMonths(d time.Time, n int) time.Time {
	y, m := d.Year(), int(d.Month())-1+n
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	first := time.Date(y, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d.Day(), last)-1)
}

// Civil returns the UTC calendar date of t at midnight.
func Civil(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
