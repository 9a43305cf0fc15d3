package lawful

import (
	"fmt"
	"maps"
	"slices"
	"time"
	_ "time/tzdata" // ages count in the subject's own zone on any host, tzdata or not
)

// capitals maps jurisdictions to the IANA time zone of their capital, in
// which LocalAges counts a subject's civil dates. Countries with several
// zones count in the capital's (Spain: Madrid, not the Canaries; Portugal:
// Lisbon, not the Azores) [L].
var capitals = map[string]string{
	// EU member states.
	"AT": "Europe/Vienna", "BE": "Europe/Brussels", "BG": "Europe/Sofia", "CY": "Asia/Nicosia",
	"CZ": "Europe/Prague", "DE": "Europe/Berlin", "DK": "Europe/Copenhagen", "EE": "Europe/Tallinn",
	"ES": "Europe/Madrid", "FI": "Europe/Helsinki", "FR": "Europe/Paris", "GR": "Europe/Athens",
	"HR": "Europe/Zagreb", "HU": "Europe/Budapest", "IE": "Europe/Dublin", "IT": "Europe/Rome",
	"LT": "Europe/Vilnius", "LU": "Europe/Luxembourg", "LV": "Europe/Riga", "MT": "Europe/Malta",
	"NL": "Europe/Amsterdam", "PL": "Europe/Warsaw", "PT": "Europe/Lisbon", "RO": "Europe/Bucharest",
	"SE": "Europe/Stockholm", "SI": "Europe/Ljubljana", "SK": "Europe/Bratislava",
	// EEA states outside the EU.
	"IS": "Atlantic/Reykjavik", "LI": "Europe/Vaduz", "NO": "Europe/Oslo",
	// Others services commonly map.
	"CH": "Europe/Zurich", "GB": "Europe/London", "CN": "Asia/Shanghai", "HK": "Asia/Hong_Kong",
	"MO": "Asia/Macau", "TW": "Asia/Taipei", "SG": "Asia/Singapore", "JP": "Asia/Tokyo",
	"KR": "Asia/Seoul",
}

// eea lists the jurisdictions of the GDPR: the EU member states and the
// EEA states that apply it (Iceland, Liechtenstein, Norway).
var eea = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
	"LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO"}

// EEA returns the ISO 3166-1 alpha-2 codes of the states where the GDPR
// applies: the 27 EU member states and Iceland, Liechtenstein and Norway.
func EEA() []string { return slices.Clone(eea) }

// Zone returns the time zone in which LocalAges counts the civil dates of
// a subject of jurisdiction code: its capital's. ok is false for a code
// lawful has no zone for; a Guard mapping such a code to a regime with
// LocalAges fails to build, naming it.
func Zone(code string) (*time.Location, bool) {
	name, ok := capitals[code]
	if !ok {
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	return loc, err == nil
}

// ZoneCodes returns the jurisdiction codes Zone knows, sorted.
func ZoneCodes() []string { return slices.Sorted(maps.Keys(capitals)) }

// isJurisdiction reports whether code has the form of an ISO 3166-1
// alpha-2 code: two upper-case ASCII letters.
func isJurisdiction(code string) bool {
	return len(code) == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z'
}

// regimes builds the Guard's regime per jurisdiction: the default's
// Covers, then Config.Jurisdictions over them, each with its ages counted
// in the jurisdiction's zone where the regime says LocalAges. It reports
// every problem.
func regimes(def Regime, explicit map[string]Regime) (map[string]*Regime, []string) {
	out := map[string]*Regime{}
	var problems []string
	add := func(where, code string, r Regime) {
		switch {
		case !isJurisdiction(code):
			problems = append(problems, fmt.Sprintf("%s: jurisdiction %q is not an ISO 3166-1 alpha-2 code such as \"DE\"", where, code))
			return
		case !r.valid():
			problems = append(problems, fmt.Sprintf("%s: needs a Name, a valid Law, valid Ages and a GuardianForm", where))
			return
		}
		if r.LocalAges {
			loc, ok := Zone(code)
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: LocalAges counts ages in the subject's zone, and lawful knows none for %q; set the regime's Ages.Location and LocalAges false", where, code))
				return
			}
			r.Ages.Location = loc
		}
		out[code] = &r
	}
	for _, code := range def.Covers {
		add(fmt.Sprintf("Regime.Covers[%q]", code), code, def)
	}
	for _, code := range slices.Sorted(maps.Keys(explicit)) {
		add(fmt.Sprintf("Jurisdictions[%q]", code), code, explicit[code])
	}
	return out, problems
}
