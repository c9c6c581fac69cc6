package main

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/zoombot/zoombot/bot/slacktest"
)

// printMessage shows what Slack would show, and to whom.
func (sb *sandbox) printMessage(m slacktest.Message) {
	var where string
	switch {
	case m.Kind == slacktest.KindDelete:
		sb.printf("  [message %s deleted]\n", m.TS)
		return
	case m.DM:
		where = fmt.Sprintf("DM to @%s", sb.nameOf(m.User))
	case m.Kind == slacktest.KindEphemeral || (m.Kind == slacktest.KindResponseURL && m.ResponseType != "in_channel"):
		where = fmt.Sprintf("#%s, only @%s sees this", sb.channelName(m.Channel), sb.nameOf(m.User))
	case m.Kind == slacktest.KindUpdate:
		where = fmt.Sprintf("#%s, message updated", sb.channelName(m.Channel))
	default:
		where = "#" + sb.channelName(m.Channel)
	}
	if m.ThreadTS != "" {
		where += ", in thread"
	}
	body := sb.renderBlocks(m.Blocks)
	if body == "" {
		body = sb.mrkdwnToText(m.Text)
	}
	sb.printf("\n  ┌─ %s\n%s  └─\n", where, indent(body, "  │ "))
}

func (sb *sandbox) nameOf(userID string) string {
	sb.dirMu.Lock()
	defer sb.dirMu.Unlock()
	if u, ok := sb.users[userID]; ok {
		return u.Name
	}
	return userID
}

func (sb *sandbox) channelName(id string) string {
	sb.dirMu.Lock()
	defer sb.dirMu.Unlock()
	if n, ok := sb.chans[id]; ok {
		return n
	}
	return id
}

func indent(s, prefix string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(prefix + line + "\n")
	}
	return b.String()
}

// block is the part of Block Kit the sandbox prints.
type block struct {
	Type      string         `json:"type"`
	Text      *textObject    `json:"text"`
	Fields    []textObject   `json:"fields"`
	Elements  []blockElement `json:"elements"`
	Accessory *blockElement  `json:"accessory"`
}

type textObject struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type blockElement struct {
	Type     string          `json:"type"`
	Text     json.RawMessage `json:"text"` // an object for buttons, a string for context mrkdwn
	ActionID string          `json:"action_id"`
	URL      string          `json:"url"`
	Value    string          `json:"value"`
}

func (e blockElement) label() string {
	var t textObject
	if json.Unmarshal(e.Text, &t) == nil {
		return t.Text
	}
	var s string
	_ = json.Unmarshal(e.Text, &s)
	return s
}

func (sb *sandbox) renderBlocks(raw json.RawMessage) string {
	var blocks []block
	if len(raw) == 0 || json.Unmarshal(raw, &blocks) != nil {
		return ""
	}
	var out strings.Builder
	for _, b := range blocks {
		switch b.Type {
		case "section", "header":
			if b.Text != nil {
				out.WriteString(sb.mrkdwnToText(b.Text.Text) + "\n")
			}
			for _, f := range b.Fields {
				out.WriteString(sb.mrkdwnToText(f.Text) + "\n")
			}
			if e := b.Accessory; e != nil && e.Type == "button" {
				out.WriteString(buttonText(*e) + "\n")
			}
		case "context":
			var parts []string
			for _, e := range b.Elements {
				parts = append(parts, sb.mrkdwnToText(e.label()))
			}
			out.WriteString(strings.Join(parts, " · ") + "\n")
		case "actions":
			var parts []string
			for _, e := range b.Elements {
				if e.Type != "button" {
					continue
				}
				parts = append(parts, buttonText(e))
			}
			out.WriteString(strings.Join(parts, "  ") + "\n")
		case "divider":
			out.WriteString("────\n")
		}
	}
	return out.String()
}

// buttonText is "[Label] url".
func buttonText(e blockElement) string {
	p := "[" + e.label() + "]"
	if e.URL != "" {
		p += " " + shortURL(e.URL)
	}
	return p
}

func findButton(raw json.RawMessage, label string) (blockElement, bool) {
	var blocks []block
	if len(raw) == 0 || json.Unmarshal(raw, &blocks) != nil {
		return blockElement{}, false
	}
	for _, b := range blocks {
		for _, e := range b.Elements {
			if e.Type == "button" && strings.EqualFold(e.label(), label) {
				return e, true
			}
		}
	}
	return blockElement{}, false
}

var (
	slackDateToken = regexp.MustCompile(`<!date\^[^|>]*\|([^>]*)>`)
	mentionToken   = regexp.MustCompile(`<@([UW][A-Z0-9]+)(?:\|[^>]*)?>`)
	linkToken      = regexp.MustCompile(`<(https?://[^|>]+)\|([^>]+)>`)
	channelToken   = regexp.MustCompile(`<#([CG][A-Z0-9]+)(?:\|[^>]*)?>`)
)

// emoji shows the shortcodes the bot uses as a terminal can.
var emoji = strings.NewReplacer(":calendar:", "📅", ":lock:", "🔒", ":warning:", "⚠️", ":no_entry_sign:", "🚫",
	":red_circle:", "🔴", ":white_check_mark:", "✅", ":information_source:", "ℹ️", ":alarm_clock:", "⏰",
	":repeat:", "🔁", ":wave:", "👋", ":movie_camera:", "🎥", ":memo:", "📝")

// mrkdwnToText renders mrkdwn roughly as Slack displays it.
func (sb *sandbox) mrkdwnToText(s string) string {
	s = emoji.Replace(s)
	s = slackDateToken.ReplaceAllString(s, "$1")
	s = mentionToken.ReplaceAllStringFunc(s, func(tok string) string {
		return "@" + sb.nameOf(mentionToken.FindStringSubmatch(tok)[1])
	})
	s = linkToken.ReplaceAllString(s, "$2 ($1)")
	s = channelToken.ReplaceAllStringFunc(s, func(tok string) string {
		return "#" + sb.channelName(channelToken.FindStringSubmatch(tok)[1])
	})
	return html.UnescapeString(s)
}

// shortURL keeps long links (calendar templates) to one readable line.
func shortURL(u string) string {
	const max = 72
	if len(u) <= max {
		return u
	}
	return u[:max-1] + "…"
}
