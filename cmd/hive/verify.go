package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hive-platform/hive/client"
)

// runVerify implements "hive verify": it checks the key in HIVE_API_KEY
// against the server and shows what the key may do.
func runVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "verify", "[--json]")
	asJSON := fs.Bool("json", false, "print the verification as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	c, err := newClient(e)
	if err != nil {
		return err
	}
	v, err := c.Verify(ctx)
	if err != nil {
		return explain(err)
	}
	if *asJSON {
		err = printJSON(e.stdout, v)
	} else {
		err = printVerification(e.stdout, v)
	}
	if err == nil && !v.Valid {
		// The API answers an unusable key with a 401; this guards against a
		// server that says so in the body instead.
		return errors.New("the server reports the key as not valid")
	}
	return err
}

// printVerification prints v as aligned label-value lines.
func printVerification(w io.Writer, v *client.Verification) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	valid := "no"
	if v.Valid {
		valid = "yes"
	}
	fmt.Fprintf(tw, "valid:\t%s\n", valid)
	fmt.Fprintf(tw, "key:\t%s (%s)\n", v.KeyID, v.Kind)
	fmt.Fprintf(tw, "tenant:\t%s\n", v.TenantSlug)
	if owner := ownerOf(v); owner != "" {
		fmt.Fprintf(tw, "owner:\t%s\n", owner)
	}
	fmt.Fprintf(tw, "permissions:\t%s\n", cell(strings.Join(v.Permissions, ", ")))
	fmt.Fprintf(tw, "surveys:\t%s\n", restriction(v.Resources.Surveys))
	fmt.Fprintf(tw, "doors:\t%s\n", restriction(v.Resources.Doors))
	fmt.Fprintf(tw, "expires:\t%s\n", formatTime(v.ExpiresAt, "never"))
	reset := time.Unix(v.RateLimit.Reset, 0)
	fmt.Fprintf(tw, "rate limit:\t%d of %d requests left this minute, resets %s\n",
		v.RateLimit.Remaining, v.RateLimit.Limit, formatTime(&reset, ""))
	return tw.Flush()
}

// ownerOf names the service account or user the verified key belongs to.
func ownerOf(v *client.Verification) string {
	switch {
	case v.ServiceAccountID != nil:
		return "service account " + *v.ServiceAccountID
	case v.UserID != nil:
		return "user " + *v.UserID
	}
	return ""
}

// restriction describes a resource list, where nil means all and empty
// means none.
func restriction(ids []string) string {
	switch {
	case ids == nil:
		return "all"
	case len(ids) == 0:
		return "none"
	}
	return strings.Join(ids, ", ")
}
