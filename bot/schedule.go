package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zoombot/zoombot/bot/timeparse"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// maxTopic is Zoom's topic limit (zoom-api.md §3.1).
const maxTopic = 200

// scheduleInput is one request to create a meeting, from the slash command,
// the form or a button. It is stored (as JSON) in the request row, so the
// work can resume after a crash.
type scheduleInput struct {
	Key         string `json:"-"` // idempotency key, from Slack's identity for the action
	Kind        string `json:"kind"`
	TeamID      string `json:"team"`
	ChannelID   string `json:"channel"`
	ResponseURL string `json:"response_url,omitempty"`
	UserID      string `json:"user"`

	Topic      string                `json:"topic"` // as typed; may hold <@U…> mentions
	Start      time.Time             `json:"start"`
	Duration   time.Duration         `json:"duration"`
	Recurrence *timeparse.Recurrence `json:"recurrence,omitempty"`
	Instant    bool                  `json:"instant,omitempty"`
	Invitees   []string              `json:"invitees,omitempty"`
	Options    *meetingOptions       `json:"options,omitempty"` // nil = defaultOptions
	// Force skips the duplicate and clash checks: the user saw the warning
	// and chose to go ahead.
	Force bool `json:"force,omitempty"`
	// Host is the Zoom user chosen to host, recorded before Zoom is called so
	// that a resumed request reconciles against the right host.
	Host *hostChoice `json:"host,omitempty"`

	User *slackUser `json:"-"` // loaded from UserID
}

// meetingOptions are the Zoom settings the form offers.
type meetingOptions struct {
	Passcode       string `json:"passcode,omitempty"` // "" = Zoom generates one
	WaitingRoom    bool   `json:"waiting_room,omitempty"`
	JoinBeforeHost bool   `json:"join_before_host,omitempty"`
	MuteOnEntry    bool   `json:"mute_upon_entry,omitempty"`
}

// defaultOptions: a passcode protects the meeting, so people need not wait
// for a host who may be late ("waiting for the host" is the most common
// complaint about Zoom bots, prior-art.md §3.5).
var defaultOptions = meetingOptions{JoinBeforeHost: true, MuteOnEntry: true}

// schedule runs one scheduling request exactly once: the request row is
// written first (a redelivered key does nothing), then the duplicate and
// clash checks, the host's reservation, the Zoom create (reconciled when its
// outcome is unknown) and the announcement, each step recorded so a crash
// resumes where it stopped. It returns an *Error for failures the user can
// act on.
func (b *Bot) schedule(ctx context.Context, in scheduleInput) (Reply, error) {
	if n := len([]rune(plainTopic(in.Topic, nil))); n > maxTopic {
		return Reply{}, userErr("topic_too_long", "That topic is %d characters; Zoom allows %d. Try a shorter one, like `/zoom schedule tomorrow 3pm design review`.", n, maxTopic)
	}
	done, err := b.heavyWork(ctx)
	if err != nil {
		return Reply{}, err
	}
	defer done()
	in.UserID = in.User.ID
	if !in.Instant {
		// Zoom keeps start times to the minute; so must the request, or
		// reconciliation would never recognise the meeting it created.
		in.Start = firstOccurrence(in.Start.Truncate(time.Minute), in.Recurrence, in.User.Loc)
	}
	payload, err := json.Marshal(in)
	if err != nil {
		return Reply{}, err
	}
	req, fresh, err := b.beginRequest(ctx, &storage.Request{
		Key: in.Key, State: storage.RequestReceived, Kind: in.Kind,
		TeamID: in.TeamID, UserID: in.User.ID, ChannelID: in.ChannelID, Payload: payload,
	})
	if err != nil {
		return Reply{}, fmt.Errorf("begin request: %w", err)
	}
	if !fresh {
		b.log.InfoContext(ctx, "redelivered request ignored", "request_id", in.Key, "state", req.State)
		return Reply{}, nil
	}
	// Requests for the same slot by the same user run one at a time, so a
	// double submit sees the first one's meeting.
	unlock := b.slots.lock(in.fingerprint())
	defer unlock()
	reply, err := b.checkAndReserve(ctx, &in)
	if zoomTrouble(err) { // Zoom is down before we even know the host
		b.log.WarnContext(ctx, "Zoom trouble finding the host; retrying in the background", "request_id", in.Key, "err", err)
		in.Host = nil
		b.keepTrying(in, req.CreatedAt, false)
		return b.outageReply(in), nil
	}
	if err != nil || !reply.empty() {
		b.finish(ctx, in.Key, err, reply)
		return reply, err
	}
	return b.execute(ctx, in, req.CreatedAt, false)
}

// firstOccurrence moves a recurring meeting's start to its first matching
// day, as Zoom does ("every weekday" picked on a Saturday starts on Monday),
// so duplicate checks, holds and reconciliation look at the right day.
func firstOccurrence(start time.Time, r *timeparse.Recurrence, loc *time.Location) time.Time {
	if r == nil {
		return start
	}
	t := start.In(loc)
	matches := func(t time.Time) bool {
		switch r.Freq {
		case timeparse.Weekly:
			return len(r.Weekdays) == 0 || slices.Contains(r.Weekdays, t.Weekday())
		case timeparse.Monthly:
			if r.WeekOfMonth != 0 && len(r.Weekdays) == 1 {
				return t.Weekday() == r.Weekdays[0] && weekOfMonth(t, r.WeekOfMonth)
			}
			return r.MonthDay == 0 || t.Day() == r.MonthDay
		}
		return true
	}
	for i := 0; i < 400 && !matches(t); i++ {
		t = time.Date(t.Year(), t.Month(), t.Day()+1, t.Hour(), t.Minute(), 0, 0, loc)
	}
	return t
}

// weekOfMonth: t's day is the nth (1..4, -1 = last) of its weekday in its
// month.
func weekOfMonth(t time.Time, n int) bool {
	if n == -1 {
		return t.AddDate(0, 0, 7).Month() != t.Month()
	}
	return (t.Day()-1)/7+1 == n
}

// finish marks a request that ended before reaching Zoom.
func (b *Bot) finish(ctx context.Context, key string, err error, reply Reply) {
	why := "held: " + reply.Text
	if err != nil {
		why = err.Error()
	}
	if serr := b.db.SetRequestState(ctx, key, storage.RequestFailed, 0, why); serr != nil {
		b.log.ErrorContext(ctx, "marking request failed", "request_id", key, "err", serr)
	}
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
		if r.WeekOfMonth != 0 && len(r.Weekdays) == 1 {
			// "last friday of the month": Zoom's monthly_week (1..4, -1)
			// and monthly_week_day (1 = Sunday); RFC 5545's BYDAY=-1FR.
			d := r.Weekdays[0]
			zr.MonthlyWeek, zr.MonthlyWeekDay = r.WeekOfMonth, int(d)+1
			st.ByDay = fmt.Sprintf("%d%s", r.WeekOfMonth, strings.ToUpper(d.String()[:2]))
			break
		}
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

func storedMeeting(zm *zoom.Meeting, in scheduleInput, rec *storedRecurrence) *storage.Meeting {
	m := &storage.Meeting{
		ID:             zm.ID,
		UUID:           zm.UUID,
		HostZoomUserID: in.Host.ZoomUserID,
		HostEmail:      in.Host.Email,
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
		Settings:       settingsJSON(in.Options),
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

// settingsJSON is what storage.Meeting.Settings keeps of the options (nil:
// the defaults): the passcode has its own column.
func settingsJSON(o *meetingOptions) string {
	opts := defaultOptions
	if o != nil {
		opts = *o
	}
	opts.Passcode = ""
	raw, _ := json.Marshal(opts)
	return string(raw)
}

// meetingSettings reads a meeting's options back, passcode included. A
// meeting stored before settings were kept gets the defaults.
func meetingSettings(m *storage.Meeting) meetingOptions {
	opts := defaultOptions
	if m.Settings != "" {
		opts = meetingOptions{}
		_ = json.Unmarshal([]byte(m.Settings), &opts)
	}
	opts.Passcode = m.Passcode
	return opts
}

// zoomUserError turns the Zoom failures a user can understand into an
// *Error, and passes anything else through to be logged.
func zoomUserError(err error, now time.Time) error {
	if zoomTrouble(err) {
		return &Error{Code: "zoom_down", Err: err, Message: "Zoom isn't answering right now. Please try again in a few minutes."}
	}
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
