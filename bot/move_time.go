package bot

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/zoombot/zoombot/bot/timeparse"
)

// moveTime reads when a move asks for, relative to what it moves (from,
// lasting d) and to now, in the user's zone and locale:
//
//   - a shift: "+30m", "-15 min", "30 minutes later", "an hour earlier",
//     "later by 1h", with a new length or not ("+1h for 45m");
//   - a new length only: "for 45m";
//   - a time of day alone keeps the day: "to 4pm" moves a Thursday meeting
//     to 4 pm that Thursday;
//   - anything else the scheduling parser reads ("tomorrow 4pm",
//     "fri 10am for 45m"), a length included.
//
// It returns the new start and length (d when none was given), or an
// *Error with examples.
func moveTime(text string, from time.Time, d time.Duration, now time.Time, u *slackUser) (time.Time, time.Duration, error) {
	text = strings.TrimSpace(text)
	if w, rest, _ := strings.Cut(text, " "); strings.EqualFold(w, "to") || strings.EqualFold(w, "at") {
		text = strings.TrimSpace(rest)
	}
	day := from.In(u.Loc).Format("2006-01-02")
	clock := from.In(u.Loc).Format("15:04")
	// length reads "30m", "an hour", "1h30m" the way the parser reads "for …".
	length := func(s string) (time.Duration, bool) {
		r, err := timeparse.ParseLocale(day+" "+clock+" for "+s, now, u.Loc, u.Locale)
		return r.Duration, err == nil && r.Duration > 0 && r.Topic == ""
	}
	if sign, amount, ok := shift(text); ok {
		if delta, ok := length(amount); ok {
			return from.Add(time.Duration(sign) * delta), d, nil
		}
		// "+1h for 45m": a shift and a new length.
		if i := strings.LastIndex(strings.ToLower(text), " for "); i > 0 {
			sign, amount, _ := shift(text[:i])
			delta, ok1 := length(amount)
			nd, ok2 := length(text[i+len(" for "):])
			if ok1 && ok2 {
				return from.Add(time.Duration(sign) * delta), nd, nil
			}
		}
	}
	if rest, ok := strings.CutPrefix(strings.ToLower(text), "for "); ok {
		if nd, ok := length(rest); ok {
			return from, nd, nil
		}
	}
	// A time of day alone is read on the meeting's own day.
	res, err := timeparse.ParseLocale(day+" "+text, now, u.Loc, u.Locale)
	var te *timeparse.Error
	if err != nil && !(errors.As(err, &te) && te.Kind == timeparse.ErrPast) {
		res, err = timeparse.ParseLocale(text, now, u.Loc, u.Locale)
	}
	switch {
	case err != nil:
		return time.Time{}, 0, moveTimeError(err, text)
	case res.Recurrence != nil:
		return time.Time{}, 0, userErr("bad_move", "A move takes one new time. To change how a series repeats, cancel it and schedule it again.")
	case strings.TrimSpace(res.Topic) != "":
		return time.Time{}, 0, userErr("bad_move", "I can't read `%s` as a time. %s", escape(res.Topic), moveExamples)
	}
	if res.Duration > 0 {
		d = res.Duration
	}
	return res.Start, d, nil
}

const moveExamples = "Try `to fri 10am`, `tomorrow 4pm`, `+30m`, `an hour earlier` or `for 45m`."

var (
	signedShift = regexp.MustCompile(`(?i)^(?:by\s+)?([+-])\s*(.+)$`)
	wordShift   = regexp.MustCompile(`(?i)^(?:by\s+)?(.+?)\s+(later|earlier|sooner|back|forward)$`)
	laterBy     = regexp.MustCompile(`(?i)^(later|earlier|sooner)\s+by\s+(.+)$`)
)

// shift reads "+30m", "30 minutes later", "earlier by an hour": the
// direction (+1 or -1) and the amount's text.
func shift(text string) (int, string, bool) {
	sign := func(w string) int {
		switch strings.ToLower(w) {
		case "-", "earlier", "sooner", "forward":
			return -1
		}
		return 1
	}
	if m := signedShift.FindStringSubmatch(text); m != nil {
		return sign(m[1]), m[2], true
	}
	if m := wordShift.FindStringSubmatch(text); m != nil {
		return sign(m[2]), m[1], true
	}
	if m := laterBy.FindStringSubmatch(text); m != nil {
		return sign(m[1]), m[2], true
	}
	return 0, "", false
}

// moveTimeError words a time the parser could not read, with examples
// for a move.
func moveTimeError(err error, text string) error {
	var te *timeparse.Error
	if !errors.As(err, &te) {
		return err
	}
	msg, code := te.Msg, "bad_time"
	switch te.Kind {
	case timeparse.ErrNoTime:
		msg = fmt.Sprintf("I can't read `%s` as a time.", text)
	case timeparse.ErrPast:
		code = "past"
	}
	return &Error{Code: code, Message: escape(msg) + " " + moveExamples, Err: err}
}
