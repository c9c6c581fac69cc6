package timeparse

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// heldOut2 is a second held-out set for issue 12's conventions 13-20 and
// where they meet: written by hand from doc.go and the issue alone (zone
// conversions and weekdays checked with Python's zoneinfo and calendar,
// never with this parser) and committed before its first run. Users in
// nine zones and six locales (and none); "now" on both sides of the
// weeks when New York and London are 4 hours apart, Sydney's last week of
// summer time and the US spring-forward night. Cases share c12 and t12
// with heldout12_test.go; a recurrence is also checked field by field
// (frequency, interval, weekdays, week of the month, count, end).
//
// First run (0078286 as committed): 217 phrases; start right 216 (99.5%);
// all fields right 216 (99.5%); 0 silent misreads. The one miss is a
// refusal: "reunião 25/1 10h00" asks for a time. doc.go names only "14h00"
// and "09h30" as clock times and "1h30" as a duration, so the expectation
// went beyond the documented convention. Since fe06908 two-digit hours
// with "h" (10h00-12h59 too) are clock times, so the set now scores 100%.
var heldOut2 = []t12{
	// Both still on winter time: London is 8 hours ahead until Mar 14 (US
	// change), 7 until Mar 28 (UK change), then 8 again.
	{name: "Los Angeles en-US, before both changes", now: "2027-03-10 16:40", zone: "America/Los_Angeles", locale: "en-US", cases: []c12{
		{in: "eng sync 9am london time tomorrow", start: "2027-03-11 01:00", topic: "eng sync"},
		{in: "standup 9am london time mon", start: "2027-03-15 02:00", topic: "standup"},
		{in: "standup 9am london time on 3/29", start: "2027-03-29 01:00", topic: "standup"},
		{in: "design review 8am in tokyo", start: "2027-03-11 15:00", topic: "design review"},
		{in: "1:1 same time next week", start: "2027-03-17 16:40", topic: "1:1"},
		{in: "quarter to 8 tomorrow", start: "2027-03-11 07:45"},
		{in: "all hands first wednesday of every month 10am", start: "2027-04-07 10:00", rec: "monthly on the first Wednesday", topic: "all hands"},
		{in: "every 3rd friday 2pm", err: ErrUnclear},
		{in: "retro 4pm (new york) friday", start: "2027-03-12 13:00", topic: "retro"},
		{in: "vendor call thursday 5pm CEST", start: "2027-03-11 08:00", topic: "vendor call"},
		{in: "demo 2pm PT on 3/16", start: "2027-03-16 14:00", topic: "demo"},
		{in: "10am ET 3/15", start: "2027-03-15 07:00"},
		{in: "sometime thursday 2pm", err: ErrUnclear},
		{in: "lunch half past 12 friday", start: "2027-03-12 12:30", topic: "lunch"},
		{in: "thanksgiving dinner 5pm", start: "2027-11-25 17:00", topic: "thanksgiving dinner"},
		{in: "tomorrow 9am london time / 1am PT", start: "2027-03-11 01:00"},
		{in: "hike 9am tomorrow (seattle)", start: "2027-03-11 09:00", topic: "hike"},
	}},
	// 2am does not exist tomorrow; London's 9am is still before the jump
	// (1am PST), its 11am after it (4am PDT).
	{name: "Los Angeles en-US, spring-forward eve", now: "2027-03-13 02:30", zone: "America/Los_Angeles", locale: "en-US", cases: []c12{
		{in: "on-call sync same time tomorrow", start: "2027-03-14 03:30", topic: "on-call sync"},
		{in: "eu sync tomorrow 9am london time", start: "2027-03-14 01:00", topic: "eu sync"},
		{in: "tomorrow 11am london time", start: "2027-03-14 04:00"},
		{in: "pairing this time next week", start: "2027-03-20 02:30", topic: "pairing"},
		{in: "backup job at midnight", start: "2027-03-14 00:00", topic: "backup job"},
		{in: "db migration tomorrow 2:15am", start: "2027-03-14 03:15", topic: "db migration"},
	}},
	// London back on GMT since Oct 25, New York on EDT until Nov 1.
	{name: "London en-GB, autumn gap week", now: "2026-10-27 09:10", zone: "Europe/London", locale: "en-GB", cases: []c12{
		{in: "catch-up with the boston team 2pm ET tomorrow", start: "2026-10-28 18:00", topic: "catch-up with the boston team"},
		{in: "standup 9am new york time monday", start: "2026-11-02 14:00", topic: "standup"},
		{in: "board call 10am NYC time fri", start: "2026-10-30 14:00", topic: "board call"},
		{in: "retro half 4 on thursday", start: "2026-10-29 16:30", topic: "retro"},
		{in: "planning 3/11 10am", start: "2026-11-03 10:00", topic: "planning"},
		{in: "offsite 11/25 9am", err: ErrUnclear},
		{in: "fireworks social 5/11 at 7pm", start: "2026-11-05 19:00", topic: "fireworks social"},
		{in: "halloween quiz 6pm", start: "2026-10-31 18:00", topic: "halloween quiz"},
		{in: "every last tuesday 11am", start: "2026-10-27 11:00", rec: "monthly on the last Tuesday"},
		{in: "sync same time next week", start: "2026-11-03 09:10", topic: "sync"},
		{in: "school run thursday week 8:30", err: ErrUnclear},
		{in: "hangout 3pm sydney time wed", start: "2026-10-28 04:00", topic: "hangout"},
		{in: "1:1 a week from thursday 2pm", start: "2026-11-05 14:00", topic: "1:1"},
		{in: "tomorrow 10am GMT+2", start: "2026-10-28 08:00"},
		{in: "ten past 9 tomorrow", start: "2026-10-28 09:10"},
		{in: "interview 4pm WAT", err: ErrUnclear},
	}},
	// London on GMT since Oct 31, New York on EDT until Nov 7.
	{name: "Kolkata en-IN, Europe back, US not", now: "2027-11-02 18:20", zone: "Asia/Kolkata", locale: "en-IN", cases: []c12{
		{in: "client call 9am ET thursday", start: "2027-11-04 18:30", topic: "client call"},
		{in: "QBR 9am ET next tuesday", start: "2027-11-09 19:30", topic: "QBR"},
		{in: "sync 10am london time tomorrow", start: "2027-11-03 15:30", topic: "sync"},
		{in: "vendor demo 12/11 at 4pm", start: "2027-11-12 16:00", topic: "vendor demo"},
		{in: "diwali 7pm", err: ErrUnclear},
		{in: "standup mon-fri 9:30 IST", start: "2027-11-03 09:30", rec: "every weekday", topic: "standup"},
		{in: "all hands last friday of every month 5pm", start: "2027-11-26 17:00", rec: "monthly on the last Friday", topic: "all hands"},
		{in: "half past seven tomorrow", start: "2027-11-03 07:30"},
		{in: "twenty to 6 tomorrow", start: "2027-11-03 17:40"},
		{in: "christmas eve 4pm", start: "2027-12-24 16:00"},
		{in: "sprint demo 11am (singapore) friday", start: "2027-11-05 08:30", topic: "sprint demo"},
		{in: "review 10am AEDT tomorrow", start: "2027-11-03 04:30", topic: "review"},
		{in: "team call tomorrow 6pm mumbai", start: "2027-11-03 18:00", topic: "team call"},
		{in: "every 4th thursday 11am", err: ErrUnclear},
		{in: "1:1 in a fortnight at 11", start: "2027-11-16 11:00", topic: "1:1"},
		{in: "office hours 2-3pm ET tomorrow", start: "2027-11-03 23:30", dur: 60, topic: "office hours"},
		{in: "tomorrow 3pm thursday", err: ErrUnclear},
		{in: "every month on the 4th wednesday 4pm", start: "2027-11-24 16:00", rec: "monthly on the fourth Wednesday"},
		{in: "this time tomorrow", start: "2027-11-03 18:20"},
	}},
	// Sydney leaves summer time (UTC+11) on Sunday Apr 4; London is on BST
	// since Mar 28, Los Angeles on PDT. Slack has no en-AU: en-GB.
	{name: "Sydney en-GB, last week of summer time", now: "2027-04-01 08:00", zone: "Australia/Sydney", locale: "en-GB", cases: []c12{
		{in: "catch-up with the seattle crew 3pm PT tomorrow", start: "2027-04-03 09:00", topic: "catch-up with the seattle crew"},
		{in: "sync 4pm PT monday", start: "2027-04-06 09:00", topic: "sync"},
		{in: "standup 9am london time friday", start: "2027-04-02 19:00", topic: "standup"},
		{in: "ops standup 9am london time tuesday", start: "2027-04-06 18:00", topic: "ops standup"},
		{in: "planning 6/4 10am", start: "2027-04-06 10:00", topic: "planning"},
		{in: "wrap-up 3pm AEST friday", start: "2027-04-02 15:00", topic: "wrap-up"},
		{in: "good friday 10am", err: ErrUnclear},
		{in: "monthly review first monday 2pm", start: "2027-04-05 14:00", rec: "monthly on the first Monday", topic: "monthly review"},
		{in: "drinks every last friday 5:30pm", start: "2027-04-30 17:30", rec: "monthly on the last Friday", topic: "drinks"},
		{in: "quarter past 9 tomorrow", start: "2027-04-02 09:15"},
		{in: "same time sunday", start: "2027-04-04 08:00"},
		{in: "a week from monday 10am", start: "2027-04-12 10:00"},
		{in: "retro 2pm auckland time friday", start: "2027-04-02 12:00", topic: "retro"},
		{in: "townhall 1pm perth", start: "2027-04-01 16:00", topic: "townhall"},
		{in: "10 after 9 monday", start: "2027-04-05 09:10"},
		{in: "standup mon wed fri 9am", start: "2027-04-02 09:00", rec: "every Monday, Wednesday and Friday", topic: "standup"},
		{in: "call tokyo time 9am", err: ErrUnclear},
		{in: "backup every first sunday at midnight", err: ErrUnclear},
	}},
	// Berlin moves to CEST on Sunday Mar 28; New York is on EDT since Mar 14.
	{name: "Berlin de-DE, US already on summer time", now: "2027-03-25 14:00", zone: "Europe/Berlin", locale: "de-DE", cases: []c12{
		{in: "Abteilungsrunde 30.3. 10:00", start: "2027-03-30 10:00", topic: "Abteilungsrunde"},
		{in: "Kundencall 9am new york time friday", start: "2027-03-26 14:00", topic: "Kundencall"},
		{in: "US sync 9am new york time monday", start: "2027-03-29 15:00", topic: "US sync"},
		{in: "Übergabe 1.4.2027 9:00", start: "2027-04-01 09:00", topic: "Übergabe"},
		{in: "retro 31/3 15:00", start: "2027-03-31 15:00", topic: "retro"},
		{in: "sprint review 4/13 10:00", err: ErrUnclear},
		{in: "quarter to 3", start: "2027-03-25 14:45"},
		{in: "half 5 tomorrow", start: "2027-03-26 17:30"},
		{in: "planning 10am UTC+2 monday", start: "2027-03-29 10:00", topic: "planning"},
		{in: "design sync 10am GMT+2 friday", start: "2027-03-26 09:00", topic: "design sync"},
		{in: "every first tuesday of the month 9:30", start: "2027-04-06 09:30", rec: "monthly on the first Tuesday"},
		{in: "deploy saturday at midnight", start: "2027-03-28 00:00", topic: "deploy"},
		{in: "tomorrow 3pm london time", start: "2027-03-26 16:00"},
		{in: "Vertriebscall tuesday 3pm london time", start: "2027-03-30 16:00", topic: "Vertriebscall"},
		{in: "launch monday 3pm or 4pm CET", err: ErrUnclear},
		{in: "handover same time next thursday", start: "2027-04-01 14:00", topic: "handover"},
		{in: "every sunday at midnight cleanup", start: "2027-03-29 00:00", rec: "every Monday", topic: "cleanup"},
		{in: "design crit tomorrow 4pm for 45m", start: "2027-03-26 16:00", dur: 45, topic: "design crit"},
		{in: "2nd friday of april 11:00", start: "2027-04-09 11:00"},
		{in: "october 2pm kickoff", err: ErrUnclear},
		{in: "the day after tomorrow 9:30", start: "2027-03-27 09:30"},
		{in: "Sprechstunde tue and thu 16:00 weekly", start: "2027-03-25 16:00", rec: "every Tuesday and Thursday", topic: "Sprechstunde"},
	}},
	// New York on EST since Nov 1, London on GMT since Oct 25.
	{name: "Tokyo ja-JP, after both changes", now: "2026-11-03 11:00", zone: "Asia/Tokyo", locale: "ja-JP", cases: []c12{
		{in: "週次MTG 11/5 15:00", start: "2026-11-05 15:00", topic: "週次MTG"},
		{in: "sync 9am ET wednesday", start: "2026-11-04 23:00", topic: "sync"},
		{in: "sync 4pm PT tomorrow", start: "2026-11-05 09:00", topic: "sync"},
		{in: "5/11 10am", start: "2027-05-11 10:00"},
		{in: "13/11 10am", err: ErrUnclear},
		{in: "1on1 every other friday 5pm", start: "2026-11-06 17:00", rec: "every other Friday", topic: "1on1"},
		{in: "review 3pm HKT thursday", start: "2026-11-05 16:00", topic: "review"},
		{in: "quarter to 10 tomorrow", start: "2026-11-04 09:45"},
		{in: "new year's eve countdown 11:30pm", start: "2026-12-31 23:30", topic: "new year's eve countdown"},
		{in: "every third monday of the month 10am", start: "2026-11-16 10:00", rec: "monthly on the third Monday"},
		{in: "tomorrow 9am seoul", start: "2026-11-04 09:00"},
		{in: "all hands 10am (london) friday", start: "2026-11-06 19:00", topic: "all hands"},
		{in: "demo 8pm mumbai time", start: "2026-11-03 23:30", topic: "demo"},
		{in: "in 2 days at midnight", start: "2026-11-06 00:00"},
		{in: "thu 11/12 2pm", start: "2026-11-12 14:00"},
		{in: "wed 11/12 2pm", err: ErrUnclear},
		{in: "last friday of this month 6pm", start: "2026-11-27 18:00"},
		{in: "M/W/F 8am gym", start: "2026-11-04 08:00", rec: "every Monday, Wednesday and Friday", topic: "gym"},
	}},
	// London and Paris leave summer time on Oct 31, New York on Nov 7.
	{name: "New York en-US, Europe changes first", now: "2027-10-29 10:00", zone: "America/New_York", locale: "en-US", cases: []c12{
		{in: "sync 9am london time monday", start: "2027-11-01 05:00", topic: "sync"},
		{in: "on-call handoff 9am london time tomorrow", start: "2027-10-30 04:00", topic: "on-call handoff"},
		{in: "roadmap sync 9am london time on nov 8", start: "2027-11-08 04:00", topic: "roadmap sync"},
		{in: "halloween 5pm costume contest", start: "2027-10-31 17:00", topic: "costume contest"},
		{in: "thanksgiving 11am turkey trot", start: "2027-11-25 11:00", topic: "turkey trot"},
		{in: "standup 10am CET monday", start: "2027-11-01 05:00", topic: "standup"},
		{in: "every first monday 8am london time", start: "2027-11-01 04:00", rec: "monthly on the first Monday"},
		{in: "check-in same time next friday", start: "2027-11-05 10:00", topic: "check-in"},
		{in: "lunch quarter past 12 tomorrow", start: "2027-10-30 12:15", topic: "lunch"},
		{in: "party 10/31 9pm", start: "2027-10-31 21:00", topic: "party"},
		{in: "31/10 9pm", err: ErrUnclear},
		{in: "mon/wed/fri 7:30am spin class", start: "2027-11-01 07:30", rec: "every Monday, Wednesday and Friday", topic: "spin class"},
		{in: "demo 11am PST monday", start: "2027-11-01 14:00", topic: "demo"},
		{in: "partner demo 11am PST on nov 8", start: "2027-11-08 14:00", topic: "partner demo"},
		{in: "1:1 this time tomorrow", start: "2027-10-30 10:00", topic: "1:1"},
		{in: "a week from friday 4pm", start: "2027-11-12 16:00"},
		{in: "board prep 2pm berlin tomorrow", start: "2027-10-30 08:00", topic: "board prep"},
		{in: "payroll check first of the month 9am", err: ErrUnclear},
	}},
	// Christmas Eve is today.
	{name: "London en-GB, Christmas Eve", now: "2027-12-24 09:00", zone: "Europe/London", locale: "en-GB", cases: []c12{
		{in: "christmas eve drinks 5pm", start: "2027-12-24 17:00", topic: "christmas eve drinks"},
		{in: "christmas eve 8am", err: ErrPast},
		{in: "family call christmas day 2pm", start: "2027-12-25 14:00", topic: "family call"},
		{in: "boxing day walk 11am", err: ErrUnclear},
		{in: "new year's day 11am brunch", start: "2028-01-01 11:00", topic: "brunch"},
		{in: "new year's eve 31/12 8pm", start: "2027-12-31 20:00"},
		{in: "new year's eve 30/12 8pm", err: ErrUnclear},
		{in: "every weekday 9:30 until new year's eve", start: "2027-12-24 09:30", rec: "every weekday, until Dec 31"},
		{in: "catch-up 3pm new york time on 29/12", start: "2027-12-29 20:00", topic: "catch-up"},
		{in: "monday half 7 pub quiz", start: "2027-12-27 07:30", topic: "pub quiz"},
		{in: "kickoff first monday of next month 10am", start: "2028-01-03 10:00", topic: "kickoff"},
		{in: "team social every last friday of the month 4pm", start: "2027-12-31 16:00", rec: "monthly on the last Friday", topic: "team social"},
		{in: "valentine's day table booking 8pm", start: "2028-02-14 20:00", topic: "valentine's day table booking"},
		{in: "christmas day", err: ErrNoTimeOfDay},
		{in: "3 days after new year's day 10am", start: "2028-01-04 10:00"},
		{in: "xmas lunch 1pm", start: "2027-12-25 13:00", topic: "xmas lunch"},
	}},
	// No locale: slash dates are M/D. Thanksgiving is tomorrow.
	{name: "Chicago, no locale, Thanksgiving eve", now: "2027-11-24 12:00", zone: "America/Chicago", cases: []c12{
		{in: "thanksgiving family zoom 3pm", start: "2027-11-25 15:00", topic: "thanksgiving family zoom"},
		{in: "inventory check 11/26 10am", start: "2027-11-26 10:00", topic: "inventory check"},
		{in: "26/11 10am", err: ErrUnclear},
		{in: "every thursday 4pm until christmas", start: "2027-11-25 16:00", rec: "every Thursday, until Dec 25"},
		{in: "tomorrow quarter to 1", start: "2027-11-25 12:45"},
		{in: "half past 3 friday", start: "2027-11-26 15:30"},
		{in: "sync same time next thursday", start: "2027-11-25 12:00", topic: "sync"},
		{in: "deploy in 3 days at midnight", start: "2027-11-28 00:00", topic: "deploy"},
		{in: "offsite 2 weeks from monday 9am", start: "2027-12-13 09:00", topic: "offsite"},
		{in: "1pm denver time", start: "2027-11-24 14:00"},
		{in: "standup 9am sao paulo time monday", start: "2027-11-29 06:00", topic: "standup"},
		{in: "lunch 12:30 ET", start: "2027-11-25 11:30", topic: "lunch"},
		{in: "tomorrow 10am ET / 9am CT", start: "2027-11-25 09:00"},
		{in: "tomorrow 10am ET / 10am CT", err: ErrUnclear},
		{in: "every other month on the last thursday 3pm", start: "2027-11-25 15:00", rec: "every other month on the last Thursday"},
		{in: "first tuesday of every quarter 10am board meeting", start: "2027-12-07 10:00", rec: "every 3 months on the first Tuesday", topic: "board meeting"},
		{in: "every tue-thu 10am", start: "2027-11-25 10:00", rec: "every Tuesday, Wednesday and Thursday"},
		{in: "workshop friday 10 to 12", start: "2027-11-26 10:00", dur: 120, topic: "workshop"},
		{in: "ten to 12 friday", start: "2027-11-26 11:50"},
		{in: "christmas eve 9am london time", start: "2027-12-24 03:00"},
		{in: "every payday 10am", err: ErrUnclear},
	}},
	// No DST in Sao Paulo (UTC-3); New York on EST, Lisbon on WET.
	{name: "Sao Paulo pt-BR, January", now: "2027-01-20 15:00", zone: "America/Sao_Paulo", locale: "pt-BR", cases: []c12{
		{in: "reunião 25/1 10h00", start: "2027-01-25 10:00", topic: "reunião"},
		{in: "call 10am ET tomorrow", start: "2027-01-21 12:00", topic: "call"},
		{in: "alinhamento 9am lisbon time friday", start: "2027-01-22 06:00", topic: "alinhamento"},
		{in: "planejamento 2/3 9am", start: "2027-03-02 09:00", topic: "planejamento"},
		{in: "every last wednesday 4pm", start: "2027-01-27 16:00", rec: "monthly on the last Wednesday"},
		{in: "valentine's day", err: ErrNoTimeOfDay},
		{in: "demo 3pm (madrid) monday", start: "2027-01-25 11:00", topic: "demo"},
		{in: "quarter past 4", start: "2027-01-20 16:15"},
		{in: "feedback next week friday 11am", start: "2027-01-29 11:00", topic: "feedback"},
		{in: "standup 9am PT on 28/1", start: "2027-01-28 14:00", topic: "standup"},
		{in: "1:1 quarter past 2 tomorrow for 30 min", start: "2027-01-21 14:15", dur: 30, topic: "1:1"},
		{in: "quarter til 5 tomorrow", start: "2027-01-21 16:45"},
		{in: "10 days from today 3pm", start: "2027-01-30 15:00"},
		{in: "every mon and thu 8am", start: "2027-01-21 08:00", rec: "every Monday and Thursday"},
		{in: "retro late next week 2pm", err: ErrUnclear},
	}},
	// New York on EDT since Mar 14, London on GMT until Mar 28, Sydney on
	// AEDT.
	{name: "New York en-US, spring gap", now: "2027-03-20 11:30", zone: "America/New_York", locale: "en-US", cases: []c12{
		{in: "standup 9am london time tuesday", start: "2027-03-23 05:00", topic: "standup"},
		{in: "9am london time on 3/30", start: "2027-03-30 04:00"},
		{in: "every monday 9am london time", start: "2027-03-22 05:00", rec: "every Monday"},
		{in: "tomorrow 4pm GMT", start: "2027-03-21 12:00"},
		{in: "tomorrow 9pm IST", start: "2027-03-21 11:30"},
		{in: "10am AEDT monday", start: "2027-03-21 19:00"},
		{in: "launch review 5pm paris time thursday", start: "2027-03-25 12:00", topic: "launch review"},
		{in: "4pm tokyo launch party", start: "2027-03-20 16:00", topic: "tokyo launch party"},
		{in: "workshop 9am-12:30pm london time wednesday", start: "2027-03-24 05:00", dur: 210, topic: "workshop"},
		{in: "monthly on the 2nd thursday 1pm", start: "2027-04-08 13:00", rec: "monthly on the second Thursday"},
		{in: "fifth wednesday of march 3pm", start: "2027-03-31 15:00"},
		{in: "5th thursday of every month 11am", err: ErrInvalid},
		{in: "brunch sunday half past 11", start: "2027-03-21 11:30", topic: "brunch"},
		{in: "midnight release friday", start: "2027-03-27 00:00", topic: "release"},
		{in: "sometime in april 2pm", err: ErrUnclear},
		{in: "standup 3pm narnia time", err: ErrUnclear},
		{in: "3pm PT / 5pm ET", err: ErrUnclear},
		{in: "wednesday this week 3pm", err: ErrPast},
		{in: "a week tomorrow 9am", start: "2027-03-28 09:00"},
		{in: "five to 9 tomorrow", start: "2027-03-21 08:55"},
	}},
	// Abbreviations in July: PST is Pacific time (PDT), CET is CEST, EST
	// is EDT; AEST is Sydney's winter, GMT and UTC-5 fixed.
	{name: "London en-GB, July", now: "2027-07-07 10:00", zone: "Europe/London", locale: "en-GB", cases: []c12{
		{in: "call 9am PST friday", start: "2027-07-09 17:00", topic: "call"},
		{in: "sync 3pm CET tomorrow", start: "2027-07-08 14:00", topic: "sync"},
		{in: "review 11am EST monday", start: "2027-07-12 16:00", topic: "review"},
		{in: "standup 9am GMT tomorrow", start: "2027-07-08 10:00", topic: "standup"},
		{in: "deploy 2pm UTC-5 thursday", start: "2027-07-08 20:00", topic: "deploy"},
		{in: "chat 9am AEST friday", start: "2027-07-09 00:00", topic: "chat"},
		{in: "all hands 5pm IST tomorrow", start: "2027-07-08 12:30", topic: "all hands"},
		{in: "drinks 4pm (new york)", start: "2027-07-07 21:00", topic: "drinks"},
		{in: "planning 10am JST", start: "2027-07-08 02:00", topic: "planning"},
		{in: "catch-up 3pm BST tomorrow", start: "2027-07-08 15:00", topic: "catch-up"},
		{in: "ten to 4 tomorrow", start: "2027-07-08 15:50"},
	}},
}

// recFields checks a series field by field against its expected wording
// ("monthly on the last Friday", "every other Tuesday", "every weekday,
// until Dec 31"), independently of Recurrence.String.
func recFields(want string, r *Recurrence, loc *time.Location) string {
	if want == "" {
		if r != nil {
			return "a series where none is wanted"
		}
		return ""
	}
	if r == nil {
		return "no series"
	}
	parts := strings.Split(want, ", until ")
	body := parts[0]
	count := 0
	if i := strings.LastIndex(body, " times"); i > 0 && strings.HasSuffix(body, " times") {
		j := strings.LastIndex(body, ", ")
		count, _ = strconv.Atoi(body[j+2 : i])
		body = body[:j]
	}
	if r.Count != count {
		return fmt.Sprintf("count %d, want %d", r.Count, count)
	}
	if len(parts) == 2 {
		u := r.Until.In(loc)
		if u.Format("Jan 2") != parts[1] || u.Hour() != 23 || u.Minute() != 59 {
			return fmt.Sprintf("until %v, want %s 23:59", r.Until, parts[1])
		}
	} else if !r.Until.IsZero() {
		return "an end where none is wanted"
	}
	days := map[string]time.Weekday{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		days[d.String()] = d
	}
	weeks := map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
	sameDays := func(want []time.Weekday) bool {
		if len(r.Weekdays) != len(want) {
			return false
		}
		for i := range want {
			if r.Weekdays[i] != want[i] {
				return false
			}
		}
		return true
	}
	got := r.Interval
	if got == 0 { // as in String: 0 and 1 both mean every
		got = 1
	}
	if i := strings.Index(body, " on the "); i >= 0 { // monthly by weekday
		interval := 1
		switch {
		case strings.HasPrefix(body, "every other month"):
			interval = 2
		case strings.HasPrefix(body, "every 3 months"):
			interval = 3
		}
		f := strings.Fields(body[i+len(" on the "):])
		if len(f) != 2 {
			return "bad wording " + want
		}
		if r.Freq != Monthly || got != interval || r.WeekOfMonth != weeks[f[0]] || r.MonthDay != 0 ||
			!sameDays([]time.Weekday{days[f[1]]}) {
			return fmt.Sprintf("fields %+v, want monthly every %d on week %d %s", *r, interval, weeks[f[0]], f[1])
		}
		return ""
	}
	interval := 1
	body = strings.TrimPrefix(body, "every ")
	if strings.HasPrefix(body, "other ") {
		interval = 2
		body = strings.TrimPrefix(body, "other ")
	}
	var wd []time.Weekday
	if body == "weekday" {
		wd = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	} else {
		for _, n := range strings.FieldsFunc(body, func(c rune) bool { return c == ',' || c == ' ' }) {
			if n == "and" {
				continue
			}
			d, ok := days[n]
			if !ok {
				return "bad wording " + want
			}
			wd = append(wd, d)
		}
	}
	if r.Freq != Weekly || got != interval || r.WeekOfMonth != 0 || r.MonthDay != 0 || !sameDays(wd) {
		return fmt.Sprintf("fields %+v, want weekly every %d on %v", *r, interval, wd)
	}
	return ""
}

// TestHeldOut2 reports the second held-out score: start right, all fields
// right (start, duration, topic, recurrence in words and field by field,
// or the error kind), and silent misreads (a wrong start returned without
// an error). Its first run (start 99.5%, all fields 99.5%, 0 silent
// misreads) is recorded above; from then on it guards issue 12's bar: a
// silent misread, or a score under 97% (start) or 95% (all fields), fails.
func TestHeldOut2(t *testing.T) {
	s := run12(t, heldOut2, func(c c12, now time.Time, loc *time.Location, locale string) string {
		r, _ := ParseLocale(c.in, now, loc, locale)
		return recFields(c.rec, r.Recurrence, loc)
	})
	for _, m := range s.misses {
		t.Log("miss: " + m)
	}
	start, all := 100*float64(s.start)/float64(s.total), 100*float64(s.all)/float64(s.total)
	t.Logf("held-out 2: %d phrases; start right %d (%.1f%%); all fields right %d (%.1f%%); silent misreads %d",
		s.total, s.start, start, s.all, all, s.silent)
	if s.silent > 0 || start < 97 || all < 95 {
		t.Errorf("held-out 2 is under issue 12's bar: start %.1f%% (want ≥ 97), all fields %.1f%% (want ≥ 95), %d silent misreads (want 0)",
			start, all, s.silent)
	}
}
