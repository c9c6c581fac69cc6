package zoom

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// MeetingType is a meeting's "type".
// See https://developers.zoom.us/docs/api/meetings/#tag/meetings/POST/users/{userId}/meetings.
type MeetingType int

// Meeting types. Zoom defaults to MeetingScheduled when type is omitted.
const (
	MeetingInstant              MeetingType = 1
	MeetingScheduled            MeetingType = 2
	MeetingRecurringNoFixedTime MeetingType = 3
	MeetingRecurring            MeetingType = 8 // recurring with a fixed time; needs Recurrence
)

// RecurrenceType is how a type 8 meeting repeats.
type RecurrenceType int

// Recurrence types.
const (
	RecurDaily   RecurrenceType = 1
	RecurWeekly  RecurrenceType = 2
	RecurMonthly RecurrenceType = 3
)

// Recurrence is the repeat rule of a MeetingRecurring meeting. Give either
// EndTimes or EndDateTime.
type Recurrence struct {
	Type           RecurrenceType `json:"type"`
	RepeatInterval int            `json:"repeat_interval,omitempty"` // ≤90 days, 12 weeks, 3 months
	WeeklyDays     string         `json:"weekly_days,omitempty"`     // "1".."7", 1 = Sunday; comma list like "2,4"
	MonthlyDay     int            `json:"monthly_day,omitempty"`     // 1–31
	MonthlyWeek    int            `json:"monthly_week,omitempty"`    // -1 (last), 1–4
	MonthlyWeekDay int            `json:"monthly_week_day,omitempty"`
	EndTimes       int            `json:"end_times,omitempty"`
	EndDateTime    time.Time      `json:"end_date_time"` // zero = omitted; written as UTC "…Z"
}

// MarshalJSON writes EndDateTime in Zoom's UTC form, or omits it when zero.
func (r Recurrence) MarshalJSON() ([]byte, error) {
	type alias Recurrence
	return json.Marshal(struct {
		alias
		EndDateTime string `json:"end_date_time,omitempty"`
	}{alias(r), formatUTC(r.EndDateTime)})
}

// UnmarshalJSON reads end_date_time in either of Zoom's encodings.
func (r *Recurrence) UnmarshalJSON(b []byte) error {
	type alias Recurrence
	w := struct {
		*alias
		EndDateTime string `json:"end_date_time"`
	}{alias: (*alias)(r)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	t, err := parseZoomTime(w.EndDateTime, "")
	r.EndDateTime = t
	return err
}

// Settings are the meeting settings the bot uses. Nil pointers are omitted,
// so a PATCH changes only what is set.
type Settings struct {
	JoinBeforeHost        *bool     `json:"join_before_host,omitempty"`
	JBHTime               *int      `json:"jbh_time,omitempty"` // 0, 5 or 10 minutes
	WaitingRoom           *bool     `json:"waiting_room,omitempty"`
	MuteUponEntry         *bool     `json:"mute_upon_entry,omitempty"`
	HostVideo             *bool     `json:"host_video,omitempty"`
	ParticipantVideo      *bool     `json:"participant_video,omitempty"`
	ApprovalType          *int      `json:"approval_type,omitempty"`     // 0 auto, 1 manual, 2 no registration
	AlternativeHosts      string    `json:"alternative_hosts,omitempty"` // emails separated by ";"
	MeetingInvitees       []Invitee `json:"meeting_invitees,omitempty"`
	AutoRecording         string    `json:"auto_recording,omitempty"` // local, cloud, none
	UsePMI                *bool     `json:"use_pmi,omitempty"`
	MeetingAuthentication *bool     `json:"meeting_authentication,omitempty"`
	EmailNotification     *bool     `json:"email_notification,omitempty"`
}

// Invitee is one entry of Settings.MeetingInvitees.
type Invitee struct {
	Email string `json:"email"`
}

// MeetingRequest is the body of create and update (PATCH). Zero fields are
// omitted, so an update sends only what is set.
type MeetingRequest struct {
	Topic string
	Type  MeetingType // 0 = omitted (Zoom: scheduled)
	// StartTime is omitted when zero; written as UTC "2006-01-02T15:04:05Z".
	StartTime time.Time
	// StartTimeLocal writes start_time as the wall time in Timezone, without
	// offset, instead of UTC. It requires Timezone.
	StartTimeLocal  bool
	Duration        int // minutes
	Timezone        string
	Password        string // ≤10 of [A-Za-z0-9@_*-]
	DefaultPassword bool   // let Zoom generate a passcode
	Agenda          string
	Recurrence      *Recurrence
	Settings        *Settings
	// ScheduleFor names the user (id or email) to schedule the meeting
	// for; in an update it hands the meeting to that host.
	ScheduleFor string
}

// MarshalJSON writes Zoom's create/update body.
func (r MeetingRequest) MarshalJSON() ([]byte, error) {
	start := formatUTC(r.StartTime)
	if r.StartTimeLocal && !r.StartTime.IsZero() {
		if r.Timezone == "" {
			return nil, errors.New("zoom: StartTimeLocal needs Timezone")
		}
		loc, err := time.LoadLocation(r.Timezone)
		if err != nil {
			return nil, fmt.Errorf("zoom: unknown Timezone %q: %w", r.Timezone, err)
		}
		start = r.StartTime.In(loc).Format(localLayout)
	}
	return json.Marshal(struct {
		Topic           string      `json:"topic,omitempty"`
		Type            MeetingType `json:"type,omitempty"`
		StartTime       string      `json:"start_time,omitempty"`
		Duration        int         `json:"duration,omitempty"`
		Timezone        string      `json:"timezone,omitempty"`
		Password        string      `json:"password,omitempty"`
		DefaultPassword bool        `json:"default_password,omitempty"`
		Agenda          string      `json:"agenda,omitempty"`
		Recurrence      *Recurrence `json:"recurrence,omitempty"`
		Settings        *Settings   `json:"settings,omitempty"`
		ScheduleFor     string      `json:"schedule_for,omitempty"`
	}{r.Topic, r.Type, start, r.Duration, r.Timezone, r.Password, r.DefaultPassword, r.Agenda, r.Recurrence, r.Settings, r.ScheduleFor})
}

// Occurrence is one instance of a recurring meeting.
type Occurrence struct {
	OccurrenceID string    `json:"occurrence_id"` // epoch milliseconds as a string
	StartTime    time.Time `json:"start_time"`
	Duration     int       `json:"duration"`
	Status       string    `json:"status"` // available, deleted
}

// Meeting is a meeting as Zoom returns it from create, get and list.
type Meeting struct {
	UUID        string       `json:"uuid"`
	ID          int64        `json:"id"` // can exceed 10 digits
	HostID      string       `json:"host_id"`
	HostEmail   string       `json:"host_email"`
	Topic       string       `json:"topic"`
	Type        MeetingType  `json:"type"`
	Status      string       `json:"status"` // waiting, started
	StartTime   time.Time    `json:"start_time"`
	Duration    int          `json:"duration"`
	Timezone    string       `json:"timezone"`
	Agenda      string       `json:"agenda"`
	CreatedAt   time.Time    `json:"created_at"`
	StartURL    string       `json:"start_url"` // a host credential: DM it to the host only; expires
	JoinURL     string       `json:"join_url"`
	Password    string       `json:"password"`
	Recurrence  *Recurrence  `json:"recurrence"`
	Occurrences []Occurrence `json:"occurrences"`
	Settings    *Settings    `json:"settings"`
}

// UnmarshalJSON reads start_time as "…Z" or as local wall time in the
// meeting's timezone, and tolerates empty times.
func (m *Meeting) UnmarshalJSON(b []byte) error {
	type alias Meeting
	type wireOcc struct {
		OccurrenceID string `json:"occurrence_id"`
		StartTime    string `json:"start_time"`
		Duration     int    `json:"duration"`
		Status       string `json:"status"`
	}
	w := struct {
		*alias
		StartTime   string    `json:"start_time"`
		CreatedAt   string    `json:"created_at"`
		Occurrences []wireOcc `json:"occurrences"`
	}{alias: (*alias)(m)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var errs []error
	parse := func(s string) time.Time {
		t, err := parseZoomTime(s, m.Timezone)
		errs = append(errs, err)
		return t
	}
	m.StartTime, m.CreatedAt = parse(w.StartTime), parse(w.CreatedAt)
	m.Occurrences = nil
	for _, o := range w.Occurrences {
		m.Occurrences = append(m.Occurrences, Occurrence{o.OccurrenceID, parse(o.StartTime), o.Duration, o.Status})
	}
	return errors.Join(errs...)
}
