package timeparse

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func init() {
	// A Monday morning before the working day.
	tables = append(tables, table{name: "monday", now: "2026-11-30 08:00", zone: "Europe/Paris", cases: []tc{
		{in: "monday 9am", start: "2026-12-07 09:00"},
		{in: "on monday at 9", start: "2026-12-07 09:00"},
		{in: "next monday 9am", start: "2026-12-07 09:00"},
		{in: "this monday 9am", start: "2026-11-30 09:00"},
		{in: "this monday 7am", err: ErrPast},
		{in: "9am", start: "2026-11-30 09:00"},
		{in: "7am", start: "2026-12-01 07:00"},
		{in: "today 9", start: "2026-11-30 09:00"},
		{in: "sunday 10am", start: "2026-12-06 10:00"},
		{in: "sunday next week 10am", start: "2026-12-13 10:00"},
		{in: "monday next week 10am", start: "2026-12-07 10:00"},
		{in: "friday this week 2pm", start: "2026-12-04 14:00"},
		{in: "this friday 2pm", start: "2026-12-04 14:00"},
		{in: "next week 10am", start: "2026-12-07 10:00"},
		{in: "morning standup", start: "2026-11-30 09:00", topic: "standup"},
		{in: "standup in the morning", start: "2026-11-30 09:00", topic: "standup"},
		{in: "afternoon sync", start: "2026-11-30 15:00", topic: "sync"},
		{in: "tonight", start: "2026-11-30 18:00"},
		{in: "14h00 call", start: "2026-11-30 14:00", topic: "call"},
		{in: "09h30 call", start: "2026-11-30 09:30", topic: "call"},
		{in: "call 1h30", err: ErrNoTime, topic: "call"},
		{in: "demain 10h", err: ErrNoTime},
		{in: "tomorrow 10h", err: ErrNoTimeOfDay},
	}})
}

func init() {
	// A summer Wednesday afternoon in London (BST).
	tables = append(tables, table{name: "london summer", now: "2027-06-16 16:45", zone: "Europe/London", cases: []tc{
		{in: "tomorrow 9am standup", start: "2027-06-17 09:00", topic: "standup"},
		{in: "4pm sync", start: "2027-06-17 16:00", topic: "sync"},
		{in: "5pm sync", start: "2027-06-16 17:00", topic: "sync"},
		{in: "friday 2pm", start: "2027-06-18 14:00"},
		{in: "this wednesday 5pm", start: "2027-06-16 17:00"},
		{in: "wednesday 5pm", start: "2027-06-23 17:00"},
		{in: "next week wednesday 10", start: "2027-06-23 10:00"},
		{in: "3pm ET tomorrow", start: "2027-06-17 20:00"},
		{in: "tonight 8", start: "2027-06-16 20:00"},
		{in: "in 2 hours", start: "2027-06-16 18:45"},
		{in: "jun 20 10am", start: "2027-06-20 10:00"},
		{in: "june 1 10am", start: "2028-06-01 10:00"},
		{in: "6/20 10am", start: "2027-06-20 10:00"},
		{in: "eod", start: "2027-06-16 17:00"},
		{in: "noon", start: "2027-06-17 12:00"},
		{in: "this afternoon", err: ErrPast},
		{in: "this evening", start: "2027-06-16 18:00"},
		{in: "tomorrow 9am CEST", start: "2027-06-17 08:00"},
		{in: "tomorrow 9am UTC", start: "2027-06-17 10:00"},
	}})
}

func TestErrorDetails(t *testing.T) {
	loc := mustLoc(t, "America/New_York")
	now := time.Date(2026, 11, 27, 10, 15, 0, 0, loc)
	_, err := Parse("dec 3 planning for 45m", now, loc)
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	want := Result{Start: time.Date(2026, 12, 3, 0, 0, 0, 0, loc), Duration: 45 * time.Minute, Topic: "planning"}
	if pe.Kind != ErrNoTimeOfDay || !pe.Partial.Start.Equal(want.Start) || pe.Partial.Duration != want.Duration || pe.Partial.Topic != want.Topic {
		t.Errorf("got %+v, want kind %d partial %+v", pe, ErrNoTimeOfDay, want)
	}
	if !strings.Contains(pe.Error(), pe.Msg) || !strings.Contains(pe.Error(), pe.Suggestion) {
		t.Errorf("Error() = %q lacks msg or suggestion", pe.Error())
	}
	if !strings.Contains(pe.Suggestion, "dec 3") {
		t.Errorf("suggestion %q should reuse the user's date", pe.Suggestion)
	}
	_, err = Parse(strings.Repeat("standup ", 200)+"tomorrow 3pm", now, loc)
	if !errors.As(err, &pe) || pe.Kind != ErrInvalid {
		t.Errorf("very long input: err = %v, want ErrInvalid", err)
	}
	// A nil location means UTC rather than a panic.
	r, err := Parse("tomorrow 3pm", now, nil)
	if err != nil || r.Start.Location() != time.UTC || r.Start.Hour() != 15 {
		t.Errorf("nil loc: %v %v", r.Start, err)
	}
}
