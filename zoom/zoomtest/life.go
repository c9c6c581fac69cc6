package zoomtest

import (
	"encoding/base64"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// A meeting's life after it is scheduled: each time it starts, Zoom opens a
// new instance with its own UUID ("A new UUID is generated for each meeting
// instance", Zoom's Get a meeting reference); people join it; it ends; its
// cloud recording and its AI Companion summary come minutes later. Each step
// here changes the fake's state and sends the webhook Zoom sends for it (see
// WebhookURL).

// Instance is a snapshot of one sitting of a meeting.
type Instance struct {
	UUID         string
	MeetingID    int64
	Start, End   time.Time // End is zero while it runs
	Participants []Participant
	Recording    *Recording // nil until CompleteRecording
	Summary      *Summary   // nil until CompleteSummary
}

// Participant is one join of an instance; someone who rejoins has several.
type Participant struct {
	ID        string // the Zoom user's id when the e-mail belongs to a user of the account, else ""
	UserID    string // this join's id within the meeting
	UUID      string // participant_uuid
	Name      string
	Email     string
	JoinTime  time.Time
	LeaveTime time.Time // zero while in the meeting
}

// Recording is an instance's cloud recording.
type Recording struct {
	ShareURL     string
	Password     string // the passcode viewers type; "" for none
	PlayPasscode string // recording_play_passcode: ?pwd= for the share URL
	Start, End   time.Time
}

// Summary is an instance's AI Companion summary. CompleteSummary fills the
// zero fields with a plausible text.
type Summary struct {
	Title     string
	Overview  string
	Details   []SummaryDetail
	NextSteps []string
	// Content is summary_content (Markdown), which newer accounts get
	// instead of the legacy fields above.
	Content string
	DocURL  string
	Created time.Time
}

// SummaryDetail is one labelled paragraph of a summary.
type SummaryDetail struct {
	Label   string `json:"label"`
	Summary string `json:"summary"`
}

func (in *Instance) clone() Instance {
	c := *in
	c.Participants = slices.Clone(in.Participants)
	if in.Recording != nil {
		r := *in.Recording
		c.Recording = &r
	}
	if in.Summary != nil {
		s := *in.Summary
		s.Details = slices.Clone(in.Summary.Details)
		s.NextSteps = slices.Clone(in.Summary.NextSteps)
		c.Summary = &s
	}
	return c
}

// Instances returns the instances of a meeting, oldest first.
func (s *Server) Instances(meetingID int64) []Instance {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Instance
	for _, in := range s.instances {
		if in.MeetingID == meetingID {
			out = append(out, in.clone())
		}
	}
	return out
}

// liveMeetingLocked finds a meeting that is not deleted.
func (s *Server) liveMeetingLocked(id int64) (*Meeting, error) {
	s.initLocked()
	m, ok := s.meetings[id]
	if !ok || m.Deleted {
		return nil, fmt.Errorf("zoomtest: no meeting %d", id)
	}
	return m, nil
}

// runningLocked is the meeting's instance in progress, or nil.
func (s *Server) runningLocked(id int64) *Instance {
	for i := len(s.instances) - 1; i >= 0; i-- {
		if in := s.instances[i]; in.MeetingID == id && in.End.IsZero() {
			return in
		}
	}
	return nil
}

// lastEndedLocked is the meeting's most recent ended instance, or nil.
func (s *Server) lastEndedLocked(id int64) *Instance {
	for i := len(s.instances) - 1; i >= 0; i-- {
		if in := s.instances[i]; in.MeetingID == id && !in.End.IsZero() {
			return in
		}
	}
	return nil
}

// withInstanceLocked finds a live meeting and its running (or, with
// ended, its most recent ended) instance.
func (s *Server) withInstanceLocked(id int64, ended bool) (*Meeting, *Instance, error) {
	m, err := s.liveMeetingLocked(id)
	if err != nil {
		return nil, nil, err
	}
	if ended {
		if in := s.lastEndedLocked(id); in != nil {
			return m, in, nil
		}
		return nil, nil, fmt.Errorf("zoomtest: meeting %d has no ended instance", id)
	}
	if in := s.runningLocked(id); in != nil {
		return m, in, nil
	}
	return nil, nil, fmt.Errorf("zoomtest: meeting %d has not started", id)
}

// instanceLocked finds an instance by UUID, or by meeting id (its most
// recent ended instance), as Zoom's past-meeting routes accept either.
func (s *Server) instanceLocked(idOrUUID string) *Instance {
	for _, in := range s.instances {
		if in.UUID == idOrUUID {
			return in
		}
	}
	if id, err := strconv.ParseInt(idOrUUID, 10, 64); err == nil {
		return s.lastEndedLocked(id)
	}
	return nil
}

// startMeetingLocked opens a new instance, unless one runs already.
func (s *Server) startMeetingLocked(m *Meeting) {
	if s.runningLocked(m.ID) != nil {
		return
	}
	now := s.now().UTC().Truncate(time.Second)
	in := &Instance{UUID: m.UUID, MeetingID: m.ID, Start: now}
	s.instances = append(s.instances, in)
	s.emitLocked("meeting.started", meetingEventObject(m, in))
}

// endMeetingLocked closes the running instance, if any: everyone leaves,
// and the meeting gets the UUID of its next instance.
func (s *Server) endMeetingLocked(m *Meeting) {
	in := s.runningLocked(m.ID)
	if in == nil {
		return
	}
	now := s.now().UTC().Truncate(time.Second)
	in.End = now
	for i := range in.Participants {
		if in.Participants[i].LeaveTime.IsZero() {
			in.Participants[i].LeaveTime = now
		}
	}
	m.UUID = newUUID()
	obj := meetingEventObject(m, in)
	obj.EndTime = formatTime(in.End)
	s.emitLocked("meeting.ended", obj)
}

// JoinMeeting has someone join the meeting's running instance, as Zoom's
// client would, and sends meeting.participant_joined. An e-mail that
// belongs to a user of the account makes the participant that user (its id
// is set). The host's own join is a JoinMeeting too.
func (s *Server) JoinMeeting(meetingID int64, name, email string) (Participant, error) {
	s.mu.Lock()
	m, in, err := s.withInstanceLocked(meetingID, false)
	if err != nil {
		s.mu.Unlock()
		return Participant{}, err
	}
	p := Participant{
		UserID: strconv.Itoa(16_778_240 + 1024*len(in.Participants)), UUID: newUUID(),
		Name: name, Email: email, JoinTime: s.now().UTC().Truncate(time.Second),
	}
	if u := s.findUserLocked(email); u != nil && email != "" {
		p.ID = u.ID
	}
	in.Participants = append(in.Participants, p)
	obj := meetingEventObject(m, in)
	obj.Participant = &participantObject{
		UserID: p.UserID, UserName: p.Name, ID: p.ID, ParticipantUUID: p.UUID,
		JoinTime: formatTime(p.JoinTime), Email: p.Email, ParticipantUserID: p.ID,
	}
	s.emitLocked("meeting.participant_joined", obj)
	s.mu.Unlock()
	s.flush()
	return p, nil
}

// CompleteRecording finishes the cloud recording of the meeting's most
// recent ended instance and sends recording.completed, as Zoom does once
// the files are processed.
func (s *Server) CompleteRecording(meetingID int64) (Recording, error) {
	s.mu.Lock()
	m, in, err := s.withInstanceLocked(meetingID, true)
	if err != nil {
		s.mu.Unlock()
		return Recording{}, err
	}
	if in.Recording == nil {
		in.Recording = &Recording{
			ShareURL: fmt.Sprintf("%s/rec/share/%s", s.baseURL(), randomString(24)),
			Password: newPasscode() + "!", PlayPasscode: randomString(24),
			Start: in.Start, End: in.End,
		}
	}
	rec := *in.Recording
	s.emitLocked("recording.completed", recordingEvent(m, in, s.baseURL(), s.accountID()))
	s.mu.Unlock()
	s.flush()
	return rec, nil
}

// CompleteSummary stores the AI Companion summary of the meeting's most
// recent ended instance and sends meeting.summary_completed. Zero fields of
// sum get a plausible text.
func (s *Server) CompleteSummary(meetingID int64, sum Summary) (Summary, error) {
	s.mu.Lock()
	m, in, err := s.withInstanceLocked(meetingID, true)
	if err != nil {
		s.mu.Unlock()
		return Summary{}, err
	}
	if sum.Title == "" {
		sum.Title = "Meeting summary for " + m.Topic
	}
	if sum.Overview == "" && sum.Content == "" {
		sum.Overview = "The team went through " + m.Topic + " and agreed on the next release."
	}
	if sum.Details == nil {
		sum.Details = []SummaryDetail{{Label: "Release", Summary: "The release moves to Friday."}}
	}
	if sum.NextSteps == nil {
		sum.NextSteps = []string{"Ana will send the release notes.", "Ken will book the demo."}
	}
	if sum.DocURL == "" {
		sum.DocURL = s.baseURL() + "/doc/" + randomString(12)
	}
	sum.Created = s.now().UTC().Truncate(time.Second)
	in.Summary = &sum
	out := *in.Summary
	s.emitLocked("meeting.summary_completed", summaryEvent(m, in))
	s.mu.Unlock()
	s.flush()
	return out, nil
}

// newUUID is a meeting or participant UUID as Zoom writes them: 16 random
// bytes in standard base64 ("4444AAAiAAAAAiAiAiiAii=="), which may hold / and +.
func newUUID() string { return base64.StdEncoding.EncodeToString(randomBytes(16)) }

// recordingID is a recording file id.
func recordingID() string { return fmt.Sprintf("%08x-%04x", mrand.Uint32(), mrand.Uint32()&0xffff) }
