package timeparse

import (
	"strings"
	"time"
)

var (
	reWDList  = `(?:` + `(?:` + reWD + `)(?:(?:\s*(?:,\s*and|,|and|&|/|\+|-|to|thru|through|or)\s*|\s+)(?:` + reWD + `))*)`
	reWorkday = `(?:week\s*-?\s*days?|work\s*-?\s*days?|business\s+days?)`
	reEvery   = `(?:every|each|evry|every\s+single)`
	reIntvl   = `(?:(other|alternate)|(\d+|two|three|four)(?:nd|rd|th)?)`
)

// recSpec is what the recurrence rules read; resolve turns it into a
// Recurrence once the first occurrence is known.
type recSpec struct {
	freq     Freq
	interval int
	days     []time.Weekday
	monthDay int
	week     int // monthly by weekday: 1..4 or -1 (last), with days[0] the weekday
}

func intervalOf(other, n string) int {
	if other != "" {
		return 2
	}
	if v, ok := numValue(n); ok && v > 0 {
		return v
	}
	return 1
}

var (
	reWDWord = re(`\b` + reWDFull + `\b`) // on unmarked text
)

// parseDays reads "mon, wed and fri", "mon-fri", "weekdays".
func parseDays(s string) []time.Weekday {
	ls := strings.ToLower(s)
	if reWorkdayOnly.MatchString(strings.TrimSpace(ls)) {
		return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	idx := reWDWord.FindAllStringIndex(ls, -1)
	var days []time.Weekday
	seen := map[time.Weekday]bool{}
	add := func(d time.Weekday) {
		if !seen[d] {
			seen[d] = true
			days = append(days, d)
		}
	}
	// "mon-wed-fri" is a list: only a lone "a-b" is a span.
	dashList := len(idx) > 2
	for i := 1; i < len(idx) && dashList; i++ {
		dashList = strings.TrimSpace(ls[idx[i-1][1]:idx[i][0]]) == "-"
	}
	for i, p := range idx {
		d, _ := weekdayOf(ls[p[0]:p[1]])
		if strings.HasPrefix(ls[p[0]:p[1]], "weekend") {
			add(time.Saturday)
			add(time.Sunday)
			continue
		}
		if i > 0 && !dashList {
			sep := strings.TrimSpace(ls[idx[i-1][1]:p[0]])
			if sep == "-" || sep == "to" || sep == "thru" || sep == "through" {
				prev, _ := weekdayOf(ls[idx[i-1][0]:idx[i-1][1]])
				for w := (prev + 1) % 7; w != d; w = (w + 1) % 7 {
					add(w)
				}
			}
		}
		add(d)
	}
	return days
}

// recurDayWords start a weekday recurrence: day names and the words of
// "weekdays", "work days", "business days".
var recurDayWords = func() map[string]bool {
	m := map[string]bool{"weekday": true, "weekdays": true, "week": true, "work": true, "workday": true, "workdays": true, "business": true}
	for w := range weekdayWords {
		m[w] = true
	}
	return m
}()

func isPluralDay(s string) bool {
	for _, w := range reWDWord.FindAllString(strings.ToLower(s), -1) {
		if strings.HasSuffix(w, "days") || w == "weekends" {
			return true
		}
	}
	return false
}

var (
	reWorkdayRE   = re(reWorkday)
	reWorkdayOnly = re(`^` + reWorkday + `$`)
)

var (
	reWDSep = `(?:\s*(?:,\s*and|,|and|&|/|\+|-|to|thru|through|or)\s*|\s+)`
)

// recurWeekdayRule: "every monday", "every other fri", "every weekday",
// "mondays", "mon-fri", "mon/wed/fri". A single plain weekday does not
// match at all, so one-off phrases cost nothing here.
var recurWeekdayRule = &rule{
	k:      kRecur,
	anchor: wordsBefore(recurDayWords, 4),
	pre: func(st *state, w string) bool {
		return strings.IndexByte(w, 'W') >= 0 || anyOf("week", "work", "business")(st, w)
	},
	res: re(`\b(?:(` + reEvery + `)\s+(?:` + reIntvl + `\s+)?(` + reWDList + `|` + reWorkday +
		`)|(?:on\s+)?((?:` + reWD + `)(?:` + reWDSep + `(?:` + reWD + `))*|(?:week\s*-?\s*days|work\s*-?\s*days|business\s+days)))\b\.?`),
	accept: func(st *state, m []int) (int, bool) {
		if m[10] < 0 {
			return m[1], true
		}
		list := string(st.lower[m[10]:m[11]])
		if strings.Contains(list, " or ") {
			return 0, false // "monday or tuesday" is a choice, not a series
		}
		// One plain weekday is a date, not a series; "mondays" is.
		return m[1], len(reWDWord.FindAllStringIndex(list, -1)) > 1 || isPluralDay(list) || reWorkdayRE.MatchString(list)
	},
	apply: func(st *state, c []string) error {
		st.setRec(&recSpec{freq: Weekly, interval: intervalOf(c[2], c[3]), days: parseDays(c[4] + c[5])})
		return nil
	},
}

var recurDailyRule = &rule{
	k:   kRecur,
	pre: anyOf("daily", "every", "each"),
	res: re(`\b(?:daily|every\s*day|each\s+day|every\s+(other|\d+|two|three)\s+days?|` + reEvery +
		`\s+(morning|afternoon|evening|night))\b`),
	apply: func(st *state, c []string) error {
		other := ""
		if strings.EqualFold(c[1], "other") {
			other = c[1]
		}
		st.setRec(&recSpec{freq: Daily, interval: intervalOf(other, c[1])})
		if c[2] != "" && st.part == "" {
			st.part = strings.ToLower(c[2])
			if st.part == "night" {
				st.part = "evening"
			}
			st.partAdj = true
		}
		return nil
	},
}

var recurWeeklyRule = &rule{
	k:   kRecur,
	pre: anyOf("weekly", "every", "each", "fortnight"),
	res: re(`\b(?:(weekly)|(bi[\s-]?weekly|fortnightly|(?:every|each)\s+fortnight)|` + reEvery + `\s+(?:(other|\d+|two|three|four)(?:nd|rd|th)?\s+)?weeks?)\b(?:\s+on)?(?:\s+(` +
		reWDList + `|` + reWorkday + `)\b\.?)?`),
	apply: func(st *state, c []string) error {
		r := &recSpec{freq: Weekly, interval: 1}
		switch {
		case c[2] != "":
			r.interval = 2
		case strings.EqualFold(c[3], "other"):
			r.interval = 2
		case c[3] != "":
			r.interval = intervalOf("", c[3])
		}
		if c[4] != "" {
			r.days = parseDays(c[4])
		}
		st.setRec(r)
		return nil
	},
}

var recurMonthlyRule = &rule{
	k:   kRecur,
	pre: anyOf("monthly", "every", "each", "quarter"),
	res: re(`\b(?:monthly|` + reEvery + `\s+(?:(other|\d+|two|three)\s+)?months?|(bi-?monthly)|(quarterly|every\s+quarter))\b(?:(?:\s+on)?\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b|\s+on\s+(\d{1,2})(?:st|nd|rd|th)?\b|\s+(\d{1,2})(?:st|nd|rd|th)\b)?`),
	accept: func(st *state, m []int) (int, bool) {
		for g := 4; g <= 6; g++ {
			if m[2*g] >= 0 && st.looksLikeTimeAfter(m[2*g+1]) {
				return 0, false
			}
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		r := &recSpec{freq: Monthly, interval: 1, monthDay: atoi(c[4] + c[5] + c[6])}
		switch {
		case c[3] != "":
			r.interval = 3
		case c[2] != "" || strings.EqualFold(c[1], "other"):
			r.interval = 2
		case c[1] != "":
			r.interval = intervalOf("", c[1])
		}
		st.setRec(r)
		return nil
	},
}

var recurMonthly2Rule = &rule{
	k:   kRecur,
	pre: anyOf("month"),
	res: re(`\b(?:(every|each)\s+|on\s+)?(?:the\s+)?(\d{1,2}|first)(?:st|nd|rd|th)?\s+(?:day\s+)?(?:of\s+)?(every|each|the)\s+(?:(other)\s+)?month\b|\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\s+monthly\b`),
	accept: func(st *state, m []int) (int, bool) {
		// "the 1st of the month" repeats only with every/each before it or a
		// monthly word elsewhere ("quarterly, first of the month").
		if m[6] >= 0 && string(st.work[m[6]:m[7]]) == "the" && m[2] < 0 && !reMonthlyAny.MatchString(st.workString()) {
			return 0, false
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		d := c[2] + c[5]
		if d == "first" {
			d = "1"
		}
		r := &recSpec{freq: Monthly, interval: 1, monthDay: atoi(d)}
		if c[4] != "" {
			r.interval = 2
		}
		st.setRec(r)
		return nil
	},
}

var reMonthly = re(`\b(?:monthly|(?:every|each)\s+month)\b`)

// exceptRule: "daily except fridays", "every weekday but not wed".
var exceptRule = &rule{
	k:   kRecurEnd,
	pre: anyOf("except", "excluding", "but not", "not on", "skip"),
	res: re(`\b(?:except|excluding|but\s+not|not\s+on|skip(?:ping)?)\s+(?:on\s+)?(` + reWDList + `)\b\.?`),
	apply: func(st *state, c []string) error {
		st.except = parseDays(c[1])
		return nil
	},
}

// recurWordRule: "recurring", "repeats" only say that a series repeats.
var recurWordRule = &rule{
	k:     kRecurEnd,
	pre:   recurring,
	res:   re(`\b(?:recurring|repeating|repeats?|recurs?)\b`),
	apply: func(st *state, c []string) error { return nil },
}

// letterDays: "M/W/F", "Tu/Th", "MWF": the day letters of school and
// gym timetables. Only lists count; one letter alone is just a letter.
var letterDays = map[string]time.Weekday{"m": time.Monday, "t": time.Tuesday, "tu": time.Tuesday, "w": time.Wednesday,
	"th": time.Thursday, "r": time.Thursday, "f": time.Friday, "sa": time.Saturday, "su": time.Sunday}

var letterDaysRule = &rule{
	k:   kRecur,
	pre: anyOf("/", "mwf", "tth"),
	res: re(`\b(?:(?:m|tu|th|t|w|r|f|sa|su)(?:/(?:m|tu|th|t|w|r|f|sa|su))+|mwf|tth|tuth)\b`),
	apply: func(st *state, c []string) error {
		var days []time.Weekday
		s := strings.ToLower(c[0])
		switch s {
		case "mwf":
			days = []time.Weekday{time.Monday, time.Wednesday, time.Friday}
		case "tth", "tuth":
			days = []time.Weekday{time.Tuesday, time.Thursday}
		default:
			for _, p := range strings.Split(s, "/") {
				days = append(days, letterDays[p])
			}
		}
		st.setRec(&recSpec{freq: Weekly, interval: 1, days: days})
		return nil
	},
}

// setRec keeps the first recurrence read, except that two weekly ones are
// one series: "biweekly retro thursdays" is every other Thursday.
func (st *state) setRec(r *recSpec) {
	switch {
	case st.rec == nil:
		st.rec = r
	case st.rec.freq == Weekly && r.freq == Weekly:
		if st.rec.interval == 1 {
			st.rec.interval = r.interval
		}
		if len(st.rec.days) == 0 {
			st.rec.days = r.days
		}
	case st.rec.freq == Monthly && r.freq == Monthly && r.monthDay == 0 && r.week == 0:
		// "quarterly review first monday", "quarterly, first of the
		// month": the frequency word sets the interval of the series.
		if st.rec.interval == 1 {
			st.rec.interval = r.interval
		}
	}
}

var countRule = &rule{
	k:   kRecurEnd,
	pre: recurring,
	res: re(`\bfor\s+(?:the\s+next\s+|a\s+total\s+of\s+)?(` + reNum + `)\s+(weeks?|wks?|days?|months?|mos|times|sessions|occurrences|occurences|meetings|instances)\b|\b(` +
		reNum + `)\s+(times|sessions|occurrences|occurences)\b|\bx\s?(\d{1,3})\b`),
	accept: func(st *state, m []int) (int, bool) { return m[1], st.has(kRecur) },
	apply: func(st *state, c []string) error {
		n, unit := c[1], strings.ToLower(c[2])
		if n == "" {
			n, unit = c[3], strings.ToLower(c[4])
		}
		if n == "" {
			n, unit = c[5], "times" // "x 6"
		}
		v, _ := numValue(n)
		if v <= 0 || v > 500 {
			return invalidf(c[0], "%q isn't a number of meetings I can use.", c[0])
		}
		st.count = v
		switch {
		case strings.HasPrefix(unit, "w"):
			st.countU = "week"
		case strings.HasPrefix(unit, "d"):
			st.countU = "day"
		case strings.HasPrefix(unit, "mo"):
			st.countU = "month"
		default:
			st.countU = "times"
		}
		return nil
	},
}

var untilRule = &rule{
	k:   kRecurEnd,
	pre: recurring,
	res: re(`\b(?:until|till|til|thru|through|ending(?:\s+on)?|ends?(?:\s+on)?|up\s+to)\s+(?:the\s+)?(?:(` + reMon +
		`)\.?\s*(\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(\d{4}))?|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + reMon +
		`)\.?(?:,?\s*(\d{4}))?|(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?|(\d{4})-(\d{2})-(\d{2})|end\s+of\s+(?:the\s+)?(month|year|` + reMon + `)|` + reHoliday + `)\b`),
	accept: func(st *state, m []int) (int, bool) { return m[1], st.has(kRecur) },
	apply: func(st *state, c []string) error {
		d := dateSpec{kind: dAbs, text: c[0]}
		switch {
		case c[1] != "":
			mo, _ := monthOf(c[1])
			d.m, d.d, d.y = int(mo), atoi(c[2]), atoi(c[3])
		case c[5] != "":
			mo, _ := monthOf(c[5])
			d.m, d.d, d.y = int(mo), atoi(c[4]), atoi(c[6])
		case c[7] != "":
			d.m, d.d = st.slashOrder(atoi(c[7]), atoi(c[8]))
			d.y = atoi(c[9])
			if d.y > 0 && d.y < 100 {
				d.y += 2000
			}
		case c[10] != "":
			d.y, d.m, d.d = atoi(c[10]), atoi(c[11]), atoi(c[12])
		case c[13] != "":
			d.kind = dEndOf
			d.endOf = strings.ToLower(c[13])
		default:
			d = holidayDate(c[14:], c[0])
		}
		st.until = d
		return nil
	},
}

// yearlyRule: Zoom cannot repeat a meeting every year, so "every year",
// "review yearly at 3pm" and "annually on dec 1" are errors rather than
// a one-off with the recurrence quietly left in the title. Directly
// before a title word, "yearly" and "annually" are the title ("yearly
// review tomorrow 3pm"), whatever else the phrase says; "annual" is
// always title text.
var yearlyRule = &rule{
	k:   kRecur,
	pre: anyOf("year", "annually"),
	res: re(`\b(?:yearly|annually|(?:every|each|once\s+a)\s+year)\b`),
	accept: func(st *state, m []int) (int, bool) {
		w := string(st.lower[m[0]:m[1]])
		if w != "yearly" && w != "annually" {
			return m[1], true
		}
		// Times are not claimed yet: "review yearly 3pm" is no title.
		rest := st.after(m[1])
		return m[1], !st.titleWordAt(m[1]) || rest[0] >= '0' && rest[0] <= '9'
	},
	apply: func(st *state, c []string) error {
		return newErr(ErrInvalid, "Zoom can't repeat a meeting every year.", `try "dec 1 10am review" for one meeting`)
	},
}
