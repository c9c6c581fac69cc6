package timeparse

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// A case: the phrase, the expected start as "2006-01-02 15:04" wall time in
// the table's zone (or an error kind), the duration in minutes (0 = not
// given) and the topic.
type tc struct {
	in    string
	start string
	dur   int
	topic string
	err   ErrorKind
}

// table is a set of cases sharing one reference time and zone.
type table struct {
	name  string
	now   string // "2006-01-02 15:04" in zone
	zone  string
	cases []tc
}

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// check runs one case and returns a description of what is wrong, or "".
func check(c tc, now time.Time, loc *time.Location) (startOK bool, problem string) {
	r, err := Parse(c.in, now, loc)
	if c.err != 0 {
		var pe *Error
		if !errors.As(err, &pe) {
			return false, fmt.Sprintf("want error kind %d, got %v (topic %q dur %v)", c.err, r.Start, r.Topic, r.Duration)
		}
		if pe.Kind != c.err {
			return false, fmt.Sprintf("want error kind %d, got kind %d: %v", c.err, pe.Kind, pe)
		}
		if pe.Msg == "" || pe.Suggestion == "" {
			return false, "error without message or suggestion"
		}
		if c.topic != "" && pe.Partial.Topic != c.topic {
			return true, fmt.Sprintf("partial topic %q, want %q", pe.Partial.Topic, c.topic)
		}
		if c.start != "" && pe.Partial.Start.Format("2006-01-02 15:04") != c.start {
			return true, fmt.Sprintf("partial start %v, want %s", pe.Partial.Start, c.start)
		}
		return true, ""
	}
	if err != nil {
		return false, "unexpected error: " + err.Error()
	}
	if r.Start.Location() != loc {
		return false, fmt.Sprintf("start %v not in %v", r.Start, loc)
	}
	got := r.Start.Format("2006-01-02 15:04")
	if got != c.start {
		return false, fmt.Sprintf("start %s, want %s (topic %q)", got, c.start, r.Topic)
	}
	if int(r.Duration/time.Minute) != c.dur {
		return true, fmt.Sprintf("duration %v, want %dm", r.Duration, c.dur)
	}
	if r.Topic != c.topic {
		return true, fmt.Sprintf("topic %q, want %q", r.Topic, c.topic)
	}
	return true, ""
}

func runTables(t *testing.T, tables []table) (total, startOK, allOK int) {
	for _, tb := range tables {
		loc := mustLoc(t, tb.zone)
		now, err := time.ParseInLocation("2006-01-02 15:04", tb.now, loc)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range tb.cases {
			total++
			sOK, problem := check(c, now, loc)
			if sOK {
				startOK++
			}
			if problem == "" {
				allOK++
				continue
			}
			t.Errorf("%s: %q: %s", tb.name, c.in, problem)
		}
	}
	return
}

// TestTable is the big phrase table. It fails on any miss and reports the
// pass rate (start only, and start+duration+topic).
func TestTable(t *testing.T) {
	total, startOK, allOK := runTables(t, tables)
	t.Logf("phrases: %d; start right: %d (%.1f%%); start+duration+topic right: %d (%.1f%%)",
		total, startOK, 100*float64(startOK)/float64(total), allOK, 100*float64(allOK)/float64(total))
}

// recCase is a phrase with its expected start, recurrence in words ("" =
// one-off), topic and duration in minutes.
type recCase struct {
	in, start, rec, topic string
	dur                   int
}

// checkRecCase parses c.in and reports a mismatch; it returns whether all
// was right.
func checkRecCase(t *testing.T, c recCase, now time.Time, loc *time.Location) bool {
	t.Helper()
	r, err := Parse(c.in, now, loc)
	if err != nil {
		t.Errorf("%q: %v", c.in, err)
		return false
	}
	got := r.Start.Format("2006-01-02 15:04")
	if got != c.start || r.Recurrence.String() != c.rec || r.Topic != c.topic || int(r.Duration/time.Minute) != c.dur {
		t.Errorf("%q: got %s %q topic %q dur %v; want %s %q topic %q dur %dm", c.in, got, r.Recurrence.String(), r.Topic, r.Duration,
			c.start, c.rec, c.topic, c.dur)
		return false
	}
	return true
}
