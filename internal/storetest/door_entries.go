package storetest

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// entry returns a saved entry of member m (nil for none) at doorID.
func (f *doorFixture) entry(tenantID string, m *door.Member, doorID string, granted bool) *door.Entry {
	f.t.Helper()
	e := &door.Entry{TenantID: tenantID, DoorID: doorID, Granted: granted, Reason: door.ReasonMembership,
		Message: "ok", KeyID: "key_x", At: f.clock.tick(), Presented: door.Identifiers{DoorAccessID: "card"}}
	if !granted {
		e.Reason = door.ReasonMembershipExpired
	}
	if m != nil {
		e.MemberID = &m.ID
		e.Presented.ID = "12"
	}
	f.must(f.s.AddEntry(f.ctx, e))
	return e
}

var entryCases = []doorCase{
	{"entries round-trip with and without a member", func(t *testing.T, f *doorFixture) {
		m := f.member(f.a, "c1")
		with, without := f.entry(f.a, m, "front", true), f.entry(f.a, nil, "front", false)
		if with.ID <= 0 || without.ID <= with.ID {
			t.Errorf("ids %d, %d: want positive and increasing", with.ID, without.ID)
		}
		got, total, err := f.s.ListEntries(f.ctx, door.EntryFilter{TenantID: f.a})
		checkCode(t, err, "")
		checkList(t, "ListEntries", []*door.Entry{without, with}, got)
		check(t, "total", 2, total)
	}},
	{"filters, paging and totals", func(t *testing.T, f *doorFixture) {
		m1, m2 := f.member(f.a, "c1"), f.member(f.a, "c2")
		e1 := f.entry(f.a, m1, "front", true)
		e2 := f.entry(f.a, m2, "back", false)
		e3 := f.entry(f.a, m1, "back", true)
		e4 := f.entry(f.a, nil, "pool", false)
		f.entry(f.b, nil, "front", true)
		yes, no := true, false
		str := func(s string) *string { return &s }
		tests := []struct {
			name   string
			filter door.EntryFilter
			want   []*door.Entry
			total  int
		}{
			{"all, newest first", door.EntryFilter{TenantID: f.a}, []*door.Entry{e4, e3, e2, e1}, 4},
			{"member", door.EntryFilter{TenantID: f.a, MemberID: &m1.ID}, []*door.Entry{e3, e1}, 2},
			{"door", door.EntryFilter{TenantID: f.a, DoorID: str("back")}, []*door.Entry{e3, e2}, 2},
			{"doors in a list", door.EntryFilter{TenantID: f.a, DoorIn: []string{"front", "pool"}}, []*door.Entry{e4, e1}, 2},
			{"empty door list matches nothing", door.EntryFilter{TenantID: f.a, DoorIn: []string{}}, nil, 0},
			{"granted", door.EntryFilter{TenantID: f.a, Granted: &yes}, []*door.Entry{e3, e1}, 2},
			{"denied", door.EntryFilter{TenantID: f.a, Granted: &no}, []*door.Entry{e4, e2}, 2},
			{"from is inclusive, to exclusive", door.EntryFilter{TenantID: f.a, From: &e2.At, To: &e4.At}, []*door.Entry{e3, e2}, 2},
			{"limit keeps the total", door.EntryFilter{TenantID: f.a, Page: door.Page{Limit: 2}}, []*door.Entry{e4, e3}, 4},
			{"after is a cursor", door.EntryFilter{TenantID: f.a, Page: door.Page{Limit: 2, After: e3.ID}}, []*door.Entry{e2, e1}, 4},
			{"other tenant", door.EntryFilter{TenantID: f.b, DoorID: str("back")}, nil, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := f.s.ListEntries(f.ctx, tt.filter)
				checkCode(t, err, "")
				checkList(t, "ListEntries", tt.want, got)
				check(t, "total", tt.total, total)
			})
		}
	}},
	{"last granted entry is per member and door", func(t *testing.T, f *doorFixture) {
		m, other := f.member(f.a, "c1"), f.member(f.a, "c2")
		f.entry(f.a, m, "front", true)
		last := f.entry(f.a, m, "front", true)
		f.entry(f.a, m, "front", false)
		f.entry(f.a, m, "back", true)
		f.entry(f.a, other, "front", true)
		got, err := f.s.LastGrantedEntry(f.ctx, f.a, m.ID, "front")
		checkCode(t, err, "")
		check(t, "LastGrantedEntry", last, got)
		_, err = f.s.LastGrantedEntry(f.ctx, f.a, m.ID, "pool")
		checkCode(t, err, hive.ENOTFOUND)
		_, err = f.s.LastGrantedEntry(f.ctx, f.b, m.ID, "front")
		checkCode(t, err, hive.ENOTFOUND)
	}},
}

func (f *doorFixture) record(tenantID, keyID, key string, at time.Time) *door.IdempotencyRecord {
	return &door.IdempotencyRecord{TenantID: tenantID, KeyID: keyID, Key: key, RequestHash: "h-" + key,
		Response: []byte(`{"Granted":true}`), CreatedAt: at}
}

var idempotencyCases = []doorCase{
	{"record round-trips", func(t *testing.T, f *doorFixture) {
		r := f.record(f.a, "key_1", "retry-1", t0)
		f.must(f.s.SaveIdempotencyRecord(f.ctx, r, t0.Add(-24*time.Hour)))
		got, err := f.s.IdempotencyRecord(f.ctx, f.a, "key_1", "retry-1")
		checkCode(t, err, "")
		check(t, "IdempotencyRecord", r, got)
	}},
	{"records are per tenant and per API key", func(t *testing.T, f *doorFixture) {
		f.must(f.s.SaveIdempotencyRecord(f.ctx, f.record(f.a, "key_1", "k", t0), t0.Add(-time.Hour)))
		f.must(f.s.SaveIdempotencyRecord(f.ctx, f.record(f.a, "key_2", "k", t0), t0.Add(-time.Hour)))
		f.must(f.s.SaveIdempotencyRecord(f.ctx, f.record(f.b, "key_1", "k", t0), t0.Add(-time.Hour)))
		_, err := f.s.IdempotencyRecord(f.ctx, f.b, "key_2", "k")
		checkCode(t, err, hive.ENOTFOUND)
	}},
	{"a newer record is conflict", func(t *testing.T, f *doorFixture) {
		f.must(f.s.SaveIdempotencyRecord(f.ctx, f.record(f.a, "key_1", "k", t0), t0.Add(-time.Hour)))
		err := f.s.SaveIdempotencyRecord(f.ctx, f.record(f.a, "key_1", "k", t0.Add(time.Minute)), t0.Add(-time.Hour))
		checkCode(t, err, hive.ECONFLICT)
	}},
	{"an older record is replaced", func(t *testing.T, f *doorFixture) {
		f.must(f.s.SaveIdempotencyRecord(f.ctx, f.record(f.a, "key_1", "k", t0), t0.Add(-time.Hour)))
		r := f.record(f.a, "key_1", "k", t0.Add(25*time.Hour))
		r.RequestHash = "other"
		f.must(f.s.SaveIdempotencyRecord(f.ctx, r, t0.Add(time.Hour)))
		got, _ := f.s.IdempotencyRecord(f.ctx, f.a, "key_1", "k")
		check(t, "replaced record", r, got)
	}},
	{"delete removes records older than the cutoff", func(t *testing.T, f *doorFixture) {
		f.must(f.s.SaveIdempotencyRecord(f.ctx, f.record(f.a, "key_1", "old", t0), t0))
		f.must(f.s.SaveIdempotencyRecord(f.ctx, f.record(f.b, "key_1", "old", t0), t0))
		f.must(f.s.SaveIdempotencyRecord(f.ctx, f.record(f.a, "key_1", "new", t0.Add(time.Hour)), t0))
		n, err := f.s.DeleteIdempotencyRecords(f.ctx, t0.Add(time.Hour))
		checkCode(t, err, "")
		check(t, "deleted", 2, n)
		_, err = f.s.IdempotencyRecord(f.ctx, f.a, "key_1", "old")
		checkCode(t, err, hive.ENOTFOUND)
		_, err = f.s.IdempotencyRecord(f.ctx, f.a, "key_1", "new")
		checkCode(t, err, "")
	}},
}

var errDoorBoom = errors.New("boom")

var doorTxCases = []doorCase{
	{"rollback leaves nothing", func(t *testing.T, f *doorFixture) {
		var m *door.Member
		err := f.s.WithinTx(f.ctx, func(tx door.Store) error {
			m = f.newMember(f.a, "c1")
			f.must(tx.CreateMember(f.ctx, m))
			f.must(tx.AddEntry(f.ctx, &door.Entry{TenantID: f.a, MemberID: &m.ID, DoorID: "front", At: t0}))
			return errDoorBoom
		})
		if !errors.Is(err, errDoorBoom) {
			t.Fatalf("WithinTx = %v, want the error fn returned", err)
		}
		_, err = f.s.MemberByID(f.ctx, f.a, m.ID)
		checkCode(t, err, hive.ENOTFOUND)
		_, total, _ := f.s.ListEntries(f.ctx, door.EntryFilter{TenantID: f.a})
		check(t, "entries", 0, total)
	}},
	{"nested WithinTx joins and reads see writes", func(t *testing.T, f *doorFixture) {
		err := f.s.WithinTx(f.ctx, func(tx door.Store) error {
			m := f.newMember(f.a, "c1")
			f.must(tx.CreateMember(f.ctx, m))
			return tx.WithinTx(f.ctx, func(inner door.Store) error {
				if _, err := inner.MemberByDoorAccessID(f.ctx, f.a, "c1"); err != nil {
					return err
				}
				return errDoorBoom
			})
		})
		if !errors.Is(err, errDoorBoom) {
			t.Fatalf("WithinTx = %v, want the inner error", err)
		}
		_, err = f.s.MemberByDoorAccessID(f.ctx, f.a, "c1")
		checkCode(t, err, hive.ENOTFOUND)
	}},
	{"concurrent entries all land", func(t *testing.T, f *doorFixture) {
		m := f.member(f.a, "c1")
		const writers = 16
		errs := make([]error, writers)
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				errs[i] = f.s.WithinTx(f.ctx, func(tx door.Store) error {
					if _, err := tx.LastGrantedEntry(f.ctx, f.a, m.ID, "front"); err != nil && hive.ErrorCode(err) != hive.ENOTFOUND {
						return err
					}
					return tx.AddEntry(f.ctx, &door.Entry{TenantID: f.a, MemberID: &m.ID, DoorID: "front", Granted: true, At: t0})
				})
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		_, total, _ := f.s.ListEntries(f.ctx, door.EntryFilter{TenantID: f.a})
		check(t, "entries", writers, total)
	}},
}
