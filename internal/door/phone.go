package door

import (
	"github.com/nyaruka/phonenumbers"
)

// E164 returns phone in E.164 form ("+14155550123"), reading a number
// without a country code as one of defaultRegion (ISO 3166-1 alpha-2,
// "US" if empty). It returns "" for an empty or unparseable number, as the
// Door Access API documents.
func E164(phone, defaultRegion string) string {
	if phone == "" {
		return ""
	}
	if defaultRegion == "" {
		defaultRegion = DefaultPhoneRegion
	}
	n, err := phonenumbers.Parse(phone, defaultRegion)
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}
