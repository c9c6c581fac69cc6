// Package timeparse reads the natural-language times people type after
// "/zoom schedule" ("tomorrow 3pm standup for 45m") in the user's own time
// zone. It is pure: text, now and a location in; start, duration, topic and
// recurrence out.
//
// It must not import anything else in this module.
//
// # Engine
//
// github.com/olebedev/when runs the parse: a when.Parser with this
// package's rules (rules.Rule) and a middleware that masks Slack escapes.
// See engine.go for how rules claim text and how the final rule hands the
// start back to when. when's shipped English rules are not used. When a
// first pass shows a recurrence adjective to be title text, Parse runs the
// rules a second time with that word left alone (titleadj.go).
//
// # Conventions
//
// The conventions of issue 3 hold (weekdays strictly after today unless
// "this", business hours for a bare hour, US slash dates, ranges, zones,
// typos...). Where the issue was silent, this package decides:
//
//   - Zone words name a region, not a fixed offset: EST, EDT and ET all mean
//     America/New_York wall time (likewise CT, MT, PT; BST is London, CET
//     Paris, IST Kolkata). "+05:30", "UTC+1", "GMT-8" are fixed offsets;
//     "-05:00" counts only right after an am/pm time, since "10:00 -11:00"
//     is a range. A zone word counts only right after a time ("PT session"
//     is a title).
//   - With a zone, the calendar date ("tomorrow", "friday") is the user's;
//     a bare time ("3pm PT") is the next such time in that zone.
//   - A month-day equal to today stays today (a passed time is then an
//     error, not next year). "feb 29" follows the same this-year-or-next
//     rule and is an error if that year has no Feb 29.
//   - "the 15th" is this month if the day is still ahead, else the next
//     month that has that day. "next week" alone is its Monday.
//     "<wd> this week" is that day of the current Monday-Sunday week, and an
//     error if it has passed. "last friday" is an error (past).
//   - "in N months" clamps to the month's end (Jan 31 + 1 month = Feb 28/29).
//     "in N minutes/hours" and "now" keep the exact instant, seconds
//     included; every other start is on the minute.
//   - A wall time skipped by a DST jump moves forward by the jump (2:30 on a
//     US spring-forward night is 3:30), as calendar apps do. Durations of
//     ranges are wall-clock differences; a range ending before its start
//     ends the next day ("11pm-1am" is 2h).
//   - Day parts: "morning" forces am, "afternoon", "evening", "tonight",
//     "night" force pm. A day part far from an explicit clock time is title
//     text ("Morning standup tomorrow 9am").
//   - A plain number is an hour only after "at"/"@" or right after a date
//     or day part ("tomorrow 10"); elsewhere it is title text. "for N"
//     without a unit is minutes, except 1-4 which are hours. "14h00" and
//     "09h30" are clock times, "1h30" a duration. "in N" without a unit is
//     N minutes for N of 5..180 ("sync in 15"); smaller N stays text.
//   - A slash pair ("1/1") is title text when another date is named.
//     Weekday abbreviations that read as names ("Sun Life", "Sat Nav":
//     capitalised and followed by a capitalised word) are title text. With
//     two weekdays, the one next to the time wins.
//   - Recurrence: "every"/"each", plural weekdays ("mondays"), spans and
//     lists of days ("mon-fri", "mon/wed/fri", "mon wed fri", "M/W/F",
//     "Tu/Th"), daily/weekly/biweekly/monthly/quarterly, "x6" as a count;
//     "recurring"/"repeats" are dropped from the topic. "every weekday" is weekly Mon-Fri. "quarterly" is
//     monthly with interval 3. Monthly-by-weekday ("last thursday of the
//     month") is an ErrInvalid, since Recurrence cannot hold it. The first
//     occurrence is the first matching day at or after the anchor (an
//     explicit date such as "starting dec 7", else today) whose time is
//     still ahead. "for N weeks/days/months" counts the occurrences in that
//     span from the first one; "N times/sessions" is N; "until <date>" ends
//     at 23:59 on that date. "except <days>" drops days from a daily or
//     weekly series (daily becomes weekly on the remaining days); on a
//     one-off or monthly meeting it is an ErrInvalid. "every 2nd tuesday"
//     is every other Tuesday; "monday or tuesday" is not a series.
//   - Recurrence adjectives in names (titleadj.go): "daily", "weekly",
//     "biweekly", "fortnightly", "monthly", "bimonthly", "quarterly"
//     directly followed by a title word (not a time, date, duration,
//     connector or recurrence word) are title text when the phrase names a
//     one-off day or instant (today, tonight, tomorrow, a weekday, a
//     calendar date, "in 2 hours", "next week", now) and nothing else asks
//     for a series (a count, "until", "except", "recurring", or "starting"/
//     "from" before the date): "tomorrow 9am daily standup" and "weekly
//     sync tomorrow 10am" are one meeting. They are also title text when
//     another frequency carries the series ("every weekday at 9:30 daily
//     standup", "weekly sync fridays 3pm"), except that biweekly and
//     fortnightly refine a weekday series ("biweekly retro thursdays" is
//     every other Thursday). Without a one-off anchor the adjective stays
//     the recurrence ("daily standup at 9am" repeats daily): decided so,
//     because a series needs no date. For monthly and quarterly a bare day
//     of the month ("monthly review on the 15th") is the series' day, not
//     a one-off anchor. A singular weekday is a one-off anchor, so
//     "biweekly retro thursday 2pm" is one meeting. "annual" is always
//     title text; "yearly" and "annually" are title text before a title
//     word and otherwise, like "every year", an ErrInvalid: Zoom has no
//     yearly series.
//   - The topic keeps connectors that do not touch a removed expression
//     ("interview for senior eng role"); a leading "for", "about", "re",
//     "to" right after a removed time is dropped ("tomorrow 3pm for design
//     review" is "design review"). Surrounding quotes are removed.
//   - Input longer than 1000 bytes is an ErrInvalid.
package timeparse
