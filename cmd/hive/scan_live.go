package main

import (
	"context"
	"encoding/hex"
	"fmt"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
)

// Key states "hive scan --live" reports, besides the API's own statuses
// (active, expired, revoked, disabled).
const (
	stateLive    = "live"    // the API's "active": it works right now
	stateUnknown = "unknown" // not a key of the caller's tenant, maybe another's
)

// reportLive prints each finding with its key's state and fails unless
// every key found is revoked: a live key works now, a disabled or expired
// one can be made to work again (enable, a new expiry), and an unknown one
// may be another tenant's live key. Only a revocation is for good.
func reportLive(ctx context.Context, e *env, found []finding, base string) error {
	if base != "" {
		vars := e.getenv
		e = &env{stdout: e.stdout, stderr: e.stderr, stdin: e.stdin, getenv: func(k string) string {
			if k == "HIVE_URL" {
				return base
			}
			return vars(k)
		}}
	}
	c, err := newClient(e)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	states, err := keyStates(ctx, c, found)
	if err != nil {
		return &exitError{code: 2, err: explain(err)}
	}
	open := 0
	for _, f := range found {
		st := states[f.secret]
		if st != "revoked" {
			open++
		}
		fmt.Fprintf(e.stdout, "%s: %s %s\n", f.where, apikey.Hint(f.secret), st)
	}
	if open > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d of %d Hive key(s) found are not revoked: revoke each (hive keys revoke, or POST /v1/leaked-keys/report) and remove it", open, len(found))}
	}
	return nil
}

// keyStates asks the server the state of each distinct secret found. It
// sends the secret's SHA-256, never the secret: the hash is what the server
// stores, it cannot be turned back into a working key, and the lookup only
// matches keys of the caller's own tenant. The public leak report was not
// used: it revokes what it is sent and says nothing back, by design.
func keyStates(ctx context.Context, c *client.Client, found []finding) (map[string]string, error) {
	states := map[string]string{}
	for _, f := range found {
		if _, ok := states[f.secret]; ok {
			continue
		}
		sum := apikey.HashSecret(f.secret)
		list, err := c.ListKeys(ctx, client.ListKeysParams{SecretSHA256: hex.EncodeToString(sum[:])})
		if err != nil {
			return nil, err
		}
		switch {
		case len(list.Data) == 0:
			states[f.secret] = stateUnknown
		case list.Data[0].Status == "active":
			states[f.secret] = stateLive
		default:
			states[f.secret] = list.Data[0].Status
		}
	}
	return states, nil
}
