package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/hive"
)

// bootstrapOutput is the --json contract of "hive bootstrap".
type bootstrapOutput struct {
	TenantSlug       string `json:"tenant_slug"`
	TenantID         string `json:"tenant_id"`
	UserID           string `json:"user_id"`
	AdminEmail       string `json:"admin_email"`
	AdminPassword    string `json:"admin_password"`
	ServiceAccountID string `json:"service_account_id"`
	APIKeyID         string `json:"api_key_id"`
	APIKey           string `json:"api_key"`
}

// runBootstrap runs "hive bootstrap": a tenant, its owner, and a full-access
// key, written to the database directly. An existing slug exits 2 and
// changes nothing.
func runBootstrap(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "bootstrap", "--tenant SLUG --admin-email EMAIL [--database URL] [--json]")
	slug := fs.String("tenant", "", "the tenant's slug: the subdomain of its Hive URL (required)")
	email := fs.String("admin-email", "", "email of the tenant's owner (required)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	config := serverFlags(e, fs, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *slug == "" || *email == "" || fs.NArg() > 0 {
		fs.Usage()
		return &exitError{2, errors.New("--tenant and --admin-email are required")}
	}
	var b *apikey.Bootstrap
	err := withKeyService(ctx, config, func(_ app.Config, svc *apikey.Service) error {
		var err error
		b, err = svc.Bootstrap(ctx, apikey.BootstrapParams{Slug: *slug, AdminEmail: *email})
		return operatorError(err, map[string]string{
			hive.ECONFLICT: fmt.Sprintf("tenant %q already exists; nothing was changed", *slug)})
	})
	if err != nil {
		return err
	}
	out := bootstrapOutput{
		TenantSlug: b.Tenant.Slug, TenantID: b.Tenant.ID, UserID: b.Owner.ID, AdminEmail: b.Owner.Email,
		AdminPassword: b.AdminPassword, ServiceAccountID: b.ServiceAccount.ID, APIKeyID: b.Key.ID, APIKey: b.Secret,
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(out)
	}
	fmt.Fprintf(e.stdout, `Tenant %s created (%s).

Owner:     %s
Password:  %s
User ID:   %s

Service account "bootstrap" (%s) has a full-access API key:

    %s

Key ID %s. The password and the key are shown this once: store them in a
password manager now. The key expires in 90 days.
`, out.TenantSlug, out.TenantID, out.AdminEmail, out.AdminPassword, out.UserID,
		out.ServiceAccountID, out.APIKey, out.APIKeyID)
	return nil
}
