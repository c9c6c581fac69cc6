package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zoombot/zoombot/bot/timeparse"
)

// parseJSON is the one-line output of "zoombot parse --json".
type parseJSON struct {
	Start           string          `json:"start"`
	DurationMinutes *int            `json:"duration_minutes"`
	Topic           string          `json:"topic"`
	Recurrence      *recurrenceJSON `json:"recurrence"`
}

type recurrenceJSON struct {
	Freq        string   `json:"freq"`
	Interval    int      `json:"interval"`
	Weekdays    []string `json:"weekdays"`
	MonthDay    int      `json:"month_day,omitempty"`
	WeekOfMonth int      `json:"week_of_month,omitempty"` // 1..4, -1 = last; weekdays holds its one weekday
	Count       int      `json:"count"`
	Until       *string  `json:"until"`
	Text        string   `json:"text"`
}

// runParse shows how a /zoom schedule phrase is read:
// zoombot parse [--now RFC3339] [--tz IANA] [--locale LOCALE] [--json] TEXT...
func runParse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	nowFlag := fs.String("now", "", "reference time, RFC3339 (default: the current time)")
	tzFlag := fs.String("tz", "", "the user's IANA time zone (default: the local zone)")
	localeFlag := fs.String("locale", "", `the user's Slack locale, like en-US or en-GB; it decides whether 3/12 is March 12 or December 3 (default: unknown, read as en-US)`)
	asJSON := fs.Bool("json", false, "print one JSON line")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: zoombot parse [--now RFC3339] [--tz IANA] [--locale LOCALE] [--json] TEXT...")
		fs.PrintDefaults()
	}
	// Flags may come before or after the text: "zoombot parse tmrw 3pm --json".
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageErr("parse: %v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		words, args = append(words, rest[0]), rest[1:]
	}
	text := strings.Join(words, " ")
	if strings.TrimSpace(text) == "" {
		fs.Usage()
		return usageErr("parse: no text given")
	}
	loc := time.Local
	if *tzFlag != "" {
		l, err := time.LoadLocation(*tzFlag)
		if err != nil {
			return usageErr("parse: --tz: unknown time zone %q", *tzFlag)
		}
		loc = l
	}
	now := time.Now()
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return usageErr("parse: --now: want RFC3339 like 2026-11-27T10:15:00-05:00: %v", err)
		}
		now = t
	}
	res, err := timeparse.ParseLocale(text, now, loc, *localeFlag)
	if err != nil {
		msg := err.Error()
		var pe *timeparse.Error
		if errors.As(err, &pe) {
			msg = pe.Msg
			if pe.Suggestion != "" {
				msg += " " + strings.ToUpper(pe.Suggestion[:1]) + pe.Suggestion[1:] + "."
			}
		}
		if *asJSON {
			b, _ := json.Marshal(map[string]string{"error": msg})
			fmt.Fprintln(stdout, string(b))
		} else {
			fmt.Fprintln(stdout, msg)
		}
		// The message is already printed; an empty error just sets exit 1.
		return &exitError{code: 1, err: errors.New("")}
	}
	if *asJSON {
		b, err := json.Marshal(toJSON(res))
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, string(b))
		return nil
	}
	fmt.Fprintln(stdout, humanLine(res, loc))
	return nil
}

func toJSON(r timeparse.Result) parseJSON {
	out := parseJSON{Start: r.Start.Format(time.RFC3339), Topic: r.Topic}
	if r.Duration > 0 {
		m := int(r.Duration / time.Minute)
		out.DurationMinutes = &m
	}
	if rec := r.Recurrence; rec != nil {
		rj := &recurrenceJSON{Interval: rec.Interval, Count: rec.Count, Text: rec.String(), Weekdays: []string{}}
		switch rec.Freq {
		case timeparse.Daily:
			rj.Freq = "daily"
		case timeparse.Weekly:
			rj.Freq = "weekly"
		case timeparse.Monthly:
			rj.Freq = "monthly"
			rj.MonthDay = rec.MonthDay
			rj.WeekOfMonth = rec.WeekOfMonth
		}
		for _, d := range rec.Weekdays {
			rj.Weekdays = append(rj.Weekdays, strings.ToLower(d.String()))
		}
		if !rec.Until.IsZero() {
			u := rec.Until.Format(time.RFC3339)
			rj.Until = &u
		}
		out.Recurrence = rj
	}
	return out
}

// humanLine: Sat Nov 28 2026 3:00 PM EST (America/New_York), 30 min default, "standup"
func humanLine(r timeparse.Result, loc *time.Location) string {
	dur := "30 min default"
	if r.Duration > 0 {
		dur = fmt.Sprintf("%d min", int(r.Duration/time.Minute))
	}
	s := fmt.Sprintf("%s (%s), %s, %q", r.Start.Format("Mon Jan 2 2006 3:04 PM MST"), loc.String(), dur, r.Topic)
	if r.Recurrence != nil {
		s += ", " + r.Recurrence.String()
	}
	return s
}
