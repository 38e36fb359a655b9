// Package ratelimit decides whether a request may proceed under a per-minute
// limit. The in-memory Limiter here uses GCRA (the generic cell rate
// algorithm): one timestamp per key, exact to the nanosecond on one node,
// allowing a burst of the whole per-minute limit after a quiet minute.
package ratelimit

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Result is the outcome of one Allow call, with what the rate-limit headers
// report.
type Result struct {
	Allowed   bool
	Limit     int       // requests per minute
	Remaining int       // requests still allowed right now
	Reset     time.Time // when the full limit is available again; when denied, when a request is
	// allowed again (Unix seconds, RetryAfter from the limiter's second)
	ResetIn    time.Duration // how long until Reset, from the limiter's clock
	RetryAfter time.Duration // when denied: how long until one request is allowed
}

// Limiter counts requests per key.
type Limiter interface {
	// Allow counts one request for key under limit requests per minute.
	Allow(ctx context.Context, key string, limit int) (Result, error)
}

// Window is the period a limit is expressed over.
const Window = time.Minute

// Memory is an in-process GCRA limiter. Its memory is bounded by the number
// of keys seen in the last minute: idle keys are swept.
type Memory struct {
	now    func() time.Time
	swept  atomic.Int64 // unix nanoseconds of the last sweep
	shards [32]shard
}

type shard struct {
	mu  sync.Mutex
	tat map[string]time.Time // theoretical arrival time per key
}

// NewMemory returns a Memory limiter reading the given clock (time.Now if nil).
func NewMemory(now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	m := &Memory{now: now}
	for i := range m.shards {
		m.shards[i].tat = make(map[string]time.Time)
	}
	return m
}

// Allow implements Limiter.
func (m *Memory) Allow(_ context.Context, key string, limit int) (Result, error) {
	now := m.now()
	if last := m.swept.Load(); now.UnixNano()-last > int64(Window) && m.swept.CompareAndSwap(last, now.UnixNano()) {
		m.sweep(now)
	}
	sh := &m.shards[FNV(key)%uint32(len(m.shards))]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	r, tat := Decide(now, sh.tat[key], limit)
	if r.Allowed {
		sh.tat[key] = tat
	}
	return r, nil
}

// Peek reports what Allow would answer for key without counting a request.
func (m *Memory) Peek(key string, limit int) Result {
	sh := &m.shards[FNV(key)%uint32(len(m.shards))]
	sh.mu.Lock()
	tat := sh.tat[key]
	sh.mu.Unlock()
	r, _ := Decide(m.now(), tat, limit)
	return r
}

// Decide applies GCRA: given the stored theoretical arrival time, it returns
// the result and the new time to store when allowed. It is shared with the
// distributed limiter so both count the same way.
func Decide(now, tat time.Time, limit int) (Result, time.Time) {
	if limit < 1 {
		limit = 1
	}
	interval := Window / time.Duration(limit)
	if tat.Before(now) {
		tat = now
	}
	next := tat.Add(interval)
	allowAt := next.Add(-Window) // a full window of burst
	r := Result{Limit: limit, Reset: time.Unix(ceilSeconds(next), 0), ResetIn: next.Sub(now)}
	if now.Before(allowAt) {
		// Denied, Reset is when a request is allowed again, in whole
		// seconds, and RetryAfter the whole seconds until then: a client
		// reading either header waits the same, and no longer than it must.
		r.Reset = time.Unix(ceilSeconds(allowAt), 0)
		r.RetryAfter = time.Duration(r.Reset.Unix()-now.Unix()) * time.Second
		r.ResetIn = r.RetryAfter
		return r, tat
	}
	r.Allowed = true
	r.Remaining = int(now.Sub(allowAt) / interval)
	return r, next
}

func ceilSeconds(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// sweep forgets keys whose bucket is full again: they hold no information.
func (m *Memory) sweep(now time.Time) {
	for i := range m.shards {
		sh := &m.shards[i]
		sh.mu.Lock()
		for k, t := range sh.tat {
			if t.Before(now) {
				delete(sh.tat, k)
			}
		}
		sh.mu.Unlock()
	}
}

// FNV returns the FNV-1a hash of s without allocating, for sharding maps
// by key.
func FNV(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
