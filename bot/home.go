package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/zoombot/zoombot/storage"
)

// homeLimit keeps App Home within Slack's 100 blocks (header, button,
// divider, then three blocks a meeting, and at most six for the host's
// recent recordings).
const homeLimit = 25

// homeView renders a user's App Home: their upcoming meetings, hosted or
// invited, each with its buttons, and a way to schedule one.
func homeView(items []storage.Upcoming, userID string) slack.HomeTabViewRequest {
	schedule := slack.NewButtonBlockElement(actionHomeSchedule, "home", plain("Schedule a meeting"))
	schedule.Style = slack.StylePrimary
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("Your Zoom meetings")),
		slack.NewActionBlock("home_actions", schedule),
		slack.NewDividerBlock(),
	}
	if len(items) == 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn("Nothing coming up. Schedule one with the button above, or type `/zoom schedule tomorrow 3pm standup` in any channel."), nil, nil))
	}
	for _, u := range items {
		m := u.Meeting
		loc := meetingLoc(&m)
		lines := []string{
			fmt.Sprintf("*%s*", escapeTopic(m.Topic)),
			fmt.Sprintf("%s · %s", slackDate(u.Occurrence.Start, loc), humanDuration(u.Occurrence.Duration)),
		}
		if rule := recurrenceText(&m); rule != "" {
			lines = append(lines, "Repeats "+escape(rule))
		}
		if m.RequesterID == userID {
			lines = append(lines, "You host · ID "+FormatMeetingID(m.ID))
		} else {
			lines = append(lines, fmt.Sprintf("Invited by <@%s> · ID %s", m.RequesterID, FormatMeetingID(m.ID)))
		}
		id := fmt.Sprint(m.ID)
		buttons := meetingButtons(&m, "", false)
		if m.RequesterID != userID {
			buttons = buttons[:1] // guests only join
		}
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil, slack.SectionBlockOptionBlockID("m"+id)),
			slack.NewActionBlock("a"+id, buttons...),
			slack.NewDividerBlock(),
		)
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// publishHome refreshes a user's App Home from the database. Failures are
// logged: Home is a view of the truth, not the truth.
func (b *Bot) publishHome(ctx context.Context, teamID, userID string) {
	items, err := b.db.UpcomingForSlackUser(ctx, teamID, userID, b.now(), homeLimit)
	if err != nil {
		b.log.ErrorContext(ctx, "home: list meetings", "user", userID, "err", err)
		return
	}
	view := homeView(items, userID)
	view.Blocks.BlockSet = append(view.Blocks.BlockSet, b.homeRecordingBlocks(ctx, teamID, userID)...)
	_, err = b.slack.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view})
	if err != nil {
		b.log.WarnContext(ctx, "home: views.publish failed", "user", userID, "err", err)
	}
}

// refreshHomes republishes App Home for everyone a meeting concerns.
func (b *Bot) refreshHomes(ctx context.Context, m *storage.Meeting) {
	b.publishHome(ctx, m.TeamID, m.RequesterID)
	for _, id := range m.Invitees {
		if id != m.RequesterID {
			b.publishHome(ctx, m.TeamID, id)
		}
	}
}

func (b *Bot) serveEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	// Slack redelivers events it thinks were missed, with the same event_id;
	// the journal recorded this one's at its ack.
	journaled, _ := ctx.Value(journaledKey{}).(string)
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" && journaled != "event:"+cb.EventID {
		_, fresh, err := b.db.BeginRequest(ctx, &storage.Request{Key: "event:" + cb.EventID, Kind: "event:" + ev.InnerEvent.Type,
			TeamID: ev.TeamID, State: storage.RequestAnnounced})
		if err == nil && !fresh {
			return
		}
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab == "home" {
			b.publishHome(ctx, ev.TeamID, e.User)
		}
	default:
		b.log.DebugContext(ctx, "event ignored", "type", ev.InnerEvent.Type)
	}
}
