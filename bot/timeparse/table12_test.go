package timeparse

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// A case of issue 12's tables: the phrase; the start as "2006-01-02 15:04"
// in the table's zone or an error kind; the recurrence in words ("" =
// one-off); the topic; the duration in minutes (0 = not given).
type c12 struct {
	in, start, rec, topic string
	dur                   int
	err                   ErrorKind
}

// t12 is a set of cases sharing now ("2006-01-02 15:04[:05]"), the
// user's zone and Slack locale.
type t12 struct {
	name, now, zone, locale string
	cases                   []c12
}

// score12 is what a run of tables got right. A silent misread is a start
// returned without an error where the table wants another start or an
// error: the one answer that must never happen.
type score12 struct {
	total, start, all, silent int
	misses                    []string
}

// run12 scores the tables. more adds checks of a case check12 passed and
// that parses (held-out set 2 checks recurrences field by field).
func run12(t testing.TB, tables []t12, more ...func(c c12, now time.Time, loc *time.Location, locale string) string) score12 {
	t.Helper()
	var s score12
	for _, tb := range tables {
		loc := mustLoc(t, tb.zone)
		now, err := time.ParseInLocation("2006-01-02 15:04:05", tb.now, loc)
		if err != nil {
			now, err = time.ParseInLocation("2006-01-02 15:04", tb.now, loc)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range tb.cases {
			s.total++
			startOK, silent, problem := check12(c, now, loc, tb.locale)
			for _, check := range more {
				if problem == "" && c.err == 0 {
					problem = check(c, now, loc, tb.locale)
				}
			}
			if startOK {
				s.start++
			}
			if silent {
				s.silent++
			}
			if problem == "" {
				s.all++
				continue
			}
			s.misses = append(s.misses, fmt.Sprintf("%s: %q: %s", tb.name, c.in, problem))
		}
	}
	return s
}

func check12(c c12, now time.Time, loc *time.Location, locale string) (startOK, silent bool, problem string) {
	r, err := ParseLocale(c.in, now, loc, locale)
	if c.err != 0 {
		var pe *Error
		if !errors.As(err, &pe) {
			return false, err == nil, fmt.Sprintf("want error kind %d, got %s %q (topic %q)", c.err,
				r.Start.Format("2006-01-02 15:04"), r.Recurrence.String(), r.Topic)
		}
		if pe.Kind != c.err {
			return false, false, fmt.Sprintf("want error kind %d, got kind %d: %v", c.err, pe.Kind, pe)
		}
		if pe.Msg == "" || pe.Suggestion == "" {
			return true, false, "error without message or suggestion"
		}
		return true, false, ""
	}
	if err != nil {
		return false, false, "unexpected error: " + err.Error()
	}
	if r.Start.Location() != loc {
		return false, false, fmt.Sprintf("start %v not in %v", r.Start, loc)
	}
	got := r.Start.Format("2006-01-02 15:04")
	if got != c.start {
		return false, true, fmt.Sprintf("start %s, want %s (%q, topic %q)", got, c.start, r.Recurrence.String(), r.Topic)
	}
	if r.Recurrence.String() != c.rec || r.Topic != c.topic || int(r.Duration/time.Minute) != c.dur {
		return true, false, fmt.Sprintf("got %q topic %q dur %v; want %q topic %q dur %dm", r.Recurrence.String(), r.Topic,
			r.Duration, c.rec, c.topic, c.dur)
	}
	return true, false, ""
}
