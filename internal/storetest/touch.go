package storetest

import (
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// testTouchKeys checks that last_used_at only moves forward and that the IP
// left is that of the latest use.
func testTouchKeys(t *testing.T, open Opener) {
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }
	unknown := hive.NewID(hive.PrefixKey, t0)
	// In the uses below, an empty KeyID stands for the key under test.
	tests := []struct {
		name         string
		before, uses []apikey.KeyUsage
		wantAt       time.Time
		wantIP       string
	}{
		{
			name:   "first use sets time and ip",
			uses:   []apikey.KeyUsage{{At: at(10), IP: "192.0.2.10"}},
			wantAt: at(10), wantIP: "192.0.2.10",
		},
		{
			name:   "later use moves time forward and replaces ip",
			before: []apikey.KeyUsage{{At: at(10), IP: "192.0.2.10"}},
			uses:   []apikey.KeyUsage{{At: at(20), IP: "192.0.2.20"}},
			wantAt: at(20), wantIP: "192.0.2.20",
		},
		{
			name:   "touch never moves last_used backwards",
			before: []apikey.KeyUsage{{At: at(20), IP: "192.0.2.20"}},
			uses:   []apikey.KeyUsage{{At: at(10), IP: "192.0.2.10"}},
			wantAt: at(20), wantIP: "192.0.2.20",
		},
		{
			name:   "ip comes from the newest use in a batch",
			uses:   []apikey.KeyUsage{{At: at(10), IP: "192.0.2.10"}, {At: at(30), IP: "192.0.2.30"}, {At: at(20), IP: "192.0.2.20"}},
			wantAt: at(30), wantIP: "192.0.2.30",
		},
		{
			name:   "unknown key ids are ignored",
			uses:   []apikey.KeyUsage{{KeyID: unknown, At: at(40), IP: "192.0.2.40"}, {At: at(10), IP: "192.0.2.10"}},
			wantAt: at(10), wantIP: "192.0.2.10",
		},
		{
			name:   "empty batch changes nothing",
			before: []apikey.KeyUsage{{At: at(10), IP: "192.0.2.10"}},
			wantAt: at(10), wantIP: "192.0.2.10",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, open)
			k := f.createKey(f.newKey(f.a))
			f.must(f.s.TouchKeys(f.ctx, usesOf(k, tt.before)))
			f.must(f.s.TouchKeys(f.ctx, usesOf(k, tt.uses)))
			want := *k
			want.LastUsedAt, want.LastUsedIP = &tt.wantAt, tt.wantIP
			check(t, "KeyByID", &want, f.key(k))
		})
	}
	t.Run("one batch touches keys of several tenants", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, open)
		ka, kb := f.createKey(f.newKey(f.a)), f.createKey(f.newKey(f.b))
		f.must(f.s.TouchKeys(f.ctx, []apikey.KeyUsage{
			{KeyID: ka.ID, At: at(1), IP: "192.0.2.1"},
			{KeyID: kb.ID, At: at(2), IP: "192.0.2.2"},
		}))
		ka.LastUsedAt, ka.LastUsedIP = new(at(1)), "192.0.2.1"
		kb.LastUsedAt, kb.LastUsedIP = new(at(2)), "192.0.2.2"
		check(t, "tenant a's key", ka, f.key(ka))
		check(t, "tenant b's key", kb, f.key(kb))
	})
}

// usesOf fills in k's ID where a use has none.
func usesOf(k *apikey.Key, uses []apikey.KeyUsage) []apikey.KeyUsage {
	out := make([]apikey.KeyUsage, len(uses))
	for i, u := range uses {
		if u.KeyID == "" {
			u.KeyID = k.ID
		}
		out[i] = u
	}
	return out
}
