package main

import (
	"context"
	"fmt"

	"github.com/hive-platform/hive/client"
)

// runKeysDisable implements "hive keys disable".
func runKeysDisable(ctx context.Context, e *env, args []string) error {
	return runKeysToggle(ctx, e, args, "disable", (*client.Client).DisableKey,
		func(k *client.APIKey) string {
			return fmt.Sprintf("Disabled key %s (%q) at %s. Every server refuses it until 'hive keys enable %s'.\n",
				k.ID, k.Name, formatTime(k.DisabledAt, "an unknown time"), k.ID)
		})
}

// runKeysEnable implements "hive keys enable".
func runKeysEnable(ctx context.Context, e *env, args []string) error {
	return runKeysToggle(ctx, e, args, "enable", (*client.Client).EnableKey,
		func(k *client.APIKey) string {
			return fmt.Sprintf("Enabled key %s (%q); its status is %s.\n", k.ID, k.Name, k.Status)
		})
}

// runKeysToggle is disable and enable: one key ID, one call, one line.
func runKeysToggle(ctx context.Context, e *env, args []string, verb string,
	call func(*client.Client, context.Context, string) (*client.APIKey, error), done func(*client.APIKey) string) error {
	fs := newFlagSet(e, "keys "+verb, "ID [--json]")
	asJSON := fs.Bool("json", false, "print the key as JSON")
	id, err := parseWithID(fs, args)
	if err != nil {
		return err
	}
	c, err := newClient(e)
	if err != nil {
		return err
	}
	key, err := call(c, ctx, id)
	if err != nil {
		return explain(err)
	}
	if *asJSON {
		return printJSON(e.stdout, key)
	}
	_, err = fmt.Fprint(e.stdout, done(key))
	return err
}
