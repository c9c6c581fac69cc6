package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zoombot/zoombot/bot/timeparse"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

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
	m, err := b.meetingByID(ctx, in, id)
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

// cancelOccurrence cancels one meeting of a series, named by its date in
// the meeting's zone.
func (b *Bot) cancelOccurrence(ctx context.Context, in SlashCommand, cmd Command) (Reply, error) {
	m, err := b.hostedMeeting(ctx, in, cmd.MeetingID)
	if err != nil {
		return Reply{}, err
	}
	loc := meetingLoc(m)
	locale := ""
	if u, err := b.slackUser(ctx, in.TeamID, in.UserID); err == nil {
		locale = u.Locale
	}
	occ, err := b.occurrenceOn(m, cmd.Occurrence, locale, in, "cancel")
	if err != nil {
		return Reply{}, err
	}
	day := occ.Start.In(loc).Format("2006-01-02")
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

// occurrenceOn finds the meeting of series m on the date text names
// (2026-12-07, or 12/7 in the user's locale), in the meeting's zone. verb
// words the example of the error.
func (b *Bot) occurrenceOn(m *storage.Meeting, text, locale string, in SlashCommand, verb string) (*storage.Occurrence, error) {
	loc := meetingLoc(m)
	day, ok := parseDay(text, b.now().In(loc), timeparse.DayFirst(locale))
	if !ok {
		return nil, userErr("bad_occurrence", "I can't read the date %q. Use the form 2026-12-07, for example `%s %s %s --occurrence 2026-12-07`.",
			escape(text), commandName(in), verb, FormatMeetingID(m.ID))
	}
	for i, o := range m.Occurrences {
		if m.Recurrence != "" && o.OccurrenceID != "" && o.Start.In(loc).Format("2006-01-02") == day {
			return &m.Occurrences[i], nil
		}
	}
	return nil, userErr("no_occurrence", "*%s* has no meeting on %s. `%s list` shows the next one.", escapeTopic(m.Topic), day, commandName(in))
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
