package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// A WAL checkpoint copies the pages committed to the write-ahead log back
// into the database file and syncs it to disk. SQLite runs one by itself in
// the connection whose commit takes the log past a threshold, before that
// commit returns, and the single writer connection then holds every write
// queued behind it for the length of an fsync: under a steady stream of
// door swipes that was the slowest swipe of every few hundred. Instead a
// connection of its own checkpoints each database, the main one and the
// API log's, now and then, in PASSIVE mode, which never waits for the
// writer or the readers and which the writer never waits for. Ten a
// second keep each checkpoint small: its copy and its sync are short
// however busy the server is. A writer checkpoints itself only past a
// backstop (writerAutoCheckpoint, logAutoCheckpoint), should this fall
// behind.
const (
	checkpointEvery      = 100 * time.Millisecond
	writerAutoCheckpoint = 16000 // pages, against SQLite's default of 1000
)

// checkpointer checkpoints a database's WAL every checkpointEvery until
// closed.
type checkpointer struct {
	db      *sql.DB
	stop    chan struct{}
	done    chan struct{}
	stopped sync.Once
}

func startCheckpointer(path string) (*checkpointer, error) {
	db, err := openPool(path, 1, "", "")
	if err != nil {
		return nil, err
	}
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			// A failed checkpoint is left to the next tick, or to the
			// writer's own past writerAutoCheckpoint pages.
			c.checkpoint(context.Background())
		}
	}
}

// checkpoint runs one PASSIVE checkpoint and returns how many frames the
// log holds and how many of them are now in the database file.
func (c *checkpointer) checkpoint(ctx context.Context) (logged, copied int, err error) {
	var busy int
	err = c.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logged, &copied)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: checkpoint: %w", err)
	}
	return logged, copied, nil
}

// close stops the checkpointer; closing it again does nothing.
func (c *checkpointer) close() error {
	c.stopped.Do(func() { close(c.stop) })
	<-c.done
	return c.db.Close()
}
