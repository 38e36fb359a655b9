package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/hive"
)

// The demo tenant's sign-ins. They are fixed so that a person trying Hive can
// type them; the demo listens on loopback by default.
const (
	demoSlug           = "demo"
	demoOwnerEmail     = "owner@demo.hive.test"
	demoOwnerPassword  = "hive-demo-owner"
	demoMemberEmail    = "analyst@demo.hive.test"
	demoMemberPassword = "hive-demo-analyst"
)

// demoKey is one key the demo hands out on every start.
type demoKey struct {
	account string
	name    string
	params  apikey.KeyParams
	secret  string
	id      string
	owner   *hive.Principal // who issued it: the demo owner
}

// runDemo runs "hive demo": it seeds the demo tenant if absent, issues fresh
// demo keys (secrets are never stored, so each start shows new ones and
// revokes the previous ones), prints how to use them, and serves.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "demo", "[--addr 127.0.0.1:8080] [--database URL]")
	config := serverFlags(e, fs, true)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config()
	if err != nil {
		return err
	}
	ln, err := listen(cfg.Addr)
	if err != nil {
		return err
	}
	log, flush := newLogger(e, &cfg)
	defer flush()
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		ln.Close()
		return err
	}
	keys, member, err := seedDemo(ctx, a.Keys)
	if err == nil {
		err = seedGym(ctx, a.Doors, keys[0].owner)
	}
	var org *demoOrg
	if err == nil {
		org, err = seedPeopleAnalytics(ctx, a.People, keys[0].owner)
	}
	if err != nil {
		ln.Close()
		a.Close()
		return fmt.Errorf("seeding the demo tenant: %w", err)
	}
	set, err := a.Doors.Settings(ctx, keys[0].owner)
	if err != nil {
		ln.Close()
		a.Close()
		return err
	}
	return serve(ctx, a, ln, func(url string) {
		// One write, so that whoever reads the output (a person, a script
		// waiting for the URL) never sees half a banner.
		var b bytes.Buffer
		printDemo(&b, url, keys, member)
		printGym(&b, url, set.Token, keys[1].secret)
		printPeopleAnalytics(&b, url, keys[0].secret, org)
		e.stdout.Write(b.Bytes())
	})
}

// seedDemo creates the demo tenant on first start and issues its keys.
func seedDemo(ctx context.Context, svc *apikey.Service) ([]*demoKey, *demoKey, error) {
	owner, err := demoOwner(ctx, svc)
	if err != nil {
		return nil, nil, err
	}
	keys := []*demoKey{
		{account: "PowerBI Dashboard", name: "Power BI (data)",
			params: apikey.KeyParams{Preset: hive.PresetData}},
		{account: "Door controllers", name: "Door controller",
			params: apikey.KeyParams{
				Permissions: []string{string(hive.ScopeDoorAccess), string(hive.ScopeDoorUsersRead), string(hive.ScopeDoorsRead)}}},
		{account: "Integrations admin", name: "Admin automation (full access)",
			params: apikey.KeyParams{Preset: hive.PresetFullAccess}},
	}
	for _, k := range keys {
		if err := issueDemoKey(ctx, svc, owner, k); err != nil {
			return nil, nil, err
		}
	}
	_, mp, err := svc.Login(ctx, demoSlug, demoMemberEmail, demoMemberPassword)
	if err != nil {
		return nil, nil, err
	}
	mk, secret, err := svc.GeneratePersonalKey(ctx, mp, "Demo personal key", nil)
	if err != nil {
		return nil, nil, err
	}
	return keys, &demoKey{account: mp.UserID, name: mk.Name, id: mk.ID, secret: secret}, nil
}

// demoOwner returns the demo owner's principal, bootstrapping the tenant and
// its analyst on first start.
func demoOwner(ctx context.Context, svc *apikey.Service) (*hive.Principal, error) {
	_, p, err := svc.Login(ctx, demoSlug, demoOwnerEmail, demoOwnerPassword)
	if err == nil {
		return p, nil
	}
	if _, terr := svc.Tenant(ctx, demoSlug); terr == nil {
		return nil, fmt.Errorf("tenant %q exists but its owner's demo password no longer works; use a fresh --database", demoSlug)
	}
	b, err := svc.Bootstrap(ctx, apikey.BootstrapParams{Slug: demoSlug, Name: "Demo Gym & Co",
		AdminEmail: demoOwnerEmail, AdminPassword: demoOwnerPassword})
	if err != nil {
		return nil, err
	}
	p = apikey.UserPrincipal(b.Tenant, b.Owner)
	_, err = svc.CreateUser(ctx, p, demoMemberEmail, "Demo Analyst", demoMemberPassword, apikey.RoleMember)
	return p, err
}

// issueDemoKey finds or creates k's service account, revokes the keys it
// had and creates k afresh.
func issueDemoKey(ctx context.Context, svc *apikey.Service, owner *hive.Principal, k *demoKey) error {
	accounts, _, err := svc.ListServiceAccounts(ctx, owner, apikey.Page{})
	if err != nil {
		return err
	}
	var sa *apikey.ServiceAccount
	for _, a := range accounts {
		if a.Name == k.account {
			sa = a
		}
	}
	if sa == nil {
		if sa, err = svc.CreateServiceAccount(ctx, owner, k.account, "Created by hive demo"); err != nil {
			return err
		}
	}
	active := apikey.StatusActive
	old, _, err := svc.ListKeys(ctx, owner, apikey.KeyFilter{ServiceAccountID: &sa.ID, Status: &active})
	if err != nil {
		return err
	}
	for _, o := range old {
		if _, err := svc.RevokeKey(ctx, owner, o.ID); err != nil {
			return err
		}
	}
	k.params.Name, k.params.ServiceAccountID = k.name, sa.ID
	key, secret, err := svc.CreateKey(ctx, owner, k.params)
	if err != nil {
		return err
	}
	k.id, k.secret, k.owner = key.ID, secret, owner
	return nil
}

func printDemo(w io.Writer, url string, keys []*demoKey, member *demoKey) {
	fmt.Fprintf(w, "Hive demo is running at %s (tenant %q). Stop it with Ctrl-C.\n\n", url, demoSlug)
	fmt.Fprintf(w, "Console %s/console/ and interactive API docs %s/docs\n", url, url)
	fmt.Fprintf(w, "Sign-ins (the console, tenant demo; or HTTP Basic with X-Hive-Tenant: demo on POST /v1/me/api-key):\n  owner    %s / %s\n  member   %s / %s\n\n",
		demoOwnerEmail, demoOwnerPassword, demoMemberEmail, demoMemberPassword)
	fmt.Fprintln(w, "API keys, issued afresh on every start (the previous ones are revoked):")
	for _, k := range keys {
		fmt.Fprintf(w, "  %-32s %s\n  %-32s %s\n", k.name, k.secret, "", "service account: "+k.account)
	}
	fmt.Fprintf(w, "  %-32s %s\n  %-32s send with X-Hive-User-Id: %s\n\n", "Analyst's personal key", member.secret, "", member.account)
	fmt.Fprintf(w, "Try it:\n  curl -H 'Authorization: Bearer %s' %s/v1/auth/verify\n", keys[len(keys)-1].secret, url)
	fmt.Fprintf(w, "  HIVE_URL=%s HIVE_API_KEY=%s go run ./cmd/hive keys list\n", url, keys[len(keys)-1].secret)
}
