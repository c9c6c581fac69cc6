package bot

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/slack-go/slack"
)

// submitForm checks a submitted schedule form. It returns the ack payload
// (field errors, or nil, which closes the form) and, for a valid form, the
// scheduling to run after the ack. Slack shows field errors only if they
// come in the ack, within 3 seconds, so this does no Zoom or database work.
func (b *Bot) submitForm(ctx context.Context, cb slack.InteractionCallback) (any, func(context.Context)) {
	u, err := b.slackUser(ctx, cb.Team.ID, cb.User.ID)
	if err != nil {
		return nil, func(ctx context.Context) {
			r := b.userReply(ctx, err, slog.String("user", cb.User.ID), slog.String("command", "form"))
			b.reply(ctx, "", "", cb.User.ID, r)
		}
	}
	var meta formMetadata
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta)
	in := readForm(cb.View.State.Values)
	if in.Channel == "" {
		in.Channel = meta.Channel
	}
	f, errs := checkForm(in, b.now(), u.Loc, b.cfg.DefaultDuration)
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	return nil, func(ctx context.Context) {
		reply, err := b.schedule(ctx, scheduleInput{
			Key: "form:" + cb.TriggerID, Kind: "form",
			TeamID: cb.Team.ID, ChannelID: f.Channel, User: u,
			Topic: f.Topic, Start: f.Start, Duration: f.Duration, Recurrence: f.Recurrence,
			Invitees: f.Invitees, Options: f.Options,
		})
		if err != nil {
			reply = b.userReply(ctx, err, slog.String("team", cb.Team.ID), slog.String("user", cb.User.ID),
				slog.String("channel", f.Channel), slog.String("command", "form"), slog.String("request_id", "form:"+cb.TriggerID))
		}
		b.reply(ctx, "", f.Channel, cb.User.ID, reply)
	}
}
