package main

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func runParseCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb strings.Builder
	getenv := func(string) string { return "" }
	err := run(context.Background(), append([]string{"parse"}, args...), getenv, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

const testNow = "2026-11-27T10:15:00-05:00" // a Friday

func TestParseCommandJSON(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"one-off", []string{"tomorrow 3pm standup"},
			`{"start":"2026-11-28T15:00:00-05:00","duration_minutes":null,"topic":"standup","recurrence":null}`},
		{"duration and zone", []string{"tmrw", "3pm", "PT", "design", "review", "for", "45m"},
			`{"start":"2026-11-28T18:00:00-05:00","duration_minutes":45,"topic":"design review","recurrence":null}`},
		{"weekly", []string{"every monday 10am team sync"},
			`{"start":"2026-11-30T10:00:00-05:00","duration_minutes":null,"topic":"team sync","recurrence":{"freq":"weekly","interval":1,"weekdays":["monday"],"count":0,"until":null,"text":"every Monday"}}`},
		{"monthly with count", []string{"monthly on the 1st at 10 review for 6 months"},
			`{"start":"2026-12-01T10:00:00-05:00","duration_minutes":null,"topic":"review","recurrence":{"freq":"monthly","interval":1,"weekdays":[],"month_day":1,"count":6,"until":null,"text":"monthly on day 1, 6 times"}}`},
		{"monthly by weekday", []string{"last friday of the month 4pm retro"},
			`{"start":"2026-11-27T16:00:00-05:00","duration_minutes":null,"topic":"retro","recurrence":{"freq":"monthly","interval":1,"weekdays":["friday"],"week_of_month":-1,"count":0,"until":null,"text":"monthly on the last Friday"}}`},
		{"first weekday of the month", []string{"first monday of every month 10am all hands"},
			`{"start":"2026-12-07T10:00:00-05:00","duration_minutes":null,"topic":"all hands","recurrence":{"freq":"monthly","interval":1,"weekdays":["monday"],"week_of_month":1,"count":0,"until":null,"text":"monthly on the first Monday"}}`},
		{"daily until", []string{"daily standup 9am until dec 11"},
			`{"start":"2026-11-28T09:00:00-05:00","duration_minutes":null,"topic":"standup","recurrence":{"freq":"daily","interval":1,"weekdays":[],"count":0,"until":"2026-12-11T23:59:00-05:00","text":"every day, until Dec 11"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--now", testNow, "--tz", "America/New_York", "--json"}, tt.args...)
			out, _, err := runParseCmd(t, args...)
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if got := strings.TrimSpace(out); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if !json.Valid([]byte(out)) {
				t.Errorf("not JSON: %s", out)
			}
		})
	}
}

func TestParseCommandErrors(t *testing.T) {
	for _, text := range []string{"lunch with bob", "tomorrow standup", "25:00 sync", "today 9am"} {
		t.Run(text, func(t *testing.T) {
			out, _, err := runParseCmd(t, "--now", testNow, "--tz", "America/New_York", "--json", text)
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != 1 || err.Error() != "" {
				t.Fatalf("err = %#v, want exit 1 with empty message", err)
			}
			var v map[string]string
			if e := json.Unmarshal([]byte(out), &v); e != nil || v["error"] == "" || len(v) != 1 {
				t.Errorf("output %q, want {\"error\":...}", out)
			}
		})
	}
}

func TestParseCommandHuman(t *testing.T) {
	out, _, err := runParseCmd(t, "--now", testNow, "--tz", "America/New_York", "tomorrow 3pm standup")
	if err != nil {
		t.Fatal(err)
	}
	want := `Sat Nov 28 2026 3:00 PM EST (America/New_York), 30 min default, "standup"`
	if strings.TrimSpace(out) != want {
		t.Errorf("got %q\nwant %q", out, want)
	}
	out, _, _ = runParseCmd(t, "--now", testNow, "--tz", "Asia/Kolkata", "every", "other", "fri", "4pm", "demo", "30 min")
	want = `Fri Dec 4 2026 4:00 PM IST (Asia/Kolkata), 30 min, "demo", every other Friday`
	if strings.TrimSpace(out) != want {
		t.Errorf("got %q\nwant %q", out, want)
	}
}

func TestParseCommandFlagsAfterText(t *testing.T) {
	out, _, err := runParseCmd(t, "tomorrow", "3pm", "standup", "--json", "--tz", "Asia/Kolkata", "--now", testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"start":"2026-11-28T15:00:00+05:30","duration_minutes":null,"topic":"standup","recurrence":null}`
	if strings.TrimSpace(out) != want {
		t.Errorf("got %s\nwant %s", out, want)
	}
}

func TestParseCommandUsage(t *testing.T) {
	for _, args := range [][]string{{"--now", "yesterday", "x 3pm"}, {"--tz", "Mars/Base", "3pm"}, {}} {
		_, _, err := runParseCmd(t, args...)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != 2 {
			t.Errorf("args %q: err = %v, want usage error (exit 2)", args, err)
		}
	}
}

// --locale decides the order of slash dates (issue 12); without it they are
// month/day.
func TestParseCommandLocale(t *testing.T) {
	for _, tt := range []struct{ locale, want string }{
		{"en-GB", `"start":"2026-12-03T10:00:00-05:00"`},
		{"de-DE", `"start":"2026-12-03T10:00:00-05:00"`},
		{"en-US", `"start":"2027-03-12T10:00:00-05:00"`},
		{"", `"start":"2027-03-12T10:00:00-05:00"`},
	} {
		args := []string{"--now", testNow, "--tz", "America/New_York", "--json", "3/12", "10am"}
		if tt.locale != "" {
			args = append(args, "--locale", tt.locale)
		}
		out, _, err := runParseCmd(t, args...)
		if err != nil || !strings.Contains(out, tt.want) {
			t.Errorf("--locale %q: %s %v, want %s", tt.locale, out, err, tt.want)
		}
	}
}
