package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/internal/logsafe"
	"github.com/zoombot/zoombot/storage"
)

// More action ids (see render.go for join, start, edit and cancel).
const (
	actionOpenForm     = "open_form"     // "Use the form", value: a formPrefill as JSON
	actionHomeSchedule = "home_schedule" // App Home's "Schedule a meeting"
	actionCalendar     = "calendar"      // a URL button: nothing to do
)

// serveInteraction handles block_actions after their ack (route sends view
// submissions to submitForm, because their errors must go in the ack).
func (b *Bot) serveInteraction(ctx context.Context, cb slack.InteractionCallback) {
	journaled, _ := ctx.Value(journaledKey{}).(string)
	for _, a := range cb.ActionCallback.BlockActions {
		// A redelivered click carries the same action_ts: do it once. The
		// first action's key is its envelope's, recorded at the ack.
		key := actionKey(cb, a)
		kind := "action:" + a.ActionID
		attrs := []slog.Attr{slog.String("team", cb.Team.ID), slog.String("user", cb.User.ID),
			slog.String("channel", cb.Channel.ID), slog.String("command", kind), slog.String("request_id", key)}
		actx := logsafe.WithAttrs(ctx, attrs...)
		if key != journaled {
			if _, fresh, err := b.db.BeginRequest(actx, &storage.Request{Key: key, Kind: kind,
				TeamID: cb.Team.ID, UserID: cb.User.ID, ChannelID: cb.Channel.ID, State: storage.RequestAnnounced}); err == nil && !fresh {
				b.metrics.CommandDone(kind, "duplicate")
				continue
			}
		}
		reply, err := b.HandleAction(actx, cb, a)
		b.metrics.CommandDone(kind, outcome(err))
		if err != nil {
			reply = b.userReply(actx, err, attrArgs(attrs)...)
		}
		b.reply(actx, cb.ResponseURL, cb.Channel.ID, cb.User.ID, reply)
	}
}

// HandleAction runs one button click and returns what the clicker sees.
func (b *Bot) HandleAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) (Reply, error) {
	switch a.ActionID {
	case actionStart:
		return b.actionStart(ctx, cb, a)
	case actionCancel:
		return b.actionCancel(ctx, cb, a)
	case actionEdit:
		return Reply{}, b.actionEdit(ctx, cb, a)
	case actionOpenForm, actionHomeSchedule:
		return Reply{}, b.openForm(ctx, cb, a)
	case actionScheduleAnyway, actionScheduleAgain, actionMoveAnyway:
		return b.actionForce(ctx, cb, a)
	case actionDismiss:
		if cb.ResponseURL != "" {
			return Reply{}, b.sendResponse(ctx, cb.ResponseURL, responseMessage{DeleteOriginal: true})
		}
		return Reply{}, nil
	default: // join, calendar: URL buttons, Slack opens the link
		return Reply{}, nil
	}
}

// meetingFromAction loads the meeting a button names in its value.
func (b *Bot) meetingFromAction(ctx context.Context, teamID string, a *slack.BlockAction) (*storage.Meeting, error) {
	id, ok := ParseMeetingID(a.Value)
	if !ok {
		return nil, userErr("bad_button", "That button doesn't name a meeting I know. `/zoom list` shows your meetings.")
	}
	m, err := b.db.GetMeeting(ctx, id)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && m.TeamID != teamID) {
		return nil, userErr("not_found", "I no longer know that meeting.")
	}
	return m, err
}

// actionStart sends the host a fresh start link, privately. Start links
// expire (2 hours, or 90 days for custCreate users: zoom-api.md §3.1), so
// it always asks Zoom for a new one.
func (b *Bot) actionStart(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) (Reply, error) {
	m, err := b.meetingFromAction(ctx, cb.Team.ID, a)
	if err != nil {
		return Reply{}, err
	}
	if m.RequesterID != cb.User.ID {
		return Reply{}, userErr("not_host", "Only the host, <@%s>, can start this meeting. Use the Join button to join it.", m.RequesterID)
	}
	if m.Status == storage.StatusCancelled {
		return Reply{}, userErr("cancelled", "*%s* was cancelled.", escapeTopic(m.Topic))
	}
	zm, err := b.zoom.GetMeeting(ctx, m.ID)
	if err != nil {
		return Reply{}, zoomUserError(err, b.now())
	}
	return Reply{Text: fmt.Sprintf(":lock: <%s|Start *%s* as host>. Only you can see this link; anyone who has it can start the meeting as you.",
		zm.StartURL, escapeTopic(m.Topic))}, nil
}

func (b *Bot) actionCancel(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) (Reply, error) {
	m, err := b.meetingFromAction(ctx, cb.Team.ID, a)
	if err != nil {
		return Reply{}, err
	}
	if m.RequesterID != cb.User.ID {
		return Reply{}, userErr("not_host", "Only the host, <@%s>, can cancel *%s*.", m.RequesterID, escapeTopic(m.Topic))
	}
	if m.Status == storage.StatusCancelled {
		return Reply{Text: fmt.Sprintf("*%s* was already cancelled.", escapeTopic(m.Topic))}, nil
	}
	if err := b.cancelMeeting(ctx, m, cb.User.ID); err != nil {
		return Reply{}, err
	}
	return Reply{Text: fmt.Sprintf("Cancelled *%s*.", escapeTopic(m.Topic))}, nil
}

// actionForce schedules a request that a warning held back (a clash, or a
// double submit), or moves a meeting a clash held back (forceChange), now
// that its user said to go ahead. Its key derives from the held request,
// so a double click schedules or moves it once.
func (b *Bot) actionForce(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) (Reply, error) {
	held, err := b.db.GetRequest(ctx, a.Value)
	if errors.Is(err, storage.ErrNotFound) {
		return Reply{}, userErr("expired", "I no longer have that request. Please schedule it again.")
	}
	if err != nil {
		return Reply{}, err
	}
	if held.UserID != cb.User.ID {
		return Reply{}, userErr("not_yours", "Only <@%s> can decide that.", held.UserID)
	}
	if held.Kind == kindMove || held.Kind == kindEdit {
		return b.forceChange(ctx, cb, held)
	}
	var in scheduleInput
	if err := json.Unmarshal(held.Payload, &in); err != nil {
		return Reply{}, fmt.Errorf("held request %s: %w", held.Key, err)
	}
	u, err := b.slackUser(ctx, cb.Team.ID, cb.User.ID)
	if err != nil {
		return Reply{}, err
	}
	in.Key, in.User, in.Force, in.Host = "force:"+held.Key, u, true, nil
	if cb.ResponseURL != "" {
		in.ResponseURL = cb.ResponseURL
	}
	return b.schedule(ctx, in)
}
