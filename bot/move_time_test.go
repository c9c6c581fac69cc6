package bot

import (
	"testing"
	"time"
)

func TestMoveTime(t *testing.T) {
	u := &slackUser{ID: "UANA", Loc: newYork, Locale: "en-US"}
	from := time.Date(2026, 12, 3, 15, 0, 0, 0, newYork) // a Thursday
	at := func(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, newYork) }
	for _, tt := range []struct {
		text  string
		start time.Time
		d     time.Duration
	}{
		{"to 4pm", at(3, 16, 0), 30 * time.Minute}, // a time alone keeps the day
		{"at 9:15", at(3, 9, 15), 30 * time.Minute},
		{"tomorrow 4pm", time.Date(2026, 11, 28, 16, 0, 0, 0, newYork), 30 * time.Minute},
		{"to fri 10am for 45m", at(4, 10, 0), 45 * time.Minute},
		{"dec 10 2pm", at(10, 14, 0), 30 * time.Minute},
		{"+30m", at(3, 15, 30), 30 * time.Minute},
		{"-15 min", at(3, 14, 45), 30 * time.Minute},
		{"30 minutes later", at(3, 15, 30), 30 * time.Minute},
		{"an hour earlier", at(3, 14, 0), 30 * time.Minute},
		{"half an hour later", at(3, 15, 30), 30 * time.Minute},
		{"later by 2h", at(3, 17, 0), 30 * time.Minute},
		{"+1h for 45m", at(3, 16, 0), 45 * time.Minute},
		{"for 45m", at(3, 15, 0), 45 * time.Minute},
		{"for an hour", at(3, 15, 0), time.Hour},
	} {
		start, d, err := moveTime(tt.text, from, 30*time.Minute, testNow, u)
		if err != nil || !start.Equal(tt.start) || d != tt.d {
			t.Errorf("moveTime(%q) = %v, %v, %v; want %v, %v", tt.text, start, d, err, tt.start, tt.d)
		}
	}
	for _, text := range []string{"sometime next week", "every monday 10am", "to 4pm standup", "banana", "yesterday 3pm"} {
		if _, _, err := moveTime(text, from, 30*time.Minute, testNow, u); err == nil {
			t.Errorf("moveTime(%q): no error", text)
		} else if _, ok := asUserError(err); !ok {
			t.Errorf("moveTime(%q): %v is no user error", text, err)
		}
	}
}
