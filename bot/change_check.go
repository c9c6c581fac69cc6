package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
)

// Request kinds of changes, and the button of a move held by a clash.
const (
	kindMove         = "move"
	kindEdit         = "edit"
	actionMoveAnyway = "move_anyway" // value: the held request's key
)

// checkChange runs the checks scheduling runs, for the slot a move asks
// for: not in the past, and the host free then. A meeting on a pool host
// whose host is busy goes to another free pool host (in.Host), which Zoom
// may refuse (changeError says so); with none free the answer names the
// next free slot. A clash with the host's own meetings comes back as a
// warning with "Move anyway". A series is checked on its first meeting,
// as when scheduling.
func (b *Bot) checkChange(ctx context.Context, in *changeInput) (Reply, error) {
	if !in.moves() {
		return Reply{}, nil
	}
	m, err := b.db.GetMeeting(ctx, in.MeetingID)
	if err != nil {
		return Reply{}, err
	}
	loc := meetingLoc(m)
	start, d := in.slot()
	if !start.After(b.now()) {
		return Reply{}, userErr("past", "%s has passed already. Pick a later time.", slackDate(start, loc))
	}
	pool, err := b.poolHosts(ctx)
	if err != nil {
		return Reply{}, err
	}
	spec := storage.HoldSpec{Key: in.Key, Candidates: []string{m.HostZoomUserID}, Start: start, Duration: d,
		Concurrency: b.cfg.HostConcurrency, TTL: b.cfg.ZoomRetryWindow + 5*time.Minute,
		IgnoreMeeting: m.ID, IgnoreOccurrence: in.OccurrenceID}
	if i := slices.IndexFunc(pool, func(p poolMember) bool { return p.ZoomUserID == m.HostZoomUserID }); i >= 0 {
		// Its own host first: a move hands a meeting over only if it must.
		for _, p := range pool {
			if p.ZoomUserID != m.HostZoomUserID {
				spec.Candidates = append(spec.Candidates, p.ZoomUserID)
			}
		}
		hold, err := b.db.ReserveHost(ctx, spec)
		if errors.Is(err, storage.ErrNoFreeHost) {
			return Reply{}, b.busyError(ctx, spec.Candidates, start, d, loc, func(next string) string {
				return fmt.Sprintf("/zoom move %s %s", FormatMeetingID(m.ID), next)
			})
		}
		if err != nil {
			return Reply{}, err
		}
		if hold.HostZoomUserID != m.HostZoomUserID {
			for _, p := range pool {
				if p.ZoomUserID == hold.HostZoomUserID {
					in.Host = &hostChoice{ZoomUserID: p.ZoomUserID, Email: p.Email, Type: p.Type}
				}
			}
		}
	} else if !in.Force {
		_, err := b.db.ReserveHost(ctx, spec)
		if errors.Is(err, storage.ErrNoFreeHost) {
			return b.moveClashReply(ctx, in, m, start, d)
		}
		if err != nil {
			return Reply{}, err
		}
	}
	raw, err := json.Marshal(in)
	if err != nil {
		return Reply{}, err
	}
	return Reply{}, b.db.SetRequestPayload(ctx, in.Key, raw)
}

// moveClashReply warns that the host already has a meeting at the new time.
func (b *Bot) moveClashReply(ctx context.Context, in *changeInput, m *storage.Meeting, start time.Time, d time.Duration) (Reply, error) {
	self := func(u storage.Upcoming) bool {
		return u.Meeting.ID == m.ID && (in.OccurrenceID == "" || u.Occurrence.OccurrenceID == in.OccurrenceID)
	}
	clashes, err := b.clashList(ctx, m.HostZoomUserID, start, start.Add(d), meetingLoc(m), self)
	if err != nil {
		return Reply{}, err
	}
	text := fmt.Sprintf("You already host %s. Zoom lets a host run one meeting at a time, so one group would wait for you. Move *%s* to %s anyway?",
		clashes, escapeTopic(m.Topic), slackDate(start, meetingLoc(m)))
	anyway := slack.NewButtonBlockElement(actionMoveAnyway, in.Key, plain("Move anyway"))
	anyway.Style = slack.StyleDanger
	keep := slack.NewButtonBlockElement(actionDismiss, "", plain("Keep the old time"))
	return Reply{Text: text, Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(text), nil, nil),
		slack.NewActionBlock("clash", anyway, keep),
	}}, nil
}

// forceChange runs a change a clash held back, now that its user chose to
// go ahead. Its key derives from the held request, so a double click
// moves once.
func (b *Bot) forceChange(ctx context.Context, cb slack.InteractionCallback, held *storage.Request) (Reply, error) {
	var in changeInput
	if err := json.Unmarshal(held.Payload, &in); err != nil {
		return Reply{}, fmt.Errorf("held change %s: %w", held.Key, err)
	}
	m, err := b.db.GetMeeting(ctx, in.MeetingID)
	if err != nil {
		return Reply{}, userErr("not_found", "I no longer know that meeting.")
	}
	if err := mayChange(m, cb.User.ID, in.Kind); err != nil {
		return Reply{}, err
	}
	in.Key, in.Force, in.Host = "force:"+held.Key, true, nil
	if cb.ResponseURL != "" {
		in.ResponseURL = cb.ResponseURL
	}
	return b.change(ctx, in)
}

// mayChange says whether user may move or edit m: only its host (on a
// pool host, the Slack user who scheduled it), and not once cancelled.
func mayChange(m *storage.Meeting, user, kind string) error {
	verb := "move"
	if kind == kindEdit {
		verb = "edit"
	}
	if m.RequesterID != user {
		return userErr("not_host", "Only the host, <@%s>, can %s *%s*.", m.RequesterID, verb, escapeTopic(m.Topic))
	}
	if m.Status == storage.StatusCancelled {
		return userErr("cancelled", "*%s* was cancelled, so there is nothing to %s.", escapeTopic(m.Topic), verb)
	}
	return nil
}
