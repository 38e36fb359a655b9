package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hive-platform/hive/client"
)

// defaultURL is where the client commands look for a server when HIVE_URL
// is unset: the address "hive serve" listens on by default.
const defaultURL = "http://127.0.0.1:8080"

// maxGrace is the longest grace period the API accepts on rotation.
const maxGrace = 7 * 24 * time.Hour

// keysCommands are the subcommands of "hive keys".
var keysCommands = map[string]command{
	"list":    {"list keys, following every page", runKeysList},
	"create":  {"create a service-account key and print its secret once", runKeysCreate},
	"revoke":  {"revoke a key; it stops working on the next request", runKeysRevoke},
	"rotate":  {"replace a key, keeping the old one for a grace period", runKeysRotate},
	"disable": {"refuse a key on every server until it is enabled again", runKeysDisable},
	"enable":  {"let a disabled key work again (never a revoked one)", runKeysEnable},
}

// runKeys dispatches "hive keys <subcommand>".
func runKeys(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		keysUsage(e.stderr)
		return flag.ErrHelp
	}
	sub, ok := keysCommands[args[0]]
	if !ok {
		keysUsage(e.stderr)
		return &exitError{code: 2, err: fmt.Errorf("unknown subcommand %q", args[0])}
	}
	return sub.run(ctx, e, args[1:])
}

func keysUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: hive keys <subcommand> [flags]\n\nSubcommands:")
	for _, name := range []string{"list", "create", "revoke", "rotate", "disable", "enable"} {
		fmt.Fprintf(w, "  %-8s %s\n", name, keysCommands[name].summary)
	}
	fmt.Fprintln(w, "\nThey call the server at HIVE_URL (default "+defaultURL+") with the key in HIVE_API_KEY,\n"+
		"plus HIVE_USER_ID for a personal key. Run 'hive keys <subcommand> -h' for its flags.")
}

// runKeysList implements "hive keys list".
func runKeysList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "keys list", "[--service-account ID] [--status active|expired|revoked|disabled] [--kind service_account|personal] [--json]")
	serviceAccount := fs.String("service-account", "", "list only the keys of the service account `ID`")
	status := fs.String("status", "", "list only keys whose `STATUS` is active, expired, revoked or disabled")
	kind := fs.String("kind", "", "list only keys whose `KIND` is service_account or personal")
	asJSON := fs.Bool("json", false, "print the keys as a JSON array")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageError(fs, "unexpected argument %q", fs.Arg(0))
	case !oneOf(*status, "", "active", "expired", "revoked", "disabled"):
		return usageError(fs, "--status %q: want active, expired, revoked or disabled", *status)
	case !oneOf(*kind, "", "service_account", "personal"):
		return usageError(fs, "--kind %q: want service_account or personal", *kind)
	}
	c, err := newClient(e)
	if err != nil {
		return err
	}
	keys, err := allKeys(ctx, c, client.ListKeysParams{ServiceAccountID: *serviceAccount, Status: *status, Kind: *kind})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.stdout, keys)
	}
	return printKeyTable(e.stdout, keys)
}

// allKeys lists every key matching p, following next_cursor page by page.
func allKeys(ctx context.Context, c *client.Client, p client.ListKeysParams) ([]client.APIKey, error) {
	keys := []client.APIKey{} // so that --json prints [] rather than null
	for {
		page, err := c.ListKeys(ctx, p)
		if err != nil {
			return nil, explain(err)
		}
		keys = append(keys, page.Data...)
		next := ""
		if page.NextCursor != nil {
			next = *page.NextCursor
		}
		switch next {
		case "":
			return keys, nil
		case p.StartingAfter:
			// A cursor that does not move would loop forever.
			return nil, fmt.Errorf("listing keys: the server returned cursor %q twice", next)
		}
		p.StartingAfter = next
	}
}

// printKeyTable prints keys as a tab-aligned table.
func printKeyTable(w io.Writer, keys []client.APIKey) error {
	if len(keys) == 0 {
		_, err := fmt.Fprintln(w, "No keys.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tHINT\tSTATUS\tPERMISSIONS\tEXPIRES\tLAST USED")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(k.ID), cell(k.Name), cell(k.Hint), cell(k.Status),
			permissionSummary(k.Permissions), formatTime(k.ExpiresAt, "never"), formatTime(k.LastUsedAt, "never"))
	}
	return tw.Flush()
}

// permissionSummary shows up to three scopes, and beyond that the first two
// and a count, so that one full-access key does not stretch the table.
func permissionSummary(perms []string) string {
	switch {
	case len(perms) == 0:
		return "none"
	case len(perms) <= 3:
		return strings.Join(perms, ",")
	}
	return fmt.Sprintf("%s +%d more", strings.Join(perms[:2], ","), len(perms)-2)
}

// runKeysCreate implements "hive keys create".
func runKeysCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "keys create", "--name NAME --service-account ID [--preset P | --permission SCOPE ...] [flags]")
	var o createOptions
	o.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	req, err := o.request(fs)
	if err != nil {
		return err
	}
	c, err := newClient(e)
	if err != nil {
		return err
	}
	created, err := c.CreateKey(ctx, req)
	if err != nil {
		return explain(err)
	}
	if o.asJSON {
		return printJSON(e.stdout, created)
	}
	fmt.Fprintf(e.stdout, "Created key %s (%q) for service account %s.\n", created.ID, created.Name, req.ServiceAccountID)
	fmt.Fprintf(e.stdout, "Permissions: %s\nExpires:     %s\n", strings.Join(created.Permissions, ", "), formatTime(created.ExpiresAt, "never"))
	return printSecret(e.stdout, created.Key)
}

// createOptions holds the flags of "hive keys create".
type createOptions struct {
	req                        client.CreateKeyRequest
	perms, ips, surveys, doors stringsFlag
	expiresInDays, rateLimit   int
	asJSON                     bool
}

// register defines the flags on fs.
func (o *createOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.req.Name, "name", "", "the key's `NAME`, saying what it is for (required)")
	fs.StringVar(&o.req.ServiceAccountID, "service-account", "", "the service account `ID` that owns the key (required)")
	fs.StringVar(&o.req.Preset, "preset", "", "grant the `PRESET` data, read_only, read_write or full_access")
	fs.Var(&o.perms, "permission", "grant the `SCOPE`, such as surveys:read (repeatable; instead of --preset)")
	fs.IntVar(&o.expiresInDays, "expires-in-days", 0, "expire the key after `N` days (0: the server default, 90 days)")
	fs.Var(&o.ips, "ip", "accept the key only from this `CIDR` or address (repeatable)")
	fs.IntVar(&o.rateLimit, "rate-limit", 0, "limit the key to `N` requests per minute (0: the tenant's limit)")
	fs.Var(&o.surveys, "survey", "restrict the key to the survey `ID` (repeatable; default all surveys)")
	fs.Var(&o.doors, "door", "restrict the key to the door `ID` (repeatable; default all doors)")
	fs.BoolVar(&o.req.AllowQueryKey, "allow-query-key", false, "accept the key as ?api_key= on GET read routes, for Power BI's Web API credential")
	fs.BoolVar(&o.asJSON, "json", false, "print the created key, secret included, as JSON")
}

// request checks the parsed flags and returns the request they describe.
func (o *createOptions) request(fs *flag.FlagSet) (client.CreateKeyRequest, error) {
	req := o.req
	switch {
	case fs.NArg() > 0:
		return req, usageError(fs, "unexpected argument %q", fs.Arg(0))
	case req.Name == "":
		return req, usageError(fs, "--name is required")
	case req.ServiceAccountID == "":
		return req, usageError(fs, "--service-account is required")
	case req.Preset != "" && len(o.perms) > 0:
		return req, usageError(fs, "give --preset or --permission, not both")
	case o.expiresInDays < 0:
		return req, usageError(fs, "--expires-in-days must not be negative")
	case o.rateLimit < 0:
		return req, usageError(fs, "--rate-limit must not be negative")
	}
	if err := checkIPs(o.ips); err != nil {
		return req, usageError(fs, "%v", err)
	}
	req.Permissions, req.IPAllowlist = o.perms, o.ips
	req.ExpiresInDays, req.RateLimitPerMinute = positive(o.expiresInDays), positive(o.rateLimit)
	if len(o.surveys) > 0 || len(o.doors) > 0 {
		// A nil list means all of that kind, so restricting surveys alone
		// leaves every door allowed.
		req.Resources = &client.Resources{Surveys: o.surveys, Doors: o.doors}
	}
	return req, nil
}

// checkIPs reports the first entry that is neither a CIDR prefix nor an
// address, before the request goes anywhere.
func checkIPs(ips []string) error {
	for _, ip := range ips {
		if _, err := netip.ParsePrefix(ip); err == nil {
			continue
		}
		if _, err := netip.ParseAddr(ip); err != nil {
			return fmt.Errorf("--ip %q: want a CIDR such as 203.0.113.0/24 or an address", ip)
		}
	}
	return nil
}

// runKeysRevoke implements "hive keys revoke".
func runKeysRevoke(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "keys revoke", "ID [--json]")
	asJSON := fs.Bool("json", false, "print the revoked key as JSON")
	id, err := parseWithID(fs, args)
	if err != nil {
		return err
	}
	c, err := newClient(e)
	if err != nil {
		return err
	}
	key, err := c.RevokeKey(ctx, id)
	if err != nil {
		return explain(err)
	}
	if *asJSON {
		return printJSON(e.stdout, key)
	}
	_, err = fmt.Fprintf(e.stdout, "Revoked key %s (%q) at %s. It stops working on the next request.\n",
		key.ID, key.Name, formatTime(key.RevokedAt, "an unknown time"))
	return err
}

// runKeysRotate implements "hive keys rotate".
func runKeysRotate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "keys rotate", "ID [--grace 0s|1h|24h|7d] [--expires-in-days N] [--json]")
	grace := fs.String("grace", "0s", "keep the old key working for `PERIOD`: now, 1h, 24h, 7d, any Go duration or seconds (at most 7d)")
	expiresInDays := fs.Int("expires-in-days", 0, "expire the new key after `N` days (0: keep the old key's lifetime)")
	asJSON := fs.Bool("json", false, "print the new key, secret included, as JSON")
	id, err := parseWithID(fs, args)
	if err != nil {
		return err
	}
	graceSeconds, err := parseGrace(*grace)
	if err != nil {
		return usageError(fs, "%v", err)
	}
	if *expiresInDays < 0 {
		return usageError(fs, "--expires-in-days must not be negative")
	}
	c, err := newClient(e)
	if err != nil {
		return err
	}
	created, err := c.RotateKey(ctx, id, client.RotateKeyRequest{
		GracePeriodSeconds: &graceSeconds,
		ExpiresInDays:      positive(*expiresInDays),
	})
	if err != nil {
		return explain(err)
	}
	if *asJSON {
		return printJSON(e.stdout, created)
	}
	return printRotated(e.stdout, id, created)
}

// printRotated prints the new key with its secret, then until when the old
// key keeps working.
func printRotated(w io.Writer, oldID string, created *client.CreatedAPIKey) error {
	fmt.Fprintf(w, "Rotated key %s: the new key is %s (%q).\n", oldID, created.ID, created.Name)
	fmt.Fprintf(w, "Expires: %s\n", formatTime(created.ExpiresAt, "never"))
	if err := printSecret(w, created.Key); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, oldKeyStatus(oldID, created.PreviousKey))
	return err
}

// oldKeyStatus says until when the rotated-out key keeps working.
func oldKeyStatus(id string, old *client.APIKey) string {
	switch {
	case old == nil:
		return fmt.Sprintf("Old key %s: run 'hive keys list' to see its new expiry.", id)
	case old.RevokedAt != nil:
		return fmt.Sprintf("Old key %s stopped working at %s.", old.ID, formatTime(old.RevokedAt, ""))
	case old.ExpiresAt != nil:
		return fmt.Sprintf("Old key %s keeps working until %s.", old.ID, formatTime(old.ExpiresAt, ""))
	}
	return fmt.Sprintf("Old key %s has no expiry.", old.ID)
}

// parseGrace parses a rotation grace period into whole seconds. It accepts
// "now", a Go duration ("90m", "24h"), whole days ("7d") or a number of
// seconds ("3600"), up to maxGrace.
func parseGrace(s string) (int, error) {
	d, err := parseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("--grace %q: want now, a duration such as 1h, 24h or 7d, or a number of seconds", s)
	}
	switch {
	case d < 0:
		return 0, fmt.Errorf("--grace %q must not be negative", s)
	case d > maxGrace:
		return 0, fmt.Errorf("--grace %q is longer than the 7-day maximum; rotate with --grace 7d and revoke the old key later if you need longer", s)
	case d%time.Second != 0:
		return 0, fmt.Errorf("--grace %q: use whole seconds", s)
	}
	return int(d / time.Second), nil
}

// parseDuration extends time.ParseDuration with "now", "<n>d" and plain
// seconds.
func parseDuration(s string) (time.Duration, error) {
	if s == "now" {
		return 0, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		return clampedCount(n, 24*time.Hour), err
	}
	if secs, err := strconv.ParseInt(s, 10, 64); err == nil {
		return clampedCount(secs, time.Second), nil
	}
	return time.ParseDuration(s)
}

// clampedCount returns n units, with n clamped to just past the bounds
// parseGrace checks, so that a huge count cannot overflow into a valid one.
func clampedCount(n int64, unit time.Duration) time.Duration {
	return time.Duration(max(min(n, int64(maxGrace/unit)+1), -1)) * unit
}

// printSecret prints a new key's secret, set apart so it is easy to copy, with
// the warning that it is shown only this once.
func printSecret(w io.Writer, secret string) error {
	_, err := fmt.Fprintf(w, "\n    %s\n\nCopy this secret now: it will not be shown again.\n", secret)
	return err
}

// The helpers below are shared by the client commands, keys and verify.

// newClient returns a client for the server at HIVE_URL that authenticates
// with HIVE_API_KEY, and with HIVE_USER_ID when the key is a personal one.
func newClient(e *env) (*client.Client, error) {
	key := e.getenv("HIVE_API_KEY")
	if key == "" {
		return nil, errors.New("HIVE_API_KEY is not set: export an API key, such as the one 'hive bootstrap' printed")
	}
	base := cmp.Or(e.getenv("HIVE_URL"), defaultURL)
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("HIVE_URL %q is not an http:// or https:// URL", base)
	}
	userID := e.getenv("HIVE_USER_ID")
	if strings.HasPrefix(key, "hive_pk_") && userID == "" {
		// Caught here because the server's 401 could not say which variable to set.
		return nil, errors.New("HIVE_API_KEY is a personal key: set HIVE_USER_ID to its owner's user id")
	}
	opts := []client.Option{client.WithUserAgent("hive-cli")}
	if userID != "" {
		opts = append(opts, client.WithUserID(userID))
	}
	return client.New(base, key, opts...), nil
}

// apiError prints a *client.Error the way the CLI shows it: the API's
// message, then the reason or missing permission, and the request id to
// quote to support.
type apiError struct{ err *client.Error }

func (e *apiError) Error() string {
	var notes []string
	if r := e.err.Reason(); r != "" {
		notes = append(notes, "reason: "+r)
	}
	if p, _ := e.err.Details["required_permission"].(string); p != "" {
		notes = append(notes, "requires "+p)
	}
	if e.err.RequestID != "" {
		notes = append(notes, "request id "+e.err.RequestID)
	}
	if len(notes) == 0 {
		return e.err.Message
	}
	return e.err.Message + " (" + strings.Join(notes, ", ") + ")"
}

func (e *apiError) Unwrap() error { return e.err }

// explain turns an API error into an apiError for printing. Other errors,
// including an interrupted wait for a retry, pass through unchanged.
func explain(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if apiErr, ok := errors.AsType[*client.Error](err); ok {
		return &apiError{apiErr}
	}
	return err
}

// parseFlags parses args into fs. A bad flag becomes a usage error (exit 2);
// the flag package has already printed it with the usage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return &exitError{code: 2, err: err}
	}
	return err
}

// parseWithID parses flags on either side of the one positional ID, so that
// both "rotate ID --grace 1h" and "rotate --grace 1h ID" work.
func parseWithID(fs *flag.FlagSet, args []string) (string, error) {
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 || fs.Arg(0) == "" {
		return "", usageError(fs, "missing key ID")
	}
	id := fs.Arg(0)
	if err := parseFlags(fs, fs.Args()[1:]); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	return id, nil
}

// usageError returns the problem with exit code 2 and a pointer to the
// command's help, which is shorter to read than the whole usage.
func usageError(fs *flag.FlagSet, format string, args ...any) error {
	err := fmt.Errorf(format+"; run '%s -h' for help", append(args, fs.Name())...)
	return &exitError{code: 2, err: err}
}

// stringsFlag collects the values of a repeatable flag; each value may also
// be a comma-separated list.
type stringsFlag []string

func (f *stringsFlag) String() string { return strings.Join(*f, ",") }

func (f *stringsFlag) Set(v string) error {
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return errors.New("empty value")
		}
		*f = append(*f, item)
	}
	return nil
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// formatTime formats t in UTC, or returns none when t is nil.
func formatTime(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return t.UTC().Format(time.RFC3339)
}

// cell makes s safe for one table cell: tabs and newlines in a name would
// break the alignment, and an empty cell would shift the columns.
func cell(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
	return cmp.Or(s, "-")
}

// positive returns a pointer to n, or nil when n is zero so that the server
// applies its default.
func positive(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// oneOf reports whether s is one of the allowed values.
func oneOf(s string, allowed ...string) bool { return slices.Contains(allowed, s) }
