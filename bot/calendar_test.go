package bot

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoombot/zoombot/bot/timeparse"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
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

// TestICSFileOfAChangedSeries: one meeting moved is an override with its
// RECURRENCE-ID, one cancelled an EXDATE, and the rule starts where the
// series first did even when that meeting moved.
func TestICSFileOfAChangedSeries(t *testing.T) {
	m := goldenSeries()
	week := 7 * 24 * time.Hour
	for i := range 3 {
		orig := m.Start.Add(time.Duration(i) * week)
		m.Occurrences = append(m.Occurrences, storage.Occurrence{OccurrenceID: strconv.FormatInt(orig.UnixMilli(), 10), Start: orig, Duration: m.Duration})
	}
	m.Occurrences[0].Start = m.Occurrences[0].Start.Add(26 * time.Hour) // moved to Tuesday 4pm
	m.Occurrences[2].Status = storage.StatusCancelled
	m.Start = m.Occurrences[1].Start // the store's first start is the earliest
	got := icsFile(m, time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC))
	for _, want := range []string{
		"DTSTART:20261130T200000Z\r\nDTEND:20261130T204500Z\r\n", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10\r\nEXDATE:20261214T200000Z\r\n",
		"DTSTART:20261201T220000Z\r\nDTEND:20261201T224500Z\r\n", "RECURRENCE-ID:20261130T200000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("ics lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "BEGIN:VEVENT"); n != 2 {
		t.Errorf("%d events, want the series and one override", n)
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

// Monthly series by weekday map onto Zoom's monthly_week and
// monthly_week_day and RFC 5545's BYDAY=1MO / -1FR (issue 12).
func TestZoomRecurrenceMonthlyByWeekday(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	start := time.Date(2026, 12, 7, 10, 0, 0, 0, ny)
	for _, tt := range []struct {
		week     int
		day      time.Weekday
		interval int
		zoomDay  int
		rrule    string
		text     string
	}{
		{1, time.Monday, 1, 2, "FREQ=MONTHLY;BYDAY=1MO;COUNT=12", "monthly on the first Monday, 12 times"},
		{-1, time.Friday, 1, 6, "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12", "monthly on the last Friday, 12 times"},
		{2, time.Tuesday, 3, 3, "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;COUNT=4", "every 3 months on the second Tuesday, 4 times"},
	} {
		r := &timeparse.Recurrence{Freq: timeparse.Monthly, Interval: tt.interval, Weekdays: []time.Weekday{tt.day}, WeekOfMonth: tt.week}
		zr, st := zoomRecurrence(r, start)
		if zr.Type != zoom.RecurMonthly || zr.MonthlyWeek != tt.week || zr.MonthlyWeekDay != tt.zoomDay || zr.MonthlyDay != 0 || zr.RepeatInterval != tt.interval {
			t.Errorf("%s: Zoom recurrence %+v", tt.text, zr)
		}
		raw, _ := json.Marshal(st)
		if got := rrule(&storage.Meeting{Recurrence: string(raw)}); got != tt.rrule {
			t.Errorf("%s: RRULE %s, want %s", tt.text, got, tt.rrule)
		}
		if st.Text != tt.text {
			t.Errorf("text %q, want %q", st.Text, tt.text)
		}
	}
}
