package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

var errBoom = errors.New("boom")

// testWithinTx checks that a transaction's writes land together or not at
// all, and that everything called inside it runs in it.
func testWithinTx(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *fixture)
	}{
		{"commit keeps every write", func(t *testing.T, f *fixture) {
			ten, k := f.newTenant("initech"), f.newKey(f.a)
			f.must(f.s.WithinTx(f.ctx, func(tx apikey.Store) error { return f.writeAll(tx, ten, k) }))
			f.mustFind(t, f.s, ten, k)
		}},
		{"tx rollback leaves nothing", func(t *testing.T, f *fixture) {
			ten, k := f.newTenant("initech"), f.newKey(f.a)
			err := f.s.WithinTx(f.ctx, func(tx apikey.Store) error {
				f.must(f.writeAll(tx, ten, k))
				return errBoom
			})
			if !errors.Is(err, errBoom) {
				t.Fatalf("WithinTx = %v, want the error fn returned", err)
			}
			f.mustNotFind(t, ten, k)
		}},
		{"panic rolls back and carries on panicking", func(t *testing.T, f *fixture) {
			ten, k := f.newTenant("initech"), f.newKey(f.a)
			defer func() {
				if p := recover(); p != errBoom {
					t.Fatalf("recovered %v, want the panic of fn", p)
				}
				f.mustNotFind(t, ten, k)
			}()
			f.s.WithinTx(f.ctx, func(tx apikey.Store) error {
				f.must(f.writeAll(tx, ten, k))
				panic(errBoom)
			})
		}},
		{"nested WithinTx joins the outer transaction", func(t *testing.T, f *fixture) {
			ten, k := f.newTenant("initech"), f.newKey(f.a)
			err := f.s.WithinTx(f.ctx, func(tx apikey.Store) error {
				f.must(tx.CreateTenant(f.ctx, ten))
				f.must(tx.WithinTx(f.ctx, func(inner apikey.Store) error {
					if _, err := inner.TenantByID(f.ctx, ten.ID); err != nil {
						return fmt.Errorf("inner transaction does not see the outer one's write: %w", err)
					}
					return inner.CreateKey(f.ctx, k)
				}))
				return errBoom
			})
			if !errors.Is(err, errBoom) {
				t.Fatalf("WithinTx = %v, want the error fn returned", err)
			}
			f.mustNotFind(t, ten, k)
		}},
		{"reads in a transaction see its writes", func(t *testing.T, f *fixture) {
			ten, k := f.newTenant("initech"), f.newKey(f.a)
			f.must(f.s.WithinTx(f.ctx, func(tx apikey.Store) error {
				f.must(f.writeAll(tx, ten, k))
				f.mustFind(t, tx, ten, k)
				return nil
			}))
		}},
		{"reads outside a transaction see its writes only after commit", func(t *testing.T, f *fixture) {
			ten, k := f.newTenant("initech"), f.newKey(f.a)
			f.must(f.s.WithinTx(f.ctx, func(tx apikey.Store) error {
				f.must(f.writeAll(tx, ten, k))
				f.mustNotFind(t, ten, k)
				return nil
			}))
			f.mustFind(t, f.s, ten, k)
		}},
		{"touch in a transaction joins it", func(t *testing.T, f *fixture) {
			k := f.newKey(f.a)
			f.must(f.s.WithinTx(f.ctx, func(tx apikey.Store) error {
				f.must(tx.CreateKey(f.ctx, k))
				return tx.TouchKeys(f.ctx, []apikey.KeyUsage{{KeyID: k.ID, At: t0, IP: "192.0.2.1"}})
			}))
			k.LastUsedAt, k.LastUsedIP = new(t0), "192.0.2.1"
			check(t, "KeyByID", k, f.key(k))
		}},
		{"conflict in a transaction is conflict", func(t *testing.T, f *fixture) {
			err := f.s.WithinTx(f.ctx, func(tx apikey.Store) error {
				return tx.CreateTenant(f.ctx, f.newTenant("acme"))
			})
			checkCode(t, err, hive.ECONFLICT)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newFixture(t, open))
		})
	}
}

// writeAll saves a tenant, and a key and an audit event of tenant a, through s.
func (f *fixture) writeAll(s apikey.Store, ten *apikey.Tenant, k *apikey.Key) error {
	return errors.Join(
		s.CreateTenant(f.ctx, ten),
		s.CreateKey(f.ctx, k),
		s.AddAuditEvent(f.ctx, f.newEvent(f.a.ID, apikey.ActionKeyCreated, k.ID)),
	)
}

// mustFind checks that what writeAll saved is there, reading through st.
func (f *fixture) mustFind(t *testing.T, st apikey.Store, ten *apikey.Tenant, k *apikey.Key) {
	t.Helper()
	gotTenant, err := st.TenantBySlug(f.ctx, ten.Slug)
	checkCode(t, err, "")
	check(t, "TenantBySlug", ten, gotTenant)
	gotKey, err := st.KeyByHash(f.ctx, k.Hash)
	checkCode(t, err, "")
	check(t, "KeyByHash", k, gotKey)
	if _, total, err := st.ListAuditEvents(f.ctx, apikey.AuditFilter{TenantID: f.a.ID}); err != nil || total != 1 {
		t.Errorf("ListAuditEvents = total %d, %v; want the one event", total, err)
	}
}

// mustNotFind checks that nothing writeAll saves is there.
func (f *fixture) mustNotFind(t *testing.T, ten *apikey.Tenant, k *apikey.Key) {
	t.Helper()
	_, err := f.s.TenantByID(f.ctx, ten.ID)
	checkCode(t, err, hive.ENOTFOUND)
	_, err = f.s.KeyByHash(f.ctx, k.Hash)
	checkCode(t, err, hive.ENOTFOUND)
	if _, total, err := f.s.ListAuditEvents(f.ctx, apikey.AuditFilter{TenantID: f.a.ID}); err != nil || total != 0 {
		t.Errorf("ListAuditEvents = total %d, %v; want no events", total, err)
	}
}

// testConcurrency checks that writers running at once all succeed: the
// stores must queue them, not fail them as busy.
func testConcurrency(t *testing.T, open Opener) {
	f := newFixture(t, open)
	const writers = 16
	errs := make([]error, writers)
	keys := make([]*apikey.Key, writers)
	for i := range keys {
		keys[i] = f.newKey(f.a)
	}
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() {
			errs[i] = f.s.WithinTx(f.ctx, func(tx apikey.Store) error {
				if _, err := tx.TenantByID(f.ctx, f.a.ID); err != nil {
					return err
				}
				return tx.CreateKey(f.ctx, k)
			})
			if errs[i] == nil {
				errs[i] = f.s.TouchKeys(f.ctx, []apikey.KeyUsage{{KeyID: k.ID, At: t0, IP: "192.0.2.1"}})
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	_, total, err := f.s.ListKeys(f.ctx, apikey.KeyFilter{TenantID: f.a.ID})
	checkCode(t, err, "")
	check(t, "total keys", writers, total)
}
