package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// After the meeting (issue 14): each sitting of a meeting (Zoom's meeting
// instance, with its own UUID) gets, in the thread of the meeting's channel
// post, its cloud recording and its AI Companion summary, and the post's
// ended line gains how many people joined.
//
// Exactly once: a webhook delivery is one request row (webhook.go), and
// each message is claimed in the database by that request before it is
// sent (storage.ClaimPost), so a duplicate delivery, on this replica or
// another, in any order, sends nothing again. Work that fails for a reason
// that may pass (Zoom or Slack trouble, Zoom's participant list not ready
// yet) leaves the request unfinished: its lease lapses and a replica does
// it again, for up to webhookRetryFor; the claim lets the same request
// finish what it started.
//
// Attendance comes from GET /past_meetings/{uuid}/participants after
// meeting.ended, not from counting meeting.participant_joined: the scopes
// tie (classic meeting:read:admin covers both; each has one granular
// scope), the traffic does not: one call per sitting instead of one
// delivery per join, which Zoom sends for every meeting of the account,
// the bot's or not.

const (
	// webhookKind prefixes the kind of a webhook delivery's request.
	webhookKind = "webhook:"
	// webhookRetryFor is how long a delivery's work is tried again.
	webhookRetryFor = time.Hour
	// attendanceWait is how long after a meeting ended an empty or missing
	// participant list means "not yet" rather than "none".
	attendanceWait = 10 * time.Minute
	// homeRecordings is how many recent recordings a host's App Home lists,
	// from homeRecordingsWithin.
	homeRecordings       = 5
	homeRecordingsWithin = 30 * 24 * time.Hour
)

// zoomEventAfter is what the after-meeting events add to payload.object
// (Zoom's Meetings webhook reference; zoom-after-meeting.openapi.json).
type zoomEventAfter struct {
	UUID string `json:"uuid"` // the instance; meeting.summary_completed calls it meeting_uuid
	// recording.completed
	ShareURL       string `json:"share_url"`
	Password       string `json:"password"` // the recording's passcode
	RecordingFiles []struct {
		RecordingStart string `json:"recording_start"`
		RecordingEnd   string `json:"recording_end"`
	} `json:"recording_files"`
	// meeting.summary_completed
	MeetingID        zoomID `json:"meeting_id"`
	MeetingUUID      string `json:"meeting_uuid"`
	MeetingStartTime string `json:"meeting_start_time"`
	MeetingEndTime   string `json:"meeting_end_time"`
}

// meetingID is the meeting an event is about: object.id, or object.meeting_id
// for the summary events.
func (ev *zoomEvent) meetingID() int64 {
	if id := ev.Payload.Object.ID; id != 0 {
		return int64(id)
	}
	return int64(ev.Payload.Object.MeetingID)
}

// stored is what a delivery's request keeps to do its work again: the
// event as the bot reads it, without what it does not use (Zoom's
// download_token, participants' names and e-mails).
func (ev *zoomEvent) stored() []byte {
	b, err := json.Marshal(ev)
	if err != nil {
		return nil
	}
	return b
}

// requestKey makes each delivery of one event apply once across replicas.
func (ev *zoomEvent) requestKey() string {
	return fmt.Sprintf("%s%s:%d:%d", webhookKind, ev.Event, ev.meetingID(), ev.EventTS)
}

// finishWebhook ends a delivery's follow-up: done, or (err) left for a
// replica to do again once its lease lapses.
func (b *Bot) finishWebhook(ctx context.Context, key string, err error) {
	b.leases.drop(key)
	if err != nil {
		b.log.WarnContext(ctx, "zoom webhook: follow-up failed; it will be tried again", "request_id", key, "err", err)
		return
	}
	if err := b.db.SetRequestState(ctx, key, storage.RequestAnnounced, 0, ""); err != nil {
		b.log.WarnContext(ctx, "zoom webhook: recording its outcome", "request_id", key, "err", err)
	}
}

// resumeWebhook does again the work of a delivery whose replica died or
// whose follow-up failed: the event, kept as its payload, is applied again
// (which changes nothing stored twice) and its follow-up run, even when
// the store already held the change (webhook_redo.go).
func (b *Bot) resumeWebhook(ctx context.Context, r storage.Request) {
	var ev zoomEvent
	err := json.Unmarshal(r.Payload, &ev)
	switch {
	case err != nil || ev.Event == "":
		err = fmt.Errorf("unreadable payload: %v", err)
	case b.now().Sub(r.CreatedAt) > webhookRetryFor:
		err = fmt.Errorf("gave up after %v", webhookRetryFor)
	}
	if err != nil {
		b.leases.drop(r.Key)
		b.log.ErrorContext(ctx, "zoom webhook: not finished", "request_id", r.Key, "err", err)
		if serr := b.db.SetRequestState(ctx, r.Key, storage.RequestFailed, 0, err.Error()); serr != nil {
			b.log.WarnContext(ctx, "zoom webhook: recording its outcome", "request_id", r.Key, "err", serr)
		}
		return
	}
	ev.redo = true // its Slack work may not have been done (webhook_redo.go)
	followUp, err := b.applyZoomEvent(ctx, &ev)
	switch {
	case errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrInvalid):
		err = nil // nothing to do, now or later
	case err == nil && followUp != nil:
		err = followUp(ctx)
	}
	b.finishWebhook(ctx, r.Key, err)
}

// zoomRecordingCompleted records a sitting's cloud recording and posts it.
func (b *Bot) zoomRecordingCompleted(ctx context.Context, m *storage.Meeting, ev *zoomEvent) (func(context.Context) error, error) {
	if b.cfg.SkipRecordings {
		b.log.DebugContext(ctx, "zoom webhook: recordings are not posted (ZOOMBOT_POST_RECORDINGS=false)", "meeting", m.ID)
		return nil, nil
	}
	obj := &ev.Payload.Object
	if obj.UUID == "" || safeURL(obj.ShareURL) == "" {
		return nil, fmt.Errorf("recording.completed without uuid or an http(s) share_url: %w", storage.ErrInvalid)
	}
	loc := meetingLoc(m)
	started, _ := parseZoomTime(obj.StartTime, loc)
	rec := storage.Recording{URL: obj.ShareURL, Passcode: obj.Password}
	var end time.Time
	for _, f := range obj.RecordingFiles {
		s, okS := parseZoomTime(f.RecordingStart, loc)
		e, okE := parseZoomTime(f.RecordingEnd, loc)
		if okS && (rec.Start.IsZero() || s.Before(rec.Start)) {
			rec.Start = s
		}
		if okE && e.After(end) {
			end = e
		}
	}
	if !rec.Start.IsZero() && end.After(rec.Start) {
		rec.Length = end.Sub(rec.Start).Truncate(time.Second)
	} else if obj.Duration != nil {
		rec.Length = time.Duration(*obj.Duration) * time.Minute
	}
	if err := b.db.SetRecording(ctx, m.ID, obj.UUID, started, rec); err != nil {
		return nil, err
	}
	key, uuid := ev.requestKey(), obj.UUID
	return func(ctx context.Context) error { return b.postRecording(ctx, m.ID, uuid, key) }, nil
}

// postRecording posts a sitting's recording in the meeting's thread and
// DMs it to the host, each once, and refreshes the host's App Home. The
// link goes nowhere else: not to invitees, not to other channels.
func (b *Bot) postRecording(ctx context.Context, meetingID int64, uuid, key string) error {
	in, err := b.db.ClaimPost(ctx, uuid, storage.PostRecordingThread, key)
	if err != nil || in == nil {
		if in == nil && err == nil {
			b.log.DebugContext(ctx, "zoom webhook: recording already posted", "meeting", meetingID)
		}
		return err
	}
	m, err := b.db.GetMeeting(ctx, meetingID)
	if err != nil {
		return err
	}
	if in.RecordingTS == "" && m.MessageTS != "" {
		text, blocks := recordingReply(m, in)
		if err := b.sendOnce(ctx, uuid, storage.PostRecordingThread, func() (string, error) { return b.postInThread(ctx, m, text, blocks) }); err != nil {
			return err
		}
	}
	if in.RecordingDMTS == "" {
		text, blocks := recordingDM(m, in)
		if err := b.sendOnce(ctx, uuid, storage.PostRecordingDM, func() (string, error) { return b.dmTS(ctx, m.RequesterID, text, blocks) }); err != nil {
			return err
		}
	}
	b.publishHome(ctx, m.TeamID, m.RequesterID)
	return nil
}

// sendOnce sends one claimed message and records its ts. Slack refusing it
// for good (an archived channel, a deleted thread) is logged and counts as
// done; anything else (rate limits, Slack down) is tried again later.
func (b *Bot) sendOnce(ctx context.Context, uuid string, p storage.Post, send func() (string, error)) error {
	ts, err := send()
	var se slack.SlackErrorResponse
	if err != nil && errors.As(err, &se) && !slackErrorIs(err, "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout") {
		b.log.WarnContext(ctx, "after-meeting message not sent", "post", string(p), "err", err)
		ts = "-" // never sent, and never to be
		err = nil
	}
	if err != nil {
		return fmt.Errorf("send %s: %w", p, err)
	}
	return b.db.SetPosted(ctx, uuid, p, ts)
}

// postInThread replies in the thread of the meeting's channel post.
func (b *Bot) postInThread(ctx context.Context, m *storage.Meeting, text string, blocks []slack.Block) (string, error) {
	_, ts, err := b.slack.PostMessageContext(ctx, m.MessageChannel,
		append(slackTextBlocks(text, blocks), slack.MsgOptionTS(m.MessageTS))...)
	return ts, err
}

// zoomSummaryCompleted notes the sitting and posts its AI Companion
// summary, fetched from Zoom.
func (b *Bot) zoomSummaryCompleted(ctx context.Context, m *storage.Meeting, ev *zoomEvent) (func(context.Context) error, error) {
	if b.cfg.SkipSummaries {
		b.log.DebugContext(ctx, "zoom webhook: summaries are not posted (ZOOMBOT_POST_SUMMARIES=false)", "meeting", m.ID)
		return nil, nil
	}
	obj := &ev.Payload.Object
	if obj.MeetingUUID == "" {
		return nil, fmt.Errorf("meeting.summary_completed without meeting_uuid: %w", storage.ErrInvalid)
	}
	loc := meetingLoc(m)
	started, _ := parseZoomTime(obj.MeetingStartTime, loc)
	ended, _ := parseZoomTime(obj.MeetingEndTime, loc)
	if err := b.db.NoteInstance(ctx, m.ID, obj.MeetingUUID, started, ended); err != nil {
		return nil, err
	}
	key, uuid := ev.requestKey(), obj.MeetingUUID
	return func(ctx context.Context) error { return b.postSummary(ctx, m.ID, uuid, key) }, nil
}

// postSummary fetches a sitting's summary and posts its overview and next
// steps in one thread reply (to the host by DM when the meeting has no
// channel post).
func (b *Bot) postSummary(ctx context.Context, meetingID int64, uuid, key string) error {
	in, err := b.db.ClaimPost(ctx, uuid, storage.PostSummary, key)
	if err != nil || in == nil || in.SummaryTS != "" {
		return err
	}
	sum, err := b.zoom.GetMeetingSummary(ctx, uuid)
	switch {
	case zoom.IsMissingScope(err):
		if b.warned.first("summary scope") {
			b.log.WarnContext(ctx, "AI Companion summaries are not posted: the Zoom app lacks the scope meeting_summary:read:admin "+
				"(granular: meeting:read:summary:admin); add it, or set ZOOMBOT_POST_SUMMARIES=false", "err", err)
		}
		return nil
	case zoom.IsNotFound(err):
		b.log.InfoContext(ctx, "zoom webhook: Zoom has no summary for this meeting", "meeting", meetingID)
		return nil
	case err != nil && zoomTrouble(err):
		return err
	case err != nil:
		b.log.WarnContext(ctx, "zoom webhook: summary not fetched", "meeting", meetingID, "err", err)
		return nil
	}
	m, err := b.db.GetMeeting(ctx, meetingID)
	if err != nil {
		return err
	}
	text, blocks := summaryReply(m, in, sum)
	return b.sendOnce(ctx, uuid, storage.PostSummary, func() (string, error) {
		if m.MessageTS == "" {
			return b.dmTS(ctx, m.RequesterID, text, blocks)
		}
		return b.postInThread(ctx, m, text, blocks)
	})
}

// countAttendance notes the sitting that ended and has the follow-up count
// who joined it before then (the channel message's refresh) runs, so that
// the message changes once, with the count; without then, a new count
// refreshes the message itself.
func (b *Bot) countAttendance(ctx context.Context, m *storage.Meeting, ev *zoomEvent, end time.Time, then func(context.Context) error) (func(context.Context) error, error) {
	uuid := ev.Payload.Object.UUID
	if uuid == "" {
		return then, nil
	}
	start, _ := parseZoomTime(ev.Payload.Object.StartTime, meetingLoc(m))
	if err := b.db.NoteInstance(ctx, m.ID, uuid, start, end); err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		changed, err := b.fetchAttendance(ctx, uuid, end)
		if then == nil && changed {
			then = b.refreshLater(m.ID, false, nil)
		}
		if then != nil {
			then(ctx)
		}
		return err
	}, nil
}

// fetchAttendance counts the distinct people who joined a sitting that
// ended at end, stores the count and reports whether it changed. Zoom may
// not have the list right after meeting.ended: for attendanceWait that is
// an error, to be tried again.
func (b *Bot) fetchAttendance(ctx context.Context, uuid string, end time.Time) (bool, error) {
	ps, err := b.zoom.ListPastParticipants(ctx, uuid)
	switch {
	case (zoom.IsNotFound(err) || (err == nil && len(ps) == 0)) && b.now().Sub(end) < attendanceWait:
		return false, errNotYet
	case zoom.IsNotFound(err):
		b.log.InfoContext(ctx, "zoom webhook: Zoom has no participant list for the meeting", "err", err)
		return false, nil
	case err != nil && zoomTrouble(err):
		return false, err
	case err != nil:
		if b.warned.first("participants") {
			b.log.WarnContext(ctx, "attendance is not counted: Zoom refused the participant list (it needs a paid plan and the scope "+
				"meeting:read:admin, granular meeting:read:list_past_participants:admin)", "err", err)
		}
		return false, nil
	}
	return b.db.SetAttendance(ctx, uuid, countPeople(ps))
}

var errNotYet = errors.New("zoom has no participant list for the meeting yet")

// countPeople counts the distinct people among a sitting's joins: someone
// who drops out and rejoins is listed twice by Zoom, and counted once.
func countPeople(ps []zoom.PastParticipant) int {
	seen := make(map[string]bool, len(ps))
	for _, p := range ps {
		seen[p.Key()] = true
	}
	return len(seen)
}

// homeRecordingBlocks lists a host's recent recordings for their App Home.
func (b *Bot) homeRecordingBlocks(ctx context.Context, teamID, userID string) []slack.Block {
	recs, err := b.db.RecentRecordings(ctx, teamID, userID, b.now().Add(-homeRecordingsWithin), homeRecordings)
	if err != nil {
		b.log.ErrorContext(ctx, "home: list recordings", "user", userID, "err", err)
		return nil
	}
	return recordingsHome(recs)
}

// onceSet remembers which setup problems were logged, so each is logged once.
type onceSet struct {
	mu   sync.Mutex
	seen map[string]bool
}

// first reports whether key is new, and remembers it.
func (s *onceSet) first(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[key] {
		return false
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[key] = true
	return true
}

// drop forgets a request this replica no longer works on, so its lease is
// not renewed.
func (s *leaseSet) drop(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, key)
}
