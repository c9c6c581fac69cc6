package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
)

// Action ids of the buttons the bot renders.
const (
	actionJoin   = "join"
	actionStart  = "start"
	actionCancel = "cancel"
)

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

// storedRecurrence is what the bot keeps in storage.Meeting.Recurrence.
type storedRecurrence struct {
	Text string `json:"text"` // the rule in words: "every Monday, 10 times"
}

func recurrenceText(m *storage.Meeting) string {
	if m.Recurrence == "" {
		return ""
	}
	var r storedRecurrence
	if json.Unmarshal([]byte(m.Recurrence), &r) != nil {
		return ""
	}
	return r.Text
}

func meetingLoc(m *storage.Meeting) *time.Location {
	if loc, err := time.LoadLocation(m.Timezone); err == nil {
		return loc
	}
	return time.UTC
}

// meetingMessage renders the channel message for a meeting: what everyone in
// the channel sees. It never carries the start link.
func meetingMessage(m *storage.Meeting) (string, []slack.Block) {
	loc := meetingLoc(m)
	topic := escapeTopic(m.Topic)
	when := slackDate(m.Start, loc)
	var head, status string
	switch m.Status {
	case storage.StatusCancelled:
		head = fmt.Sprintf(":no_entry_sign: ~%s~", topic)
		status = "Cancelled"
		if m.CancelledBy != "" {
			status += fmt.Sprintf(" by <@%s>", m.CancelledBy)
		}
		if !m.CancelledAt.IsZero() {
			status += " " + slackDate(m.CancelledAt, loc)
		}
	case storage.StatusStarted:
		head = fmt.Sprintf(":red_circle: *%s*", topic)
		status = "*Live now*"
	case storage.StatusEnded:
		head = fmt.Sprintf(":white_check_mark: *%s*", topic)
		status = "Ended"
	default:
		head = fmt.Sprintf(":calendar: *%s*", topic)
	}
	lines := []string{head, fmt.Sprintf("%s · %s", when, humanDuration(m.Duration))}
	if rule := recurrenceText(m); rule != "" {
		lines = append(lines, "Repeats "+escape(rule))
	}
	lines = append(lines, fmt.Sprintf("Host <@%s>", m.RequesterID))
	if status != "" {
		lines = append(lines, status)
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil, slack.SectionBlockOptionBlockID("meeting")),
		slack.NewContextBlock("details", mrkdwn(meetingDetails(m))),
	}
	if m.Status != storage.StatusCancelled && m.Status != storage.StatusEnded {
		join := slack.NewButtonBlockElement(actionJoin, fmt.Sprint(m.ID), plain("Join"))
		join.URL = m.JoinURL
		join.Style = slack.StylePrimary
		blocks = append(blocks, slack.NewActionBlock("actions", join))
	}
	text := fmt.Sprintf("Zoom meeting %s, %s", escapeTopic(m.Topic), when)
	if m.Status == storage.StatusCancelled {
		text = "Cancelled: " + text
	}
	return text, blocks
}

func meetingDetails(m *storage.Meeting) string {
	s := "Meeting ID " + FormatMeetingID(m.ID)
	if m.Passcode != "" {
		s += " · Passcode " + escape(m.Passcode)
	}
	return s
}

// hostDM renders the private message that carries the start link. Only the
// host ever receives it.
func hostDM(m *storage.Meeting, startURL string, basicCapWarning bool) (string, []slack.Block) {
	loc := meetingLoc(m)
	lines := []string{
		fmt.Sprintf(":calendar: *%s* is scheduled for %s (%s).", escapeTopic(m.Topic), slackDate(m.Start, loc), humanDuration(m.Duration)),
		fmt.Sprintf("<%s|Start the meeting as host>", startURL),
		":lock: This link starts the meeting *as you*: anyone who has it can. Keep it to yourself; everyone else joins with the Join button.",
	}
	if basicCapWarning {
		lines = append(lines, fmt.Sprintf(":warning: The Zoom user hosting this meeting has a Basic licence, so Zoom ends the meeting after 40 minutes (you asked for %s).", humanDuration(m.Duration)))
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil),
		slack.NewContextBlock("details", mrkdwn(meetingDetails(m))),
	}
	return fmt.Sprintf("Start link for %s", escapeTopic(m.Topic)), blocks
}

// helpText is the answer to /zoom help (and, until the form exists, to a bare /zoom).
func helpText(cmd string) string {
	if cmd == "" {
		cmd = "/zoom"
	}
	return strings.Join([]string{
		"*Schedule Zoom meetings from Slack.* Times are read in your Slack time zone.",
		fmt.Sprintf("• `%s schedule tomorrow 3pm standup`: schedule a meeting (also `for 45m`, `3-4pm`, `every monday 10am`)", cmd),
		fmt.Sprintf("• `%s now design sync`: start an instant meeting", cmd),
		fmt.Sprintf("• `%s list`: your upcoming meetings", cmd),
		fmt.Sprintf("• `%s cancel 812 3456 7890`: cancel a meeting you host", cmd),
		"The join link goes to the channel; the link that starts the meeting as host comes to you by DM.",
	}, "\n")
}

// listMessage renders a user's upcoming meetings.
func listMessage(items []storage.Upcoming, userID string) (string, []slack.Block) {
	if len(items) == 0 {
		return "You have no upcoming meetings. Try `/zoom schedule tomorrow 3pm standup`.", nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*Your upcoming meetings*")
	for _, u := range items {
		m := u.Meeting
		loc := meetingLoc(&m)
		role := "host"
		if m.RequesterID != userID {
			role = "invited"
		}
		fmt.Fprintf(&b, "\n• %s *%s* (%s) · %s · ID `%s` · <%s|Join>",
			slackDate(u.Occurrence.Start, loc), escapeTopic(m.Topic), humanDuration(u.Occurrence.Duration), role, FormatMeetingID(m.ID), m.JoinURL)
		if rule := recurrenceText(&m); rule != "" {
			fmt.Fprintf(&b, " · repeats %s", escape(rule))
		}
	}
	return fmt.Sprintf("You have %d upcoming meetings.", len(items)), []slack.Block{slack.NewSectionBlock(mrkdwn(b.String()), nil, nil)}
}
