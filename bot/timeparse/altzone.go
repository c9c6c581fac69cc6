package timeparse

import (
	"fmt"
	"strings"
	"time"
)

// Teams across zones write a time twice: "10am PT / 1pm ET", "3pm CET
// (9am ET)". The rules read the first; the second is checked here. When it
// is the same instant it is dropped from the topic, and when it is not the
// phrase is refused: picking one would be a silent misread (rule 20 of
// issue 12).

var reAltTime = re(`^\s*(?:/|\||=|,|\(|or\b|aka\b)\s*(\d{1,2})(?::(\d{2}))?\s*(?:(a|p)\.?m?\.?)?\s*\b((?:` +
	strings.TrimPrefix(alternation(zoneNames), "(?:") + `|C[a-z_\-]*)(?:\s+time)?\s*\)?`)

// checkAltTime looks right after the zone claim for a second time with its
// own zone and compares it with the start.
func (st *state) checkAltTime(start time.Time) error {
	for i := 0; i < len(st.hits); i++ { // a claim here adds a hit, which is checked in turn
		h := st.hits[i]
		if h.k != kZone {
			continue
		}
		m := reAltTime.FindStringSubmatchIndex(st.workString()[h.r:])
		if m == nil {
			continue
		}
		lw := string(st.lower[h.r+m[8] : h.r+m[9]])
		name, ok := zoneNames[lw]
		if !ok {
			name, ok = cityZone(lw)
		}
		loc, err := loadZone(name)
		if !ok || err != nil {
			continue
		}
		hh, mm := atoi(string(st.lower[h.r+m[2]:h.r+m[3]])), 0
		if m[4] >= 0 {
			mm = atoi(string(st.lower[h.r+m[4] : h.r+m[5]]))
		}
		alt := start.In(loc)
		same := alt.Minute() == mm && (alt.Hour() == hh || alt.Hour() == hh+12 || alt.Hour() == hh-12)
		if m[6] >= 0 {
			t := todSpec{h: hh, m: mm, mer: st.lower[h.r+m[6]], set: true}
			ah, am, err := clock(t, 0)
			same = err == nil && ah == alt.Hour() && am == alt.Minute()
		}
		text := strings.TrimSpace(st.orig[h.r+m[0] : h.r+m[1]])
		if !same {
			return &Error{Kind: ErrUnclear, Msg: fmt.Sprintf("%s is %s, not %q. Which time do you mean?",
				st.firstTime(), alt.Format("3:04pm MST"), strings.Trim(text, "/|=,( )")),
				Suggestion: `give the time once, like "10am PT"`}
		}
		st.claim(h.r+m[0], h.r+m[1], kZone)
	}
	return nil
}

// firstTime is the text from the first time of day to the end of the
// first zone: "10am PT".
func (st *state) firstTime() string {
	l, r := -1, -1
	for _, h := range st.hits {
		if (h.k == kTime || h.k == kRange) && l < 0 {
			l = h.l
		}
		if h.k == kZone && r < 0 {
			r = h.r
		}
	}
	if l < 0 || r < l {
		return "That"
	}
	return strings.TrimSpace(st.orig[l:r])
}
