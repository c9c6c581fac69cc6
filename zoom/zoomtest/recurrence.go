package zoomtest

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxOccurrences is the most occurrences a recurring meeting has. Zoom's
// 2023 spec caps end_times at 60 (the older file says 365); an
// end_date_time further away is cut at 60 too (UNVERIFIED: Zoom may refuse).
const maxOccurrences = 60

// maxRepeatInterval is Zoom's limit per recurrence type: 90 days, 12
// weeks, 3 months.
var maxRepeatInterval = map[int]int{1: 90, 2: 12, 3: 3}

type recurrenceWire struct {
	Type           *int    `json:"type"`
	RepeatInterval *int    `json:"repeat_interval"`
	WeeklyDays     *string `json:"weekly_days"`
	MonthlyDay     *int    `json:"monthly_day"`
	MonthlyWeek    *int    `json:"monthly_week"`
	MonthlyWeekDay *int    `json:"monthly_week_day"`
	EndTimes       *int    `json:"end_times"`
	EndDateTime    *string `json:"end_date_time"`
}

// recurrenceBody is the recurrence object in responses.
type recurrenceBody struct {
	Type           int    `json:"type"`
	RepeatInterval int    `json:"repeat_interval,omitempty"`
	WeeklyDays     string `json:"weekly_days,omitempty"`
	MonthlyDay     int    `json:"monthly_day,omitempty"`
	MonthlyWeek    int    `json:"monthly_week,omitempty"`
	MonthlyWeekDay int    `json:"monthly_week_day,omitempty"`
	EndTimes       int    `json:"end_times,omitempty"`
	EndDateTime    string `json:"end_date_time,omitempty"`
}

func (r *Recurrence) body() *recurrenceBody {
	if r == nil {
		return nil
	}
	b := &recurrenceBody{
		Type: r.Type, RepeatInterval: r.RepeatInterval, WeeklyDays: r.WeeklyDays,
		MonthlyDay: r.MonthlyDay, MonthlyWeek: r.MonthlyWeek, MonthlyWeekDay: r.MonthlyWeekDay,
		EndTimes: r.EndTimes,
	}
	if !r.EndDateTime.IsZero() {
		b.EndDateTime = r.EndDateTime.UTC().Format(time.RFC3339)
	}
	return b
}

// parseRecurrence validates a recurrence object. Omitted fields take the
// spec's defaults: repeat_interval 1, weekly_days "1", monthly_day 1, and
// end_times 1 when neither end is given.
func parseRecurrence(w *recurrenceWire) (*Recurrence, []fieldError) {
	var bad []fieldError
	fail := func(field string) { bad = append(bad, fieldError{"recurrence." + field, "Invalid field."}) }
	r := &Recurrence{RepeatInterval: 1}
	if w.Type == nil || maxRepeatInterval[*w.Type] == 0 {
		fail("type")
		return nil, bad
	}
	r.Type = *w.Type
	if w.RepeatInterval != nil {
		r.RepeatInterval = *w.RepeatInterval
		if r.RepeatInterval < 1 || r.RepeatInterval > maxRepeatInterval[r.Type] {
			fail("repeat_interval")
		}
	}
	switch r.Type {
	case 2:
		r.WeeklyDays = "1"
		if w.WeeklyDays != nil {
			r.WeeklyDays = *w.WeeklyDays
		}
		if _, ok := parseWeekdays(r.WeeklyDays); !ok {
			fail("weekly_days")
		}
	case 3:
		switch {
		case w.MonthlyWeek != nil || w.MonthlyWeekDay != nil:
			if w.MonthlyWeek == nil || !slices.Contains([]int{-1, 1, 2, 3, 4}, *w.MonthlyWeek) {
				fail("monthly_week")
			} else {
				r.MonthlyWeek = *w.MonthlyWeek
			}
			if w.MonthlyWeekDay == nil || *w.MonthlyWeekDay < 1 || *w.MonthlyWeekDay > 7 {
				fail("monthly_week_day")
			} else {
				r.MonthlyWeekDay = *w.MonthlyWeekDay
			}
		case w.MonthlyDay != nil:
			r.MonthlyDay = *w.MonthlyDay
			if r.MonthlyDay < 1 || r.MonthlyDay > 31 {
				fail("monthly_day")
			}
		default:
			r.MonthlyDay = 1
		}
	}
	switch {
	case w.EndTimes != nil && w.EndDateTime != nil:
		fail("end_times")
		fail("end_date_time")
	case w.EndDateTime != nil:
		t, err := time.Parse(time.RFC3339, *w.EndDateTime)
		if err != nil {
			fail("end_date_time")
		}
		r.EndDateTime = t.UTC()
	case w.EndTimes != nil:
		r.EndTimes = *w.EndTimes
		if r.EndTimes < 1 || r.EndTimes > maxOccurrences {
			fail("end_times")
		}
	default:
		r.EndTimes = 1
	}
	return r, bad
}

// parseWeekdays parses "1,3" (1 = Sunday) into sorted time.Weekdays.
func parseWeekdays(s string) ([]time.Weekday, bool) {
	var days []time.Weekday
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 7 {
			return nil, false
		}
		if d := time.Weekday(n - 1); !slices.Contains(days, d) {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	return days, true
}

// occurrences lists the meeting's occurrences: the dates the rule selects,
// from start's local date on, at start's local wall-clock time in loc (so
// DST moves the UTC instant, not the local time). An occurrence earlier
// than start is skipped.
func occurrences(r *Recurrence, start time.Time, loc *time.Location, duration int) []Occurrence {
	local := start.In(loc)
	y, mo, d := local.Date()
	h, mi, sec := local.Clock()
	at := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, h, mi, sec, 0, loc) }

	var out []Occurrence
	// emit adds t if it is due; it reports false once the rule has ended.
	emit := func(t time.Time) bool {
		if t.Before(start) {
			return true
		}
		if !r.EndDateTime.IsZero() && t.After(r.EndDateTime) {
			return false
		}
		out = append(out, Occurrence{
			ID: strconv.FormatInt(t.UnixMilli(), 10), StartTime: t.UTC(), Duration: duration, Status: "available",
		})
		return len(out) < maxOccurrences && (r.EndTimes == 0 || len(out) < r.EndTimes)
	}
	// Bound the loops: an end_date_time before start emits nothing.
	const maxSteps = 5000
	switch r.Type {
	case 1:
		for i := 0; i < maxSteps; i++ {
			if !emit(at(y, mo, d+i*r.RepeatInterval)) {
				break
			}
		}
	case 2:
		days, _ := parseWeekdays(r.WeeklyDays)
		sunday := d - int(local.Weekday())
	weeks:
		for w := 0; w < maxSteps; w++ {
			for _, wd := range days {
				if !emit(at(y, mo, sunday+w*7*r.RepeatInterval+int(wd))) {
					break weeks
				}
			}
		}
	case 3:
		for k := 0; k < maxSteps; k++ {
			first := time.Date(y, mo+time.Month(k*r.RepeatInterval), 1, 0, 0, 0, 0, loc)
			if !emit(at(first.Year(), first.Month(), monthDay(r, first))) {
				break
			}
		}
	}
	return out
}

// monthDay is the day of first's month a monthly rule selects. A
// monthly_day past the month's end falls on its last day (UNVERIFIED).
func monthDay(r *Recurrence, first time.Time) int {
	last := time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, first.Location()).Day()
	if r.MonthlyWeek == 0 {
		return min(r.MonthlyDay, last)
	}
	want := time.Weekday(r.MonthlyWeekDay - 1)
	if r.MonthlyWeek == -1 {
		lastWD := time.Date(first.Year(), first.Month(), last, 0, 0, 0, 0, first.Location()).Weekday()
		return last - (int(lastWD)-int(want)+7)%7
	}
	firstMatch := 1 + (int(want)-int(first.Weekday())+7)%7
	return firstMatch + 7*(r.MonthlyWeek-1)
}
