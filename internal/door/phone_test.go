package door_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/door"
)

func TestE164(t *testing.T) {
	tests := []struct {
		name, phone, region, want string
	}{
		{"US national format", "(415) 555-0123", "US", "+14155550123"},
		{"empty region reads as US", "415.555.0123", "", "+14155550123"},
		{"international format ignores the region", "+44 20 7946 0958", "US", "+442079460958"},
		{"national number in the tenant's region", "020 7946 0958", "GB", "+442079460958"},
		{"already E.164", "+14155550123", "GB", "+14155550123"},
		{"empty is empty", "", "US", ""},
		{"letters are unparseable", "call me", "US", ""},
		{"too short is unparseable", "12", "US", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := door.E164(tt.phone, tt.region); got != tt.want {
				t.Errorf("E164(%q, %q) = %q, want %q", tt.phone, tt.region, got, tt.want)
			}
		})
	}
}

func TestParseFlag(t *testing.T) {
	for in, want := range map[string]bool{"true": true, "TRUE": true, "1": true, "yes": true, "on": true,
		"false": false, "0": false, "no": false, "off": false, "": false, " On ": true} {
		got, ok := door.ParseFlag(in)
		if !ok || got != want {
			t.Errorf("ParseFlag(%q) = %v, %v; want %v, true", in, got, ok, want)
		}
	}
	for _, in := range []string{"maybe", "2", "yess"} {
		if _, ok := door.ParseFlag(in); ok {
			t.Errorf("ParseFlag(%q) accepted", in)
		}
	}
}
