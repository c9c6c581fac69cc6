package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/zoombot/zoombot/storage"
)

// Which meeting a command names: its ID, or words of its topic.

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
// words after them. The most words that name exactly one meeting win.
// fits, when set, must accept the meeting and the rest (for a move, a
// time): when words name a meeting but the rest never fits, its first
// complaint is the answer.
func (b *Bot) meetingByWords(ctx context.Context, in SlashCommand, verb, text string, fits func(*storage.Meeting, string) error) (*storage.Meeting, string, error) {
	items, err := b.db.UpcomingForSlackUser(ctx, in.TeamID, in.UserID, b.now(), 0)
	if err != nil {
		return nil, "", err
	}
	words := strings.Fields(text)
	first, last := len(words), len(words) // an edit names the meeting with all its words
	if fits != nil {
		first, last = len(words)-1, 1 // a word or more is left for the time
	}
	var misfit error
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
			if fits != nil {
				if err := fits(full, rest); err != nil {
					misfit = cmp.Or(misfit, err)
					continue
				}
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
	if fits != nil && len(words) > 0 {
		if m, _, err := b.meetingByWords(ctx, in, verb, text, nil); err == nil {
			return nil, "", userErr("no_time", "When should *%s* be? %s", escapeTopic(m.Topic), moveExamples)
		}
	}
	if misfit != nil {
		return nil, "", misfit
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
