package timeparse

import (
	"errors"
	"testing"
	"time"
)

var fuzzZones = []string{"America/New_York", "Asia/Kolkata", "Pacific/Auckland", "Pacific/Honolulu", "Europe/London", "UTC"}

// FuzzParse: no panic, and either a typed error or a start at or after now
// in the caller's zone.
func FuzzParse(f *testing.F) {
	for _, tb := range tables {
		for _, c := range tb.cases {
			f.Add(c.in, int64(0), uint8(0))
		}
	}
	for _, tb := range extraTables {
		for _, c := range tb.cases {
			f.Add(c.in, int64(86400*45+3600*13), uint8(2))
		}
	}
	for _, tb := range append(append([]t12(nil), tables12...), heldOut12...) {
		for _, c := range tb.cases {
			f.Add(c.in, int64(0), uint8(1))
		}
	}
	// Recurrence adjectives in names take a second pass (titleadj.go).
	for _, in := range []string{"tomorrow 9am daily standup", "every weekday at 9:30 daily standup",
		"biweekly retro thursdays 2pm", "review yearly at 3pm", "weekly sync tomorrow 10am until dec 31"} {
		f.Add(in, int64(0), uint8(0))
	}
	base := time.Date(2026, 11, 27, 15, 15, 0, 0, time.UTC).Unix()
	f.Fuzz(func(t *testing.T, text string, offset int64, zone uint8) {
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		if err != nil {
			t.Fatal(err)
		}
		offset %= 3 * 366 * 86400 // keep now within a few years of 2026
		now := time.Unix(base+offset, 0).In(loc)
		began := time.Now()
		r, err := Parse(text, now, loc)
		if took := time.Since(began); took > 10*time.Second { // generous: CI machines are shared
			t.Fatalf("%q: took %v", text, took)
		}
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("%q: untyped error %v", text, err)
			}
			return
		}
		if r.Start.Before(now) {
			t.Fatalf("%q: start %v before now %v", text, r.Start, now)
		}
		if r.Start.Location() != loc {
			t.Fatalf("%q: start %v not in %v", text, r.Start, loc)
		}
		if r.Duration < 0 || r.Duration > 24*time.Hour {
			t.Fatalf("%q: duration %v", text, r.Duration)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	loc, _ := time.LoadLocation("America/New_York")
	now := time.Date(2026, 11, 27, 10, 15, 0, 0, loc)
	phrases := []string{
		"tomorrow 3pm standup",
		"every other friday 4pm demo for 45m",
		"1:1 with <@U123ABC|ana> next tues 10:30am-11",
		"Sun Life renewal dec 3 at 2pm PT (1h)",
		// Issue 12: a city zone, a monthly weekday series, clock words.
		"tomorrow 9am london time sync",
		"first monday of every month 10am all hands",
		"quarter past 3 tomorrow design crit",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Parse(phrases[i%len(phrases)], now, loc); err != nil {
			b.Fatal(err)
		}
	}
}
