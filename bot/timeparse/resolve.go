package timeparse

import (
	"fmt"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // zone words (PT, ET...) must work on hosts without zoneinfo
)

type dateKind int

const (
	dNone     dateKind = iota
	dRel               // today + n days
	dWeekday           // a weekday, per wdMode
	dAbs               // y (0 = not given), m, d
	dMonthDay          // "the 15th"
	dOffset            // "in 3 days": keeps the time of day
	dNextWeek          // "next week": its Monday
	dEndOf             // "end of month" (until only)
	dNth               // the nth weekday of a month: "first monday of january", thanksgiving
)

type wdMode int

const (
	wdAfter     wdMode = iota // bare, on, next: strictly after today
	wdOnOrAfter               // this
	wdNextWeek                // <wd> next week
	wdThisWeek                // <wd> this week
	wdLast                    // last <wd>
)

type dateSpec struct {
	kind    dateKind
	n       int
	unit    byte // d, w, m for dOffset
	wd      time.Weekday
	mode    wdMode
	y, m, d int
	endOf   string
	// dNth: n is 1..5 or -1 (last), wd the weekday, m and y the month (y 0
	// = the next one still ahead), or with relMonth the month monthOff
	// after this one.
	relMonth bool
	monthOff int
	wdCheck  time.Weekday // 1 + the weekday written before a date ("fri dec 4"), 0 = none
	text     string
}

type todSpec struct {
	set   bool
	h, m  int
	mer   byte // 'a', 'p' or 0
	h24   bool // written as a 24-hour clock
	named bool // noon, midnight, eod: exact
	// midnight: the word itself, which ends the day it names ("friday at
	// midnight" is Saturday 00:00).
	midnight bool
	sub      int // minutes before the hour: "quarter to 4" is 4 less 15
	text     string
}

func invalidf(text, format string, a ...any) *Error {
	return newErr(ErrInvalid, fmt.Sprintf(format, a...), "")
}

var zoneCache sync.Map

func loadZone(name string) (*time.Location, error) {
	if l, ok := zoneCache.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zoneCache.Store(name, l)
	return l, nil
}

func fmtOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, sec/3600, sec%3600/60)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// clock turns a time of day into 24-hour h:m, applying the conventions:
// am/pm as written, 24-hour when written so, a day part forcing pm or am,
// and otherwise business hours (7-11 am, 12 noon, 1-6 pm). Minutes before
// the hour ("quarter to 4") come off once the hour is known.
func clock(t todSpec, force byte) (int, int, error) {
	h, m, err := clockHour(t, force)
	if err != nil || t.sub == 0 {
		return h, m, err
	}
	total := (h*60 + m - t.sub + 24*60) % (24 * 60)
	return total / 60, total % 60, nil
}

func clockHour(t todSpec, force byte) (int, int, error) {
	h, m := t.h, t.m
	if m > 59 {
		return 0, 0, invalidf(t.text, "%q isn't a valid time.", strings.TrimSpace(t.text))
	}
	if t.named {
		return h, m, nil
	}
	switch t.mer {
	case 'a', 'p':
		if h < 1 || h > 12 {
			return 0, 0, invalidf(t.text, "%q isn't a valid time.", strings.TrimSpace(t.text))
		}
		if t.mer == 'a' && h == 12 {
			h = 0
		} else if t.mer == 'p' && h < 12 {
			h += 12
		}
		return h, m, nil
	}
	if h > 23 {
		return 0, 0, invalidf(t.text, "%q isn't a valid time.", strings.TrimSpace(t.text))
	}
	switch {
	case t.h24 || h >= 13 || h == 0:
	case force == 'p' && h < 12:
		h += 12
	case force == 'a':
	case h >= 1 && h <= 6:
		h += 12
	}
	return h, m, nil
}

// partForce is the am/pm a day part implies.
func partForce(p string) byte {
	switch p {
	case "afternoon", "evening":
		return 'p'
	case "morning":
		return 'a'
	}
	return 0
}

var partDefault = map[string]int{"morning": 9, "afternoon": 15, "evening": 18}

// timeOfDay resolves the start (and range end) clock. ok is false when the
// phrase has no time of day at all.
func (st *state) timeOfDay() (h, m int, ok bool, err error) {
	part := st.part
	if st.tod.set && !st.partAdj {
		part = "" // "Morning standup tomorrow 9am": the part is title text
	}
	force := partForce(part)
	if !st.tod.set {
		if part == "" {
			return 0, 0, false, nil
		}
		return partDefault[part], 0, true, nil
	}
	start := st.tod
	if st.end.set {
		// The end's am/pm applies to a bare start: "3-4pm", "from 2 to 3:30pm".
		if start.mer == 0 && !start.h24 && !start.named && st.end.mer != 0 && force == 0 {
			eh, em, err := clock(st.end, 0)
			if err != nil {
				return 0, 0, false, err
			}
			s := start
			s.mer = st.end.mer
			sh, sm, err := clock(s, 0)
			if err == nil && sh*60+sm < eh*60+em {
				start = s
			} else if err == nil {
				s.mer = 'a' + 'p' - st.end.mer
				start = s
			}
		}
		h, m, err = clock(start, force)
		if err != nil {
			return 0, 0, false, err
		}
		end := st.end
		eh, em, err := clock(end, force)
		if err != nil {
			return 0, 0, false, err
		}
		if end.mer == 0 && !end.h24 && !end.named && eh*60+em <= h*60+m && eh < 12 {
			eh += 12 // "2pm-3", "11-1"
		}
		d := (eh*60 + em) - (h*60 + m)
		if d <= 0 {
			d += 24 * 60
		}
		st.dur = time.Duration(d) * time.Minute
		return h, m, true, nil
	}
	h, m, err = clock(start, force)
	return h, m, err == nil, err
}

// resolve computes the start from everything the rules recorded.
func (st *state) resolve() (time.Time, error) {
	if err := st.checkDur(); err != nil {
		return time.Time{}, err
	}
	h, m, haveTime, err := st.timeOfDay()
	if err != nil {
		return time.Time{}, err
	}
	if st.rec != nil {
		return st.resolveRecurring(h, m, haveTime)
	}
	if len(st.except) > 0 {
		return time.Time{}, invalidf("", "Skipping days only works for a repeating meeting.")
	}
	if st.exact != nil {
		return *st.exact, nil
	}
	if st.nowWord && !haveTime && st.date.kind == dNone {
		return st.now, nil
	}
	if st.addDays != 0 && (st.date.kind == dNone || st.date.kind == dOffset) {
		return time.Time{}, &Error{Kind: ErrUnclear, Msg: "I can't tell which day that counts from.", Suggestion: `try "a week from tuesday 3pm"`}
	}
	zone := st.loc
	if st.zone != nil {
		zone = st.zone
	}
	today := dateOf(st.now)
	var t time.Time
	switch st.date.kind {
	case dNone:
		if !haveTime {
			return time.Time{}, newErr(ErrNoTime, "I couldn't find a time in that.", "")
		}
		nz := st.now.In(zone)
		t = wall(nz.Year(), nz.Month(), nz.Day(), h, m, zone)
		if !t.After(st.now) {
			t = wall(nz.Year(), nz.Month(), nz.Day()+1, h, m, zone)
		}
		return t, nil
	case dOffset:
		y, mo, d := st.offsetDate()
		st.dateOnly = time.Date(y, mo, d, 0, 0, 0, 0, st.loc)
		if !haveTime {
			h, m, zone = st.now.Hour(), st.now.Minute(), st.loc
		}
		if st.tod.midnight && st.tod.sub == 0 {
			d++
		}
		t = wall(y, mo, d, h, m, zone)
	default:
		y, mo, d, err := st.mainDate(today)
		if err != nil {
			return time.Time{}, err
		}
		if st.endsDay(h, m, haveTime) {
			d++ // "midnight tonight", "friday at midnight", "today 12am": the midnight that ends the day
		}
		st.dateOnly = time.Date(y, mo, d, 0, 0, 0, 0, st.loc)
		if (ymd{y, mo, d}).before(today) {
			return time.Time{}, newErr(ErrPast, st.dateOnly.Format("Mon Jan 2")+" has already passed.", `try "tomorrow 3pm standup"`)
		}
		if !haveTime {
			return time.Time{}, newErr(ErrNoTimeOfDay, "What time on "+st.dateOnly.Format("Mon Jan 2")+"?",
				fmt.Sprintf(`try "%s 3pm"`, strings.TrimSpace(st.date.text)))
		}
		t = wall(y, mo, d, h, m, zone)
	}
	if t.Before(st.now) {
		return time.Time{}, newErr(ErrPast, "That time ("+t.In(st.loc).Format("Mon Jan 2 3:04 PM")+") has already passed.",
			`try "tomorrow `+strings.ToLower(t.In(st.loc).Format("3:04pm"))+`"`)
	}
	return t, nil
}

// endsDay: the time is the midnight at the end of the named day: the word
// "midnight" ("friday at midnight", "half past midnight"), or "12am" with
// "today" or "tonight" (the coming midnight, as before).
func (st *state) endsDay(h, m int, haveTime bool) bool {
	if !haveTime || !st.tod.set {
		return false
	}
	if st.tod.midnight && st.tod.sub == 0 {
		return true
	}
	return h == 0 && m == 0 && st.date.kind == dRel && st.date.n == 0
}

func (st *state) checkDur() error {
	if st.dur < 0 || st.dur > 24*time.Hour {
		return invalidf("", "That meeting length isn't usable.")
	}
	return nil
}

type ymd struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time) ymd { return ymd{t.Year(), t.Month(), t.Day()} }

func (a ymd) before(b ymd) bool {
	if a.y != b.y {
		return a.y < b.y
	}
	if a.m != b.m {
		return a.m < b.m
	}
	return a.d < b.d
}

func (a ymd) add(days int) ymd {
	t := time.Date(a.y, a.m, a.d+days, 12, 0, 0, 0, time.UTC)
	return dateOf(t)
}

func (a ymd) weekday() time.Weekday {
	return time.Date(a.y, a.m, a.d, 12, 0, 0, 0, time.UTC).Weekday()
}

func isoWD(w time.Weekday) int {
	if w == time.Sunday {
		return 7
	}
	return int(w)
}

// offsetDate is "in N days/weeks/months"; months clamp to the month's end
// (in 1 month from Jan 31 is Feb 28, not Mar 3).
func (st *state) offsetDate() (int, time.Month, int) {
	n := st.now
	switch st.date.unit {
	case 'w', 'f':
		t := n.AddDate(0, 0, unitDays[st.date.unit]*st.date.n)
		return t.Year(), t.Month(), t.Day()
	case 'm':
		y, m := n.Year(), n.Month()+time.Month(st.date.n)
		first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		d := min(n.Day(), daysIn(first.Year(), first.Month()))
		return first.Year(), first.Month(), d
	}
	t := n.AddDate(0, 0, st.date.n)
	return t.Year(), t.Month(), t.Day()
}

// dateFor resolves a calendar date (not a time) relative to today.
func (st *state) dateFor(ds dateSpec, today ymd) (int, time.Month, int, error) {
	switch ds.kind {
	case dRel:
		d := today.add(ds.n)
		return d.y, d.m, d.d, nil
	case dWeekday:
		diff := (int(ds.wd) - int(today.weekday()) + 7) % 7
		switch ds.mode {
		case wdAfter:
			if diff == 0 {
				diff = 7
			}
		case wdNextWeek:
			diff = 8 - isoWD(today.weekday()) + isoWD(ds.wd) - 1
		case wdThisWeek:
			diff = isoWD(ds.wd) - isoWD(today.weekday())
		case wdLast:
			diff = -((int(today.weekday()) - int(ds.wd) + 7) % 7)
			if diff == 0 {
				diff = -7
			}
		}
		d := today.add(diff)
		return d.y, d.m, d.d, nil
	case dNextWeek:
		d := today.add(8 - isoWD(today.weekday()))
		return d.y, d.m, d.d, nil
	case dMonthDay:
		if ds.d < 1 || ds.d > 31 {
			return 0, 0, 0, invalidf(ds.text, "%q isn't a valid day.", strings.TrimSpace(ds.text))
		}
		y, m := today.y, today.m
		if ds.d < today.d {
			m++
		}
		for i := 0; i < 12; i++ {
			t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			if ds.d <= daysIn(t.Year(), t.Month()) {
				return t.Year(), t.Month(), ds.d, nil
			}
			m++
		}
	case dAbs:
		if ds.m < 1 || ds.m > 12 || ds.d < 1 {
			return 0, 0, 0, invalidf(ds.text, "%q isn't a valid date.", strings.TrimSpace(ds.text))
		}
		y := ds.y
		if y == 0 {
			y = today.y
			if (ymd{y, time.Month(ds.m), ds.d}).before(today) {
				y++
			}
		}
		if ds.d > daysIn(y, time.Month(ds.m)) {
			return 0, 0, 0, invalidf(ds.text, "%s %d isn't a date in %d.", time.Month(ds.m).String()[:3], ds.d, y)
		}
		return y, time.Month(ds.m), ds.d, nil
	case dNth:
		return st.nthDate(ds, today)
	case dEndOf:
		switch ds.endOf {
		case "month":
			return today.y, today.m, daysIn(today.y, today.m), nil
		case "year":
			return today.y, 12, 31, nil
		}
		mo, _ := monthOf(ds.endOf)
		y := today.y
		if mo < today.m {
			y++
		}
		return y, mo, daysIn(y, mo), nil
	}
	return 0, 0, 0, invalidf(ds.text, "I couldn't read the date %q.", ds.text)
}

// wall is the instant a wall clock shows h:m on that day. A time skipped by
// a DST jump (2:30 on a spring-forward night) moves forward by the jump,
// as calendar apps do; Go alone may move it back.
func wall(y int, mo time.Month, d, h, m int, loc *time.Location) time.Time {
	t := time.Date(y, mo, d, h, m, 0, 0, loc)
	if t.Hour() == h && t.Minute() == m {
		return t
	}
	_, off := t.Add(-24 * time.Hour).Zone()
	naive := time.Date(y, mo, d, h, m, 0, 0, time.UTC).Unix() - int64(off)
	return time.Unix(naive, 0).In(loc)
}
