package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGCKeepsTheOperatorsSettings checks that hive serve's collector
// settings apply only where GOGC and GOMEMLIMIT are unset.
func TestTuneGCKeepsTheOperatorsSettings(t *testing.T) {
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })

	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Errorf("GC percent without GOGC = %d, want %d", got, serveGCPercent)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != serveMemoryLimit {
		t.Errorf("memory limit without GOMEMLIMIT = %d, want %d", got, serveMemoryLimit)
	}

	tuneGC(func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "off"}[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent with GOGC set = %d, want it left at 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit with GOMEMLIMIT set = %d, want it left alone", got)
	}
}
