package bot

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestICSFile(t *testing.T) {
	m := goldenSeries()
	m.Topic = "Retro; Q4, part \\ two " + strings.Repeat("long ", 20)
	got := icsFile(m, time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC))
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "UID:zoom-81234567890@zoombot\r\n", "DTSTART:20261130T200000Z\r\n",
		"DTEND:20261130T204500Z\r\n", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10\r\n", `SUMMARY:Retro\; Q4\, part \\ two`,
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("ics lacks %q:\n%s", want, got)
		}
	}
	for _, line := range strings.Split(got, "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets (RFC 5545 §3.1): %q", line)
		}
	}
	if strings.Contains(got, "zak=") {
		t.Error("the calendar file carries a start link")
	}
}

func TestGoogleCalendarURL(t *testing.T) {
	u, err := url.Parse(googleCalendarURL(goldenSeries()))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("dates") != "20261130T200000Z/20261130T204500Z" || q.Get("text") != "Standup" ||
		q.Get("recur") != "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10" || !strings.Contains(q.Get("details"), "/j/81234567890") {
		t.Errorf("query: %v", q)
	}
}
