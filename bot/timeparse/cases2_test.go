package timeparse

import (
	"testing"
	"time"
)

// extraTables: DST edges both ways (US and Europe), a half-hour zone, far
// east and far west zones, year rollover, leap day and month overflow.
var extraTables = []table{
	{name: "US spring forward", now: "2027-03-13 10:00", zone: "America/New_York", cases: []tc{
		{in: "tomorrow 9am standup", start: "2027-03-14 09:00", topic: "standup"},
		{in: "in 24 hours", start: "2027-03-14 11:00"},
		{in: "in 1 day", start: "2027-03-14 10:00"},
		{in: "in 2 hours", start: "2027-03-13 12:00"},
		{in: "monday 9am", start: "2027-03-15 09:00"},
		{in: "tomorrow 9am-10am", start: "2027-03-14 09:00", dur: 60},
		{in: "tomorrow 3pm PT", start: "2027-03-14 18:00"},
		{in: "tomorrow 2:30am", start: "2027-03-14 03:30"}, // does not exist: Go moves it forward
		{in: "9am", start: "2027-03-14 09:00"},
	}},
	{name: "US fall back", now: "2026-10-31 10:00", zone: "America/New_York", cases: []tc{
		{in: "tomorrow 9am", start: "2026-11-01 09:00"},
		{in: "in 24 hours", start: "2026-11-01 09:00"},
		{in: "in 2 days", start: "2026-11-02 10:00"},
		{in: "sunday 10am", start: "2026-11-01 10:00"},
		{in: "tomorrow 3pm UTC", start: "2026-11-01 10:00"},
		{in: "tomorrow 10am PT", start: "2026-11-01 13:00"},
	}},
	{name: "Europe spring forward", now: "2027-03-27 12:00", zone: "Europe/Berlin", cases: []tc{
		{in: "morgen? no: tomorrow 9:00 sync", start: "2027-03-28 09:00", topic: "morgen? no: sync"},
		{in: "in 24 hours", start: "2027-03-28 13:00"},
		{in: "tomorrow 3pm ET", start: "2027-03-28 21:00"},
		{in: "tomorrow 15:00 UTC", start: "2027-03-28 17:00"},
		{in: "sunday 10am", start: "2027-03-28 10:00"},
	}},
	{name: "Europe fall back", now: "2026-10-24 12:00", zone: "Europe/London", cases: []tc{
		{in: "tomorrow 10am", start: "2026-10-25 10:00"},
		{in: "in 24 hours", start: "2026-10-25 11:00"},
		{in: "tomorrow 10am ET", start: "2026-10-25 14:00"},
		{in: "tomorrow 3pm CET", start: "2026-10-25 14:00"},
		{in: "tomorrow 3pm BST", start: "2026-10-25 15:00"},
		{in: "tomorrow 9am-5pm offsite", start: "2026-10-25 09:00", dur: 480, topic: "offsite"},
	}},
	{name: "Kolkata", now: "2026-11-27 20:45", zone: "Asia/Kolkata", cases: []tc{
		{in: "4pm demo", start: "2026-11-28 16:00", topic: "demo"},
		{in: "9pm standup", start: "2026-11-27 21:00", topic: "standup"},
		{in: "tomorrow 10am ET", start: "2026-11-28 20:30"},
		{in: "3pm UTC", start: "2026-11-28 20:30"},
		{in: "monday 10:30", start: "2026-11-30 10:30"},
		{in: "in 45 min", start: "2026-11-27 21:30"},
		{in: "tomorrow 9:30 IST", start: "2026-11-28 09:30"},
	}},
	{name: "Auckland", now: "2026-11-28 08:00", zone: "Pacific/Auckland", cases: []tc{
		{in: "tomorrow 9am", start: "2026-11-29 09:00"},
		{in: "friday 2pm PT", start: "2026-12-05 11:00"},
		{in: "10am", start: "2026-11-28 10:00"},
		{in: "monday 9am", start: "2026-11-30 09:00"},
		{in: "jan 1 10am", start: "2027-01-01 10:00"},
		{in: "tomorrow 9am NZDT", start: "2026-11-29 09:00"},
	}},
	{name: "Honolulu", now: "2026-11-27 05:15", zone: "Pacific/Honolulu", cases: []tc{
		{in: "3pm ET", start: "2026-11-27 10:00"},
		{in: "tomorrow 9am", start: "2026-11-28 09:00"},
		{in: "tomorrow 9am PT", start: "2026-11-28 07:00"},
		{in: "6am", start: "2026-11-27 06:00"},
		{in: "tonight 7", start: "2026-11-27 19:00"},
	}},
	{name: "Adak", now: "2026-11-27 05:15", zone: "America/Adak", cases: []tc{
		{in: "tomorrow 9am", start: "2026-11-28 09:00"},
		{in: "tomorrow noon ET", start: "2026-11-28 07:00"},
	}},
	{name: "year rollover", now: "2026-12-31 16:00", zone: "America/Chicago", cases: []tc{
		{in: "tomorrow 10am", start: "2027-01-01 10:00"},
		{in: "jan 2 9am", start: "2027-01-02 09:00"},
		{in: "dec 31 5pm", start: "2026-12-31 17:00"},
		{in: "dec 30 5pm", start: "2027-12-30 17:00"},
		{in: "next friday 2pm", start: "2027-01-01 14:00"},
		{in: "in 1 month", start: "2027-01-31 16:00"},
		{in: "1/4 10am", start: "2027-01-04 10:00"},
		{in: "3pm", start: "2027-01-01 15:00"},
		{in: "monday 9am", start: "2027-01-04 09:00"},
		{in: "next week tuesday 11", start: "2027-01-05 11:00"},
		{in: "new year kickoff jan 4 at 10", start: "2027-01-04 10:00", topic: "new year kickoff"},
		{in: "tonight 11pm countdown", start: "2026-12-31 23:00", topic: "countdown"},
		{in: "11:30pm-12:30am party", start: "2026-12-31 23:30", dur: 60, topic: "party"},
	}},
	{name: "leap day", now: "2028-02-27 12:00", zone: "Europe/London", cases: []tc{
		{in: "feb 29 10am", start: "2028-02-29 10:00"},
		{in: "2/29 10am", start: "2028-02-29 10:00"},
		{in: "in 2 days 9am", start: "2028-02-29 09:00"},
		{in: "tuesday 9am", start: "2028-02-29 09:00"},
		{in: "feb 30 10am", err: ErrInvalid},
		{in: "the 29th at 3", start: "2028-02-29 15:00"},
		{in: "the 30th at 3", start: "2028-03-30 15:00"},
	}},
	{name: "no leap day", now: "2027-02-27 12:00", zone: "Europe/London", cases: []tc{
		{in: "feb 29 10am", err: ErrInvalid},
		{in: "2/29/2028 10am", start: "2028-02-29 10:00"},
		{in: "in 1 month", start: "2027-03-27 12:00"},
	}},
	{name: "month end", now: "2028-01-31 10:00", zone: "America/New_York", cases: []tc{
		{in: "in 1 month", start: "2028-02-29 10:00"},
		{in: "in 2 months 3pm", start: "2028-03-31 15:00"},
	}},
	{name: "month overflow", now: "2026-08-31 10:00", zone: "America/New_York", cases: []tc{
		{in: "sep 5 3pm", start: "2026-09-05 15:00"},
		{in: "in 1 month", start: "2026-09-30 10:00"},
		{in: "the 5th 3pm", start: "2026-09-05 15:00"},
		{in: "oct 31 3pm", start: "2026-10-31 15:00"},
		{in: "9/1 9am", start: "2026-09-01 09:00"},
	}},
}

func TestExtraTables(t *testing.T) {
	total, startOK, allOK := runTables(t, extraTables)
	t.Logf("phrases: %d; start right: %d; all right: %d", total, startOK, allOK)
}

// TestRecurrence checks the recurrence read from phrases, its first
// occurrence and its description.
func TestRecurrence(t *testing.T) {
	loc := mustLoc(t, "America/New_York")
	now := time.Date(2026, 11, 27, 10, 15, 0, 0, loc) // Friday
	tests := []recCase{
		{"every monday 10am team sync", "2026-11-30 10:00", "every Monday", "team sync", 0},
		{"every weekday at 9:30 standup", "2026-11-30 09:30", "every weekday", "standup", 0},
		{"daily at 9 for 2 weeks", "2026-11-28 09:00", "every day, 14 times", "", 0},
		{"every other friday 4pm demo", "2026-11-27 16:00", "every other Friday", "demo", 0},
		{"monthly on the 1st at 10 review", "2026-12-01 10:00", "monthly on day 1", "review", 0},
		{"every mon and wed 2pm", "2026-11-30 14:00", "every Monday and Wednesday", "", 0},
		{"mondays and wednesdays at 2pm 1:1", "2026-11-30 14:00", "every Monday and Wednesday", "1:1", 0},
		{"every tues/thurs 11am", "2026-12-01 11:00", "every Tuesday and Thursday", "", 0},
		{"standup every weekday 9am for 2 weeks", "2026-11-30 09:00", "every weekday, 10 times", "standup", 0},
		{"every mon, wed, fri at 8am gym", "2026-11-30 08:00", "every Monday, Wednesday and Friday", "gym", 0},
		{"every mon-fri 9am standup", "2026-11-30 09:00", "every weekday", "standup", 0},
		{"weekdays at 9 standup 15m", "2026-11-30 09:00", "every weekday", "standup", 15},
		{"weekly sync fridays 3pm", "2026-11-27 15:00", "every Friday", "weekly sync", 0},
		{"weekly on tuesday at 10 1:1 with ana", "2026-12-01 10:00", "every Tuesday", "1:1 with ana", 0},
		{"weekly 1:1 with <@U1> thursday 2pm 30 min", "2026-12-03 14:00", "", "weekly 1:1 with <@U1>", 30},
		{"biweekly retro thursday 2pm", "2026-12-03 14:00", "", "biweekly retro", 0},
		{"bi-weekly retro thu 2-3pm", "2026-12-03 14:00", "", "bi-weekly retro", 60},
		{"every 2 weeks on monday 11am", "2026-11-30 11:00", "every other Monday", "", 0},
		{"every 3 weeks on monday 11am", "2026-11-30 11:00", "every 3 weeks on Monday", "", 0},
		{"every day at noon lunch", "2026-11-27 12:00", "every day", "lunch", 0},
		{"daily standup 9:15am", "2026-11-28 09:15", "every day", "standup", 0},
		{"everyday 5pm wrap", "2026-11-27 17:00", "every day", "wrap", 0},
		{"every other day 8am", "2026-11-28 08:00", "every other day", "", 0},
		{"every morning standup", "2026-11-28 09:00", "every day", "standup", 0},
		{"monthly review on the 15th at 2pm", "2026-12-15 14:00", "monthly on day 15", "review", 0},
		{"on the 1st of every month at 9 billing review", "2026-12-01 09:00", "monthly on day 1", "billing review", 0},
		{"monthly 1:1 dec 3 4pm", "2026-12-03 16:00", "", "monthly 1:1", 0},
		{"every month on the 27th at 11", "2026-11-27 11:00", "monthly on day 27", "", 0},
		{"monthly on the 31st at 10", "2026-12-31 10:00", "monthly on day 31", "", 0},
		{"every monday 10am until dec 21", "2026-11-30 10:00", "every Monday, until Dec 21", "", 0},
		{"every monday 10am for 6 weeks", "2026-11-30 10:00", "every Monday, 6 times", "", 0},
		{"every mon and thu 10am for 3 weeks", "2026-11-30 10:00", "every Monday and Thursday, 6 times", "", 0},
		{"weekly standup monday 10am 8 times", "2026-11-30 10:00", "every Monday, 8 times", "standup", 0},
		{"every weekday 9am starting dec 7", "2026-12-07 09:00", "every weekday", "", 0},
		{"every other friday 4pm for 10 weeks", "2026-11-27 16:00", "every other Friday, 5 times", "", 0},
		{"daily for 5 days at 9am", "2026-11-28 09:00", "every day, 5 times", "", 0},
		{"monthly for 6 months on the 1st at 10", "2026-12-01 10:00", "monthly on day 1, 6 times", "", 0},
		{"every friday 4pm PT demo", "2026-11-27 19:00", "every Friday", "demo", 0},
		{"standups mon/wed/fri 9:15", "2026-11-30 09:15", "every Monday, Wednesday and Friday", "standups", 0},
		{"sync monday and wednesday at 2", "2026-11-30 14:00", "every Monday and Wednesday", "sync", 0},
		{"every other week on wed 3pm", "2026-12-02 15:00", "every other Wednesday", "", 0},
		{"weekly on Tues at 2pm starting 12/8", "2026-12-08 14:00", "every Tuesday", "", 0},
		{"quarterly review dec 15 2pm", "2026-12-15 14:00", "", "quarterly review", 0},
		{"every 1st of the month 9am", "2026-12-01 09:00", "monthly on day 1", "", 0},
		{"standup mon-fri 9:45am 15 min", "2026-11-30 09:45", "every weekday", "standup", 15},
		{"every weekday morning standup", "2026-11-30 09:00", "every weekday", "standup", 0},
		{"every evening at 6 walk", "2026-11-27 18:00", "every day", "walk", 0},
		{"every Monday at 10 starting Dec 7 for 8 weeks", "2026-12-07 10:00", "every Monday, 8 times", "", 0},
		{"every weekend 9am long run", "2026-11-28 09:00", "every weekend", "long run", 0},
		{"weekends at 8 yoga", "2026-11-28 08:00", "every weekend", "yoga", 0},
		{"every 3 days at 7am", "2026-11-28 07:00", "every 3 days", "", 0},
		{"every other thursday 11-12 1:1 w/ <@U9>", "2026-12-03 11:00", "every other Thursday", "1:1 w/ <@U9>", 60},
		{"standup daily @ 9:15 except fridays", "2026-11-28 09:15", "every Sunday, Monday, Tuesday, Wednesday, Thursday and Saturday", "standup", 0},
		{"every weekday but not wed 10am", "2026-11-30 10:00", "every Monday, Tuesday, Thursday and Friday", "", 0},
		{"Weekly team meeting every Monday at 10am for 1 hour starting next week", "2026-11-30 10:00", "every Monday", "Weekly team meeting", 60},
		{"every weekday at 10 for a month", "2026-11-30 10:00", "every weekday, 22 times", "", 0},
		{"every tuesday 2pm PT for 30 min until jan 31", "2026-12-01 17:00", "every Tuesday, until Jan 31", "", 30},
		{"monthly on the 27th at 10", "2026-12-27 10:00", "monthly on day 27", "", 0},
		{"[Eng] weekly sync every mon 11am", "2026-11-30 11:00", "every Monday", "[Eng] weekly sync", 0},
		{"eng sync — every Monday, 11:00–11:30", "2026-11-30 11:00", "every Monday", "eng sync", 30},
		{"standup every day at 9:30 except weekends", "2026-11-30 09:30", "every weekday", "standup", 0},
		{"standup 9am recurring daily", "2026-11-28 09:00", "every day", "standup", 0},
		{"weekly sync repeating every tuesday 2pm", "2026-12-01 14:00", "every Tuesday", "weekly sync", 0},
		{"every tuesday at 2pm, recurring", "2026-12-01 14:00", "every Tuesday", "", 0},
		{"1:1 w/ sam every other week thurs 4pm", "2026-12-03 16:00", "every other Thursday", "1:1 w/ sam", 0},
		{"bi weekly thurs 4pm", "2026-12-03 16:00", "every other Thursday", "", 0},
		{"fortnightly planning monday 10am", "2026-11-30 10:00", "", "fortnightly planning", 0},
		{"15th of every month at 2pm", "2026-12-15 14:00", "monthly on day 15", "", 0},
		{"every first of the month 9am", "2026-12-01 09:00", "monthly on day 1", "", 0},
		{"daily at 8:45am for the next 2 weeks", "2026-11-28 08:45", "every day, 14 times", "", 0},
		{"mon wed fri 7am gym", "2026-11-30 07:00", "every Monday, Wednesday and Friday", "gym", 0},
		{"M/W/F 7am gym", "2026-11-30 07:00", "every Monday, Wednesday and Friday", "gym", 0},
		{"Tu/Th 3pm office hours", "2026-12-01 15:00", "every Tuesday and Thursday", "office hours", 0},
		{"every weekday 9am until 12/31", "2026-11-30 09:00", "every weekday, until Dec 31", "", 0},
		{"every monday 10am x 6", "2026-11-30 10:00", "every Monday, 6 times", "", 0},
		{"team sync every tuesday at 2 until end of year", "2026-12-01 14:00", "every Tuesday, until Dec 31", "team sync", 0},
	}
	for _, tt := range tests {
		checkRecCase(t, tt, now, loc)
	}
	for _, in := range []string{"tomorrow 3pm except fridays"} {
		_, err := Parse(in, now, loc)
		if pe, ok := err.(*Error); !ok || pe.Kind != ErrInvalid {
			t.Errorf("%q: err %v, want ErrInvalid", in, err)
		}
	}
	for _, in := range []string{"every friday", "every weekday standup", "monthly review"} {
		_, err := Parse(in, now, loc)
		if pe, ok := err.(*Error); !ok || pe.Kind != ErrNoTimeOfDay {
			t.Errorf("%q: err %v, want ErrNoTimeOfDay", in, err)
		}
	}
}

func TestRecurrenceFields(t *testing.T) {
	loc := mustLoc(t, "America/New_York")
	now := time.Date(2026, 11, 27, 10, 15, 0, 0, loc)
	r, err := Parse("every mon and wed 2pm until dec 16", now, loc)
	if err != nil {
		t.Fatal(err)
	}
	rec := r.Recurrence
	want := time.Date(2026, 12, 16, 23, 59, 0, 0, loc)
	if rec.Freq != Weekly || rec.Interval != 1 || len(rec.Weekdays) != 2 || rec.Weekdays[0] != time.Monday ||
		rec.Weekdays[1] != time.Wednesday || !rec.Until.Equal(want) || rec.Count != 0 {
		t.Errorf("got %+v", rec)
	}
	r, _ = Parse("monthly on the 15th at 2pm", now, loc)
	if r.Recurrence.Freq != Monthly || r.Recurrence.MonthDay != 15 || r.Recurrence.Weekdays != nil {
		t.Errorf("got %+v", r.Recurrence)
	}
	if _, err := Parse("every monday 10am until nov 20 2026", now, loc); err == nil {
		t.Error("an end before the first meeting should be an error")
	}
	if (*Recurrence)(nil).String() != "" {
		t.Error("nil recurrence should describe as empty")
	}
}
