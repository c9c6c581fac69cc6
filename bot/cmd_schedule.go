package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/zoombot/zoombot/bot/timeparse"
)

func (b *Bot) cmdSchedule(ctx context.Context, in SlashCommand, cmd Command) (Reply, error) {
	if cmd.Text == "" {
		return Reply{}, userErr("no_time", "When should it be? For example `%s schedule tomorrow 3pm standup`.", commandName(in))
	}
	u, err := b.slackUser(ctx, in.TeamID, in.UserID)
	if err != nil {
		return Reply{}, err
	}
	res, err := timeparse.ParseLocale(cmd.Text, b.now(), u.Loc, u.Locale)
	if err != nil {
		var te *timeparse.Error
		if cmd.Implicit && errors.As(err, &te) && te.Kind == timeparse.ErrNoTime {
			return Reply{}, userErr("unknown_command", "I don't know `%s`.\n%s", escape(firstWord(cmd.Text)), helpText(in.Command))
		}
		return Reply{}, timeError(err, in, u.Loc)
	}
	topic, invitees := splitInvitees(res.Topic)
	if topic == "" {
		topic = "Zoom meeting"
	}
	d := res.Duration
	if d == 0 {
		d = b.cfg.DefaultDuration
	}
	return b.schedule(ctx, scheduleInput{
		Key: "cmd:" + in.TriggerID, Kind: "schedule",
		TeamID: in.TeamID, ChannelID: in.ChannelID, ResponseURL: in.ResponseURL, User: u,
		Topic: topic, Start: res.Start, Duration: d, Recurrence: res.Recurrence, Invitees: invitees,
	})
}

func (b *Bot) cmdNow(ctx context.Context, in SlashCommand, cmd Command) (Reply, error) {
	u, err := b.slackUser(ctx, in.TeamID, in.UserID)
	if err != nil {
		return Reply{}, err
	}
	topic, invitees := splitInvitees(strings.TrimSpace(cmd.Text))
	if topic == "" {
		topic = "Instant meeting"
	}
	return b.schedule(ctx, scheduleInput{
		Key: "cmd:" + in.TriggerID, Kind: "now",
		TeamID: in.TeamID, ChannelID: in.ChannelID, ResponseURL: in.ResponseURL, User: u,
		Topic: topic, Start: b.now(), Duration: b.cfg.DefaultDuration, Instant: true, Invitees: invitees,
	})
}

// timeError turns a timeparse error into advice.
func timeError(err error, in SlashCommand, loc *time.Location) error {
	var te *timeparse.Error
	if !errors.As(err, &te) {
		return err
	}
	p := formPrefill{Topic: te.Partial.Topic, Duration: te.Partial.Duration, Channel: in.ChannelID}
	if !te.Partial.Start.IsZero() {
		p.Start = te.Partial.Start.In(loc)
	}
	msg := te.Msg
	if te.Suggestion != "" {
		msg += " " + strings.ToUpper(te.Suggestion[:1]) + te.Suggestion[1:] + "."
	}
	msg += fmt.Sprintf("\nFor example: `%s schedule tomorrow 3pm standup` or `%s schedule fri 10:30am planning for 45m`.", commandName(in), commandName(in))
	return &Error{Code: "bad_time", Message: escape(msg), OfferForm: true, Prefill: p, Err: err}
}

var trailingInvitees = regexp.MustCompile(`(?i)\s*\bwith\s+((?:<@[UW][A-Z0-9]+(?:\|[^<>]*)?>[\s,]*(?:and\s+)?)+)$`)

// splitInvitees takes "design review with <@U1> <@U2>" apart into the topic
// and the invited users. Mentions elsewhere in the topic invite people too.
func splitInvitees(topic string) (string, []string) {
	var ids []string
	seen := map[string]bool{}
	for _, m := range userMention.FindAllStringSubmatch(topic, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			ids = append(ids, m[1])
		}
	}
	topic = strings.TrimSpace(trailingInvitees.ReplaceAllString(topic, ""))
	return strings.Trim(topic, " ,;:-"), ids
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return w
}
