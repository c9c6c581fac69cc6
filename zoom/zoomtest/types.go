package zoomtest

import (
	"net/url"
	"time"
)

// Limits are per-second request budgets, one bucket per Zoom rate-limit
// label. A zero field means that label is unlimited.
type Limits struct {
	Light, Medium, Heavy int
}

// Budgets of Zoom's plans (https://developers.zoom.us/docs/api/rate-limits/).
var (
	FreeLimits     = Limits{Light: 4, Medium: 2, Heavy: 1}
	ProLimits      = Limits{Light: 30, Medium: 20, Heavy: 10}
	BusinessLimits = Limits{Light: 80, Medium: 60, Heavy: 40}
)

// User is a snapshot of a stored Zoom user.
type User struct {
	ID, Email, FirstName, LastName string
	Type                           int    // 1 Basic, 2 Licensed; 0 in AddUser means 1
	CustCreated                    bool   // created with action custCreate (start links live 90 days)
	Status                         string // "active", or "pending" for action create
	PMI                            int64  // personal meeting ID, generated if 0
	CreatedAt                      time.Time
}

// Meeting is a snapshot of a stored meeting.
type Meeting struct {
	ID        int64
	UUID      string
	HostID    string
	HostEmail string
	Topic     string
	Type      int       // 1 instant, 2 scheduled, 3 recurring without fixed time, 8 recurring
	StartTime time.Time // UTC; zero for type 3
	Duration  int       // minutes
	Timezone  string
	Agenda    string
	Password  string
	// Status is what Zoom reports: "waiting" or "started". An ended
	// meeting reports "waiting" again and has Ended set.
	Status      string
	Ended       bool
	Recurrence  *Recurrence  // type 8 only
	Occurrences []Occurrence // type 8 only, deleted ones included with Status "deleted"
	Settings    Settings
	JoinURL     string
	CreatedAt   time.Time
	Deleted     bool
}

// Recurrence is a type 8 meeting's recurrence rule as Zoom stores it.
type Recurrence struct {
	Type           int    // 1 daily, 2 weekly, 3 monthly
	RepeatInterval int    // days, weeks or months
	WeeklyDays     string // "1".."7" comma-separated, 1 = Sunday
	MonthlyDay     int    // 1..31
	MonthlyWeek    int    // -1, 1..4 (with MonthlyWeekDay)
	MonthlyWeekDay int    // 1..7, 1 = Sunday
	EndTimes       int
	EndDateTime    time.Time // UTC; zero when EndTimes is used
}

// Occurrence is one instance of a recurring meeting.
type Occurrence struct {
	ID        string // start time in epoch milliseconds, as Zoom does
	StartTime time.Time
	Duration  int
	Status    string // "available" or "deleted"
}

// Settings are the meeting settings the fake stores and echoes. The JSON
// tags are Zoom's; unknown settings sent by a client are ignored.
type Settings struct {
	HostVideo             bool      `json:"host_video"`
	ParticipantVideo      bool      `json:"participant_video"`
	JoinBeforeHost        bool      `json:"join_before_host"`
	JBHTime               int       `json:"jbh_time"`
	MuteUponEntry         bool      `json:"mute_upon_entry"`
	WaitingRoom           bool      `json:"waiting_room"`
	ApprovalType          int       `json:"approval_type"`
	Audio                 string    `json:"audio"`
	AutoRecording         string    `json:"auto_recording"`
	AlternativeHosts      string    `json:"alternative_hosts"`
	MeetingInvitees       []Invitee `json:"meeting_invitees,omitempty"`
	UsePMI                bool      `json:"use_pmi"`
	EmailNotification     bool      `json:"email_notification"`
	MeetingAuthentication bool      `json:"meeting_authentication"`
}

// Invitee is one entry of settings.meeting_invitees.
type Invitee struct {
	Email string `json:"email"`
}

// defaultSettings are what Zoom fills in for settings a create omits.
func defaultSettings() Settings {
	return Settings{ApprovalType: 2, Audio: "both", AutoRecording: "none", EmailNotification: true}
}

// Call is one request the server received, in arrival order.
type Call struct {
	Method string
	Path   string // as received, e.g. "/v2/users/u1/meetings"
	Route  string // e.g. "POST /users/{userId}/meetings"; "" for an unknown route
	Query  url.Values
	Body   []byte
	// Status is the status written, or that would have been written for a
	// dropped call; 0 if the client gave up during a delay (not processed).
	Status int
	Drop   bool // the connection was cut instead of answering
	// TokenInURL is set when the query carried an access token, which
	// Zoom refuses since 2023 and a client must never do.
	TokenInURL bool
	At         time.Time
}
