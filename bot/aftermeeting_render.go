package bot

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/slack-go/slack"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// Block Kit renderings of the after-meeting messages. Everything Zoom wrote
// (topics, passcodes, the summary) is escaped: a summary saying <!channel>
// must not ping anyone.

const (
	actionRecording = "recording" // a URL button: Slack opens the recording
	// sectionMax is Block Kit's limit on a section's text, counted in
	// UTF-16 units as Slack counts.
	sectionMax = 3000
)

// peopleJoined is the attendance on the ended line.
func peopleJoined(n int) string {
	if n == 1 {
		return "1 person joined"
	}
	return fmt.Sprintf("%d people joined", n)
}

// sittingStart is when a sitting started, or else when its recording did.
func sittingStart(in *storage.Instance) time.Time {
	if !in.StartedAt.IsZero() {
		return in.StartedAt
	}
	return in.Recording.Start
}

// recordingLines are the recording's date, length and passcode.
func recordingLines(m *storage.Meeting, in *storage.Instance) []string {
	var lines []string
	if t := sittingStart(in); !t.IsZero() {
		lines = append(lines, "Meeting of "+slackDate(t, meetingLoc(m)))
	}
	if in.Recording.Length > 0 {
		lines = append(lines, "Length "+humanDuration(in.Recording.Length))
	}
	if in.Recording.Passcode != "" {
		lines = append(lines, "Passcode "+escape(in.Recording.Passcode))
	}
	return lines
}

func watchButton(rec storage.Recording, label string) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionRecording, "", plain(label))
	b.URL = rec.URL
	b.Style = slack.StylePrimary
	return b
}

// recordingReply is the thread reply announcing a sitting's recording.
func recordingReply(m *storage.Meeting, in *storage.Instance) (string, []slack.Block) {
	lines := append([]string{":movie_camera: *Recording ready*"}, recordingLines(m, in)...)
	return "Recording ready: " + escapeTopic(m.Topic), []slack.Block{
		slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil, slack.SectionBlockOptionBlockID("recording")),
		slack.NewActionBlock("recording_actions", watchButton(in.Recording, "Watch the recording")),
	}
}

// recordingDM tells the host their meeting's recording is ready.
func recordingDM(m *storage.Meeting, in *storage.Instance) (string, []slack.Block) {
	lines := append([]string{fmt.Sprintf(":movie_camera: The recording of *%s* is ready.", escapeTopic(m.Topic))}, recordingLines(m, in)...)
	if m.MessageChannel != "" && m.MessageTS != "" {
		lines = append(lines, fmt.Sprintf("It is also in the meeting's thread in <#%s>.", m.MessageChannel))
	}
	return "The recording of " + escapeTopic(m.Topic) + " is ready", []slack.Block{
		slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil),
		slack.NewActionBlock("recording_actions", watchButton(in.Recording, "Watch the recording")),
	}
}

// recordingsHome lists a host's recent recordings in their App Home.
func recordingsHome(recs []storage.HostRecording) []slack.Block {
	if len(recs) == 0 {
		return nil
	}
	blocks := []slack.Block{slack.NewHeaderBlock(plain("Recent recordings"))}
	for _, r := range recs {
		m := &storage.Meeting{Topic: r.Topic, Timezone: r.Timezone}
		in := &storage.Instance{StartedAt: r.StartedAt, Recording: r.Recording}
		lines := append([]string{"*" + escapeTopic(r.Topic) + "*"}, recordingLines(m, in)...)
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil,
			slack.NewAccessory(watchButton(r.Recording, "Watch"))))
	}
	return blocks
}

// summaryReply is the thread reply with a sitting's AI Companion summary:
// its overview and next steps, each section cut to Block Kit's limit, and a
// link to the whole summary.
func summaryReply(m *storage.Meeting, in *storage.Instance, sum *zoom.MeetingSummary) (string, []slack.Block) {
	head := ":memo: *AI Companion summary*"
	if t := sittingStart(in); !t.IsZero() {
		head += " · meeting of " + slackDate(t, meetingLoc(m))
	}
	overview, cut := clip(overviewOf(sum), sectionMax-utf16Len(head)-1)
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head+"\n"+overview), nil, nil, slack.SectionBlockOptionBlockID("summary"))}
	if steps := nextStepsOf(sum); len(steps) > 0 {
		const title = "*Next steps*\n"
		list, stepsCut := bulletList(steps, sectionMax-utf16Len(title))
		cut = cut || stepsCut
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(title+list), nil, nil, slack.SectionBlockOptionBlockID("next_steps")))
	}
	note := "Written by Zoom's AI Companion; it can be wrong."
	doc := safeURL(sum.SummaryDocURL)
	switch {
	case cut && doc != "":
		note = fmt.Sprintf("Cut to fit Slack: <%s|read the whole summary>. ", escape(doc)) + note
	case cut:
		note = "Cut to fit Slack: the whole summary is in Zoom. " + note
	case doc != "":
		note = fmt.Sprintf("<%s|Open the summary in Zoom>. ", escape(doc)) + note
	}
	blocks = append(blocks, slack.NewContextBlock("summary_note", mrkdwn(note)))
	return "AI Companion summary: " + escapeTopic(m.Topic), blocks
}

// overviewOf is the summary's overview, falling back on the host's edit,
// the labelled details, and the Markdown summary_content of newer accounts.
func overviewOf(sum *zoom.MeetingSummary) string {
	switch {
	case strings.TrimSpace(sum.SummaryOverview) != "":
		return sum.SummaryOverview
	case sum.EditedSummary != nil && strings.TrimSpace(sum.EditedSummary.SummaryDetails) != "":
		return sum.EditedSummary.SummaryDetails
	case len(sum.SummaryDetails) > 0:
		var parts []string
		for _, d := range sum.SummaryDetails {
			parts = append(parts, d.Label+": "+d.Summary)
		}
		return strings.Join(parts, "\n")
	case sum.SummaryContent != "":
		return markdownText(sum.SummaryContent)
	}
	return "Zoom sent an empty summary."
}

// nextStepsOf prefers the host's edited next steps.
func nextStepsOf(sum *zoom.MeetingSummary) []string {
	if sum.EditedSummary != nil && len(sum.EditedSummary.NextSteps) > 0 {
		return sum.EditedSummary.NextSteps
	}
	return sum.NextSteps
}

// markdownText turns summary_content's Markdown into plain lines that read
// well in mrkdwn after escaping: headings and bold lose their marks, list
// items become bullets.
func markdownText(md string) string {
	var out []string
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimRight(line, " ")
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case strings.HasPrefix(trimmed, "#"):
			line = strings.TrimSpace(strings.TrimLeft(trimmed, "#"))
		case strings.HasPrefix(trimmed, "- "), strings.HasPrefix(trimmed, "* "):
			line = "• " + trimmed[2:]
		}
		out = append(out, strings.ReplaceAll(line, "**", ""))
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// bulletList escapes the steps as "• " lines within max UTF-16 units; the
// steps that do not fit are counted on a last line ("…and 3 more").
func bulletList(steps []string, max int) (string, bool) {
	const moreRoom = 20 // "\n…and 9999 more"
	var lines []string
	used := 0
	for i, s := range steps {
		room := max - used - len("• ")
		if len(lines) > 0 {
			room-- // the newline
		}
		if i < len(steps)-1 {
			room -= moreRoom
		}
		line, cut := clip(s, room)
		if cut && len(lines) > 0 {
			lines = append(lines, fmt.Sprintf("…and %d more", len(steps)-i))
			return strings.Join(lines, "\n"), true
		}
		lines = append(lines, "• "+line)
		used += utf16Len(lines[len(lines)-1])
		if len(lines) > 1 {
			used++
		}
		if cut {
			if rest := len(steps) - i - 1; rest > 0 {
				lines = append(lines, fmt.Sprintf("…and %d more", rest))
			}
			return strings.Join(lines, "\n"), true
		}
	}
	return strings.Join(lines, "\n"), false
}

// clip escapes s for mrkdwn and cuts it, at a word where it can, to at most
// max UTF-16 units ending in "…"; it reports whether it cut. An entity
// (&amp;) is never cut in two.
func clip(s string, max int) (string, bool) {
	s = strings.TrimSpace(s)
	if e := escape(s); utf16Len(e) <= max {
		return e, false
	}
	if max < 1 {
		return "", true
	}
	var b strings.Builder
	used, lastSpace := 0, -1
	for _, r := range s {
		piece := escape(string(r))
		if used+utf16Len(piece) > max-1 {
			break
		}
		if unicode.IsSpace(r) {
			lastSpace = b.Len()
		}
		b.WriteString(piece)
		used += utf16Len(piece)
	}
	out := b.String()
	if lastSpace > len(out)/2 {
		out = out[:lastSpace]
	}
	return strings.TrimRightFunc(out, unicode.IsSpace) + "…", true
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// safeURL returns u when it is an absolute http(s) URL fit for a link or a
// button, else "".
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || len(u) > 3000 || strings.ContainsAny(u, "|<> \n") {
		return ""
	}
	return u
}
