package console

import (
	"testing"
	"time"
)

func TestRelative(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{-20 * time.Second, "just now"},
		{-3 * time.Minute, "3 min ago"},
		{-90 * time.Minute, "1 hour ago"},
		{-5 * time.Hour, "5 hours ago"},
		{12 * 24 * time.Hour, "in 12 days"},
		{-24 * time.Hour, "1 day ago"},
		{90 * 24 * time.Hour, "in 3 months"},
		{-800 * 24 * time.Hour, "2 years ago"},
	} {
		if got := relative(now.Add(c.d), now); got != c.want {
			t.Errorf("relative(now%+v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestTimeTag(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	at := now.Add(-3 * time.Minute)
	want := `<time datetime="2026-03-02T09:27:00Z" title="2026-03-02 09:27:00 UTC">3 min ago</time>`
	if got := string(timeTag(now, &at, "never")); got != want {
		t.Errorf("timeTag = %s, want %s", got, want)
	}
	if got := string(timeTag(now, (*time.Time)(nil), "never")); got != "never" {
		t.Errorf("timeTag(nil) = %q, want never", got)
	}
}
