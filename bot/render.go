package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
)

// Action ids of the buttons the bot renders.
const (
	actionJoin   = "join"
	actionStart  = "start"
	actionEdit   = "edit"
	actionCancel = "cancel"
)

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

// storedRecurrence is what the bot keeps in storage.Meeting.Recurrence: the
// rule in words for messages, and in RFC 5545 terms for calendar files.
type storedRecurrence struct {
	Text       string    `json:"text"`           // "every Monday, 10 times"
	Freq       string    `json:"freq,omitempty"` // DAILY, WEEKLY, MONTHLY
	Interval   int       `json:"interval,omitempty"`
	ByDay      string    `json:"by_day,omitempty"` // MO,WE
	ByMonthDay int       `json:"by_month_day,omitempty"`
	Count      int       `json:"count,omitempty"`
	Until      time.Time `json:"until,omitempty"`
}

func jsonUnmarshalString(s string, v any) error { return json.Unmarshal([]byte(s), v) }

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
	if loc, err := loadZone(m.Timezone); err == nil {
		return loc
	}
	return time.UTC
}

// zones caches loaded time zones by name. time.LoadLocation reads and parses
// the zoneinfo file on every call, which was over half the cost of rendering
// a list or the App Home (BenchmarkRender). Only zones that loaded are kept,
// so the cache holds at most the tz database's few hundred names.
var zones sync.Map // string → *time.Location

// loadZone is time.LoadLocation through the zones cache.
func loadZone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// meetingMessage renders the channel message for a meeting: what everyone in
// the channel sees. It never carries the start link: Start asks the bot for
// one, and the bot sends it to the host alone. icsURL may be "".
func meetingMessage(m *storage.Meeting, icsURL string) (string, []slack.Block) {
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
		if !m.StartedAt.IsZero() {
			status += " · since " + slackTime(m.StartedAt, loc)
		}
	case storage.StatusEnded:
		head = fmt.Sprintf(":white_check_mark: *%s*", topic)
		status = "Ended"
		if m.Recurrence != "" {
			status = "The last meeting ended"
		}
		if !m.StartedAt.IsZero() && m.EndedAt.After(m.StartedAt) {
			status += " · lasted " + humanDuration(m.EndedAt.Sub(m.StartedAt))
		}
		if m.Attended > 0 {
			status += " · " + peopleJoined(m.Attended)
		}
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
	if moved := movedLine(m); moved != "" && m.Status != storage.StatusCancelled {
		blocks = append(blocks, slack.NewContextBlock("moved", mrkdwn(moved)))
	}
	// A series that ended one sitting still has more ahead: keep its buttons.
	if m.Status != storage.StatusCancelled && (m.Status != storage.StatusEnded || m.Recurrence != "") {
		blocks = append(blocks, slack.NewActionBlock("actions", meetingButtons(m, icsURL, true)...))
	}
	text := fmt.Sprintf("Zoom meeting %s, %s", escapeTopic(m.Topic), when)
	if m.Status == storage.StatusCancelled {
		text = "Cancelled: " + text
	}
	return text, blocks
}

// movedLine is the channel message's record of the latest move, the only
// place the old time still shows: "Moved from Mon Dec 7 at 3:00 PM by @ana",
// or for one meeting of a series, which one moved where.
func movedLine(m *storage.Meeting) string {
	mv := m.Moved
	if mv.From.IsZero() {
		return ""
	}
	loc := meetingLoc(m)
	by := " in Zoom"
	if mv.By != "" {
		by = fmt.Sprintf(" by <@%s>", mv.By)
	}
	if mv.OccurrenceID == "" {
		return fmt.Sprintf(":arrows_clockwise: Moved from %s%s", slackDate(mv.From, loc), by)
	}
	for _, o := range m.Occurrences {
		if o.OccurrenceID == mv.OccurrenceID {
			return fmt.Sprintf(":arrows_clockwise: The %s meeting moved to %s%s", slackDate(mv.From, loc), slackDate(o.Start, loc), by)
		}
	}
	return ""
}

// meetingButtons are Join, Start, Edit and Cancel (the last three only the
// host may use; the bot checks), and the calendar links.
func meetingButtons(m *storage.Meeting, icsURL string, calendar bool) []slack.BlockElement {
	id := fmt.Sprint(m.ID)
	join := slack.NewButtonBlockElement(actionJoin, id, plain("Join"))
	join.URL = m.JoinURL
	join.Style = slack.StylePrimary
	start := slack.NewButtonBlockElement(actionStart, id, plain("Start (host)"))
	edit := slack.NewButtonBlockElement(actionEdit, id, plain("Edit"))
	cancel := slack.NewButtonBlockElement(actionCancel, id, plain("Cancel"))
	cancel.Style = slack.StyleDanger
	what := "this meeting"
	if m.Recurrence != "" {
		what = "every meeting in this series"
	}
	cancel.Confirm = slack.NewConfirmationBlockObject(plain("Cancel the meeting?"),
		mrkdwn(fmt.Sprintf("This deletes %s in Zoom and tells the channel.", what)), plain("Cancel it"), plain("Keep it"))
	cancel.Confirm.Style = slack.StyleDanger
	buttons := []slack.BlockElement{join, start, edit, cancel}
	if calendar {
		gcal := slack.NewButtonBlockElement(actionCalendar, id, plain("Add to Google Calendar"))
		gcal.URL = googleCalendarURL(m)
		buttons = append(buttons, gcal)
		if icsURL != "" {
			ics := slack.NewButtonBlockElement(actionCalendar+"_ics", id, plain("Download .ics"))
			ics.URL = icsURL
			buttons = append(buttons, ics)
		}
	}
	return buttons
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

// inviteDM tells an invitee about a meeting, with the time in their own
// zone. It carries the join link only.
func inviteDM(m *storage.Meeting, loc *time.Location) (string, []slack.Block) {
	lines := []string{
		fmt.Sprintf(":wave: <@%s> invited you to *%s*", m.RequesterID, escapeTopic(m.Topic)),
		fmt.Sprintf("%s · %s", slackDate(m.Start, loc), humanDuration(m.Duration)),
	}
	if rule := recurrenceText(m); rule != "" {
		lines = append(lines, "Repeats "+escape(rule))
	}
	join := slack.NewButtonBlockElement(actionJoin, fmt.Sprint(m.ID), plain("Join"))
	join.URL = m.JoinURL
	join.Style = slack.StylePrimary
	gcal := slack.NewButtonBlockElement(actionCalendar, fmt.Sprint(m.ID), plain("Add to Google Calendar"))
	gcal.URL = googleCalendarURL(m)
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil),
		slack.NewContextBlock("details", mrkdwn(meetingDetails(m))),
		slack.NewActionBlock("actions", join, gcal),
	}
	return fmt.Sprintf("You're invited to %s, %s", escapeTopic(m.Topic), slackDate(m.Start, loc)), blocks
}

// reminderMessage is posted in the meeting's thread shortly before it starts.
func reminderMessage(m *storage.Meeting, start time.Time, in time.Duration) (string, []slack.Block) {
	mins := int((in + time.Minute - 1) / time.Minute)
	text := fmt.Sprintf(":alarm_clock: *%s* starts in %d minutes (%s).", escapeTopic(m.Topic), mins, slackTime(start, meetingLoc(m)))
	if mins == 1 {
		text = strings.Replace(text, "1 minutes", "1 minute", 1)
	}
	join := slack.NewButtonBlockElement(actionJoin, fmt.Sprint(m.ID), plain("Join"))
	join.URL = m.JoinURL
	join.Style = slack.StylePrimary
	return text, []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil), slack.NewActionBlock("actions", join)}
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
		fmt.Sprintf("• `%s move 812 3456 7890 to fri 10am`: move a meeting you host, by its ID or topic words (also `reschedule`, `+30m`, `an hour earlier`, `for 45m`; `--occurrence 2026-12-14` for one meeting of a series)", cmd),
		fmt.Sprintf("• `%s edit standup`: change a meeting you host in the form (also the Edit button)", cmd),
		fmt.Sprintf("• `%s cancel 812 3456 7890`: cancel a meeting you host", cmd),
		"The join link goes to the channel; the link that starts the meeting as host comes to you by DM.",
	}, "\n")
}

// listMessage renders a user's upcoming meetings, one section each (a
// section holds at most 3000 characters).
func listMessage(items []storage.Upcoming, userID string) (string, []slack.Block) {
	if len(items) == 0 {
		return "You have no upcoming meetings. Try `/zoom schedule tomorrow 3pm standup`.", nil
	}
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn("*Your upcoming meetings*"), nil, nil)}
	for _, u := range items {
		m := u.Meeting
		loc := meetingLoc(&m)
		role := "host"
		if m.RequesterID != userID {
			role = "invited"
		}
		line := fmt.Sprintf("• %s *%s* (%s) · %s · ID `%s` · <%s|Join>",
			slackDate(u.Occurrence.Start, loc), escapeTopic(m.Topic), humanDuration(u.Occurrence.Duration), role, FormatMeetingID(m.ID), m.JoinURL)
		if rule := recurrenceText(&m); rule != "" {
			line += " · repeats " + escape(rule)
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(line), nil, nil))
	}
	return fmt.Sprintf("You have %d upcoming meetings.", len(items)), blocks
}
