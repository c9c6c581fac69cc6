package timeparse

import (
	"fmt"
	"strings"
	"time"
)

// Days named in ways issue 12 added: holidays (convention 17), dotted
// dates (18), days counted from another day (19) and the nth weekday of a
// named month (13).

// holidayRule: "christmas eve", "new year's day", "thanksgiving". A holiday
// is its date this year if still ahead, otherwise next year. When another
// date is named it is title text ("christmas party dec 18 6pm").
var holidayRule = &rule{
	k:   kDate,
	pre: anyOf("christmas", "xmas", "new year", "nye", "halloween", "valentine", "thanksgiving"),
	res: re(`\b` + reHoliday + `\b(,?\s*(\d{4})\b)?`),
	accept: func(st *state, m []int) (int, bool) {
		right := m[1]
		if m[16] >= 0 {
			if y := atoi(string(st.work[m[18]:m[19]])); y < 2000 || y > 2100 {
				right = m[16]
			}
		}
		for _, h := range st.hits {
			if h.k == kDate && !st.nextToHit(m[0], right) {
				return 0, false
			}
		}
		st.holidays = append(st.holidays, hit{m[0], right, kDate})
		return right, true
	},
	apply: func(st *state, c []string) error {
		d := holidayDate(c[1:8], c[0])
		d.y = atoi(c[9])
		st.setDate(d) // next to another date it must be the same day (mainDate)
		return nil
	},
}

// reHoliday has seven groups, read by holidayDate.
const reHoliday = `(?:(christmas|xmas)(?:\s+(eve|day))?|new\s+year'?\s*s?\s+(eve|day)|(nye)|(halloween)|(valentine)'?\s*s?(?:\s+day)?|(thanksgiving)(?:\s+day)?)`

// holidayDate is the date of the holiday whose reHoliday groups are c.
func holidayDate(c []string, text string) dateSpec {
	d := dateSpec{kind: dAbs, text: text}
	switch {
	case c[0] != "" && c[1] == "eve":
		d.m, d.d = 12, 24
	case c[0] != "":
		d.m, d.d = 12, 25
	case c[2] == "eve" || c[3] != "":
		d.m, d.d = 12, 31
	case c[2] == "day":
		d.m, d.d = 1, 1
	case c[4] != "":
		d.m, d.d = 10, 31
	case c[5] != "":
		d.m, d.d = 2, 14
	default: // the US Thanksgiving: the fourth Thursday of November
		d = dateSpec{kind: dNth, n: 4, wd: time.Thursday, m: 11, text: text}
	}
	return d
}

// dottedRule: "3.12." and "03.12.2026" are always day.month, whatever the
// locale. Without a year the trailing dot is required, since "3.12" is a
// time or a version.
var dottedRule = &rule{
	anchor: digitAnchor(0),
	k:      kDate,
	pre:    anyOf("."),
	res:    re(`\b(\d{1,2})\.(\d{1,2})\.(?:(\d{4})\b)?`),
	accept: func(st *state, m []int) (int, bool) {
		w := st.work
		if m[0] > 0 && strings.ContainsRune("./:-", rune(w[m[0]-1])) {
			return 0, false
		}
		if m[6] < 0 && m[1] < len(w) && (isAlnum(w[m[1]]) || w[m[1]] == '.') {
			return 0, false // "1.2.3", "3.12.26"
		}
		d, mo := atoi(string(w[m[2]:m[3]])), atoi(string(w[m[4]:m[5]]))
		return m[1], d >= 1 && d <= 31 && mo >= 1 && mo <= 12
	},
	apply: func(st *state, c []string) error {
		st.setDate(dateSpec{kind: dAbs, y: atoi(c[3]), m: atoi(c[2]), d: atoi(c[1]), text: c[0]})
		return nil
	},
}

var unitDays = map[byte]int{'d': 1, 'w': 7, 'f': 14}

// relFromRule: "a week from tuesday", "2 weeks from tomorrow", "3 days
// after dec 3": the days are added to the date that follows, which its own
// rule reads. "N days from now/today" is relDaysRule's.
var relFromRule = &rule{
	k:   kDate,
	pre: anyOf(" from ", " after "),
	res: re(`\b(` + reNum + `)\s+(days?|weeks?|wks?|fortnights?)\s+(?:from|after)\s+`),
	accept: func(st *state, m []int) (int, bool) {
		rest := st.after(m[1])
		if strings.HasPrefix(rest, "now") || strings.HasPrefix(rest, "today") {
			return 0, false
		}
		return m[1], reDayNext.MatchString(rest) || reHolidayNext.MatchString(rest)
	},
	apply: func(st *state, c []string) error {
		n, _ := numValue(c[1])
		if n > 520 {
			return invalidf(c[0], "%q is too far ahead.", strings.TrimSpace(c[0]))
		}
		st.addDays = n * unitDays[strings.ToLower(c[2])[0]]
		return nil
	},
}

var reHolidayNext = re(`^(?:christmas|xmas|new\s+year|nye|halloween|valentine|thanksgiving)`)

// weekTodayRule: British "a week today", "a week tomorrow", "a fortnight
// today".
var weekTodayRule = &rule{
	k:   kDate,
	pre: anyOf("week", "fortnight"),
	res: re(`\b(` + reNum + `)\s+(weeks?|wks?|fortnights?)\s+(?:(` + reTomorrow + `)|` + reToday + `)\b`),
	apply: func(st *state, c []string) error {
		n, _ := numValue(c[1])
		days := n * unitDays[strings.ToLower(c[2])[0]]
		if c[3] != "" {
			days++
		}
		if days > 3660 {
			return invalidf(c[0], "%q is too far ahead.", c[0])
		}
		st.setDate(dateSpec{kind: dRel, n: days, text: c[0]})
		return nil
	},
}

const reOrd = `(?:first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)`

// reOrds is one ordinal or a list of them ("2nd and 4th"), which a rule
// reads so that it can refuse the list rather than half of it.
const reOrds = `(` + reOrd + `(?:\s*(?:,\s*and|,|and|&|/|or|\+)\s*(?:the\s+)?` + reOrd + `)*)`

// nthDateRule: "first monday of january", "the last friday in november
// 2027", "2nd tuesday of next month": one day. A month without a year is
// this year's if that day is still ahead, else next year's (convention 6).
var nthDateRule = &rule{
	k:   kDate,
	pre: anyOf("first", "second", "third", "fourth", "fifth", "last", "1st", "2nd", "3rd", "4th", "5th"),
	res: re(`\b(?:on\s+)?(?:the\s+)?` + reOrds + `\s+(` + reWD + `)\s+(?:of|in)\s+(?:(` + reMon + `)\.?(?:\s*,?\s*(\d{4})\b)?|(this|next|nxt)\s+month\b)`),
	accept: func(st *state, m []int) (int, bool) {
		if m[8] >= 0 {
			if y := atoi(string(st.work[m[8]:m[9]])); y < 2000 || y > 2100 {
				return m[7], true
			}
		}
		return m[1], true
	},
	apply: func(st *state, c []string) error {
		n, err := oneOrdinal(c[1], c[0])
		if err != nil {
			return err
		}
		wd, _ := weekdayOf(c[2])
		d := dateSpec{kind: dNth, n: n, wd: wd, text: c[0]}
		if c[5] != "" {
			d.relMonth = true
			if c[5] != "this" {
				d.monthOff = 1
			}
		} else {
			mo, _ := monthOf(c[3])
			d.m, d.y = int(mo), atoi(c[4])
		}
		st.setDate(d)
		return nil
	},
}

var ordinalValues = map[string]int{"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
	"fifth": 5, "5th": 5, "last": -1}

// oneOrdinal reads a single ordinal; a list ("2nd and 4th") is refused:
// a Zoom series has one week of the month, and a one-off has one day.
func oneOrdinal(s, text string) (int, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if n, ok := ordinalValues[s]; ok {
		return n, nil
	}
	return 0, &Error{Kind: ErrUnclear, Msg: "Zoom can repeat a meeting on only one week of the month, not \"" +
		strings.TrimSpace(text) + "\".", Suggestion: `try one series per week, like "2nd tuesday of every month 10am"`}
}

// nthWeekday is the day of month of the nth (1..5, -1 = last) weekday wd of
// y-m; ok is false when the month has no such day.
func nthWeekday(y int, m time.Month, n int, wd time.Weekday) (int, bool) {
	last := daysIn(y, m)
	if n == -1 {
		w := time.Date(y, m, last, 12, 0, 0, 0, time.UTC).Weekday()
		return last - (int(w)-int(wd)+7)%7, true
	}
	w := time.Date(y, m, 1, 12, 0, 0, 0, time.UTC).Weekday()
	d := 1 + (int(wd)-int(w)+7)%7 + 7*(n-1)
	return d, d <= last
}

// weekOfMonth: whether day d of y-m is the nth (1..4, -1 = last) of its
// weekday.
func weekOfMonth(d ymd, n int) bool {
	if n == -1 {
		return d.d+7 > daysIn(d.y, d.m)
	}
	return (d.d-1)/7+1 == n
}

// mainDate is the meeting's date: the date read, plus the days of "a week
// from" before it.
// A weekday written before a date must be that date's ("thu dec 4" when Dec
// 4 is a Friday is a question), and a second date next to the first must
// be the same day ("tomorrow (dec 3)"): rule 20 of issue 12.
func (st *state) mainDate(today ymd) (int, time.Month, int, error) {
	y, m, d, err := st.dateFor(st.date, today)
	if err != nil {
		return y, m, d, err
	}
	if err := sameWeekday(st.date, ymd{y, m, d}); err != nil {
		return 0, 0, 0, err
	}
	for _, o := range st.otherDates {
		oy, om, od, err := st.dateFor(o, today)
		if err == nil {
			err = sameWeekday(o, ymd{oy, om, od})
		}
		if err != nil || oy != y || om != m || od != d {
			return 0, 0, 0, &Error{Kind: ErrUnclear, Msg: fmt.Sprintf("%q and %q are different days. Which one?",
				strings.TrimSpace(st.date.text), strings.TrimSpace(o.text)), Suggestion: `name one day, like "wednesday 3pm"`}
		}
	}
	if st.addDays == 0 {
		return y, m, d, nil
	}
	t := ymd{y, m, d}.add(st.addDays)
	return t.y, t.m, t.d, nil
}

func sameWeekday(ds dateSpec, d ymd) error {
	if ds.wdCheck == 0 || d.weekday() == ds.wdCheck-1 {
		return nil
	}
	return &Error{Kind: ErrUnclear, Msg: fmt.Sprintf("%s %d is a %s, not a %s.", d.m.String()[:3], d.d, d.weekday(), ds.wdCheck-1),
		Suggestion: fmt.Sprintf(`try "%s %d" or "%s"`, strings.ToLower(d.m.String()[:3]), d.d, strings.ToLower((ds.wdCheck - 1).String()))}
}

// nthDate resolves "first monday of january", "last friday of next
// month" and thanksgiving.
func (st *state) nthDate(ds dateSpec, today ymd) (int, time.Month, int, error) {
	y, m := ds.y, time.Month(ds.m)
	if ds.relMonth {
		t := time.Date(today.y, today.m+time.Month(ds.monthOff), 1, 12, 0, 0, 0, time.UTC)
		y, m = t.Year(), t.Month()
	} else if y == 0 {
		y = today.y
		if d, ok := nthWeekday(y, m, ds.n, ds.wd); !ok || (ymd{y, m, d}).before(today) {
			y++
		}
	}
	d, ok := nthWeekday(y, m, ds.n, ds.wd)
	if !ok {
		return 0, 0, 0, invalidf(ds.text, "%s %d has no fifth %s.", m, y, ds.wd)
	}
	return y, m, d, nil
}
