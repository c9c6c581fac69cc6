package timeparse

import (
	"errors"
	"strings"
	"time"
)

// Result is what a scheduling phrase says.
type Result struct {
	Start      time.Time     // in loc
	Duration   time.Duration // 0 = not given
	Topic      string
	Recurrence *Recurrence // nil = one-off
}

// Freq is how often a recurring meeting repeats. The zero value is not a
// valid frequency so an unset Recurrence is easy to spot.
type Freq int

// Frequencies map onto Zoom's recurrence.type 1, 2 and 3.
const (
	Daily Freq = iota + 1
	Weekly
	Monthly
)

// ErrorKind says what was wrong with a phrase, so the bot can word its reply.
type ErrorKind int

// Kinds of parse errors.
const (
	ErrNoTime      ErrorKind = iota + 1 // nothing that looks like a date or time
	ErrNoTimeOfDay                      // a date but no time of day
	ErrPast                             // the time has already passed
	ErrInvalid                          // a value that cannot exist (25:00, feb 30, 13pm)
	// ErrUnclear: the phrase holds a date or zone the parser cannot pin
	// down ("sometime next week", "3pm mars time", "every 2nd tuesday"),
	// so it asks instead of guessing (rule 20 of issue 12).
	ErrUnclear
)

// Error is the error Parse returns. The bot shows Msg and Suggestion to the
// user and pre-fills its modal from Partial.
type Error struct {
	Kind       ErrorKind
	Msg        string // short, user-facing
	Suggestion string // e.g. `try "tomorrow 3pm standup"`
	Partial    Result // what could be read; Start is the date at 00:00 when only a date was given
}

// Error is the message followed by the suggestion in parentheses.
func (e *Error) Error() string {
	if e.Suggestion == "" {
		return e.Msg
	}
	return e.Msg + " (" + e.Suggestion + ")"
}

// Parse reads text typed after "/zoom schedule". now is the reference
// instant and loc the user's time zone; Start is returned in loc. Any
// failure is an *Error. Slash dates are read as for an unknown locale
// (M/D); callers that know the user's locale use ParseLocale.
func Parse(text string, now time.Time, loc *time.Location) (Result, error) {
	return ParseLocale(text, now, loc, "")
}

// ParseLocale is Parse for a user whose Slack locale ("en-US", "en-GB",
// "de-DE"...) is known: it decides whether "3/12" is March 12 or December 3
// (see dayFirst). A new argument rather than an options struct, because the
// locale is the only input that changes a reading and Parse keeps every
// existing caller working.
func ParseLocale(text string, now time.Time, loc *time.Location, locale string) (Result, error) {
	if loc == nil {
		loc = time.UTC
	}
	now = now.In(loc)
	if len(text) > maxLen {
		return Result{}, newErr(ErrInvalid, "That's too long to read a time from.", suggestion)
	}
	dmy := dayFirst(locale)
	st := newState(text, now, loc, dmy)
	res, err := st.run()
	if adj := st.titleAdjectives(); adj != nil {
		// "tomorrow 9am daily standup": read again with the adjective as
		// title text.
		st = newState(text, now, loc, dmy)
		st.titleAdj = adj
		res, err = st.run()
	}
	var pe *Error
	if errors.As(err, &pe) {
		pe.Partial = st.partial()
		// Echo the user's own topic in the example when there is one.
		if t := pe.Partial.Topic; t != "" && len(t) <= 40 && strings.HasSuffix(pe.Suggestion, `"`) &&
			(pe.Kind == ErrNoTime || pe.Kind == ErrNoTimeOfDay) {
			pe.Suggestion = strings.TrimSuffix(pe.Suggestion, `"`)
			if pe.Kind == ErrNoTime {
				pe.Suggestion = `try "tomorrow 3pm`
			}
			pe.Suggestion += " " + t + `"`
		}
		return Result{}, pe
	}
	if err != nil {
		return Result{}, &Error{Kind: ErrInvalid, Msg: "I couldn't read that time.", Suggestion: suggestion, Partial: st.partial()}
	}
	return res, nil
}

// maxLen bounds the work per call: Slack commands are short, and the rules
// rescan the text several times.
const maxLen = 1000

const suggestion = `try "tomorrow 3pm standup"`

func newErr(kind ErrorKind, msg, sugg string) *Error {
	if sugg == "" {
		sugg = suggestion
	}
	return &Error{Kind: kind, Msg: msg, Suggestion: sugg}
}
