package alert

import "time"

// ringMinutes is how many one-minute buckets a window keeps: the 5 recent
// minutes, the trailing hour before them, and the minute in progress.
const ringMinutes = 66

// counts are what one minute of traffic adds up to.
type counts struct {
	total   int // requests
	errors  int // 5xx, and 4xx other than 401 and 429
	server  int // 5xx
	limited int // refused by the key's rate limit
}

func (c *counts) add(o counts) {
	c.total += o.total
	c.errors += o.errors
	c.server += o.server
	c.limited += o.limited
}

// window is a sliding window of one-minute buckets. A bucket is addressed by
// its minute modulo the ring size and holds the minute it counts, so stale
// buckets read as empty without ever being cleared.
type window struct {
	minute [ringMinutes]int64
	c      [ringMinutes]counts
	last   int64 // the latest minute anything was added in
}

// minuteOf returns the number of whole minutes since the Unix epoch.
func minuteOf(t time.Time) int64 { return t.Unix() / 60 }

// add counts o in minute m.
func (w *window) add(m int64, o counts) {
	i := m % ringMinutes
	if w.minute[i] != m {
		w.minute[i], w.c[i] = m, counts{}
	}
	w.c[i].add(o)
	w.last = max(w.last, m)
}

// sum adds up the minutes from through to, both included.
func (w *window) sum(from, to int64) counts {
	var out counts
	for m := max(from, to-ringMinutes+1); m <= to; m++ {
		if i := m % ringMinutes; w.minute[i] == m {
			out.add(w.c[i])
		}
	}
	return out
}

// recentAndBaseline returns the counts of the 5 minutes ending with minute
// now, and of the 60 minutes before them.
func (w *window) recentAndBaseline(now int64) (recent, baseline counts) {
	return w.sum(now-4, now), w.sum(now-64, now-5)
}
