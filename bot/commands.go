package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/bot/timeparse"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// SlashCommand is one /zoom invocation, as plain data.
type SlashCommand struct {
	TeamID, ChannelID, UserID string
	Command                   string // as Slack sent it: "/zoom", or whatever the app calls it
	Text                      string
	TriggerID, ResponseURL    string
}

// HandleCommand runs a /zoom command and returns what the user should see.
// Failures the user can act on come back as *Error; anything else is for
// the log (Bot.userReply renders both).
func (b *Bot) HandleCommand(ctx context.Context, in SlashCommand) (Reply, error) {
	cmd, err := ParseCommand(in.Text)
	if err != nil {
		return Reply{}, err
	}
	switch cmd.Verb {
	case VerbSchedule:
		return b.cmdSchedule(ctx, in, cmd)
	case VerbNow:
		return b.cmdNow(ctx, in, cmd)
	case VerbList:
		return b.cmdList(ctx, in)
	case VerbCancel:
		return b.cmdCancel(ctx, in, cmd)
	case VerbPool:
		return b.cmdPool(ctx, in, cmd)
	case VerbForm:
		return Reply{}, b.showForm(ctx, in.TeamID, in.UserID, in.TriggerID, formPrefill{Channel: in.ChannelID})
	default:
		text := helpText(in.Command)
		return Reply{Text: text, Blocks: []slack.Block{
			slack.NewSectionBlock(mrkdwn(text), nil, nil),
			useFormButton(formPrefill{Channel: in.ChannelID}),
		}}, nil
	}
}

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

// listLimit keeps the list within one message (Slack: 50 blocks, 3000
// characters a section).
const listLimit = 15

func (b *Bot) cmdList(ctx context.Context, in SlashCommand) (Reply, error) {
	items, err := b.db.UpcomingForSlackUser(ctx, in.TeamID, in.UserID, b.now(), listLimit)
	if err != nil {
		return Reply{}, err
	}
	text, blocks := listMessage(items, in.UserID)
	return Reply{Text: text, Blocks: blocks}, nil
}

func (b *Bot) cmdCancel(ctx context.Context, in SlashCommand, cmd Command) (Reply, error) {
	if cmd.Occurrence != "" {
		return b.cancelOccurrence(ctx, in, cmd)
	}
	m, err := b.hostedMeeting(ctx, in, cmd.MeetingID)
	if err != nil {
		return Reply{}, err
	}
	if m.Status == storage.StatusCancelled {
		return Reply{Text: fmt.Sprintf("*%s* was already cancelled.", escapeTopic(m.Topic))}, nil
	}
	if err := b.cancelMeeting(ctx, m, in.UserID); err != nil {
		return Reply{}, err
	}
	return Reply{Text: fmt.Sprintf("Cancelled *%s* (%s).", escapeTopic(m.Topic), slackDate(m.Start, meetingLoc(m)))}, nil
}

// hostedMeeting loads a meeting the command's user hosts, or says why not.
func (b *Bot) hostedMeeting(ctx context.Context, in SlashCommand, id int64) (*storage.Meeting, error) {
	m, err := b.db.GetMeeting(ctx, id)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && m.TeamID != in.TeamID) {
		return nil, userErr("not_found", "I don't know a meeting with ID %s. `%s list` shows your meetings.", FormatMeetingID(id), commandName(in))
	}
	if err != nil {
		return nil, err
	}
	if m.RequesterID != in.UserID {
		return nil, userErr("not_host", "Only the host, <@%s>, can cancel *%s*.", m.RequesterID, escapeTopic(m.Topic))
	}
	return m, nil
}

// cancelMeeting deletes the meeting in Zoom, records it, and updates the
// channel message. A meeting Zoom no longer knows is cancelled all the same.
func (b *Bot) cancelMeeting(ctx context.Context, m *storage.Meeting, by string) error {
	err := b.zoom.DeleteMeeting(ctx, m.ID, "")
	var ze *zoom.Error
	switch {
	case err == nil, zoom.IsNotFound(err):
	case errors.As(err, &ze) && ze.Code == 3002:
		return &Error{Code: "in_progress", Err: err, Message: fmt.Sprintf("*%s* is in progress, so Zoom won't delete it. End it in Zoom first.", escapeTopic(m.Topic))}
	default:
		return zoomUserError(err, b.now())
	}
	if err := b.db.SetMeetingStatus(ctx, m.ID, storage.StatusCancelled, by); err != nil {
		return err
	}
	m.Status, m.CancelledBy, m.CancelledAt = storage.StatusCancelled, by, b.now()
	b.refreshMessage(ctx, m)
	b.refreshHomes(ctx, m)
	return nil
}

// refreshMessage re-renders a meeting's channel message from m. A failure
// is logged, not returned: the meeting itself has changed already.
func (b *Bot) refreshMessage(ctx context.Context, m *storage.Meeting) {
	if m.MessageChannel == "" || m.MessageTS == "" {
		return
	}
	text, blocks := meetingMessage(m, b.icsURL(m))
	// chat.update takes no unfurl arguments; the post's setting stays.
	if _, _, _, err := b.slack.UpdateMessageContext(ctx, m.MessageChannel, m.MessageTS,
		slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)); err != nil {
		b.log.WarnContext(ctx, "chat.update failed", "meeting", m.ID, "channel", m.MessageChannel, "err", err)
	}
}

// cancelOccurrence cancels one meeting of a series, named by its date in
// the meeting's zone.
func (b *Bot) cancelOccurrence(ctx context.Context, in SlashCommand, cmd Command) (Reply, error) {
	m, err := b.hostedMeeting(ctx, in, cmd.MeetingID)
	if err != nil {
		return Reply{}, err
	}
	loc := meetingLoc(m)
	dayFirst := false
	if u, err := b.slackUser(ctx, in.TeamID, in.UserID); err == nil {
		dayFirst = timeparse.DayFirst(u.Locale)
	}
	day, ok := parseDay(cmd.Occurrence, b.now().In(loc), dayFirst)
	if !ok {
		return Reply{}, userErr("bad_occurrence", "I can't read the date %q. Use the form 2026-12-07, for example `%s cancel %s --occurrence 2026-12-07`.",
			escape(cmd.Occurrence), commandName(in), FormatMeetingID(m.ID))
	}
	var occ *storage.Occurrence
	for i, o := range m.Occurrences {
		if o.OccurrenceID != "" && o.Start.In(loc).Format("2006-01-02") == day {
			occ = &m.Occurrences[i]
		}
	}
	if occ == nil || m.Recurrence == "" {
		return Reply{}, userErr("no_occurrence", "*%s* has no meeting on %s. `%s list` shows the next one.", escapeTopic(m.Topic), day, commandName(in))
	}
	if occ.Status == storage.StatusCancelled {
		return Reply{Text: fmt.Sprintf("The %s meeting of *%s* was already cancelled.", day, escapeTopic(m.Topic))}, nil
	}
	if err := b.zoom.DeleteMeeting(ctx, m.ID, occ.OccurrenceID); err != nil && !zoom.IsNotFound(err) {
		return Reply{}, zoomUserError(err, b.now())
	}
	if err := b.db.CancelOccurrence(ctx, m.ID, occ.OccurrenceID); err != nil {
		return Reply{}, err
	}
	b.refreshHomes(ctx, m)
	return Reply{Text: fmt.Sprintf("Cancelled the %s meeting of *%s* (%s). The rest of the series stays.",
		day, escapeTopic(m.Topic), slackDate(occ.Start, loc))}, nil
}

// parseDay reads 2026-12-07 or 12/7 (month/day, or day/month in the
// user's locale; this year or next).
func parseDay(s string, now time.Time, dayFirst bool) (string, bool) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("2006-01-02"), true
	}
	layouts := []string{"1/2/2006", "1/2"}
	if dayFirst {
		layouts = []string{"2/1/2006", "2/1"}
	}
	for _, layout := range layouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if layout == "1/2" || layout == "2/1" {
			t = time.Date(now.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			if t.Format("0102") < now.Format("0102") {
				t = t.AddDate(1, 0, 0)
			}
		}
		return t.Format("2006-01-02"), true
	}
	return "", false
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

func commandName(in SlashCommand) string {
	if in.Command == "" {
		return "/zoom"
	}
	return in.Command
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return w
}

// userReply renders a handler's error for the user. Known failures become
// their own message; anything else is logged once with an error id that the
// user's apology repeats.
func (b *Bot) userReply(ctx context.Context, err error, attrs ...any) Reply {
	if ue, ok := asUserError(err); ok {
		if ue.Err != nil {
			b.log.InfoContext(ctx, "user-facing error", append(attrs, "code", ue.Code, "err", ue.Err)...)
		}
		r := Reply{Text: ue.Message}
		if ue.OfferForm {
			r.Blocks = []slack.Block{slack.NewSectionBlock(mrkdwn(ue.Message), nil, nil), useFormButton(ue.Prefill)}
		}
		return r
	}
	id := newErrorID()
	b.log.ErrorContext(ctx, "command failed", append(attrs, slog.String("error_id", id), slog.Any("err", err))...)
	return Reply{Text: fmt.Sprintf(":warning: Sorry, something went wrong on my side (error ID `%s`). Please try again in a minute; if it keeps happening, give your admin that ID.", id)}
}
