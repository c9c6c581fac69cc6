package timeparse

import (
	"fmt"
	"strings"
	"time"
)

// Recurrence maps onto Zoom's recurrence object (type 1 daily, 2 weekly,
// 3 monthly by day or by weekday; end_times or end_date_time).
type Recurrence struct {
	Freq     Freq
	Interval int            // 1 = every, 2 = every other
	Weekdays []time.Weekday // Weekly: the days, in week order from Sunday; Monthly by weekday: the one weekday
	MonthDay int            // Monthly by day: day of month 1..31, else 0
	// WeekOfMonth is, for a monthly series by weekday, which of the month's
	// Weekdays[0]: 1..4, or -1 for the last (Zoom's monthly_week); 0
	// otherwise.
	WeekOfMonth int
	// Count is the number of occurrences, 0 = not given. "for N weeks /
	// days / months" counts the occurrences that fall in that span from the
	// first one: "every weekday for 2 weeks" is 10, "daily for 2 weeks" 14
	// (daily means every day, as in Zoom), "every mon and wed for 3 weeks" 6.
	Count int
	Until time.Time // zero = not given; otherwise 23:59 of the last day, in loc
}

// String describes the recurrence for people: "every Monday", "every
// weekday", "every other Friday", "monthly on day 1", "monthly on the
// first Monday", plus ", 10 times" or ", until Dec 20".
func (r *Recurrence) String() string {
	if r == nil {
		return ""
	}
	var b strings.Builder
	every := func(unit, units string) {
		switch r.Interval {
		case 0, 1:
			b.WriteString("every " + unit)
		case 2:
			b.WriteString("every other " + unit)
		default:
			fmt.Fprintf(&b, "every %d %s", r.Interval, units)
		}
	}
	switch r.Freq {
	case Daily:
		every("day", "days")
	case Weekly:
		days := dayNames(r.Weekdays)
		if r.Interval > 2 {
			fmt.Fprintf(&b, "every %d weeks on %s", r.Interval, days)
		} else {
			every(days, "")
		}
	case Monthly:
		on := fmt.Sprintf("day %d", r.MonthDay)
		if r.WeekOfMonth != 0 && len(r.Weekdays) == 1 {
			on = "the " + ordinalNames[r.WeekOfMonth] + " " + r.Weekdays[0].String()
		}
		switch r.Interval {
		case 0, 1:
			b.WriteString("monthly on " + on)
		case 2:
			b.WriteString("every other month on " + on)
		default:
			fmt.Fprintf(&b, "every %d months on %s", r.Interval, on)
		}
	}
	if r.Count > 0 {
		fmt.Fprintf(&b, ", %d times", r.Count)
	}
	if !r.Until.IsZero() {
		b.WriteString(", until " + r.Until.Format("Jan 2"))
	}
	return b.String()
}

func dayNames(days []time.Weekday) string {
	if len(days) == 5 {
		work := true
		for _, d := range days {
			if d == time.Sunday || d == time.Saturday {
				work = false
			}
		}
		if work {
			return "weekday"
		}
	}
	if len(days) == 2 && days[0] == time.Sunday && days[1] == time.Saturday {
		return "weekend"
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = d.String()
	}
	switch len(names) {
	case 0:
		return "week"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// resolveRecurring finds the first occurrence at or after the anchor (an
// explicit start date, else today) that is still in the future, and builds
// the Recurrence.
func (st *state) resolveRecurring(h, m int, haveTime bool) (time.Time, error) {
	r := *st.rec
	if r.interval < 1 {
		r.interval = 1
	}
	today := dateOf(st.now)
	anchor := today
	if st.date.kind != dNone && st.date.kind != dOffset {
		y, mo, d, err := st.mainDate(today)
		if err != nil {
			return time.Time{}, err
		}
		anchor = ymd{y, mo, d}
	} else if st.date.kind == dOffset {
		y, mo, d := st.offsetDate()
		anchor = ymd{y, mo, d}
	}
	if len(st.except) > 0 {
		if r.freq == Monthly {
			return time.Time{}, invalidf("", "I can only skip weekdays in a daily or weekly series.")
		}
		if r.freq == Daily {
			if r.interval != 1 {
				return time.Time{}, invalidf("", "I can't skip days in an every-%d-days series.", r.interval)
			}
			r.freq, r.days = Weekly, []time.Weekday{0, 1, 2, 3, 4, 5, 6}
		}
		var keep []time.Weekday
		for _, d := range r.days {
			if !containsDay(st.except, d) {
				keep = append(keep, d)
			}
		}
		if len(keep) == 0 {
			return time.Time{}, invalidf("", "That skips every day of the series.")
		}
		r.days = keep
	}
	switch r.freq {
	case Weekly:
		if len(r.days) == 0 {
			r.days = []time.Weekday{anchor.weekday()}
			if st.date.kind == dWeekday {
				r.days = []time.Weekday{st.date.wd}
			}
		}
		sortDays(r.days)
	case Monthly:
		if r.week != 0 {
			break
		}
		if r.monthDay == 0 {
			r.monthDay = anchor.d
			if st.date.kind == dAbs || st.date.kind == dMonthDay {
				r.monthDay = st.date.d
			}
		}
		if r.monthDay < 1 || r.monthDay > 31 {
			return time.Time{}, invalidf("", "Day %d isn't a day of the month.", r.monthDay)
		}
	}
	st.dateOnly = time.Date(anchor.y, anchor.m, anchor.d, 0, 0, 0, 0, st.loc)
	if !haveTime {
		return time.Time{}, newErr(ErrNoTimeOfDay, "What time should it repeat at?", `try "every monday 10am standup"`)
	}
	if st.tod.midnight && st.tod.sub == 0 {
		// Midnight ends the day it names: "every friday at midnight" meets
		// on Saturdays at 00:00. A monthly day has no such simple shift.
		switch r.freq {
		case Weekly:
			shifted := make([]time.Weekday, len(r.days))
			for i, d := range r.days {
				shifted[i] = (d + 1) % 7
			}
			r.days = shifted
			sortDays(r.days)
		case Monthly:
			return time.Time{}, &Error{Kind: ErrUnclear, Msg: "Midnight at the start or at the end of that day?",
				Suggestion: `try "12am" for the start or "11:59pm" for the end`}
		}
	}
	zone := st.loc
	if st.zone != nil {
		zone = st.zone
	}
	matches := func(d ymd) bool {
		switch r.freq {
		case Weekly:
			return containsDay(r.days, d.weekday())
		case Monthly:
			return r.monthlyOn(d)
		}
		return true
	}
	var first time.Time
	var firstDay ymd
	for i := 0; i < 800; i++ {
		d := anchor.add(i)
		if !matches(d) {
			continue
		}
		t := wall(d.y, d.m, d.d, h, m, zone)
		if t.After(st.now) {
			first, firstDay = t, d
			break
		}
	}
	if first.IsZero() {
		return time.Time{}, invalidf("", "I couldn't find a date for that recurrence.")
	}
	out := &Recurrence{Freq: r.freq, Interval: r.interval, Weekdays: r.days, MonthDay: r.monthDay, WeekOfMonth: r.week}
	if r.freq != Weekly && r.week == 0 {
		out.Weekdays = nil
	}
	if st.count > 0 {
		out.Count = st.countOccurrences(r, firstDay)
	}
	if st.until.kind != dNone {
		y, mo, d, err := st.dateFor(st.until, today)
		if err != nil {
			return time.Time{}, err
		}
		out.Until = time.Date(y, mo, d, 23, 59, 0, 0, st.loc)
		if out.Until.Before(first) {
			return time.Time{}, newErr(ErrInvalid, "The series would end before its first meeting ("+first.In(st.loc).Format("Mon Jan 2")+").", "")
		}
	}
	st.recOut = out
	return first, nil
}

// countOccurrences turns "for N weeks/days/months" into a number of
// meetings by walking the span from the first occurrence.
func (st *state) countOccurrences(r recSpec, first ymd) int {
	if st.countU == "times" {
		return st.count
	}
	var end ymd
	switch st.countU {
	case "day":
		end = first.add(st.count)
	case "week":
		end = first.add(7 * st.count)
	default:
		t := time.Date(first.y, first.m+time.Month(st.count), 1, 12, 0, 0, 0, time.UTC)
		end = ymd{t.Year(), t.Month(), min(first.d, daysIn(t.Year(), t.Month()))}
	}
	weekStart := first.add(-(isoWD(first.weekday()) - 1))
	n := 0
	for i := 0; ; i++ {
		d := first.add(i)
		if !d.before(end) {
			break
		}
		switch r.freq {
		case Daily:
			if i%r.interval == 0 {
				n++
			}
		case Weekly:
			wk := daysBetween(weekStart, d) / 7
			if containsDay(r.days, d.weekday()) && wk%r.interval == 0 {
				n++
			}
		case Monthly:
			months := (d.y-first.y)*12 + int(d.m-first.m)
			if r.monthlyOn(d) && months%r.interval == 0 {
				n++
			}
		}
	}
	return n
}

// monthlyOn: d is a day of the monthly series (by day or by weekday).
func (r recSpec) monthlyOn(d ymd) bool {
	if r.week != 0 {
		return d.weekday() == r.days[0] && weekOfMonth(d, r.week)
	}
	return d.d == r.monthDay
}

func daysBetween(a, b ymd) int {
	ta := time.Date(a.y, a.m, a.d, 12, 0, 0, 0, time.UTC)
	tb := time.Date(b.y, b.m, b.d, 12, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours()+1) / 24
}

func containsDay(days []time.Weekday, d time.Weekday) bool {
	for _, x := range days {
		if x == d {
			return true
		}
	}
	return false
}

func sortDays(days []time.Weekday) {
	for i := 1; i < len(days); i++ {
		for j := i; j > 0 && days[j] < days[j-1]; j-- {
			days[j], days[j-1] = days[j-1], days[j]
		}
	}
}
