package bot

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zoombot/zoombot/bot/timeparse"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// A series moved as a whole keeps its rule, shifted with it: every
// meeting moves by the same number of days as the next one does, and the
// series keeps its end (its last date, or as many meetings as were still
// ahead). Zoom makes the series anew from the new start (a PATCH with a
// start_time needs the recurrence with it).

var icsDays = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// ruleOf reads a series' stored rule back into the parser's terms.
func ruleOf(m *storage.Meeting) *timeparse.Recurrence {
	var st storedRecurrence
	if m.Recurrence == "" || jsonUnmarshalString(m.Recurrence, &st) != nil {
		return nil
	}
	r := &timeparse.Recurrence{Interval: max(st.Interval, 1), MonthDay: st.ByMonthDay, Count: st.Count, Until: st.Until}
	switch st.Freq {
	case "DAILY":
		r.Freq = timeparse.Daily
	case "WEEKLY":
		r.Freq = timeparse.Weekly
	case "MONTHLY":
		r.Freq = timeparse.Monthly
	default:
		return nil
	}
	for _, day := range strings.Split(st.ByDay, ",") {
		if len(day) < 2 {
			continue
		}
		if n, err := strconv.Atoi(day[:len(day)-2]); err == nil {
			r.WeekOfMonth = n // "-1FR": the last Friday
		}
		if wd := slices.Index(icsDays, day[len(day)-2:]); wd >= 0 {
			r.Weekdays = append(r.Weekdays, time.Weekday(wd))
		}
	}
	return r
}

// moveSeries is the rule of m moved so that its next meeting, next, starts
// at start instead.
func moveSeries(m *storage.Meeting, next storage.Occurrence, start time.Time) *seriesMove {
	r := ruleOf(m)
	if r == nil {
		return nil
	}
	loc := meetingLoc(m)
	to, from := start.In(loc), next.Start.In(loc)
	days := int(time.Date(to.Year(), to.Month(), to.Day(), 12, 0, 0, 0, time.UTC).Sub(
		time.Date(from.Year(), from.Month(), from.Day(), 12, 0, 0, 0, time.UTC)) / (24 * time.Hour))
	switch {
	case r.Freq == timeparse.Weekly:
		for i, d := range r.Weekdays {
			r.Weekdays[i] = time.Weekday(((int(d)+days)%7 + 7) % 7)
		}
		slices.Sort(r.Weekdays)
	case r.Freq == timeparse.Monthly && r.WeekOfMonth != 0:
		r.Weekdays = []time.Weekday{to.Weekday()}
		if !weekOfMonth(to, r.WeekOfMonth) {
			r.WeekOfMonth = min((to.Day()-1)/7+1, 4)
		}
	case r.Freq == timeparse.Monthly:
		r.MonthDay = to.Day()
	}
	if r.Until.IsZero() {
		r.Count = 0
		for _, o := range m.Occurrences {
			if !o.Start.Before(next.Start) {
				r.Count++
			}
		}
	}
	zr, st := zoomRecurrence(r, to)
	return &seriesMove{Zoom: zr, Stored: st}
}

// moveWholeSeries gives a change that moves all of series m its new rule;
// a change of a single meeting or of one occurrence needs none.
func (in *changeInput) moveWholeSeries(m *storage.Meeting) error {
	if m.Recurrence == "" || in.OccurrenceID != "" || in.Start.IsZero() {
		return nil
	}
	in.Series = moveSeries(m, storage.Occurrence{Start: in.Before.Start}, in.Start)
	if in.Series == nil {
		return userErr("series_rule", "I can't move every meeting of *%s*: I don't know how it repeats. Move one meeting with `--occurrence`, or cancel the series and schedule it again.", escapeTopic(m.Topic))
	}
	return nil
}

// ruleFromZoom reads Zoom's recurrence object in the parser's terms, for a
// series changed in the Zoom app.
func ruleFromZoom(zr *zoom.Recurrence) *timeparse.Recurrence {
	if zr == nil {
		return nil
	}
	r := &timeparse.Recurrence{Interval: max(zr.RepeatInterval, 1), MonthDay: zr.MonthlyDay, Count: zr.EndTimes, Until: zr.EndDateTime}
	switch zr.Type {
	case zoom.RecurDaily:
		r.Freq = timeparse.Daily
	case zoom.RecurWeekly:
		r.Freq = timeparse.Weekly
		for _, f := range strings.Split(zr.WeeklyDays, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n >= 1 && n <= 7 {
				r.Weekdays = append(r.Weekdays, time.Weekday(n-1))
			}
		}
	case zoom.RecurMonthly:
		r.Freq = timeparse.Monthly
		if zr.MonthlyWeek != 0 && zr.MonthlyWeekDay >= 1 && zr.MonthlyWeekDay <= 7 {
			r.WeekOfMonth, r.Weekdays, r.MonthDay = zr.MonthlyWeek, []time.Weekday{time.Weekday(zr.MonthlyWeekDay - 1)}, 0
		}
	default:
		return nil
	}
	return r
}
