package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
			if ch.OccurrenceID == "" && m.Recurrence != "" {
				ch.Series = moveSeries(m, storage.Occurrence{Start: ch.Before.Start}, start)
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
		m, when, err = b.meetingByWords(ctx, in, kindMove, cmd.Text, func(m *storage.Meeting, rest string) bool {
			_, err := target(m, rest)
			var ue *Error
			return err == nil || (errors.As(err, &ue) && ue.Code != "bad_time" && ue.Code != "bad_move")
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
	ch := changeInput{Kind: kind, TeamID: in.TeamID, ChannelID: in.ChannelID, ResponseURL: in.ResponseURL, UserID: in.UserID,
		MeetingID: m.ID, Zone: m.Timezone,
		Before: changeBefore{Start: m.Start, Duration: m.Duration, Topic: m.Topic, Invitees: m.Invitees}}
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
		ch.OccurrenceID, ch.Before.Start, ch.Before.Duration = occ.OccurrenceID, occ.Start, occ.Duration
	case m.Recurrence != "":
		next, ok := nextOccurrence(m, b.now())
		if !ok {
			return ch, userErr("series_over", "*%s* has no meetings ahead.", escapeTopic(m.Topic))
		}
		ch.Before.Start, ch.Before.Duration = next.Start, next.Duration
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

// meetingByID loads a meeting of the command's team.
func (b *Bot) meetingByID(ctx context.Context, in SlashCommand, id int64) (*storage.Meeting, error) {
	m, err := b.db.GetMeeting(ctx, id)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && m.TeamID != in.TeamID) {
		return nil, userErr("not_found", "I don't know a meeting with ID %s. `%s list` shows your meetings.", FormatMeetingID(id), commandName(in))
	}
	return m, err
}

// fillerWords may come with a meeting's name without being in its topic.
var fillerWords = map[string]bool{"my": true, "our": true, "the": true}

// meetingByWords finds the meeting that words at the start of text name
// among the user's upcoming meetings (hosted ones first), and returns the
// words after them. The most words that name exactly one meeting win; fits,
// when set, must accept the meeting and the rest (for a move, a time).
func (b *Bot) meetingByWords(ctx context.Context, in SlashCommand, verb, text string, fits func(*storage.Meeting, string) bool) (*storage.Meeting, string, error) {
	items, err := b.db.UpcomingForSlackUser(ctx, in.TeamID, in.UserID, b.now(), 0)
	if err != nil {
		return nil, "", err
	}
	words := strings.Fields(text)
	first, last := len(words), len(words) // an edit names the meeting with all its words
	if fits != nil {
		first, last = len(words)-1, 1 // a word or more is left for the time
	}
	for k := first; k >= last && k >= 1; k-- {
		rest := strings.Join(words[k:], " ")
		var hosted, invited []*storage.Meeting
		for i := range items {
			m := &items[i].Meeting
			if !topicHasWords(m.Topic, words[:k]) {
				continue
			}
			full, err := b.db.GetMeeting(ctx, m.ID)
			if err != nil {
				return nil, "", err
			}
			if fits != nil && !fits(full, rest) {
				continue
			}
			if m.RequesterID == in.UserID {
				hosted = append(hosted, full)
			} else {
				invited = append(invited, full)
			}
		}
		found := hosted
		if len(found) == 0 {
			found = invited
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], rest, nil
		}
		var names []string
		for _, m := range found {
			names = append(names, fmt.Sprintf("*%s* (%s, ID %s)", escapeTopic(m.Topic), slackDate(m.Start, meetingLoc(m)), FormatMeetingID(m.ID)))
		}
		return nil, "", userErr("ambiguous", "Which one? `%s` fits %s. Give its ID instead, for example `%s %s %s …`.",
			escape(strings.Join(words[:k], " ")), strings.Join(names, " and "), commandName(in), verb, FormatMeetingID(found[0].ID))
	}
	return nil, "", userErr("no_match", "None of your upcoming meetings is called `%s`. Name it by its ID instead: `%s list` shows them.",
		escape(text), commandName(in))
}

// topicHasWords reports whether every word (fillers aside, at least one)
// is a word of topic, or the start of one (three letters or more).
func topicHasWords(topic string, words []string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Trim(s, ".,;:!?\"'()[]")) }
	var have []string
	for _, w := range strings.Fields(plainTopic(topic, nil)) {
		have = append(have, norm(w))
	}
	named := 0
	for _, w := range words {
		w = norm(w)
		if fillerWords[w] {
			continue
		}
		ok := false
		for _, h := range have {
			if h == w || (len(w) >= 3 && strings.HasPrefix(h, w)) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
		named++
	}
	return named > 0
}
