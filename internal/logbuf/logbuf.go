// Package logbuf is the buffered writer under the operator's process log.
//
// A server logs one line per request. Written straight to stderr that is one
// write system call per request under the log handler's lock, and when the
// file or pipe behind stderr stalls (page-cache writeback, a slow reader of
// a pipe) every request that finishes meanwhile waits on that lock. Like
// nginx's "access_log ... buffer=", a Writer keeps lines in memory and
// writes them in one call every FlushInterval, or as soon as Size bytes are
// waiting; the write happens outside the lock that Write takes, so a slow
// disk delays the log, not the requests. Lines at warning level and above
// are written at once (see Handler), and Close writes what is left. Nothing
// is dropped: past MaxBuffered bytes waiting, Write waits for the flush.
package logbuf

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Defaults of a Writer.
const (
	DefaultFlushInterval = time.Second
	DefaultSize          = 64 << 10
	DefaultMaxBuffered   = 4 << 20
)

// Writer buffers what is written to it and writes it to the underlying
// writer in batches. It is safe for concurrent use.
type Writer struct {
	out      io.Writer
	interval time.Duration
	size     int
	max      int

	mu      sync.Mutex
	room    *sync.Cond // signalled when a flush has taken the buffer
	buf     []byte
	spare   []byte
	closed  bool
	writing sync.Mutex // serialises writes to out, in order

	wake chan struct{}
	stop chan struct{}
	done chan struct{}
}

// New returns a Writer writing to out every interval (DefaultFlushInterval
// when zero) or whenever DefaultSize bytes wait, and starts its flusher.
// Call Close to stop it and write what is left.
func New(out io.Writer, interval time.Duration) *Writer {
	if interval <= 0 {
		interval = DefaultFlushInterval
	}
	w := &Writer{out: out, interval: interval, size: DefaultSize, max: DefaultMaxBuffered,
		buf: make([]byte, 0, DefaultSize), spare: make([]byte, 0, DefaultSize),
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	w.room = sync.NewCond(&w.mu)
	go w.run()
	return w
}

// Write queues p. It returns at once unless MaxBuffered bytes already wait,
// and after Close it writes p straight through.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	for !w.closed && len(w.buf) > 0 && len(w.buf)+len(p) > w.max {
		w.signal()
		w.room.Wait()
	}
	if w.closed {
		w.mu.Unlock()
		w.writing.Lock()
		defer w.writing.Unlock()
		return w.out.Write(p)
	}
	if len(w.buf)+len(p) > cap(w.buf) {
		// Lines keep coming while the flusher is on its way: double the
		// buffer, where append would grow it by a quarter and copy all
		// of it each time, under w.mu.
		w.buf = slices.Grow(w.buf, max(len(p), cap(w.buf), w.size))
	}
	w.buf = append(w.buf, p...)
	full := len(w.buf) >= w.size
	w.mu.Unlock()
	if full {
		w.signal()
	}
	return len(p), nil
}

func (w *Writer) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Flush writes everything queued so far.
func (w *Writer) Flush() error {
	w.writing.Lock()
	defer w.writing.Unlock()
	w.mu.Lock()
	b := w.buf
	w.buf, w.spare = w.spare[:0], nil
	w.room.Broadcast()
	w.mu.Unlock()
	var err error
	if len(b) > 0 {
		_, err = w.out.Write(b)
	}
	w.mu.Lock()
	if cap(b) <= 4*w.size {
		w.spare = b[:0]
	}
	w.mu.Unlock()
	return err
}

func (w *Writer) run() {
	defer close(w.done)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
		case <-w.wake:
		}
		w.Flush()
	}
}

// Close stops the flusher and writes what is left. Later writes go
// straight to the underlying writer.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	w.mu.Unlock()
	close(w.stop)
	<-w.done
	return w.Flush()
}

// Handler wraps h, whose output goes to w, so that a record at level
// immediate or above is written at once with everything queued before it:
// an operator sees a warning or an error when it happens, the request lines
// within the flush interval.
func Handler(h slog.Handler, w *Writer, immediate slog.Level) slog.Handler {
	return &handler{Handler: h, w: w, immediate: immediate}
}

type handler struct {
	slog.Handler
	w         *Writer
	immediate slog.Level
}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= h.immediate {
		if ferr := h.w.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &handler{Handler: h.Handler.WithAttrs(attrs), w: h.w, immediate: h.immediate}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{Handler: h.Handler.WithGroup(name), w: h.w, immediate: h.immediate}
}
