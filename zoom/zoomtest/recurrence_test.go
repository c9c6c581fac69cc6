package zoomtest_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/zoombot/zoombot/zoom/zoomtest"
)

func TestOccurrences(t *testing.T) {
	tests := []struct {
		name       string
		start      string // local to tz
		tz         string
		recurrence map[string]any
		want       []string // UTC starts
	}{
		{"daily every 2 days", "2026-02-02T10:00:00", "UTC", map[string]any{"type": 1, "repeat_interval": 2, "end_times": 3},
			[]string{"2026-02-02T10:00:00Z", "2026-02-04T10:00:00Z", "2026-02-06T10:00:00Z"}},
		{"weekly Mon+Wed from a Tuesday", "2026-02-03T09:30:00", "UTC", map[string]any{"type": 2, "weekly_days": "2,4", "end_times": 4},
			[]string{"2026-02-04T09:30:00Z", "2026-02-09T09:30:00Z", "2026-02-11T09:30:00Z", "2026-02-16T09:30:00Z"}},
		{"biweekly Friday", "2026-02-06T17:00:00", "UTC", map[string]any{"type": 2, "repeat_interval": 2, "weekly_days": "6", "end_times": 3},
			[]string{"2026-02-06T17:00:00Z", "2026-02-20T17:00:00Z", "2026-03-06T17:00:00Z"}},
		{"weekly across DST keeps local time", "2026-03-23T09:00:00", "Europe/Berlin", map[string]any{"type": 2, "weekly_days": "2", "end_times": 2},
			[]string{"2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z"}},
		{"monthly day 31 clamps", "2026-01-31T12:00:00", "UTC", map[string]any{"type": 3, "monthly_day": 31, "end_times": 3},
			[]string{"2026-01-31T12:00:00Z", "2026-02-28T12:00:00Z", "2026-03-31T12:00:00Z"}},
		{"monthly day before start day starts next month", "2026-01-20T12:00:00", "UTC", map[string]any{"type": 3, "monthly_day": 5, "end_times": 2},
			[]string{"2026-02-05T12:00:00Z", "2026-03-05T12:00:00Z"}},
		{"monthly last Friday", "2026-01-01T08:00:00", "UTC", map[string]any{"type": 3, "monthly_week": -1, "monthly_week_day": 6, "end_times": 2},
			[]string{"2026-01-30T08:00:00Z", "2026-02-27T08:00:00Z"}},
		{"monthly second Tuesday every 3 months", "2026-01-01T08:00:00", "UTC", map[string]any{"type": 3, "repeat_interval": 3, "monthly_week": 2, "monthly_week_day": 3, "end_times": 2},
			[]string{"2026-01-13T08:00:00Z", "2026-04-14T08:00:00Z"}},
		{"end_date_time inclusive", "2026-02-02T10:00:00", "UTC", map[string]any{"type": 1, "end_date_time": "2026-02-04T10:00:00Z"},
			[]string{"2026-02-02T10:00:00Z", "2026-02-03T10:00:00Z", "2026-02-04T10:00:00Z"}},
		{"no end means once", "2026-02-02T10:00:00", "UTC", map[string]any{"type": 1},
			[]string{"2026-02-02T10:00:00Z"}},
	}
	h := start(t, &zoomtest.Server{})
	hostID := h.host("host@bot.example.com")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do("POST", "/users/"+hostID+"/meetings", map[string]any{
				"type": 8, "start_time": tt.start, "timezone": tt.tz, "duration": 20, "recurrence": tt.recurrence,
			})
			if r.status != 201 {
				t.Fatalf("%d %s", r.status, r.raw)
			}
			var got []string
			for _, o := range r.json["occurrences"].([]any) {
				o := o.(map[string]any)
				got = append(got, o["start_time"].(string))
				st, _ := time.Parse(time.RFC3339, o["start_time"].(string))
				if o["occurrence_id"] != strconv.FormatInt(st.UnixMilli(), 10) || o["duration"] != float64(20) || o["status"] != "available" {
					t.Errorf("occurrence %v", o)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("occurrences\n got %v\nwant %v", got, tt.want)
			}
			if r.json["recurrence"].(map[string]any)["type"] != float64(tt.recurrence["type"].(int)) {
				t.Errorf("recurrence echoed as %v", r.json["recurrence"])
			}
		})
	}
}

func TestOccurrencesCappedAt60(t *testing.T) {
	h := start(t, &zoomtest.Server{})
	r := h.do("POST", "/users/"+h.host("host@bot.example.com")+"/meetings", map[string]any{
		"type": 8, "start_time": "2026-02-02T10:00:00Z",
		"recurrence": map[string]any{"type": 1, "end_date_time": "2027-02-02T10:00:00Z"},
	})
	if n := len(r.json["occurrences"].([]any)); n != 60 {
		t.Errorf("%d occurrences, want 60", n)
	}
}

// Zoom's monthly_week is 1..4 or -1 (last), with a monthly_week_day: the
// last week may be the fourth or the fifth, and the rule keeps the local
// time across DST.
func TestOccurrencesMonthlyByWeekday(t *testing.T) {
	tests := []struct {
		name, start, tz string
		week, day       int
		want            []string
	}{
		{"last Monday is the fifth", "2026-03-01T10:00:00", "UTC", -1, 2,
			[]string{"2026-03-30T10:00:00Z", "2026-04-27T10:00:00Z", "2026-05-25T10:00:00Z"}},
		{"fourth Thursday", "2026-11-01T09:00:00", "UTC", 4, 5,
			[]string{"2026-11-26T09:00:00Z", "2026-12-24T09:00:00Z", "2027-01-28T09:00:00Z"}},
		{"last Saturday of a 28-day February", "2027-02-01T09:00:00", "UTC", -1, 7,
			[]string{"2027-02-27T09:00:00Z", "2027-03-27T09:00:00Z", "2027-04-24T09:00:00Z"}},
		{"first Monday across DST keeps 10am", "2027-02-01T10:00:00", "America/New_York", 1, 2,
			[]string{"2027-02-01T15:00:00Z", "2027-03-01T15:00:00Z", "2027-04-05T14:00:00Z"}},
		{"a start after this month's day begins next month", "2026-12-10T10:00:00", "UTC", 1, 2,
			[]string{"2027-01-04T10:00:00Z", "2027-02-01T10:00:00Z", "2027-03-01T10:00:00Z"}},
	}
	h := start(t, &zoomtest.Server{})
	hostID := h.host("host@bot.example.com")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do("POST", "/users/"+hostID+"/meetings", map[string]any{"type": 8, "start_time": tt.start, "timezone": tt.tz,
				"recurrence": map[string]any{"type": 3, "monthly_week": tt.week, "monthly_week_day": tt.day, "end_times": 3}})
			if r.status != 201 {
				t.Fatalf("%d %s", r.status, r.raw)
			}
			var got []string
			for _, o := range r.json["occurrences"].([]any) {
				got = append(got, o.(map[string]any)["start_time"].(string))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("occurrences\n got %v\nwant %v", got, tt.want)
			}
			rec := r.json["recurrence"].(map[string]any)
			if rec["monthly_week"] != float64(tt.week) || rec["monthly_week_day"] != float64(tt.day) || rec["monthly_day"] != nil {
				t.Errorf("recurrence echoed as %v", rec)
			}
		})
	}
}

// Zoom refuses a week outside -1, 1..4 and a week without its weekday.
func TestMonthlyByWeekdayValidation(t *testing.T) {
	h := start(t, &zoomtest.Server{})
	hostID := h.host("host@bot.example.com")
	for _, rec := range []map[string]any{
		{"type": 3, "monthly_week": 5, "monthly_week_day": 2, "end_times": 2},
		{"type": 3, "monthly_week": 0, "monthly_week_day": 2, "end_times": 2},
		{"type": 3, "monthly_week": -2, "monthly_week_day": 2, "end_times": 2},
		{"type": 3, "monthly_week": 1, "end_times": 2},
		{"type": 3, "monthly_week_day": 2, "end_times": 2},
		{"type": 3, "monthly_week": 1, "monthly_week_day": 8, "end_times": 2},
	} {
		r := h.do("POST", "/users/"+hostID+"/meetings", map[string]any{"type": 8, "start_time": "2027-01-04T10:00:00Z", "recurrence": rec})
		if r.status != 400 {
			t.Errorf("%v: status %d, want 400: %s", rec, r.status, r.raw)
		}
	}
}
