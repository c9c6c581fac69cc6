package timeparse

import (
	"errors"
	"testing"
	"time"
)

// TestRecurAdjectives: recurrence adjectives in meeting names ("daily
// standup", "weekly sync", "quarterly planning") are title text when the
// phrase names a one-off day and nothing else asks for a series, or when
// another frequency carries the series; otherwise they are the
// recurrence. See titleadj.go. rec is Recurrence.String() ("" = one-off);
// err, when set, is the expected error kind and topic the partial topic.
func TestRecurAdjectives(t *testing.T) {
	loc := mustLoc(t, "America/New_York")
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc) // Friday
	tests := []struct {
		in, start, rec, topic string
		dur                   int
		err                   ErrorKind
	}{
		// One-off: a date anchor and no other recurrence marker.
		{in: "tomorrow 9am daily standup", start: "2026-11-28 09:00", topic: "daily standup"},
		{in: "tomorrow 9am weekly sync", start: "2026-11-28 09:00", topic: "weekly sync"},
		{in: "fri 2pm quarterly planning", start: "2026-12-04 14:00", topic: "quarterly planning"},
		{in: "in 2 hours quarterly planning", start: "2026-11-27 12:00", topic: "quarterly planning"},
		{in: "tomorrow 3pm monthly review", start: "2026-11-28 15:00", topic: "monthly review"},
		{in: "monday 10am weekly 1:1", start: "2026-11-30 10:00", topic: "weekly 1:1"},
		{in: "weekly sync tomorrow 10am", start: "2026-11-28 10:00", topic: "weekly sync"},
		{in: "Daily Standup tmrw 9:30", start: "2026-11-28 09:30", topic: "Daily Standup"},
		{in: "biweekly retro tomorrow 2pm", start: "2026-11-28 14:00", topic: "biweekly retro"},
		{in: "bi-weekly retro thu 3pm", start: "2026-12-03 15:00", topic: "bi-weekly retro"},
		{in: "annual review dec 15 2pm", start: "2026-12-15 14:00", topic: "annual review"},
		{in: "yearly planning tomorrow 11am", start: "2026-11-28 11:00", topic: "yearly planning"},
		{in: "fortnightly catch-up next tuesday 4pm", start: "2026-12-01 16:00", topic: "fortnightly catch-up"},
		{in: "today 3pm weekly team sync", start: "2026-11-27 15:00", topic: "weekly team sync"},
		{in: "tonight 8pm monthly game night", start: "2026-11-27 20:00", topic: "monthly game night"},
		{in: "12/3 10am quarterly business review", start: "2026-12-03 10:00", topic: "quarterly business review"},
		{in: "dec 10 at 4pm monthly all-hands", start: "2026-12-10 16:00", topic: "monthly all-hands"},
		{in: "monday next week 9am weekly kickoff", start: "2026-11-30 09:00", topic: "weekly kickoff"},
		{in: "in 30 min daily sync", start: "2026-11-27 10:30", topic: "daily sync"},
		{in: "weekly 1:1 with <@U123> friday 11am", start: "2026-12-04 11:00", topic: "weekly 1:1 with <@U123>"},
		{in: "Quarterly Planning 2027-01-12 13:00", start: "2027-01-12 13:00", topic: "Quarterly Planning"},
		{in: "monthly review tomorrow 2-3pm", start: "2026-11-28 14:00", topic: "monthly review", dur: 60},
		{in: "daily standup tomorrow 9:15 for 15 min", start: "2026-11-28 09:15", topic: "daily standup", dur: 15},
		{in: "tomorrow 4pm PT weekly sync", start: "2026-11-28 19:00", topic: "weekly sync"},
		{in: "weekly sync @ 3pm tomorrow", start: "2026-11-28 15:00", topic: "weekly sync"},
		{in: "the weekly design review on wednesday at 1pm", start: "2026-12-02 13:00", topic: "the weekly design review"},
		{in: "our daily standup, tomorrow 9am", start: "2026-11-28 09:00", topic: "our daily standup"},
		{in: "monday 10am weekly 1:1 for 30 min", start: "2026-11-30 10:00", topic: "weekly 1:1", dur: 30},
		{in: "annual review tomorrow 3pm", start: "2026-11-28 15:00", topic: "annual review"},
		{in: "Weekly Sync - Fri 3pm", start: "2026-12-04 15:00", topic: "Weekly Sync"},
		{in: "quarterly okr review in 3 days at 11am", start: "2026-11-30 11:00", topic: "quarterly okr review"},
		{in: "next monday 9am biweekly 1:1 w/ sam", start: "2026-11-30 09:00", topic: "biweekly 1:1 w/ sam"},
		{in: "this afternoon monthly review", start: "2026-11-27 15:00", topic: "monthly review"},
		{in: "monthly review today at 4pm", start: "2026-11-27 16:00", topic: "monthly review"},
		{in: "now weekly sync", start: "2026-11-27 10:00", topic: "weekly sync"},

		// Another frequency carries the series: the adjective is the name.
		{in: "every weekday at 9:30 daily standup", start: "2026-11-30 09:30", rec: "every weekday", topic: "daily standup"},
		{in: "every tuesday 2pm weekly planning", start: "2026-12-01 14:00", rec: "every Tuesday", topic: "weekly planning"},
		{in: "mon/wed/fri 9am daily standup", start: "2026-11-30 09:00", rec: "every Monday, Wednesday and Friday", topic: "daily standup"},
		// ...except that biweekly refines a weekday series.
		{in: "biweekly retro thursdays 2pm", start: "2026-12-03 14:00", rec: "every other Thursday", topic: "retro"},
		{in: "fortnightly 1:1 mondays 10am", start: "2026-11-30 10:00", rec: "every other Monday", topic: "1:1"},

		// Explicit recurrences keep working.
		{in: "daily at 9 for 2 weeks", start: "2026-11-28 09:00", rec: "every day, 14 times"},
		{in: "every monday 10am standup", start: "2026-11-30 10:00", rec: "every Monday", topic: "standup"},
		{in: "weekly on monday 10am sync", start: "2026-11-30 10:00", rec: "every Monday", topic: "sync"},
		{in: "9am daily", start: "2026-11-28 09:00", rec: "every day"},
		{in: "tomorrow 9am daily", start: "2026-11-28 09:00", rec: "every day"},
		{in: "monday 10am weekly", start: "2026-11-30 10:00", rec: "every Monday"},
		// No one-off anchor: the adjective is the recurrence.
		{in: "daily standup at 9am", start: "2026-11-28 09:00", rec: "every day", topic: "standup"},
		{in: "weekly team sync 3pm", start: "2026-11-27 15:00", rec: "every Friday", topic: "team sync"},
		{in: "monthly review on the 15th at 2pm", start: "2026-12-15 14:00", rec: "monthly on day 15", topic: "review"},
		{in: "quarterly review on the 15th at 2pm", start: "2026-12-15 14:00", rec: "every 3 months on day 15", topic: "review"},
		// A count, an end, "except", "recurring" or a series start ask for
		// a series even with a date.
		{in: "daily standup starting tomorrow 9am", start: "2026-11-28 09:00", rec: "every day", topic: "standup"},
		{in: "tomorrow 9am daily standup for 2 weeks", start: "2026-11-28 09:00", rec: "every day, 14 times", topic: "standup"},
		{in: "weekly sync tomorrow 10am until dec 31", start: "2026-11-28 10:00", rec: "every Saturday, until Dec 31", topic: "sync"},
		{in: "monday 10am weekly 1:1 6 times", start: "2026-11-30 10:00", rec: "every Monday, 6 times", topic: "1:1"},
		{in: "weekly sync from monday 3pm", start: "2026-11-30 15:00", rec: "every Monday", topic: "sync"},
		{in: "tomorrow 9am recurring weekly sync", start: "2026-11-28 09:00", rec: "every Saturday", topic: "sync"},
		{in: "tomorrow 9am daily standup except weekends", start: "2026-11-30 09:00", rec: "every weekday", topic: "standup"},

		// Errors.
		{in: "tomorrow weekly sync", err: ErrNoTimeOfDay, topic: "weekly sync"},
		{in: "weekly sync", err: ErrNoTimeOfDay, topic: "sync"},
		{in: "every year on dec 1 at 10", err: ErrInvalid},
		{in: "review yearly at 3pm", err: ErrInvalid, topic: "review"},
		{in: "annually on jan 5 at 9am audit", err: ErrInvalid, topic: "audit"},
	}
	ok := 0
	for _, tt := range tests {
		if tt.err != 0 {
			r, err := Parse(tt.in, now, loc)
			var pe *Error
			if !errors.As(err, &pe) || pe.Kind != tt.err || pe.Partial.Topic != tt.topic {
				t.Errorf("%q: got %v (%+v), want error kind %d with topic %q", tt.in, err, r, tt.err, tt.topic)
				continue
			}
			ok++
			continue
		}
		if checkRecCase(t, recCase{tt.in, tt.start, tt.rec, tt.topic, tt.dur}, now, loc) {
			ok++
		}
	}
	t.Logf("recurrence adjectives: %d/%d right", ok, len(tests))
}
