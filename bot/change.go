package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// A change is a meeting made earlier moved (/zoom move, "Move anyway") or
// edited (the form). It runs exactly once, like scheduling: the request row
// first (a redelivered command or a double click finds it and does
// nothing), then the checks (the past, the host's clashes, a free pool
// host), then one PATCH to Zoom, read back when its outcome is unknown,
// and only once Zoom agreed the database row, the channel message, the
// invitees' DMs and App Home. Each step is recorded, so a change cut off
// by a crash finishes at the next start (resumeChange).

// changeInput is one change, stored as its request's payload.
type changeInput struct {
	Key         string `json:"-"`
	Kind        string `json:"kind"` // "move" or "edit"
	TeamID      string `json:"team"`
	ChannelID   string `json:"channel"`
	ResponseURL string `json:"response_url,omitempty"`
	UserID      string `json:"user"`

	MeetingID    int64  `json:"meeting"`
	OccurrenceID string `json:"occurrence,omitempty"` // one meeting of a series; "" = the meeting or the whole series
	Zone         string `json:"tz"`                   // the meeting's zone

	// What changes; nil and zero fields keep the meeting's.
	Start    time.Time      `json:"start,omitzero"` // the new start: of the occurrence, the meeting, or a series' first
	Duration time.Duration  `json:"duration,omitempty"`
	Topic    *string        `json:"topic,omitempty"`
	Passcode *string        `json:"passcode,omitempty"`
	Options  *optionsChange `json:"options,omitempty"`
	Invitees *[]string      `json:"invitees,omitempty"`
	Series   *seriesMove    `json:"series,omitempty"` // a whole series moved: its new rule
	Host     *hostChoice    `json:"host,omitempty"`   // the pool host it is handed to
	Before   changeBefore   `json:"before"`
	Force    bool           `json:"force,omitempty"` // the user chose "Move anyway"

	// Resumed is set for work Recover took up: the user heard of it
	// before, so an outage is not announced again.
	Resumed bool `json:"-"`
}

// optionsChange are the settings an edit turns on or off.
type optionsChange struct {
	WaitingRoom    *bool `json:"waiting_room,omitempty"`
	JoinBeforeHost *bool `json:"join_before_host,omitempty"`
	MuteOnEntry    *bool `json:"mute_upon_entry,omitempty"`
}

// apply sets the changed options on o.
func (c *optionsChange) apply(o *meetingOptions) {
	for _, f := range []struct {
		to   *bool
		from *bool
	}{{&o.WaitingRoom, c.WaitingRoom}, {&o.JoinBeforeHost, c.JoinBeforeHost}, {&o.MuteOnEntry, c.MuteOnEntry}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
}

// changeBefore is what the meeting was, for the messages that tell people.
type changeBefore struct {
	Start    time.Time     `json:"start"` // of what moves: the occurrence, the meeting, or a series' next meeting
	Duration time.Duration `json:"duration"`
	Topic    string        `json:"topic"`
	Invitees []string      `json:"invitees,omitempty"`
}

// seriesMove is the rule of a series moved as a whole.
type seriesMove struct {
	Zoom   *zoom.Recurrence `json:"zoom"`
	Stored storedRecurrence `json:"stored"`
}

// newChange starts a change of m by the command's user.
func newChange(m *storage.Meeting, kind string, in SlashCommand) changeInput {
	return changeInput{Kind: kind, TeamID: in.TeamID, ChannelID: in.ChannelID, ResponseURL: in.ResponseURL, UserID: in.UserID,
		MeetingID: m.ID, Zone: m.Timezone,
		Before: changeBefore{Start: m.Start, Duration: m.Duration, Topic: m.Topic, Invitees: m.Invitees}}
}

// at points a change of a series at its meeting o: that one alone (one),
// or the whole series moved by as much as o.
func (in *changeInput) at(o storage.Occurrence, one bool) {
	if one {
		in.OccurrenceID = o.OccurrenceID
	}
	in.Before.Start, in.Before.Duration = o.Start, o.Duration
}

// moves reports whether the change moves or resizes a meeting.
func (in *changeInput) moves() bool { return !in.Start.IsZero() || in.Duration != 0 }

// slot is the time the change asks for: where a clash would be.
func (in *changeInput) slot() (time.Time, time.Duration) {
	start, d := in.Before.Start, in.Before.Duration
	if !in.Start.IsZero() {
		start = in.Start
	}
	if in.Duration != 0 {
		d = in.Duration
	}
	return start, d
}

// change runs a change exactly once. It returns an *Error for failures the
// user can act on.
func (b *Bot) change(ctx context.Context, in changeInput) (Reply, error) {
	done, err := b.heavyWork(ctx)
	if err != nil {
		return Reply{}, err
	}
	defer done()
	payload, err := json.Marshal(in)
	if err != nil {
		return Reply{}, err
	}
	req, fresh, err := b.beginRequest(ctx, &storage.Request{Key: in.Key, State: storage.RequestReceived, Kind: in.Kind,
		TeamID: in.TeamID, UserID: in.UserID, ChannelID: in.ChannelID, Payload: payload})
	if err != nil {
		return Reply{}, fmt.Errorf("begin request: %w", err)
	}
	if !fresh {
		b.log.InfoContext(ctx, "redelivered change ignored", "request_id", in.Key, "state", req.State)
		return Reply{}, nil
	}
	// Changes to one meeting run one at a time, so that two quick moves
	// reach Zoom and the database in the same order.
	unlock := b.slots.lock(fmt.Sprint("meeting:", in.MeetingID))
	defer unlock()
	reply, err := b.checkChange(ctx, &in)
	if err != nil || !reply.empty() {
		b.releaseHold(ctx, in.Key)
		b.finish(ctx, in.Key, err, reply)
		return reply, err
	}
	return b.applyChange(ctx, in, false)
}

// applyChange sends the change to Zoom and, once Zoom has it, records and
// announces it. readBack asks Zoom first whether an earlier attempt
// already made it (resumed or retried work).
func (b *Bot) applyChange(ctx context.Context, in changeInput, readBack bool) (Reply, error) {
	if err := b.db.SetRequestState(ctx, in.Key, storage.RequestZoomPending, in.MeetingID, ""); err != nil {
		return Reply{}, err
	}
	err := b.patchOnce(ctx, in, readBack)
	if zoomTrouble(err) {
		b.log.WarnContext(ctx, "Zoom trouble changing a meeting; retrying in the background", "request_id", in.Key, "err", err)
		b.keepChanging(in)
		if in.Resumed {
			return Reply{}, nil
		}
		return Reply{Text: fmt.Sprintf(":hourglass_flowing_sand: Zoom isn't answering; I'll keep trying for %s and tell you when *%s* is changed.",
			humanDuration(b.cfg.ZoomRetryWindow), escapeTopic(in.Before.Topic))}, nil
	}
	if err != nil {
		b.releaseHold(ctx, in.Key)
		b.finish(ctx, in.Key, err, Reply{})
		return Reply{}, b.changeError(in, err)
	}
	return b.recordChange(ctx, in)
}

// patchOnce makes Zoom hold the change: one PATCH, or none when Zoom needs
// nothing (only invitees changed) or already has it. A PATCH whose outcome
// is unknown is read back before it is sent again.
func (b *Bot) patchOnce(ctx context.Context, in changeInput, readBack bool) error {
	req := in.zoomRequest()
	if req == nil {
		return nil
	}
	if readBack {
		if has, err := b.zoomHas(ctx, in); err != nil || has {
			return err
		}
	}
	err := b.zoom.UpdateMeeting(ctx, in.MeetingID, in.OccurrenceID, req)
	if !errors.Is(err, zoom.ErrOutcomeUnknown) {
		return err
	}
	b.metrics.Reconciliation("unknown_outcome")
	has, rerr := b.zoomHas(ctx, in)
	switch {
	case rerr != nil:
		return fmt.Errorf("%w (reading it back: %v)", err, rerr) // still unknown
	case has:
		b.metrics.Reconciliation("adopted")
		return nil
	}
	b.metrics.Reconciliation("not_found")
	return b.zoom.UpdateMeeting(ctx, in.MeetingID, in.OccurrenceID, req) // Zoom surely didn't: once more
}

// recordChange writes what Zoom agreed to, then tells everyone.
func (b *Bot) recordChange(ctx context.Context, in changeInput) (Reply, error) {
	c, err := b.storedChange(ctx, in)
	if err == nil {
		err = b.db.ChangeMeeting(ctx, in.MeetingID, c)
	}
	if err == nil {
		err = b.db.SetRequestState(ctx, in.Key, storage.RequestCreated, 0, "")
	}
	if err != nil {
		// Zoom has the change but the row doesn't: the request stays
		// zoom_pending, and Recover, soon, reads it back and records it.
		b.handOver(ctx, in.Key)
		return Reply{}, &Error{Code: "record_later", Err: fmt.Errorf("record change of %d: %w", in.MeetingID, err),
			Message: fmt.Sprintf("Zoom has the change to *%s*, but I couldn't record it yet. I'll finish it in a moment and update the channel.", escapeTopic(in.Before.Topic))}
	}
	b.releaseHold(ctx, in.Key)
	return b.announceChange(ctx, in)
}

// storedChange is the database's side of a change Zoom agreed to.
func (b *Bot) storedChange(ctx context.Context, in changeInput) (storage.MeetingChange, error) {
	c := storage.MeetingChange{Topic: in.Topic, Passcode: in.Passcode, Invitees: in.Invitees, OccurrenceID: in.OccurrenceID,
		Start: in.Start, Duration: in.Duration}
	if in.Options != nil {
		m, err := b.db.GetMeeting(ctx, in.MeetingID)
		if err != nil {
			return c, err
		}
		opts := meetingSettings(m)
		in.Options.apply(&opts)
		s := settingsJSON(&opts)
		c.Settings = &s
	}
	if in.Host != nil {
		c.HostZoomUserID, c.HostEmail = in.Host.ZoomUserID, in.Host.Email
	}
	if !in.Start.IsZero() && !in.Start.Equal(in.Before.Start) {
		c.Moved = storage.Move{From: in.Before.Start, By: in.UserID, OccurrenceID: in.OccurrenceID}
	}
	if in.Series == nil && in.Passcode == nil {
		return c, nil
	}
	// Zoom made the series anew, or a new passcode may have brought a new
	// join link: take them from Zoom.
	zm, err := b.zoom.GetMeeting(ctx, in.MeetingID)
	if err != nil {
		return c, err
	}
	if in.Passcode != nil {
		c.Passcode, c.JoinURL = &zm.Password, zm.JoinURL
	}
	if in.Series != nil {
		raw, _ := json.Marshal(in.Series.Stored)
		rule := string(raw)
		_, d := in.slot()
		c.Start, c.Recurrence, c.Occurrences = time.Time{}, &rule, zoomOccurrences(zm, d)
	}
	return c, nil
}

// zoomOccurrences are a Zoom meeting's occurrences as the store keeps them.
func zoomOccurrences(zm *zoom.Meeting, d time.Duration) []storage.Occurrence {
	out := make([]storage.Occurrence, 0, len(zm.Occurrences))
	for _, o := range zm.Occurrences {
		od := d
		if o.Duration > 0 {
			od = time.Duration(o.Duration) * time.Minute
		}
		status := storage.StatusScheduled
		if o.Status == "deleted" {
			status = storage.StatusCancelled
		}
		out = append(out, storage.Occurrence{OccurrenceID: o.OccurrenceID, Start: o.StartTime.UTC(), Duration: od, Status: status})
	}
	return out
}

// changeError words Zoom's refusals of a change.
func (b *Bot) changeError(in changeInput, err error) error {
	var ze *zoom.Error
	switch {
	case zoom.IsNotFound(err):
		return &Error{Code: "gone", Err: err, Message: fmt.Sprintf("Zoom no longer has *%s*: it was deleted there.", escapeTopic(in.Before.Topic))}
	case errors.As(err, &ze) && ze.Code == 3000 && in.Host != nil:
		return &Error{Code: "no_rehost", Err: err, Message: fmt.Sprintf(
			"*%s*'s host is busy at the new time, and Zoom won't hand the meeting to another host (%s). Pick another time.",
			escapeTopic(in.Before.Topic), escape(ze.Message))}
	case errors.As(err, &ze) && ze.Code == 3000:
		return &Error{Code: "in_progress", Err: err, Message: fmt.Sprintf("*%s* is in progress, so Zoom won't change it.", escapeTopic(in.Before.Topic))}
	}
	return zoomUserError(err, b.now())
}

// resumeChange finishes a change a stopped replica left: recorded and only
// the messages left to send, or else not known to be in Zoom yet (read
// back first).
func (b *Bot) resumeChange(ctx context.Context, r storage.Request) {
	var in changeInput
	if err := json.Unmarshal(r.Payload, &in); err != nil || in.MeetingID == 0 {
		b.log.ErrorContext(ctx, "resume: unreadable change; marking it failed", "request_id", r.Key, "err", err)
		b.finish(ctx, r.Key, fmt.Errorf("unreadable payload: %v", err), Reply{})
		return
	}
	in.Key, in.Resumed = r.Key, true
	ctx = withChangeAttrs(ctx, in)
	var reply Reply
	var err error
	if r.State == storage.RequestCreated {
		reply, err = b.announceChange(ctx, in)
	} else {
		reply, err = b.applyChange(ctx, in, true)
	}
	if err != nil {
		if !zoomTrouble(err) {
			b.finish(ctx, r.Key, err, Reply{})
		}
		reply = b.userReply(ctx, err, "request_id", r.Key, "user", in.UserID, "command", in.Kind)
	}
	b.reply(ctx, in.ResponseURL, in.ChannelID, in.UserID, reply)
}
