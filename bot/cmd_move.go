package bot

import (
	"context"
	"time"

	"github.com/zoombot/zoombot/storage"
)

// cmdMove is /zoom move <meeting> <when> (also reschedule, change,
// update): the same meeting, ID and link, at a new time. <meeting> is its
// ID, or words of its topic; with --occurrence one meeting of a series
// moves, else the whole series.
func (b *Bot) cmdMove(ctx context.Context, in SlashCommand, cmd Command) (Reply, error) {
	u, err := b.slackUser(ctx, in.TeamID, in.UserID)
	if err != nil {
		return Reply{}, err
	}
	// target turns the words after the meeting into the change.
	target := func(m *storage.Meeting, when string) (changeInput, error) {
		ch, err := b.changeOf(m, cmd.Occurrence, u.Locale, in, kindMove)
		if err != nil {
			return ch, err
		}
		start, d, err := moveTime(when, ch.Before.Start, ch.Before.Duration, b.now(), u)
		if err != nil {
			return ch, err
		}
		if !start.Equal(ch.Before.Start) {
			ch.Start = start
			if err := ch.moveWholeSeries(m); err != nil {
				return ch, err
			}
		}
		if d != ch.Before.Duration {
			ch.Duration = d
		}
		if !ch.moves() {
			return ch, userErr("no_change", "*%s* is at %s already.", escapeTopic(m.Topic), slackDate(start, u.Loc))
		}
		return ch, nil
	}
	var m *storage.Meeting
	when := cmd.Text
	if cmd.MeetingID != 0 {
		m, err = b.meetingByID(ctx, in, cmd.MeetingID)
	} else {
		m, when, err = b.meetingByWords(ctx, in, kindMove, cmd.Text, func(m *storage.Meeting, rest string) error {
			// Only a time it can't read makes the words a wrong guess;
			// other trouble is the meeting's, to be said once it is found.
			_, err := target(m, rest)
			if ue, ok := asUserError(err); ok && (ue.Code == "bad_time" || ue.Code == "bad_move") {
				return err
			}
			return nil
		})
	}
	if err != nil {
		return Reply{}, err
	}
	if err := mayChange(m, in.UserID, kindMove); err != nil {
		return Reply{}, err
	}
	ch, err := target(m, when)
	if err != nil {
		return Reply{}, err
	}
	ch.Key = "cmd:" + in.TriggerID
	return b.change(ctx, ch)
}

// changeOf starts the change of m asked for in in: which meeting (one
// occurrence named by occurrence, else the meeting or the whole series)
// and what it is now.
func (b *Bot) changeOf(m *storage.Meeting, occurrence, locale string, in SlashCommand, kind string) (changeInput, error) {
	ch := newChange(m, kind, in)
	switch {
	case occurrence != "" && m.Recurrence == "":
		return ch, userErr("not_series", "*%s* is a single meeting; leave out `--occurrence`.", escapeTopic(m.Topic))
	case occurrence != "":
		occ, err := b.occurrenceOn(m, occurrence, locale, in, kind)
		if err != nil {
			return ch, err
		}
		if occ.Status == storage.StatusCancelled {
			return ch, userErr("cancelled", "The %s meeting of *%s* was cancelled.", slackDate(occ.Start, meetingLoc(m)), escapeTopic(m.Topic))
		}
		ch.at(*occ, true)
	case m.Recurrence != "":
		next, ok := nextOccurrence(m, b.now())
		if !ok {
			return ch, userErr("series_over", "*%s* has no meetings ahead.", escapeTopic(m.Topic))
		}
		ch.at(next, false)
	}
	return ch, nil
}

// nextOccurrence is the series' next meeting not yet over nor cancelled.
func nextOccurrence(m *storage.Meeting, now time.Time) (storage.Occurrence, bool) {
	for _, o := range m.Occurrences {
		if o.Status != storage.StatusCancelled && o.End().After(now) {
			return o, true
		}
	}
	return storage.Occurrence{}, false
}
