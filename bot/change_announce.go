package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
)

// announceChange tells everyone a change Zoom and the database hold: the
// channel message is updated in place, invitees get a DM (the new time in
// their zone; the newly invited an invitation, the uninvited a note), App
// Home is refreshed for all of them, and the user who changed it gets the
// answer. Failures to tell are logged: the change itself is made.
func (b *Bot) announceChange(ctx context.Context, in changeInput) (Reply, error) {
	m, err := b.db.GetMeeting(ctx, in.MeetingID)
	if err != nil {
		return Reply{}, err
	}
	b.refreshMessage(ctx, m)
	b.tellInvitees(ctx, in, m)
	b.refreshHomes(ctx, m)
	for _, id := range in.uninvited(m) {
		b.publishHome(ctx, m.TeamID, id)
	}
	if err := b.db.SetRequestState(ctx, in.Key, storage.RequestAnnounced, 0, ""); err != nil {
		return Reply{}, err
	}
	return changeReply(in, m), nil
}

// uninvited are the invitees the change took off the list.
func (in *changeInput) uninvited(m *storage.Meeting) []string {
	var out []string
	for _, id := range in.Before.Invitees {
		if !slices.Contains(m.Invitees, id) {
			out = append(out, id)
		}
	}
	return out
}

// changedStart is the new start of what moved, or zero.
func (in *changeInput) changedStart() time.Time {
	if in.Start.IsZero() || in.Start.Equal(in.Before.Start) {
		return time.Time{}
	}
	return in.Start
}

// changes names what the change changed that attendees see, for messages.
func (in *changeInput) changes() []string {
	var out []string
	add := func(ok bool, what string) {
		if ok {
			out = append(out, what)
		}
	}
	add(!in.changedStart().IsZero(), "time")
	add(in.Duration != 0 && in.Duration != in.Before.Duration, "length")
	add(in.Topic != nil, "topic")
	add(in.Passcode != nil, "passcode")
	add(in.Options != nil, "settings")
	add(in.Invitees != nil, "invitees")
	return out
}

// tellInvitees DMs the invitees of m (as changed) about the change: what
// they see of it (time, length, topic, passcode), an invitation for the
// newly invited, and a note for those taken off.
func (b *Bot) tellInvitees(ctx context.Context, in changeInput, m *storage.Meeting) {
	visible := !in.changedStart().IsZero() || in.Duration != 0 || in.Topic != nil || in.Passcode != nil
	for _, id := range m.Invitees {
		if id == m.RequesterID {
			continue
		}
		loc := b.userLoc(ctx, m, id)
		var text string
		var blocks []slack.Block
		switch {
		case !slices.Contains(in.Before.Invitees, id):
			text, blocks = inviteDM(m, loc)
		case visible:
			text, blocks = changeDM(m, in, loc)
		default:
			continue
		}
		if err := b.dm(ctx, id, text, blocks); err != nil {
			b.log.WarnContext(ctx, "invitee DM failed", "meeting", m.ID, "invitee", id, "err", err)
		}
	}
	for _, id := range in.uninvited(m) {
		text := fmt.Sprintf(":wave: <@%s> took you off the invitations to *%s*. You no longer need to attend.", m.RequesterID, escapeTopic(m.Topic))
		if err := b.dm(ctx, id, text, []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}); err != nil {
			b.log.WarnContext(ctx, "uninvited DM failed", "meeting", m.ID, "invitee", id, "err", err)
		}
	}
}

// occurrenceStart is the start of what the change is about: the moved
// occurrence, or the meeting's next (a series' first).
func (in *changeInput) occurrenceStart(m *storage.Meeting) (time.Time, time.Duration) {
	for _, o := range m.Occurrences {
		if in.OccurrenceID != "" && o.OccurrenceID == in.OccurrenceID {
			return o.Start, o.Duration
		}
	}
	return m.Start, m.Duration
}

// changeDM tells an invitee what changed, with the time in their own zone
// and the old time for reference. Like every invitee message it carries
// the join link only.
func changeDM(m *storage.Meeting, in changeInput, loc *time.Location) (string, []slack.Block) {
	start, d := in.occurrenceStart(m)
	topic := escapeTopic(m.Topic)
	head := fmt.Sprintf(":pencil2: <@%s> changed *%s*.", m.RequesterID, topic)
	text := "Changed: " + topic
	switch {
	case in.changedStart().IsZero():
	case in.OccurrenceID != "":
		head = fmt.Sprintf(":arrows_clockwise: <@%s> moved the %s meeting of *%s* to %s.", m.RequesterID, slackDate(in.Before.Start, loc), topic, slackDate(start, loc))
		text = fmt.Sprintf("Moved: %s, %s", topic, slackDate(start, loc))
	default:
		head = fmt.Sprintf(":arrows_clockwise: <@%s> moved *%s* to %s (it was %s).", m.RequesterID, topic, slackDate(start, loc), slackDate(in.Before.Start, loc))
		text = fmt.Sprintf("Moved: %s, %s", topic, slackDate(start, loc))
	}
	lines := []string{head, fmt.Sprintf("%s · %s", slackDate(start, loc), humanDuration(d))}
	if rule := recurrenceText(m); rule != "" && in.OccurrenceID == "" {
		lines = append(lines, "Repeats "+escape(rule))
	}
	if in.Topic != nil && in.Before.Topic != *in.Topic {
		lines = append(lines, "It was called *"+escapeTopic(in.Before.Topic)+"*.")
	}
	if in.Passcode != nil {
		lines = append(lines, "The passcode changed: use the Join button below.")
	}
	_, blocks := inviteDM(m, loc)
	blocks[0] = slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil)
	return text, blocks
}

// changeReply is what the user who made the change sees.
func changeReply(in changeInput, m *storage.Meeting) Reply {
	loc := meetingLoc(m)
	topic := escapeTopic(m.Topic)
	if start := in.changedStart(); !start.IsZero() {
		what := "*" + topic + "*"
		if in.OccurrenceID != "" {
			what = fmt.Sprintf("the %s meeting of *%s*", slackDate(in.Before.Start, loc), topic)
		} else if m.Recurrence != "" {
			what = "every meeting of *" + topic + "*"
		}
		text := fmt.Sprintf(":white_check_mark: Moved %s to %s (it was %s). The channel, the invitees and the calendar links have the new time.",
			what, slackDate(start, loc), slackDate(in.Before.Start, loc))
		if in.Host != nil {
			text += fmt.Sprintf(" Its host then is %s.", escape(in.Host.Email))
		}
		return Reply{Text: text}
	}
	changed := in.changes()
	if len(changed) == 0 {
		return Reply{Text: fmt.Sprintf("Nothing to change in *%s*.", topic)}
	}
	return Reply{Text: fmt.Sprintf(":white_check_mark: Saved *%s*: new %s.", topic, strings.Join(changed, ", "))}
}
