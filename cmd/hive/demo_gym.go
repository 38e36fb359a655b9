package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// demoMembers is how many gym members the demo seeds.
const demoMembers = 300

// seedGym gives the demo tenant a gym on first start: membership types,
// doors, members with cards and barcodes (some expired, frozen, cancelled
// or instructors) and an enabled Door API. A tenant that has doors already
// is left as it is.
func seedGym(ctx context.Context, svc *door.Service, owner *hive.Principal) error {
	if existing, err := svc.Doors(ctx, owner); err != nil || len(existing) > 0 {
		return err
	}
	types := map[string]int64{}
	for _, name := range []string{"Standard Monthly", "Off-Peak", "Unlimited Access"} {
		t, err := svc.CreateMembershipType(ctx, owner, name)
		if err != nil {
			return err
		}
		types[name] = t.ID
	}
	all := []int64{types["Standard Monthly"], types["Off-Peak"], types["Unlimited Access"]}
	inactive := false
	for _, d := range []door.DoorParams{
		{DoorID: "front-door", Name: "Front Door", MembershipTypeIDs: all, AllowInstructors: true},
		{DoorID: "studio-a", Name: "Studio A", MembershipTypeIDs: []int64{types["Standard Monthly"], types["Unlimited Access"]}, AllowInstructors: true},
		{DoorID: "pool", Name: "Pool", MembershipTypeIDs: []int64{types["Unlimited Access"]}},
		{DoorID: "back-door", Name: "Back Door (closed for works)", Active: &inactive, AllowInstructors: true},
	} {
		if _, err := svc.CreateDoor(ctx, owner, d); err != nil {
			return err
		}
	}
	if err := importDemoMembers(ctx, svc, owner); err != nil {
		return err
	}
	if err := giveDemoMemberships(ctx, svc, owner, all); err != nil {
		return err
	}
	on, window := true, 2*time.Minute
	_, err := svc.UpdateSettings(ctx, owner, door.SettingsUpdate{Enabled: &on, UsersEndpointEnabled: &on,
		ExposeEmail: &on, ExposePhone: &on, ReentryWindow: &window})
	return err
}

var (
	demoFirst = []string{"Ava", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jack", "Kai", "Lena", "Milo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara"}
	demoLast  = []string{"Ahmed", "Brown", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez", "Murphy", "Novak", "Okafor", "Patel", "Rossi", "Smith", "Taylor", "Walsh"}
)

// importDemoMembers adds the members in one CSV import, as a gym would.
func importDemoMembers(ctx context.Context, svc *door.Service, owner *hive.Principal) error {
	var csv strings.Builder
	csv.WriteString("door_access_id,barcode_id,first_name,last_name,email,phone,is_instructor,status\n")
	for i := range demoMembers {
		first, last := demoFirst[i%len(demoFirst)], demoLast[(i/len(demoFirst))%len(demoLast)]
		status := "active"
		switch {
		case i%37 == 5:
			status = "frozen"
		case i%53 == 7:
			status = "cancelled"
		}
		fmt.Fprintf(&csv, "FOB%05d,BC%08d,%s,%s,%s.%s%d@example.test,+1 415 555 %04d,%t,%s\n",
			1000+i, 40000000+i, first, last, strings.ToLower(first), strings.ToLower(last), i, i, i%25 == 0, status)
	}
	_, err := svc.ImportMembers(ctx, owner, strings.NewReader(csv.String()), false)
	return err
}

// giveDemoMemberships gives most members a membership; about one in eight
// has expired.
func giveDemoMemberships(ctx context.Context, svc *door.Service, owner *hive.Principal, types []int64) error {
	members, _, err := svc.ListMembers(ctx, owner, door.MemberFilter{Page: door.Page{Limit: 1000}})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(42, 7)) // the same gym on every machine
	now := time.Now().Truncate(time.Second)
	for _, m := range members {
		if m.IsInstructor && rng.IntN(2) == 0 {
			continue
		}
		expires := now.Add(time.Duration(5+rng.IntN(60)) * 24 * time.Hour)
		if rng.IntN(8) == 0 {
			expires = now.Add(-time.Duration(1+rng.IntN(30)) * 24 * time.Hour)
		}
		p := door.MembershipParams{MembershipTypeID: types[rng.IntN(len(types))], Expires: expires}
		if _, err := svc.CreateMembership(ctx, owner, m.ID, p); err != nil {
			return err
		}
	}
	return nil
}

func printGym(w io.Writer, url, token, key string) {
	fmt.Fprintf(w, "\nDoor Access API (the demo gym: %d members, doors front-door, studio-a, pool, back-door):\n", demoMembers)
	fmt.Fprintf(w, "  base URL  %s/door/%s/\n  key       %s (send as X-DOOR-API-KEY)\n", url, token, key)
	fmt.Fprintf(w, "  curl -H 'X-DOOR-API-KEY: %s' -d door_access_id=FOB01000 -d door_id=front-door %s/door/%s/access\n", key, url, token)
}
