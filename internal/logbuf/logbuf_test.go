package logbuf_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hive-platform/hive/internal/logbuf"
)

// sink is an io.Writer that records each call, and can be made to block.
type sink struct {
	mu    sync.Mutex
	calls []string
	gate  chan struct{} // when not nil, each Write waits for a value
}

func (s *sink) Write(p []byte) (int, error) {
	if s.gate != nil {
		<-s.gate
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, string(p))
	return len(p), nil
}

func (s *sink) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.calls, "")
}

func (s *sink) writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

func TestLinesWaitForTheIntervalThenGoInOneWrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := &sink{}
		w := logbuf.New(out, time.Second)
		defer w.Close()
		for _, line := range []string{"a\n", "b\n", "c\n"} {
			w.Write([]byte(line))
		}
		time.Sleep(999 * time.Millisecond)
		synctest.Wait()
		if got := out.text(); got != "" {
			t.Fatalf("written before the flush interval: %q", got)
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if got, n := out.text(), out.writes(); got != "a\nb\nc\n" || n != 1 {
			t.Fatalf("after the interval: %d writes of %q, want 1 write of a, b, c", n, got)
		}
	})
}

func TestAFullBufferIsWrittenBeforeTheInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := &sink{}
		w := logbuf.New(out, time.Hour)
		defer w.Close()
		line := bytes.Repeat([]byte("x"), 1023)
		line = append(line, '\n')
		for range logbuf.DefaultSize / len(line) {
			w.Write(line)
		}
		synctest.Wait()
		if got := len(out.text()); got != logbuf.DefaultSize {
			t.Fatalf("written %d bytes once %d were queued, want all of them", got, logbuf.DefaultSize)
		}
	})
}

func TestCloseWritesWhatIsLeftAndLaterWritesGoStraightThrough(t *testing.T) {
	out := &sink{}
	w := logbuf.New(out, time.Hour)
	w.Write([]byte("queued\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.text(); got != "queued\n" {
		t.Fatalf("after Close: %q, want the queued line", got)
	}
	w.Write([]byte("late\n"))
	if got := out.text(); got != "queued\nlate\n" {
		t.Fatalf("a write after Close: %q, want it written at once", got)
	}
}

func TestWarningsAreWrittenAtOnceAfterTheLinesBeforeThem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := &sink{}
		w := logbuf.New(out, time.Hour)
		defer w.Close()
		log := slog.New(logbuf.Handler(slog.NewTextHandler(w, &slog.HandlerOptions{
			ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			}}), w, slog.LevelWarn)).With("node", "n1")
		log.Info("request", "status", 200)
		synctest.Wait()
		if got := out.text(); got != "" {
			t.Fatalf("an info line was written at once: %q", got)
		}
		log.Error("request failed", "status", 500)
		want := "level=INFO msg=request node=n1 status=200\nlevel=ERROR msg=\"request failed\" node=n1 status=500\n"
		if got := out.text(); got != want {
			t.Fatalf("after an error:\n%s\nwant:\n%s", got, want)
		}
	})
}

func TestASlowOutputDoesNotHoldUpWriters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := &sink{gate: make(chan struct{})}
		w := logbuf.New(out, time.Second)
		w.Write([]byte("first\n"))
		time.Sleep(time.Second) // the flusher is now stuck in out.Write
		synctest.Wait()
		start := time.Now()
		for range 1000 {
			w.Write([]byte("while the output is stuck\n"))
		}
		if d := time.Since(start); d != 0 {
			t.Fatalf("writes waited %v on a stuck output", d)
		}
		close(out.gate)
		w.Close()
		if got := strings.Count(out.text(), "\n"); got != 1001 {
			t.Fatalf("%d lines written, want all 1001", got)
		}
	})
}

func TestPastTheBoundWritersWaitAndNothingIsDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := &sink{gate: make(chan struct{})}
		w := logbuf.New(out, time.Second)
		line := append(bytes.Repeat([]byte("y"), 1<<20-1), '\n')
		w.Write(line)
		time.Sleep(time.Second) // the flusher is stuck writing the first line
		synctest.Wait()
		wrote := make(chan int)
		go func() {
			n := 0
			for range logbuf.DefaultMaxBuffered/len(line) + 1 {
				w.Write(line)
				n++
			}
			wrote <- n
		}()
		synctest.Wait()
		select {
		case n := <-wrote:
			t.Fatalf("all %d writes returned past the bound while the output was stuck", n)
		default:
		}
		close(out.gate)
		<-wrote
		w.Close()
		if got, want := len(out.text()), (logbuf.DefaultMaxBuffered/len(line)+2)*len(line); got != want {
			t.Fatalf("%d bytes written, want %d", got, want)
		}
	})
}
