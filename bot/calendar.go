package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zoombot/zoombot/storage"
)

// googleCalendarURL is a Google Calendar "add event" template link. A
// series is its rule from its first meeting; the link can't carry one
// meeting of it moved (the .ics file does).
func googleCalendarURL(m *storage.Meeting) string {
	const layout = "20060102T150405Z"
	start := seriesStart(m)
	end := start.Add(m.Duration)
	q := url.Values{
		"action":   {"TEMPLATE"},
		"text":     {plainTopic(m.Topic, nil)},
		"dates":    {start.UTC().Format(layout) + "/" + end.UTC().Format(layout)},
		"details":  {"Join Zoom meeting: " + m.JoinURL + "\nMeeting ID: " + FormatMeetingID(m.ID) + passcodeLine(m)},
		"location": {m.JoinURL},
		"ctz":      {m.Timezone},
	}
	if r := rrule(m); r != "" {
		q.Set("recur", "RRULE:"+r)
	}
	return "https://calendar.google.com/calendar/render?" + q.Encode()
}

func passcodeLine(m *storage.Meeting) string {
	if m.Passcode == "" {
		return ""
	}
	return "\nPasscode: " + m.Passcode
}

// rrule is the RFC 5545 rule for a recurring meeting, from its stored
// occurrences' count and spacing. It is empty for single meetings.
func rrule(m *storage.Meeting) string {
	var r storedRecurrence
	if m.Recurrence == "" || jsonUnmarshalString(m.Recurrence, &r) != nil || r.Freq == "" {
		return ""
	}
	s := "FREQ=" + r.Freq
	if r.Interval > 1 {
		s += fmt.Sprintf(";INTERVAL=%d", r.Interval)
	}
	if r.ByDay != "" {
		s += ";BYDAY=" + r.ByDay
	}
	if r.ByMonthDay > 0 {
		s += fmt.Sprintf(";BYMONTHDAY=%d", r.ByMonthDay)
	}
	switch {
	case r.Count > 0:
		s += fmt.Sprintf(";COUNT=%d", r.Count)
	case !r.Until.IsZero():
		s += ";UNTIL=" + r.Until.UTC().Format("20060102T150405Z")
	}
	return s
}

// seriesStart is where a series' rule starts: its first meeting's own
// time (Zoom's occurrence ids are the original starts in milliseconds),
// not a meeting of it moved since. A single meeting's is its start.
func seriesStart(m *storage.Meeting) time.Time {
	if m.Recurrence == "" {
		return m.Start
	}
	start := m.Start
	for i, o := range m.Occurrences {
		if orig, ok := originalStart(o); ok && (i == 0 || orig.Before(start)) {
			start = orig
		}
	}
	return start
}

// originalStart is when an occurrence of a series was first scheduled.
func originalStart(o storage.Occurrence) (time.Time, bool) {
	ms, err := strconv.ParseInt(o.OccurrenceID, 10, 64)
	if err != nil || ms <= 0 {
		return time.Time{}, false
	}
	return time.UnixMilli(ms).UTC(), true
}

// icsEscape escapes TEXT values (RFC 5545 §3.3.11).
var icsEscape = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", "")

// icsFile renders an iCalendar file for a meeting. A series' meetings
// cancelled on their own are EXDATEs, and those moved on their own are
// overrides (RECURRENCE-ID), so the calendar shows each where it is.
func icsFile(m *storage.Meeting, now time.Time) string {
	const layout = "20060102T150405Z"
	start := seriesStart(m)
	event := func(start time.Time, d time.Duration) []string {
		return []string{
			"BEGIN:VEVENT",
			fmt.Sprintf("UID:zoom-%d@zoombot", m.ID),
			"DTSTAMP:" + now.UTC().Format(layout),
			"DTSTART:" + start.UTC().Format(layout),
			"DTEND:" + start.Add(d).UTC().Format(layout),
			"SUMMARY:" + icsEscape.Replace(plainTopic(m.Topic, nil)),
			"LOCATION:" + icsEscape.Replace(m.JoinURL),
			"URL:" + m.JoinURL,
			"DESCRIPTION:" + icsEscape.Replace("Join Zoom meeting: "+m.JoinURL+"\nMeeting ID: "+FormatMeetingID(m.ID)+passcodeLine(m)),
		}
	}
	lines := append([]string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//zoombot//EN", "METHOD:PUBLISH"}, event(start, m.Duration)...)
	var overrides []string
	if r := rrule(m); r != "" {
		lines = append(lines, "RRULE:"+r)
		for _, o := range m.Occurrences {
			orig, ok := originalStart(o)
			switch {
			case !ok:
			case o.Status == storage.StatusCancelled && m.Status != storage.StatusCancelled:
				lines = append(lines, "EXDATE:"+orig.Format(layout))
			case !o.Start.Equal(orig) || o.Duration != m.Duration:
				overrides = append(overrides, event(o.Start, o.Duration)...)
				overrides = append(overrides, "RECURRENCE-ID:"+orig.Format(layout), "END:VEVENT")
			}
		}
	}
	if m.Status == storage.StatusCancelled {
		lines = append(lines, "STATUS:CANCELLED")
	}
	lines = append(lines, "END:VEVENT")
	lines = append(lines, overrides...)
	lines = append(lines, "END:VCALENDAR")
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(foldICS(l) + "\r\n")
	}
	return b.String()
}

// foldICS folds lines longer than 75 octets (RFC 5545 §3.1), never inside
// a UTF-8 sequence.
func foldICS(line string) string {
	var b strings.Builder
	n := 0
	for _, r := range line {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	return b.String()
}

// icsToken signs a meeting id, so the .ics URL can't be guessed from the
// meeting id alone.
func (b *Bot) icsToken(id int64) string {
	mac := hmac.New(sha256.New, b.cfg.LinkSecret)
	fmt.Fprintf(mac, "ics:%d", id)
	return hex.EncodeToString(mac.Sum(nil))[:32]
}

// icsURL is the download link for a meeting's .ics file, or "" when the
// HTTP server isn't configured.
func (b *Bot) icsURL(m *storage.Meeting) string {
	if b.cfg.PublicURL == "" || len(b.cfg.LinkSecret) == 0 {
		return ""
	}
	return fmt.Sprintf("%s/ics/%d.ics?t=%s", strings.TrimRight(b.cfg.PublicURL, "/"), m.ID, b.icsToken(m.ID))
}

// ICSHandler serves GET /ics/{id}.ics?t=token.
func (b *Bot) ICSHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/ics/")
		id, ok := ParseMeetingID(strings.TrimSuffix(name, ".ics"))
		if r.Method != http.MethodGet || !ok || !strings.HasSuffix(name, ".ics") ||
			!hmac.Equal([]byte(r.URL.Query().Get("t")), []byte(b.icsToken(id))) {
			http.NotFound(w, r)
			return
		}
		m, err := b.db.GetMeeting(r.Context(), id)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="zoom-%d.ics"`, id))
		_, _ = w.Write([]byte(icsFile(m, b.now())))
	})
}
