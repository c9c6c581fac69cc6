package timeparse

import (
	"strings"
	"time"
)

//go:generate go run gencities.go

// Zones: abbreviations (convention 10 of issue 3, more in issue 12), UTC
// offsets, and cities (issue 12, convention 16).

var zoneNames = map[string]string{
	"et": "America/New_York", "est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York",
	"ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
	"mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
	"pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pacific": "America/Los_Angeles",
	"utc": "UTC", "gmt": "UTC", "bst": "Europe/London", "cet": "Europe/Paris", "cest": "Europe/Paris",
	"ist": "Asia/Kolkata", "jst": "Asia/Tokyo", "aest": "Australia/Sydney", "aedt": "Australia/Sydney",
	"hst": "Pacific/Honolulu", "akst": "America/Anchorage", "akdt": "America/Anchorage",
	"nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland", "sgt": "Asia/Singapore", "hkt": "Asia/Hong_Kong",
}

// cityAliases are the names people use for cities that zone.tab spells
// otherwise or folds into another zone (issue 12's list, plus "new delhi").
var cityAliases = map[string]string{
	"nyc": "America/New_York", "boston": "America/New_York",
	"sf": "America/Los_Angeles", "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles",
	"bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata",
	"new delhi": "Asia/Kolkata", "beijing": "Asia/Shanghai",
}

func cityZone(name string) (string, bool) {
	name = strings.Join(strings.Fields(name), " ")
	if z, ok := cityAliases[name]; ok {
		return z, true
	}
	z, ok := zoneCities[name]
	return z, ok
}

// cityFirst maps the first word of every city name to the names starting
// with it, longest first, so markWords can find "new york" as well as "new
// delhi" in one pass.
var cityFirst = func() map[string][]string {
	m := map[string][]string{}
	add := func(name string) {
		first, _, _ := strings.Cut(name, " ")
		m[first] = append(m[first], name)
	}
	for c := range zoneCities {
		add(c)
	}
	for c := range cityAliases {
		add(c)
	}
	for _, names := range m {
		for i := 1; i < len(names); i++ {
			for j := i; j > 0 && len(names[j]) > len(names[j-1]); j-- {
				names[j], names[j-1] = names[j-1], names[j]
			}
		}
	}
	return m
}()

// cityAt returns the end of the city name that starts at word i of lower,
// or -1.
func cityAt(lower []byte, i, j int) int {
	names, ok := cityFirst[string(lower[i:j])]
	if !ok {
		return -1
	}
	for _, n := range names {
		k, p := i, 0
		for p < len(n) && k < len(lower) {
			if n[p] == ' ' {
				if lower[k] != ' ' && lower[k] != '_' {
					break
				}
				for k < len(lower) && (lower[k] == ' ' || lower[k] == '_') {
					k++
				}
				p++
				continue
			}
			if lower[k] != n[p] {
				break
			}
			k++
			p++
		}
		if p == len(n) && (k == len(lower) || !isAlnum(lower[k])) {
			return k
		}
	}
	return -1
}

// reZoneEnd: what may follow a bare city for it to count as ending the
// text: nothing, punctuation, or more of the time expression ("10am berlin
// tomorrow", "3pm tokyo for 30m").
var reZoneEnd = re(`^(?:$|[.!?,;:)(\-~|/=]|\x00|for\b|\d|` + reTomorrow + `|` + reToday + `|` + reTonight +
	`|on\b|next\b|this\b|every\b|each\b|daily\b|weekly\b|monthly\b|` + reWD + `|` + reMon + `)`)

// reTimeDateBefore: a time then a day ("9am tomorrow"), so a zone after the
// day still belongs to the time ("9am tomorrow london time").
var reTimeDateBefore = re(`(?:\d\s*[ap]\.?m?\.?|\d:\d{2}|\bat\s+\d{1,4}|\bnoon|\bmidnight|\bmidday|o'?clock|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s+(?:` + reTomorrow + `|` + reToday + `|` +
	reTonight + `|(?:next\s+|this\s+)?` + reWD + `\.?|` + reMon + `\.?\s*\d{1,2}(?:st|nd|rd|th)?|\d{1,2}/\d{1,2}(?:/\d{2,4})?)\s*,?\s*\(?$`)

// zoneRule: "3pm PT", "15:00 UTC+5:30", "9am (eastern time)", "10:00
// +05:30", "9am london time", "3pm in tokyo", "4pm (new york)". A zone
// counts only right after a time (or a time and a day), so "PT session" is
// a title. A city also needs "in" before it, "time" after it, brackets
// around it, or nothing but the rest of the time expression after it:
// "3pm berlin office tour" is a meeting called "berlin office tour".
var zoneRule = &rule{
	k:      kZone,
	pre:    hasZoneWord,
	anchor: zoneAnchor,
	res: re(`\(?(\bin\s+)?(?:\b(utc|gmt)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b|\b` +
		alternation(zoneNames) + `\b(?:\s+time)?|\+(\d{2}):?(\d{2})\b|\s-(\d{2}):?(\d{2})\b|\b(my|our|local)\s+time\b|\b(C[a-z_\-]*)\b(\s+time\b)?)\)?`),
	accept: func(st *state, m []int) (int, bool) {
		if m[16] >= 0 {
			// "3pm -05:00" is an offset, "10:00 -11:00" a range.
			return m[1], reMerBefore.MatchString(st.before(m[0]))
		}
		b := st.before(m[0])
		if !reTimeBefore.MatchString(b) && !reTimeDateBefore.MatchString(b) {
			return 0, false
		}
		if m[22] < 0 {
			return m[1], true
		}
		if _, ok := cityZone(string(st.lower[m[22]:m[23]])); !ok {
			return 0, false
		}
		w := st.work
		parens := w[m[0]] == '(' && w[m[1]-1] == ')'
		if m[2] >= 0 || m[24] >= 0 || parens || reZoneEnd.MatchString(st.after(m[1])) {
			return m[1], true
		}
		return 0, false
	},
	apply: func(st *state, c []string) error {
		if st.zone != nil {
			return nil
		}
		switch {
		case c[2] != "":
			return st.setOffset(c[3], c[4], c[5], c[0])
		case c[6] != "":
			return st.setOffset("+", c[6], c[7], c[0])
		case c[8] != "":
			return st.setOffset("-", c[8], c[9], c[0])
		case c[10] != "":
			return nil // "3pm my time": the user's own zone
		}
		name, ok := "", false
		if c[11] != "" {
			name, ok = cityZone(c[11])
		} else {
			w := strings.ToLower(strings.Trim(c[0], "() "))
			w = strings.TrimSuffix(strings.TrimPrefix(w, "in "), " time")
			w = strings.TrimSpace(strings.TrimPrefix(w, "in"))
			name, ok = zoneNames[strings.Fields(w + " x")[0]]
		}
		if !ok {
			return nil
		}
		l, err := loadZone(name)
		if err != nil {
			return invalidf(c[0], "I don't know the time zone %q.", c[0])
		}
		st.zone = l
		return nil
	},
}

func (st *state) setOffset(sign, hh, mm, text string) error {
	h := atoi(hh)
	m := atoi(mm)
	if h > 14 || m > 59 {
		return invalidf(text, "%q isn't a valid UTC offset.", strings.TrimSpace(text))
	}
	off := h*3600 + m*60
	if sign == "-" {
		off = -off
	}
	if off == 0 {
		st.zone = time.UTC
		return nil
	}
	st.zone = time.FixedZone(fmtOffset(off), off)
	return nil
}
