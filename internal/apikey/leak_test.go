package apikey_test

import (
	"context"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite"
)

// leakFixture is a tenant whose OnLeaked hook records what it is told.
type leakFixture struct {
	svc    *apikey.Service
	boot   *apikey.Bootstrap
	leaked []string // key id and source of each OnLeaked call
}

func newLeakFixture(tb testing.TB, cfg apikey.Config) *leakFixture {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "hive.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	f := &leakFixture{}
	cfg.BcryptCost = 4
	cfg.OnLeaked = func(_ context.Context, k *apikey.Key, where apikey.Leak) {
		f.leaked = append(f.leaked, k.ID+" "+where.Source)
	}
	f.svc = apikey.NewService(st, cfg)
	f.boot, err = f.svc.Bootstrap(context.Background(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// otherSecret returns a well-formed secret (right prefix and checksum) that
// is no key of any tenant.
func otherSecret(tb testing.TB) string {
	tb.Helper()
	f := newLeakFixture(tb, apikey.Config{})
	return f.boot.Secret
}

func TestRevokeLeakedRevokesLiveKeyForGood(t *testing.T) {
	f := newLeakFixture(t, apikey.Config{})
	ctx := context.Background()
	if _, err := f.svc.Authenticate(ctx, f.boot.Secret, "", localhost); err != nil {
		t.Fatal(err) // cached as live before the report
	}
	where := apikey.Leak{Source: apikey.LeakSourceGitHub, Location: "commit", URL: "https://github.com/o/r/blob/abc/config.yml"}
	res, err := f.svc.RevokeLeaked(ctx, f.boot.Secret, where)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Known || res.Revoked == nil || res.Revoked.ID != f.boot.Key.ID {
		t.Fatalf("RevokeLeaked = %+v, want the bootstrap key known and revoked", res)
	}
	_, err = f.svc.Authenticate(ctx, f.boot.Secret, "", localhost)
	if reason, _ := hive.ErrorDetails(err)["reason"].(string); reason != hive.ReasonKeyRevoked {
		t.Errorf("the leaked key authenticates with %v, want %s at once", err, hive.ReasonKeyRevoked)
	}
	if diff := cmp.Diff([]string{f.boot.Key.ID + " github"}, f.leaked); diff != "" {
		t.Errorf("OnLeaked calls (-want +got):\n%s", diff)
	}
	owner := apikey.UserPrincipal(f.boot.Tenant, f.boot.Owner)
	action := apikey.ActionKeyRevoked
	events, _, err := f.svc.AuditEvents(ctx, owner, apikey.AuditFilter{Action: &action})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 {
		t.Fatalf("%d revocation events, want 1", len(events))
	}
	want := map[string]any{"name": f.boot.Key.Name, "hint": f.boot.Key.Hint, "because": "leaked",
		"source": "github", "location": "commit", "url": where.URL}
	if diff := cmp.Diff(want, events[0].Details); diff != "" {
		t.Errorf("audit details (-want +got):\n%s", diff)
	}

	// A second report of the same key is known but changes nothing.
	res, err = f.svc.RevokeLeaked(ctx, f.boot.Secret, where)
	if err != nil || !res.Known || res.Revoked != nil {
		t.Errorf("second report = %+v, %v; want known, nothing revoked", res, err)
	}
	if len(f.leaked) != 1 {
		t.Errorf("OnLeaked called %d times after two reports, want 1", len(f.leaked))
	}
	if events, _, _ = f.svc.AuditEvents(ctx, owner, apikey.AuditFilter{Action: &action}); len(events) != 1 {
		t.Errorf("%d revocation events after two reports, want 1", len(events))
	}
}

func TestRevokeLeakedIgnoresNoiseAndUnknownKeys(t *testing.T) {
	f := newLeakFixture(t, apikey.Config{})
	s := f.boot.Secret
	flipped := s[:len(s)-1] + "A"
	if strings.HasSuffix(s, "A") {
		flipped = s[:len(s)-1] + "B"
	}
	for name, secret := range map[string]string{
		"empty":          "",
		"wrong checksum": flipped,
		"wrong prefix":   "hive_xk_" + s[8:],
		"too short":      s[:len(s)-2],
		"unknown key":    otherSecret(t),
	} {
		t.Run(name, func(t *testing.T) {
			res, err := f.svc.RevokeLeaked(context.Background(), secret, apikey.Leak{Source: apikey.LeakSourceReport})
			if err != nil || res.Known || res.Revoked != nil {
				t.Errorf("RevokeLeaked = %+v, %v; want unknown and nothing revoked", res, err)
			}
		})
	}
	if _, err := f.svc.Authenticate(context.Background(), s, "", localhost); err != nil {
		t.Errorf("the key stopped working after reports of other strings: %v", err)
	}
	if len(f.leaked) != 0 {
		t.Errorf("OnLeaked called for noise: %v", f.leaked)
	}
}

func TestReportLeakedIsThrottledPerAddress(t *testing.T) {
	f := newLeakFixture(t, apikey.Config{FailuresPerMinute: 3})
	ctx := context.Background()
	reporter, other := netip.MustParseAddr("203.0.113.7"), netip.MustParseAddr("203.0.113.8")
	noise := apikey.Leak{Source: apikey.LeakSourceReport}
	for i := range 3 {
		if err := f.svc.ReportLeaked(ctx, "not a key", noise, reporter); err != nil {
			t.Fatalf("report %d: %v", i+1, err)
		}
	}
	// Over budget, even a live key is refused unlooked-up.
	err := f.svc.ReportLeaked(ctx, f.boot.Secret, noise, reporter)
	if hive.ErrorCode(err) != hive.ERATELIMITED {
		t.Fatalf("4th report from one address: %v, want %s", err, hive.ERATELIMITED)
	}
	if len(f.leaked) != 0 {
		t.Fatalf("a throttled report revoked a key")
	}
	if err := f.svc.ReportLeaked(ctx, f.boot.Secret, noise, other); err != nil {
		t.Fatalf("report from another address: %v", err)
	}
	if len(f.leaked) != 1 {
		t.Errorf("OnLeaked called %d times, want 1 for the other address's report", len(f.leaked))
	}
}
