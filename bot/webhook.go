package bot

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
)

const (
	// webhookMaxBody caps a webhook body; Zoom's meeting events are a few KiB.
	webhookMaxBody = 64 << 10
	// webhookMaxSkew is how far x-zm-request-timestamp may be from our clock.
	// Zoom does not require a replay window; 5 minutes is what Slack uses and
	// what mattermost-plugin-zoom uses for Zoom (zoom-api.md §6).
	webhookMaxSkew = 5 * time.Minute
	// webhookFollowUp bounds the Slack work done after Zoom has its answer.
	webhookFollowUp = 30 * time.Second
)

// ZoomWebhookHandler returns the handler for Zoom's event notifications
// (POST /zoom/webhook), verified with the app's secret token. It answers
// endpoint.url_validation, keeps the database and the channel messages
// true when meetings start, end, are deleted or are moved in Zoom, and
// after a meeting posts its attendance, recording and summary
// (aftermeeting.go). The database is updated before the answer, so a
// database failure answers 500 and Zoom retries; the Slack work runs after
// the answer (Zoom wants one within 3 s) and Wait waits for it. That work
// is part of the delivery's request: if it fails for a reason that may
// pass, or its replica dies, the request's lease lapses and a replica does
// it again (resumeWebhook).
func (b *Bot) ZoomWebhookHandler(secret string) http.Handler {
	return &zoomWebhook{b: b, secret: []byte(secret)}
}

type zoomWebhook struct {
	b      *Bot
	secret []byte
	// slackMu serialises the follow-ups, each of which renders the meeting
	// as stored when it runs: events that arrive close together (started,
	// then ended) must not have their chat.updates land in the wrong order.
	slackMu sync.Mutex
}

// zoomEvent is a webhook body. Fields not used are left out.
type zoomEvent struct {
	Event   string `json:"event"`
	EventTS int64  `json:"event_ts"` // Unix milliseconds
	Payload struct {
		PlainToken string           `json:"plainToken"` // endpoint.url_validation
		Object     zoomEventMeeting `json:"object"`
	} `json:"payload"`
	// Applied and redo are the bot's, not Zoom's (webhook_redo.go).
	Applied *appliedEvent `json:"zoombot_applied,omitempty"`
	redo    bool          // a replica resumes the delivery
}

// zoomEventMeeting is payload.object of the meeting.* events. meeting.updated
// carries only the fields that changed (besides id).
type zoomEventMeeting struct {
	zoomEventAfter
	ID          zoomID `json:"id"`
	Topic       string `json:"topic"`
	StartTime   string `json:"start_time"` // started/ended: when it really started
	EndTime     string `json:"end_time"`   // ended only
	Duration    *int   `json:"duration"`   // minutes
	Timezone    string `json:"timezone"`
	Occurrences []struct {
		OccurrenceID string `json:"occurrence_id"`
	} `json:"occurrences"`
	Recurrence json.RawMessage `json:"recurrence"` // meeting.updated of a series' rule
}

// zoomID is a meeting id that Zoom's docs send as a string and some
// fixtures as a number.
type zoomID int64

// UnmarshalJSON accepts 85746065123 and "85746065123".
func (id *zoomID) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(b, `"`)
	if len(b) == 0 || string(b) == "null" {
		*id = 0
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("meeting id %q: %w", b, err)
	}
	*id = zoomID(n)
	return nil
}

// zoomSignature is x-zm-signature for a request: "v0=" and the hex
// HMAC-SHA256 of "v0:{timestamp}:{raw body}".
func zoomSignature(secret []byte, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "v0:%s:", timestamp)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

func (h *zoomWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, webhookMaxBody))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	// Everything, the URL validation included, must be signed: answering
	// an unsigned challenge would sign any text an attacker sends.
	if why := h.verify(r.Header, body); why != "" {
		h.b.log.WarnContext(r.Context(), "zoom webhook refused", "why", why, "request_id", r.Header.Get("x-zm-request-id"))
		http.Error(w, why, http.StatusUnauthorized)
		return
	}
	var ev zoomEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	if ev.Event == "endpoint.url_validation" {
		h.validate(w, ev.Payload.PlainToken)
		return
	}
	log := h.b.log.With("event", ev.Event, "meeting", ev.meetingID(), "request_id", r.Header.Get("x-zm-request-id"))
	// Zoom retries a delivery it got no 200 for, and replicas behind one
	// URL may each get a copy: one of them applies it.
	key := ev.requestKey()
	prev, fresh, err := h.b.db.BeginRequest(r.Context(), &storage.Request{Key: key, Kind: webhookKind + ev.Event,
		Owner: h.b.replicaID, LeaseUntil: h.b.now().Add(h.b.cfg.LeaseTTL), Payload: ev.stored()})
	if err != nil {
		log.ErrorContext(r.Context(), "zoom webhook: recording it failed; Zoom will retry", "err", err)
		http.Error(w, "temporary failure", http.StatusInternalServerError)
		return
	}
	if !fresh && prev.State != storage.RequestFailed {
		log.DebugContext(r.Context(), "zoom webhook: duplicate delivery ignored")
		w.WriteHeader(http.StatusOK)
		return
	}
	followUp, err := h.b.applyZoomEvent(r.Context(), &ev)
	state, why := storage.RequestAnnounced, ""
	if err != nil && !errors.Is(err, storage.ErrNotFound) && !errors.Is(err, storage.ErrInvalid) {
		state, why = storage.RequestFailed, err.Error() // the retry may apply it
	}
	if followUp == nil { // else the request is done when its follow-up is
		if serr := h.b.db.SetRequestState(r.Context(), key, state, 0, why); serr != nil {
			log.WarnContext(r.Context(), "zoom webhook: recording its outcome", "err", serr)
		}
	}
	switch {
	case errors.Is(err, storage.ErrNotFound):
		log.DebugContext(r.Context(), "zoom webhook: unknown meeting ignored")
	case errors.Is(err, storage.ErrInvalid):
		// Retrying cannot help: say so in the log and let Zoom stop.
		log.WarnContext(r.Context(), "zoom webhook: change not applied", "err", err)
	case err != nil:
		log.ErrorContext(r.Context(), "zoom webhook failed; Zoom will retry", "err", err)
		http.Error(w, "temporary failure", http.StatusInternalServerError)
		return
	}
	if followUp != nil {
		h.b.work.Add(1) // before the answer, so whoever sees it can Wait
		h.b.leases.add(key)
		go func() {
			defer h.b.work.Done()
			ctx, cancel := detached(r.Context(), webhookFollowUp)
			defer cancel()
			h.slackMu.Lock()
			defer h.slackMu.Unlock()
			h.b.finishWebhook(ctx, key, followUp(ctx))
		}()
	}
	w.WriteHeader(http.StatusOK)
}

// verify returns why the request's signature is not acceptable, or "".
func (h *zoomWebhook) verify(hdr http.Header, body []byte) string {
	ts, sig := hdr.Get("x-zm-request-timestamp"), hdr.Get("x-zm-signature")
	if ts == "" || sig == "" {
		return "missing signature"
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "bad timestamp"
	}
	if skew := h.b.now().Sub(time.Unix(secs, 0)); skew > webhookMaxSkew || skew < -webhookMaxSkew {
		return "stale timestamp"
	}
	if !hmac.Equal([]byte(sig), []byte(zoomSignature(h.secret, ts, body))) {
		return "bad signature"
	}
	return ""
}

// validate answers Zoom's URL validation (CRC) challenge.
func (h *zoomWebhook) validate(w http.ResponseWriter, plainToken string) {
	if plainToken == "" || len(plainToken) > 256 {
		http.Error(w, "bad plainToken", http.StatusBadRequest)
		return
	}
	mac := hmac.New(sha256.New, h.secret)
	mac.Write([]byte(plainToken))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{
		"plainToken":     plainToken,
		"encryptedToken": hex.EncodeToString(mac.Sum(nil)),
	})
}

// applyZoomEvent records a meeting event and returns the Slack work it
// calls for, or nil when nothing changed (a duplicate delivery, the echo of
// the bot's own change) or the event is not one the bot follows. The work
// returns an error when it should be done again later. A meeting the bot
// does not know gives storage.ErrNotFound.
func (b *Bot) applyZoomEvent(ctx context.Context, ev *zoomEvent) (func(context.Context) error, error) {
	var apply func(context.Context, *storage.Meeting, *zoomEvent) (func(context.Context) error, error)
	switch ev.Event {
	case "meeting.started":
		apply = b.zoomMeetingStarted
	case "meeting.ended":
		apply = b.zoomMeetingEnded
	case "meeting.deleted":
		apply = b.zoomMeetingDeleted
	case "meeting.updated":
		apply = b.zoomMeetingUpdated
	case "recording.completed":
		apply = b.zoomRecordingCompleted
	case "meeting.summary_completed":
		apply = b.zoomSummaryCompleted
	default:
		b.log.DebugContext(ctx, "zoom webhook: event not followed", "event", ev.Event)
		return nil, nil
	}
	id := ev.meetingID()
	if id == 0 {
		return nil, fmt.Errorf("%s without a meeting id: %w", ev.Event, storage.ErrInvalid)
	}
	m, err := b.db.GetMeeting(ctx, id)
	if err != nil {
		return nil, err
	}
	return apply(ctx, m, ev)
}

// eventTime reads one of the event's times, falling back to when the event
// was sent and then to now.
func (b *Bot) eventTime(s string, ev *zoomEvent, loc *time.Location) time.Time {
	if t, ok := parseZoomTime(s, loc); ok {
		return t
	}
	if ev.EventTS > 0 {
		return time.UnixMilli(ev.EventTS)
	}
	return b.now()
}

// parseZoomTime reads "2026-11-28T15:00:00Z", or the local form
// "2026-11-28T15:00:00" in loc.
func parseZoomTime(s string, loc *time.Location) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05", s, loc); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// reloadIfChanged re-reads the meeting and reports whether it differs from
// before in what the channel message shows.
func (b *Bot) reloadIfChanged(ctx context.Context, before *storage.Meeting) (*storage.Meeting, bool, error) {
	after, err := b.db.GetMeeting(ctx, before.ID)
	if err != nil {
		return nil, false, err
	}
	same := after.Status == before.Status && after.StartedAt.Equal(before.StartedAt) && after.EndedAt.Equal(before.EndedAt) &&
		after.Start.Equal(before.Start) && after.Duration == before.Duration
	return after, !same, nil
}

// refreshLater re-reads the meeting when the follow-up runs, so that of two
// quick events the later state is what Slack shows.
func (b *Bot) refreshLater(id int64, homes bool, extra func(context.Context, *storage.Meeting)) func(context.Context) error {
	return func(ctx context.Context) error {
		m, err := b.db.GetMeeting(ctx, id)
		if err != nil {
			b.log.ErrorContext(ctx, "zoom webhook: reload meeting", "meeting", id, "err", err)
			return nil
		}
		b.refreshMessage(ctx, m)
		if homes {
			b.refreshHomes(ctx, m)
		}
		if extra != nil {
			extra(ctx, m)
		}
		return nil
	}
}

func (b *Bot) zoomMeetingStarted(ctx context.Context, m *storage.Meeting, ev *zoomEvent) (func(context.Context) error, error) {
	at := b.eventTime(ev.Payload.Object.StartTime, ev, meetingLoc(m))
	if err := b.db.MarkMeetingStarted(ctx, m.ID, at); err != nil {
		return nil, err
	}
	if _, changed, err := b.reloadIfChanged(ctx, m); err != nil || !changed && !ev.redo {
		return nil, err
	}
	return b.refreshLater(m.ID, false, nil), nil
}

func (b *Bot) zoomMeetingEnded(ctx context.Context, m *storage.Meeting, ev *zoomEvent) (func(context.Context) error, error) {
	loc := meetingLoc(m)
	end := b.eventTime(ev.Payload.Object.EndTime, ev, loc)
	// The started event may have been missed; the ended one says when.
	if start, ok := parseZoomTime(ev.Payload.Object.StartTime, loc); ok && m.StartedAt.IsZero() && m.EndedAt.IsZero() && start.Before(end) {
		if err := b.db.MarkMeetingStarted(ctx, m.ID, start); err != nil {
			return nil, err
		}
	}
	if err := b.db.MarkMeetingEnded(ctx, m.ID, end); err != nil {
		return nil, err
	}
	_, changed, err := b.reloadIfChanged(ctx, m)
	if err != nil {
		return nil, err
	}
	var refresh func(context.Context) error
	if changed || ev.redo {
		refresh = b.refreshLater(m.ID, false, nil)
	}
	return b.countAttendance(ctx, m, ev, end, refresh)
}

// zoomMeetingDeleted follows a cancellation made in the Zoom app: the whole
// meeting, or for a series the occurrences the event names.
func (b *Bot) zoomMeetingDeleted(ctx context.Context, m *storage.Meeting, ev *zoomEvent) (func(context.Context) error, error) {
	if occ := ev.Payload.Object.Occurrences; len(occ) > 0 && m.Recurrence != "" {
		var cancelled []storage.Occurrence
		if ev.Applied != nil {
			cancelled = ev.Applied.Cancelled
		} else {
			for _, o := range occ {
				for _, stored := range m.Occurrences {
					if stored.OccurrenceID == o.OccurrenceID && o.OccurrenceID != "" && stored.Status != storage.StatusCancelled {
						cancelled = append(cancelled, stored)
					}
				}
			}
			if len(cancelled) == 0 {
				return nil, nil
			}
			if err := b.noteApplied(ctx, ev, &appliedEvent{Cancelled: cancelled}); err != nil {
				return nil, err
			}
		}
		for _, o := range cancelled {
			if err := b.db.CancelOccurrence(ctx, m.ID, o.OccurrenceID); err != nil {
				return nil, err
			}
		}
		return func(ctx context.Context) error {
			loc := meetingLoc(m)
			for _, o := range cancelled {
				b.tellHost(ctx, m, fmt.Sprintf(":no_entry_sign: The %s meeting of *%s* was cancelled in Zoom. The rest of the series stays.",
					slackDate(o.Start, loc), escapeTopic(m.Topic)))
			}
			b.refreshHomes(ctx, m)
			return nil
		}, nil
	}
	switch {
	case m.Status == storage.StatusCancelled && (!ev.redo || m.CancelledBy != ""):
		return nil, nil // already cancelled: by us, by an earlier delivery, or one in Slack
	case m.Status != storage.StatusCancelled:
		if err := b.db.SetMeetingStatus(ctx, m.ID, storage.StatusCancelled, ""); err != nil {
			return nil, err
		}
	}
	return b.refreshLater(m.ID, true, func(ctx context.Context, m *storage.Meeting) {
		b.tellHost(ctx, m, fmt.Sprintf(":no_entry_sign: *%s* (%s) was cancelled in Zoom. I've marked it cancelled in Slack.",
			escapeTopic(m.Topic), slackDate(m.Start, meetingLoc(m))))
	}), nil
}

// tellHost DMs the meeting's host; a failure is logged, since the channel
// message already tells the truth.
func (b *Bot) tellHost(ctx context.Context, m *storage.Meeting, text string) {
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}
	if err := b.dm(ctx, m.RequesterID, text, blocks); err != nil {
		b.log.WarnContext(ctx, "zoom webhook: host DM failed", "meeting", m.ID, "user", m.RequesterID, "err", err)
	}
}
