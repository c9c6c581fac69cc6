package timeparse

import "testing"

// heldOut12 is issue 12's held-out set: written, with its expectations
// worked out by hand (zone conversions checked against Python's
// zoneinfo), and committed before it was ever run (b1b26a0). Users in ten
// zones and locales; every new convention and where they meet.
//
// First run: 143 phrases; start right 140 (97.9%); all fields right 139
// (97.2%); 1 silent misread: "every thursday 4pm until thanksgiving"
// started on Thanksgiving (an end the rules could not read was taken for
// the series' start). The other misses were refusals: "26.12. 10:00
// boxing day brunch" and "call at 11 tmrw london time"; and one field:
// "mon-wed-fri" read as a span. Fixed since: "until" takes holidays and an
// unread "until" is refused, a holiday name before a title word is a name,
// a zone may follow "at 11 tmrw", and a dash list of three days is a list.
var heldOut12 = []t12{
	{name: "Chicago en-US", now: "2027-01-13 08:30", zone: "America/Chicago", locale: "en-US", cases: []c12{
		{in: "eng sync quarter past 9", start: "2027-01-13 09:15", topic: "eng sync"},
		{in: "design crit half past two tomorrow", start: "2027-01-14 14:30", topic: "design crit"},
		{in: "1:1 w/ priya twenty to four on friday", start: "2027-01-15 15:40", topic: "1:1 w/ priya"},
		{in: "standup same time tomorrow", start: "2027-01-14 08:30", topic: "standup"},
		{in: "all hands first thursday of every month 11am", start: "2027-02-04 11:00", rec: "monthly on the first Thursday", topic: "all hands"},
		{in: "ops review last wednesday of the month 2pm", start: "2027-01-27 14:00", rec: "monthly on the last Wednesday", topic: "ops review"},
		{in: "vendor call 10am ET tomorrow", start: "2027-01-14 09:00", topic: "vendor call"},
		{in: "sync with london 9am london time monday", start: "2027-01-18 03:00", topic: "sync with london"},
		{in: "valentine's day dinner 7pm", start: "2027-02-14 19:00", topic: "valentine's day dinner"},
		{in: "2/3 10am budget", start: "2027-02-03 10:00", topic: "budget"},
		{in: "every 2nd friday 3pm demo", err: ErrUnclear},
		{in: "sometime next week 2pm", err: ErrUnclear},
		{in: "feb 29 9am", err: ErrInvalid},
		{in: "retro in a fortnight 4pm", start: "2027-01-27 16:00", topic: "retro"},
		{in: "board prep 3pm in new york", start: "2027-01-13 14:00", topic: "board prep"},
		{in: "tomorrow noon PST", start: "2027-01-14 14:00"},
		{in: "launch 2 weeks from friday 10am", start: "2027-01-29 10:00", topic: "launch"},
		{in: "1:1 next week tuesday at quarter past 2", start: "2027-01-19 14:15", topic: "1:1"},
		{in: "lunch and learn 12:30 in chicago", start: "2027-01-13 12:30", topic: "lunch and learn"},
		{in: "call 8am sao paulo time thursday", start: "2027-01-14 05:00", topic: "call"},
		{in: "every 2nd tuesday of the month 10am", start: "2027-02-09 10:00", rec: "monthly on the second Tuesday"},
		{in: "tomorrow half past noon", start: "2027-01-14 12:30"},
	}},
	// New York is on summer time from Mar 14, London only from Mar 28.
	{name: "London en-GB, gap week", now: "2027-03-22 11:05", zone: "Europe/London", locale: "en-GB", cases: []c12{
		{in: "call with NY 3pm ET tomorrow", start: "2027-03-23 19:00", topic: "call with NY"},
		{in: "standup 9:30 new york time wed", start: "2027-03-24 13:30", topic: "standup"},
		{in: "quarterly planning 4/5 10am", start: "2027-05-04 10:00", topic: "quarterly planning"},
		{in: "half 2 thursday catch-up", start: "2027-03-25 14:30", topic: "catch-up"},
		{in: "team drinks friday at half five", start: "2027-03-26 17:30", topic: "team drinks"},
		{in: "sync 10am ET on 1/4", start: "2027-04-01 15:00", topic: "sync"},
		{in: "dentist 12/25 9am", err: ErrUnclear},
		{in: "weekly 1:1 tue/thu 10am", start: "2027-03-23 10:00", rec: "every Tuesday and Thursday", topic: "weekly 1:1"},
		{in: "first monday of april 9am kickoff", start: "2027-04-05 09:00", topic: "kickoff"},
		{in: "same time next week", start: "2027-03-29 11:05"},
		{in: "a week tomorrow 2pm", start: "2027-03-30 14:00"},
		{in: "easter monday 10am", err: ErrUnclear},
		{in: "lunch 1pm (sydney)", start: "2027-03-23 02:00", topic: "lunch"},
		{in: "every mon-fri 8:45 standup until 30/4", start: "2027-03-23 08:45", rec: "every weekday, until Apr 30", topic: "standup"},
		{in: "demo 4pm martian time", err: ErrUnclear},
	}},
	// London is back on GMT since Oct 25, New York on summer time until Nov 1.
	{name: "Berlin de-DE", now: "2026-10-29 16:20", zone: "Europe/Berlin", locale: "de-DE", cases: []c12{
		{in: "Jour fixe 3.11. 10:00", start: "2026-11-03 10:00", topic: "Jour fixe"},
		{in: "Abstimmung 05.11.2026 14:30", start: "2026-11-05 14:30", topic: "Abstimmung"},
		{in: "call 9am new york time tomorrow", start: "2026-10-30 14:00", topic: "call"},
		{in: "call 9am new york time monday", start: "2026-11-02 15:00", topic: "call"},
		{in: "sync 10:00 london time tomorrow", start: "2026-10-30 11:00", topic: "sync"},
		{in: "retro 5/11 15:00", start: "2026-11-05 15:00", topic: "retro"},
		{in: "halloween party 7pm", start: "2026-10-31 19:00", topic: "halloween party"},
		{in: "quarter to 5", start: "2026-10-29 16:45"},
		{in: "team call every other thursday 4pm", start: "2026-11-05 16:00", rec: "every other Thursday", topic: "team call"},
		{in: "offsite prep 2 weeks from monday 9am", start: "2026-11-16 09:00", topic: "offsite prep"},
		{in: "friday at midnight", start: "2026-10-31 00:00"},
		{in: "planning 10am UTC+1 tomorrow", start: "2026-10-30 10:00", topic: "planning"},
		{in: "review tomorrow or friday 2pm", err: ErrUnclear},
		{in: "1:1 last friday of the month 11:00", start: "2026-10-30 11:00", rec: "monthly on the last Friday", topic: "1:1"},
		{in: "Weihnachtsfeier 18.12. 18:00", start: "2026-12-18 18:00", topic: "Weihnachtsfeier"},
		{in: "quarter past midnight saturday", start: "2026-11-01 00:15"},
	}},
	{name: "Bangalore en-IN", now: "2026-12-15 19:45", zone: "Asia/Kolkata", locale: "en-IN", cases: []c12{
		{in: "call 5/1 4pm", start: "2027-01-05 16:00", topic: "call"},
		{in: "standup every weekday 10am IST", start: "2026-12-16 10:00", rec: "every weekday", topic: "standup"},
		{in: "sync with SF team 9am PT tomorrow", start: "2026-12-16 22:30", topic: "sync with SF team"},
		{in: "christmas eve 6pm", start: "2026-12-24 18:00"},
		{in: "new year's eve party 10pm", start: "2026-12-31 22:00", topic: "new year's eve party"},
		{in: "the day after tomorrow at half past 11", start: "2026-12-17 11:30"},
		{in: "demo 3pm singapore time", start: "2026-12-16 12:30", topic: "demo"},
		{in: "monthly review 2nd monday of every month 3pm", start: "2027-01-11 15:00", rec: "monthly on the second Monday", topic: "monthly review"},
		{in: "tomorrow at quarter to nine", start: "2026-12-16 08:45"},
		{in: "team lunch 1pm bengaluru time friday", start: "2026-12-18 13:00", topic: "team lunch"},
		{in: "26.12. 10:00 boxing day brunch", start: "2026-12-26 10:00", topic: "boxing day brunch"},
		{in: "every 2nd and last thursday 5pm", err: ErrUnclear},
		{in: "call at 11 tmrw london time", start: "2026-12-16 16:30", topic: "call"},
		{in: "dinner same time thursday", start: "2026-12-17 19:45", topic: "dinner"},
		{in: "demo 10:30am GMT+4 tomorrow", start: "2026-12-16 12:00", topic: "demo"},
	}},
	{name: "Sydney en-AU", now: "2027-02-05 09:00", zone: "Australia/Sydney", locale: "en-AU", cases: []c12{
		{in: "board meeting 1/3 2pm", start: "2027-03-01 14:00", topic: "board meeting"},
		{in: "sync 9am AEST monday", start: "2027-02-08 09:00", topic: "sync"},
		{in: "call with LA 4pm PT tomorrow", start: "2027-02-07 11:00", topic: "call with LA"},
		{in: "valentine's day 7:30pm", start: "2027-02-14 19:30"},
		{in: "quarter past 10", start: "2027-02-05 10:15"},
		{in: "every last friday of the month 4pm drinks", start: "2027-02-26 16:00", rec: "monthly on the last Friday", topic: "drinks"},
		{in: "1:1 a week today 3pm", start: "2027-02-12 15:00", topic: "1:1"},
		{in: "planning day after tomorrow 10am", start: "2027-02-07 10:00", topic: "planning"},
		{in: "demo 11am (auckland)", start: "2027-02-06 09:00", topic: "demo"},
		{in: "after lunch friday", err: ErrUnclear},
		{in: "christmas in july party 6pm", err: ErrUnclear},
		{in: "standup mon, wed, fri 9:15", start: "2027-02-05 09:15", rec: "every Monday, Wednesday and Friday", topic: "standup"},
		{in: "retro 25/2 at half 4", start: "2027-02-25 16:30", topic: "retro"},
		{in: "all hands midday tomorrow", start: "2027-02-06 12:00", topic: "all hands"},
	}},
	{name: "Toronto en-CA", now: "2026-12-19 22:10", zone: "America/Toronto", locale: "en-CA", cases: []c12{
		{in: "1/4 9am kickoff", start: "2027-01-04 09:00", topic: "kickoff"},
		{in: "christmas day 10am brunch", start: "2026-12-25 10:00", topic: "brunch"},
		{in: "new year's day noon", start: "2027-01-01 12:00"},
		{in: "new year's eve at midnight", start: "2027-01-01 00:00"},
		{in: "same time monday sync", start: "2026-12-21 22:10", topic: "sync"},
		{in: "hockey night 7pm tomorrow", start: "2026-12-20 19:00", topic: "hockey night"},
		{in: "call 10am vancouver time tuesday", start: "2026-12-22 13:00", topic: "call"},
		{in: "1:1 every other monday 11am starting jan 4", start: "2027-01-04 11:00", rec: "every other Monday", topic: "1:1"},
		{in: "team sync first tuesday of next month 2pm", start: "2027-01-05 14:00", topic: "team sync"},
		{in: "in 2 weeks at 9", start: "2027-01-02 09:00"},
		{in: "boxing day 11am", err: ErrUnclear},
		{in: "twenty past 8 tomorrow morning", start: "2026-12-20 08:20"},
		{in: "standup 9am halifax time monday", start: "2026-12-21 08:00", topic: "standup"},
		{in: "first friday of january 2027 at 4", start: "2027-01-01 16:00"},
	}},
	{name: "Tokyo ja-JP", now: "2027-06-07 13:00", zone: "Asia/Tokyo", locale: "ja-JP", cases: []c12{
		{in: "定例 6/10 15:00", start: "2027-06-10 15:00", topic: "定例"},
		{in: "sync 9am PT thursday", start: "2027-06-11 01:00", topic: "sync"},
		{in: "1on1 every other wednesday 10am", start: "2027-06-09 10:00", rec: "every other Wednesday", topic: "1on1"},
		{in: "review quarter to 6 tomorrow", start: "2027-06-08 17:45", topic: "review"},
		{in: "monthly sync on the 3rd friday 4pm", start: "2027-06-18 16:00", rec: "monthly on the third Friday", topic: "monthly sync"},
		{in: "call 8am london time tomorrow", start: "2027-06-08 16:00", topic: "call"},
		{in: "tomorrow 10:00 UTC", start: "2027-06-08 19:00"},
		{in: "3/4 10am", start: "2028-03-04 10:00"},
		{in: "same time next week", start: "2027-06-14 13:00"},
		{in: "every 2nd monday 9am", err: ErrUnclear},
	}},
	{name: "Sao Paulo pt-BR", now: "2027-04-14 10:00", zone: "America/Sao_Paulo", locale: "pt-BR", cases: []c12{
		{in: "reunião 20/4 14h00", start: "2027-04-20 14:00", topic: "reunião"},
		{in: "call 9am new york time friday", start: "2027-04-16 10:00", topic: "call"},
		{in: "sync 10:30 lisbon time tomorrow", start: "2027-04-15 06:30", topic: "sync"},
		{in: "1/5 9am", start: "2027-05-01 09:00"},
		{in: "every first monday 9am planning", start: "2027-05-03 09:00", rec: "monthly on the first Monday", topic: "planning"},
		{in: "happy hour friday half past 6", start: "2027-04-16 18:30", topic: "happy hour"},
		{in: "kickoff 2 weeks from today 3pm", start: "2027-04-28 15:00", topic: "kickoff"},
		{in: "demo 11am buenos aires time", start: "2027-04-14 11:00", topic: "demo"},
	}},
	// The US clocks go back at 2am today.
	{name: "Los Angeles, no locale, fall-back night", now: "2026-11-01 00:30", zone: "America/Los_Angeles", cases: []c12{
		{in: "same time tomorrow", start: "2026-11-02 00:30"},
		{in: "standup tomorrow 9am", start: "2026-11-02 09:00", topic: "standup"},
		{in: "3/12 10am", start: "2027-03-12 10:00"},
		{in: "sync 9am ET tomorrow", start: "2026-11-02 06:00", topic: "sync"},
		{in: "thanksgiving 1pm family call", start: "2026-11-26 13:00", topic: "family call"},
		{in: "1:1 this time next week", start: "2026-11-08 00:30", topic: "1:1"},
		{in: "quarter past 1 monday", start: "2026-11-02 13:15"},
		{in: "planning 10am london time monday", start: "2026-11-02 02:00", topic: "planning"},
		{in: "every thursday 4pm until thanksgiving", start: "2026-11-05 16:00", rec: "every Thursday, until Nov 26"},
		{in: "midnight deploy saturday", start: "2026-11-08 00:00", topic: "deploy"},
		{in: "2:30am tomorrow maintenance", start: "2026-11-02 02:30", topic: "maintenance"},
	}},
	// New York goes to summer time on Mar 14, London on Mar 28.
	{name: "New York en-US, before the change", now: "2027-03-09 17:00", zone: "America/New_York", locale: "en-US", cases: []c12{
		{in: "london sync 9am london time monday", start: "2027-03-15 05:00", topic: "london sync"},
		{in: "london sync 9am london time mon mar 29", start: "2027-03-29 04:00", topic: "london sync"},
		{in: "tomorrow 8am CET", start: "2027-03-10 02:00"},
		{in: "call 5pm IST thursday", start: "2027-03-11 06:30", topic: "call"},
		{in: "every tue and thu 9:30 standup", start: "2027-03-11 09:30", rec: "every Tuesday and Thursday", topic: "standup"},
		{in: "3rd thursday of every month at 6pm meetup", start: "2027-03-18 18:00", rec: "monthly on the third Thursday", topic: "meetup"},
		{in: "happy hour thursday 5-7pm", start: "2027-03-11 17:00", dur: 120, topic: "happy hour"},
		{in: "quarter to 10 tomorrow interview", start: "2027-03-10 09:45", topic: "interview"},
		{in: "st patrick's day 5pm", err: ErrUnclear},
		{in: "1:1 next week wednesday 2pm", start: "2027-03-17 14:00", topic: "1:1"},
		{in: "demo 2pm PST friday", start: "2027-03-12 17:00", topic: "demo"},
		{in: "sync 11am (paris) tomorrow", start: "2027-03-10 05:00", topic: "sync"},
		{in: "demo 3pm paris office", start: "2027-03-10 15:00", topic: "demo paris office"},
		{in: "tomorrow 4pm GMT-3", start: "2027-03-10 14:00"},
		{in: "tomorrow 9 in the morning", start: "2027-03-10 09:00"},
		{in: "1st and 3rd tuesday of the month 10am", err: ErrUnclear},
		{in: "yoga every mon-wed-fri 7am", start: "2027-03-10 07:00", rec: "every Monday, Wednesday and Friday", topic: "yoga"},
		{in: "first monday of every month 9am london time", start: "2027-04-05 04:00", rec: "monthly on the first Monday"},
	}},
}

// TestHeldOut12 reports the held-out score. (It only logged until its
// first run, so that the set could be committed before it.)
func TestHeldOut12(t *testing.T) {
	s := run12(t, heldOut12)
	for _, m := range s.misses {
		t.Error("miss: " + m)
	}
	t.Logf("held-out 12: %d phrases; start right %d (%.1f%%); all fields right %d (%.1f%%); silent misreads %d",
		s.total, s.start, 100*float64(s.start)/float64(s.total), s.all, 100*float64(s.all)/float64(s.total), s.silent)
}
