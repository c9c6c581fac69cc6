package zoomtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Webhook is one event notification the server sent, or would have sent
// with no WebhookURL, in the order the events happened.
type Webhook struct {
	Event string
	Body  []byte // the JSON Zoom posts
	// Status is what the endpoint answered the first delivery; 0 when
	// nothing was sent (no WebhookURL) or the request failed.
	Status int
	Err    error // the delivery's transport error, if any
}

// Webhooks returns every event notification so far, oldest first.
func (s *Server) Webhooks() []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Webhook, len(s.webhooks))
	for i, w := range s.webhooks {
		w.Body = bytes.Clone(w.Body)
		out[i] = w
	}
	return out
}

// SignWebhook returns the headers Zoom sends with body now: the timestamp
// in Unix seconds, and x-zm-signature "v0=" + hex HMAC-SHA256 of
// "v0:{timestamp}:{body}" keyed with WebhookSecret (Zoom's webhook
// reference, "Verify webhook events"). Zoom signs each delivery attempt
// afresh, retries included.
func (s *Server) SignWebhook(body []byte) http.Header {
	ts := strconv.FormatInt(s.now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(s.WebhookSecret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("User-Agent", "Zoom Marketplace/1.0a")
	h.Set("x-zm-request-timestamp", ts)
	h.Set("x-zm-signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	h.Set("x-zm-request-id", newRequestID())
	return h
}

// DeliverWebhook posts body to url signed as Zoom signs it, and returns the
// status the endpoint answered. Tests use it to deliver a Webhook again, as
// Zoom's retries do.
func (s *Server) DeliverWebhook(ctx context.Context, url string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = s.SignWebhook(body)
	hc := s.WebhookClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// emitLocked records an event and queues it for WebhookURL; flush sends the
// queue once the lock is released.
func (s *Server) emitLocked(event string, object any) {
	ev := eventBody{Event: event, EventTS: s.now().UnixMilli(), Payload: eventPayload{AccountID: s.accountID(), Object: object}}
	var v any = ev
	if event == "recording.completed" {
		// Zoom puts a token for downloading the files beside the payload.
		v = recordingEventBody{eventBody: ev, DownloadToken: randomString(48)}
	}
	body, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("zoomtest: encoding %s: %v", event, err)) // the wire types always encode
	}
	s.webhooks = append(s.webhooks, Webhook{Event: event, Body: body})
	s.outbox = append(s.outbox, len(s.webhooks)-1)
}

// flush sends the queued events to WebhookURL, in order, one at a time.
// Without a WebhookURL they stay recorded only.
func (s *Server) flush() {
	s.mu.Lock()
	idle := len(s.outbox) == 0
	s.mu.Unlock()
	if idle {
		return
	}
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	for {
		s.mu.Lock()
		if len(s.outbox) == 0 || s.WebhookURL == "" {
			s.outbox = nil
			s.mu.Unlock()
			return
		}
		i := s.outbox[0]
		s.outbox = s.outbox[1:]
		body := s.webhooks[i].Body
		s.mu.Unlock()

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		status, err := s.DeliverWebhook(ctx, s.WebhookURL, body)
		cancel()
		s.mu.Lock()
		s.webhooks[i].Status, s.webhooks[i].Err = status, err
		s.mu.Unlock()
	}
}

func (s *Server) accountID() string {
	if s.AccountID != "" {
		return s.AccountID
	}
	return "zoomtest-account"
}

// newRequestID is an x-zm-request-id.
func newRequestID() string {
	b := randomBytes(16)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// The wire shapes of the events, as Zoom's Meetings webhook reference (and
// the zoom/rivet-javascript SDK generated from it) give them.

type eventBody struct {
	Event   string       `json:"event"`
	EventTS int64        `json:"event_ts"` // Unix milliseconds
	Payload eventPayload `json:"payload"`
}

type recordingEventBody struct {
	eventBody
	DownloadToken string `json:"download_token"`
}

type eventPayload struct {
	AccountID string `json:"account_id"`
	Object    any    `json:"object"`
}

// meetingObject is payload.object of meeting.started, meeting.ended and
// meeting.participant_joined; their id is a string.
type meetingObject struct {
	ID          string             `json:"id"`
	UUID        string             `json:"uuid"`
	HostID      string             `json:"host_id"`
	Topic       string             `json:"topic"`
	Type        int                `json:"type"`
	StartTime   string             `json:"start_time"`
	Timezone    string             `json:"timezone,omitempty"`
	Duration    int                `json:"duration"`
	EndTime     string             `json:"end_time,omitempty"`
	Participant *participantObject `json:"participant,omitempty"`
}

type participantObject struct {
	UserID            string `json:"user_id"`
	UserName          string `json:"user_name"`
	ID                string `json:"id,omitempty"`
	ParticipantUUID   string `json:"participant_uuid,omitempty"`
	JoinTime          string `json:"join_time"`
	Email             string `json:"email"`
	ParticipantUserID string `json:"participant_user_id,omitempty"`
}

func meetingEventObject(m *Meeting, in *Instance) meetingObject {
	return meetingObject{
		ID: strconv.FormatInt(m.ID, 10), UUID: in.UUID, HostID: m.HostID, Topic: m.Topic, Type: m.Type,
		StartTime: formatTime(in.Start), Timezone: m.Timezone, Duration: m.Duration,
	}
}

// recordingObject is payload.object of recording.completed; its id is a
// number.
type recordingObject struct {
	ID                    int64           `json:"id"`
	UUID                  string          `json:"uuid"`
	HostID                string          `json:"host_id"`
	AccountID             string          `json:"account_id"`
	Topic                 string          `json:"topic"`
	Type                  int             `json:"type"`
	StartTime             string          `json:"start_time"`
	Password              string          `json:"password"`
	Timezone              string          `json:"timezone,omitempty"`
	HostEmail             string          `json:"host_email"`
	Duration              int             `json:"duration"` // minutes
	ShareURL              string          `json:"share_url"`
	TotalSize             int64           `json:"total_size"`
	RecordingCount        int             `json:"recording_count"`
	RecordingPlayPasscode string          `json:"recording_play_passcode,omitempty"`
	RecordingFiles        []recordingFile `json:"recording_files"`
}

type recordingFile struct {
	ID             string `json:"id"`
	MeetingID      string `json:"meeting_id"` // the instance's UUID
	RecordingStart string `json:"recording_start"`
	RecordingEnd   string `json:"recording_end"`
	FileType       string `json:"file_type"`
	FileSize       int64  `json:"file_size"`
	FileExtension  string `json:"file_extension"`
	PlayURL        string `json:"play_url,omitempty"`
	DownloadURL    string `json:"download_url"`
	Status         string `json:"status"`
	RecordingType  string `json:"recording_type"`
}

func recordingEvent(m *Meeting, in *Instance, base, account string) recordingObject {
	r := in.Recording
	minutes := int(r.End.Sub(r.Start).Round(time.Minute) / time.Minute)
	obj := recordingObject{
		ID: m.ID, UUID: in.UUID, HostID: m.HostID, AccountID: account, Topic: m.Topic, Type: m.Type,
		StartTime: formatTime(in.Start), Password: r.Password, Timezone: m.Timezone, HostEmail: m.HostEmail,
		Duration: minutes, ShareURL: r.ShareURL, RecordingPlayPasscode: r.PlayPasscode,
	}
	for _, f := range []struct{ typ, ext, kind string }{{"MP4", "MP4", "shared_screen_with_speaker_view"}, {"M4A", "M4A", "audio_only"}} {
		id := recordingID()
		size := int64(1+minutes) * 1_000_000
		obj.RecordingFiles = append(obj.RecordingFiles, recordingFile{
			ID: id, MeetingID: in.UUID, RecordingStart: formatTime(r.Start), RecordingEnd: formatTime(r.End),
			FileType: f.typ, FileSize: size, FileExtension: f.ext, PlayURL: base + "/rec/play/" + id,
			DownloadURL: base + "/rec/download/" + id, Status: "completed", RecordingType: f.kind,
		})
		obj.TotalSize += size
	}
	obj.RecordingCount = len(obj.RecordingFiles)
	return obj
}

// summaryObject is payload.object of meeting.summary_completed; its
// meeting_id is a number.
type summaryObject struct {
	MeetingHostID           string          `json:"meeting_host_id"`
	MeetingHostEmail        string          `json:"meeting_host_email"`
	MeetingUUID             string          `json:"meeting_uuid"`
	MeetingID               int64           `json:"meeting_id"`
	MeetingTopic            string          `json:"meeting_topic"`
	MeetingStartTime        string          `json:"meeting_start_time"`
	MeetingEndTime          string          `json:"meeting_end_time"`
	SummaryStartTime        string          `json:"summary_start_time"`
	SummaryEndTime          string          `json:"summary_end_time"`
	SummaryCreatedTime      string          `json:"summary_created_time"`
	SummaryLastModifiedTime string          `json:"summary_last_modified_time"`
	SummaryTitle            string          `json:"summary_title"`
	SummaryOverview         string          `json:"summary_overview,omitempty"`
	SummaryDetails          []SummaryDetail `json:"summary_details"`
	NextSteps               []string        `json:"next_steps"`
}

func summaryEvent(m *Meeting, in *Instance) summaryObject {
	sum := in.Summary
	return summaryObject{
		MeetingHostID: m.HostID, MeetingHostEmail: m.HostEmail, MeetingUUID: in.UUID, MeetingID: m.ID,
		MeetingTopic: m.Topic, MeetingStartTime: formatTime(in.Start), MeetingEndTime: formatTime(in.End),
		SummaryStartTime: formatTime(in.Start), SummaryEndTime: formatTime(in.End),
		SummaryCreatedTime: formatTime(sum.Created), SummaryLastModifiedTime: formatTime(sum.Created),
		SummaryTitle: sum.Title, SummaryOverview: sum.Overview,
		SummaryDetails: nonNil(sum.Details), NextSteps: nonNil(sum.NextSteps),
	}
}

// nonNil keeps an empty list a JSON array: Zoom's schema requires it.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
