package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/internal/logsafe"
)

// submitForm checks a submitted schedule form. It returns the ack payload
// (field errors, or nil, which closes the form) and, for a valid form, the
// scheduling to run after the ack. Slack shows field errors only if they
// come in the ack, within 3 seconds, so this does no Zoom or database work.
func (b *Bot) submitForm(ctx context.Context, cb slack.InteractionCallback) (any, func(context.Context)) {
	attrs := []slog.Attr{slog.String("team", cb.Team.ID), slog.String("user", cb.User.ID),
		slog.String("command", "form"), slog.String("request_id", "form:"+cb.TriggerID)}
	var meta formMetadata
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta)
	// The zone comes from the form itself (or the cache), never from a
	// users.info call here: this runs before the ack, which must not wait
	// on the network.
	loc := time.UTC
	if u := b.cachedSlackUser(cb.Team.ID, cb.User.ID); u != nil {
		loc = u.Loc
	} else if l, err := time.LoadLocation(meta.TZ); err == nil && meta.TZ != "" {
		loc = l
	}
	var values map[string]map[string]slack.BlockAction
	if cb.View.State != nil { // absent in a malformed payload (found by FuzzInteraction)
		values = cb.View.State.Values
	}
	in := readForm(values)
	if in.Channel == "" {
		in.Channel = meta.Channel
	}
	f, errs := checkForm(in, b.now(), loc, b.cfg.DefaultDuration)
	if len(errs) > 0 {
		b.metrics.CommandDone("form", "user_error")
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	attrs = append(attrs, slog.String("channel", f.Channel))
	return nil, func(ctx context.Context) {
		ctx = logsafe.WithAttrs(ctx, attrs...)
		u, err := b.slackUser(ctx, cb.Team.ID, cb.User.ID)
		if err != nil {
			b.metrics.CommandDone("form", outcome(err))
			b.reply(ctx, "", f.Channel, cb.User.ID, b.userReply(ctx, err, attrArgs(attrs)...))
			return
		}
		reply, err := b.schedule(ctx, scheduleInput{
			Key: "form:" + cb.TriggerID, Kind: "form",
			TeamID: cb.Team.ID, ChannelID: f.Channel, User: u,
			Topic: f.Topic, Start: f.Start, Duration: f.Duration, Recurrence: f.Recurrence,
			Invitees: f.Invitees, Options: f.Options,
		})
		b.metrics.CommandDone("form", outcome(err))
		if err != nil {
			reply = b.userReply(ctx, err, attrArgs(attrs)...)
		}
		b.reply(ctx, "", f.Channel, cb.User.ID, reply)
	}
}
