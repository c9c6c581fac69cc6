package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zoombot/zoombot/bot/timeparse"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// maxTopic is Zoom's topic limit (zoom-api.md §3.1).
const maxTopic = 200

// scheduleInput is one request to create a meeting, from the slash command or
// (later) the form.
type scheduleInput struct {
	Key                            string // idempotency key, from Slack's identity for the action
	Kind                           string // "command", "form", …
	TeamID, ChannelID, ResponseURL string
	User                           *slackUser

	Topic      string // as typed; may hold <@U…> mentions
	Start      time.Time
	Duration   time.Duration
	Recurrence *timeparse.Recurrence
	Instant    bool
	Invitees   []string
	Options    *meetingOptions // nil = the defaults below
}

// meetingOptions are the Zoom settings the form offers.
type meetingOptions struct {
	Passcode                                 string // "" = Zoom generates one
	WaitingRoom, JoinBeforeHost, MuteOnEntry bool
}

// defaultOptions: a passcode protects the meeting, so people need not wait
// for a host who may be late ("waiting for the host" is the most common
// complaint about Zoom bots, prior-art.md §3.5).
var defaultOptions = meetingOptions{JoinBeforeHost: true, MuteOnEntry: true}

// schedule creates the meeting in Zoom, stores it, announces it in the
// channel and DMs the host the start link. A redelivered request (same Key)
// does nothing. It returns an *Error for failures the user can act on.
func (b *Bot) schedule(ctx context.Context, in scheduleInput) (Reply, error) {
	if n := len([]rune(plainTopic(in.Topic, nil))); n > maxTopic {
		return Reply{}, userErr("topic_too_long", "That topic is %d characters; Zoom allows %d. Try a shorter one, like `/zoom schedule tomorrow 3pm design review`.", n, maxTopic)
	}
	_, fresh, err := b.db.BeginRequest(ctx, &storage.Request{
		Key: in.Key, State: storage.RequestReceived, Kind: in.Kind,
		TeamID: in.TeamID, UserID: in.User.ID, ChannelID: in.ChannelID,
	})
	if err != nil {
		return Reply{}, fmt.Errorf("begin request: %w", err)
	}
	if !fresh {
		b.log.InfoContext(ctx, "duplicate request ignored", "request_id", in.Key)
		return Reply{}, nil
	}
	m, startURL, err := b.createMeeting(ctx, in)
	if err != nil {
		if serr := b.db.SetRequestState(ctx, in.Key, storage.RequestFailed, 0, err.Error()); serr != nil {
			b.log.ErrorContext(ctx, "marking request failed", "request_id", in.Key, "err", serr)
		}
		return Reply{}, err
	}
	return b.announce(ctx, in, m, startURL)
}

// createMeeting finds the host, creates the meeting in Zoom and stores it.
func (b *Bot) createMeeting(ctx context.Context, in scheduleInput) (*storage.Meeting, string, error) {
	host, err := b.zoomHost(ctx, in.TeamID, in.User)
	if err != nil {
		return nil, "", err
	}
	req, rec := b.zoomRequest(in)
	if err := b.db.SetRequestState(ctx, in.Key, storage.RequestZoomPending, 0, ""); err != nil {
		return nil, "", err
	}
	zm, err := b.zoom.CreateMeeting(ctx, host.ZoomUserID, req)
	if err != nil {
		return nil, "", zoomUserError(err, b.now())
	}
	m := storedMeeting(zm, in, host, rec)
	if in.Instant || m.Start.IsZero() {
		m.Start = b.now().UTC()
		m.Occurrences = nil
	}
	if err := b.db.CreateMeeting(ctx, m); err != nil {
		return nil, "", fmt.Errorf("store meeting %d: %w", zm.ID, err)
	}
	if err := b.db.SetRequestState(ctx, in.Key, storage.RequestCreated, zm.ID, ""); err != nil {
		return nil, "", err
	}
	return m, zm.StartURL, nil
}

// zoomRequest builds Zoom's create body. A passcode is always asked for:
// Zoom forces the waiting room on meetings without one
// (zoom-api.md §3.1, "Security rule").
func (b *Bot) zoomRequest(in scheduleInput) (*zoom.MeetingRequest, *storedRecurrence) {
	opts := defaultOptions
	if in.Options != nil {
		opts = *in.Options
	}
	req := &zoom.MeetingRequest{
		Topic:           plainTopic(in.Topic, nil),
		Type:            zoom.MeetingScheduled,
		StartTime:       in.Start.UTC(),
		Duration:        int(in.Duration / time.Minute),
		Timezone:        in.User.Loc.String(),
		Password:        opts.Passcode,
		DefaultPassword: opts.Passcode == "",
		Settings: &zoom.Settings{
			JoinBeforeHost: &opts.JoinBeforeHost,
			WaitingRoom:    &opts.WaitingRoom,
			MuteUponEntry:  &opts.MuteOnEntry,
		},
	}
	if in.Instant {
		req.Type = zoom.MeetingInstant
		req.StartTime = time.Time{}
	}
	if in.Recurrence == nil {
		return req, nil
	}
	req.Type = zoom.MeetingRecurring
	zr, st := zoomRecurrence(in.Recurrence, in.Start)
	req.Recurrence = zr
	return req, &st
}

// zoomRecurrence maps a parsed rule onto Zoom's recurrence object. An open
// ended rule gets an end, because Zoom's fixed-time recurring meetings need
// one: a year ahead, capped at Zoom's 60 occurrences.
func zoomRecurrence(r *timeparse.Recurrence, start time.Time) (*zoom.Recurrence, storedRecurrence) {
	zr := &zoom.Recurrence{RepeatInterval: max(r.Interval, 1)}
	st := storedRecurrence{Interval: zr.RepeatInterval}
	switch r.Freq {
	case timeparse.Daily:
		zr.Type, st.Freq = zoom.RecurDaily, "DAILY"
	case timeparse.Weekly:
		zr.Type, st.Freq = zoom.RecurWeekly, "WEEKLY"
		days := r.Weekdays
		if len(days) == 0 {
			days = []time.Weekday{start.Weekday()}
		}
		var zoomDays, icsDays []string
		for _, d := range days {
			zoomDays = append(zoomDays, fmt.Sprint(int(d)+1)) // Zoom: 1 = Sunday
			icsDays = append(icsDays, strings.ToUpper(d.String()[:2]))
		}
		zr.WeeklyDays, st.ByDay = strings.Join(zoomDays, ","), strings.Join(icsDays, ",")
	case timeparse.Monthly:
		zr.Type, st.Freq = zoom.RecurMonthly, "MONTHLY"
		zr.MonthlyDay = r.MonthDay
		if zr.MonthlyDay == 0 {
			zr.MonthlyDay = start.Day()
		}
		st.ByMonthDay = zr.MonthlyDay
	}
	rule := *r
	switch {
	case r.Count > 0:
		zr.EndTimes = min(r.Count, 60)
	case !r.Until.IsZero():
		zr.EndDateTime = r.Until.UTC()
		st.Until = zr.EndDateTime
	default:
		perYear := map[timeparse.Freq]int{timeparse.Daily: 365, timeparse.Weekly: 52 * max(len(r.Weekdays), 1), timeparse.Monthly: 12}[r.Freq]
		zr.EndTimes = min(max(perYear/zr.RepeatInterval, 1), 60)
	}
	if zr.EndTimes > 0 {
		rule.Count, rule.Until = zr.EndTimes, time.Time{}
		st.Count = zr.EndTimes
	}
	st.Text = rule.String()
	return zr, st
}

func storedMeeting(zm *zoom.Meeting, in scheduleInput, host *storage.UserMapping, rec *storedRecurrence) *storage.Meeting {
	m := &storage.Meeting{
		ID:             zm.ID,
		UUID:           zm.UUID,
		HostZoomUserID: host.ZoomUserID,
		HostEmail:      host.ZoomEmail,
		TeamID:         in.TeamID,
		ChannelID:      in.ChannelID,
		RequesterID:    in.User.ID,
		Topic:          in.Topic,
		Start:          zm.StartTime.UTC(),
		Duration:       in.Duration,
		Timezone:       in.User.Loc.String(),
		JoinURL:        zm.JoinURL,
		Passcode:       zm.Password,
		Status:         storage.StatusScheduled,
		Invitees:       in.Invitees,
	}
	if zm.Duration > 0 {
		m.Duration = time.Duration(zm.Duration) * time.Minute
	}
	if rec != nil {
		raw, _ := json.Marshal(rec)
		m.Recurrence = string(raw)
		for _, o := range zm.Occurrences {
			d := m.Duration
			if o.Duration > 0 {
				d = time.Duration(o.Duration) * time.Minute
			}
			m.Occurrences = append(m.Occurrences, storage.Occurrence{
				OccurrenceID: o.OccurrenceID, Start: o.StartTime.UTC(), Duration: d, Status: storage.StatusScheduled,
			})
		}
		if len(m.Occurrences) > 0 {
			m.Start = m.Occurrences[0].Start
		}
	}
	return m
}

// zoomUserError turns the Zoom failures a user can understand into an
// *Error, and passes anything else through to be logged.
func zoomUserError(err error, now time.Time) error {
	var rl *zoom.RateLimitError
	if errors.As(err, &rl) {
		if rl.Kind == zoom.RateLimitDaily {
			return &Error{Code: "zoom_daily_limit", Err: err, Message: fmt.Sprintf(
				"This host has reached Zoom's daily limit of 100 meeting changes. Zoom resets it at 00:00 UTC (%s); please try again then.",
				slackDate(rl.RetryAt, time.UTC))}
		}
		return &Error{Code: "zoom_busy", Err: err, Message: "Zoom is busy right now and asked me to slow down. Please try again in a minute."}
	}
	var ze *zoom.Error
	if errors.As(err, &ze) {
		switch ze.Code {
		case 3161:
			return &Error{Code: "zoom_no_hosting", Err: err, Message: "Zoom doesn't allow this Zoom user to host or schedule meetings (Zoom error 3161). Ask your Zoom admin to enable meetings for it."}
		case 300:
			msg := ze.Message
			for _, f := range ze.Fields {
				msg += fmt.Sprintf(" (%s: %s)", f.Field, f.Message)
			}
			return &Error{Code: "zoom_invalid", Err: err, OfferForm: true, Message: "Zoom rejected that meeting: " + escape(msg)}
		}
	}
	return err
}
