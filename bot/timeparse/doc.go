// Package timeparse reads the natural-language times people type after
// "/zoom schedule" ("tomorrow 3pm standup for 45m") in the user's own time
// zone. It is pure: text, now and a location in; start, duration, topic and
// recurrence out.
//
// It must not import anything else in this module.
package timeparse
