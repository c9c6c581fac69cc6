package zoomtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"time"
	"unicode/utf8"
)

// meetingRequest is the body of a meeting create or update. Pointers tell
// "absent" from "zero", which an update needs.
type meetingRequest struct {
	Topic           *string         `json:"topic"`
	Type            *int            `json:"type"`
	StartTime       *string         `json:"start_time"`
	Duration        *int            `json:"duration"`
	Timezone        *string         `json:"timezone"`
	Password        *string         `json:"password"`
	DefaultPassword bool            `json:"default_password"`
	Agenda          *string         `json:"agenda"`
	Recurrence      *recurrenceWire `json:"recurrence"`
	Settings        json.RawMessage `json:"settings"`
	ScheduleFor     *string         `json:"schedule_for"`
}

const (
	layoutUTC   = "2006-01-02T15:04:05Z"
	layoutLocal = "2006-01-02T15:04:05"
)

func (s *Server) accountZone() string {
	if s.AccountTimezone != "" {
		return s.AccountTimezone
	}
	return "UTC"
}

// applyMeeting validates req and applies it to m (a copy the caller
// commits only when no field is bad). create selects create's rules:
// start_time may be in the past, and absent fields take defaults.
func (s *Server) applyMeeting(m *Meeting, req *meetingRequest, create bool, now time.Time) []fieldError {
	var bad []fieldError
	fail := func(field string) { bad = append(bad, fieldError{field, "Invalid field."}) }

	if req.Topic != nil {
		if utf8.RuneCountInString(*req.Topic) > 200 {
			fail("topic")
		}
		m.Topic = *req.Topic
	}
	if req.Agenda != nil {
		if utf8.RuneCountInString(*req.Agenda) > 2000 {
			fail("agenda")
		}
		m.Agenda = *req.Agenda
	}
	if req.Type != nil {
		if !slices.Contains([]int{1, 2, 3, 8}, *req.Type) {
			fail("type")
		}
		m.Type = *req.Type
	}
	if req.Duration != nil {
		if *req.Duration < 0 {
			fail("duration")
		}
		m.Duration = *req.Duration
	}
	if req.Password != nil {
		if !validPasscode(*req.Password) {
			fail("password")
		}
		m.Password = *req.Password
	}
	if req.Timezone != nil {
		if _, err := time.LoadLocation(*req.Timezone); err != nil || *req.Timezone == "" {
			fail("timezone")
		} else {
			m.Timezone = *req.Timezone
		}
	}
	loc, err := time.LoadLocation(m.Timezone)
	if err != nil {
		loc = time.UTC
	}
	if req.StartTime != nil {
		t, ok := parseStartTime(*req.StartTime, loc)
		switch {
		case !ok:
			fail("start_time")
		case !create && t.Before(now):
			// Zoom: "start_time must be in the future" for an update.
			fail("start_time")
		}
		m.StartTime = t
	}
	if req.Recurrence != nil {
		r, rbad := parseRecurrence(req.Recurrence)
		bad = append(bad, rbad...)
		m.Recurrence = r
	}
	if len(req.Settings) > 0 && !bytes.Equal(req.Settings, []byte("null")) {
		bad = append(bad, applySettings(&m.Settings, req.Settings)...)
	}

	switch m.Type {
	case 1:
		if create {
			m.StartTime = now.UTC().Truncate(time.Second)
		}
		m.Recurrence, m.Occurrences = nil, nil
	case 2:
		m.Recurrence, m.Occurrences = nil, nil
	case 3:
		m.StartTime = time.Time{}
		m.Recurrence, m.Occurrences = nil, nil
	}
	if (m.Type == 2 || m.Type == 8) && m.StartTime.IsZero() && !slices.ContainsFunc(bad, isField("start_time")) {
		bad = append(bad, fieldError{"start_time", "Required field."})
	}
	if m.Type == 8 && m.Recurrence == nil && req.Recurrence == nil {
		bad = append(bad, fieldError{"recurrence", "Required field."})
	}
	if len(bad) > 0 {
		return bad
	}
	if m.Type == 8 && (create || req.Recurrence != nil || req.StartTime != nil || req.Timezone != nil || req.Type != nil) {
		m.Occurrences = occurrences(m.Recurrence, m.StartTime, loc, m.Duration)
	} else if req.Duration != nil {
		for i := range m.Occurrences {
			m.Occurrences[i].Duration = m.Duration
		}
	}
	return nil
}

func isField(name string) func(fieldError) bool {
	return func(f fieldError) bool { return f.Field == name }
}

// parseStartTime accepts Zoom's two forms: UTC "…Z", or local wall-clock
// time without offset, read in loc (the meeting's timezone).
func parseStartTime(v string, loc *time.Location) (time.Time, bool) {
	if t, err := time.Parse(layoutUTC, v); err == nil {
		return t.UTC(), true
	}
	if t, err := time.ParseInLocation(layoutLocal, v, loc); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// validPasscode is Zoom's default passcode rule: at most 10 of
// [A-Za-z0-9@_*-].
func validPasscode(p string) bool {
	if len(p) > 10 {
		return false
	}
	for _, c := range p {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '@' || c == '_' || c == '*' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// applySettings merges a settings object into st: fields it omits keep
// their value, as Zoom's PATCH does.
func applySettings(st *Settings, raw json.RawMessage) []fieldError {
	next := *st
	next.MeetingInvitees = nil
	if err := json.Unmarshal(raw, &next); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return []fieldError{{"settings." + te.Field, "Invalid field."}}
		}
		return []fieldError{{"settings", "Invalid field."}}
	}
	if next.MeetingInvitees == nil {
		next.MeetingInvitees = slices.Clone(st.MeetingInvitees)
	}
	var bad []fieldError
	fail := func(field string) { bad = append(bad, fieldError{"settings." + field, "Invalid field."}) }
	if !slices.Contains([]int{0, 5, 10}, next.JBHTime) {
		fail("jbh_time")
	}
	if !slices.Contains([]int{0, 1, 2}, next.ApprovalType) {
		fail("approval_type")
	}
	if !slices.Contains([]string{"both", "telephony", "voip", "thirdParty"}, next.Audio) {
		fail("audio")
	}
	if !slices.Contains([]string{"local", "cloud", "none"}, next.AutoRecording) {
		fail("auto_recording")
	}
	for _, inv := range next.MeetingInvitees {
		if !validEmail(inv.Email) {
			fail("meeting_invitees")
			break
		}
	}
	if len(bad) == 0 {
		*st = next
	}
	return bad
}
