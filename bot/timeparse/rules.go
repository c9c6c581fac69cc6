package timeparse

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The rules in priority order: a rule claims its text before the ones after
// it can see it. Zones and recurrences go first because they contain
// weekday and number words; ranges before single times; "in 30 min" before
// durations; explicit dates before casual ones.
var allRules = []*rule{
	zoneRule,
	isoRule,
	nthOfMonthRule, nthMonthlyRule, nthEveryRule, nthBareRule,
	exceptRule, recurWeekdayRule, letterDaysRule, recurDailyRule, recurWeeklyRule, recurMonthly2Rule, recurMonthlyRule, yearlyRule,
	countRule, untilRule, recurWordRule,
	sameTimeRule, clockWordRule,
	rangeRule,
	inExactRule,
	inBareRule, durationRule, durationBareRule,
	nthDateRule, relFromRule, weekTodayRule,
	monthDateRule, relDaysRule, slashRule, dottedRule, casualRule, ordinalRule, weekdayRule, nextWeekRule, holidayRule,
	meridiemRule, colonRule, namedTimeRule, oclockRule, ishRule, atHourRule, dayPartRule, bareHourRule, nowRule,
}

// re compiles a pattern for the working text, which is lowercased ASCII
// (weekday and month words start with the markers W and M), so patterns are
// written in lowercase and need no (?i): case folding is the most expensive
// part of matching.
func re(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// --- context helpers used by accept functions --------------------------

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// after returns the working text after r with leading spaces trimmed.
func (st *state) after(r int) string { return strings.TrimLeft(st.workString()[r:], " \t\n") }

// before returns the working text before l with trailing spaces trimmed.
func (st *state) before(l int) string { return strings.TrimRight(st.workString()[:l], " \t\n") }

// nextToHit: the span [l, r) touches an earlier claim, with only spaces,
// commas or brackets between ("dec 4 (friday)").
func (st *state) nextToHit(l, r int) bool {
	glue := func(s string) bool { return strings.Trim(s, " ,()") == "" }
	for _, h := range st.hits {
		if h.r <= l && glue(string(st.work[h.r:l])) || h.l >= r && glue(string(st.work[r:h.l])) {
			return true
		}
	}
	return false
}

// hitEndingAt reports the kind of the claim that ends just before l
// (ignoring spaces and commas), or 0.
func (st *state) hitEndingAt(l int) kind {
	i := l
	for i > 0 && (st.work[i-1] == ' ' || st.work[i-1] == ',' || st.work[i-1] == '\t') {
		i--
	}
	for _, h := range st.hits {
		if h.r == i {
			return h.k
		}
	}
	return 0
}

var reTimeAfter = re(`^(?:[:.]\d|a\.?m\b|p\.?m\b|[ap]\b|o'?\s*clock|hrs?\b|hours?\b|h\b|mins?\b|minutes?\b|-\s*\d|%|/)`)

// looksLikeTimeAfter: the number just read is followed by a clock or
// duration unit ("march 10 am"), so it is an hour, not a day of the month.
func (st *state) looksLikeTimeAfter(r int) bool {
	return reTimeAfter.MatchString(st.after(r))
}

var reTimeNext = re(`^(?:at\b|@|\d|noon|midday|midnight|eod|morning|afternoon|evening|night)`)

var reMerBefore = re(`\d\s*[ap]\.?m?\.?$`)

var reTimeBefore = re(`(?:\d|\d\s*[ap]\.?(?:m\.?)?|\bnoon|\bmidnight|\bmidday|\beod|o'?\s*clock|\b(?:in\s+the\s+)?(?:morning|afternoon|evening)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s*\(?$`)

// --- ISO ---------------------------------------------------------------

var isoRule = &rule{
	anchor: digitAnchor(0),
	k:      kDate,
	pre:    hasISODate,
	res:    re(`\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:t|\s+(?:at\s+|@\s*)?)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*(z\b|[+-]\d{2}:?\d{2}\b))?)?\b`),
	apply: func(st *state, c []string) error {
		st.setDate(dateSpec{kind: dAbs, y: atoi(c[1]), m: atoi(c[2]), d: atoi(c[3]), text: c[0]})
		if c[4] != "" {
			st.setTod(todSpec{set: true, h: atoi(c[4]), m: atoi(c[5]), h24: true, text: c[0]})
		}
		switch off := c[7]; {
		case off == "" || st.zone != nil:
		case off == "z":
			st.zone = time.UTC
		default:
			off = strings.ReplaceAll(off, ":", "")
			return st.setOffset(off[:1], off[1:3], off[3:], c[0])
		}
		return nil
	},
}

// --- dates ---------------------------------------------------------------

var monthDateRule = &rule{
	k:      kDate,
	pre:    marked('M'),
	anchor: wordsBefore(monthWords, 3),
	res: re(`\b(?:the\s+)?(?:(` + reMon + `)\.?\s*(\d{1,2}|` + reOrdWord + `)(?:st|nd|rd|th)?\b|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` +
		reMon + `)\b\.?)(,?\s*(\d{4})\b)?`),
	accept: func(st *state, m []int) (int, bool) {
		right := m[1]
		if m[10] >= 0 {
			y := atoi(string(st.work[m[12]:m[13]]))
			if y < 2000 || y > 2100 {
				right = m[10]
			}
		}
		if m[4] >= 0 && st.looksLikeTimeAfter(m[5]) && right == m[5] {
			return 0, false // "march 10am": the number is an hour
		}
		if m[6] >= 0 {
			b := st.before(m[6])
			if strings.HasSuffix(b, ":") || strings.HasSuffix(b, " at") || strings.HasSuffix(b, "@") {
				return 0, false
			}
		}
		m[0] = st.weekdayPrefix(m[0])
		return right, true
	},
	apply: func(st *state, c []string) error {
		mon, day := c[1], c[2]
		if mon == "" {
			mon, day = c[4], c[3]
		}
		mo, _ := monthOf(mon)
		d, ok := ordinalWords[day]
		if !ok {
			d = atoi(day)
		}
		st.setDate(dateSpec{kind: dAbs, y: atoi(c[6]), m: int(mo), d: d, text: c[0]})
		return nil
	},
}

// weekdayPrefix extends a date's left edge over a redundant weekday in
// front of it ("fri dec 4", "Friday, 12/4").
func (st *state) weekdayPrefix(l int) int {
	i := l
	for i > 0 && strings.IndexByte(" ,.\t", st.work[i-1]) >= 0 {
		i--
	}
	j := i
	for j > 0 && (st.work[j-1] >= 'a' && st.work[j-1] <= 'z' || st.work[j-1] == 'W') {
		j--
	}
	if j == i || j > 0 && isAlnum(st.work[j-1]) {
		return l
	}
	if _, ok := weekdayWords[string(st.lower[j:i])]; ok {
		return j
	}
	return l
}

var relDaysRule = &rule{
	k:   kDate,
	pre: anyOf("in ", "from"),
	res: re(`\b(?:in\s+(` + reNum + `)\s+(days?|weeks?|wks?|months?|mos?|fortnights?)|(` + reNum +
		`)\s+(days?|weeks?|wks?|fortnights?)\s+from\s+(?:now|today))\b`),
	apply: func(st *state, c []string) error {
		n, unit := c[1], c[2]
		if n == "" {
			n, unit = c[3], c[4]
		}
		v, _ := numValue(n)
		if v > 3660 {
			return invalidf(c[0], "%q is too far ahead.", c[0])
		}
		st.setDate(dateSpec{kind: dOffset, n: v, unit: strings.ToLower(unit)[0], text: c[0]})
		return nil
	},
}

var slashRule = &rule{
	anchor: digitAnchor(0),
	k:      kDate,
	pre:    anyOf("/"),
	res:    re(`\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b`),
	accept: func(st *state, m []int) (int, bool) {
		w := st.work
		if m[0] > 0 && (w[m[0]-1] == '/' || w[m[0]-1] == '.' || w[m[0]-1] == ':' || w[m[0]-1] == '-') {
			return 0, false
		}
		if m[1] < len(w) && (w[m[1]] == '/' || w[m[1]] == '-' || (w[m[1]] == '.' && m[1]+1 < len(w) && isAlnum(w[m[1]+1]))) {
			return 0, false
		}
		a, b := atoi(string(w[m[2]:m[3]])), atoi(string(w[m[4]:m[5]]))
		if a == 24 && b == 7 {
			return 0, false // "24/7" is never a date
		}
		if !validMD(a, b) && !validMD(b, a) {
			return 0, false // "32/12", "1/50": title text
		}
		// "1/1 with ana tomorrow 3pm": a slash pair is title text when
		// another date is named elsewhere.
		l := st.weekdayPrefix(m[0])
		if l == m[0] && m[6] < 0 && otherDate(st, m[0], m[1]) {
			return 0, false
		}
		m[0] = l
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		y := atoi(c[3])
		if y > 0 && y < 100 {
			y += 2000
		}
		mo, d := st.slashOrder(atoi(c[1]), atoi(c[2]))
		if !validMD(mo, d) {
			// "25/12" from an en-US user, "12/25" from an en-GB one: a date
			// only in the other order is a question, not a title.
			order, want := "month/day", fmt.Sprintf("%d/%d", d, mo)
			if st.dayFirst {
				order = "day/month"
			}
			return &Error{Kind: ErrUnclear, Msg: fmt.Sprintf("%q isn't a date here: dates are %s.", strings.TrimSpace(c[0]), order),
				Suggestion: fmt.Sprintf(`try "%s" or "%s %d"`, want, strings.ToLower(time.Month(d).String()[:3]), mo)}
		}
		st.setDate(dateSpec{kind: dAbs, y: y, m: mo, d: d, text: c[0]})
		return nil
	},
}

// slashOrder turns the two numbers of a slash date into month and day, by
// the user's locale (convention 18 of issue 12).
func (st *state) slashOrder(a, b int) (month, day int) {
	if st.dayFirst {
		return b, a
	}
	return a, b
}

func validMD(m, d int) bool { return m >= 1 && m <= 12 && d >= 1 && d <= 31 }

var reOtherDate = re(`\b(?:` + reTomorrow + `|` + reToday + `|` + reTonight + `|` + reWD + `|next\s+week)\b`)

func otherDate(st *state, l, r int) bool {
	w := string(st.work[:l]) + strings.Repeat(" ", r-l) + string(st.work[r:])
	return reOtherDate.MatchString(w)
}

var casualRule = &rule{
	k:   kDate,
	pre: anyOf("to", "tm", "2m", "tdy", "2d", "2n", "ye", "yd"),
	accept: func(st *state, m []int) (int, bool) {
		return m[1], !st.has(kDate) || st.nextToHit(m[0], m[1])
	},
	res: re(`\b(?:(?:the\s+)?(day\s+after\s+)` + reTomorrow + `|(` + reTomorrow + `)|(later\s+)?(` + reToday +
		`)|(` + reTonight + `)|(yesterday|yday|yest))\b`),
	apply: func(st *state, c []string) error {
		switch {
		case c[6] != "":
			st.setDate(dateSpec{kind: dRel, n: -1, text: c[0]})
		case c[1] != "":
			st.setDate(dateSpec{kind: dRel, n: 2, text: c[0]})
		case c[2] != "":
			st.setDate(dateSpec{kind: dRel, n: 1, text: c[0]})
		case c[4] != "":
			st.setDate(dateSpec{kind: dRel, n: 0, text: c[0]})
		default:
			st.setDate(dateSpec{kind: dRel, n: 0, text: c[0]})
			if st.part == "" {
				st.part = "evening"
				st.partAdj = true
			}
		}
		return nil
	},
}

var reWeekdayDate = re(`\b(?:(this\s+coming|this|next|nxt|coming|on|last|past)\s+)?(` + reWD +
	`)\b\.?(?:\s*,?\s*(?:of\s+)?(next|nxt|this)\s+(?:week|wk)\b)?|\b(next|nxt|this)\s+(?:week|wk)\s*,?\s*(?:on\s+)?(` + reWD + `)\b\.?`)

var weekdayRule = &rule{
	k:      kDate,
	pre:    marked('W'),
	anchor: wordsBefore(weekdayWords, 3),
	res:    reWeekdayDate,
	accept: func(st *state, m []int) (int, bool) {
		l, r := m[4], m[5]
		if l < 0 {
			l, r = m[10], m[11]
		}
		if looksLikeName(st, l, r) || r+1 < len(st.work) && st.work[r] == '.' && isAlnum(st.work[r+1]) ||
			strings.HasSuffix(st.before(l), "good") {
			return 0, false // "Sun Life", "Monday.com", Good Friday (see otherHoliday)
		}
		if st.has(kDate) && !st.nextToHit(m[0], m[1]) {
			return 0, false // "Tuesday Talks - tmrw 4pm": one date is enough
		}
		// With two weekdays ("Wednesday Addams party sat 8pm") the one next
		// to a time wins.
		if !reTimeNext.MatchString(st.after(m[1])) && !reTimeBefore.MatchString(st.before(m[0])) {
			for _, o := range reWeekdayDate.FindAllStringSubmatchIndex(string(st.work[m[1]:]), -1) {
				if reTimeNext.MatchString(st.after(m[1] + o[1])) {
					return 0, false
				}
			}
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		mod, wd, wk := strings.ToLower(c[1]), c[2], strings.ToLower(c[3])
		if wd == "" {
			wd, wk = c[5], strings.ToLower(c[4])
		}
		w, _ := weekdayOf(wd)
		ds := dateSpec{kind: dWeekday, wd: w, text: c[0]}
		switch {
		case wk == "next" || wk == "nxt":
			ds.mode = wdNextWeek
		case wk == "this":
			ds.mode = wdThisWeek
		case mod == "this":
			ds.mode = wdOnOrAfter
		case mod == "last" || mod == "past":
			ds.mode = wdLast
		}
		st.setDate(ds)
		return nil
	},
}

// looksLikeName: "Sun Life", "Sat Nav", "Wed Planning": an ambiguous
// abbreviation, capitalised, followed by another capitalised word that is
// not itself a date or time word.
func looksLikeName(st *state, l, r int) bool {
	word := st.orig[l:r]
	if !weekdayAmbiguous[strings.ToLower(word)] || word[0] < 'A' || word[0] > 'Z' {
		return false
	}
	rest := strings.TrimLeft(st.orig[r:], " ")
	if rest == "" || rest[0] < 'A' || rest[0] > 'Z' {
		return false
	}
	next := firstWord(rest)
	if _, ok := monthOf(next); ok {
		return false
	}
	if _, ok := weekdayOf(next); ok {
		return false
	}
	return true
}

var ordinalRule = &rule{
	anchor: digitAnchor(2),
	k:      kDate,
	pre:    hasDigitOr(),
	res:    re(`\b(?:(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)|on\s+(\d{1,2})(?:st|nd|rd|th))\b`),
	accept: func(st *state, m []int) (int, bool) {
		m[0] = st.weekdayPrefix(m[0]) // "thursday the 3rd"
		return m[1], !st.has(kDate) || st.nextToHit(m[0], m[1])
	},
	apply: func(st *state, c []string) error {
		d := c[1] + c[2]
		st.setDate(dateSpec{kind: dMonthDay, d: atoi(d), text: c[0]})
		return nil
	},
}

var nextWeekRule = &rule{
	k:   kDate,
	pre: anyOf("week", "wk"),
	res: re(`\b(?:next|nxt)\s+(?:week|wk)\b`),
	accept: func(st *state, m []int) (int, bool) {
		return m[1], !st.has(kDate)
	},
	apply: func(st *state, c []string) error {
		st.setDate(dateSpec{kind: dNextWeek, text: c[0]})
		return nil
	},
}

// setDate keeps the first date read. A second one (only rules that accept
// a date next to another get here: "tomorrow, dec 3") is kept aside, and
// resolve refuses the phrase when the two are different days.
func (st *state) setDate(d dateSpec) {
	if w, ok := weekdayOf(firstWord(strings.TrimLeft(d.text, " "))); ok && (d.kind == dAbs || d.kind == dMonthDay) {
		d.wdCheck = w + 1 // "fri dec 4": Dec 4 should be a Friday
	}
	if st.date.kind == dNone {
		st.date = d
		return
	}
	st.otherDates = append(st.otherDates, d)
}

func (st *state) setTod(t todSpec) {
	if !st.tod.set {
		st.tod = t
	}
}
