package alert_test

import (
	"math/rand/v2"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
)

// BenchmarkObserveRequest is the cost on the request path: a copy into the
// queue, drained outside the timer whenever it fills.
func BenchmarkObserveRequest(b *testing.B) {
	e := newEnv(b)
	r := e.rec()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.eng.ObserveRequest(r)
		if i%4096 == 4095 {
			b.StopTimer()
			e.eng.Drain(e.ctx)
			b.StartTimer()
		}
	}
}

// BenchmarkHandle is the engine's cost per request over 1000 keys whose
// addresses it already knows: windows and rule checks, no store writes.
func BenchmarkHandle(b *testing.B) {
	e := newEnv(b)
	recs := make([]*hive.RequestRecord, 1000)
	for i := range recs {
		recs[i] = e.rec(func(r *hive.RequestRecord) { r.KeyID = hive.NewID(hive.PrefixKey, e.clock.Now()) })
		e.observe(e.eng, 1, recs[i])
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.eng.ObserveRequest(recs[rand.IntN(len(recs))])
		if i%1024 == 1023 {
			e.eng.Drain(e.ctx)
		}
	}
}
