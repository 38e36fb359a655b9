package redis

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
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
	log  *slog.Logger
	last atomic.Int64 // unix nanoseconds of the last message logged
	held atomic.Int64 // messages held back since
}

// SetDriverLogger makes log, rate limited, the logger of every go-redis
// client in the process, in place of go-redis's own lines on standard
// error.
func SetDriverLogger(log *slog.Logger) {
	goredis.SetLogger(&driverLog{log: log})
}

func (d *driverLog) Printf(ctx context.Context, format string, v ...any) {
	now := time.Now().UnixNano()
	last := d.last.Load()
	if last != 0 && now-last < int64(DriverLogInterval) || !d.last.CompareAndSwap(last, now) {
		d.held.Add(1)
		return
	}
	says := strings.TrimPrefix(fmt.Sprintf(format, v...), "redis: ")
	d.log.WarnContext(ctx, "Redis client", "says", says, "held_back", d.held.Swap(0))
}
