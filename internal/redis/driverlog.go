package redis

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// DriverLogInterval is the least time between two of go-redis's own
// messages in the process log.
const DriverLogInterval = 10 * time.Second

// driverLog is go-redis's logger: its messages (a failed dial, a pub/sub
// connection dropped) go to the process log, at Warn, at most one every
// DriverLogInterval with how many were held back since the last. During
// an outage go-redis says the same for every connection it tries, and the
// limiter and the subscriber already say what the outage means.
type driverLog struct {
	to atomic.Pointer[driverTarget]
}

// driverTarget is the log driverLog writes to, and its rate limit.
type driverTarget struct {
	log  *slog.Logger
	last atomic.Int64 // unix nanoseconds of the last message logged
	held atomic.Int64 // messages held back since
}

// driver installs the process's one driverLog in go-redis, once, before
// the first client exists: go-redis reads its logger unguarded, so it is
// set once and only its target changes.
var driver = sync.OnceValue(func() *driverLog {
	d := &driverLog{}
	d.to.Store(&driverTarget{log: slog.Default()})
	goredis.SetLogger(d)
	return d
})

// SetDriverLogger makes log, rate limited, the logger of every go-redis
// client in the process, in place of go-redis's own lines on standard
// error. Until it is called, slog.Default() is.
func SetDriverLogger(log *slog.Logger) {
	driver().to.Store(&driverTarget{log: log})
}

func (d *driverLog) Printf(ctx context.Context, format string, v ...any) {
	to := d.to.Load()
	now := time.Now().UnixNano()
	last := to.last.Load()
	if now-last < int64(DriverLogInterval) || !to.last.CompareAndSwap(last, now) {
		to.held.Add(1)
		return
	}
	says := strings.TrimPrefix(fmt.Sprintf(format, v...), "redis: ")
	to.log.WarnContext(ctx, "Redis client", "says", says, "held_back", to.held.Swap(0))
}
