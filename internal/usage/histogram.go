package usage

import (
	"math"
	"time"
)

// NumBuckets is the number of latency buckets. Bucket b holds latencies from
// 2^(b/4) up to 2^((b+1)/4) microseconds, so the last one starts at about
// 67 minutes and takes everything longer; bucket 0 also takes everything
// under a microsecond.
const NumBuckets = 128

// Histogram counts requests per latency bucket.
type Histogram [NumBuckets]int64

// BucketOf returns the bucket of a latency. Buckets grow by 2^(1/4), about
// 19%, so the middle of a bucket (see BucketMiddle) is within 9% of every
// latency in it: that is the accuracy of the percentiles.
func BucketOf(d time.Duration) int {
	us := d.Microseconds()
	if us <= 1 {
		return 0
	}
	b := int(math.Floor(4 * math.Log2(float64(us))))
	return min(b, NumBuckets-1)
}

// BucketMiddle returns the geometric middle of bucket b, the value reported
// for any latency in it.
func BucketMiddle(b int) time.Duration {
	us := math.Exp2((float64(b) + 0.5) / 4)
	return time.Duration(us * float64(time.Microsecond))
}

// Add adds o to h.
func (h *Histogram) Add(o *Histogram) {
	for i, n := range o {
		h[i] += n
	}
}

// Total returns the number of requests in h.
func (h *Histogram) Total() int64 {
	var n int64
	for _, c := range h {
		n += c
	}
	return n
}

// Quantile returns the latency below which the fraction q of the requests
// fall, as the middle of the bucket that holds the request of that rank,
// and false when h is empty.
func (h *Histogram) Quantile(q float64) (time.Duration, bool) {
	total := h.Total()
	if total == 0 {
		return 0, false
	}
	rank := max(int64(math.Ceil(q*float64(total))), 1)
	var seen int64
	for b, n := range h {
		seen += n
		if seen >= rank {
			return BucketMiddle(b), true
		}
	}
	return BucketMiddle(NumBuckets - 1), true
}
